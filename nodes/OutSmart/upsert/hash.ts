import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import type { GlobalPatch } from '../../shared/staticDataMailbox';
import type { PlannedWrite } from './types';

/**
 * Content hashes for "Skip Unchanged", kept in the workflow's *global* static data, per OutSmart node (by
 * name), record kind scope and key: `outSmartHashes[<node name>][<scope>][<key>] = <hash>`. Global, not the
 * node's own static data, so changes can be handed to the Bouwsoft Trigger's copy (staticDataMailbox.ts):
 * n8n's active poller overwrites the whole static data with its own copy when it emits. Every change
 * returns the patch that replays it. n8n saves static data only for production (trigger/active) executions,
 * not for manual test runs.
 *
 * Hashes that earlier versions kept in the node's own static data are not read any more (the node removes
 * them): after the upgrade each record is written once more, then skipped again while unchanged.
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
export function writesHash(writes: Array<Pick<PlannedWrite, 'kind' | 'key' | 'record'>>): string {
	const canonical = stableStringify(writes.map((w) => [w.kind, w.key, w.record]));
	return createHash('sha256').update(canonical).digest('base64').slice(0, 22);
}

/** scope → key → hash, for one node. */
type NodeHashes = Record<string, Record<string, string>>;

function allHashes(globalData: IDataObject): Record<string, NodeHashes> | undefined {
	const all = globalData[HASH_FIELD];
	return all && typeof all === 'object' && !Array.isArray(all) ? (all as unknown as Record<string, NodeHashes>) : undefined;
}

function hashPath(nodeName: string, scope: string, key: string): string[] {
	return [HASH_FIELD, nodeName, scope, key];
}

export function storedHash(globalData: IDataObject, nodeName: string, scope: string, key: string): string | undefined {
	return allHashes(globalData)?.[nodeName]?.[scope]?.[key];
}

export function rememberHash(globalData: IDataObject, nodeName: string, scope: string, key: string, hash: string): GlobalPatch {
	let all = allHashes(globalData);
	if (!all) globalData[HASH_FIELD] = (all = {}) as unknown as IDataObject;
	((all[nodeName] ??= {})[scope] ??= {})[key] = hash;
	return { path: hashPath(nodeName, scope, key), value: hash };
}

export function forgetHash(globalData: IDataObject, nodeName: string, scope: string, key: string): GlobalPatch {
	const scoped = allHashes(globalData)?.[nodeName]?.[scope];
	if (scoped) delete scoped[key];
	return { path: hashPath(nodeName, scope, key) };
}

/**
 * Drops every hash of the node. Called when a run writes with Skip Unchanged off: those writes do not update
 * the hashes, so any hash kept could later make a changed record look unchanged (and the store would only
 * cost static data that n8n saves and loads around every execution). Returns the patch, or nothing when the
 * node had no hashes.
 */
export function forgetAllHashes(globalData: IDataObject, nodeName: string): GlobalPatch | undefined {
	const all = allHashes(globalData);
	if (!all || !(nodeName in all)) return undefined;
	delete all[nodeName];
	if (Object.keys(all).length === 0) delete globalData[HASH_FIELD];
	return { path: [HASH_FIELD, nodeName], subtree: true };
}
