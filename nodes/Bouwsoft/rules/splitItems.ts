import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/** What a filter node adds to every discarded item, under `_filter`. */
interface DiscardInfo extends IDataObject {
	/** Which rule dropped the item (`default`, `#2`, `keywords`, or `error` with Continue On Fail). */
	rule: string;
	/** Why, in plain language. */
	reason: string;
}

const DISCARD_FIELD = '_filter';

function binaryOf(item: INodeExecutionData): Pick<INodeExecutionData, 'binary'> {
	return item.binary ? { binary: item.binary } : {};
}

/**
 * Route each input item to output 0 (Kept) or output 1 (Discarded). Kept items pass through unchanged;
 * discarded items get `_filter: { rule, reason, ... }`. With Continue On Fail, an item whose decision
 * throws goes to Discarded with `rule: 'error'` and the error message as reason.
 */
export function splitItems(
	ctx: IExecuteFunctions,
	decide: (item: INodeExecutionData, itemIndex: number) => DiscardInfo | undefined,
): INodeExecutionData[][] {
	const items = ctx.getInputData();
	const kept: INodeExecutionData[] = [];
	const discarded: INodeExecutionData[] = [];
	const discard = (item: INodeExecutionData, i: number, info: DiscardInfo) =>
		discarded.push({ json: { ...item.json, [DISCARD_FIELD]: info }, ...binaryOf(item), pairedItem: { item: i } });

	for (let i = 0; i < items.length; i++) {
		const item = items[i];
		try {
			const info = decide(item, i);
			if (info) discard(item, i, info);
			else kept.push({ json: item.json, ...binaryOf(item), pairedItem: { item: i } });
		} catch (error) {
			// NodeOperationError returns an existing NodeOperationError unchanged (keeps its description)
			if (!ctx.continueOnFail()) throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex: i });
			discard(item, i, { rule: 'error', reason: (error as Error).message });
		}
	}
	return [kept, discarded];
}
