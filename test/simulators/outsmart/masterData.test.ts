import { startOutSmartSimulator } from './index';
import type { EntityName, OutSmartSimulator } from './index';
import { outSmartClient, VALID_ROWS } from './testClient';
import type { OutSmartTestClient } from './testClient';

/** Required fields and missing-field codes as the reference's tables and code list document them. */
const DOCUMENTED: Array<[EntityName, number, string[]]> = [
	['employees', 1101, ['firstname', 'lastname', 'number']],
	['materials', 1201, ['code', 'description', 'price', 'unit']],
	['categories', 2401, ['cat_code', 'cat_name', 'cat_display']],
	['material_categories', 2501, ['mct_mat_code', 'mct_cat_code']],
	['hourtypes', 1801, ['code', 'name', 'cost_booking', 'sale_booking', 'sale_price']],
	['relations', 1301, ['name', 'debtor_number', 'street', 'postal_code', 'city']],
	['projects', 1701, ['code', 'debtor_number', 'status', 'name', 'date_start']],
	['worktypes', 2601, ['wrt_name', 'wrt_description', 'wrt_default_minutes', 'wrt_active']],
	['paymentmethods', 2701, ['pmd_description']],
	['workstatusses', 2801, ['sta_code', 'sta_name']],
];

/** Entities whose codes OutSmart does not document: the codes the simulator chose (README.md). */
const CHOSEN: Array<[EntityName, number, string[]]> = [
	['warehouses', 2901, ['wse_code', 'wse_description']],
	['contactpersons', 3101, ['cpn_debtor_nr', 'cpn_code', 'cpn_name']],
	['addresses', 3201, ['adr_debtor_nr', 'adr_code', 'adr_line_1', 'adr_zip', 'adr_city']],
	['project_activities', 3001, ['pra_code', 'pra_pro_code', 'pra_name']],
];

/** Upsert key and a changed non-key field per entity (reference §1.7). */
const UPSERT: Array<[EntityName, string, Record<string, unknown>]> = [
	['employees', '123', { lastname: 'Janssens' }],
	['materials', 'MAT-001', { price: '5.10' }],
	['categories', 'L:Bouwmaterialen', { cat_name: 'Bouw' }],
	['warehouses', '7', { wse_description: 'Magazijn Brugge' }],
	['hourtypes', '001', { sale_price: '55,00' }],
	['relations', '1001', { city: 'Brugge' }],
	['contactpersons', 'C-55', { cpn_name: 'Piet De Vries' }],
	['addresses', 'A-1', { adr_city: 'Brugge' }],
	['projects', '2024001', { status: 'In uitvoering' }],
	['project_activities', 'PH-9', { pra_name: 'Afwerking' }],
	['worktypes', 'Installatie', { wrt_description: 'Plaatsing' }],
	['workstatusses', '001', { sta_name: 'Klant niet bereikbaar' }],
];

describe('OutSmart simulator: master data', () => {
	let sim: OutSmartSimulator;
	let client: OutSmartTestClient;
	beforeAll(async () => {
		sim = await startOutSmartSimulator();
		client = outSmartClient(sim);
	});
	afterAll(() => sim.close());
	beforeEach(() => sim.reset());

	describe.each(UPSERT)('%s upsert by key', (entity, key, change) => {
		it('creates, then updates the same key instead of adding a record', async () => {
			const created = await client.post(entity, [VALID_ROWS[entity]]);
			expect(created.data).toEqual({ code: 200, messages: [], response: 1 });
			expect(sim.store.count(entity)).toBe(1);

			const updated = await client.post(entity, [{ ...VALID_ROWS[entity], ...change }]);
			expect(updated.data).toEqual({ code: 200, messages: [], response: 1 });
			expect(sim.store.count(entity)).toBe(1);
			const [field, value] = Object.entries(change)[0];
			expect(sim.store.get(entity, key)?.[field]).toBe(String(value));
			expect(sim.store.writes(entity, key)).toBe(2);

			const listed = await client.get(entity);
			expect(listed.data.response).toEqual([expect.objectContaining({ [field]: String(value) })]);
		});
	});

	it('material_categories are keyed by the (material, category) pair', async () => {
		const links = [
			{ mct_mat_code: '001', mct_cat_code: '7' },
			{ mct_mat_code: '001', mct_cat_code: '8' },
		];
		expect((await client.post('material_categories', links)).data.response).toBe(2);
		expect((await client.post('material_categories', [links[0]])).data.response).toBe(1);
		expect([...sim.store.material_categories.keys()].sort()).toEqual(['001|7', '001|8']);
	});

	describe.each([...DOCUMENTED, ...CHOSEN])('%s required fields', (entity, code, required) => {
		it.each(required)(`missing %s → ${code} "Required field missing: <field>", nothing written`, async (field) => {
			const row = { ...VALID_ROWS[entity] };
			delete row[field];
			const response = await client.post(entity, [row]);
			expect(response.data).toEqual({ code, messages: [`Required field missing: ${field}`], response: null });
			expect(sim.store.count(entity)).toBe(0);
		});

		it('treats an empty string as missing (projects example: status "")', async () => {
			const response = await client.post(entity, [{ ...VALID_ROWS[entity], [required[0]]: '' }]);
			expect(response.data.code).toBe(code);
		});
	});

	it('lets entityOverrides change required fields and codes of undocumented entities', async () => {
		const custom = await startOutSmartSimulator({ entityOverrides: { warehouses: { required: ['wse_code'], missingCode: 1051 } } });
		try {
			const customClient = outSmartClient(custom);
			expect((await customClient.post('warehouses', [{ wse_code: '9' }])).data.code).toBe(200);
			expect((await customClient.post('warehouses', [{ wse_description: 'x' }])).data.code).toBe(1051);
		} finally {
			await custom.close();
		}
	});

	it('stores values as strings: numbers, booleans as "1"/"0", null for null', async () => {
		await client.post('projects', [{ ...VALID_ROWS.projects, active: true, progress: 40, date_end: null }]);
		expect(sim.store.get('projects', '2024001')).toMatchObject({ active: '1', progress: '40', date_end: null });
	});

	it('hourtypes: active/booking flags must be 1 or 0 and prices parsable (1801); comma or dot accepted', async () => {
		expect((await client.post('hourtypes', [{ ...VALID_ROWS.hourtypes, active: '2' }])).data.code).toBe(1801);
		expect((await client.post('hourtypes', [{ ...VALID_ROWS.hourtypes, sale_booking: 'ja' }])).data.code).toBe(1801);
		expect((await client.post('hourtypes', [{ ...VALID_ROWS.hourtypes, sale_price: 'vijftig' }])).data.code).toBe(1801);
		expect(sim.store.count('hourtypes')).toBe(0);
		const ok = await client.post('hourtypes', [
			{ ...VALID_ROWS.hourtypes, code: 'A', sale_price: '50,25', active: 0 },
			{ ...VALID_ROWS.hourtypes, code: 'B', sale_price: 0, cost_price: '12.5' },
		]);
		expect(ok.data).toEqual({ code: 200, messages: [], response: 2 });
	});

	it('materials accept a decimal comma (reference example "4,55") and reject an unparsable price', async () => {
		expect((await client.post('materials', [{ ...VALID_ROWS.materials, price: '4,55' }])).data.code).toBe(200);
		expect((await client.post('materials', [{ ...VALID_ROWS.materials, price: '4.55' }])).data.code).toBe(200);
		expect((await client.post('materials', [{ ...VALID_ROWS.materials, price: '€ 4' }])).data.code).toBe(1200);
	});

	it('projects: an invalid date_start is 1701', async () => {
		const response = await client.post('projects', [{ ...VALID_ROWS.projects, date_start: '01-03-2024' }]);
		expect(response.data.code).toBe(1701);
		expect((await client.post('projects', [{ ...VALID_ROWS.projects, date_start: '2024-02-30' }])).data.code).toBe(1701);
	});

	describe('Varchar sizes', () => {
		const long = 'x'.repeat(256);
		it('rejects a value over 255 (or 55 for eancode) with the entity x00 code by default', async () => {
			expect((await client.post('relations', [{ ...VALID_ROWS.relations, name: long }])).data.code).toBe(1300);
			const ean = await client.post('materials', [{ ...VALID_ROWS.materials, eancode: '1'.repeat(56) }]);
			expect(ean.data.code).toBe(1200);
			expect(ean.data.messages[0]).toContain('eancode');
			expect((await client.post('materials', [{ ...VALID_ROWS.materials, description: long }])).data.code).toBe(200);
		});

		it('truncates silently when overlongValues is "truncate"', async () => {
			sim.options.overlongValues = 'truncate';
			try {
				expect((await client.post('relations', [{ ...VALID_ROWS.relations, name: long }])).data.code).toBe(200);
				expect(sim.store.get('relations', '1001')?.name).toHaveLength(255);
			} finally {
				sim.options.overlongValues = 'reject';
			}
		});
	});

	describe('batch semantics', () => {
		const batch = () => [
			{ ...VALID_ROWS.employees, number: '1' },
			{ lastname: 'Zonder voornaam', number: '2' },
			{ ...VALID_ROWS.employees, number: '3' },
		];

		it('all-or-nothing (default): one bad row rejects the batch, nothing is written', async () => {
			const response = await client.post('employees', batch());
			expect(response.data).toEqual({ code: 1101, messages: ['Required field missing: firstname'], response: null });
			expect(sim.store.count('employees')).toBe(0);
		});

		it('partial: the good rows are written, the answer is still the error', async () => {
			sim.options.batchValidation = 'partial';
			try {
				const response = await client.post('employees', batch());
				expect(response.data.code).toBe(1101);
				expect(response.data.response).toBeNull();
				expect([...sim.store.employees.keys()].sort()).toEqual(['1', '3']);
				expect(sim.counters.employees).toEqual({ requests: 1, rowsReceived: 3, rowsWritten: 2 });
			} finally {
				sim.options.batchValidation = 'all-or-nothing';
			}
		});

		it('one message per distinct missing field across the batch', async () => {
			const response = await client.post('employees', [{ number: '1' }, { number: '2', lastname: 'x' }]);
			expect(response.data.messages).toEqual(['Required field missing: firstname', 'Required field missing: lastname']);
		});
	});

	describe('omitted fields on an update', () => {
		it('keeps them by default and clears them with omittedFieldsOnUpdate "clear"', async () => {
			await client.post('relations', [{ ...VALID_ROWS.relations, email: 'info@devries.be' }]);
			await client.post('relations', [VALID_ROWS.relations]);
			expect(sim.store.get('relations', '1001')?.email).toBe('info@devries.be');
			sim.options.omittedFieldsOnUpdate = 'clear';
			try {
				await client.post('relations', [VALID_ROWS.relations]);
				expect(sim.store.get('relations', '1001')?.email).toBeUndefined();
			} finally {
				sim.options.omittedFieldsOnUpdate = 'keep';
			}
		});
	});

	describe('GET filters', () => {
		beforeEach(async () => {
			await client.post('relations', [
				{ ...VALID_ROWS.relations, debtor_number: '1', city: 'Gent', postal_code: '9000' },
				{ ...VALID_ROWS.relations, debtor_number: '2', city: 'Brugge', postal_code: '8000' },
				{ ...VALID_ROWS.relations, debtor_number: '3', city: 'Gentbrugge', postal_code: '9050' },
			]);
		});
		const numbers = (records: unknown) => (records as Array<{ debtor_number: string }>).map((r) => r.debtor_number);

		it('simple key/value filter', async () => {
			expect(numbers((await client.get('relations', { key: 'city', value: 'Gent' })).data.response)).toEqual(['1']);
		});

		it('advanced filter with operator[] (li, gt) combined with AND', async () => {
			const like = await client.get('relations', { 'key[]': ['city'], 'value[]': ['gent'], 'operator[]': ['li'] });
			expect(numbers(like.data.response)).toEqual(['1', '3']);
			const query = { 'key[]': ['city', 'postal_code'], 'value[]': ['Gent', '9000'], 'operator[]': ['li', 'gt'] };
			expect(numbers((await client.get('relations', query)).data.response)).toEqual(['3']);
		});

		it('the category / contactperson / address filter endpoints read the same data', async () => {
			await client.post('categories', [VALID_ROWS.categories]);
			const response = await client.get('category', { key: 'cat_code', value: 'L:Bouwmaterialen' });
			expect(response.data.response).toEqual([expect.objectContaining({ cat_name: 'Bouwmaterialen' })]);
		});
	});

	it('seed puts records in place without requests, and reset() goes back to the seed', async () => {
		const seeded = await startOutSmartSimulator({ seed: { employees: [{ firstname: 'A', lastname: 'B', number: 5 }] } });
		try {
			const seededClient = outSmartClient(seeded);
			await seededClient.post('employees', [VALID_ROWS.employees]);
			expect(seeded.store.count('employees')).toBe(2);
			seeded.reset();
			expect([...seeded.store.employees.keys()]).toEqual(['5']);
			expect(seeded.requests).toHaveLength(0);
		} finally {
			await seeded.close();
		}
	});
});
