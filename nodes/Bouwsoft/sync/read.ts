import type { IDataObject } from 'n8n-workflow';

import type { EmitReason } from '../../shared/types';
import type { CategoryModule, CategoryRun } from '../imports/types';
import { processPage, withSync } from './records';
import { changedSince, selectionFor } from './selection';
import type { RunSummary } from './summary';
import type { EmittedIds } from './types';

/**
 * A stateless read of one category: everything the filters select (`since` = null) or only what changed
 * after `since` (wall-clock). Used by the manual trigger run and the Bouwsoft node; never touches a cursor.
 */
export async function readCategory(
	module: CategoryModule,
	run: CategoryRun,
	since: string | null,
	summary: RunSummary,
	limit = 0,
): Promise<IDataObject[]> {
	const reason: EmitReason = since ? 'changed' : 'full';
	const max = limit > 0 ? limit : Number.POSITIVE_INFINITY;
	if (module.kind === 'derived') {
		const records = await module.readAll(run);
		summary.fetched += records.length;
		const items = records.slice(0, max === Number.POSITIVE_INFINITY ? undefined : max).map((r) => withSync(r, module.category, String(r.code), reason));
		summary.emitted += items.length;
		return items;
	}
	const { pushed, local } = selectionFor(module, run.options, run.client);
	const items: IDataObject[] = [];
	const emitted: EmittedIds = new Map();
	for await (const page of run.client.pages(module.resource, { filter: changedSince(since, pushed) })) {
		const result = await processPage(page.records, module, run, { localFilter: local, emitted, remaining: max - items.length }, summary, reason);
		items.push(...result.items);
		if (result.cutAfterId !== undefined || items.length >= max) {
			summary.complete = page.done && result.cutAfterId === undefined;
			break;
		}
	}
	return items;
}
