import type { IDataObject } from 'n8n-workflow';

import type { EmitReason } from '../../shared/types';
import type { CategoryModule, CategoryRun } from '../imports/types';
import { loadAndEmit, processPage, withSync } from './records';
import { changedSince, selectionFor } from './selection';
import type { RunSummary } from './summary';
import type { EmittedIds } from './types';

/**
 * A stateless read of one category: everything the filters select (`since` = null) or only what changed
 * after `since` (wall-clock). Used by the manual trigger run and the Bouwsoft node; never touches a cursor.
 * With `since`, a record whose linked records changed (a contact, a cost item) counts as changed too, as in
 * the trigger: the templates' re-send branch relies on it to find every change of the last hours.
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
			return items;
		}
	}
	if (since === null) return items;
	for (const link of module.linked?.(run.options) ?? []) {
		const parents = new Set<string>();
		for await (const page of run.client.pages(link.resource, { filter: changedSince(since, undefined) })) {
			for (const record of page.records) {
				const parent = String(record[link.parentField] ?? '');
				if (parent !== '' && parent !== '0' && !emitted.has(parent)) parents.add(parent);
			}
		}
		const wanted = [...parents].slice(0, Math.max(0, max - items.length));
		const loaded = await loadAndEmit(wanted, module, run, { localFilter: local, emitted }, summary, reason);
		summary.resent += loaded.items.length;
		items.push(...loaded.items);
	}
	return items;
}
