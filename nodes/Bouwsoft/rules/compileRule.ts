import type { FilterDialect, FilterExpr } from '../transport/query';
import { findProjectField, PROJECT_FIELDS, projectFieldValue, type ProjectField } from './projectFields';
import { parseProjectStatus, PROJECT_STATUSES, statusFlags, type ProjectStatus } from './projectStatus';
import { normalizeText, scalarText } from './text';
import { isBlank, parseBoolean, parseDate, parseNumber, type WallClock } from './values';

/**
 * One project rule turned into a test. Semantics (the table-driven tests in
 * test/unit/rules/projectRules.test.ts pin each line):
 *
 * - text:    Equal / Not Equal ignore case, accents and surrounding spaces ("GENT " = "gent", "Liège" =
 *            "liege"); More / Less Than compare the same normalised text alphabetically; a number as
 *            the value of More / Less Than on a text field is an error (alphabetical "10" < "9" is never
 *            what is meant).
 * - number:  numeric (`20240003` = "20240003" = "20240003.0"); a decimal comma is accepted ("1500,5").
 * - date:    Bouwsoft's `yyyy-MM-dd` / `yyyy-MM-dd HH:mm:ss`, values may also be `01-05-2024` or ISO.
 *            A value without a time compares whole days (Equal = same day, More Than = a later day); a
 *            value with a time compares to the second. Time zones are ignored: Bouwsoft has none.
 * - boolean: true/false, yes/no, 1/0 (ja/nee); only Equal / Not Equal.
 * - status:  derived, see projectStatus.ts; Offer / Approved / Rejected / Completed; Equal / Not Equal.
 * - Has with a value: the field's text contains the value (case/accent-insensitive), any type but yes/no.
 * - Has with an empty value: the field is set. Not set = absent, null, an empty (or blank) string, a
 *   reference id of 0 (Bouwsoft writes 0 for "none", e.g. client_addressid) or an empty date.
 * - A missing field (absent, null, or a value that is not a valid number/date for a number/date field)
 *   never matches Equal, More Than, Less Than or Has, and always matches Not Equal.
 */
export type RuleCondition = 'equal' | 'notEqual' | 'moreThan' | 'lessThan' | 'has';

export interface ProjectRule {
	field: string;
	condition: RuleCondition;
	value: string;
}

export const RULE_CONDITIONS: readonly RuleCondition[] = ['equal', 'notEqual', 'moreThan', 'lessThan', 'has'];

export const CONDITION_LABELS: Record<RuleCondition, string> = {
	equal: 'Equal',
	notEqual: 'Not Equal',
	moreThan: 'More Than',
	lessThan: 'Less Than',
	has: 'Has',
};

export interface CompiledRule {
	/** `#3` — rules are numbered from 1 as the editor shows them. */
	id: string;
	label: string;
	matches(record: Record<string, unknown>): boolean;
	/** Why the record does not match, e.g. `city is "Antwerpen"`. */
	mismatch(record: Record<string, unknown>): string;
	/** An equivalent (or wider) Bouwsoft filter term, or undefined when it must be evaluated locally. */
	pushDown(dialect: FilterDialect): FilterExpr | undefined;
}

type Comparable = string | number | boolean | WallClock;

function quote(value: unknown): string {
	const text = JSON.stringify(value) ?? String(value);
	return text.length > 60 ? `${text.slice(0, 57)}…"` : text;
}

function describeRule(rule: ProjectRule, index: number): string {
	const field = typeof rule.field === 'string' && rule.field.trim() ? rule.field.trim() : '(no field)';
	const condition = CONDITION_LABELS[rule.condition] ?? String(rule.condition);
	return `Rule #${index + 1} (${field} ${condition} ${quote(rule.value ?? '')})`;
}

const FIELD_EXAMPLES = PROJECT_FIELDS.slice(0, 12)
	.map((f) => f.name)
	.join(', ');

function isMissing(raw: unknown): boolean {
	return raw === undefined || raw === null;
}

function isSet(raw: unknown, field: ProjectField): boolean {
	if (isMissing(raw) || isBlank(raw)) return false;
	if (field.zeroIsNone && parseNumber(raw) === 0) return false;
	if (field.type === 'date' && typeof raw === 'string' && /^0{4}-0{2}-0{2}/.test(raw.trim())) return false;
	return true;
}

/** Record value → the comparable form for the field's type; undefined counts as missing. */
function comparableOf(raw: unknown, field: ProjectField): Comparable | undefined {
	if (isMissing(raw)) return undefined;
	switch (field.type) {
		case 'number':
			return parseNumber(raw);
		case 'date':
			return parseDate(raw);
		case 'boolean':
			return parseBoolean(raw);
		case 'status':
			return raw as ProjectStatus;
		case 'text':
			return typeof raw === 'object' ? undefined : normalizeText(scalarText(raw));
	}
}

function compare(actual: Comparable, expected: Comparable): number {
	if (typeof expected === 'object' && typeof actual === 'object') {
		const [a, b] = expected.hasTime ? [actual.at, expected.at] : [actual.day, expected.day];
		return Math.sign(a - b);
	}
	if (typeof expected === 'number' && typeof actual === 'number') return Math.sign(actual - expected);
	if (actual === expected) return 0;
	return actual > expected ? 1 : -1;
}

type Compiled = { rule: CompiledRule } | { problem: string };

/** Validate one rule and build its test; a problem names the rule, what is wrong and how to fix it. */
export function compileRule(rule: ProjectRule, index: number): Compiled {
	const label = describeRule(rule, index);
	const id = `#${index + 1}`;
	const problem = (text: string): Compiled => ({ problem: `${label}: ${text}` });
	const fieldName = typeof rule.field === 'string' ? rule.field.trim() : '';
	if (!fieldName) return problem(`the field name is empty. Choose a project field, e.g. ${FIELD_EXAMPLES}.`);
	const field = findProjectField(fieldName);
	if (!field) {
		return problem(
			`"${fieldName}" is not a Bouwsoft project field. Use a Projects field (e.g. ${FIELD_EXAMPLES}), ` +
				'status, or client.<field> for the client (e.g. client.clientnr).',
		);
	}
	const condition = rule.condition;
	if (!RULE_CONDITIONS.includes(condition)) {
		return problem(`unknown condition "${String(condition)}". Use Equal, Not Equal, More Than, Less Than or Has.`);
	}
	const value = typeof rule.value === 'string' ? rule.value.trim() : scalarText(rule.value).trim();
	const name = field.name;

	const build = (
		matches: (record: Record<string, unknown>) => boolean,
		pushDown: (dialect: FilterDialect) => FilterExpr | undefined = () => undefined,
	): Compiled => ({
		rule: {
			id,
			label,
			matches,
			pushDown,
			mismatch: (record) => {
				const raw = projectFieldValue(record, field);
				if (isMissing(raw)) return `${name} is missing`;
				if (condition === 'has' && !value) return `${name} is not set`;
				return `${name} is ${quote(raw)}`;
			},
		},
	});

	if (condition === 'has') {
		if (!value) return build((r) => isSet(projectFieldValue(r, field), field), isSetPushDown(field));
		if (field.type === 'boolean') {
			return problem(`${name} is a yes/no field: use Equal with true or false (Has with an empty value tests whether it is set).`);
		}
		const needle = normalizeText(value);
		return build((r) => {
			const raw = projectFieldValue(r, field);
			return !isMissing(raw) && typeof raw !== 'object' && normalizeText(scalarText(raw)).includes(needle);
		});
	}

	const expected = expectedValue(field, condition, value);
	if (typeof expected === 'object' && 'problem' in expected) return problem(expected.problem);
	const want = expected as Comparable;

	const test = (record: Record<string, unknown>): number | undefined => {
		const actual = comparableOf(projectFieldValue(record, field), field);
		return actual === undefined ? undefined : compare(actual, want);
	};
	switch (condition) {
		case 'equal':
			return build((r) => test(r) === 0, () => equalPushDown(field, want));
		case 'notEqual':
			return build((r) => test(r) !== 0, () => notEqualPushDown(field, want));
		case 'moreThan':
			return build((r) => (test(r) ?? 0) > 0, (d) => orderPushDown(field, want, 'gt', d));
		case 'lessThan':
			return build((r) => (test(r) ?? 0) < 0, (d) => orderPushDown(field, want, 'lt', d));
	}
}

/** The typed value a comparison rule compares with, or a problem text. */
function expectedValue(field: ProjectField, condition: RuleCondition, value: string): Comparable | { problem: string } {
	const ordered = condition === 'moreThan' || condition === 'lessThan';
	const label = CONDITION_LABELS[condition];
	if (!value && (field.type !== 'text' || ordered)) {
		return { problem: `${label} needs a value. To test whether ${field.name} is set, use Has with an empty value.` };
	}
	switch (field.type) {
		case 'text':
			if (ordered && parseNumber(value) !== undefined) {
				return {
					problem:
						`${field.name} is a text field, so ${label} would compare "${value}" alphabetically ("10" comes before "9"). ` +
						'Compare a number field (e.g. pnr, unr, contractamount) or use Equal / Has on this field.',
				};
			}
			return normalizeText(value);
		case 'number': {
			const n = parseNumber(value);
			if (n === undefined) return { problem: `${field.name} is a number field and "${value}" is not a number. Write digits, e.g. 20240012 or 1500.50.` };
			return n;
		}
		case 'date': {
			const d = parseDate(value);
			if (!d) {
				return {
					problem: `${field.name} is a date field and "${value}" is not a date. Write 2024-05-01 or 01-05-2024, optionally with a time (2024-05-01 14:30).`,
				};
			}
			return d;
		}
		case 'boolean': {
			if (ordered) return { problem: `${field.name} is a yes/no field: use Equal or Not Equal with true or false.` };
			const b = parseBoolean(value);
			if (b === undefined) return { problem: `${field.name} is a yes/no field and "${value}" is not one. Write true or false (yes/no, 1/0).` };
			return b;
		}
		case 'status': {
			const allowed = PROJECT_STATUSES.join(', ');
			if (ordered) return { problem: `status has no order: use Equal or Not Equal with one of ${allowed}.` };
			const s = parseProjectStatus(value);
			if (!s) return { problem: `"${value}" is not a project status. Use one of ${allowed}.` };
			return s;
		}
	}
}

// ---- push-down: only exact (or wider) Bouwsoft terms; every Projects field Bouwsoft sends is present and typed

function serverNumber(field: ProjectField, want: Comparable): number | undefined {
	// Integers only: how the server parses a decimal literal is not documented.
	return field.serverSide && field.type === 'number' && typeof want === 'number' && Number.isInteger(want) ? want : undefined;
}

function equalPushDown(field: ProjectField, want: Comparable): FilterExpr | undefined {
	const n = serverNumber(field, want);
	if (n !== undefined) return { field: field.name, op: 'eq', value: n };
	if (field.serverSide && field.type === 'boolean' && typeof want === 'boolean') return { field: field.name, op: 'eq', value: want };
	if (field.type === 'status') {
		const terms = statusFlags(want as ProjectStatus).map((f): FilterExpr => ({ field: f.field, op: 'eq', value: f.value }));
		return terms.length === 1 ? terms[0] : { and: terms };
	}
	// Text stays local: Bouwsoft compares case- and accent-sensitively. Dates stay local: their server-side
	// comparison of empty and date-only values is not documented.
	return undefined;
}

function notEqualPushDown(field: ProjectField, want: Comparable): FilterExpr | undefined {
	const n = serverNumber(field, want);
	if (n !== undefined) return { field: field.name, op: 'ne', value: n };
	if (field.serverSide && field.type === 'boolean' && typeof want === 'boolean') return { field: field.name, op: 'eq', value: !want };
	if (field.type === 'status' && want === 'Completed') return { field: 'completed', op: 'eq', value: false };
	return undefined;
}

function orderPushDown(field: ProjectField, want: Comparable, op: 'gt' | 'lt', d: FilterDialect): FilterExpr | undefined {
	const n = serverNumber(field, want);
	if (n === undefined || (op === 'lt' && !d.comparisons)) return undefined;
	return { field: field.name, op, value: n };
}

function isSetPushDown(field: ProjectField): (d: FilterDialect) => FilterExpr | undefined {
	return () => (field.serverSide && field.zeroIsNone ? { field: field.name, op: 'ne', value: 0 } : undefined);
}
