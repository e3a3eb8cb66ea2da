import { createHash } from 'crypto';

import type { IDataObject } from 'n8n-workflow';

/**
 * The trigger's state, kept JSON-plain in the node's static data (`staticData.bouwsoft`).
 *
 *   {
 *     version: 1,
 *     fingerprint: '<hash of category + filters + first-run policy>',
 *     initialized: true,                  // the first-run policy has been carried out
 *     cursor: { raw: '2025-03-30 14:02:11', utc: '2025-03-30T12:02:11Z' } | null,
 *     floor: '2025-01-01 00:00:00' | null, // never read below this (from-date / baseline policies)
 *     seen: { '<id>': '<ts>#<content hash>' },  // read inside the overlap window of `cursor`
 *     pass: { ... } | undefined,          // an unfinished read (max records per poll / poll budget)
 *     hashes: { '<code>': '<content hash>' } | undefined,   // categories without ts_lastupdate
 *     linked: { '<resource>': { initialized, cursor, floor, seen, pass? } } | undefined,
 *                                         // change cursors of linked records (AddressContacts, ActualCostItems)
 *                                         // whose edits re-send their parent; same rules as the main cursor
 *     paging: { served, totalsCountTable } | undefined,  // legacy: read once into the server knowledge
 *                                         // (sync/serverMemory.ts, `bouwsoftServer`), never written again
 *     lastRun: { ...run summary } | undefined,
 *   }
 */
const STATE_FIELD = 'bouwsoft';
const STATE_VERSION = 1;

interface CursorPoint {
	raw: string;
	utc: string;
}

export interface PassState {
	/** `full`: the first-run import (reason 'full'); `changes`: records changed since `lower`. */
	kind: 'full' | 'changes';
	/** Wall-clock lower bound (`ts_lastupdate gt`), null = no time filter. */
	lower: string | null;
	/** Keyset position: every record with a smaller or equal id has been handled. */
	afterId?: number;
	/** Newest ts_lastupdate in the selection when the pass started; the new cursor never passes it. */
	ceiling?: string | null;
	/** Whether the ceiling probe ran (it may have found nothing). */
	probed?: boolean;
	maxSeen: string | null;
	/** Records read by this pass (id → ts#hash), pruned to what the next overlap window needs. */
	seen: Record<string, string>;
	startedAt: string;
	polls: number;
}

export interface SyncState {
	version: number;
	fingerprint: string;
	initialized: boolean;
	cursor: CursorPoint | null;
	floor: string | null;
	seen: Record<string, string>;
	pass?: PassState;
	hashes?: Record<string, string>;
	/** Per linked resource (e.g. AddressContacts): its own tie-safe cursor, committed with the main one. */
	linked?: Record<string, LinkedCursorState>;
	/**
	 * Legacy: what Bouwsoft's paging showed, as earlier versions kept it here. Now part of the server knowledge
	 * (transport/capabilities.ts, stored per credential by sync/serverMemory.ts); the trigger reads it once.
	 */
	paging?: unknown;
	lastRun?: IDataObject;
}

/** The cursor of a linked resource: the same fields and functions as the main cursor. */
export type LinkedCursorState = Pick<SyncState, 'initialized' | 'cursor' | 'floor' | 'seen' | 'pass'>;

export function emptyState(fingerprint: string): SyncState {
	return { version: STATE_VERSION, fingerprint, initialized: false, cursor: null, floor: null, seen: {} };
}

/** Reads the state; a missing, foreign or outdated one comes back empty with `reset` set. */
export function loadState(
	staticData: IDataObject,
	fingerprint: string,
): { state: SyncState; reset: 'none' | 'new' | 'configChanged' } {
	const stored = staticData[STATE_FIELD] as SyncState | undefined;
	if (!stored || typeof stored !== 'object' || stored.version !== STATE_VERSION) {
		return { state: emptyState(fingerprint), reset: 'new' };
	}
	if (stored.fingerprint !== fingerprint) return { state: emptyState(fingerprint), reset: 'configChanged' };
	return { state: structuredCloneState(stored), reset: 'none' };
}

export function saveState(staticData: IDataObject, state: SyncState): void {
	staticData[STATE_FIELD] = state as unknown as IDataObject;
}

function structuredCloneState(state: SyncState): SyncState {
	return JSON.parse(JSON.stringify(state)) as SyncState;
}

/** Stable JSON (sorted keys) so equal content always hashes equally. */
function stableStringify(value: unknown): string {
	if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
	if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
	const entries = Object.keys(value as Record<string, unknown>)
		.sort()
		.filter((k) => (value as Record<string, unknown>)[k] !== undefined)
		.map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`);
	return `{${entries.join(',')}}`;
}

export function contentHash(value: unknown, length = 12): string {
	return createHash('sha256').update(stableStringify(value)).digest('hex').slice(0, length);
}

/** What selects records: a change here resets the cursor. */
export function configFingerprint(parts: Record<string, unknown>): string {
	return contentHash(parts, 16);
}
