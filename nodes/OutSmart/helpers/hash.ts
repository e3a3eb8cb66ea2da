import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import type { PlannedWrite } from './interfaces';

/**
 * Content hashes for "Skip Unchanged", kept per record kind and key in the node's static data. n8n saves
 * static data only for production (trigger/active) executions, not for manual test runs.
 */
export const HASH_FIELD = 'outSmartHashes';

/** JSON with sorted keys, so the same content always gives the same hash. */
export function stableStringify(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, v]) => v !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/** Short content hash of everything an item writes. */
export function contentHash(writes: Array<Pick<PlannedWrite, 'kind' | 'key' | 'record'>>): string {
	const canonical = stableStringify(writes.map((w) => [w.kind, w.key, w.record]));
	return createHash('sha256').update(canonical).digest('base64').slice(0, 22);
}

type HashStore = Record<string, Record<string, string>>;

function storeOf(staticData: IDataObject): HashStore {
	if (!staticData[HASH_FIELD] || typeof staticData[HASH_FIELD] !== 'object') staticData[HASH_FIELD] = {};
	return staticData[HASH_FIELD] as unknown as HashStore;
}

export function storedHash(staticData: IDataObject, scope: string, key: string): string | undefined {
	return (staticData[HASH_FIELD] as HashStore | undefined)?.[scope]?.[key];
}

export function rememberHash(staticData: IDataObject, scope: string, key: string, hash: string): void {
	const store = storeOf(staticData);
	(store[scope] ??= {})[key] = hash;
}

export function forgetHash(staticData: IDataObject, scope: string, key: string): void {
	const scoped = (staticData[HASH_FIELD] as HashStore | undefined)?.[scope];
	if (scoped) delete scoped[key];
}

/**
 * Drops every stored hash. Called when a run writes with Skip Unchanged off: those writes do not update the
 * hashes, so any hash kept could later make a changed record look unchanged (and the store would only cost
 * static data that n8n saves and loads around every execution).
 */
export function forgetAllHashes(staticData: IDataObject): void {
	if (HASH_FIELD in staticData) delete staticData[HASH_FIELD];
}
