/**
 * Row validation and value normalisation, shared by master data and work orders. OutSmart is PHP with
 * loose typing: it stores and returns strings, accepts decimals with comma or dot and 1/0 flags.
 */
import { isDocumentedField } from './entities';
import type { EntitySpec, FieldType } from './entities';
import type { OutSmartRecord, ResolvedOptions } from './types';

export interface RowProblem {
	code: number;
	message: string;
}

/** Scalars become strings ("1"/"0" for booleans), empty becomes null; arrays/objects recursively. */
export function normaliseValue(value: unknown): unknown {
	if (value === undefined || value === null) return null;
	if (typeof value === 'string') return value;
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
	if (typeof value === 'boolean') return value ? '1' : '0';
	if (Array.isArray(value)) return value.map(normaliseValue);
	if (typeof value === 'object') {
		return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, normaliseValue(v)]));
	}
	return String(value);
}

export function isMissing(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** Parses "4,55", "4.55", 4.55 or "1234"; undefined when not a plain decimal. */
export function parseDecimal(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value !== 'string') return undefined;
	const trimmed = value.trim();
	if (!/^-?\d+([.,]\d+)?$/.test(trimmed)) return undefined;
	return Number(trimmed.replace(',', '.'));
}

export function isFlag(value: unknown): boolean {
	return value === 0 || value === 1 || value === '0' || value === '1' || typeof value === 'boolean';
}

function validCalendarDate(year: number, month: number, day: number): boolean {
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Y-m-d, optionally followed by H:i or H:i:s (projects, project activities). */
export function isYmdDate(value: unknown): boolean {
	const match = typeof value === 'string' && /^(\d{4})-(\d{2})-(\d{2})( \d{2}:\d{2}(:\d{2})?)?$/.exec(value);
	return !!match && validCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** d-m-Y (work orders). */
export function isDmyDate(value: unknown): boolean {
	const match = typeof value === 'string' && /^(\d{2})-(\d{2})-(\d{4})$/.exec(value);
	return !!match && validCalendarDate(Number(match[3]), Number(match[2]), Number(match[1]));
}

/** H:i (work orders). */
export function isHiTime(value: unknown): boolean {
	return typeof value === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
}

const MAX_LENGTH: Partial<Record<FieldType, number>> = { varchar: 255, varchar55: 55 };

/** Checks a Varchar size: a problem when rejecting, or the truncated value when truncating. */
export function checkLength(
	field: string,
	value: unknown,
	max: number,
	failedCode: number,
	options: Pick<ResolvedOptions, 'overlongValues'>,
): { value: unknown; problem?: RowProblem } {
	// MySQL Varchar(n) counts characters (code points), not UTF-16 units.
	if (typeof value !== 'string') return { value };
	const characters = Array.from(value);
	if (characters.length <= max) return { value };
	if (options.overlongValues === 'truncate') return { value: characters.slice(0, max).join('') };
	return { value, problem: { code: failedCode, message: `Field too long: ${field} (max ${max} characters)` } };
}

/** With `unknownFields: 'reject'`: a field the reference does not name is refused with the given (x00) code. */
export function unknownFieldProblem(
	field: string,
	documented: boolean,
	code: number,
	options: Pick<ResolvedOptions, 'unknownFields'>,
): RowProblem[] {
	return options.unknownFields === 'reject' && !documented ? [{ code, message: `Unknown field: ${field}` }] : [];
}

/** Validates one master-data row and returns it normalised (strings) for storage. */
export function validateEntityRow(
	spec: EntitySpec,
	row: Record<string, unknown>,
	options: Pick<ResolvedOptions, 'overlongValues' | 'unknownFields'>,
): { problems: RowProblem[]; value: OutSmartRecord } {
	const problems: RowProblem[] = [];
	for (const field of spec.required) {
		if (isMissing(row[field])) {
			problems.push({ code: spec.missingCode, message: `Required field missing: ${field}` });
		}
	}
	const value: OutSmartRecord = {};
	for (const [field, raw] of Object.entries(row)) {
		const documented = isDocumentedField(spec, field);
		problems.push(...unknownFieldProblem(field, documented, spec.failedCode, options));
		let normalised = normaliseValue(raw);
		const type = documented ? spec.fields[field] : undefined;
		if (type && !isMissing(raw)) {
			if (type === 'flag' && !isFlag(raw)) {
				problems.push({ code: spec.invalidCode, message: `Invalid value for ${field}: must be 1 or 0` });
			} else if (type === 'decimal' && parseDecimal(raw) === undefined) {
				problems.push({ code: spec.invalidCode, message: `Invalid decimal for ${field}: cannot be parsed` });
			} else if (type === 'date' && !isYmdDate(raw)) {
				problems.push({ code: spec.invalidCode, message: `Invalid date for ${field}: use Y-m-d` });
			}
			const max = MAX_LENGTH[type];
			if (max !== undefined) {
				const checked = checkLength(field, normalised, max, spec.failedCode, options);
				normalised = checked.value;
				if (checked.problem) problems.push(checked.problem);
			}
		}
		value[field] = normalised;
	}
	return { problems, value };
}

export interface BatchOutcome<T> {
	/** Rows without problems, in posted order. */
	valid: Array<{ index: number; value: T }>;
	/** Envelope code of the first problem, null when the whole batch is valid. */
	code: number | null;
	/** One message per distinct problem across the batch. */
	messages: string[];
}

/** Validates every row first, so the caller can decide all-or-nothing vs. partial writes. */
export function validateBatch<T>(
	rows: Array<Record<string, unknown>>,
	validateOne: (row: Record<string, unknown>, index: number) => { problems: RowProblem[]; value: T },
): BatchOutcome<T> {
	const valid: BatchOutcome<T>['valid'] = [];
	const messages: string[] = [];
	let code: number | null = null;
	rows.forEach((row, index) => {
		const { problems, value } = validateOne(row, index);
		if (problems.length === 0) {
			valid.push({ index, value });
			return;
		}
		if (code === null) code = problems[0].code;
		for (const problem of problems) {
			if (!messages.includes(problem.message)) messages.push(problem.message);
		}
	});
	return { valid, code, messages };
}
