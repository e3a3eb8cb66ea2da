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
 *   the product. A material not found with its date is looked for without it (see `matchLines`).
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
 * A material key without its date. A material on an OutSmart order has no date of its own: the line gets the
 * order's last work date, which moves when a reopened order gets a later work period. Matched on the date
 * only, every material of such an order would be booked again.
 */
function withoutDate(key: string): string | undefined {
	if (!key.startsWith('material|')) return undefined;
	const [kind, , ...rest] = key.split('|');
	return [kind, ...rest].join('|');
}

/**
 * Multiset matching: for each desired key (in order) an existing line that no earlier desired line took, lowest
 * id first; undefined when none is left. So two identical desired lines need two existing ones, and matching
 * again after a re-read gives the same answer for the same rows. Materials not matched with their date are
 * then matched on product (or free text) and quantity alone, among the lines still free (see `withoutDate`).
 */
export function matchLines(desiredKeys: readonly string[], existing: ReadonlyArray<Pick<ExistingLine, 'id' | 'key'>>): Array<number | undefined> {
	const entries = [...existing].sort((a, b) => a.id - b.id).map((line) => ({ ...line, loose: withoutDate(line.key), taken: false }));
	const take = (matches: (entry: (typeof entries)[number]) => boolean): number | undefined => {
		const entry = entries.find((e) => !e.taken && matches(e));
		if (!entry) return undefined;
		entry.taken = true;
		return entry.id;
	};
	const matched = desiredKeys.map((key) => take((e) => e.key === key));
	return matched.map((id, index) => {
		const loose = withoutDate(desiredKeys[index]);
		return id ?? (loose ? take((e) => e.loose === loose) : undefined);
	});
}
