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
	if (value === '') return undefined;
	const number = Number(value.replace(',', '.'));
	return Number.isFinite(number) ? number : undefined;
}

/** `dd-mm-yyyy` and `yyyy-mm-dd` (with or without a time) as `yyyy-mm-dd[ time]`; anything else unchanged. */
function canonicalDate(value: string): string {
	const dmy = /^(\d{1,2})-(\d{1,2})-(\d{4})(.*)$/.exec(value);
	if (dmy) return `${dmy[3]}-${dmy[2].padStart(2, '0')}-${dmy[1].padStart(2, '0')}${dmy[4]}`;
	return value;
}

function sameValue(desired: unknown, existing: unknown, numeric: boolean): boolean {
	const a = text(desired);
	const b = text(existing);
	if (a === b) return true;
	if (numeric || (asNumber(a) !== undefined && /^-?\d+([.,]\d+)?$/.test(b))) {
		const x = asNumber(a);
		const y = asNumber(b);
		if (x !== undefined && y !== undefined) return Math.abs(x - y) < 1e-9;
		if (x === undefined && y === undefined) return true;
	}
	// Times: "08:00" vs "08:00:00".
	if (/^\d{1,2}:\d{2}(:00)?$/.test(a) && /^\d{1,2}:\d{2}(:00)?$/.test(b)) return a.slice(0, 5).padStart(5, '0') === b.slice(0, 5).padStart(5, '0');
	return canonicalDate(a) === canonicalDate(b);
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
