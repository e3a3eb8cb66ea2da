/**
 * Option `unknownFields`: 'store' (default) keeps a field the reference does not name silently; 'reject' refuses
 * the row like a validation error of its entity (x00 code, 1504 for work orders), `Unknown field: <field>`,
 * all-or-nothing per batch like the other validation.
 */
import { entitySpec, isDocumentedField } from './entities';
import { startOutSmartSimulator } from './index';
import type { OutSmartSimulator } from './index';
import { outSmartClient, VALID_ROWS, validWorkorder } from './testClient';
import type { OutSmartTestClient } from './testClient';
import { ENTITY_NAMES } from './types';

/** Each entity's x00 code ("insert or update failed"; our choice for the undocumented ones). */
const FAILED_CODES = {
	employees: 1100,
	materials: 1200,
	categories: 2400,
	material_categories: 2500,
	warehouses: 2900,
	hourtypes: 1800,
	relations: 1300,
	contactpersons: 3100,
	addresses: 3200,
	projects: 1700,
	project_activities: 3000,
	worktypes: 2600,
	paymentmethods: 2700,
	workstatusses: 2800,
} as const;

describe('OutSmart simulator: unknown fields', () => {
	let sim: OutSmartSimulator;
	let client: OutSmartTestClient;
	beforeAll(async () => {
		sim = await startOutSmartSimulator();
		client = outSmartClient(sim);
	});
	afterAll(() => sim.close());
	beforeEach(() => {
		sim.reset();
		sim.options.unknownFields = 'reject';
	});
	afterEach(() => {
		sim.options.unknownFields = 'store';
		sim.options.batchValidation = 'all-or-nothing';
		sim.options.entityOverrides = {};
	});

	it("'store' is the default: an unknown field is kept as sent", async () => {
		const fresh = await startOutSmartSimulator();
		try {
			expect(fresh.options.unknownFields).toBe('store');
			const response = await outSmartClient(fresh).post('relations', [{ ...VALID_ROWS.relations, colour: 'blauw' }]);
			expect(response.data).toEqual({ code: 200, messages: [], response: 1 });
			expect(fresh.store.get('relations', '1001')).toMatchObject({ colour: 'blauw' });
		} finally {
			await fresh.close();
		}
	});

	describe.each(ENTITY_NAMES.map((entity) => [entity]))("'reject': %s", (entity) => {
		it('accepts the valid example row', async () => {
			expect((await client.post(entity, [VALID_ROWS[entity]])).data).toEqual({ code: 200, messages: [], response: 1 });
		});

		it('refuses a row with an undocumented field with the x00 code, writes nothing of the batch', async () => {
			const response = await client.post(entity, [VALID_ROWS[entity], { ...VALID_ROWS[entity], colour: 'blauw' }]);
			expect(response.data).toEqual({ code: FAILED_CODES[entity], messages: ['Unknown field: colour'], response: null });
			expect(sim.store.count(entity)).toBe(0);
		});
	});

	it('a field with an empty or null value is still a field', async () => {
		const response = await client.post('materials', [{ ...VALID_ROWS.materials, colour: null, size: '' }]);
		expect(response.data).toEqual({ code: 1200, messages: ['Unknown field: colour', 'Unknown field: size'], response: null });
	});

	it('one message per distinct unknown field across the batch; a missing required field comes first', async () => {
		const response = await client.post('employees', [
			{ ...VALID_ROWS.employees, number: '1', colour: 'x' },
			{ ...VALID_ROWS.employees, number: '2', colour: 'y' },
			{ lastname: 'Zonder voornaam', number: '3', shoe_size: 44 },
		]);
		expect(response.data).toEqual({
			code: 1100,
			messages: ['Unknown field: colour', 'Required field missing: firstname', 'Unknown field: shoe_size'],
			response: null,
		});
		expect((await client.post('employees', [{ lastname: 'x', number: '4', colour: 'x' }])).data.code).toBe(1101);
	});

	it("'partial' batch validation writes the other rows and still answers the error", async () => {
		sim.options.batchValidation = 'partial';
		const response = await client.post('relations', [VALID_ROWS.relations, { ...VALID_ROWS.relations, debtor_number: '1002', colour: 'x' }]);
		expect(response.data.code).toBe(1300);
		expect([...sim.store.relations.keys()]).toEqual(['1001']);
	});

	it('the x00 code follows entityOverrides', async () => {
		sim.options.entityOverrides = { contactpersons: { failedCode: 1051 } };
		expect((await client.post('contactpersons', [{ ...VALID_ROWS.contactpersons, colour: 'x' }])).data.code).toBe(1051);
	});

	it('accepts every field the reference names, POST or GET, including numbered free fields', async () => {
		const rows: Array<[string, Record<string, unknown>]> = [
			['employees', { ...VALID_ROWS.employees, active: 1, start_type: 'x', mobile: '+32 475', email: 'a@b.be', address: 'Kerkstraat 1', zipcode: '9000', city: 'Gent', country: 'BE', latitude: '51.05', longitude: '3.72', warehouse: 'W1', vehicle: '7', birthday: '1980-01-01', emp_freefield_1: 'a', emp_freefield_12: 'b' }],
			['materials', { ...VALID_ROWS.materials, barcode: '123', freefield5: 'x', note: 'n', vat_code: '21' }],
			['warehouses', { ...VALID_ROWS.warehouses, wse_wse_code: '1', wse_image: 'u', wse_order_message: 'm', wse_employee_nr: '7', wse_external_id: 'g', wse_date_start: null, wse_date_end: null, wse_date_certification: null, wse_supplier: null, wse_remark: 'r' }],
			['hourtypes', VALID_ROWS.hourtypes],
			['relations', { ...VALID_ROWS.relations, contact: 'c', phone_number: 'p', email: 'e', email_workorder: 'w', house_number: '5', remark: 'r', latitude: '51.1', longitude: '3.7', country: 'BE', external_id: 'x', debtor_number_invoice: '1001', kvk_number: 'k', vat_number: 'BE0123', debtor_type: 'Klant', language: 'nl', accountmanager: 'a', mobile: 'm', status: 's', active: 1, pgp_code: 'p', source: 's', lead_phase: 'New', val_value_2: 'v', val_value_9: 'w' }],
			['projects', { ...VALID_ROWS.projects, code_ext: 'X', adr_code: 'A-1', cpn_code: 'C-1', debtor_number_invoice: '1001', description: 'd', progress: 10, date_end: '2024-06-01' }],
			['project_activities', { ...VALID_ROWS.project_activities, pra_pra_code: 'PH-1', pra_description: 'd', pra_date_start: '2024-03-01', pra_end_date: '2024-05-01', pra_order: 1, pra_status: 'open', pra_budget_hours: '10', pra_budget_hours_used: '2', pra_budget_costs: '1', pra_budget_costs_used: '1', pra_budget_revenue: '1', pra_budget_revenue_used: '1', pra_material_type: 't', pra_material_count: 2, pra_visible_planboard: 1, pra_id: 5, pra_cus_id: 6 }],
			['worktypes', VALID_ROWS.worktypes],
		];
		for (const [entity, row] of rows) {
			expect({ entity, data: (await client.post(entity, [row])).data }).toEqual({ entity, data: { code: 200, messages: [], response: 1 } });
		}
	});

	it('numbered families: only <prefix><positive number>', () => {
		const relations = entitySpec('relations');
		expect(isDocumentedField(relations, 'val_value_1')).toBe(true);
		expect(isDocumentedField(relations, 'val_value_20')).toBe(true);
		for (const field of ['val_value_', 'val_value_0', 'val_value_01', 'val_value_1a', 'emp_freefield_1', 'constructor', '__proto__']) {
			expect({ field, documented: isDocumentedField(relations, field) }).toEqual({ field, documented: false });
		}
		expect(isDocumentedField(entitySpec('employees'), 'emp_freefield_3')).toBe(true);
	});

	describe('PostWorkorders', () => {
		const post = (...orders: Array<Record<string, unknown>>) => client.post('PostWorkorders', orders);

		it('accepts every documented header field and the documented fields of Materials, Workperiods, Forms, Attachments rows', async () => {
			const order = validWorkorder('P-1', {
				OrderNr: 'P-1', ProjectNr: '2024001', ExternProjectNr: 'X', CustomerEmail: 'a@b.be', CustomerPhone: '1', CustomerRemark: 'r',
				CustomerLatitude: '51.0', CustomerLongitude: '3.7', CustomerStreetNoInvoice: '5', CustomerEmailInvoice: 'a@b.be',
				CustomerPhoneInvoice: '1', CustomerRemarkInvoice: 'r', CustomerCountry: 'BE', CustomerCountryInvoice: 'BE',
				WorkDescription: 'w', InternalWorkDescription: 'i', ShortWorkDescription: 's', Comment: 'c', EmployeeNr: '7',
				Employees: ['7', '8'], WorkDate: '01-03-2024', WorkTime: '08:00', WorkEndDate: '01-03-2024', WorkEndTime: '12:00',
				WorkDeadline: '31-03-2024', WorkDuration: 240, WorkStatus: '001', PickupPlanning: 0, WebPlanning: 1, CpnCode: 'C-1',
				CpnCodeInvoice: 'C-1', AdrCode: 'A-1', ErrorCode: 'E', ErrorMessage: 'e', SolutionCode: 'S', SolutionMessage: 's',
				PriorityCode: 'P', PriorityMessage: 'p', MinimumHours: '1.00', RoundingAmount: 15, WorkObjects: ['OBJ-1'],
				Materials: [{ MaterialCode: 'M1', MaterialNr: '1', MaterialPrice: '4,55', MaterialName: 'Gips', MaterialUnit: 'M2', MaterialType: 'T', MaterialFreeField1: 'f', MaterialFreeField5: 'f', MaterialWarehouseCode: 'W', MaterialWarrantyCode: 'G', MaterialDiscountPercentage: '10', MaterialOriginalPrice: '5' }],
				Workperiods: [{ WorkDate: '01-03-2024', BeginTime: '08:00', EndTime: '12:00', Break: 15, TotalTime: '03:45', Travel: 12, WorkRemark: 'r', HourType: '001', EmployeeNr: '7' }],
				Forms: [{ Name: 'Keuring', Data: '', ObjectCode: 'OBJ-1' }],
				Attachments: [{ File: 'https://example.com/a.pdf' }, { Data: 'aGFsbG8=', FileName: 'a.txt' }],
			});
			const response = await post(order);
			expect(response.data.code).toBe(200);
			expect(sim.store.workordersByNo('P-1')).toHaveLength(1);
		});

		it('refuses an unknown header field and unknown row fields with 1504, naming the list; nothing of the batch is written', async () => {
			const response = await post(
				validWorkorder('P-1'),
				validWorkorder('P-2', {
					Colour: 'blauw',
					Materials: [{ MaterialCode: 'M1', MaterialNr: '1', MaterialPrice: '1', MaterialName: 'x', MaterialTotalPrice: '1,00' }],
					Workperiods: [{ WorkDate: '01-03-2024', BeginTime: '08:00', EndTime: '09:00', TotalTime: '01:00', Overtime: '0' }],
				}),
			);
			expect(response.data).toEqual({
				code: 1504,
				messages: ['Unknown field: Colour', 'Unknown field: Materials.MaterialTotalPrice', 'Unknown field: Workperiods.Overtime'],
				response: null,
			});
			expect(sim.store.workorders).toHaveLength(0);
		});

		it('the legacy WorkInstruction (renamed WorkDescription in 2017) is not a documented POST field', async () => {
			expect((await post(validWorkorder('P-1', { WorkInstruction: 'x' }))).data.messages).toEqual(['Unknown field: WorkInstruction']);
		});

		it("'store' keeps unknown work-order fields as before", async () => {
			sim.options.unknownFields = 'store';
			expect((await post(validWorkorder('P-1', { Colour: 'blauw' }))).data.code).toBe(200);
			expect(sim.store.workordersByNo('P-1')[0]).toMatchObject({ Colour: 'blauw' });
		});
	});
});
