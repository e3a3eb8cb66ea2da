import { createHash } from 'crypto';

import type { IDataObject } from 'n8n-workflow';

import { stableStringify } from '../upsert/hash';

/*
 * Fingerprints of a ready work order, as OutSmart returns it. Key order does not matter (sorted JSON);
 * the order of the lines does, as OutSmart keeps it.
 */

function hash(value: unknown): string {
	return createHash('sha256').update(stableStringify(value)).digest('base64').slice(0, 22);
}

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** What the technician booked: work periods, materials and the remark (`Comment`). */
export function contentHash(order: IDataObject): string {
	return hash({
		periods: list(order.Workperiods),
		materials: list(order.Materials),
		remark: order.Comment ?? '',
	});
}

/**
 * What decides whether a ready order goes again at once: its content plus `status` and `WorkStatus`
 * (an order set back to ready by the office counts as changed).
 */
export function emitFingerprint(order: IDataObject): string {
	return hash({ content: contentHash(order), status: order.status ?? '', workStatus: order.WorkStatus ?? '' });
}
