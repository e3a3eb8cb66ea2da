/**
 * Bouwsoft's `filter` language as the simulator understands it (reference §3.4):
 *
 *   expr       := andExpr ( 'or' andExpr )*            -- 'or' only when dialect.or
 *   andExpr    := primary ( 'and' primary )*
 *   primary    := '(' expr ')' | comparison             -- parentheses only when dialect.or
 *   comparison := FIELD op literal
 *   op         := eq | ne | gt | ge | lt | le          -- ge/lt/le only when dialect.comparisons
 *   literal    := 'single quoted' | number | true | false
 *
 * Keywords are case-insensitive (`AND`, `Or`, `EQ`) unless dialect.lowerCaseKeywords. Inside a string `''` is one quote when quoteEscape
 * is 'double'; with 'none' the string ends at the first quote. Any other text is a syntax error (400),
 * so nothing inside a string can ever act as syntax.
 */
import { fieldType, type FieldType } from './schema';
import type { BouwsoftRecord, BouwsoftResource, FilterSemantics } from './types';

export class FilterError extends Error {}

export type ComparisonOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export type Literal =
	| { kind: 'string'; value: string }
	| { kind: 'number'; value: number; text: string }
	| { kind: 'boolean'; value: boolean };

export type FilterNode =
	| { type: 'compare'; field: string; op: ComparisonOp; literal: Literal }
	| { type: 'and'; terms: FilterNode[] }
	| { type: 'or'; terms: FilterNode[] };

type Token =
	| { kind: 'word'; text: string; pos: number }
	| { kind: 'string'; value: string; pos: number }
	| { kind: 'number'; text: string; pos: number }
	| { kind: 'lparen' | 'rparen'; pos: number };

const OPERATORS = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const EXTENDED_OPERATORS = new Set<string>(['ge', 'lt', 'le']);
const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /-?\d+(?:\.\d+)?(?![A-Za-z0-9_.])/y;

export function tokenize(input: string, quoteEscape: FilterSemantics['quoteEscape']): Token[] {
	const tokens: Token[] = [];
	let i = 0;
	while (i < input.length) {
		const ch = input[i];
		if (/\s/.test(ch)) {
			i++;
			continue;
		}
		if (ch === '(' || ch === ')') {
			tokens.push({ kind: ch === '(' ? 'lparen' : 'rparen', pos: i });
			i++;
			continue;
		}
		if (ch === "'") {
			const start = i;
			let value = '';
			i++;
			for (;;) {
				if (i >= input.length) throw new FilterError(`Unterminated string starting at position ${start}`);
				if (input[i] === "'") {
					if (quoteEscape === 'double' && input[i + 1] === "'") {
						value += "'";
						i += 2;
						continue;
					}
					i++;
					break;
				}
				value += input[i++];
			}
			tokens.push({ kind: 'string', value, pos: start });
			continue;
		}
		NUMBER.lastIndex = i;
		const number = NUMBER.exec(input);
		if (number) {
			tokens.push({ kind: 'number', text: number[0], pos: i });
			i += number[0].length;
			continue;
		}
		WORD.lastIndex = i;
		const word = WORD.exec(input);
		if (word) {
			tokens.push({ kind: 'word', text: word[0], pos: i });
			i += word[0].length;
			continue;
		}
		throw new FilterError(`Unexpected character '${ch}' at position ${i}`);
	}
	return tokens;
}

class Parser {
	private index = 0;

	constructor(
		private readonly tokens: Token[],
		private readonly semantics: FilterSemantics,
	) {}

	parse(): FilterNode {
		const node = this.parseOr();
		const rest = this.tokens[this.index];
		if (rest) throw new FilterError(`Unexpected ${describe(rest)} at position ${rest.pos}`);
		return node;
	}

	private parseOr(): FilterNode {
		const terms = [this.parseAnd()];
		while (this.isKeyword('or')) {
			if (!this.semantics.dialect.or) throw new FilterError("Operator 'or' is not supported");
			this.index++;
			terms.push(this.parseAnd());
		}
		return terms.length === 1 ? terms[0] : { type: 'or', terms };
	}

	private parseAnd(): FilterNode {
		const terms = [this.parsePrimary()];
		while (this.isKeyword('and')) {
			this.index++;
			terms.push(this.parsePrimary());
		}
		return terms.length === 1 ? terms[0] : { type: 'and', terms };
	}

	private parsePrimary(): FilterNode {
		const token = this.next('a condition');
		if (token.kind === 'lparen') {
			if (!this.semantics.dialect.or) throw new FilterError('Parentheses are not supported');
			const inner = this.parseOr();
			const close = this.next("')'");
			if (close.kind !== 'rparen') throw new FilterError(`Expected ')' at position ${close.pos}`);
			return inner;
		}
		if (token.kind !== 'word' || isLogical(token.text)) {
			throw new FilterError(`Expected a field name at position ${token.pos}, got ${describe(token)}`);
		}
		const opToken = this.next('an operator');
		const op = opToken.kind === 'word' ? this.keyword(opToken.text) : '';
		if (!OPERATORS.has(op)) throw new FilterError(`Expected an operator at position ${opToken.pos}`);
		if (EXTENDED_OPERATORS.has(op) && !this.semantics.dialect.comparisons) {
			throw new FilterError(`Operator '${op}' is not supported`);
		}
		return { type: 'compare', field: token.text.toLowerCase(), op: op as ComparisonOp, literal: this.literal() };
	}

	private literal(): Literal {
		const token = this.next('a value');
		if (token.kind === 'string') return { kind: 'string', value: token.value };
		if (token.kind === 'number') return { kind: 'number', value: Number(token.text), text: token.text };
		if (token.kind === 'word' && /^(true|false)$/.test(this.keyword(token.text))) {
			return { kind: 'boolean', value: this.keyword(token.text) === 'true' };
		}
		throw new FilterError(`Expected a value at position ${token.pos}, got ${describe(token)}`);
	}

	private isKeyword(keyword: string): boolean {
		const token = this.tokens[this.index];
		return token?.kind === 'word' && this.keyword(token.text) === keyword;
	}

	/** A word as a keyword: lower-cased, unless the dialect takes lower-case keywords only (then as written). */
	private keyword(text: string): string {
		return this.semantics.dialect.lowerCaseKeywords ? text : text.toLowerCase();
	}

	private next(expected: string): Token {
		const token = this.tokens[this.index++];
		if (!token) throw new FilterError(`Unexpected end of filter, expected ${expected}`);
		return token;
	}
}

function isLogical(word: string): boolean {
	return /^(and|or)$/i.test(word);
}

function describe(token: Token): string {
	if (token.kind === 'word' || token.kind === 'number') return `'${token.text}'`;
	if (token.kind === 'string') return 'a string';
	return token.kind === 'lparen' ? "'('" : "')'";
}

/** Parse a filter; an empty or blank filter means "no filter" (reference Q3: `&filter=` was tolerated). */
export function parseFilter(input: string, semantics: FilterSemantics): FilterNode | undefined {
	if (input.trim() === '') return undefined;
	return new Parser(tokenize(input, semantics.quoteEscape), semantics).parse();
}

export type RecordPredicate = (record: BouwsoftRecord) => boolean;

/** Check fields and types against the resource and build a fast predicate. */
export function compileFilter(node: FilterNode, resource: BouwsoftResource, semantics: FilterSemantics): RecordPredicate {
	if (node.type === 'and') {
		const terms = node.terms.map((t) => compileFilter(t, resource, semantics));
		return (record) => terms.every((t) => t(record));
	}
	if (node.type === 'or') {
		const terms = node.terms.map((t) => compileFilter(t, resource, semantics));
		return (record) => terms.some((t) => t(record));
	}
	const type = fieldType(resource, node.field);
	if (!type) throw new FilterError(`Unknown field '${node.field}' on ${resource}`);
	const compare = comparator(type, node.field, node.literal, semantics);
	const field = node.field;
	const test = OP_TESTS[node.op];
	return (record) => test(compare(record[field]));
}

const OP_TESTS: Record<ComparisonOp, (cmp: number) => boolean> = {
	eq: (c) => c === 0,
	ne: (c) => c !== 0,
	gt: (c) => c > 0,
	ge: (c) => c >= 0,
	lt: (c) => c < 0,
	le: (c) => c <= 0,
};

/** Returns a function comparing a record value with the literal: <0, 0, >0. */
function comparator(type: FieldType, field: string, literal: Literal, semantics: FilterSemantics): (v: unknown) => number {
	if (type === 'number') {
		const expected = literal.kind === 'string' && literal.value.trim() !== '' ? Number(literal.value) : literal.value;
		if (typeof expected !== 'number' || Number.isNaN(expected)) {
			throw new FilterError(`Field '${field}' is a number; cannot compare it with ${JSON.stringify(literal.value)}`);
		}
		return (v) => Math.sign(Number(v) - expected);
	}
	if (type === 'boolean') {
		const expected = toBoolean(literal);
		if (expected === undefined) {
			throw new FilterError(`Field '${field}' is a boolean; cannot compare it with ${JSON.stringify(literal.value)}`);
		}
		return (v) => Number(Boolean(v)) - Number(expected);
	}
	const raw = literal.kind === 'number' ? literal.text : String(literal.value);
	const normalise = stringNormaliser(semantics);
	const expected = normalise(raw);
	return (v) => compareStrings(normalise(typeof v === 'string' ? v : String(v)), expected);
}

function toBoolean(literal: Literal): boolean | undefined {
	if (literal.kind === 'boolean') return literal.value;
	if (literal.kind === 'number') return literal.value === 1 ? true : literal.value === 0 ? false : undefined;
	const lower = literal.value.toLowerCase();
	return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

export function stringNormaliser(semantics: Pick<FilterSemantics, 'sqlPadding' | 'caseInsensitiveStrings'>): (s: string) => string {
	const { sqlPadding, caseInsensitiveStrings } = semantics;
	if (!sqlPadding && !caseInsensitiveStrings) return (s) => s;
	return (s) => {
		const padded = sqlPadding && s.charCodeAt(s.length - 1) === 32 ? s.replace(/ +$/, '') : s;
		return caseInsensitiveStrings ? padded.toLowerCase() : padded;
	};
}

/** Ordinal (code unit) comparison, so `ts_lastupdate` strings sort chronologically. */
export function compareStrings(a: string, b: string): number {
	return a === b ? 0 : a < b ? -1 : 1;
}
