import type { IDataObject } from 'n8n-workflow';

import { assignments } from '../imports/assignments';
import { materialCategories } from '../imports/materialCategories';
import { relations } from '../imports/relations';
import type { CategoryRun } from '../imports/types';
import { warehouses } from '../imports/warehouses';
import { normalizeTs } from '../sync/cursor/time';
import { readCategory } from '../sync/read';
import { newestChange } from '../sync/selection';
import { newSummary } from '../sync/summary';
import type { Capability } from '../transport/capabilities';
import { numericId } from '../transport/paging';

/**
 * The reads Check Connection makes: each is a read the sync itself makes (same module, same client call), so
 * whatever the sync detects and falls back to happens here too and ends up in `client.known`. The check adds
 * no detection of its own; it only chooses reads small enough to be cheap and varied enough that every
 * capability is needed once.
 */
export interface Probe<T = unknown> {
	id: string;
	/** What the probe reads, for a failure item. */
	reads: string;
	/** The capabilities this read relies on (reported from `client.known` after it ran). */
	capabilities: Capability[];
	run(run: CategoryRun): Promise<T>;
}

/** Records per page of the paging probe: small, so three pages cost three small requests. */
const PROBE_PAGE_SIZE = 5;
const PROBE_PAGES = 3;

/** Three small pages of Products, as a poll pages them (keyset on id, or the offset fallback). */
export const pagingProbe: Probe<number[]> = {
	id: 'paging',
	reads: `three pages of ${PROBE_PAGE_SIZE} products`,
	capabilities: ['idFilter', 'sortById'],
	run: async ({ client }) => {
		const ids: number[] = [];
		let pages = 0;
		for await (const page of client.pages('Products', { pageSize: PROBE_PAGE_SIZE })) {
			ids.push(...page.records.map(numericId).filter((n): n is number => n !== undefined));
			if (page.done || ++pages >= PROBE_PAGES) break;
		}
		return ids;
	},
};

/** The first page of Products at the configured page size (1000 unless set): shows a server's page cap. */
export const pageSizeProbe: Probe<number> = {
	id: 'pageSize',
	reads: 'the first page of products at full page size',
	capabilities: [],
	run: async ({ client }) => {
		for await (const page of client.pages('Products')) return page.records.length;
		return 0;
	},
};

/** The newest change of Products, as every poll's ceiling and every baseline finds it. */
export const newestChangeProbe: Probe<string | null> = {
	id: 'newestChange',
	reads: 'the newest change of the products',
	capabilities: ['sortByChange'],
	run: async ({ client }) => await newestChange(client, 'Products', undefined),
};

export const warehousesProbe: Probe<IDataObject[]> = {
	id: 'warehouses',
	reads: 'the warehouses (stock locations of ProductStock)',
	capabilities: ['columns', 'distinct'],
	run: async (run) => await warehouses.readAll(run),
};

export const categoriesProbe: Probe<IDataObject[]> = {
	id: 'categories',
	reads: 'the material categories (product lists and groups)',
	capabilities: ['productLists'],
	run: async (run) => await materialCategories.readAll(run),
};

/** Every assignment as the Assignments import selects and enriches it (technician notes included). */
export const assignmentsProbe: Probe<IDataObject[]> = {
	id: 'assignments',
	reads: 'the assignments with their technician notes',
	capabilities: ['listNotes'],
	run: async (run) => await readCategory(assignments, run, null, newSummary('assignments', 'read')),
};

/** Records changed after `since` that the filtered read must return (at least this many for a useful probe). */
const CHANGED_PROBE_MIN = 5;

/**
 * A moment after which only a few addresses changed (at least `CHANGED_PROBE_MIN`, fewer than a page), or
 * undefined when the addresses' change dates do not allow one (too few, or all the same second).
 */
export function recentMoment(addresses: IDataObject[], pageSize: number): string | undefined {
	const stamps = addresses.map((a) => normalizeTs(a.ts_lastupdate)).filter((ts): ts is string => ts !== undefined);
	const distinct = [...new Set(stamps)].sort().reverse();
	for (const candidate of distinct) {
		const newer = stamps.filter((ts) => ts > candidate).length;
		if (newer >= CHANGED_PROBE_MIN) return newer < pageSize ? candidate : undefined;
	}
	return undefined;
}

/**
 * Relations changed after a moment: the read of Get Many "Changed Since" (and of every poll), a filtered read
 * with a short last page, where Content-Range shows whether its total counts the filter or the whole table.
 */
export function changedRelationsProbe(since: string): Probe<IDataObject[]> {
	return {
		id: 'changedSince',
		reads: `the relations changed after ${since}`,
		capabilities: [],
		run: async (run) => await readCategory(relations, run, since, newSummary('relations', 'read')),
	};
}
