import type { IDataObject } from 'n8n-workflow';

import { startOutSmartSimulator } from '../../simulators/outsmart';
import type { OutSmartSimulator } from '../../simulators/outsmart';
import { findSecretsInLogs } from '../../harness';
import { complete, completedOrder, material, period, pollTrigger } from './exportHelpers';

const MIN = 60_000;
const T0 = Date.parse('2025-03-10T08:00:00.000Z');
/** Only Date is faked: timers, sockets and the simulator run on real time. */
const REAL_TIMERS = ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] as const;

const stateOf = (staticData: IDataObject) => (staticData['node:OutSmart Trigger'] as IDataObject | undefined)?.outSmartExport as
	| { emitted: Record<string, { fp: string; at: string }> }
	| undefined;
const numbers = (output: { json: IDataObject }[][] | null) => (output?.[0] ?? []).map((item) => item.json.WorkorderNo);
const reasons = (output: { json: IDataObject }[][] | null) => (output?.[0] ?? []).map((item) => (item.json._export as IDataObject).reason);

describe('OutSmart Trigger: work orders ready for export', () => {
	let sim: OutSmartSimulator;
	beforeAll(async () => {
		sim = await startOutSmartSimulator();
	});
	afterAll(async () => await sim.close());
	beforeEach(() => {
		sim.reset();
		sim.faults.clear();
		jest.useFakeTimers({ doNotFake: [...REAL_TIMERS], now: T0 });
	});
	afterEach(() => {
		jest.useRealTimers();
		// Never a read that marks orders as handled.
		expect(sim.statusFlips).toBe(0);
	});

	it('emits each completed order as OutSmart returns it plus _export, reading with update_status=false', async () => {
		const a = completedOrder(sim, 'A-1001', { comment: 'Lek gedicht, kraan vervangen' });
		const p = completedOrder(sim, 'P-20230012', { periods: [period('10-03-2025', '08:00', '12:00'), period('11-03-2025', '13:00', '17:00', '8')] });
		sim.store.insertWorkorder({ WorkorderNo: 'A-1002' } as never, '2025-03-01 09:00'); // still Klaargezet
		const staticData: IDataObject = {};

		const first = await pollTrigger(sim, { staticData });
		expect(first.error).toBeUndefined();
		expect(numbers(first.output)).toEqual(['A-1001', 'P-20230012']);
		const [item, project] = first.output![0].map((i) => i.json);
		expect(item).toMatchObject({ id: String(a), WorkorderNo: 'A-1001', status: 'Compleet', Comment: 'Lek gedicht, kraan vervangen', Materials: [material('M12', '2')], CustomerName: 'Bouwbedrijf De Vries' });
		expect(item._export).toEqual({
			rowId: String(a),
			workorderNo: 'A-1001',
			source: 'assignment',
			sourceNr: '1001',
			status: 'Compleet',
			workStatus: '',
			readAt: new Date(T0).toISOString(),
			reason: 'new',
			contentHash: expect.any(String),
		});
		expect(project._export).toMatchObject({ rowId: String(p), source: 'project', sourceNr: '20230012' });
		expect(project.Workperiods).toHaveLength(2);
		expect(first.staticDataSaved).toBe(true);
		expect(Object.keys(stateOf(staticData)!.emitted).sort()).toEqual([String(a), String(p)]);

		// Nothing new: no execution; the orders wait for their acknowledgement.
		const second = await pollTrigger(sim, { staticData });
		expect(second.error).toBeUndefined();
		expect(second.output).toBeNull();

		const reads = sim.requests.filter((r) => r.endpoint === 'GetWorkorders');
		expect(reads).toHaveLength(2);
		for (const r of reads) expect(r.query).toMatchObject({ status: 'Compleet', update_status: 'false' });
		expect(sim.requests.every((r) => r.endpoint === 'GetWorkorders')).toBe(true);
	});

	it('Retry After: an order still ready that long after its emit goes again (reason retry); a changed one at once', async () => {
		const a = completedOrder(sim, 'A-1001');
		completedOrder(sim, 'A-1002');
		const staticData: IDataObject = {};
		expect(reasons((await pollTrigger(sim, { staticData })).output)).toEqual(['new', 'new']);

		jest.setSystemTime(T0 + 14 * MIN);
		expect((await pollTrigger(sim, { staticData })).output).toBeNull();

		// The technician corrects A-1001 (one more material): it goes again at once.
		complete(sim, a, { materials: [material('M12', '2'), material('M40', '1')] });
		jest.setSystemTime(T0 + 14.5 * MIN);
		const changed = await pollTrigger(sim, { staticData });
		expect(numbers(changed.output)).toEqual(['A-1001']);
		expect(reasons(changed.output)).toEqual(['changed']);
		expect((changed.output![0][0].json.Materials as unknown[]).length).toBe(2);

		// A-1002 was emitted at T0 and is still not acknowledged at T0 + 15 min.
		jest.setSystemTime(T0 + 15 * MIN);
		const retry = await pollTrigger(sim, { staticData });
		expect(numbers(retry.output)).toEqual(['A-1002']);
		expect(reasons(retry.output)).toEqual(['retry']);
		expect((retry.output![0][0].json._export as IDataObject).readAt).toBe(new Date(T0 + 15 * MIN).toISOString());

		// Retry After from the options.
		jest.setSystemTime(T0 + 19.75 * MIN);
		expect(numbers((await pollTrigger(sim, { staticData, options: { retryAfterMinutes: 5 } })).output)).toEqual(['A-1001']);
	});

	it('drops the entries of orders no longer ready (acknowledged, reopened); a reopened order that is completed again is new', async () => {
		const a = completedOrder(sim, 'A-1001');
		const b = completedOrder(sim, 'A-1002');
		const c = completedOrder(sim, 'A-1003');
		const staticData: IDataObject = {};
		await pollTrigger(sim, { staticData });
		sim.store.patchWorkorder(a, { status: 'Afgehandeld' }); // acknowledged
		sim.store.patchWorkorder(b, { status: 'Opgehaald' }); // reopened on the device
		jest.setSystemTime(T0 + 16 * MIN);
		const next = await pollTrigger(sim, { staticData });
		expect(numbers(next.output)).toEqual(['A-1003']);
		expect(Object.keys(stateOf(staticData)!.emitted)).toEqual([String(c)]);

		complete(sim, b);
		jest.setSystemTime(T0 + 17 * MIN);
		const again = await pollTrigger(sim, { staticData });
		expect(numbers(again.output)).toEqual(['A-1002']);
		expect(reasons(again.output)).toEqual(['new']);
	});

	it('Work Status filters the read (workstatus=); Exclude Work Status leaves orders with that code out', async () => {
		completedOrder(sim, 'A-1001', { workStatus: 'GEREED' });
		completedOrder(sim, 'A-1002', { workStatus: 'EXPORTED' });
		completedOrder(sim, 'A-1003');

		const filtered = await pollTrigger(sim, { parameters: { workStatus: 'GEREED' }, mode: 'manual' });
		expect(numbers(filtered.output)).toEqual(['A-1001']);
		expect(sim.requests.at(-1)?.query).toMatchObject({ status: 'Compleet', update_status: 'false', workstatus: 'GEREED' });

		const excluded = await pollTrigger(sim, { options: { excludeWorkStatus: 'EXPORTED' }, staticData: {} });
		expect(numbers(excluded.output)).toEqual(['A-1001', 'A-1003']);
		expect((excluded.output![0][0].json._export as IDataObject).workStatus).toBe('GEREED');
		expect(sim.requests.at(-1)?.query).not.toHaveProperty('workstatus');
	});

	it('Status Afgehandeld reads handled orders (with Exclude Work Status, as for work-status acknowledgements)', async () => {
		completedOrder(sim, 'A-1001', { status: 'Afgehandeld' });
		completedOrder(sim, 'A-1002', { status: 'Afgehandeld', workStatus: 'EXPORTED' });
		completedOrder(sim, 'A-1003');
		const result = await pollTrigger(sim, { parameters: { status: 'Afgehandeld' }, options: { excludeWorkStatus: 'EXPORTED' } });
		expect(numbers(result.output)).toEqual(['A-1001']);
		expect(result.output![0][0].json._export).toMatchObject({ status: 'Afgehandeld' });
		expect(sim.requests.at(-1)?.query).toMatchObject({ status: 'Afgehandeld', update_status: 'false' });
	});

	it('only work orders from Bouwsoft by default; archived orders never', async () => {
		completedOrder(sim, 'A-1001');
		completedOrder(sim, 'W-77'); // typed in the app
		completedOrder(sim, 'A-1002', { extra: { Archived: '1' } });
		completedOrder(sim, 'P-x'); // not our numbering

		expect(numbers((await pollTrigger(sim, { staticData: {} })).output)).toEqual(['A-1001']);
		const all = await pollTrigger(sim, { staticData: {}, options: { onlyFromBouwsoft: false } });
		expect(numbers(all.output)).toEqual(['A-1001', 'W-77', 'P-x']);
		expect(all.output![0][1].json._export).toMatchObject({ source: 'other', sourceNr: '' });
	});

	it('nothing ready: null, and no execution', async () => {
		sim.store.insertWorkorder({ WorkorderNo: 'A-1001' } as never, '2025-03-01 09:00');
		const staticData: IDataObject = {};
		const result = await pollTrigger(sim, { staticData });
		expect(result.error).toBeUndefined();
		expect(result.output).toBeNull();
	});

	it('manual run: everything ready, reason manual, the state not touched', async () => {
		const a = completedOrder(sim, 'A-1001');
		completedOrder(sim, 'A-1002');
		const staticData: IDataObject = {};
		await pollTrigger(sim, { staticData });
		sim.store.patchWorkorder(a, { status: 'Afgehandeld' });
		const before = JSON.stringify(staticData);

		// Within Retry After the published workflow's execution may still be booking A-1002: a manual run leaves it out.
		jest.setSystemTime(T0 + MIN);
		expect((await pollTrigger(sim, { staticData, mode: 'manual' })).output).toBeNull();
		jest.setSystemTime(T0 + 15 * MIN);
		const manual = await pollTrigger(sim, { staticData, mode: 'manual' });
		expect(numbers(manual.output)).toEqual(['A-1002']);
		expect(reasons(manual.output)).toEqual(['manual']);
		// The waiting order would not be emitted by a background poll, and A-1001's entry would be dropped.
		expect(JSON.stringify(manual.staticDataAfterPoll)).toBe(before);
		expect(JSON.stringify(staticData)).toBe(before);
		jest.setSystemTime(T0 + MIN);
		expect((await pollTrigger(sim, { staticData })).output).toBeNull();
	});

	it('a failed read throws a clear error and changes no state; the next poll emits as if nothing happened', async () => {
		completedOrder(sim, 'A-1001');
		const staticData: IDataObject = {};
		await pollTrigger(sim, { staticData });
		const a2 = completedOrder(sim, 'A-1002');
		const before = JSON.stringify(staticData);

		sim.faults.add({ endpoint: 'GetWorkorders', status: 503 });
		const down = await pollTrigger(sim, { staticData });
		expect(down.output).toBeNull();
		expect(down.error?.constructor.name).toBe('NodeApiError');
		expect(down.error?.message).toMatch(/^Could not read the Compleet work orders from OutSmart: OutSmart answered with HTTP 503.* \(tried 2 times\)$/);
		expect((down.error as { httpCode?: string }).httpCode).toBe('503');
		expect((down.error as { description?: string }).description).toMatch(/Nothing was emitted and the trigger's state did not change/);
		expect(JSON.stringify(down.staticDataAfterPoll)).toBe(before);
		expect(JSON.stringify(staticData)).toBe(before);

		sim.faults.clear();
		sim.faults.add({ endpoint: 'GetWorkorders', malformedJson: true });
		const garbled = await pollTrigger(sim, { staticData });
		expect(garbled.error?.message).toMatch(/not valid JSON/);
		expect(JSON.stringify(staticData)).toBe(before);

		sim.faults.clear();
		const next = await pollTrigger(sim, { staticData });
		expect(numbers(next.output)).toEqual(['A-1002']);
		expect(Object.keys(stateOf(staticData)!.emitted)).toContain(String(a2));
	});

	it('a wrong token: the error says which credential field to fix and shows no token', async () => {
		completedOrder(sim, 'A-1001');
		const secret = 'wrong-token-value-123456';
		const result = await pollTrigger(sim, {
			credentials: { outSmartApi: { baseUrl: sim.baseUrl, token: secret, softwareToken: sim.softwareToken } },
		});
		expect(result.error?.constructor.name).toBe('NodeOperationError');
		expect(result.error?.message).toMatch(/does not recognise the token \(OutSmart code 1004\)/);
		expect((result.error as { description?: string }).description).toMatch(/"Token" of the OutSmart credential/);
		const text = JSON.stringify({ message: result.error?.message, description: (result.error as { description?: string }).description, stack: result.error?.stack });
		for (const token of [secret, sim.softwareToken]) expect(text).not.toContain(token);
		expect(findSecretsInLogs(result.logs, [secret, sim.softwareToken])).toEqual([]);
	});
});
