import { anyOf, boundedRead, chooseLookup, isDense, wholeNumbers } from '../../../nodes/Bouwsoft/transport/lookup';
import { CONFIRMED_DIALECT, EXTENDED_DIALECT, toFilterString } from '../../../nodes/Bouwsoft/transport/query';

describe('lookup strategy', () => {
	const range = (from: number, n: number, step = 1) => Array.from({ length: n }, (_, i) => from + i * step);

	it('dense ids with lt available: one range; scattered ones: or batches', () => {
		expect(chooseLookup(1000, range(1, 1000), EXTENDED_DIALECT, 10)).toBe('range');
		expect(chooseLookup(100, range(1, 100, 10), EXTENDED_DIALECT, 10)).toBe('orBatches');
		expect(chooseLookup(1, [7], EXTENDED_DIALECT, 10)).toBe('orBatches');
		expect(chooseLookup(3, undefined, EXTENDED_DIALECT, 10)).toBe('orBatches');
	});

	it('confirmed dialect: a few values one by one, many as the tail from the smallest, text values as a full read', () => {
		expect(chooseLookup(10, range(1, 10, 100), CONFIRMED_DIALECT, 10)).toBe('perValue');
		expect(chooseLookup(11, range(1, 11), CONFIRMED_DIALECT, 10)).toBe('tail');
		expect(chooseLookup(500, range(1, 500, 20), CONFIRMED_DIALECT, 10)).toBe('tail');
		expect(chooseLookup(11, undefined, CONFIRMED_DIALECT, 10)).toBe('full');
	});

	it('density: the span may be twice the number of values', () => {
		expect(isDense(range(1, 50, 2))).toBe(true);
		expect(isDense(range(1, 50, 3))).toBe(false);
		expect(isDense([])).toBe(false);
	});

	it('whole numbers only (a leading zero or text keeps the values out of ranges)', () => {
		expect(wholeNumbers(['1', '20', '-3'])).toEqual([1, 20, -3]);
		expect(wholeNumbers(['1', 'A1'])).toBeUndefined();
		expect(wholeNumbers(['1.5'])).toBeUndefined();
	});

	it('queries: bounds on a field, or the keyset position on id', () => {
		expect(toFilterString(boundedRead('address_id', 9, 21).filter!)).toBe('address_id gt 9 and address_id lt 21');
		expect(toFilterString(boundedRead('address_id', 9).filter!)).toBe('address_id gt 9');
		expect(boundedRead('id', 9, 21)).toEqual({ afterId: 9, filter: { field: 'id', op: 'lt', value: 21 } });
		expect(boundedRead('id', 9)).toEqual({ afterId: 9, filter: undefined });
		expect(toFilterString(anyOf('project_id', ['4', '5']))).toBe('project_id eq 4 or project_id eq 5');
		expect(toFilterString(anyOf('code', ['A']))).toBe("code eq 'A'");
	});
});
