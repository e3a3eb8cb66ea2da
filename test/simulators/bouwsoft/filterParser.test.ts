import { compileFilter, FilterError, parseFilter, tokenize } from './filterParser';
import { completeRecord } from './schema';
import type { BouwsoftRecord, FilterSemantics } from './types';

const FULL: FilterSemantics = {
	dialect: { comparisons: true, or: true },
	quoteEscape: 'double',
	caseInsensitiveStrings: false,
	sqlPadding: true,
};

const products: BouwsoftRecord[] = [
	completeRecord('Products', { id: 1, list: 'VERF', group: '01 Levis', nr1: '190165', price_catalogue: 10, active: true, ts_lastupdate: '2024-05-01 13:45:00' }),
	completeRecord('Products', { id: 2, list: 'VERF', group: '', nr1: 'H.018', price_catalogue: 25.5, active: false, ts_lastupdate: '2024-05-01 13:45:01' }),
	completeRecord('Products', { id: 3, list: 'SANITAIR', group: 'Kranen', nr1: '007', price_catalogue: 9.99, active: true, ts_lastupdate: '2024-05-02 08:00:00' }),
	completeRecord('Products', { id: 4, list: 'ELEKTRO', group: 'Kabels', nr1: 'E-1', price_catalogue: 100, active: true, description: "Bakkerij 't Hoekske", ts_lastupdate: '2023-12-31 23:59:59' }),
	completeRecord('Products', { id: 5, list: 'verf', group: ' ', nr1: 'x', price_catalogue: 0, active: true, description: "a' or '1'='1", ts_lastupdate: '2024-05-01 13:45:00' }),
];

function ids(filter: string, semantics: FilterSemantics = FULL): number[] {
	const node = parseFilter(filter, semantics);
	if (!node) return products.map((p) => p.id);
	const predicate = compileFilter(node, 'Products', semantics);
	return products.filter(predicate).map((p) => p.id);
}

function rejects(filter: string, semantics: FilterSemantics = FULL): string {
	try {
		const node = parseFilter(filter, semantics);
		if (node) compileFilter(node, 'Products', semantics);
	} catch (error) {
		expect(error).toBeInstanceOf(FilterError);
		return (error as Error).message;
	}
	throw new Error(`Filter was accepted: ${filter}`);
}

describe('Bouwsoft filter tokenizer', () => {
	it('splits words, numbers, strings and parentheses and keeps positions', () => {
		const tokens = tokenize("(price_catalogue ge -1.5 and list eq 'A B')", 'double');
		expect(tokens.map((t) => t.kind)).toEqual(['lparen', 'word', 'word', 'number', 'word', 'word', 'word', 'string', 'rparen']);
		expect(tokens[3]).toMatchObject({ kind: 'number', text: '-1.5' });
		expect(tokens[7]).toMatchObject({ kind: 'string', value: 'A B', pos: 37 });
	});

	it('reads a doubled quote as one quote only in double mode', () => {
		expect(tokenize("'it''s'", 'double')).toEqual([{ kind: 'string', value: "it's", pos: 0 }]);
		expect(tokenize("'it''s'", 'none')).toEqual([{ kind: 'string', value: 'it', pos: 0 }, { kind: 'string', value: 's', pos: 4 }]);
	});

	it('rejects unterminated strings and stray characters', () => {
		expect(() => tokenize("list eq 'VERF", 'double')).toThrow(/Unterminated/);
		expect(() => tokenize('list = 1', 'double')).toThrow(/Unexpected character '='/);
		expect(() => tokenize('nr1 eq 12abc', 'double')).toThrow(FilterError);
	});
});

describe('Bouwsoft filter comparisons', () => {
	it.each([
		['price_catalogue eq 10', [1]],
		['price_catalogue ne 10', [2, 3, 4, 5]],
		['price_catalogue gt 10', [2, 4]],
		['price_catalogue ge 10', [1, 2, 4]],
		['price_catalogue lt 10', [3, 5]],
		['price_catalogue le 10', [1, 3, 5]],
		['price_catalogue eq 25.50', [2]],
	])('numbers compare numerically: %s', (filter, expected) => {
		expect(ids(filter)).toEqual(expected);
	});

	it('compares strings as strings, also when the value looks like a number', () => {
		expect(ids("nr1 eq '190165'")).toEqual([1]);
		expect(ids('nr1 eq 190165')).toEqual([1]);
		expect(ids('nr1 eq 007')).toEqual([3]); // the raw text, not the number 7
		expect(ids("nr1 gt 'H'")).toEqual([2, 5]); // ordinal: 'H.018' and 'x' sort after 'H'
	});

	it('compares ts_lastupdate as its string form', () => {
		expect(ids("ts_lastupdate gt '2024-05-01 13:45:00'")).toEqual([2, 3]);
		expect(ids("ts_lastupdate ge '2024-05-01 13:45:00'")).toEqual([1, 2, 3, 5]);
		expect(ids("ts_lastupdate lt '2024-01-01 00:00:00'")).toEqual([4]);
	});

	it('compares booleans with true/false in any case, and with 1/0', () => {
		expect(ids('active eq true')).toEqual([1, 3, 4, 5]);
		expect(ids('active eq FALSE')).toEqual([2]);
		expect(ids('active ne 1')).toEqual([2]);
	});

	it("ignores trailing spaces like SQL (so `group ne ' '` drops blank groups) unless sqlPadding is off", () => {
		expect(ids("group ne ' '")).toEqual([1, 3, 4]);
		expect(ids("group ne ' '", { ...FULL, sqlPadding: false })).toEqual([1, 2, 3, 4]);
	});

	it('is case-sensitive by default and case-insensitive on request', () => {
		expect(ids("list eq 'VERF'")).toEqual([1, 2]);
		expect(ids("list eq 'VERF'", { ...FULL, caseInsensitiveStrings: true })).toEqual([1, 2, 5]);
	});
});

describe('Bouwsoft filter logic', () => {
	it('combines with and/or in any case; and binds tighter than or', () => {
		expect(ids("list eq 'VERF' and active eq true")).toEqual([1]);
		expect(ids("list eq 'VERF' AND active eq true")).toEqual([1]);
		expect(ids("list eq 'SANITAIR' or list eq 'ELEKTRO' and price_catalogue gt 50")).toEqual([3, 4]);
		expect(ids("list eq 'ELEKTRO' Or list eq 'SANITAIR' and price_catalogue gt 50")).toEqual([4]);
	});

	it('honours parentheses (the shape S1 sends for products)', () => {
		expect(ids("ts_lastupdate gt '2024-01-01 00:00:00' AND (list eq 'VERF' OR list eq 'ELEKTRO')")).toEqual([1, 2]);
		expect(ids("(list eq 'SANITAIR' or list eq 'ELEKTRO') and price_catalogue gt 50")).toEqual([4]);
		expect(ids("((list eq 'VERF'))")).toEqual([1, 2]);
	});

	it('treats an empty filter as no filter', () => {
		expect(ids('')).toEqual([1, 2, 3, 4, 5]);
		expect(ids('   ')).toEqual([1, 2, 3, 4, 5]);
	});

	it.each([
		['list eq', /expected a value/],
		["list 'VERF'", /Expected an operator/],
		["list like 'V%'", /Expected an operator/],
		["list eq 'VERF' and", /expected a condition/],
		["list eq 'VERF' AND ()", /Expected a field name/],
		["(list eq 'VERF'", /expected '\)'/],
		["list eq 'VERF')", /Unexpected '\)'/],
		["'list eq 1'", /Expected a field name/],
		["list eq 'A' list eq 'B'", /Unexpected 'list'/],
		['list eq VERF', /Expected a value/],
	])('rejects bad syntax: %s', (filter, message) => {
		expect(rejects(filter)).toMatch(message);
	});

	it('rejects unknown fields and values of the wrong type', () => {
		expect(rejects("colour eq 'red'")).toMatch(/Unknown field 'colour' on Products/);
		expect(rejects("price_catalogue gt 'abc'")).toMatch(/is a number/);
		expect(rejects("active eq 'yes'")).toMatch(/is a boolean/);
	});
});

describe('Bouwsoft filter quoting and dialects', () => {
	it('keeps injection-looking strings literal', () => {
		expect(ids("description eq 'a'' or ''1''=''1'")).toEqual([5]);
		expect(ids("description eq 'x'' or list ne ''zzz'")).toEqual([]);
		expect(ids("description eq 'x or 1 eq 1'")).toEqual([]);
		expect(ids("description eq 'Bakkerij ''t Hoekske'")).toEqual([4]);
	});

	it("with quoteEscape 'none' a doubled quote ends the string, so such filters are 400", () => {
		const none: FilterSemantics = { ...FULL, quoteEscape: 'none' };
		expect(rejects("description eq 'Bakkerij ''t Hoekske'", none)).toMatch(/Unexpected/);
		expect(rejects("description eq 'a'' or ''1''=''1'", none)).toMatch(/Unexpected|Expected/);
		expect(ids("list eq 'VERF'", none)).toEqual([1, 2]);
	});

	it('rejects lt/ge/le when the dialect has no extra comparisons', () => {
		const confirmed: FilterSemantics = { ...FULL, dialect: { comparisons: false, or: true } };
		for (const op of ['lt', 'ge', 'le']) expect(rejects(`price_catalogue ${op} 1`, confirmed)).toMatch(`'${op}' is not supported`);
		expect(ids('price_catalogue gt 50 and price_catalogue ne 100', confirmed)).toEqual([]);
	});

	it('rejects or and parentheses when the dialect has no or', () => {
		const noOr: FilterSemantics = { ...FULL, dialect: { comparisons: true, or: false } };
		expect(rejects("list eq 'A' or list eq 'B'", noOr)).toMatch(/'or' is not supported/);
		expect(rejects("(list eq 'A')", noOr)).toMatch(/Parentheses are not supported/);
		expect(ids("list eq 'VERF' and active eq false", noOr)).toEqual([2]);
	});
});
