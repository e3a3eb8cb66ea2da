import type { IDataObject } from 'n8n-workflow';

import { writesHash as contentHash, stableStringify } from '../../../nodes/OutSmart/upsert/hash';
import { categoryLayers } from '../../../nodes/OutSmart/upsert/run';
import { DEFAULT_MAPPING_OPTIONS, MAPPERS, categoryOf, decimal, isoDate, workOrderDate, workOrderTime } from '../../../nodes/OutSmart/mapping';
import type { MappingContext, MappingResult } from '../../../nodes/OutSmart/mapping';
import * as bs from '../../fixtures/bouwsoftItems';
import { product } from '../../node/outsmart/helpers';

const everything: MappingContext = { options: DEFAULT_MAPPING_OPTIONS, wants: () => true };
const ok = (result: MappingResult) => {
	if (!result.ok) throw new Error(`mapping failed: ${JSON.stringify(result.problems)}`);
	return result;
};
const problemsOf = (result: MappingResult) => (result.ok ? [] : result.problems.map((p) => [p.outSmartField, p.bouwsoftField]));

describe('value helpers', () => {
	it('parses comma and dot decimals', () => {
		expect(decimal('12,5')).toBe(12.5);
		expect(decimal('1.234,56')).toBe(1234.56);
		expect(decimal('1,234.56')).toBe(1234.56);
		expect(decimal(7)).toBe(7);
		expect(decimal('')).toBeUndefined();
		expect(decimal('abc')).toBeUndefined();
	});
	it('formats dates and times for OutSmart', () => {
		expect(isoDate('2025-03-12 00:00:00')).toBe('2025-03-12');
		expect(isoDate('0000-00-00')).toBe('');
		expect(workOrderDate('2025-03-12')).toBe('12-03-2025');
		expect(workOrderTime(7.5)).toBe('07:30');
		expect(workOrderTime('8:05:00')).toBe('08:05');
		expect(workOrderTime('')).toBe('');
	});
});

describe('materials', () => {
	it('maps a product to a material and a link to its group', () => {
		const { writes, warnings } = ok(MAPPERS.materials(product('H.018'), everything));
		expect(writes).toEqual([
			{ kind: 'materials', key: 'H.018', record: { code: 'H.018', description: 'Muurverf wit H.018', price: '19.95', unit: 'L', barcode: '5410000000000' } },
			{ kind: 'material_categories', key: 'H.018|G:VERF/01 Levis', record: { mct_mat_code: 'H.018', mct_cat_code: 'G:VERF/01 Levis' } },
		]);
		expect(warnings).toEqual([]);
	});
	it('handles comma prices, the chosen price field, missing units, inactive products and no list', () => {
		const options = { ...DEFAULT_MAPPING_OPTIONS, priceField: 'price_sales1' as const, defaultUnit: 'stuk' };
		const { writes, warnings } = ok(
			MAPPERS.materials(product('X1', { price_sales1: '4,55', unit: '', list: '', group: '', active: false }), { options, wants: () => true }),
		);
		expect(writes).toHaveLength(1);
		expect(writes[0].record).toMatchObject({ price: '4.55', unit: 'stuk' });
		expect(warnings.join(' ')).toMatch(/inactive in Bouwsoft/);
		expect(warnings.join(' ')).toMatch(/no product list/);
	});
	it('cuts a too long barcode with a warning instead of failing', () => {
		const { writes, warnings } = ok(MAPPERS.materials(product('X2', { barcode: '1'.repeat(80) }), everything));
		expect(String(writes[0].record.barcode)).toHaveLength(55);
		expect(warnings[0]).toMatch(/"barcode" was cut to 55 characters/);
	});
	it('names the Bouwsoft field when a required field cannot be filled', () => {
		expect(problemsOf(MAPPERS.materials(product('X3', { nr1: '  ', description: null }), everything))).toEqual([
			['code', 'nr1'],
			['description', 'description'],
		]);
	});
});

describe('categories, warehouses, hour types, employees', () => {
	it('category lists are roots, groups point at their list', () => {
		expect(ok(MAPPERS.categories(bs.category('VERF', null), everything)).writes[0].record).toEqual({ cat_code: 'L:VERF', cat_name: 'VERF', cat_display: 1 });
		expect(ok(MAPPERS.categories(bs.category('VERF', '01 Levis'), everything)).writes[0].record).toEqual({
			cat_code: 'G:VERF/01 Levis',
			cat_name: '01 Levis',
			cat_cat_code: 'L:VERF',
			cat_display: 1,
		});
	});
	it('orders categories parents first', () => {
		const writes = ['G:A/x', 'L:A', 'L:B'].map((key, item) => ({
			item,
			kind: 'categories' as const,
			key,
			record: { cat_code: key, cat_cat_code: key.startsWith('G:') ? 'L:A' : '' },
		}));
		expect(categoryLayers(writes).map((layer) => layer.map((w) => w.key))).toEqual([['L:A', 'L:B'], ['G:A/x']]);
	});
	it('warehouses from stock locations', () => {
		expect(ok(MAPPERS.warehouses(bs.warehouse(3, 'Bestelwagen 1-ABC-123'), everything)).writes[0].record).toEqual({
			wse_code: '3',
			wse_description: 'Bestelwagen 1-ABC-123',
			wse_external_id: '3',
		});
	});
	it('hour types from Jobs, with a comma price and a missing price', () => {
		expect(ok(MAPPERS.hourTypes(bs.job('02', { price_hour: '69,5' }), everything)).writes[0].record).toEqual({
			code: '02',
			name: 'VOORBEREIDING',
			cost_booking: 1,
			sale_booking: 1,
			sale_price: '69.50',
			active: 1,
		});
		const free = ok(MAPPERS.hourTypes(bs.job('ZK', { price_hour: null }), everything));
		expect(free.writes[0].record.sale_price).toBe('0.00');
		expect(free.warnings[0]).toMatch(/price_hour/);
	});
	it('employees: number = Bouwsoft nr, names split from `name` when needed', () => {
		expect(ok(MAPPERS.employees(bs.employee(7), everything)).writes[0]).toMatchObject({
			key: '7',
			record: { number: '7', firstname: 'Jan', lastname: 'Peeters', active: 1, mobile: '+32 475 12 34 56', country: 'BE' },
		});
		const split = ok(MAPPERS.employees(bs.employee(8, { firstname: '', surname: '', name: 'An De Smet', active: false }), everything));
		expect(split.writes[0].record).toMatchObject({ firstname: 'An', lastname: 'De Smet', active: 0 });
		expect(problemsOf(MAPPERS.employees(bs.employee(0, { name: 'Solo', firstname: '', surname: '' }), everything))).toEqual([
			['number', 'nr'],
			['lastname', 'surname'],
		]);
	});
});

describe('relations and contact persons', () => {
	it('a client becomes a relation (debtor = clientnr) followed by its contacts', () => {
		const { writes } = ok(MAPPERS.relations(bs.client(1001, { contact_id: 72, contacts: [bs.contact(71), bs.contact(72, { contact_name: 'Tom Claes', contact_telephone: '050 11 22 33' })] }), everything));
		expect(writes.map((w) => [w.kind, w.key])).toEqual([
			['relations', '1001'],
			['contactpersons', 'C-71'],
			['contactpersons', 'C-72'],
		]);
		expect(writes[0].record).toMatchObject({ name: 'Bouwwerken Van Damme BV', street: 'Stationsstraat 45', postal_code: '8000', city: 'Brugge', contact: 'Tom Claes', vat_number: 'BE0123456789' });
		expect(writes[2].record).toEqual({ cpn_code: 'C-72', cpn_debtor_nr: '1001', cpn_name: 'Tom Claes', cpn_phone: '050 11 22 33', cpn_email: 'els@vandamme.be' });
	});
	it('falls back to gsm for the phone and leaves nameless contacts out with a warning', () => {
		const result = ok(MAPPERS.relations(bs.client(1002, { telephone1: '', gsm: '0477 12 34 56', contacts: [bs.contact(73, { contact_name: ' ' })] }), everything));
		expect(result.writes.map((w) => w.kind)).toEqual(['relations']);
		expect(result.writes[0].record.phone_number).toBe('0477 12 34 56');
		expect(result.warnings[0]).toMatch(/contact 73 has no name/);
	});
	it('missing address parts are named', () => {
		expect(problemsOf(MAPPERS.relations(bs.client(1003, { address: '', zipcode: null }), everything))).toEqual([
			['street', 'address'],
			['postal_code', 'zipcode'],
		]);
	});
	it('Contact Person resource maps only the contacts', () => {
		const onlyContacts: MappingContext = { options: DEFAULT_MAPPING_OPTIONS, wants: (kind) => kind === 'contactpersons' };
		const result = ok(MAPPERS.relations(bs.client(1004, { address: '', contacts: [bs.contact(74)] }), onlyContacts));
		expect(result.writes.map((w) => w.key)).toEqual(['C-74']);
	});
});

describe('projects', () => {
	it('project, activities (phases) and work order P-<pnr>', () => {
		const options = { ...DEFAULT_MAPPING_OPTIONS, typeOfWork: 'Project' };
		const { writes } = ok(
			MAPPERS.projects(bs.project(2025001, { activities: [bs.phase(11, 2025001), { id: 12, actualcost_id: 3, description: 'Schilderwerken', hours: '12,5', nr1: 'AC12' }] }), { options, wants: () => true }),
		);
		expect(writes.map((w) => [w.kind, w.key])).toEqual([
			['projects', '2025001'],
			['project_activities', 'PH-11'],
			['project_activities', 'AC-12'],
			['workorders', 'P-2025001'],
		]);
		expect(writes[0].record).toMatchObject({ code: '2025001', code_ext: '1', status: 'Goedgekeurd', date_start: '2025-02-01', debtor_number: '1001', active: 1 });
		expect(writes[1].record).toMatchObject({ pra_name: 'Ruwbouw', pra_pro_code: '2025001', pra_date_end: '2025-05-30', pra_budget_hours: '40', pra_order: 1 });
		expect(writes[2].record).toMatchObject({ pra_name: 'Schilderwerken', pra_budget_hours: '12.5' });
		expect(writes[3].record).toMatchObject({
			WorkorderNo: 'P-2025001',
			ProjectNr: '2025001',
			CustomerName: 'Bouwwerken Van Damme BV',
			CustomerStreet: 'Kerkstraat 8',
			CustomerZIP: '9000',
			CustomerStreetInvoice: 'Stationsstraat 45',
			CustomerContactPerson: 'Bouwwerken Van Damme BV',
			TypeOfWork: 'Project',
			PaymentMethod: 'niet van toepassing',
		});
	});
	it('derives the status from the flags and uses the creation date without approval', () => {
		const offer = ok(MAPPERS.projects(bs.project(2025002, { approved: false, date_approved: '' }), everything)).writes[0].record;
		expect(offer).toMatchObject({ status: 'Offerte', date_start: '2025-01-10' });
		const done = ok(MAPPERS.projects(bs.project(2025003, { completed: true, date_completed: '2025-06-30' }), everything)).writes[0].record;
		expect(done).toMatchObject({ status: 'Afgerond', date_end: '2025-06-30', active: 0 });
	});
	it('a project without client cannot fill the debtor', () => {
		expect(problemsOf(MAPPERS.projects(bs.project(2025004, { client: null, client_addressid: 0 }), everything))).toEqual([
			['debtor_number', 'client_addressid'],
			['CustomerDebtorNr', 'client_addressid'],
		]);
	});
});

describe('assignments', () => {
	it('a work order A-<nr> with notes, schedule and customer from the work address', () => {
		const { writes } = ok(MAPPERS.assignments(bs.assignment(42), everything));
		expect(writes[0]).toMatchObject({
			key: 'A-42',
			record: {
				InternalWorkDescription: 'Sleutel bij de buren (nr 14). #spoed',
				WorkDescription: 'Herstelling lekkende kraan badkamer',
				ShortWorkDescription: 'Lek in badkamer',
				WorkDate: '12-03-2025',
				EmployeeNr: '7',
				CustomerName: 'Bouwwerken Van Damme BV',
				CustomerDebtorNr: '1001',
				CustomerStreet: 'Zandstraat 3',
				CustomerCity: 'Sint-Andries',
				CustomerCityInvoice: 'Brugge',
				CustomerContactPerson: 'Els Van Damme',
				CpnCode: 'C-71',
			},
		});
	});
	it('falls back to the client address and the contact fallback, keeps a long note whole', () => {
		const note = 'x'.repeat(70_000);
		const options = { ...DEFAULT_MAPPING_OPTIONS, contactPersonFallback: 'Balie' };
		const result = ok(
			MAPPERS.assignments(bs.assignment(43, { address_address: '', address_zipcode: '', address_city: '', contact: null, contact_name: '', addresscontact_id: 0, note_technician: note, employee: null, employee_id: 0, dateplanned: '' }), { options, wants: () => true }),
		);
		const record = result.writes[0].record;
		expect(record).toMatchObject({ CustomerStreet: 'Stationsstraat 45', CustomerZIP: '8000', CustomerContactPerson: 'Balie', WorkDate: '10-03-2025' });
		expect(record.EmployeeNr).toBeUndefined();
		expect(record.CpnCode).toBeUndefined();
		expect(String(record.InternalWorkDescription)).toHaveLength(65_535);
		expect(result.warnings[0]).toMatch(/InternalWorkDescription" was cut/);
	});
	it('an assignment for an address without client number fails naming clientnr', () => {
		const address = bs.client(0);
		expect(problemsOf(MAPPERS.assignments(bs.assignment(44, { address }), everything))).toEqual([['CustomerDebtorNr', 'clientnr']]);
	});
});

describe('category detection and hashing', () => {
	it('uses _sync.category, else recognises the record by its fields', () => {
		expect(categoryOf(bs.job('01'), ['hourTypes'])).toBe('hourTypes');
		const { _sync, ...plain } = product('M1') as IDataObject & { _sync: unknown };
		expect(_sync).toBeDefined();
		expect(categoryOf(plain, ['materials'])).toBe('materials');
		const { _sync: _s, ...job } = bs.job('02') as IDataObject & { _sync: unknown };
		expect(_s).toBeDefined();
		expect(categoryOf(job, ['materials'])).toBe('hourTypes');
	});
	it('hashes content independently of key order', () => {
		const a = [{ kind: 'materials' as const, key: 'M1', record: { code: 'M1', price: '1.00', unit: 'st' } }];
		const b = [{ kind: 'materials' as const, key: 'M1', record: { unit: 'st', price: '1.00', code: 'M1' } }];
		expect(stableStringify(a[0].record)).toBe(stableStringify(b[0].record));
		expect(contentHash(a)).toBe(contentHash(b));
		expect(contentHash(a)).not.toBe(contentHash([{ ...a[0], record: { ...a[0].record, price: '1.01' } }]));
	});
});
