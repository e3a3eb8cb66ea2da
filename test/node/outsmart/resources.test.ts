import type { IDataObject } from 'n8n-workflow';

import { startOutSmartSimulator } from '../../simulators/outsmart';
import type { EntityName, OutSmartSimulator } from '../../simulators/outsmart';
import * as bs from '../../fixtures/bouwsoftItems';
import { product, runOutSmart } from './helpers';

async function upsert(sim: OutSmartSimulator, resource: string, items: IDataObject[], extra: IDataObject = {}) {
	// "Report Created vs Updated" on: these tests check created, then updated.
	const result = await runOutSmart(sim, { parameters: { resource, operation: 'upsert', options: { detectExisting: true }, ...extra }, items });
	expect(result.error).toBeUndefined();
	return result.outputs[0];
}

describe('OutSmart node: create then update of the same key, for every resource', () => {
	let sim: OutSmartSimulator;
	beforeAll(async () => {
		sim = await startOutSmartSimulator();
	});
	afterAll(async () => await sim.close());
	beforeEach(() => sim.reset());

	const cases: Array<{
		resource: string;
		entity: EntityName;
		key: string;
		create: IDataObject[];
		update: IDataObject[];
		expected: IDataObject;
		count?: number;
	}> = [
		{
			resource: 'employee',
			entity: 'employees',
			key: '7',
			create: [bs.employee(7)],
			update: [bs.employee(7, { surname: 'Peeters-De Smet' })],
			expected: { firstname: 'Jan', lastname: 'Peeters-De Smet' },
		},
		{
			resource: 'material',
			entity: 'materials',
			key: 'H.018',
			create: [product('H.018')],
			update: [product('H.018', { price_catalogue: 24.5 })],
			expected: { price: '24.50' },
		},
		{
			resource: 'materialCategory',
			entity: 'categories',
			key: 'G:VERF/01 Levis',
			// Child first in the input: the node still writes the parent list first.
			create: [bs.category('VERF', '01 Levis'), bs.category('VERF', null)],
			update: [bs.category('VERF', '01 Levis', { name: '01 Levis Interieur' })],
			expected: { cat_name: '01 Levis Interieur', cat_cat_code: 'L:VERF' },
			count: 2,
		},
		{
			resource: 'warehouse',
			entity: 'warehouses',
			key: '3',
			create: [bs.warehouse(3, 'Magazijn Gent')],
			update: [bs.warehouse(3, 'Magazijn Gent-Noord')],
			expected: { wse_description: 'Magazijn Gent-Noord' },
		},
		{
			resource: 'hourType',
			entity: 'hourtypes',
			key: '01',
			create: [bs.job('01')],
			update: [bs.job('01', { price_hour: '52,5' })],
			expected: { sale_price: '52.50', name: 'VOORBEREIDING' },
		},
		{
			resource: 'relation',
			entity: 'relations',
			key: '1001',
			create: [bs.client(1001, { contacts: [bs.contact(71)] })],
			update: [bs.client(1001, { city: 'Sint-Kruis', contacts: [bs.contact(71)] })],
			expected: { city: 'Sint-Kruis', name: 'Bouwwerken Van Damme BV', contact: 'Els Van Damme' },
		},
		{
			resource: 'contactPerson',
			entity: 'contactpersons',
			key: 'C-71',
			create: [bs.client(1001, { contacts: [bs.contact(71), bs.contact(72, { contact_name: 'Tom Claes' })] })],
			update: [bs.client(1001, { contacts: [bs.contact(71, { contact_name: 'Els Van Damme-Claes' })] })],
			expected: { cpn_name: 'Els Van Damme-Claes', cpn_debtor_nr: '1001' },
			count: 2,
		},
		{
			resource: 'project',
			entity: 'projects',
			key: '2025001',
			create: [bs.project(2025001)],
			update: [bs.project(2025001, { name: 'Renovatie woning Kerkstraat 8' })],
			expected: { name: 'Renovatie woning Kerkstraat 8', debtor_number: '1001', status: 'Goedgekeurd', date_start: '2025-02-01' },
		},
		{
			resource: 'projectActivity',
			entity: 'project_activities',
			key: 'PH-11',
			create: [bs.project(2025001, { activities: [bs.phase(11, 2025001), bs.phase(12, 2025001, { title: 'Afwerking' })] })],
			update: [bs.project(2025001, { activities: [bs.phase(11, 2025001, { title: 'Ruwbouw en dak' })] })],
			expected: { pra_name: 'Ruwbouw en dak', pra_pro_code: '2025001', pra_budget_hours: '40' },
			count: 2,
		},
	];

	it.each(cases)('$resource', async ({ resource, entity, key, create, update, expected, count }) => {
		const created = await upsert(sim, resource, create);
		expect(created.every((item) => item.json.action === 'created')).toBe(true);
		const updated = await upsert(sim, resource, update);
		expect(updated.map((item) => item.json.action)).toEqual(update.map(() => 'updated'));
		expect(sim.store.count(entity)).toBe(count ?? 1);
		expect(sim.store.get(entity, key)).toMatchObject(expected);
	});

	it('materialCategory: a parent list is posted before its groups, even when the input lists a group first', async () => {
		await upsert(sim, 'materialCategory', [bs.category('VERF', '01 Levis'), bs.category('VERF', '02 Sikkens'), bs.category('VERF', null)]);
		const posts = sim.requests.filter((r) => r.method === 'POST' && r.endpoint === 'categories');
		expect(posts.map((r) => r.batchSize)).toEqual([1, 2]);
		expect(sim.store.get('categories', 'G:VERF/02 Sikkens')).toMatchObject({ cat_cat_code: 'L:VERF' });
	});

	it('project: also writes its activities and work order P-<pnr>, in that order', async () => {
		const out = await upsert(sim, 'project', [bs.project(2025002, { activities: [bs.phase(21, 2025002)] })]);
		expect(out[0].json.related).toEqual([
			expect.objectContaining({ resource: 'project_activities', key: 'PH-21', action: 'created' }),
			expect.objectContaining({ resource: 'workorders', key: 'P-2025002', action: 'created' }),
		]);
		const order = sim.store.workordersByNo('P-2025002');
		expect(order).toHaveLength(1);
		expect(order[0]).toMatchObject({ ProjectNr: '2025002', TypeOfWork: 'Project', CustomerDebtorNr: '1001', CustomerStreet: 'Kerkstraat 8' });
		const posts = sim.requests.filter((r) => r.method === 'POST').map((r) => r.endpoint);
		expect(posts).toEqual(['projects', 'project_activities', 'PostWorkorders']);
	});

	it('workOrder: an assignment becomes A-<nr>; a new plan date and employee reschedule the same order', async () => {
		sim.store.upsert('employees', { number: '7', firstname: 'Jan', lastname: 'Peeters', active: '1' });
		sim.store.upsert('employees', { number: '8', firstname: 'An', lastname: 'Maes', active: '1' });
		const created = await upsert(sim, 'workOrder', [bs.assignment(42)]);
		expect(created[0].json.action).toBe('created');
		const [order] = sim.store.workordersByNo('A-42');
		expect(order).toMatchObject({
			InternalWorkDescription: 'Sleutel bij de buren (nr 14). #spoed',
			WorkDescription: 'Herstelling lekkende kraan badkamer',
			WorkDate: '12-03-2025',
			EmployeeNr: '7',
			CustomerStreet: 'Zandstraat 3',
			CustomerStreetInvoice: 'Stationsstraat 45',
			CustomerContactPerson: 'Els Van Damme',
			CpnCode: 'C-71',
			TypeOfWork: 'Service',
			PaymentMethod: 'niet van toepassing',
			status: 'Klaargezet',
		});
		const emp8 = { ...bs.employee(8), id: 508 };
		const updated = await upsert(sim, 'workOrder', [bs.assignment(42, { dateplanned: '2025-03-14', employee: emp8 })]);
		expect(updated[0].json.action).toBe('updated');
		const orders = sim.store.workordersByNo('A-42');
		expect(orders).toHaveLength(1);
		expect(orders[0]).toMatchObject({ WorkDate: '14-03-2025', EmployeeNr: '8', status: 'Klaargezet' });
		expect(sim.statusFlips).toBe(0);
	});
});
