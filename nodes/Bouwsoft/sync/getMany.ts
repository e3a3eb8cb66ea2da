import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, JsonObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { SYNC_META_FIELD, type ImportCategory } from '../../shared/types';
import { categoryModule } from '../imports';
import { readCategoryOptions, readClientOptions, readTimeZone } from './settings';
import { BouwsoftClient } from '../transport/client';
import { describeKnowledge } from '../transport/capabilities';
import { dateToWall } from './cursor/time';
import { readCategory } from './read';
import { recallServer, rememberServer } from './serverMemory';
import { attachSummary, newSummary, summaryText } from './summary';

/** Get Many: one stateless read of a category per input item, same item shape as the trigger. */
export async function getMany(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const inputs = this.getInputData();
	const out: INodeExecutionData[] = [];
	const hints: string[] = [];
	for (let i = 0; i < inputs.length; i++) {
		try {
			const category = this.getNodeParameter('resource', i) as ImportCategory;
			const module = categoryModule(category);
			if (!module) throw new NodeOperationError(this.getNode(), `Unknown resource "${category}"`, { itemIndex: i });
			const options = this.getNodeParameter('options', i, {}) as IDataObject;
			const timeZone = readTimeZone(this, options, i);
			const client = new BouwsoftClient(this, readClientOptions(options));
			await recallServer(this, client);
			const run = { client, options: readCategoryOptions(this, category, i) };
			const scope = this.getNodeParameter('scope', i, 'all') as 'all' | 'changedSince';
			let since: string | null = null;
			if (scope === 'changedSince') {
				const raw = String(this.getNodeParameter('changedSince', i, '') ?? '');
				since = raw ? (dateToWall(raw, timeZone) ?? null) : null;
				if (!since) {
					throw new NodeOperationError(this.getNode(), 'Changed Since is empty or not a date', {
						description: 'Set a date, or choose All.',
						itemIndex: i,
					});
				}
			}
			const returnAll = this.getNodeParameter('returnAll', i, true) as boolean;
			const limit = returnAll ? 0 : Math.max(1, Number(this.getNodeParameter('limit', i, 50)));
			const started = Date.now();
			const summary = newSummary(category, 'read');
			const items = await readCategory(module, run, since, summary, limit);
			await rememberServer(this, client);
			summary.paths = describeKnowledge(client.knowledgeUsed());
			summary.requests = client.requestCount;
			summary.httpRetries = client.retryCount;
			summary.durationMs = Date.now() - started;
			if (scope === 'all' && limit === 0 && summary.complete) markComplete(items);
			attachSummary(items, summary);
			hints.push(summaryText(summary));
			this.logger.info(summaryText(summary), { category, mode: 'read' });
			for (const json of items) out.push({ json, pairedItem: { item: i } });
		} catch (error) {
			if (this.continueOnFail()) {
				out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
				continue;
			}
			if (error instanceof NodeApiError) throw new NodeApiError(this.getNode(), error as unknown as JsonObject, { itemIndex: i });
			throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
		}
	}
	if (hints.length) this.addExecutionHints(...hints.slice(0, 5).map((message) => ({ message, location: 'outputPane' as const })));
	return [out];
}

/** Items of a read that holds everything the filters select may feed Reconcile (`_sync.complete`). */
function markComplete(items: IDataObject[]): void {
	for (const item of items) {
		const meta = item[SYNC_META_FIELD] as IDataObject | undefined;
		if (meta) meta.complete = true;
	}
}
