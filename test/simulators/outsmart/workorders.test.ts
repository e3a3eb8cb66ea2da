import { startOutSmartSimulator } from './index';
import type { OutSmartSimulator } from './index';
import { outSmartClient, VALID_ROWS, validWorkorder } from './testClient';
import type { OutSmartTestClient } from './testClient';

describe('OutSmart simulator: work orders', () => {
	let sim: OutSmartSimulator;
	let client: OutSmartTestClient;
	beforeAll(async () => {
		sim = await startOutSmartSimulator();
		client = outSmartClient(sim);
	});
	afterAll(() => sim.close());
	beforeEach(() => sim.reset());

	const post = (...orders: Array<Record<string, unknown>>) => client.post('PostWorkorders', orders);

	describe('PostWorkorders', () => {
		it('creates orders with increasing numeric row_id, status Klaargezet, and answers [{workorder_no,row_id}]', async () => {
			const response = await post(validWorkorder('P-1'), validWorkorder('A-7'));
			expect(response.data.code).toBe(200);
			const created = response.data.response as Array<{ workorder_no: string; row_id: number }>;
			expect(created.map((order) => order.workorder_no)).toEqual(['P-1', 'A-7']);
			expect(typeof created[0].row_id).toBe('number');
			expect(created[1].row_id).toBeGreaterThan(created[0].row_id);
			expect(sim.store.workorders.map((order) => order.status)).toEqual(['Klaargezet', 'Klaargezet']);
			expect(sim.store.workorder(created[0].row_id)?.CustomerCity).toBe('Gent');
		});

		it('rejects the whole batch with 1501, one message per missing field, response null', async () => {
			const incomplete = validWorkorder('P-2');
			delete incomplete.CustomerZIP;
			delete incomplete.TypeOfWork;
			const response = await post(validWorkorder('P-1'), incomplete);
			expect(response.data).toEqual({
				code: 1501,
				messages: ['Required field missing: CustomerZIP', 'Required field missing: TypeOfWork'],
				response: null,
			});
			expect(sim.store.workorders).toHaveLength(0);
		});

		it('partial batch mode writes the good orders but still answers the error', async () => {
			sim.options.batchValidation = 'partial';
			try {
				const response = await post(validWorkorder('P-1'), { WorkorderNo: 'P-2' });
				expect(response.data.code).toBe(1501);
				expect(sim.store.workorders.map((order) => order.WorkorderNo)).toEqual(['P-1']);
			} finally {
				sim.options.batchValidation = 'all-or-nothing';
			}
		});

		it('checks WorkDate d-m-Y and WorkTime H:i (1504) and required Materials fields', async () => {
			expect((await post(validWorkorder('P-1', { WorkDate: '2024-03-01' }))).data.code).toBe(1504);
			expect((await post(validWorkorder('P-1', { WorkTime: '9u30' }))).data.code).toBe(1504);
			const noName = await post(validWorkorder('P-1', { Materials: [{ MaterialCode: 'M', MaterialNr: 1, MaterialPrice: '0,00' }] }));
			expect(noName.data).toMatchObject({ code: 1501, messages: ['Required field missing: MaterialName'] });
			const ok = await post(validWorkorder('P-1', { WorkDate: '01-03-2024', WorkTime: '08:30' }));
			expect(ok.data.code).toBe(200);
		});

		describe('re-posting an existing WorkorderNo (unknown in reality)', () => {
			it("'duplicate' (default) creates a second order with the same number", async () => {
				const first = await post(validWorkorder('P-1'));
				const second = await post(validWorkorder('P-1', { CustomerCity: 'Brugge' }));
				expect(second.data.code).toBe(200);
				const orders = sim.store.workordersByNo('P-1');
				expect(orders).toHaveLength(2);
				expect(second.data.response[0].row_id).not.toBe(first.data.response[0].row_id);
			});

			it("'update' changes the existing order and answers its row_id", async () => {
				sim.options.duplicateWorkorderNo = 'update';
				try {
					const first = await post(validWorkorder('P-1'));
					const second = await post(validWorkorder('P-1', { CustomerCity: 'Brugge' }));
					expect(second.data.response).toEqual(first.data.response);
					expect(sim.store.workorders).toHaveLength(1);
					expect(sim.store.workorders[0].CustomerCity).toBe('Brugge');
				} finally {
					sim.options.duplicateWorkorderNo = 'duplicate';
				}
			});

			it("'reject' refuses the batch with duplicateWorkorderCode and writes nothing", async () => {
				sim.options.duplicateWorkorderNo = 'reject';
				try {
					await post(validWorkorder('P-1'));
					const response = await post(validWorkorder('P-2'), validWorkorder('P-1'));
					expect(response.data.code).toBe(sim.options.duplicateWorkorderCode);
					expect(response.data.messages).toEqual(['Workorder already exists: P-1']);
					expect(sim.store.workorders.map((order) => order.WorkorderNo)).toEqual(['P-1']);
				} finally {
					sim.options.duplicateWorkorderNo = 'duplicate';
				}
			});
		});
	});

	describe('GetWorkorder / GetWorkorders and the update_status trap', () => {
		let rowId: number;
		beforeEach(async () => {
			rowId = (await post(validWorkorder('P-1'), validWorkorder('P-2'))).data.response[0].row_id;
		});

		it('update_status=false reads without side effects and without counting a flip', async () => {
			const byNo = await client.get('GetWorkorder', { workorder_no: 'P-1', update_status: false });
			expect(byNo.data.response).toMatchObject({ id: String(rowId), WorkorderNo: 'P-1', status: 'Klaargezet' });
			expect(byNo.data.response.row_id).toBeUndefined();
			const byRow = await client.get('GetWorkorder', { row_id: rowId, update_status: 'false' });
			expect(byRow.data.response.WorkorderNo).toBe('P-1');
			expect(sim.store.workorder(rowId)?.status).toBe('Klaargezet');
			expect(sim.statusFlips).toBe(0);
		});

		it('without update_status (default true) the order becomes Afgehandeld and the call is recorded', async () => {
			const response = await client.get('GetWorkorder', { row_id: rowId });
			expect(response.data.response.status).toBe('Klaargezet');
			expect(sim.store.workorder(rowId)?.status).toBe('Afgehandeld');
			expect(sim.statusFlips).toBe(1);
			expect(sim.statusFlipCalls[0]).toMatchObject({ endpoint: 'GetWorkorder', flippedRowIds: [rowId] });
			expect(JSON.stringify(sim.statusFlipCalls)).not.toContain(sim.token);
		});

		it('counts a flip even when the order is unknown (1500)', async () => {
			const response = await client.get('GetWorkorder', { workorder_no: 'nope' });
			expect(response.data).toEqual({ code: 1500, messages: [], response: null });
			expect(sim.statusFlips).toBe(1);
		});

		it('GetWorkorders filters by status and flips every returned order unless update_status=false', async () => {
			sim.store.patchWorkorder(rowId, { status: 'Compleet' });
			const safe = await client.get('GetWorkorders', { status: 'Compleet', update_status: false });
			expect(safe.data.response.map((order: { WorkorderNo: string }) => order.WorkorderNo)).toEqual(['P-1']);
			expect(sim.statusFlips).toBe(0);

			const all = await client.get('GetWorkorders', { status: 'Alle' });
			expect(all.data.response).toHaveLength(2);
			expect(sim.store.workorders.map((order) => order.status)).toEqual(['Afgehandeld', 'Afgehandeld']);
			expect(sim.statusFlips).toBe(1);
		});

		it('GetWorkorders requires a valid status and supports key[]/value[] filters', async () => {
			expect((await client.get('GetWorkorders', { update_status: false })).data.code).toBe(1500);
			expect((await client.get('GetWorkorders', { status: 'Open', update_status: false })).data.code).toBe(1500);
			const filtered = await client.get('GetWorkorders', {
				status: 'Alle',
				update_status: false,
				'key[0]': 'WorkorderNo',
				'value[0]': 'P-2',
			});
			expect(filtered.data.response.map((order: { WorkorderNo: string }) => order.WorkorderNo)).toEqual(['P-2']);
		});
	});

	describe('UpdateWorkorder', () => {
		let rowId: number;
		beforeEach(async () => {
			await client.post('employees', [VALID_ROWS.employees]);
			rowId = (await post(validWorkorder('P-1'))).data.response[0].row_id;
		});

		it('reschedules by row_id (d-m-Y, H:i, existing employee, workstatus) and answers null', async () => {
			const response = await client.get('UpdateWorkorder', {
				row_id: rowId,
				workdate: '05-03-2024',
				worktime: '16:45',
				employee_nr: '123',
				workstatus: '001',
			});
			expect(response.data).toEqual({ code: 200, messages: [], response: null });
			expect(sim.store.workorder(rowId)).toMatchObject({ WorkDate: '05-03-2024', WorkTime: '16:45', EmployeeNr: '123', WorkStatus: '001' });
		});

		it('answers 1504 with the documented messages for bad date, time and unknown employee, changing nothing', async () => {
			const response = await client.get('UpdateWorkorder', {
				workorder_no: 'P-1',
				workdate: '2024-03-05',
				worktime: '4pm',
				employee_nr: '999',
			});
			expect(response.data).toEqual({
				code: 1504,
				messages: ['Date invalid. Format: 20-02-2016', 'Time invalid. Format: 07:08', 'Employee not updated'],
				response: null,
			});
			expect(sim.store.workorder(rowId)?.WorkDate).toBeUndefined();
		});

		it('1500 for an unknown order, 1502 without update data, 1503 when nothing changes', async () => {
			expect((await client.get('UpdateWorkorder', { row_id: 99999, workdate: '05-03-2024' })).data.code).toBe(1500);
			expect((await client.get('UpdateWorkorder', { row_id: rowId })).data.code).toBe(1502);
			await client.get('UpdateWorkorder', { row_id: rowId, workdate: '05-03-2024' });
			expect((await client.get('UpdateWorkorder', { row_id: rowId, workdate: '05-03-2024' })).data.code).toBe(1503);
		});

		it('applies other work-order fields passed as query params unless updateWorkorderExtraFields is false', async () => {
			const update = { row_id: rowId, InternalWorkDescription: 'Sleutel bij buren', ShortWorkDescription: 'Dakgoot' };
			expect((await client.get('UpdateWorkorder', update)).data.code).toBe(200);
			expect(sim.store.workorder(rowId)).toMatchObject({ InternalWorkDescription: 'Sleutel bij buren', ShortWorkDescription: 'Dakgoot' });
			sim.options.updateWorkorderExtraFields = false;
			try {
				expect((await client.get('UpdateWorkorder', { row_id: rowId, Comment: 'x' })).data.code).toBe(1502);
			} finally {
				sim.options.updateWorkorderExtraFields = true;
			}
		});

		it('POST UpdateWorkorder adds material lines, or replaces them with ClearMaterials=true', async () => {
			const line = (code: string) => ({ MaterialCode: code, MaterialNr: '2', MaterialPrice: '4,50', MaterialName: code });
			await client.post('UpdateWorkorder', [line('A')], { row_id: rowId });
			await client.post('UpdateWorkorder', [line('B')], { row_id: rowId, ClearMaterials: false });
			const codes = () => (sim.store.workorder(rowId)?.Materials as Array<{ MaterialCode: string }>).map((m) => m.MaterialCode);
			expect(codes()).toEqual(['A', 'B']);
			await client.post('UpdateWorkorder', [line('C')], { row_id: rowId, ClearMaterials: true });
			expect(codes()).toEqual(['C']);
			expect((sim.store.workorder(rowId)?.Materials as Array<Record<string, string>>)[0].MaterialTotalPrice).toBe('9,00');
		});
	});

	describe('DeleteEntity', () => {
		it('deletes by an allowed key and answers the affected row count', async () => {
			await client.post('materials', [VALID_ROWS.materials, { ...VALID_ROWS.materials, code: 'MAT-002' }]);
			const response = await client.get('DeleteEntity', { delete_all: false, entity: 'material', key: 'code', value: 'MAT-001' });
			expect(response.data).toEqual({ code: 200, messages: [], response: 1 });
			expect([...sim.store.materials.keys()]).toEqual(['MAT-002']);
		});

		it('maps entity keys onto OutSmart fields (category code → cat_code, material_category halves)', async () => {
			await client.post('categories', [VALID_ROWS.categories]);
			await client.post('material_categories', [{ mct_mat_code: '1', mct_cat_code: 'a' }, { mct_mat_code: '1', mct_cat_code: 'b' }]);
			const category = await client.get('DeleteEntity', { delete_all: false, entity: 'category', key: 'code', value: 'L:Bouwmaterialen' });
			expect(category.data.response).toBe(1);
			const links = await client.get('DeleteEntity', { delete_all: false, entity: 'material_category', key: 'mct_mat_code', value: '1' });
			expect(links.data.response).toBe(2);
		});

		it('deletes work orders by workorder_no (all duplicates) but never with delete_all', async () => {
			await post(validWorkorder('P-1'));
			await post(validWorkorder('P-1'));
			const refused = await client.get('DeleteEntity', { delete_all: true, entity: 'workorder' });
			expect(refused.data).toEqual({ code: 1600, messages: ['Delete all not allowed on Workorder entity'], response: null });
			const deleted = await client.get('DeleteEntity', { delete_all: false, entity: 'workorder', key: 'workorder_no', value: 'P-1' });
			expect(deleted.data.response).toBe(2);
		});

		it('1600 for an unknown entity or a key the entity does not allow (documented messages)', async () => {
			const entity = await client.get('DeleteEntity', { delete_all: false, entity: 'materials', key: 'code', value: 'x' });
			expect(entity.data).toEqual({ code: 1600, messages: ['Entity: materials not found'], response: null });
			const key = await client.get('DeleteEntity', { delete_all: false, entity: 'material', key: 'codes', value: 'x' });
			expect(key.data).toEqual({ code: 1600, messages: ['Key: codes not allowed for entity: material'], response: null });
			const warehouse = await client.get('DeleteEntity', { delete_all: false, entity: 'warehouse', key: 'code', value: '7' });
			expect(warehouse.data.code).toBe(1600);
		});

		it('delete_all=true removes every record of a master-data entity', async () => {
			await client.post('relations', [VALID_ROWS.relations, { ...VALID_ROWS.relations, debtor_number: '1002' }]);
			expect((await client.get('DeleteEntity', { delete_all: true, entity: 'relation' })).data.response).toBe(2);
			expect(sim.store.count('relations')).toBe(0);
		});
	});
});
