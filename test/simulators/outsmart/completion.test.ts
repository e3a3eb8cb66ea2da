import { startOutSmartSimulator, totalTime } from './index';
import type { OutSmartSimulator } from './index';
import { outSmartClient, VALID_ROWS, validWorkorder } from './testClient';
import type { OutSmartTestClient } from './testClient';

describe('OutSmart simulator: completing a work order as a technician', () => {
	let sim: OutSmartSimulator;
	let client: OutSmartTestClient;
	beforeAll(async () => {
		sim = await startOutSmartSimulator({ now: () => new Date(2024, 2, 5, 17, 4, 9) });
		client = outSmartClient(sim);
	});
	afterAll(() => sim.close());
	beforeEach(() => sim.reset());

	const postOrder = async (no: string, extra: Record<string, unknown> = {}): Promise<number> =>
		(await client.post('PostWorkorders', [validWorkorder(no, extra)])).data.response[0].row_id;

	const typical = {
		periods: [
			{ date: '05-03-2024', begin: '07:30', end: '12:00', breakMinutes: 15, employeeNr: '123', hourType: '001', remark: 'Dakgoot' },
			{ date: '05-03-2024', begin: '22:00', end: '01:30', employeeNr: '124' },
		],
		materials: [
			{ code: 'MAT-001', quantity: 1.5, name: 'Gipsplaat 12,5 mm', unit: 'M2', price: 4.55 },
			{ code: 'SCHROEF', quantity: 20, name: 'Schroef' },
		],
		remark: 'Klaar, klant tevreden',
	};

	it('computes TotalTime as end − begin − break, past midnight adding 24 h', () => {
		expect(totalTime('07:30', '12:00', 15)).toBe('04:15');
		expect(totalTime('22:00', '01:30')).toBe('03:30');
		expect(totalTime('08:00', '08:00')).toBe('00:00');
		expect(() => totalTime('08:00', '08:30', 45)).toThrow(/Break/);
	});

	it('stores Workperiods, Materials, Comment, status Compleet, WorkFinished 1 and a StatusChanges entry', async () => {
		const rowId = await postOrder('A-1001');
		const done = sim.completeWorkorder(rowId, { ...typical, workStatus: '001' });
		expect(done.Workperiods).toEqual([
			{ WorkDate: '05-03-2024', BeginTime: '07:30', EndTime: '12:00', Break: '15', TotalTime: '04:15', Travel: '0', WorkRemark: 'Dakgoot', HourType: '001', EmployeeNr: '123' },
			{ WorkDate: '05-03-2024', BeginTime: '22:00', EndTime: '01:30', Break: '0', TotalTime: '03:30', Travel: '0', WorkRemark: '', HourType: '', EmployeeNr: '124' },
		]);
		expect(done.Materials).toEqual([
			{ MaterialCode: 'MAT-001', MaterialNr: '1,5', MaterialPrice: '4,55', MaterialName: 'Gipsplaat 12,5 mm', MaterialUnit: 'M2', MaterialTotalPrice: '6,83' },
			{ MaterialCode: 'SCHROEF', MaterialNr: '20', MaterialPrice: '0,00', MaterialName: 'Schroef', MaterialUnit: '', MaterialTotalPrice: '0,00' },
		]);
		expect(done).toMatchObject({ Comment: 'Klaar, klant tevreden', status: 'Compleet', WorkFinished: '1', WorkStatus: '001' });
		expect(done.StatusChanges).toEqual([{ status: 'Compleet', timestamp: '2024-03-05 17:04:09', user: '123' }]);
		expect(sim.store.workorder(rowId)).toEqual(done);
	});

	it('GetWorkorders(Compleet, update_status=false) and GetWorkorder present the completed order without flipping it', async () => {
		const rowId = await postOrder('A-1001');
		await postOrder('A-1002');
		sim.completeWorkorder('A-1001', typical);
		const list = await client.get('GetWorkorders', { status: 'Compleet', update_status: false });
		expect(list.data.response).toHaveLength(1);
		const [order] = list.data.response;
		expect(order).toMatchObject({ id: String(rowId), WorkorderNo: 'A-1001', status: 'Compleet', WorkFinished: '1', Comment: typical.remark });
		expect(order.row_id).toBeUndefined();
		expect(order.Workperiods).toHaveLength(2);
		expect(order.Materials[0].MaterialNr).toBe('1,5');
		expect(order.StatusChanges[0].status).toBe('Compleet');
		const single = await client.get('GetWorkorder', { row_id: rowId, update_status: false });
		expect(single.data.response).toEqual(order);
		expect(sim.statusFlips).toBe(0);
		expect(sim.store.workorder(rowId)?.status).toBe('Compleet');
	});

	it('UpdateWorkorder workstatus works on a completed order (1503 when unchanged); update_status=true acknowledges', async () => {
		await client.post('employees', [VALID_ROWS.employees]);
		const rowId = await postOrder('A-1001');
		sim.completeWorkorder(rowId, { ...typical, workStatus: 'KLAAR' });
		expect((await client.get('UpdateWorkorder', { row_id: rowId, workstatus: 'KLAAR' })).data.code).toBe(1503);
		const update = await client.get('UpdateWorkorder', { row_id: rowId, workstatus: 'GEBOEKT' });
		expect(update.data).toEqual({ code: 200, messages: [], response: null });
		expect(sim.store.workorder(rowId)).toMatchObject({ WorkStatus: 'GEBOEKT', status: 'Compleet' });
		const filtered = await client.get('GetWorkorders', { status: 'Compleet', workstatus: 'GEBOEKT', update_status: false });
		expect(filtered.data.response).toHaveLength(1);

		const ack = await client.get('GetWorkorder', { row_id: rowId, update_status: true });
		expect(ack.data.response.status).toBe('Compleet');
		expect(sim.store.workorder(rowId)?.status).toBe('Afgehandeld');
		expect((await client.get('GetWorkorders', { status: 'Compleet', update_status: false })).data.response).toEqual([]);
	});

	it('replaces the lists by default, appends with append: true, keeps them when omitted; a second completion adds a StatusChanges entry', async () => {
		const rowId = await postOrder('A-1001', { Materials: [{ MaterialCode: 'PLAN', MaterialNr: '1', MaterialPrice: '0,00', MaterialName: 'Gepland' }] });
		sim.completeWorkorder(rowId, { materials: [{ code: 'A', quantity: 1, name: 'A' }], append: true });
		expect((sim.store.workorder(rowId)?.Materials as Array<{ MaterialCode: string }>).map((m) => m.MaterialCode)).toEqual(['PLAN', 'A']);
		sim.completeWorkorder(rowId, { materials: [{ code: 'B', quantity: 2, name: 'B' }], user: 'kantoor' });
		const order = sim.store.workorder(rowId);
		expect((order?.Materials as Array<{ MaterialCode: string }>).map((m) => m.MaterialCode)).toEqual(['B']);
		expect(order?.Workperiods).toBeUndefined();
		expect((order?.StatusChanges as Array<{ user: string }>).map((change) => change.user)).toEqual(['', 'kantoor']);
	});

	it('extra lays raw fields over a computed row; a status other than Compleet can be given', async () => {
		const rowId = await postOrder('A-1001');
		const done = sim.completeWorkorder(rowId, {
			status: 'Opgehaald',
			periods: [{ date: '05-03-2024', begin: '08:00', end: '09:00', employeeNr: '123', extra: { TotalTime: '02:00', Travel: '12' } }],
			materials: [{ code: 'X', quantity: 1, name: 'X', extra: { MaterialNr: '1.25' } }],
		});
		expect(done.status).toBe('Opgehaald');
		expect(done.Workperiods).toEqual([expect.objectContaining({ TotalTime: '02:00', Travel: '12' })]);
		expect(done.Materials).toEqual([expect.objectContaining({ MaterialNr: '1.25' })]);
	});

	it('throws for an unknown order and for bad dates or times', async () => {
		const rowId = await postOrder('A-1001');
		expect(() => sim.completeWorkorder(99999, {})).toThrow(/row_id 99999/);
		expect(() => sim.completeWorkorder('A-9', {})).toThrow(/A-9/);
		const period = { date: '2024-03-05', begin: '08:00', end: '09:00', employeeNr: '1' };
		expect(() => sim.completeWorkorder(rowId, { periods: [period] })).toThrow(/dd-mm-yyyy/);
		expect(() => sim.completeWorkorder(rowId, { periods: [{ ...period, date: '05-03-2024', end: '9:00' }] })).toThrow(/HH:mm/);
		expect(sim.store.workorder(rowId)?.status).toBe('Klaargezet');
	});

	it('addWorkorder creates an order that did not come from Bouwsoft (W-77), ready to complete', async () => {
		const added = sim.addWorkorder(validWorkorder('W-77'));
		expect(added).toMatchObject({ WorkorderNo: 'W-77', status: 'Klaargezet', id: String(added.row_id), CreationDate: '2024-03-05 17:04' });
		sim.completeWorkorder('W-77', typical);
		const list = await client.get('GetWorkorders', { status: 'Compleet', update_status: false });
		expect(list.data.response.map((order: { WorkorderNo: string }) => order.WorkorderNo)).toEqual(['W-77']);
	});
});
