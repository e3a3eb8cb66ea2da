/**
 * Bouwsoft `filter` query parameter: a small expression tree and its serialisation.
 *
 * What the API is confirmed to accept (reference §3.4): `eq`, `ne`, `gt`; lower-case `and`; strings in
 * single quotes, numbers and booleans bare. `lt`/`ge`/`le`, `or` and parentheses are unconfirmed, and
 * so is any escape for a quote inside a string. So the client only pushes down what the server is known
 * to understand (`FilterDialect`), and everything else is evaluated locally on the records it reads;
 * results are identical either way. A string value containing a quote or a control character is never
 * sent: it is always evaluated locally, so user input can never change the meaning of the filter.
 */
type FilterOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type FilterScalar = string | number | boolean;

export type FilterExpr =
	| { field: string; op: FilterOperator; value: FilterScalar }
	| { and: FilterExpr[] }
	| { or: FilterExpr[] };

/** Which parts of the filter syntax a Bouwsoft server understands. */
export interface FilterDialect {
	/** `lt`, `ge`, `le` besides the confirmed `eq`, `ne`, `gt`. */
	comparisons: boolean;
	/** `or` with parentheses. */
	or: boolean;
}

/** Only what is confirmed in Bouwsoft's documentation and production clients. */
export const CONFIRMED_DIALECT: FilterDialect = { comparisons: false, or: false };
export const EXTENDED_DIALECT: FilterDialect = { comparisons: true, or: true };

const FIELD_NAME = /^[a-z][a-z0-9_]*$/i;
// eslint-disable-next-line no-control-regex
const UNSAFE_STRING = /['"\u0000-\u001f\u007f]/;

function isSafeFieldName(field: string): boolean {
	return FIELD_NAME.test(field);
}

/** A value the server can receive without any escaping question. */
function isSafeValue(value: FilterScalar): boolean {
	if (typeof value === 'number') return Number.isFinite(value);
	if (typeof value === 'boolean') return true;
	return !UNSAFE_STRING.test(value) && value.length <= 500;
}

export function formatValue(value: FilterScalar): string {
	if (!isSafeValue(value)) throw new Error('Filter value cannot be sent to Bouwsoft safely');
	if (typeof value === 'string') return `'${value}'`;
	return String(value);
}

/** Can the whole expression be sent to the server in this dialect? */
export function canPushDown(expr: FilterExpr, dialect: FilterDialect): boolean {
	if ('and' in expr) return expr.and.every((e) => canPushDown(e, dialect));
	if ('or' in expr) return dialect.or && expr.or.every((e) => canPushDown(e, dialect));
	if (!isSafeFieldName(expr.field) || !isSafeValue(expr.value)) return false;
	return ['eq', 'ne', 'gt'].includes(expr.op) || dialect.comparisons;
}

/** Serialise an expression that `canPushDown` accepted. */
export function toFilterString(expr: FilterExpr): string {
	if ('and' in expr) {
		return expr.and.map((e) => ('or' in e && e.or.length > 1 ? `(${toFilterString(e)})` : toFilterString(e))).join(' and ');
	}
	if ('or' in expr) {
		return expr.or.map((e) => ('and' in e && e.and.length > 1 ? `(${toFilterString(e)})` : toFilterString(e))).join(' or ');
	}
	if (!isSafeFieldName(expr.field)) throw new Error(`Invalid Bouwsoft field name: ${expr.field}`);
	return `${expr.field} ${expr.op} ${formatValue(expr.value)}`;
}

/**
 * Split a conjunction into the part the server can evaluate and the part to evaluate locally.
 * Only top-level `and` terms are split; an `or` that cannot be pushed down stays local as a whole.
 */
export function splitForPushDown(
	expr: FilterExpr | undefined,
	dialect: FilterDialect,
): { pushed?: FilterExpr; local?: FilterExpr } {
	if (!expr) return {};
	const terms = 'and' in expr ? expr.and : [expr];
	const pushed = terms.filter((t) => canPushDown(t, dialect));
	const local = terms.filter((t) => !canPushDown(t, dialect));
	return {
		pushed: pushed.length === 0 ? undefined : pushed.length === 1 ? pushed[0] : { and: pushed },
		local: local.length === 0 ? undefined : local.length === 1 ? local[0] : { and: local },
	};
}

export function and(...terms: Array<FilterExpr | undefined>): FilterExpr | undefined {
	const present = terms.filter((t): t is FilterExpr => t !== undefined);
	if (present.length === 0) return undefined;
	return present.length === 1 ? present[0] : { and: present };
}

/** Local evaluation with Bouwsoft's semantics (numbers numerically, strings case-sensitively as stored). */
export function evaluateFilter(record: Record<string, unknown>, expr: FilterExpr): boolean {
	if ('and' in expr) return expr.and.every((e) => evaluateFilter(record, e));
	if ('or' in expr) return expr.or.some((e) => evaluateFilter(record, e));
	const actual = record[expr.field];
	const cmp = compare(actual, expr.value);
	switch (expr.op) {
		case 'eq':
			return cmp === 0;
		case 'ne':
			return cmp !== 0;
		case 'gt':
			return cmp !== undefined && cmp > 0;
		case 'ge':
			return cmp !== undefined && cmp >= 0;
		case 'lt':
			return cmp !== undefined && cmp < 0;
		case 'le':
			return cmp !== undefined && cmp <= 0;
	}
}

function compare(actual: unknown, expected: FilterScalar): number | undefined {
	if (actual === undefined || actual === null) return undefined;
	if (typeof expected === 'number') {
		const n = typeof actual === 'number' ? actual : Number(actual);
		return Number.isNaN(n) ? undefined : Math.sign(n - expected);
	}
	if (typeof expected === 'boolean') {
		const b = actual === true || actual === 'true' || actual === 1;
		return b === expected ? 0 : b ? 1 : -1;
	}
	const s = String(actual);
	return s === expected ? 0 : s > expected ? 1 : -1;
}
