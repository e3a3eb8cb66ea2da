import type { IDataObject } from 'n8n-workflow';

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
 *     pending: { <category>: { <bouwsoft id>: { key, attempts, firstFailedAt, lastFailedAt, lastError } } }
 *   }
 */
export const LEDGER_FIELD = 'bouwsoftOutSmartLedger';
const LEDGER_VERSION = 1;
const MAX_ERROR_LENGTH = 300;

export interface LedgerEntry {
	/** The OutSmart key the record maps to (material code, debtor number, WorkorderNo, ...). */
	key: string;
	attempts: number;
	firstFailedAt: string;
	lastFailedAt: string;
	lastError: string;
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
	now: Date = new Date(),
): void {
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

/** Bouwsoft ids of one category that still have to reach OutSmart, oldest failure first. */
export function pendingIds(globalStaticData: IDataObject, category: ImportCategory): string[] {
	const existing = globalStaticData[LEDGER_FIELD] as LedgerData | undefined;
	const entries = existing?.pending?.[category];
	if (!entries) return [];
	return Object.entries(entries)
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
