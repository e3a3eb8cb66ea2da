import {
	CONFIRMED_DIALECT,
	EXTENDED_DIALECT,
	and,
	canPushDown,
	evaluateFilter,
	formatValue,
	splitForPushDown,
	toFilterString,
	type FilterExpr,
} from '../../../nodes/Bouwsoft/transport/query';

describe('Bouwsoft filter expressions', () => {
	it('serialises the confirmed forms exactly as Bouwsoft documents them', () => {
		expect(toFilterString({ field: 'project_pnr', op: 'eq', value: 20170312 })).toBe('project_pnr eq 20170312');
		expect(toFilterString({ field: 'nr1', op: 'eq', value: 'H.018' })).toBe("nr1 eq 'H.018'");
		expect(
			toFilterString({
				and: [
					{ field: 'approved', op: 'eq', value: true },
					{ field: 'completed', op: 'eq', value: false },
				],
			}),
		).toBe('approved eq true and completed eq false');
	});

	it('parenthesises nested disjunctions', () => {
		const expr: FilterExpr = {
			and: [
				{ field: 'ts_lastupdate', op: 'gt', value: '2024-05-01 13:45:00' },
				{ or: [{ field: 'list', op: 'eq', value: 'A' }, { field: 'list', op: 'eq', value: 'B' }] },
			],
		};
		expect(toFilterString(expr)).toBe("ts_lastupdate gt '2024-05-01 13:45:00' and (list eq 'A' or list eq 'B')");
	});

	it.each([
		["Bakkerij 't Hoekske"],
		["x' or 1 eq 1 or name eq 'y"],
		['line\nbreak'],
		['say "hi"'],
		['a'.repeat(501)],
	])('never sends an unsafe value: %p', (value) => {
		expect(canPushDown({ field: 'name', op: 'eq', value }, EXTENDED_DIALECT)).toBe(false);
		expect(() => formatValue(value)).toThrow();
	});

	it('rejects field names that are not plain identifiers', () => {
		expect(canPushDown({ field: 'name eq 1 or id', op: 'eq', value: 1 }, EXTENDED_DIALECT)).toBe(false);
		expect(() => toFilterString({ field: 'a b', op: 'eq', value: 1 })).toThrow(/Invalid Bouwsoft field/);
	});

	it('keeps unconfirmed syntax local in the confirmed dialect', () => {
		const lt: FilterExpr = { field: 'pnr', op: 'lt', value: 5 };
		const or: FilterExpr = { or: [{ field: 'list', op: 'eq', value: 'A' }] };
		expect(canPushDown(lt, CONFIRMED_DIALECT)).toBe(false);
		expect(canPushDown(lt, EXTENDED_DIALECT)).toBe(true);
		expect(canPushDown(or, CONFIRMED_DIALECT)).toBe(false);
		expect(canPushDown(or, EXTENDED_DIALECT)).toBe(true);
	});

	it('splits a conjunction into pushed and local parts', () => {
		const expr = and(
			{ field: 'approved', op: 'eq', value: true },
			{ field: 'pnr', op: 'lt', value: 20200000 },
			{ field: 'name', op: 'eq', value: "'t Hoekske" },
		);
		const { pushed, local } = splitForPushDown(expr, CONFIRMED_DIALECT);
		expect(pushed).toEqual({ field: 'approved', op: 'eq', value: true });
		expect(local).toEqual({
			and: [
				{ field: 'pnr', op: 'lt', value: 20200000 },
				{ field: 'name', op: 'eq', value: "'t Hoekske" },
			],
		});
		expect(splitForPushDown(undefined, CONFIRMED_DIALECT)).toEqual({});
	});

	it('evaluates locally with the same meaning as the server', () => {
		const record = { pnr: 20200001, name: "Bakkerij 't Hoekske", approved: true, ts_lastupdate: '2024-05-01 13:45:01' };
		expect(evaluateFilter(record, { field: 'pnr', op: 'gt', value: 20200000 })).toBe(true);
		expect(evaluateFilter(record, { field: 'pnr', op: 'le', value: 20200000 })).toBe(false);
		expect(evaluateFilter(record, { field: 'name', op: 'eq', value: "Bakkerij 't Hoekske" })).toBe(true);
		expect(evaluateFilter(record, { field: 'approved', op: 'eq', value: false })).toBe(false);
		expect(evaluateFilter(record, { field: 'ts_lastupdate', op: 'gt', value: '2024-05-01 13:45:00' })).toBe(true);
		expect(evaluateFilter(record, { field: 'missing', op: 'ne', value: 1 })).toBe(true);
		expect(evaluateFilter(record, { field: 'missing', op: 'gt', value: 1 })).toBe(false);
		expect(
			evaluateFilter(record, { or: [{ field: 'pnr', op: 'eq', value: 1 }, { field: 'approved', op: 'eq', value: true }] }),
		).toBe(true);
	});
});
