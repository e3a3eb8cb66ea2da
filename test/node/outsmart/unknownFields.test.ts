/**
 * Every field the OutSmart node sends is one OutSmart documents: against the simulator with
 * `unknownFields: 'reject'` (a row with a field the reference does not name is refused), realistic Bouwsoft items
 * of every resource and a Map Fields record with every field of the node's schema are all accepted.
 */
import type { IDataObject } from 'n8n-workflow';

import { WRITE_KINDS, type WriteKind } from '../../../nodes/OutSmart/schema';
import { startOutSmartSimulator } from '../../simulators/outsmart';
import type { EntityName, OutSmartSimulator } from '../../simulators/outsmart';
import { entitySpec, isDocumentedField } from '../../simulators/outsmart/entities';
import { WORKORDER_FIELDS } from '../../simulators/outsmart/workorderFields';
import * as bs from '../../fixtures/bouwsoftItems';
import { product, runOutSmart } from './helpers';

/** The record an OutSmart node output item (or one of its related records) sent. */
interface Sent {
	kind: WriteKind;
	key: string;
	record: IDataObject;
}

function sentRecords(json: IDataObject, primary: WriteKind): Sent[] {
	const related = (json.related as Array<{ resource: WriteKind; key: string; record: IDataObject }> | undefined) ?? [];
	return [{ kind: primary, key: String(json.key), record: json.record as IDataObject }, ...related.map((r) => ({ kind: r.resource, key: r.key, record: r.record }))];
}

describe('OutSmart node: only fields OutSmart documents (simulator unknownFields: reject)', () => {
	let sim: OutSmartSimulator;
	beforeAll(async () => {
		sim = await startOutSmartSimulator({ unknownFields: 'reject' });
	});
	afterAll(async () => await sim.close());
	beforeEach(() => sim.reset());

	/** What OutSmart stored under a key: every field we sent is there, as sent (strings). */
	function stored(kind: WriteKind, key: string): Record<string, unknown> | undefined {
		if (kind === 'workorders') return sim.store.workordersByNo(key)[0];
		return sim.store.get(kind as EntityName, key);
	}

	/** `covers`: optional fields the items must send (so the check is not only about the required ones). */
	const cases: Array<{ resource: string; primary: WriteKind; items: IDataObject[]; kinds: WriteKind[]; covers: string[] }> = [
		{ resource: 'employee', primary: 'employees', items: [bs.employee(7)], kinds: ['employees'], covers: ['employees.active', 'employees.email', 'employees.mobile', 'employees.address', 'employees.zipcode', 'employees.city', 'employees.country'] },
		{
			resource: 'materialCategory',
			primary: 'categories',
			items: [bs.category('VERF', null), bs.category('VERF', '01 Levis')],
			kinds: ['categories'],
			covers: ['categories.cat_cat_code'],
		},
		{ resource: 'material', primary: 'materials', items: [product('H.018')], kinds: ['materials', 'material_categories'], covers: ['materials.barcode'] },
		{ resource: 'warehouse', primary: 'warehouses', items: [bs.warehouse(3, 'Magazijn Gent')], kinds: ['warehouses'], covers: ['warehouses.wse_external_id'] },
		{ resource: 'hourType', primary: 'hourtypes', items: [bs.job('01')], kinds: ['hourtypes'], covers: ['hourtypes.active'] },
		{
			resource: 'relation',
			primary: 'relations',
			items: [
				bs.client(1001, {
					contact_id: 72,
					addressline2: 'Bus 3',
					gsm: '+32 475 99 88 77',
					contacts: [bs.contact(71), bs.contact(72, { contact_name: 'Tom Claes', contact_telephone: '050 11 22 33' })],
				}),
			],
			kinds: ['relations', 'contactpersons'],
			covers: ['relations.country', 'relations.contact', 'relations.phone_number', 'relations.mobile', 'relations.email', 'relations.vat_number', 'relations.remark', 'relations.active', 'contactpersons.cpn_phone', 'contactpersons.cpn_email'],
		},
		{
			resource: 'project',
			primary: 'projects',
			items: [
				bs.project(2025001, {
					ordernr: 'PO-77',
					date_completed: '2025-06-30',
					activities: [bs.phase(11, 2025001), bs.phase(12, 2025001, { title: 'Afwerking', date_executed: '2025-06-01' })],
				}),
			],
			kinds: ['projects', 'project_activities', 'workorders'],
			covers: [
				'projects.code_ext', 'projects.debtor_number_invoice', 'projects.date_end', 'projects.description', 'projects.active',
				'project_activities.pra_description', 'project_activities.pra_date_end', 'project_activities.pra_order', 'project_activities.pra_budget_hours',
				'workorders.ProjectNr', 'workorders.ExternProjectNr', 'workorders.OrderNr', 'workorders.WorkDeadline', 'workorders.CustomerPhoneInvoice',
			],
		},
		{ resource: 'workOrder', primary: 'workorders', items: [bs.assignment(42)], kinds: ['workorders'], covers: ['workorders.InternalWorkDescription', 'workorders.WorkDate', 'workorders.EmployeeNr', 'workorders.CpnCode', 'workorders.ShortWorkDescription'] },
	];

	it.each(cases)('$resource: every record is accepted and stored with every field sent', async ({ resource, primary, items, kinds, covers }) => {
		expect(sim.options.unknownFields).toBe('reject');
		const result = await runOutSmart(sim, { parameters: { resource, operation: 'upsert', mappingMode: 'bouwsoft' }, items, continueOnFail: true });
		const out = result.outputs[0].map((item) => item.json);
		// Work orders are looked up first, so they say "created"; master data is written by key ("upserted").
		const action = primary === 'workorders' ? 'created' : 'upserted';
		expect(out.map((json) => ({ action: json.action, error: json.error }))).toEqual(items.map(() => ({ action, error: undefined })));
		const sent = out.flatMap((json) => sentRecords(json, primary));
		// The items are realistic enough to send the optional fields too, not only the required ones.
		const fieldsSent = new Set(sent.map((s) => Object.keys(s.record).map((field) => `${s.kind}.${field}`)).flat());
		expect(covers.filter((field) => !fieldsSent.has(field))).toEqual([]);
		expect([...new Set(sent.map((s) => s.kind))].sort()).toEqual([...kinds].sort());
		for (const { kind, key, record } of sent) {
			const expected = Object.fromEntries(Object.entries(record).map(([field, value]) => [field, String(value)]));
			expect({ kind, key, stored: stored(kind, key) }).toEqual({ kind, key, stored: expect.objectContaining(expected) });
		}
	});

	it('Map Fields: a relation with every field of the node schema is accepted', async () => {
		const value: Record<string, string | number> = Object.fromEntries(
			WRITE_KINDS.relations.fields.map((field) => [field.id, field.type === 'number' ? 1 : `${field.displayName} 1`]),
		);
		value.debtor_number = '2001';
		const result = await runOutSmart(sim, {
			parameters: { resource: 'relation', operation: 'upsert', mappingMode: 'mapFields', columns: { mappingMode: 'defineBelow', value } },
			items: [{}],
			continueOnFail: true,
		});
		const [item] = result.outputs[0];
		expect({ action: item.json.action, error: item.json.error }).toEqual({ action: 'upserted', error: undefined });
		expect(Object.keys(item.json.record as IDataObject).sort()).toEqual(WRITE_KINDS.relations.fields.map((field) => field.id).sort());
		expect(sim.store.get('relations', '2001')).toMatchObject({ vat_number: 'VAT Number 1', email_workorder: 'Email for Work Orders 1', active: '1' });
	});

	it("every field of the node's schema (schema.ts WRITE_KINDS) is one the reference names for its OutSmart entity", () => {
		const undocumented: string[] = [];
		for (const [kind, spec] of Object.entries(WRITE_KINDS) as Array<[WriteKind, (typeof WRITE_KINDS)[WriteKind]]>) {
			for (const { id } of spec.fields) {
				const documented = kind === 'workorders' ? WORKORDER_FIELDS.includes(id) : isDocumentedField(entitySpec(kind), id);
				if (!documented) undocumented.push(`${kind}.${id}`);
			}
		}
		expect(undocumented).toEqual([]);
	});
});
