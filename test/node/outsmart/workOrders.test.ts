import { startOutSmartSimulator } from '../../simulators/outsmart';
import type { DuplicateWorkorderMode, OutSmartSimulator } from '../../simulators/outsmart';
import * as bs from '../../fixtures/bouwsoftItems';
import { runOutSmart } from './helpers';

const WORK_ORDER = { resource: 'workOrder', operation: 'upsert' };

describe('OutSmart node: work orders are looked up, never duplicated, never flipped', () => {
	let sim: OutSmartSimulator;
	beforeAll(async () => {
		sim = await startOutSmartSimulator();
	});
	afterAll(async () => await sim.close());
	beforeEach(() => {
		sim.reset();
		sim.store.upsert('employees', { number: '7', firstname: 'Jan', lastname: 'Peeters', active: '1' });
		sim.store.upsert('employees', { number: '8', firstname: 'An', lastname: 'Maes', active: '1' });
	});

	const modes: DuplicateWorkorderMode[] = ['duplicate', 'update', 'reject'];
	for (const lookup of ['perOrder', 'bulk'] as const) {
		it.each(modes)(`re-posted WorkorderNo set to "%s", ${lookup} lookup: one order per number, status kept`, async (mode) => {
			sim.options.duplicateWorkorderNo = mode;
			const parameters = { ...WORK_ORDER, options: { workOrderLookup: lookup } };
			const items = [bs.assignment(1), bs.assignment(2, { employee: null, employee_id: 0 })];
			const first = await runOutSmart(sim, { parameters, items });
			expect(first.outputs[0].map((i) => i.json.action)).toEqual(['created', 'created']);
			// The technician fetched order A-1 on the device meanwhile.
			sim.store.patchWorkorder(sim.store.workordersByNo('A-1')[0].row_id, { status: 'Opgehaald' });

			const again = await runOutSmart(sim, {
				parameters,
				items: [bs.assignment(1, { dateplanned: '2025-03-20', employee: { ...bs.employee(8), id: 508 } }), bs.assignment(2, { employee: null, employee_id: 0 }), bs.assignment(3)],
			});
			expect(again.error).toBeUndefined();
			expect(again.outputs[0].map((i) => [i.json.key, i.json.action])).toEqual([
				['A-1', 'updated'],
				['A-2', 'unchanged'],
				['A-3', 'created'],
			]);
			for (const no of ['A-1', 'A-2', 'A-3']) expect(sim.store.workordersByNo(no)).toHaveLength(1);
			expect(sim.store.workordersByNo('A-1')[0]).toMatchObject({ status: 'Opgehaald', WorkDate: '20-03-2025', EmployeeNr: '8' });
			expect(sim.statusFlips).toBe(0);
			const lookups = sim.requests.filter((r) => r.endpoint === 'GetWorkorder' || r.endpoint === 'GetWorkorders');
			expect(lookups.length).toBeGreaterThan(0);
			for (const request of lookups) expect(request.query.update_status).toBe('false');
		});
	}

	const batchModes = ['partial', 'all-or-nothing'] as const;
	const cases = batchModes.flatMap((batch) => modes.map((mode) => [batch, mode] as const));
	it.each(cases)(
		'a batch OutSmart rejects for one bad order (batch validation "%s", re-posted WorkorderNo "%s"): each valid order exists once',
		async (batchValidation, mode) => {
			sim.options.batchValidation = batchValidation;
			sim.options.duplicateWorkorderNo = mode;
			// 25:99 passes our own checks (a time in HH:mm shape) but OutSmart rejects it (code 1504).
			const items = [
				bs.assignment(11),
				bs.assignment(12),
				bs.assignment(13, { timeplanned: '25:99' }),
				bs.assignment(14),
				bs.assignment(15),
			];
			const result = await runOutSmart(sim, {
				parameters: { ...WORK_ORDER, options: { batchSize: 5 } },
				items,
				continueOnFail: true,
			});
			const out = result.outputs[0].map((i) => i.json);
			expect(out.map((json) => [json.key, json.action])).toEqual([
				['A-11', 'created'],
				['A-12', 'created'],
				['A-13', 'failed'],
				['A-14', 'created'],
				['A-15', 'created'],
			]);
			expect(out[2]).toMatchObject({ code: 1504, error: expect.stringMatching(/WorkTime/) });
			for (const no of ['A-11', 'A-12', 'A-14', 'A-15']) {
				expect({ no, count: sim.store.workordersByNo(no).length }).toEqual({ no, count: 1 });
			}
			expect(sim.store.workordersByNo('A-13')).toHaveLength(0);
			for (const json of [out[0], out[1], out[3], out[4]]) {
				expect(json.rowId).toBe(String(sim.store.workordersByNo(String(json.key))[0].row_id));
			}
			expect(sim.statusFlips).toBe(0);
			const lookups = sim.requests.filter((r) => r.endpoint === 'GetWorkorder' || r.endpoint === 'GetWorkorders');
			expect(lookups.length).toBeGreaterThan(0);
			for (const request of lookups) expect(request.query.update_status).toBe('false');
			// The run summary counts every request, lookups and re-checks included.
			const hints = JSON.stringify(result.run.data.resultData.runData);
			expect(hints).toContain(`(${sim.requests.length} requests)`);
		},
	);

	it('a lost PostWorkorders answer (written, but the response never arrived) does not create a second order', async () => {
		sim.options.duplicateWorkorderNo = 'duplicate';
		sim.faults.add({ endpoint: 'PostWorkorders', status: 502, afterProcessing: true, times: 1 });
		const result = await runOutSmart(sim, { parameters: WORK_ORDER, items: [bs.assignment(5)] });
		expect(result.error).toBeUndefined();
		expect(result.outputs[0][0].json.action).toBe('created');
		expect(sim.store.workordersByNo('A-5')).toHaveLength(1);
		expect(sim.statusFlips).toBe(0);
	});

	it('finished orders are left alone', async () => {
		await runOutSmart(sim, { parameters: WORK_ORDER, items: [bs.assignment(6)] });
		sim.store.patchWorkorder(sim.store.workordersByNo('A-6')[0].row_id, { status: 'Compleet' });
		const result = await runOutSmart(sim, { parameters: WORK_ORDER, items: [bs.assignment(6, { dateplanned: '2025-04-01' })] });
		expect(result.outputs[0][0].json).toMatchObject({ action: 'unchanged', note: expect.stringContaining('Compleet') });
		expect(sim.store.workordersByNo('A-6')[0]).toMatchObject({ status: 'Compleet', WorkDate: '12-03-2025' });
	});

	it('projects also become work order P-<pnr> through the Work Order resource', async () => {
		const result = await runOutSmart(sim, { parameters: WORK_ORDER, items: [bs.project(2025009)] });
		expect(result.outputs[0][0].json).toMatchObject({ action: 'created', key: 'P-2025009' });
		expect(sim.store.workordersByNo('P-2025009')[0]).toMatchObject({ TypeOfWork: 'Service', ProjectNr: '2025009' });
		expect(sim.store.count('projects')).toBe(0);
	});

	it('optionally also updates descriptions of an existing order (UpdateWorkorder extras)', async () => {
		await runOutSmart(sim, { parameters: WORK_ORDER, items: [bs.assignment(7)] });
		const note = 'Nieuwe instructie: eerst water afsluiten';
		const plain = await runOutSmart(sim, { parameters: WORK_ORDER, items: [bs.assignment(7, { note_technician: note })] });
		expect(plain.outputs[0][0].json.action).toBe('unchanged');
		expect(sim.store.workordersByNo('A-7')[0].InternalWorkDescription).not.toBe(note);
		const detailed = await runOutSmart(sim, {
			parameters: { ...WORK_ORDER, options: { updateOrderDetails: true } },
			items: [bs.assignment(7, { note_technician: note })],
		});
		expect(detailed.outputs[0][0].json.action).toBe('updated');
		expect(sim.store.workordersByNo('A-7')).toHaveLength(1);
		expect(sim.store.workordersByNo('A-7')[0]).toMatchObject({ InternalWorkDescription: note, status: 'Klaargezet' });
	});
});
