import type { IDataObject } from 'n8n-workflow';

import type { GlobalPatch } from './staticDataMailbox';
import type { ImportCategory } from './types';

/**
 * The sync ledger: Bouwsoft records that did not reach OutSmart.
 *
 * n8n commits the trigger's cursor when an execution starts, not when OutSmart accepted the data, so the
 * OutSmart node records keys it could not write (after its own retries) here, in the workflow's *global*
 * static data, and the Bouwsoft Trigger re-reads those records on its next poll. A key that later reaches
 * OutSmart is removed. This module is the only owner of the format; everything else calls its functions.
 *
 * Format (JSON-plain, small):
 *   staticData.bouwsoftOutSmartLedger = {
 *     version: 1,
 *     pending: { <category>: { <bouwsoft id>: { key, attempts, firstFailedAt, lastFailedAt, lastError, kind? } } }
 *   }
 *
 * Failures come in two kinds. A *transient* one (OutSmart down, time-outs, 5xx) is retried on every poll.
 * A *data* one (the record cannot be mapped or OutSmart rejects it) usually needs a fix in Bouwsoft, which
 * re-emits the record anyway through its new ts_lastupdate; it is still retried (the fix may have been made
 * in OutSmart, e.g. a missing employee), but with a growing pause so a bad record does not cost requests on
 * every poll forever.
 */
export const LEDGER_FIELD = 'bouwsoftOutSmartLedger';
const LEDGER_VERSION = 1;
const MAX_ERROR_LENGTH = 300;

type FailureKind = 'transient' | 'data';

/** Pause before a data failure is retried: 5 minutes, doubling per attempt, at most a day. */
const DATA_RETRY_BASE_MS = 5 * 60_000;
const DATA_RETRY_MAX_MS = 24 * 60 * 60_000;

interface LedgerEntry {
	/** The OutSmart key the record maps to (material code, debtor number, WorkorderNo, ...). */
	key: string;
	attempts: number;
	firstFailedAt: string;
	lastFailedAt: string;
	lastError: string;
	/** Absent means transient (the format before kinds existed). */
	kind?: FailureKind;
}

interface LedgerData {
	version: number;
	pending: Partial<Record<ImportCategory, Record<string, LedgerEntry>>>;
}

function ledgerOf(globalStaticData: IDataObject): LedgerData {
	const existing = globalStaticData[LEDGER_FIELD] as LedgerData | undefined;
	if (existing && existing.version === LEDGER_VERSION && typeof existing.pending === 'object') {
		return existing;
	}
	const fresh: LedgerData = { version: LEDGER_VERSION, pending: {} };
	globalStaticData[LEDGER_FIELD] = fresh as unknown as IDataObject;
	return fresh;
}

/** Record that a Bouwsoft record failed to reach OutSmart. */
export function recordFailure(
	globalStaticData: IDataObject,
	category: ImportCategory,
	bouwsoftId: string,
	outSmartKey: string,
	error: string,
	options: { kind?: FailureKind; now?: Date } = {},
): void {
	const now = options.now ?? new Date();
	const ledger = ledgerOf(globalStaticData);
	const entries = (ledger.pending[category] ??= {});
	const at = now.toISOString();
	const previous = entries[bouwsoftId];
	entries[bouwsoftId] = {
		key: outSmartKey,
		attempts: (previous?.attempts ?? 0) + 1,
		firstFailedAt: previous?.firstFailedAt ?? at,
		lastFailedAt: at,
		lastError: error.slice(0, MAX_ERROR_LENGTH),
		...(options.kind === 'data' ? { kind: 'data' as const } : {}),
	};
}

/** Record that a Bouwsoft record reached OutSmart: it no longer needs a retry. */
export function recordSuccess(
	globalStaticData: IDataObject,
	category: ImportCategory,
	bouwsoftId: string,
): void {
	const existing = globalStaticData[LEDGER_FIELD] as LedgerData | undefined;
	const entries = existing?.pending?.[category];
	if (entries && bouwsoftId in entries) delete entries[bouwsoftId];
}

/** When a pending record is due for its next retry. */
function retryDueAt(entry: LedgerEntry): Date {
	const last = Date.parse(entry.lastFailedAt);
	if (entry.kind !== 'data' || Number.isNaN(last)) return new Date(0);
	const pause = Math.min(DATA_RETRY_BASE_MS * 2 ** Math.max(0, entry.attempts - 1), DATA_RETRY_MAX_MS);
	return new Date(last + pause);
}

/**
 * Bouwsoft ids of one category that have to reach OutSmart and are due for a retry at `now`, oldest
 * failure first. Transient failures are always due; data failures after their pause (`retryDueAt`).
 */
export function pendingIds(globalStaticData: IDataObject, category: ImportCategory, now: Date = new Date()): string[] {
	const existing = globalStaticData[LEDGER_FIELD] as LedgerData | undefined;
	const entries = existing?.pending?.[category];
	if (!entries) return [];
	return Object.entries(entries)
		.filter(([, entry]) => retryDueAt(entry).getTime() <= now.getTime())
		.sort(([, a], [, b]) => a.firstFailedAt.localeCompare(b.firstFailedAt))
		.map(([id]) => id);
}

export function pendingEntry(
	globalStaticData: IDataObject,
	category: ImportCategory,
	bouwsoftId: string,
): LedgerEntry | undefined {
	const existing = globalStaticData[LEDGER_FIELD] as LedgerData | undefined;
	return existing?.pending?.[category]?.[bouwsoftId];
}

/**
 * A pending id the trigger re-read but that Bouwsoft no longer returns (deleted, or no longer eligible):
 * nothing can be retried, so it leaves the ledger.
 */
export function forget(globalStaticData: IDataObject, category: ImportCategory, bouwsoftId: string): void {
	recordSuccess(globalStaticData, category, bouwsoftId);
}

export function pendingCount(globalStaticData: IDataObject, category?: ImportCategory): number {
	const existing = globalStaticData[LEDGER_FIELD] as LedgerData | undefined;
	if (!existing?.pending) return 0;
	const categories = category ? [category] : (Object.keys(existing.pending) as ImportCategory[]);
	return categories.reduce((sum, c) => sum + Object.keys(existing.pending[c] ?? {}).length, 0);
}

/**
 * The patches that bring another copy of the global static data to this copy's state for the given records
 * (see staticDataMailbox.ts): each entry as it is now, or its removal.
 */
export function ledgerPatches(
	globalStaticData: IDataObject,
	records: Array<{ category: ImportCategory; id: string }>,
): GlobalPatch[] {
	if (records.length === 0) return [];
	const existing = globalStaticData[LEDGER_FIELD] as LedgerData | undefined;
	const patches: GlobalPatch[] = [{ path: [LEDGER_FIELD, 'version'], value: LEDGER_VERSION }];
	for (const { category, id } of records) {
		patches.push({ path: [LEDGER_FIELD, 'pending', category, id], value: existing?.pending?.[category]?.[id] });
	}
	return patches;
}
