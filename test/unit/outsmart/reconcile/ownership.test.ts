/**
 * Which OutSmart records Reconcile may remove (nodes/OutSmart/reconcile/ownership.ts): keys whose shape says
 * they came from our import, and for the other kinds the ledger in the node's static data (format
 * `{ reconcileLedger: { version: 1, keys: { [kind]: 'k1\nk2' } } }`), or every record in mode `all`.
 */
import type { IDataObject } from 'n8n-workflow';

import { Ownership, ownedByShape } from '../../../../nodes/OutSmart/reconcile/ownership';
import type { WriteKind } from '../../../../nodes/OutSmart/schema';
import type { ImportCategory } from '../../../../nodes/shared/types';

const LEDGER_KINDS: WriteKind[] = ['employees', 'materials', 'warehouses', 'hourtypes', 'relations', 'projects'];
const SHAPED_KINDS: WriteKind[] = ['categories', 'material_categories', 'contactpersons', 'project_activities', 'workorders'];

function storedKeys(staticData: IDataObject): Record<string, string> {
	const ledger = staticData.reconcileLedger as { version: number; keys: Record<string, string> };
	expect(ledger.version).toBe(1);
	return ledger.keys;
}

describe('ownership by key shape', () => {
	it('categories: L:<list> and G:<list>/<group> are ours, anything else is not', () => {
		expect(ownedByShape('categories', 'L:VERF', [])).toBe(true);
		expect(ownedByShape('categories', 'G:VERF/WIT', [])).toBe(true);
		expect(ownedByShape('categories', 'VERF', [])).toBe(false);
		expect(ownedByShape('categories', 'l:VERF', [])).toBe(false);
		expect(ownedByShape('categories', 'X:VERF', [])).toBe(false);
		expect(ownedByShape('categories', ' L:VERF', [])).toBe(false);
		expect(ownedByShape('categories', 'LG:VERF', [])).toBe(false);
	});

	it('material links are ours by their category half, whatever the material', () => {
		expect(ownedByShape('material_categories', 'M100|L:VERF', [])).toBe(true);
		expect(ownedByShape('material_categories', 'M100|G:VERF/WIT', [])).toBe(true);
		expect(ownedByShape('material_categories', 'M100|OWN', [])).toBe(false);
		// A material code that looks like one of our categories does not make the link ours.
		expect(ownedByShape('material_categories', 'L:M100|OWN', [])).toBe(false);
		// A material code with a "|" in it does not hide our category.
		expect(ownedByShape('material_categories', 'M|100|L:VERF', [])).toBe(true);
	});

	it('contact persons: C-<id>', () => {
		expect(ownedByShape('contactpersons', 'C-12', [])).toBe(true);
		expect(ownedByShape('contactpersons', 'c-12', [])).toBe(false);
		expect(ownedByShape('contactpersons', '12', [])).toBe(false);
		expect(ownedByShape('contactpersons', 'CP-12', [])).toBe(false);
	});

	it('project activities: PH-<phase> and AC-<cost item>', () => {
		expect(ownedByShape('project_activities', 'PH-3', [])).toBe(true);
		expect(ownedByShape('project_activities', 'AC-44', [])).toBe(true);
		expect(ownedByShape('project_activities', 'P-3', [])).toBe(false);
		expect(ownedByShape('project_activities', 'ACT-1', [])).toBe(false);
	});

	it('work orders: A- only when assignments are reconciled, P- only when projects are', () => {
		expect(ownedByShape('workorders', 'A-1', ['assignments'])).toBe(true);
		expect(ownedByShape('workorders', 'P-1', ['assignments'])).toBe(false);
		expect(ownedByShape('workorders', 'P-1', ['projects'])).toBe(true);
		expect(ownedByShape('workorders', 'A-1', ['projects'])).toBe(false);
		expect(ownedByShape('workorders', 'A-1', ['assignments', 'projects'])).toBe(true);
		expect(ownedByShape('workorders', 'P-1', ['assignments', 'projects'])).toBe(true);
		expect(ownedByShape('workorders', 'W-77', ['assignments', 'projects'])).toBe(false);
		expect(ownedByShape('workorders', 'A-1', [])).toBe(false);
	});

	it('kinds keyed by the Bouwsoft key as it is say nothing by their shape', () => {
		for (const kind of LEDGER_KINDS) {
			expect(ownedByShape(kind, 'L:VERF', ['materials'])).toBeUndefined();
			expect(ownedByShape(kind, '123', ['materials'])).toBeUndefined();
		}
	});
});

describe('Ownership', () => {
	it('a shaped key decides alone: mode all does not make a foreign shape ours, an empty ledger does not hide ours', () => {
		for (const mode of ['learned', 'all'] as const) {
			const ownership = new Ownership({}, mode, ['assignments']);
			expect(ownership.isOurs('categories', 'L:VERF')).toBe(true);
			expect(ownership.isOurs('categories', 'OWN')).toBe(false);
			// A link needs our category and our material (mode all: every material is ours).
			expect(ownership.isOurs('material_categories', 'M1|G:A/B')).toBe(mode === 'all');
			expect(ownership.isOurs('material_categories', 'M1|OWN')).toBe(false);
			const withMaterial = new Ownership({}, mode, ['materials'], new Map([['materials', new Set(['M1'])]]));
			expect(withMaterial.isOurs('material_categories', 'M1|G:A/B')).toBe(true);
			expect(withMaterial.isOurs('material_categories', 'M1|OWN')).toBe(false);
			expect(ownership.isOurs('contactpersons', 'C-1')).toBe(true);
			expect(ownership.isOurs('contactpersons', 'JAN')).toBe(false);
			expect(ownership.isOurs('project_activities', 'AC-1')).toBe(true);
			expect(ownership.isOurs('workorders', 'A-1')).toBe(true);
			expect(ownership.isOurs('workorders', 'P-1')).toBe(false);
		}
	});

	it('learned mode: without a ledger no key of a ledger kind is ours; mode all: every key is', () => {
		const learned = new Ownership({}, 'learned', ['employees']);
		const all = new Ownership({}, 'all', ['employees']);
		for (const kind of LEDGER_KINDS) {
			expect(learned.isOurs(kind, 'E1')).toBe(false);
			expect(all.isOurs(kind, 'E1')).toBe(true);
			expect(all.isOurs(kind, 'typed by hand')).toBe(true);
		}
	});

	it('the ledger round-trips through save() and a new Ownership on the same static data, per kind', () => {
		const staticData: IDataObject = {};
		const first = new Ownership(staticData, 'learned', ['employees']);
		first.update('employees', ['E1', 'E2', 'MANUAL'], new Set(['E1', 'E2']), new Set());
		first.update('relations', ['7'], new Set(['7']), new Set());
		first.save();
		expect(staticData).toEqual({ reconcileLedger: { version: 1, keys: { employees: 'E1\nE2', relations: '7' } } });

		const second = new Ownership(staticData, 'learned', ['employees']);
		expect(second.size('employees')).toBe(2);
		expect(second.size('relations')).toBe(1);
		expect(second.isOurs('employees', 'E1')).toBe(true);
		expect(second.isOurs('employees', 'E2')).toBe(true);
		expect(second.isOurs('employees', 'MANUAL')).toBe(false);
		expect(second.isOurs('relations', '7')).toBe(true);
		// Per kind: an employee number is not a relation key.
		expect(second.isOurs('relations', 'E1')).toBe(false);
		expect(second.isOurs('materials', '7')).toBe(false);
	});

	it('reads a ledger written in the documented format', () => {
		const staticData: IDataObject = { reconcileLedger: { version: 1, keys: { materials: 'M1\nM2\nM3' } } };
		const ownership = new Ownership(staticData, 'learned', ['materials']);
		expect(ownership.size('materials')).toBe(3);
		expect(ownership.isOurs('materials', 'M2')).toBe(true);
		expect(ownership.isOurs('materials', 'M4')).toBe(false);
	});

	it('leaves other static data alone and drops kinds that end up empty', () => {
		const staticData: IDataObject = { other: { cursor: 'x' }, reconcileLedger: { version: 1, keys: { employees: 'E1', relations: '7' } } };
		const ownership = new Ownership(staticData, 'learned', ['relations']);
		ownership.update('relations', [], new Set(), new Set());
		ownership.save();
		expect(staticData).toEqual({ other: { cursor: 'x' }, reconcileLedger: { version: 1, keys: { employees: 'E1' } } });
	});

	describe('update', () => {
		it('keeps keys OutSmart holds that we knew or Bouwsoft has; a Bouwsoft key OutSmart does not hold (a failed write, a dry run) is not learned', () => {
			const staticData: IDataObject = { reconcileLedger: { version: 1, keys: { materials: 'KNOWN\nSTILL_IN_BOTH' } } };
			const ownership = new Ownership(staticData, 'learned', ['materials']);
			ownership.update('materials', ['KNOWN', 'STILL_IN_BOTH', 'SEEN_BOTH_SIDES', 'MANUAL'], new Set(['STILL_IN_BOTH', 'SEEN_BOTH_SIDES', 'NEW']), new Set());
			expect(ownership.isOurs('materials', 'KNOWN')).toBe(true);
			expect(ownership.isOurs('materials', 'STILL_IN_BOTH')).toBe(true);
			expect(ownership.isOurs('materials', 'SEEN_BOTH_SIDES')).toBe(true);
			expect(ownership.isOurs('materials', 'NEW')).toBe(false);
			expect(ownership.isOurs('materials', 'MANUAL')).toBe(false);
			expect(ownership.size('materials')).toBe(3);
		});

		it('drops keys that were removed this run, and keys OutSmart no longer has', () => {
			const staticData: IDataObject = { reconcileLedger: { version: 1, keys: { materials: 'DELETED\nGONE_FROM_OUTSMART\nKEPT' } } };
			const ownership = new Ownership(staticData, 'learned', ['materials']);
			ownership.update('materials', ['DELETED', 'KEPT'], new Set(), new Set(['DELETED']));
			expect(ownership.isOurs('materials', 'DELETED')).toBe(false);
			expect(ownership.isOurs('materials', 'GONE_FROM_OUTSMART')).toBe(false);
			expect(ownership.isOurs('materials', 'KEPT')).toBe(true);
			expect(ownership.size('materials')).toBe(1);
			ownership.save();
			expect(storedKeys(staticData)).toEqual({ materials: 'KEPT' });
		});

		it('a removed key is dropped even when Bouwsoft lists it', () => {
			const ownership = new Ownership({}, 'learned', ['materials']);
			ownership.update('materials', ['M1'], new Set(['M1', 'M2']), new Set(['M1', 'M2']));
			expect(ownership.size('materials')).toBe(0);
		});

		it('never stores a key with a newline (it would split into two keys)', () => {
			const staticData: IDataObject = {};
			const ownership = new Ownership(staticData, 'learned', ['materials']);
			ownership.update('materials', ['A\nB', 'C'], new Set(['A\nB', 'C', 'D\nE']), new Set());
			expect(ownership.size('materials')).toBe(1);
			ownership.save();
			const again = new Ownership(staticData, 'learned', ['materials']);
			expect(again.isOurs('materials', 'A')).toBe(false);
			expect(again.isOurs('materials', 'B')).toBe(false);
			expect(again.isOurs('materials', 'D')).toBe(false);
			expect(again.isOurs('materials', 'C')).toBe(true);
		});

		it('ignores kinds whose keys carry their origin: nothing is stored for them', () => {
			const staticData: IDataObject = {};
			const ownership = new Ownership(staticData, 'learned', ['assignments', 'projects']);
			for (const kind of SHAPED_KINDS) {
				ownership.update(kind, ['X1', 'C-1', 'L:A'], new Set(['X1', 'C-1', 'L:A']), new Set());
				expect(ownership.size(kind)).toBe(0);
			}
			expect(ownership.isOurs('categories', 'X1')).toBe(false);
			expect(ownership.isOurs('workorders', 'X1')).toBe(false);
			ownership.save();
			expect(staticData).toEqual({ reconcileLedger: { version: 1, keys: {} } });
		});

		it('work orders are ignored even when the run reconciles no category that owns them', () => {
			const ownership = new Ownership({}, 'learned', []);
			ownership.update('workorders', ['W-1'], new Set(['W-1']), new Set());
			expect(ownership.size('workorders')).toBe(0);
			expect(ownership.isOurs('workorders', 'W-1')).toBe(false);
		});
	});

	describe('a ledger that cannot be read is ignored safely', () => {
		const corrupt: Array<[string, unknown]> = [
			['a string', 'E1\nE2'],
			['null', null],
			['a number', 42],
			['an array', ['E1']],
			['another version', { version: 2, keys: { employees: 'E1' } }],
			['no version', { keys: { employees: 'E1' } }],
			['version as text', { version: '1', keys: { employees: 'E1' } }],
			['keys missing', { version: 1 }],
			['keys null', { version: 1, keys: null }],
			['keys a string', { version: 1, keys: 'E1' }],
			['a kind not a string', { version: 1, keys: { employees: ['E1'] } }],
			['a kind an empty string', { version: 1, keys: { employees: '' } }],
		];

		it.each(corrupt)('%s: no key is ours, and save() writes a valid ledger over it', (_label, stored) => {
			const staticData: IDataObject = { reconcileLedger: stored as IDataObject };
			const ownership = new Ownership(staticData, 'learned', ['employees']);
			expect(ownership.isOurs('employees', 'E1')).toBe(false);
			expect(ownership.size('employees')).toBe(0);
			ownership.update('employees', ['E1', 'E9'], new Set(['E9']), new Set());
			ownership.save();
			expect(storedKeys(staticData)).toEqual({ employees: 'E9' });
			expect(new Ownership(staticData, 'learned', ['employees']).isOurs('employees', 'E9')).toBe(true);
		});

		it('a kind stored as a non-string is skipped, the readable kinds are kept', () => {
			const staticData: IDataObject = { reconcileLedger: { version: 1, keys: { employees: 42, relations: '7\n8' } } as unknown as IDataObject };
			const ownership = new Ownership(staticData, 'learned', ['relations']);
			expect(ownership.size('employees')).toBe(0);
			expect(ownership.size('relations')).toBe(2);
			expect(ownership.isOurs('relations', '8')).toBe(true);
		});
	});

	it('100,000 keys round-trip through the static data', () => {
		const keys = Array.from({ length: 100_000 }, (_, i) => `M${String(i).padStart(6, '0')}`);
		const staticData: IDataObject = {};
		const first = new Ownership(staticData, 'learned', ['materials']);
		first.update('materials', keys, new Set(keys), new Set());
		first.save();
		expect(typeof storedKeys(staticData).materials).toBe('string');

		const copy = JSON.parse(JSON.stringify(staticData)) as IDataObject;
		const second = new Ownership(copy, 'learned', ['materials']);
		expect(second.size('materials')).toBe(100_000);
		expect(second.isOurs('materials', 'M000000')).toBe(true);
		expect(second.isOurs('materials', 'M099999')).toBe(true);
		expect(second.isOurs('materials', 'M100000')).toBe(false);
	});
});
