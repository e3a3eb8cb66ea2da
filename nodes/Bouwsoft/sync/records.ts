import type { IDataObject } from 'n8n-workflow';

import { SYNC_META_FIELD } from '../../shared/types';
import type { EmitReason, ImportCategory, SyncMeta } from '../../shared/types';
import type { CategoryRun, TimestampCategory } from '../imports/types';
import { evaluateFilter } from '../transport/query';
import type { FilterExpr } from '../transport/query';
import { contentHash } from './cursor/state';
import { normalizeTs } from './cursor/time';
import { countSkip } from './summary';
import type { RunSummary } from './summary';
import type { EmittedIds } from './types';

const SKIP_OUTSIDE_SELECTION = 'outside the selected lists, groups or rules';

export function withSync(
	record: IDataObject,
	category: ImportCategory,
	id: string,
	reason: EmitReason,
): IDataObject {
	const meta: SyncMeta = { category, id, ts_lastupdate: String(record.ts_lastupdate ?? ''), reason };
	return { ...record, [SYNC_META_FIELD]: meta as unknown as IDataObject };
}

interface RecordKey {
	id: string;
	ts: string;
	/** The content hash, computed on first use (only records that need a tie-breaker are hashed). */
	hash: () => string;
}

const hashes = new WeakMap<IDataObject, string>();

/** Content hash of a raw Bouwsoft record (it ignores nothing: any edit counts), computed once per record read. */
function recordHash(record: IDataObject): string {
	let hash = hashes.get(record);
	if (hash === undefined) {
		hash = contentHash(record);
		hashes.set(record, hash);
	}
	return hash;
}

/** Id, normalised ts and (lazy) content hash of a raw Bouwsoft record. */
export function keyOf(record: IDataObject): RecordKey {
	return { id: String(record.id), ts: normalizeTs(record.ts_lastupdate) ?? '', hash: () => recordHash(record) };
}


/** Emitted earlier in this run with the same content? (Hashes only on an id collision.) */
function emittedAlready(emitted: EmittedIds, id: string, record: IDataObject): boolean {
	const earlier = emitted.get(id);
	return earlier !== undefined && (earlier === record || recordHash(earlier) === recordHash(record));
}

interface ProcessHooks {
	/** Records whose filter part could not be sent to Bouwsoft. */
	localFilter?: FilterExpr;
	/** Called for every record handled (before any decision), to feed the cursor. */
	onRead?(key: RecordKey): void;
	isDuplicate?(key: RecordKey): boolean;
	/** Ids already emitted in this run (e.g. as retries), with the content hash of what was emitted. */
	emitted: EmittedIds;
	/** Stop after this many candidates; the rest of the page is left for later. */
	remaining: number;
}

interface ProcessResult {
	items: IDataObject[];
	/** Set when `remaining` stopped the page: the last record handled. */
	cutAfterId?: number;
}

/** One page of a timestamp category: dedupe, select, check eligibility, enrich in one batch, emit. */
export async function processPage(
	records: IDataObject[],
	module: TimestampCategory,
	run: CategoryRun,
	hooks: ProcessHooks,
	summary: RunSummary,
	reason: EmitReason,
): Promise<ProcessResult> {
	const sorted = [...records].sort((a, b) => Number(a.id) - Number(b.id));
	const candidates: IDataObject[] = [];
	const raw = new Map<string, IDataObject>();
	let cutAfterId: number | undefined;
	let lastHandled: number | undefined;
	for (const record of sorted) {
		if (candidates.length >= hooks.remaining) {
			cutAfterId = lastHandled;
			break;
		}
		lastHandled = Number(record.id);
		summary.fetched++;
		const key = keyOf(record);
		hooks.onRead?.(key);
		if (emittedAlready(hooks.emitted, key.id, record) || hooks.isDuplicate?.(key)) {
			summary.duplicates++;
			continue;
		}
		if (hooks.localFilter && !evaluateFilter(record, hooks.localFilter)) {
			countSkip(summary, SKIP_OUTSIDE_SELECTION);
			continue;
		}
		const why = module.precheck?.(record, run.options);
		if (why) {
			countSkip(summary, why);
			continue;
		}
		candidates.push(record);
		raw.set(key.id, record);
	}
	const enriched = module.enrich && candidates.length ? await module.enrich(candidates, run) : candidates;
	const items: IDataObject[] = [];
	for (const record of enriched) {
		const why = module.postcheck?.(record, run.options);
		if (why) {
			countSkip(summary, why);
			continue;
		}
		const id = String(record.id);
		hooks.emitted.set(id, raw.get(id) ?? record);
		items.push(withSync(record, module.category, id, reason));
	}
	summary.emitted += items.length;
	return { items, cutAfterId };
}

interface LoadResult {
	items: IDataObject[];
	/** Ids that were not emitted, with the reason (gone, or no longer selected / eligible). */
	rejected: Array<{ id: string; reason: string }>;
}

/**
 * Reads records of the main resource by id (retries, parents of edited linked records) and emits those
 * that still belong to the import, enriched like any other item. Ids already emitted in this run with the
 * same content are passed over silently.
 */
export async function loadAndEmit(
	ids: string[],
	module: TimestampCategory,
	run: CategoryRun,
	hooks: Pick<ProcessHooks, 'localFilter' | 'emitted'>,
	summary: RunSummary,
	reason: EmitReason,
): Promise<LoadResult> {
	const items: IDataObject[] = [];
	const rejected: LoadResult['rejected'] = [];
	if (ids.length === 0) return { items, rejected };
	const found = await run.client.byIds(module.resource, ids);
	const candidates: IDataObject[] = [];
	const raw = new Map<string, IDataObject>();
	for (const id of ids) {
		const record = found.get(id);
		if (!record) {
			rejected.push({ id, reason: 'no longer in Bouwsoft' });
			continue;
		}
		if (emittedAlready(hooks.emitted, id, record)) continue;
		const why =
			hooks.localFilter && !evaluateFilter(record, hooks.localFilter) ? SKIP_OUTSIDE_SELECTION : module.precheck?.(record, run.options);
		if (why) rejected.push({ id, reason: `no longer selected: ${why}` });
		else {
			candidates.push(record);
			raw.set(id, record);
		}
	}
	const enriched = module.enrich && candidates.length ? await module.enrich(candidates, run) : candidates;
	for (const record of enriched) {
		const id = String(record.id);
		const why = module.postcheck?.(record, run.options);
		if (why) {
			rejected.push({ id, reason: `no longer selected: ${why}` });
			continue;
		}
		hooks.emitted.set(id, raw.get(id) ?? record);
		items.push(withSync(record, module.category, id, reason));
	}
	summary.emitted += items.length;
	return { items, rejected };
}
