import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { SYNC_META_FIELD, type ImportCategory } from '../../shared/types';
import { categoryOf } from '../mapping';
import { resourceSpec, type OutSmartResource } from '../schema';

/**
 * Reconcile removes what its input does not hold, so the input must be everything Bouwsoft selects: items
 * of the Bouwsoft node's Get Many with Scope "All" and Return All (those carry `_sync.complete`). Trigger
 * items, Changed Since reads and reads cut by a limit are refused, naming the fix.
 */
export function checkCompleteInput(ctx: IExecuteFunctions, items: INodeExecutionData[]): void {
	items.forEach((item, index) => {
		const sync = (item.json ?? {})[SYNC_META_FIELD] as IDataObject | undefined;
		if (sync && typeof sync === 'object' && sync.complete === true) return;
		const what = !sync || typeof sync !== 'object'
			? 'is not a Bouwsoft record'
			: sync.reason === 'changed'
				? 'is a change (from the Bouwsoft Trigger or Changed Since)'
				: 'does not come from a complete read';
		throw new NodeOperationError(ctx.getNode(), `Reconcile needs every record Bouwsoft selects, but input item ${index} ${what}`, {
			itemIndex: index,
			description:
				'Feed Reconcile from a Bouwsoft node with Operation "Get Many", Scope "All" and Return All on (filter nodes in between are fine). A partial input would make every record it misses look deleted. Nothing was changed in OutSmart.',
		});
	});
}

/** The Bouwsoft categories the run reconciles: those of its items, or every category the resource takes. */
export function inputCategories(items: INodeExecutionData[], resource: OutSmartResource): ImportCategory[] {
	const accepted = resourceSpec(resource).categories as ImportCategory[];
	const found = new Set<ImportCategory>();
	for (const item of items) {
		const category = categoryOf(item.json ?? {}, accepted);
		if (category && accepted.includes(category)) found.add(category);
	}
	return found.size ? [...found] : accepted;
}
