import type { IDataObject } from 'n8n-workflow';

import { WRITE_KINDS, type WriteKind } from '../schema';

/**
 * Whether OutSmart already holds a record as we would write it. OutSmart answers every value as a string
 * ("1", "4,55", dates as sent), so values are compared as text, numbers as numbers (comma or dot), dates
 * in either d-m-Y or Y-m-d. A field OutSmart's list does not return cannot be compared and counts as equal:
 * otherwise every nightly run would rewrite every record.
 */

/** The work order fields an existing order is updated with (upsert/workOrders.ts): planned date, time, employee. */
const WORK_ORDER_SCHEDULE = ['WorkDate', 'WorkTime', 'EmployeeNr'];
/** Orders a technician has finished are left as they are. */
const FINISHED = ['compleet', 'afgehandeld'];

function text(value: unknown): string {
	return value === undefined || value === null ? '' : String(value).trim();
}

function asNumber(value: string): number | undefined {
	if (!/^-?\d+([.,]\d+)?$/.test(value)) return undefined;
	return Number(value.replace(',', '.'));
}

/** `d-m-Y` and `Y-m-d` (one or two digit day and month), with an optional time, as `Y-m-d[ H:i:s]`. */
function canonicalDate(value: string): string | undefined {
	const match = /^(\d{1,4})-(\d{1,2})-(\d{1,4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(value);
	if (!match) return undefined;
	const [, a, month, b, hours, minutes, seconds] = match;
	const [year, day] = a.length === 4 ? [a, b] : b.length === 4 ? [b, a] : [undefined, undefined];
	if (!year || !day) return undefined;
	const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
	return hours === undefined ? date : `${date} ${canonicalTime(`${hours}:${minutes}:${seconds ?? '00'}`)}`;
}

/** `8:00`, `08:00`, `08:00:00` as `08:00:00`. */
function canonicalTime(value: string): string | undefined {
	const match = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(value);
	return match ? `${match[1].padStart(2, '0')}:${match[2]}:${match[3] ?? '00'}` : undefined;
}

/**
 * Numbers only in fields OutSmart types as numbers: elsewhere "0123" (a postal code, a debtor number, a
 * barcode) is text, and a changed leading zero is a change. A number field holding something that is not a
 * number compares as text.
 */
function sameValue(desired: unknown, existing: unknown, numeric: boolean): boolean {
	const a = text(desired);
	const b = text(existing);
	if (a === b) return true;
	if (numeric) {
		const x = asNumber(a);
		const y = asNumber(b);
		if (x !== undefined && y !== undefined) return x === y || Math.abs(x - y) < 1e-9 * Math.max(1, Math.abs(x));
	}
	const time = canonicalTime(a);
	if (time !== undefined) return time === canonicalTime(b);
	const date = canonicalDate(a);
	return date !== undefined && date === canonicalDate(b);
}

/** Fields whose value in OutSmart differs from the record we would write; empty when OutSmart holds it as is. */
export function differences(kind: WriteKind, desired: IDataObject, existing: IDataObject, updateOrderDetails = false): string[] {
	if (kind === 'workorders') {
		if (FINISHED.includes(text(existing.status ?? existing.Status).toLowerCase())) return [];
		const fields = updateOrderDetails ? Object.keys(desired).filter((field) => field !== 'WorkorderNo') : WORK_ORDER_SCHEDULE;
		// Only what UpdateWorkorder can change counts: a difference it cannot write would be "sent" every night.
		return fields.filter((field) => text(desired[field]) !== '' && field in existing && !sameValue(desired[field], existing[field], false));
	}
	const numeric = new Set(WRITE_KINDS[kind].fields.filter((field) => field.type === 'number').map((field) => field.id));
	return Object.keys(desired).filter((field) => field in existing && !sameValue(desired[field], existing[field], numeric.has(field)));
}
