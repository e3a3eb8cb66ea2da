/**
 * The `columns` query parameter of Bouwsoft writes (reference §3.2, §5.10): comma-separated `field=value`,
 * strings and dates single-quoted (`''` is a quote inside), numbers bare with a dot decimal, booleans
 * `true`/`false`. The URL decoding has already happened (URLSearchParams).
 */
import { fieldType } from './schema';
import type { BouwsoftResource, BouwsoftValue } from './types';

export class ColumnsError extends Error {}

export interface ParsedColumn {
	field: string;
	value: BouwsoftValue;
}

const FIELD = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /^-?\d+(\.\d+)?$/;

/** Parses `a=1,b='x, y',c=true` into columns in order; throws ColumnsError with the position on bad input. */
export function parseColumns(text: string): ParsedColumn[] {
	const columns: ParsedColumn[] = [];
	const seen = new Set<string>();
	let pos = 0;
	const skipSpaces = () => {
		while (text[pos] === ' ') pos++;
	};
	const fail = (message: string): never => {
		throw new ColumnsError(`Invalid columns at position ${pos}: ${message}`);
	};
	skipSpaces();
	if (pos >= text.length) fail('no field=value pairs');
	while (pos < text.length) {
		skipSpaces();
		FIELD.lastIndex = pos;
		const name = FIELD.exec(text);
		if (!name) {
			const hint = /\d/.test(text[pos] ?? '') ? ' (a decimal uses a dot: 7.5, not 7,5)' : '';
			fail(`expected a field name near "${text.slice(pos, pos + 20)}"${hint}`);
		}
		const field = (name as RegExpExecArray)[0];
		pos += field.length;
		skipSpaces();
		if (text[pos] !== '=') fail(`expected "=" after ${field}`);
		pos++;
		skipSpaces();
		let value: BouwsoftValue;
		if (text[pos] === "'") {
			let out = '';
			pos++;
			for (;;) {
				if (pos >= text.length) fail(`unterminated string for ${field}`);
				if (text[pos] === "'") {
					if (text[pos + 1] === "'") {
						out += "'";
						pos += 2;
						continue;
					}
					pos++;
					break;
				}
				out += text[pos++];
			}
			value = out;
		} else {
			const end = text.indexOf(',', pos);
			const raw = text.slice(pos, end < 0 ? text.length : end).trim();
			if (raw === 'true' || raw === 'false') value = raw === 'true';
			else if (NUMBER.test(raw)) value = Number(raw);
			else fail(raw === '' ? `no value for ${field}` : `${field}=${raw}: quote strings and dates ('...'); numbers use a dot decimal`);
			pos = end < 0 ? text.length : end;
		}
		if (seen.has(field)) fail(`${field} given twice`);
		seen.add(field);
		columns.push({ field, value: value! });
		skipSpaces();
		if (pos < text.length) {
			if (text[pos] !== ',') fail(`expected "," after the value of ${field}`);
			pos++;
			if (pos >= text.length) fail('trailing comma');
		}
	}
	return columns;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isIsoDate(value: string): boolean {
	const match = ISO_DATE.exec(value);
	if (!match) return false;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Fields that are dates (`yyyy-MM-dd`, quoted). */
const DATE_FIELDS = new Set(['date', 'dateplanned']);
/** Documented string sizes of writeable fields (reference §5.9). */
const MAX_LENGTH: Partial<Record<BouwsoftResource, Record<string, number>>> = {
	Assignments: { title: 100, subject: 100 },
};

/** Checks each column against the resource's fields: known name, value type, date format, size. */
export function typeCheckColumns(resource: BouwsoftResource, columns: ParsedColumn[]): Record<string, BouwsoftValue> {
	const values: Record<string, BouwsoftValue> = {};
	for (const { field, value } of columns) {
		const type = fieldType(resource, field);
		if (!type) throw new ColumnsError(`Unknown column ${field} on ${resource}`);
		if (typeof value !== type) {
			const shown = typeof value === 'string' ? `'${value}'` : String(value);
			throw new ColumnsError(`Column ${field} on ${resource} expects a ${type}${type === 'string' ? " (quoted: '...')" : ''}, got ${shown}`);
		}
		if (DATE_FIELDS.has(field) && value !== '' && !isIsoDate(value as string)) {
			throw new ColumnsError(`Column ${field} on ${resource} expects a date 'yyyy-MM-dd', got '${value}'`);
		}
		const max = MAX_LENGTH[resource]?.[field];
		if (max !== undefined && [...(value as string)].length > max) {
			throw new ColumnsError(`Column ${field} on ${resource} is longer than ${max} characters`);
		}
		values[field] = value;
	}
	return values;
}
