import {
	evaluateProjectFilter,
	ProjectFilterConfigError,
	validateProjectFilter,
	type ProjectFilterConfig,
	type ProjectRule,
	type RuleCondition,
} from '../../../nodes/Bouwsoft/rules/projectRules';

/** An approved, running project as the trigger emits it (Bouwsoft names, client attached). */
function project(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		id: 41,
		pnr: 20240012,
		unr: 12,
		name: 'Renovatie badkamer Peeters',
		client_name: 'Peeters Bouw BV',
		client_addressid: 7,
		city: 'Liège',
		zipcode: '4000',
		approved: true,
		rejected: false,
		completed: false,
		active: true,
		currentphase_title: 'Uitvoering',
		date_created: '2024-04-12',
		date_approved: '2024-05-01',
		date_completed: '',
		date_rejected: '',
		contractamount: 1500.5,
		yourreference: '',
		list: 'RENOVATIE',
		group: 'Badkamers',
		company_name: 'Demo Bouw',
		ts_lastupdate: '2024-05-01 13:45:00',
		client: { id: 7, clientnr: 1001, name: 'Peeters Bouw BV', city: 'Gent', active: true },
		_sync: { category: 'projects', id: '41', ts_lastupdate: '2024-05-01 13:45:00', reason: 'changed' },
		...overrides,
	};
}

function oneRule(field: string, condition: RuleCondition, value: string, allProjects = true): ProjectFilterConfig {
	return { allProjects, combinator: 'and', rules: [{ field, condition, value }] };
}

type Row = [field: string, condition: RuleCondition, value: string, kept: boolean, record?: Record<string, unknown>];

const rows: Record<string, Row[]> = {
	text: [
		['city', 'equal', 'liege', true],
		['city', 'equal', '  LIÈGE ', true],
		['city', 'equal', 'Luik', false],
		['city', 'notEqual', 'LIEGE', false],
		['city', 'notEqual', 'Gent', true],
		['city', 'moreThan', 'Gent', true],
		['city', 'moreThan', 'Mechelen', false],
		['city', 'lessThan', 'Mechelen', true],
		['city', 'lessThan', 'Antwerpen', false],
		['city', 'has', 'IÈG', true],
		['city', 'has', 'gent', false],
		['city', 'has', '', true],
		['yourreference', 'has', '', false],
		['yourreference', 'equal', '', true],
		['yourreference', 'notEqual', '', false],
		['name', 'has', 'badkamer peeters', true],
		['client_name', 'equal', 'peeters bouw bv', true],
		['zipcode', 'equal', '4000', true],
		['zipcode', 'equal', '4000', true, project({ zipcode: 4000 })],
	],
	number: [
		['pnr', 'equal', '20240012', true],
		['pnr', 'equal', ' 20240012.0 ', true],
		['pnr', 'equal', '20240013', false],
		['pnr', 'notEqual', '20240013', true],
		['pnr', 'notEqual', '20240012', false],
		['pnr', 'moreThan', '20240011', true],
		['pnr', 'moreThan', '20240012', false],
		['pnr', 'lessThan', '20240013', true],
		['pnr', 'lessThan', '20240012', false],
		['pnr', 'has', '2024', true],
		['pnr', 'has', '2023', false],
		['pnr', 'has', '', true],
		['pnr', 'equal', '20240012', true, project({ pnr: '20240012' })],
		['pnr', 'moreThan', '9', true, project({ pnr: '20240012' })],
		['contractamount', 'equal', '1500,5', true],
		['contractamount', 'moreThan', '1500', true],
		['contractamount', 'lessThan', '1500.49', false],
		['client_addressid', 'has', '', true],
		['client_addressid', 'has', '', false, project({ client_addressid: 0 })],
		['client_addressid', 'equal', '0', true, project({ client_addressid: 0 })],
		['pnr', 'equal', '20240012', false, project({ pnr: 'n/a' })],
		['pnr', 'notEqual', '20240012', true, project({ pnr: '' })],
	],
	date: [
		['date_approved', 'equal', '2024-05-01', true],
		['date_approved', 'equal', '01-05-2024', true],
		['date_approved', 'equal', '1/5/2024', true],
		['date_approved', 'equal', '2024-05-02', false],
		['date_approved', 'notEqual', '2024-05-02', true],
		['date_approved', 'notEqual', '01.05.2024', false],
		['date_approved', 'moreThan', '2024-04-30', true],
		['date_approved', 'moreThan', '2024-05-01', false],
		['date_approved', 'lessThan', '2024-05-02', true],
		['date_approved', 'lessThan', '2024-05-01', false],
		['date_approved', 'has', '2024-05', true],
		['date_approved', 'has', '', true],
		['ts_lastupdate', 'equal', '2024-05-01', true],
		['ts_lastupdate', 'moreThan', '2024-05-01', false],
		['ts_lastupdate', 'moreThan', '2024-05-01 13:44', true],
		['ts_lastupdate', 'moreThan', '2024-05-01 13:45:00', false],
		['ts_lastupdate', 'lessThan', '2024-05-01T13:45:01Z', true],
		['ts_lastupdate', 'equal', '01-05-2024 13:45', true],
		['date_completed', 'equal', '2024-05-01', false],
		['date_completed', 'notEqual', '2024-05-01', true],
		['date_completed', 'moreThan', '2000-01-01', false],
		['date_completed', 'lessThan', '2100-01-01', false],
		['date_completed', 'has', '', false],
		['date_completed', 'has', '', false, project({ date_completed: '0000-00-00' })],
		['date_completed', 'has', '', true, project({ date_completed: '2024-06-30' })],
	],
	boolean: [
		['active', 'equal', 'true', true],
		['active', 'equal', 'Yes', true],
		['active', 'equal', '1', true],
		['active', 'equal', 'no', false],
		['active', 'equal', 'FALSE', false],
		['active', 'notEqual', 'false', true],
		['active', 'notEqual', 'true', false],
		['active', 'has', '', true],
		['active', 'equal', 'no', true, project({ active: 'false' })],
		['active', 'equal', '0', true, project({ active: 0 })],
	],
	status: [
		['status', 'equal', 'approved', true],
		['status', 'equal', 'Offer', false],
		['status', 'notEqual', 'Completed', true],
		['status', 'has', 'appr', true],
		['status', 'has', '', true],
		['status', 'equal', 'Offer', true, project({ approved: false })],
		['status', 'equal', 'offerte', true, project({ approved: false })],
		['status', 'equal', 'Rejected', true, project({ approved: false, rejected: true })],
		['status', 'equal', 'Completed', true, project({ completed: true })],
		['status', 'equal', 'Completed', true, project({ completed: true, rejected: true })],
		['status', 'equal', 'Approved', false, project({ completed: true })],
		['status', 'equal', 'Approved', false, { pnr: 1 }],
		['status', 'notEqual', 'Approved', true, { pnr: 1 }],
	],
	'missing field': [
		['ordernr', 'equal', 'PO-1', false],
		['ordernr', 'notEqual', 'PO-1', true],
		['ordernr', 'moreThan', 'A', false],
		['ordernr', 'lessThan', 'Z', false],
		['ordernr', 'has', 'PO', false],
		['ordernr', 'has', '', false],
		['unr', 'equal', '12', false, project({ unr: null })],
		['unr', 'notEqual', '12', true, project({ unr: null })],
		['date_created', 'moreThan', '2000-01-01', false, project({ date_created: undefined })],
	],
	client: [
		['client.city', 'equal', 'GENT', true],
		['client.clientnr', 'moreThan', '1000', true],
		['client.clientnr', 'lessThan', '1000', false],
		['client.active', 'equal', 'yes', true],
		['Client.City', 'has', 'en', true],
		['client.city', 'equal', 'gent', false, project({ client: null })],
		['client.city', 'notEqual', 'gent', true, project({ client: null })],
		['client.city', 'has', '', false, project({ client: null })],
	],
};

describe('project rules: every condition × field type', () => {
	for (const [type, table] of Object.entries(rows)) {
		describe(type, () => {
			// every row padded to five cells: jest treats a fifth, unsupplied parameter as a `done` callback
			const padded = table.map((row): Row => [row[0], row[1], row[2], row[3], row[4]]);
			test.each(padded)('%s %s %j → kept %s', (field, condition, value, kept, record) => {
				const decision = evaluateProjectFilter(record ?? project(), oneRule(field, condition, value));
				expect(decision.kept).toBe(kept);
				if (!kept) {
					expect(decision.rule).toBe('#1');
					expect(decision.reason).toContain('Rule #1');
					expect(decision.reason).toContain(field.trim());
				}
			});
		});
	}
});

describe('default rule: approved and not completed', () => {
	test.each([
		[true, false, false, true],
		[true, true, false, false],
		[false, false, false, false],
		[false, true, false, false],
		[true, false, true, true],
		[true, true, true, true],
		[false, false, true, true],
		[false, true, true, true],
	])('approved %s completed %s allProjects %s → kept %s', (approved, completed, allProjects, kept) => {
		const decision = evaluateProjectFilter(project({ approved, completed }), { allProjects, rules: [], combinator: 'and' });
		expect(decision.kept).toBe(kept);
		if (!kept) {
			expect(decision.rule).toBe('default');
			expect(decision.reason).toMatch(approved ? /is completed/ : /is not approved/);
			expect(decision.reason).toContain('All Projects');
		}
	});

	test('flags as strings in plain JSON count', () => {
		const config: ProjectFilterConfig = { allProjects: false, rules: [], combinator: 'and' };
		expect(evaluateProjectFilter({ approved: 'true', completed: 'false' }, config).kept).toBe(true);
		expect(evaluateProjectFilter({ approved: 'yes', completed: '1' }, config).kept).toBe(false);
	});

	test('a record without the flags is discarded by the default rule and kept with All projects', () => {
		const record = { pnr: 5, name: 'Loose JSON' };
		expect(evaluateProjectFilter(record, { allProjects: false, rules: [], combinator: 'and' })).toMatchObject({
			kept: false,
			rule: 'default',
			reason: expect.stringContaining('has no approved flag'),
		});
		expect(evaluateProjectFilter(record, { allProjects: true, rules: [], combinator: 'and' }).kept).toBe(true);
	});

	test('the default rule applies before the user rules (default AND rules)', () => {
		const rules: ProjectRule[] = [{ field: 'city', condition: 'equal', value: 'Liège' }];
		const completed = project({ completed: true });
		expect(evaluateProjectFilter(completed, { allProjects: false, rules, combinator: 'or' }).kept).toBe(false);
		expect(evaluateProjectFilter(completed, { allProjects: true, rules, combinator: 'or' }).kept).toBe(true);
	});
});

describe('AND / OR', () => {
	const matching: ProjectRule = { field: 'city', condition: 'equal', value: 'liege' };
	const failing: ProjectRule = { field: 'pnr', condition: 'lessThan', value: '20240000' };
	const alsoFailing: ProjectRule = { field: 'client_name', condition: 'has', value: 'Janssens' };

	test.each([
		['and', [matching], true],
		['and', [matching, failing], false],
		['and', [failing, matching], false],
		['or', [matching, failing], true],
		['or', [failing, matching], true],
		['or', [failing, alsoFailing], false],
		['and', [], true],
		['or', [], true],
	] as Array<['and' | 'or', ProjectRule[], boolean]>)('%s of %j → kept %s', (combinator, rules, kept) => {
		expect(evaluateProjectFilter(project(), { allProjects: false, rules, combinator }).kept).toBe(kept);
	});

	test('AND names the first rule that failed, with the actual value', () => {
		const decision = evaluateProjectFilter(project(), { allProjects: false, rules: [matching, failing, alsoFailing], combinator: 'and' });
		expect(decision).toEqual({
			kept: false,
			rule: '#2',
			reason: 'Rule #2 (pnr Less Than "20240000") does not match: pnr is 20240012.',
		});
	});

	test('OR names every rule and why none matched', () => {
		const decision = evaluateProjectFilter(project(), { allProjects: false, rules: [failing, alsoFailing], combinator: 'or' });
		expect(decision.rule).toBe('#1 or #2');
		expect(decision.reason).toContain('Rule #1 (pnr Less Than "20240000"): pnr is 20240012');
		expect(decision.reason).toContain('Rule #2 (client_name Has "Janssens"): client_name is "Peeters Bouw BV"');
	});

	test('a missing field is reported as missing', () => {
		const decision = evaluateProjectFilter(project(), oneRule('ordernr', 'equal', 'PO-1'));
		expect(decision.reason).toContain('ordernr is missing');
	});
});

describe('invalid rules', () => {
	test.each([
		['zipcode', 'moreThan', '2000', ['Rule #1 (zipcode More Than "2000")', 'text field', 'number field']],
		['city', 'lessThan', '9', ['Rule #1 (city Less Than "9")', 'alphabetically']],
		['', 'equal', 'x', ['Rule #1 ((no field) Equal "x")', 'field name is empty']],
		['   ', 'equal', 'x', ['field name is empty']],
		['projectnummer', 'equal', '5', ['Rule #1 (projectnummer Equal "5")', 'not a Bouwsoft project field', 'client.<field>']],
		['client.favourite_colour', 'equal', 'red', ['not a Bouwsoft project field']],
		['date_approved', 'moreThan', 'last week', ['Rule #1 (date_approved More Than "last week")', 'not a date', '2024-05-01']],
		['date_created', 'equal', '2024-02-30', ['not a date']],
		['pnr', 'equal', 'twelve', ['not a number']],
		['pnr', 'moreThan', '', ['More Than needs a value', 'Has with an empty value']],
		['approved', 'equal', 'maybe', ['yes/no field', 'true or false']],
		['approved', 'moreThan', 'true', ['Equal or Not Equal']],
		['approved', 'has', 'true', ['use Equal']],
		['status', 'equal', 'In progress', ['not a project status', 'Offer, Approved, Rejected, Completed']],
		['status', 'lessThan', 'Completed', ['no order']],
		['city', 'startsWith' as RuleCondition, 'G', ['unknown condition']],
	] as Array<[string, RuleCondition, string, string[]]>)('%j %s %j', (field, condition, value, fragments) => {
		const config = oneRule(field, condition, value);
		const problems = validateProjectFilter(config);
		expect(problems).toHaveLength(1);
		for (const fragment of fragments) expect(problems[0]).toContain(fragment);
		expect(() => evaluateProjectFilter(project(), config)).toThrow(ProjectFilterConfigError);
	});

	test('every invalid rule is reported, numbered as in the editor', () => {
		const problems = validateProjectFilter({
			allProjects: false,
			combinator: 'and',
			rules: [
				{ field: 'city', condition: 'equal', value: 'Gent' },
				{ field: 'nope', condition: 'equal', value: '1' },
				{ field: 'pnr', condition: 'equal', value: 'x' },
			],
		});
		expect(problems.map((p) => p.slice(0, 8))).toEqual(['Rule #2 ', 'Rule #3 ']);
	});

	test('a valid configuration has no problems', () => {
		expect(validateProjectFilter(oneRule('city', 'moreThan', 'Gent'))).toEqual([]);
		expect(validateProjectFilter({ allProjects: false, rules: [], combinator: 'or' })).toEqual([]);
	});
});
