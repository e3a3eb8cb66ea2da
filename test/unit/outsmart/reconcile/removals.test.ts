/**
 * Reconcile's removal plan (nodes/OutSmart/reconcile/removals.ts): which OutSmart records of ours no input
 * item wants, what is done to each per kind and chosen action, the order (children before parents) and the
 * safety brake. Pure: no requests.
 */
import type { IDataObject } from 'n8n-workflow';

import { Ownership } from '../../../../nodes/OutSmart/reconcile/ownership';
import {
	ACTIVE_FLAG,
	applyBrake,
	checkBrake,
	isDestructive,
	orderForRemoval,
	planRemovals,
	type RemovalInput,
} from '../../../../nodes/OutSmart/reconcile/removals';
import type { Removal, RemovalAction } from '../../../../nodes/OutSmart/reconcile/types';
import { kindLabel, WRITE_KINDS, type WriteKind } from '../../../../nodes/OutSmart/schema';
import type { ImportCategory } from '../../../../nodes/shared/types';

const ALL_KINDS = Object.keys(WRITE_KINDS) as WriteKind[];

/** A key of our shape per kind (for ledger kinds, mode 'all' makes any key ours). */
const OUR_KEY: Record<WriteKind, string> = {
	employees: 'E1',
	materials: 'M1',
	categories: 'L:VERF',
	material_categories: 'M1|L:VERF',
	warehouses: 'W1',
	hourtypes: 'H1',
	relations: '7',
	contactpersons: 'C-1',
	projects: 'P100',
	project_activities: 'PH-1',
	workorders: 'A-1',
};
const CATEGORIES: ImportCategory[] = ['assignments', 'projects'];

type Tables = Partial<Record<WriteKind, Record<string, IDataObject>>>;

function removalInput(
	tables: Tables,
	options: { action?: RemovalAction; wanted?: Partial<Record<WriteKind, string[]>>; ownership?: Ownership; primary?: WriteKind; kinds?: WriteKind[]; inputCount?: number } = {},
): RemovalInput {
	const kinds = options.kinds ?? (Object.keys(tables) as WriteKind[]);
	return {
		kinds,
		tables: new Map(Object.entries(tables).map(([kind, rows]) => [kind as WriteKind, new Map(Object.entries(rows ?? {}))])),
		wanted: new Map(Object.entries(options.wanted ?? {}).map(([kind, keys]) => [kind as WriteKind, new Set(keys)])),
		ownership: options.ownership ?? new Ownership({}, 'all', CATEGORIES),
		action: options.action ?? 'delete',
		inputCount: options.inputCount ?? 3,
		primary: options.primary ?? kinds[0],
	};
}

/** The one removal planned for one record of a kind. */
function only(kind: WriteKind, row: IDataObject, action: RemovalAction, primary: WriteKind = kind): Removal {
	const removals = planRemovals(removalInput({ [kind]: { [OUR_KEY[kind]]: row } }, { action, primary }));
	expect(removals).toHaveLength(1);
	return removals[0];
}

function removal(kind: WriteKind, key: string, action: Removal['action'] = 'delete', row: IDataObject = {}, status?: Removal['status']): Removal {
	return { kind, key, row, action, reason: 'gone', ...(status ? { status } : {}) };
}

/** n rows of a ledger kind, keyed prefix1..prefixN. */
function rows(prefix: string, n: number, row: IDataObject = {}): Record<string, IDataObject> {
	return Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i + 1}`, { ...row }]));
}

describe('removals: what is done per kind and action', () => {
	it('report: every kind is only listed, whatever its state (even a work order a technician has)', () => {
		for (const kind of ALL_KINDS) {
			const planned = only(kind, { status: 'Opgehaald', active: '1' }, 'report');
			expect(planned).toMatchObject({ kind, key: OUR_KEY[kind], action: 'report' });
			expect(planned.status).toBeUndefined();
			expect(isDestructive(planned)).toBe(false);
		}
	});

	it('the active flags are the documented ones', () => {
		expect(ACTIVE_FLAG).toEqual({ employees: 'active', hourtypes: 'active', relations: 'active', projects: 'active', categories: 'cat_display' });
	});

	it('deactivate: kinds with an active flag are deactivated when active', () => {
		for (const [kind, flag] of Object.entries(ACTIVE_FLAG) as Array<[WriteKind, string]>) {
			for (const value of ['1', 1, 'true', '', undefined]) {
				const planned = only(kind, value === undefined ? {} : { [flag]: value }, 'deactivate');
				expect(planned).toMatchObject({ kind, action: 'deactivate' });
				expect(planned.status).toBeUndefined();
				expect(isDestructive(planned)).toBe(true);
			}
		}
	});

	it('deactivate: records already inactive (0, "0", "false", " FALSE ") are alreadyInactive and not destructive', () => {
		for (const [kind, flag] of Object.entries(ACTIVE_FLAG) as Array<[WriteKind, string]>) {
			for (const value of ['0', 0, 'false', ' FALSE ']) {
				const planned = only(kind, { [flag]: value }, 'deactivate');
				expect(planned).toMatchObject({ kind, action: 'deactivate', status: 'alreadyInactive' });
				expect(isDestructive(planned)).toBe(false);
			}
		}
	});

	it('deactivate: kinds without an active flag are reported, saying why', () => {
		for (const kind of ['materials', 'warehouses', 'contactpersons', 'project_activities'] as WriteKind[]) {
			expect(ACTIVE_FLAG[kind]).toBeUndefined();
			const planned = only(kind, { active: '1' }, 'deactivate');
			expect(planned.action).toBe('report');
			expect(planned.reason).toContain(`; OutSmart ${kindLabel(kind)} have no active flag; choose Delete to remove them`);
		}
	});

	it('deactivate: work orders not picked up are reported (no flag), picked-up ones kept', () => {
		const waiting = only('workorders', { status: 'Klaargezet' }, 'deactivate');
		expect(waiting.action).toBe('report');
		expect(waiting.reason).toContain('OutSmart work orders have no active flag; choose Delete');
		expect(only('workorders', { status: 'Opgehaald' }, 'deactivate').action).toBe('keep');
	});

	it('delete: every kind OutSmart documents a delete for is deleted; warehouses and project activities are reported', () => {
		for (const kind of ['warehouses', 'project_activities'] as const) {
			const planned = only(kind, {}, 'delete');
			expect(planned.action).toBe('report');
			expect(planned.reason).toContain("OutSmart's API documents no delete for");
		}
		for (const kind of ALL_KINDS.filter((k) => k !== 'warehouses' && k !== 'project_activities')) {
			const planned = only(kind, { active: '0', status: 'Klaargezet' }, 'delete');
			expect(planned).toMatchObject({ kind, action: 'delete' });
			expect(planned.status).toBeUndefined();
			expect(isDestructive(planned)).toBe(true);
		}
	});

	it('delete: only work orders not picked up yet (Klaargezet) are deleted; the others, and orders without a status, are kept, naming why', () => {
		expect(only('workorders', { status: 'Klaargezet' }, 'delete').action).toBe('delete');
		expect(only('workorders', { status: ' klaargezet ' }, 'delete').action).toBe('delete');
		expect(only('workorders', { Status: 'Klaargezet' }, 'delete').action).toBe('delete');
		for (const row of [{ status: '' }, {}]) {
			const unknown = only('workorders', row, 'delete');
			expect(unknown.action).toBe('keep');
			expect(unknown.reason).toContain('OutSmart gave no status for the work order; left as it is');
		}
		for (const status of ['Opgehaald', 'Compleet', 'Afgehandeld', 'Unknown']) {
			const kept = only('workorders', { status }, 'delete');
			expect(kept.action).toBe('keep');
			expect(kept.reason).toContain(`the work order is "${status}" in OutSmart (a technician has it); left as it is`);
			expect(isDestructive(kept)).toBe(false);
		}
	});

	it('material links are deleted with delete and with deactivate, and only reported with report', () => {
		expect(only('material_categories', {}, 'delete', 'materials').action).toBe('delete');
		expect(only('material_categories', {}, 'deactivate', 'materials').action).toBe('delete');
		expect(only('material_categories', {}, 'report', 'materials').action).toBe('report');
	});

	it('says why: the primary kind names the input count, children name what they lost', () => {
		const input = removalInput(
			{
				relations: { '7': {} },
				contactpersons: { 'C-1': {} },
			},
			{ primary: 'relations', inputCount: 42, action: 'delete' },
		);
		const [contact, relation] = planRemovals(input);
		expect(relation.reason).toBe('Not among the 42 Bouwsoft records read: deleted in Bouwsoft, or no longer selected by the filters');
		expect(contact.reason).toBe('No Bouwsoft record read has this contact person any more');
		expect(only('material_categories', {}, 'delete', 'materials').reason).toBe('The material is no longer in this Bouwsoft list or group');
		const report = only('materials', {}, 'deactivate', 'materials');
		expect(report.reason).toMatch(/^Not among the 3 Bouwsoft records read: .*; OutSmart materials have no active flag/);
	});
});

describe('removals: never a record that is wanted or not ours', () => {
	it('skips keys an input item wants (also the claims of failed mappings)', () => {
		const input = removalInput(
			{ materials: { M1: {}, M2: {}, M3: {} }, material_categories: { 'M1|L:A': {}, 'M2|L:A': {} } },
			{ wanted: { materials: ['M1', 'M3'], material_categories: ['M1|L:A'] } },
		);
		expect(planRemovals(input).map((r) => `${r.kind} ${r.key}`)).toEqual(['material_categories M2|L:A', 'materials M2']);
	});

	it('skips records that are not ours: foreign shapes, and ledger kinds not in the ledger', () => {
		const staticData: IDataObject = { reconcileLedger: { version: 1, keys: { employees: 'E1', relations: '7' } } };
		const ownership = new Ownership(staticData, 'learned', ['assignments']);
		const input = removalInput(
			{
				employees: { E1: {}, MANUAL: {} },
				relations: { '7': {}, '8': {} },
				categories: { 'L:A': {}, OWN: {} },
				material_categories: { 'M1|L:A': {}, 'M1|OWN': {} },
				contactpersons: { 'C-1': {}, JAN: {} },
				project_activities: { 'PH-1': {}, 'AC-1': {}, MINE: {} },
				workorders: { 'A-1': {}, 'P-1': {}, 'W-77': {} },
			},
			{ ownership },
		);
		expect(
			planRemovals(input)
				.map((r) => r.key)
				.sort(),
		).toEqual(['7', 'A-1', 'AC-1', 'C-1', 'E1', 'L:A', 'PH-1']);
		// M1|L:A: our category, but M1 is neither in Bouwsoft nor learned: a user's material, so the user's link.
	});

	it('reconciles only the kinds of the run; a kind without a table is skipped', () => {
		const input = removalInput({ materials: { M1: {} }, material_categories: { 'M1|L:A': {} } }, { kinds: ['materials', 'employees'] });
		expect(planRemovals(input).map((r) => r.kind)).toEqual(['materials']);
	});

	it('nothing to remove when OutSmart holds only what the input wants', () => {
		const input = removalInput({ employees: { E1: {}, E2: {} } }, { wanted: { employees: ['E1', 'E2'] } });
		expect(planRemovals(input)).toEqual([]);
	});
});

describe('removals: children before parents', () => {
	it('work orders > project activities > projects > contact persons > relations > material links > materials > categories', () => {
		const input = removalInput(
			{
				categories: { 'L:A': {} },
				materials: { M1: {} },
				material_categories: { 'M1|L:A': {} },
				relations: { '7': {} },
				contactpersons: { 'C-1': {} },
				projects: { P100: {} },
				project_activities: { 'PH-1': {} },
				workorders: { 'P-1': { status: 'Klaargezet' } },
			},
			{ primary: 'projects' },
		);
		expect(planRemovals(input).map((r) => r.kind)).toEqual([
			'workorders',
			'project_activities',
			'projects',
			'contactpersons',
			'relations',
			'material_categories',
			'materials',
			'categories',
		]);
	});

	it('orderForRemoval sorts any list by phase and keeps the order within a kind', () => {
		const list = [removal('materials', 'M1'), removal('workorders', 'A-1'), removal('materials', 'M2'), removal('relations', '7'), removal('workorders', 'A-2')];
		expect(orderForRemoval(list).map((r) => r.key)).toEqual(['A-1', 'A-2', '7', 'M1', 'M2']);
		expect(list.map((r) => r.key)).toEqual(['M1', 'A-1', 'M2', '7', 'A-2']);
	});

	it('deeper categories before their parents', () => {
		const input = removalInput({
			categories: {
				'L:A': { cat_cat_code: '' },
				'G:A/B': { cat_cat_code: 'L:A' },
				'L:Z': {},
				'G:A/B/C': { cat_cat_code: 'G:A/B' },
				'G:Z/Y': { cat_cat_code: 'L:Z' },
			},
		});
		const order = planRemovals(input).map((r) => r.key);
		expect(order).toHaveLength(5);
		const before = (child: string, parent: string) => expect(order.indexOf(child)).toBeLessThan(order.indexOf(parent));
		before('G:A/B/C', 'G:A/B');
		before('G:A/B', 'L:A');
		before('G:Z/Y', 'L:Z');
		expect(order[0]).toBe('G:A/B/C');
	});

	it('a category whose parent stays is not held back; a cycle in the parents ends', () => {
		const input = removalInput({
			categories: {
				'G:A/B': { cat_cat_code: 'L:A' }, // L:A stays in OutSmart (wanted)
				'L:A': {},
				'G:X': { cat_cat_code: 'G:Y' },
				'G:Y': { cat_cat_code: 'G:X' },
			},
		}, { wanted: { categories: ['L:A'] } });
		expect(planRemovals(input).map((r) => r.key).sort()).toEqual(['G:A/B', 'G:X', 'G:Y']);
	});
});

describe('removals: the safety brake', () => {
	it('is per kind: the share of our OutSmart records that would be deleted or deactivated', () => {
		const input = removalInput({ employees: rows('E', 10), relations: rows('R', 4) }, { wanted: { employees: Object.keys(rows('E', 9)), relations: ['R1', 'R2', 'R3'] } });
		const removals = planRemovals(input);
		const checks = checkBrake(removals, input, 10);
		expect(checks).toEqual([
			{ kind: 'employees', ours: 10, removals: 1, percent: 10, tripped: false },
			{ kind: 'relations', ours: 4, removals: 1, percent: 25, tripped: true },
		]);
	});

	it('counts only our records: OutSmart records typed by hand do not dilute the share', () => {
		const staticData: IDataObject = { reconcileLedger: { version: 1, keys: { employees: 'E1\nE2\nE3\nE4' } } };
		const ownership = new Ownership(staticData, 'learned', ['employees']);
		const input = removalInput({ employees: { ...rows('E', 4), ...rows('MANUAL', 96) } }, { ownership, wanted: { employees: ['E1', 'E2', 'E3'] } });
		const removals = planRemovals(input);
		expect(removals.map((r) => r.key)).toEqual(['E4']);
		expect(checkBrake(removals, input, 10)).toEqual([{ kind: 'employees', ours: 4, removals: 1, percent: 25, tripped: true }]);
	});

	it('exactly at the limit does not trip; just above does', () => {
		const at = removalInput({ employees: rows('E', 10) }, { wanted: { employees: ['E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'E7', 'E8', 'E9'] } });
		expect(checkBrake(planRemovals(at), at, 10)[0]).toMatchObject({ percent: 10, tripped: false });
		const above = removalInput({ employees: rows('E', 10) }, { wanted: { employees: ['E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'E7', 'E8'] } });
		expect(checkBrake(planRemovals(above), above, 10)[0]).toMatchObject({ percent: 20, tripped: true });
		expect(checkBrake(planRemovals(above), above, 20)[0].tripped).toBe(false);
		expect(checkBrake(planRemovals(above), above, 19.9)[0].tripped).toBe(true);
	});

	it('exactly at the limit does not trip for any whole percentage of 100 records', () => {
		const employees = rows('E', 100);
		const keys = Object.keys(employees);
		const trippedAtLimit: number[] = [];
		for (let percent = 1; percent <= 99; percent++) {
			const input = removalInput({ employees }, { wanted: { employees: keys.slice(percent) } });
			const [check] = checkBrake(planRemovals(input), input, percent);
			expect(check.removals).toBe(percent);
			if (check.tripped) trippedAtLimit.push(percent);
		}
		expect(trippedAtLimit).toEqual([]);
	});

	it('brake 0 trips on any removal, brake 100 never trips', () => {
		const input = removalInput({ employees: rows('E', 3) }, { wanted: { employees: ['E1', 'E2'] } });
		expect(checkBrake(planRemovals(input), input, 0)[0].tripped).toBe(true);
		const everything = removalInput({ employees: rows('E', 3) });
		expect(checkBrake(planRemovals(everything), everything, 100)[0]).toMatchObject({ percent: 100, tripped: false });
	});

	it('excludes material links, and counts only destructive removals (not reports, kept orders, already inactive)', () => {
		const input = removalInput({ materials: rows('M', 10), material_categories: { 'M1|L:A': {}, 'M2|L:A': {}, 'M3|L:A': {} } }, { wanted: { materials: Object.keys(rows('M', 10)) } });
		const removals = planRemovals(input);
		expect(removals.filter((r) => r.kind === 'material_categories' && r.action === 'delete')).toHaveLength(3);
		expect(checkBrake(removals, input, 0)).toEqual([]);

		const reported = removalInput({ employees: rows('E', 2) }, { action: 'report' });
		expect(checkBrake(planRemovals(reported), reported, 0)).toEqual([]);

		const orders = removalInput({ workorders: { 'A-1': { status: 'Opgehaald' }, 'A-2': { status: 'Compleet' } } });
		expect(checkBrake(planRemovals(orders), orders, 0)).toEqual([]);

		const inactive = removalInput({ relations: { '1': { active: '0' }, '2': { active: '0' }, '3': { active: '1' }, '4': { active: '1' } } }, { action: 'deactivate', wanted: { relations: ['4'] } });
		expect(checkBrake(planRemovals(inactive), inactive, 10)).toEqual([{ kind: 'relations', ours: 4, removals: 1, percent: 25, tripped: true }]);
	});

	it('with no record of ours to compare against, a removal counts as 100%', () => {
		const input = removalInput({ employees: {} });
		expect(checkBrake([removal('employees', 'E1')], input, 99)).toEqual([{ kind: 'employees', ours: 0, removals: 1, percent: 100, tripped: true }]);
	});

	it('tripping holds every destructive removal of the category, links and kinds under the limit included, naming the counts', () => {
		const input = removalInput(
			{
				relations: rows('R', 10),
				contactpersons: { 'C-1': {}, 'C-2': {}, 'C-3': {}, 'C-4': {}, 'C-5': {}, 'C-6': {}, 'C-7': {}, 'C-8': {}, 'C-9': {}, 'C-10': {} },
				material_categories: { 'M1|L:A': {} },
			},
			{
				action: 'deactivate',
				primary: 'relations',
				wanted: { relations: ['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7'], contactpersons: ['C-1', 'C-2', 'C-3', 'C-4', 'C-5', 'C-6', 'C-7', 'C-8', 'C-9'] },
			},
		);
		// R8 already inactive: not destructive, not counted, not held.
		input.tables.get('relations')?.set('R8', { active: '0' });
		const removals = planRemovals(input);
		const checks = checkBrake(removals, input, 10);
		expect(checks).toEqual([{ kind: 'relations', ours: 10, removals: 2, percent: 20, tripped: true }]);
		applyBrake(removals, checks, 10);

		const byKey = new Map(removals.map((r) => [r.key, r]));
		for (const key of ['R9', 'R10']) {
			expect(byKey.get(key)).toMatchObject({ action: 'hold', held: 'deactivate' });
			expect(byKey.get(key)?.reason).toBe(
				'Not among the 3 Bouwsoft records read: deleted in Bouwsoft, or no longer selected by the filters; held by the safety brake: 2 of 10 relations (20.0%) would be removed, more than 10%',
			);
		}
		expect(byKey.get('M1|L:A')).toMatchObject({ action: 'hold', held: 'delete' });
		expect(byKey.get('M1|L:A')?.reason).toContain('held by the safety brake: 2 of 10 relations (20.0%)');
		// Contact persons have no flag: reported, not held.
		expect(byKey.get('C-10')).toMatchObject({ action: 'report' });
		expect(byKey.get('C-10')?.held).toBeUndefined();
		expect(byKey.get('R8')).toMatchObject({ action: 'deactivate', status: 'alreadyInactive' });
		expect(byKey.get('R8')?.held).toBeUndefined();
		expect(removals.filter(isDestructive)).toEqual([]);
	});

	it('tripping on one kind holds the other kinds too; the reason names every tripped kind', () => {
		const input = removalInput({ employees: rows('E', 4), materials: rows('M', 10) }, { wanted: { employees: ['E1', 'E2', 'E3'], materials: ['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7', 'M8', 'M9'] } });
		const removals = planRemovals(input);
		const checks = checkBrake(removals, input, 10);
		expect(checks.map((c) => [c.kind, c.tripped])).toEqual([
			['employees', true],
			['materials', false],
		]);
		applyBrake(removals, checks, 10);
		expect(removals.map((r) => [r.key, r.action, r.held])).toEqual([
			['E4', 'hold', 'delete'],
			['M10', 'hold', 'delete'],
		]);

		const both = removalInput({ employees: rows('E', 4), materials: rows('M', 10) }, { wanted: { employees: ['E1', 'E2'], materials: ['M1'] } });
		const all = planRemovals(both);
		const bothChecks = checkBrake(all, both, 10);
		applyBrake(all, bothChecks, 10);
		expect(all[0].reason).toContain('held by the safety brake: 2 of 4 employees (50.0%), 9 of 10 materials (90.0%) would be removed, more than 10%');
	});

	it('not tripped: nothing changes', () => {
		const input = removalInput({ employees: rows('E', 10) }, { wanted: { employees: ['E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'E7', 'E8', 'E9'] } });
		const removals = planRemovals(input);
		const before = JSON.parse(JSON.stringify(removals)) as unknown;
		applyBrake(removals, checkBrake(removals, input, 10), 10);
		expect(removals).toEqual(before);
		expect(removals[0].action).toBe('delete');
	});
});
