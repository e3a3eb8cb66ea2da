import { existingLineKey, existingLines, hoursKey, materialKey, matchLines } from '../../../../nodes/Bouwsoft/booking/keys';
import { parseQuantity, quantityKey } from '../../../../nodes/Bouwsoft/booking/quantity';

describe('booking: OutSmart quantities', () => {
	it.each<[unknown, number | undefined]>([
		[2, 2],
		[2.5, 2.5],
		['2', 2],
		['2,5', 2.5],
		['2.5', 2.5],
		[' 12,75 ', 12.75],
		['1.250,5', 1250.5],
		['1,250.5', 1250.5],
		['1,250', 1.25],
		[',5', 0.5],
		['-1', -1],
		['abc', undefined],
		['2,5,1', undefined],
		['', undefined],
		[null, undefined],
		[Number.NaN, undefined],
	])('%p → %p', (input, expected) => {
		expect(parseQuantity(input)).toBe(expected);
	});

	it('keys ignore float noise', () => {
		expect(quantityKey(2.5)).toBe('2.5');
		expect(quantityKey(0.1 + 0.2)).toBe('0.3');
		expect(quantityKey(-0)).toBe('0');
	});
});

describe('booking: natural keys of Bouwsoft lines', () => {
	it('hours: date + employee + from + to in minutes, whatever the number noise or date format', () => {
		const key = hoursKey('2026-03-12', 14, 450, 960);
		expect(key).toBe('hours|2026-03-12|14|07:30|16:00');
		expect(existingLineKey('hours', { date: '2026-03-12', employee_id: 14, from: 7.5, to: 16, break: 0.5, job_id: 3 })).toBe(key);
		expect(existingLineKey('hours', { date: '2026-03-12 00:00:00', employee_id: '14', from: 7.50000001, to: '16', break: 0 })).toBe(key);
		// Job and break are not part of the key: an office correction does not make the line "missing".
		expect(existingLineKey('hours', { date: '2026-03-12', employee_id: 14, from: 7.5, to: 16, break: 1, job_id: 9 })).toBe(key);
		expect(existingLineKey('hours', { date: '', employee_id: 14, from: 7.5, to: 16 })).toBeUndefined();
		expect(existingLineKey('hours', { date: '2026-03-12', employee_id: 14, from: 'x', to: 16 })).toBeUndefined();
	});

	it('material: date + product + quantity; free text (product 0) by its description', () => {
		expect(materialKey('2026-03-12', 77, 'ignored', 2.5)).toBe('material|2026-03-12|77|2.5');
		expect(existingLineKey('material', { date: '2026-03-12', product_id: 77, quantity: 2.5, description: 'Kabel' })).toBe('material|2026-03-12|77|2.5');
		const free = materialKey('2026-03-12', 0, 'Kabel  3x2,5 (K-99)', 10);
		expect(free).toBe('material|2026-03-12|text:kabel 3x2,5 (k-99)|10');
		expect(existingLineKey('material', { date: '2026-03-12', product_id: 0, quantity: 10, description: ' Kabel 3x2,5 (K-99) ' })).toBe(free);
		expect(existingLineKey('material', { date: '2026-03-12', product_id: 0, quantity: 'x' })).toBeUndefined();
	});

	it('rows without a readable key or id are left out', () => {
		expect(existingLines('hours', [{ id: 5, date: '2026-03-12', employee_id: 1, from: 8, to: 9 }, { id: 6, date: 'x' }, { date: '2026-03-12', employee_id: 1, from: 8, to: 9 }])).toEqual([
			{ kind: 'hours', id: 5, key: 'hours|2026-03-12|1|08:00|09:00' },
		]);
	});
});

describe('booking: multiset matching', () => {
	it('each existing line is used once; two identical desired lines need two existing ones', () => {
		const existing = [
			{ id: 11, key: 'A' },
			{ id: 12, key: 'B' },
		];
		expect(matchLines(['A', 'A', 'B', 'C'], existing)).toEqual([11, undefined, 12, undefined]);
		expect(matchLines(['A', 'A'], [...existing, { id: 13, key: 'A' }])).toEqual([11, 13]);
	});

	it('lowest id first, whatever the order Bouwsoft answered in (the same answer every round)', () => {
		expect(matchLines(['A'], [{ id: 30, key: 'A' }, { id: 4, key: 'A' }])).toEqual([4]);
	});

	it('extra existing lines (typed in by the office) do not matter', () => {
		expect(matchLines(['A'], [{ id: 1, key: 'Z' }, { id: 2, key: 'A' }, { id: 3, key: 'A' }])).toEqual([2]);
		expect(matchLines([], [{ id: 1, key: 'A' }])).toEqual([]);
	});
});

describe('booking: materials of a reopened order (a later work date)', () => {
	const on = (date: string, product: number, quantity: number) => materialKey(date, product, '', quantity);

	it('a material booked under an earlier date is found without its date, so it is not booked again', () => {
		const existing = [{ id: 1, key: on('2026-03-12', 501, 2) }];
		expect(matchLines([on('2026-03-14', 501, 2), on('2026-03-14', 501, 2)], existing)).toEqual([1, undefined]);
	});

	it('lines with their own date go first; the loose match only takes what is left', () => {
		const existing = [
			{ id: 1, key: on('2026-03-12', 501, 2) },
			{ id: 2, key: on('2026-03-14', 501, 2) },
		];
		expect(matchLines([on('2026-03-14', 501, 2), on('2026-03-14', 501, 2)], existing)).toEqual([2, 1]);
		expect(matchLines([on('2026-03-14', 501, 3)], existing)).toEqual([undefined]);
	});

	it('hours are never matched without their date, and ids of both kinds may be equal', () => {
		expect(matchLines(['hours|2026-03-14|5|08:00|09:00'], [{ id: 1, key: 'hours|2026-03-12|5|08:00|09:00' }])).toEqual([undefined]);
		const both = [
			{ id: 1, key: 'hours|2026-03-12|5|08:00|09:00' },
			{ id: 1, key: on('2026-03-12', 501, 2) },
		];
		expect(matchLines(['hours|2026-03-12|5|08:00|09:00', on('2026-03-13', 501, 2)], both)).toEqual([1, 1]);
	});

	it('free text with a | in it', () => {
		const key = materialKey('2026-03-12', 0, 'Kabel | grijs', 1);
		expect(matchLines([materialKey('2026-03-20', 0, 'Kabel | grijs', 1)], [{ id: 4, key }])).toEqual([4]);
	});
});
