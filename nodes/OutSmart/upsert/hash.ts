import { createHash } from 'crypto';

import type { PlannedWrite } from './types';

/* Content hashes of what an item writes: part of the facts in the delivery record (delivered.ts). */

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
