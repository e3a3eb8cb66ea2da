import { ColumnsError, parseColumns, typeCheckColumns } from './columns';

describe('Bouwsoft simulator: the columns parameter of writes', () => {
	const parsed = (text: string) => Object.fromEntries(parseColumns(text).map((c) => [c.field, c.value]));

	it("parses the docs' example: bare numbers, a quoted date", () => {
		expect(parseColumns("assignment_id=1496,employee_id=532,from=7,to=17,break=1,date='2022-10-24'")).toEqual([
			{ field: 'assignment_id', value: 1496 },
			{ field: 'employee_id', value: 532 },
			{ field: 'from', value: 7 },
			{ field: 'to', value: 17 },
			{ field: 'break', value: 1 },
			{ field: 'date', value: '2022-10-24' },
		]);
	});

	it("keeps commas and = inside quotes, '' as one quote, and reads decimals, negatives and booleans", () => {
		expect(parsed("description='Schroeven, 4x40 = doos',note_technician='Klant''s sleutel',from=7.5,quantity=-2,ok=true,responsible=false")).toEqual({
			description: 'Schroeven, 4x40 = doos',
			note_technician: "Klant's sleutel",
			from: 7.5,
			quantity: -2,
			ok: true,
			responsible: false,
		});
	});

	it('tolerates spaces around names, = and commas, and keeps spaces inside quotes', () => {
		expect(parsed(" title = ' twee  spaties ' , nr = 12 ")).toEqual({ title: ' twee  spaties ', nr: 12 });
		expect(parsed("subject=''")).toEqual({ subject: '' });
		expect(parsed("note_technician='regel 1\nregel 2 😊'")).toEqual({ note_technician: 'regel 1\nregel 2 😊' });
	});

	it.each([
		['', /no field=value/],
		['   ', /no field=value/],
		['from=7,', /trailing comma/],
		['from', /expected "="/],
		['=7', /expected a field name/],
		['from=', /no value for from/],
		['from=7,5', /a decimal uses a dot/],
		["date=2022-10-24", /quote strings and dates/],
		['name=Jan', /quote strings and dates/],
		['from=7.', /quote strings and dates/],
		["title='open", /unterminated string/],
		["title='a' nr=1", /expected ","/],
		['from=7,from=8', /from given twice/],
	])('rejects %j', (text, message) => {
		expect(() => parseColumns(text)).toThrow(ColumnsError);
		expect(() => parseColumns(text)).toThrow(message);
	});

	describe('checked against the resource', () => {
		const check = (resource: Parameters<typeof typeCheckColumns>[0], text: string) => typeCheckColumns(resource, parseColumns(text));

		it('accepts fields of the resource with their types', () => {
			expect(check('AssignmentLabor', "assignment_id=3,from=7.5,ok=true,date='2024-02-29',job_code='01'")).toEqual({
				assignment_id: 3,
				from: 7.5,
				ok: true,
				date: '2024-02-29',
				job_code: '01',
			});
		});

		it('names an unknown column', () => {
			expect(() => check('AssignmentLabor', 'hours=3')).toThrow('Unknown column hours on AssignmentLabor');
		});

		it('rejects a wrong value type: an unquoted code, a quoted number, a number for a boolean', () => {
			expect(() => check('AssignmentLabor', 'job_code=01')).toThrow("Column job_code on AssignmentLabor expects a string (quoted: '...'), got 1");
			expect(() => check('AssignmentLabor', "from='7'")).toThrow("expects a number, got '7'");
			expect(() => check('AssignmentProducts', 'ok=1')).toThrow('expects a boolean, got 1');
		});

		it("rejects a date that is not 'yyyy-MM-dd' or not in the calendar", () => {
			expect(() => check('AssignmentLabor', "date='24-10-2022'")).toThrow("expects a date 'yyyy-MM-dd'");
			expect(() => check('AssignmentLabor', "date='2023-02-29'")).toThrow("expects a date 'yyyy-MM-dd'");
		});

		it('enforces the documented 100-character title and subject of Assignments', () => {
			expect(() => check('Assignments', `subject='${'x'.repeat(101)}'`)).toThrow('longer than 100 characters');
			expect(check('Assignments', `subject='${'é'.repeat(100)}'`).subject).toHaveLength(100);
		});
	});
});
