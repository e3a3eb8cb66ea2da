import { columnsQuery, encodeColumns, recordChange } from '../../../../nodes/Bouwsoft/transport/write';

describe('Bouwsoft writes: the columns parameter', () => {
	it('strings and dates quoted, numbers and booleans bare, in the given order', () => {
		expect(encodeColumns({ assignment_id: 1496, employee_id: 14, from: 7, to: 17, break: 1, date: '2022-10-24' })).toBe(
			"assignment_id=1496,employee_id=14,from=7,to=17,break=1,date='2022-10-24'",
		);
		expect(encodeColumns({ execute: false, ok: true, quantity: 2.5 })).toBe('execute=false,ok=true,quantity=2.5');
	});

	it('decimal hours: a dot, no exponent, at most 6 decimals', () => {
		expect(encodeColumns({ from: 7.333333333, to: 0.0000001, q: 1e21 - 1e5, n: -2.5 })).toBe('from=7.333333,to=0,q=999999999999999900000,n=-2.5');
		expect(() => encodeColumns({ q: Number.NaN })).toThrow();
	});

	it('a quote inside a value is doubled; commas and = inside quotes stay part of the value', () => {
		expect(encodeColumns({ description: "Kabel 3x2,5 'grijs' a=b" })).toBe("description='Kabel 3x2,5 ''grijs'' a=b'");
	});

	it('rejects column names that could change the meaning', () => {
		expect(() => encodeColumns({ 'a=1,b': 1 })).toThrow(/column name/);
		expect(() => encodeColumns({ "note'": 'x' })).toThrow(/column name/);
	});

	it('URL-encodes the whole value (spaces %20, commas, equals signs, new lines), quotes readable', () => {
		const query = columnsQuery({ note_technician: "Regel 1\nIt's klaar, 100% ok", date: '2026-03-12' });
		expect(query).toBe("columns=note_technician%3D'Regel%201%0AIt''s%20klaar%2C%20100%25%20ok'%2Cdate%3D'2026-03-12'");
		// A server decoding the query gets the columns value back exactly.
		expect(new URLSearchParams(query).get('columns')).toBe("note_technician='Regel 1\nIt''s klaar, 100% ok',date='2026-03-12'");
	});

	it('reads the RecordChanges row of a write answer (object or JSON text), nothing else', () => {
		expect(recordChange({ RecordChanges: [{ id: 5, quantity: 2 }] })).toEqual({ id: 5, quantity: 2 });
		expect(recordChange('{"RecordChanges":[{"id":6}]}')).toEqual({ id: 6 });
		expect(recordChange({ RecordChanges: [] })).toBeUndefined();
		expect(recordChange('<html>')).toBeUndefined();
		expect(recordChange({ Records: [{ id: 1 }] })).toBeUndefined();
		expect(recordChange(null)).toBeUndefined();
	});
});
