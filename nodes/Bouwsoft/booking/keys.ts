import type { IDataObject } from 'n8n-workflow';

import { quantityKey } from './quantity';
import { formatClock, hoursToMinutes, parseWorkDate } from './time';

/**
 * Natural keys of assignment lines. Bouwsoft has no idempotency key and no field of ours on a line, so its
 * own lines are the record of what was booked: a line is "there" when a line with the same key is.
 *
 * - hours: date + employee_id + from + to (in minutes, so 7.5 and 7.50000001 are the same 07:30). Job and
 *   break are not part of it: an office correction of the job does not make the line "missing" again.
 * - material: date + product_id + quantity; for a free-text line (product_id 0) the description instead of
 *   the product.
 *
 * Consequence, on purpose: a line the office already typed in by hand with the same key counts as booked
 * (`alreadyThere`) and is not doubled. Two identical lines on one work order need two in Bouwsoft (multiset).
 */
export type LineKind = 'hours' | 'material';

/** Where each kind of line lives in Bouwsoft. */
export const LINE_RESOURCE: Record<LineKind, string> = { hours: 'AssignmentLabor', material: 'AssignmentProducts' };

export function hoursKey(date: string, employeeId: number, fromMinutes: number, toMinutes: number): string {
	return `hours|${date}|${employeeId}|${formatClock(fromMinutes)}|${formatClock(toMinutes)}`;
}

/** Free text compared without case and spacing differences (Bouwsoft may trim or the office retype it). */
function textKey(text: string): string {
	return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

export function materialKey(date: string, productId: number, description: string, quantity: number): string {
	const what = productId > 0 ? String(productId) : `text:${textKey(description)}`;
	return `material|${date}|${what}|${quantityKey(quantity)}`;
}

function idOf(value: unknown): number {
	const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : 0;
	return Number.isFinite(n) ? n : 0;
}

/** The key of a line as Bouwsoft returns it; undefined when the row lacks what the key needs. */
export function existingLineKey(kind: LineKind, row: IDataObject): string | undefined {
	const date = parseWorkDate(row.date);
	if (!date) return undefined;
	if (kind === 'hours') {
		const from = hoursToMinutes(row.from);
		const to = hoursToMinutes(row.to);
		if (from === undefined || to === undefined) return undefined;
		return hoursKey(date, idOf(row.employee_id), from, to);
	}
	const quantity = typeof row.quantity === 'number' ? row.quantity : Number(row.quantity);
	if (!Number.isFinite(quantity)) return undefined;
	return materialKey(date, idOf(row.product_id), String(row.description ?? ''), quantity);
}

export interface ExistingLine {
	kind: LineKind;
	/** Bouwsoft's id, unique per resource only (an hours line and a material line may share one). */
	id: number;
	key: string;
}

/** Bouwsoft rows as keyed lines (rows without a readable key cannot match anything and are left out). */
export function existingLines(kind: LineKind, rows: IDataObject[]): ExistingLine[] {
	const lines: ExistingLine[] = [];
	for (const row of rows) {
		const key = existingLineKey(kind, row);
		const id = idOf(row.id);
		if (key && id > 0) lines.push({ kind, id, key });
	}
	return lines;
}

/**
 * Multiset matching: for each desired key (in order) the id of an existing line with that key that no
 * earlier desired line took, lowest id first; undefined when none is left. So two identical desired lines
 * need two existing ones, and re-matching after a re-read gives the same answer for the same rows.
 */
export function matchLines(desiredKeys: readonly string[], existing: ReadonlyArray<Pick<ExistingLine, 'id' | 'key'>>): Array<number | undefined> {
	const pool = new Map<string, number[]>();
	for (const line of [...existing].sort((a, b) => a.id - b.id)) {
		const ids = pool.get(line.key) ?? [];
		ids.push(line.id);
		pool.set(line.key, ids);
	}
	return desiredKeys.map((key) => pool.get(key)?.shift());
}
