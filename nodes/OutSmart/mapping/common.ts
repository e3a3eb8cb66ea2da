import type { IDataObject } from 'n8n-workflow';

import { WRITE_KINDS, isNeverCut, recordKey, type WriteKind } from '../schema';

/** One OutSmart record an item turns into. */
export interface MappedWrite {
	kind: WriteKind;
	key: string;
	record: IDataObject;
	/** Set when a key would not fit OutSmart's column (keys are never cut); the item then fails. */
	problems?: MappingProblem[];
}

export interface MappingProblem {
	/** The Bouwsoft field that could not fill an OutSmart required field (or whose value is too long). */
	bouwsoftField: string;
	outSmartField: string;
	fix: string;
	/** Set when the value is there but longer than OutSmart stores; without it, the value is missing. */
	tooLong?: { length: number; max: number };
}

export type MappingResult =
	| { ok: true; writes: MappedWrite[]; warnings: string[] }
	/** `claims`: the keys the record would have had (Reconcile must not take its OutSmart record for gone). */
	| { ok: false; problems: MappingProblem[]; warnings: string[]; claims: Array<{ kind: WriteKind; key: string }> };

/** Defaults for OutSmart fields a Bouwsoft record cannot always fill (node parameters). */
export interface MappingOptions {
	priceField: 'price_catalogue' | 'price_sales1' | 'price_sales2' | 'price_sales3';
	defaultUnit: string;
	linkCategories: boolean;
	includeContactPersons: boolean;
	createWorkOrder: boolean;
	includeActivities: boolean;
	typeOfWork: string;
	paymentMethod: string;
	contactPersonFallback: string;
	/** Street, postal code and city for a relation whose Bouwsoft record has none; '' = such relations fail. */
	addressPlaceholder: string;
}

export const DEFAULT_MAPPING_OPTIONS: MappingOptions = {
	priceField: 'price_catalogue',
	defaultUnit: 'st',
	linkCategories: true,
	includeContactPersons: true,
	createWorkOrder: true,
	includeActivities: true,
	typeOfWork: 'Service',
	paymentMethod: 'niet van toepassing',
	contactPersonFallback: '',
	addressPlaceholder: '',
};

/** Trimmed text of a Bouwsoft value; '' for null, undefined, whitespace and objects. */
export function text(value: unknown): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return '';
}

/** First non-empty text among the values. */
export function firstText(...values: unknown[]): string {
	for (const v of values) {
		const t = text(v);
		if (t) return t;
	}
	return '';
}

/** A Bouwsoft number (number, "12.5" or "12,5") or undefined. */
export function decimal(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	const t = text(value);
	if (!t) return undefined;
	// "1.234,56" (thousands dot, decimal comma) and "12,5" → dot decimals.
	const normalised = /,\d*$/.test(t) ? t.replace(/\./g, '').replace(',', '.') : t.replace(/,/g, '');
	const n = Number(normalised);
	return Number.isFinite(n) ? n : undefined;
}

/** Decimal as OutSmart text with a dot: 12.5 → "12.50". */
export function money(value: number): string {
	return (Math.round(value * 100) / 100).toFixed(2);
}

export function flag(value: unknown, fallback = true): number {
	if (value === undefined || value === null || value === '') return fallback ? 1 : 0;
	if (typeof value === 'string') return ['1', 'true', 'yes', 'ja'].includes(value.trim().toLowerCase()) ? 1 : 0;
	return value ? 1 : 0;
}

/** A positive integer id (Bouwsoft uses 0 for "none"). */
export function positiveId(value: unknown): number | undefined {
	const n = Number(value);
	return Number.isInteger(n) && n > 0 ? n : undefined;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})/;

/** Bouwsoft `yyyy-MM-dd[ HH:mm:ss]` → `yyyy-MM-dd`, or '' when empty/invalid (e.g. 0000-00-00). */
export function isoDate(value: unknown): string {
	const match = DATE_PATTERN.exec(text(value));
	if (!match || match[1] === '0000' || match[2] === '00' || match[3] === '00') return '';
	return `${match[1]}-${match[2]}-${match[3]}`;
}

/** Bouwsoft date → OutSmart work order date `dd-MM-yyyy`, or ''. */
export function workOrderDate(value: unknown): string {
	const iso = isoDate(value);
	if (!iso) return '';
	const [y, m, d] = iso.split('-');
	return `${d}-${m}-${y}`;
}

/** Bouwsoft time (`HH:mm[:ss]` or decimal hours 7.5) → `HH:mm`, or ''. */
export function workOrderTime(value: unknown): string {
	if (typeof value === 'number' && value > 0 && value < 24) {
		const minutes = Math.round(value * 60);
		return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
	}
	const match = /(\d{1,2}):(\d{2})/.exec(text(value));
	if (!match || (match[1] === '00' && match[2] === '00')) return '';
	return `${match[1].padStart(2, '0')}:${match[2]}`;
}

/**
 * Length of a text as OutSmart's MySQL utf8mb4 columns count it: in characters (code points), not UTF-16
 * units, so an emoji counts once.
 */
export function characterCount(value: string): number {
	return Array.from(value).length;
}

/** The first `max` characters (code points) of a text; never splits a character in half. */
export function cutToCharacters(value: string, max: number): string {
	return Array.from(value).slice(0, max).join('');
}

/**
 * Builds one OutSmart record: drops empty optional values and cuts long texts with a warning. Keys (and
 * fields that hold another record's key) are never cut, since a cut key can merge two records into one;
 * an over-long key becomes a problem that fails the item instead.
 */
export class RecordBuilder {
	readonly record: IDataObject = {};
	readonly problems: MappingProblem[] = [];

	constructor(
		private readonly kind: WriteKind,
		private readonly warnings: string[],
		private readonly context: string,
	) {}

	/** `source`: the Bouwsoft field the value comes from, named in the error when a key is too long. */
	set(field: string, value: string | number | undefined | null, source?: string): this {
		if (value === undefined || value === null || value === '') return this;
		if (typeof value === 'string') {
			const max = WRITE_KINDS[this.kind].fields.find((x) => x.id === field)?.maxLength;
			// n UTF-16 units are at most n characters: only count when the text could be too long.
			const length = max && value.length > max ? characterCount(value) : 0;
			if (max && length > max) {
				if (isNeverCut(this.kind, field)) {
					this.problems.push(tooLongKey(field, source ?? field, length, max));
					this.record[field] = value;
					return this;
				}
				this.warnings.push(
					`${this.context}: "${field}" was cut to ${max} characters (it had ${length}); OutSmart does not store more.`,
				);
				this.record[field] = cutToCharacters(value, max);
				return this;
			}
		}
		this.record[field] = value;
		return this;
	}

	build(): MappedWrite {
		const write: MappedWrite = { kind: this.kind, key: recordKey(this.kind, this.record), record: this.record };
		if (this.problems.length) write.problems = this.problems;
		return write;
	}
}

function tooLongKey(outSmartField: string, bouwsoftField: string, length: number, max: number): MappingProblem {
	return {
		bouwsoftField,
		outSmartField,
		tooLong: { length, max },
		fix: `shorten "${bouwsoftField}" to at most ${max} characters. The node never cuts a key: two records whose keys start alike would become one OutSmart record.`,
	};
}

/** Collects required-field problems with the Bouwsoft field that should have filled them. */
export class Problems {
	readonly list: MappingProblem[] = [];

	need(value: string, outSmartField: string, bouwsoftField: string, fix: string): string {
		if (!value) this.list.push({ bouwsoftField, outSmartField, fix });
		return value;
	}

	get empty(): boolean {
		return this.list.length === 0;
	}
}

export function describeProblems(problems: MappingProblem[]): string {
	return problems
		.map((p) =>
			p.tooLong
				? `OutSmart stores at most ${p.tooLong.max} characters in "${p.outSmartField}" but Bouwsoft "${p.bouwsoftField}" has ${p.tooLong.length}: ${p.fix}`
				: `OutSmart needs "${p.outSmartField}" but Bouwsoft "${p.bouwsoftField}" is empty: ${p.fix}`,
		)
		.join(' ');
}

/** The error message of an item whose mapping failed: missing required fields and over-long keys. */
export function problemMessage(problems: MappingProblem[]): string {
	const name = (p: MappingProblem) => `"${p.outSmartField}" (Bouwsoft "${p.bouwsoftField}")`;
	const missing = problems.filter((p) => !p.tooLong).map(name);
	const tooLong = problems
		.filter((p) => p.tooLong)
		.map((p) => `${name(p)} has ${p.tooLong?.length} characters, OutSmart stores at most ${p.tooLong?.max}`);
	const parts: string[] = [];
	if (missing.length) parts.push(`Required OutSmart field${missing.length > 1 ? 's' : ''} cannot be filled: ${missing.join(', ')}`);
	if (tooLong.length) parts.push(`Key too long, not cut: ${tooLong.join('; ')}`);
	return parts.join('. ');
}

export function result(problems: Problems, writes: MappedWrite[], warnings: string[]): MappingResult {
	const all = [...problems.list, ...writes.flatMap((write) => write.problems ?? [])];
	if (all.length === 0) return { ok: true, writes, warnings };
	return { ok: false, problems: all, warnings, claims: writes.filter((write) => write.key).map(({ kind, key }) => ({ kind, key })) };
}

export function recordOf(value: unknown): IDataObject | undefined {
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : undefined;
}
