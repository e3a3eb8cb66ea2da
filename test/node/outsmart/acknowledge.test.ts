import { NodeConnectionTypes } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { chain, MANUAL_TRIGGER_TYPE, runWorkflow } from '../../harness';
import { startOutSmartSimulator } from '../../simulators/outsmart';
import type { OutSmartSimulator } from '../../simulators/outsmart';
import { booked, complete, completedOrder, material, pollTrigger, trigger } from './exportHelpers';
import { credentialsFor, everything, FAST_OPTIONS, node, runOutSmart } from './helpers';

const MARK = { resource: 'workOrder', operation: 'acknowledge' };
const MARK_WORK_STATUS = { ...MARK, set: 'workStatus', workStatusCode: 'EXPORTED' };

/** Completed orders, read by the trigger (so each item carries a real `_export`). */
async function readyItems(sim: OutSmartSimulator, ...numbers: string[]): Promise<{ rows: number[]; items: IDataObject[] }> {
	const rows = numbers.map((no) => completedOrder(sim, no));
	const poll = await pollTrigger(sim, { mode: 'manual' });
	expect(poll.error).toBeUndefined();
	return { rows, items: poll.output![0].map((item) => item.json) };
}

const results = (outputs: INodeExecutionData[][]) => outputs[0].map((item) => [item.json.workorderNo, item.json.outcome, item.json.acknowledged]);

/** Stands in for the Bouwsoft node's Book operation: every order booked completely, except the ones named. */
class BookStandIn implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Book Stand-In',
		name: 'bookStandIn',
		group: ['transform'],
		version: 1,
		description: 'Test double of the Book operation',
		defaults: { name: 'Book' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Refuse', name: 'refuse', type: 'string', default: '' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const refuse = String(this.getNodeParameter('refuse', 0));
		return [this.getInputData().map((item, index) => ({ json: booked(item.json, item.json.WorkorderNo !== refuse), pairedItem: { item: index } }))];
	}
}

describe('OutSmart node: Work Order → Mark as Exported', () => {
	let sim: OutSmartSimulator;
	beforeAll(async () => {
		sim = await startOutSmartSimulator();
	});
	afterAll(async () => await sim.close());
	beforeEach(() => {
		sim.reset();
		sim.faults.clear();
	});

	it('Status Afgehandeld: reads each order back (update_status=false), then marks only those (update_status=true)', async () => {
		const { rows, items } = await readyItems(sim, 'A-1001', 'P-20230012');
		const result = await runOutSmart(sim, { parameters: MARK, items: items.map((item) => booked(item)) });
		expect(result.error).toBeUndefined();
		expect(result.itemsWithoutPairedItem).toBe(0);
		expect(result.outputs[0].map((item) => item.json)).toEqual([
			{ workorderNo: 'A-1001', rowId: String(rows[0]), acknowledged: true, set: 'Afgehandeld', outcome: 'acknowledged', message: 'A-1001 is marked as exported in OutSmart (status Afgehandeld).', _export: items[0]._export },
			{ workorderNo: 'P-20230012', rowId: String(rows[1]), acknowledged: true, set: 'Afgehandeld', outcome: 'acknowledged', message: expect.any(String), _export: items[1]._export },
		]);
		for (const row of rows) expect(sim.store.workorder(row)?.status).toBe('Afgehandeld');
		// The only status flips are the acknowledgements, one per order.
		expect(sim.statusFlipCalls.map((call) => call.flippedRowIds.join()).sort()).toEqual(rows.map(String).sort());
		expect(sim.statusFlipCalls.every((call) => call.endpoint === 'GetWorkorder' && call.query.update_status === 'true')).toBe(true);
		const reads = sim.requests.filter((r) => r.endpoint === 'GetWorkorder' && r.query.update_status === 'false');
		expect(reads).toHaveLength(2);
		const hints = JSON.stringify(result.run.data.resultData.runData.OutSmart[0].hints);
		expect(hints).toContain('OutSmart mark as exported (status Afgehandeld): 2 marked, 0 already marked, 0 not booked completely, 0 left as they are (deleted, reopened or changed), 0 failed (4 requests).');

		// The trigger no longer sees them.
		expect((await pollTrigger(sim, { staticData: {} })).output).toBeNull();
	});

	it('Work Status: sets the code through UpdateWorkorder, keeps the status Compleet, never flips; the trigger then excludes them', async () => {
		const { rows, items } = await readyItems(sim, 'A-1001');
		const result = await runOutSmart(sim, { parameters: MARK_WORK_STATUS, items: items.map((item) => booked(item)) });
		expect(result.error).toBeUndefined();
		expect(result.outputs[0][0].json).toMatchObject({ acknowledged: true, set: 'EXPORTED', outcome: 'acknowledged', message: 'A-1001 is marked as exported in OutSmart (work status EXPORTED).' });
		expect(sim.store.workorder(rows[0])).toMatchObject({ status: 'Compleet', WorkStatus: 'EXPORTED' });
		expect(sim.requests.find((r) => r.endpoint === 'UpdateWorkorder')?.query).toMatchObject({ row_id: String(rows[0]), workstatus: 'EXPORTED' });
		expect(sim.statusFlips).toBe(0);
		expect((await pollTrigger(sim, { staticData: {}, options: { excludeWorkStatus: 'EXPORTED' } })).output).toBeNull();
		expect(sim.statusFlips).toBe(0);
	});

	it('marking twice is harmless: a second run finds the mark and sends nothing; 1503 "no data changed" counts as marked', async () => {
		const { items } = await readyItems(sim, 'A-1001', 'A-1002');
		const input = items.map((item) => booked(item));
		await runOutSmart(sim, { parameters: MARK, items: input });
		sim.resetRequests();
		const again = await runOutSmart(sim, { parameters: MARK, items: input });
		expect(again.error).toBeUndefined();
		expect(results(again.outputs)).toEqual([
			['A-1001', 'alreadyAcknowledged', true],
			['A-1002', 'alreadyAcknowledged', true],
		]);
		expect(again.outputs[0][0].json.message).toBe('A-1001 already has status Afgehandeld in OutSmart; nothing sent.');
		expect(sim.requests.every((r) => r.query.update_status === 'false')).toBe(true);
		expect(sim.statusFlipCalls).toHaveLength(2);

		// Work status: the answer to the first attempt was lost, OutSmart had applied it → 1503 on the retry.
		const { rows: [row3], items: [item3] } = await readyItems(sim, 'A-1003');
		sim.faults.add({ endpoint: 'UpdateWorkorder', status: 502, afterProcessing: true, times: 1 });
		const lost = await runOutSmart(sim, { parameters: MARK_WORK_STATUS, items: [booked(item3)] });
		expect(lost.error).toBeUndefined();
		expect(results(lost.outputs)).toEqual([['A-1003', 'acknowledged', true]]);
		expect(sim.requests.filter((r) => r.endpoint === 'UpdateWorkorder').map((r) => r.code ?? r.httpStatus)).toEqual([502, 1503]);
		expect(sim.store.workorder(row3)?.WorkStatus).toBe('EXPORTED');
	});

	it('an order Bouwsoft did not fully accept is not marked: error output with the order and the fix; the others are marked', async () => {
		const { rows, items } = await readyItems(sim, 'A-1001', 'A-1002', 'A-1003');
		const result = await runWorkflow({
			mode: 'manual',
			nodes: [
				{ name: 'Start', type: MANUAL_TRIGGER_TYPE },
				{ name: 'OutSmart', type: 'outSmart', parameters: { ...MARK, options: FAST_OPTIONS }, onError: 'continueErrorOutput' },
			],
			connections: chain('Start', 'OutSmart'),
			nodeTypes: { outSmart: node },
			credentials: credentialsFor(sim),
			startItems: [
				{ json: booked(items[0]) },
				{ json: booked(items[1], false) },
				{ json: { ...booked(items[2]), exported: undefined } },
			],
		});
		expect(result.error).toBeUndefined();
		const [main, errors] = result.outputs.OutSmart;
		expect(results([main])).toEqual([['A-1001', 'acknowledged', true]]);
		expect(errors).toHaveLength(2);
		expect(errors[0].json.error).toBe('Bouwsoft did not accept every line of A-1002');
		expect(errors[0].json.message).toBe('It stays ready for export and the next run completes it. Bouwsoft node: Bouwsoft refused hour type NORMAAL');
		expect(errors[0].json.details).toMatchObject({
			workorderNo: 'A-1002',
			rowId: String(rows[1]),
			acknowledged: false,
			set: 'Afgehandeld',
			outcome: 'notExported',
			message: 'Bouwsoft did not accept every line of A-1002; it stays ready for export and the next run completes it. Bouwsoft node: Bouwsoft refused hour type NORMAAL',
			_export: items[1]._export,
		});
		expect(errors[1].json.error).toBe('A-1003 has no booking result ("exported" is missing)');
		expect(String(errors[1].json.message)).toContain("Book operation");
		expect(sim.store.workorder(rows[0])?.status).toBe('Afgehandeld');
		expect(sim.store.workorder(rows[1])?.status).toBe('Compleet');
		expect(sim.store.workorder(rows[2])?.status).toBe('Compleet');
		// Not even read: nothing was sent for the two.
		expect(sim.requests.filter((r) => r.endpoint === 'GetWorkorder').map((r) => r.query.row_id)).toEqual([String(rows[0]), String(rows[0])]);
	});

	it('without error output: "continue" keeps it in the main output; the default stops after marking the others', async () => {
		const { rows, items } = await readyItems(sim, 'A-1001', 'A-1002');
		const input = [booked(items[0], false), booked(items[1])];
		const cont = await runOutSmart(sim, { parameters: MARK, items: input, continueOnFail: true });
		expect(cont.error).toBeUndefined();
		expect(results(cont.outputs)).toEqual([
			['A-1001', 'notExported', false],
			['A-1002', 'acknowledged', true],
		]);

		sim.store.patchWorkorder(rows[1], { status: 'Compleet' });
		const stop = await runOutSmart(sim, { parameters: MARK, items: input });
		expect(stop.error?.message).toBe('1 work order was not marked as exported. First: Bouwsoft did not accept every line of A-1001');
		expect((stop.error as { description?: string }).description).toMatch(/^It stays ready for export and the next run completes it/);
		expect(sim.store.workorder(rows[1])?.status).toBe('Afgehandeld');
		expect(sim.store.workorder(rows[0])?.status).toBe('Compleet');

		const noRow = await runOutSmart(sim, { parameters: MARK, items: [{ ...booked(items[0]), rowId: '', _export: undefined }], continueOnFail: true });
		expect(noRow.outputs[0][0].json).toMatchObject({ workorderNo: 'A-1001', acknowledged: false, outcome: 'notExported' });
		expect(String(noRow.outputs[0][0].json.message)).toContain('has no OutSmart row id');
	});

	it('an order deleted, reopened or changed since the trigger read it is left as it is (acknowledged false, not an error)', async () => {
		const { rows, items } = await readyItems(sim, 'A-1001', 'A-1002', 'A-1003', 'A-1004');
		sim.store.deleteWorkorders((order) => order.row_id === rows[0]);
		sim.store.patchWorkorder(rows[1], { status: 'Opgehaald' }); // the technician reopened it on the device
		complete(sim, rows[2], { materials: [material('M12', '2'), material('M40', '1')] }); // one more material
		sim.store.patchWorkorder(rows[3], { WorkStatus: 'GEREED' }); // the office set a work status: no content change
		const result = await runOutSmart(sim, { parameters: MARK, items: items.map((item) => booked(item)) });
		expect(result.error).toBeUndefined();
		expect(results(result.outputs)).toEqual([
			['A-1001', 'gone', false],
			['A-1002', 'reopened', false],
			['A-1003', 'changed', false],
			['A-1004', 'acknowledged', true],
		]);
		const messages = result.outputs[0].map((item) => String(item.json.message));
		expect(messages[0]).toBe('A-1001 no longer exists in OutSmart; nothing to mark.');
		expect(messages[1]).toMatch(/^A-1002 is "Opgehaald" in OutSmart now, no longer "Compleet" \(reopened in the app\), so it was not marked as exported\./);
		expect(messages[2]).toMatch(/^A-1003 changed in OutSmart after it was read for booking .* The trigger sends it again/);
		expect(sim.store.workorder(rows[1])?.status).toBe('Opgehaald');
		expect(sim.store.workorder(rows[2])?.status).toBe('Compleet');
		expect(sim.statusFlipCalls.map((call) => call.flippedRowIds)).toEqual([[rows[3]]]);
		const hints = JSON.stringify(result.run.data.resultData.runData.OutSmart[0].hints);
		expect(hints).toContain('1 marked, 0 already marked, 0 not booked completely, 3 left as they are');
	});

	it('OutSmart busy: retried by the transport policy; still failing: the order fails with the fix, tokens never shown', async () => {
		const { rows, items } = await readyItems(sim, 'A-1001', 'A-1002');
		sim.faults.add({ endpoint: 'GetWorkorder', status: 503, times: 1 });
		const busy = await runOutSmart(sim, { parameters: MARK, items: [booked(items[0])] });
		expect(busy.error).toBeUndefined();
		expect(results(busy.outputs)).toEqual([['A-1001', 'acknowledged', true]]);

		// OutSmart echoes the request with the tokens in its error message.
		const echo = `internal error for /GetWorkorder?row_id=${rows[1]}&token=${sim.token}&software_token=${sim.softwareToken}`;
		sim.faults.add({ endpoint: 'GetWorkorder', code: 1007, message: echo });
		const failed = await runOutSmart(sim, { parameters: MARK, items: [booked(items[1])], continueOnFail: true });
		expect(failed.error).toBeUndefined();
		const json = failed.outputs[0][0].json;
		expect(json).toMatchObject({ workorderNo: 'A-1002', acknowledged: false, outcome: 'failed', code: 1007 });
		expect(String(json.message)).toMatch(/^Could not read A-1002: OutSmart had an internal error \(OutSmart code 1007\)/);
		expect(String(json.message)).toContain('A-1002 stays ready for export; the next run marks it');
		const stop = await runOutSmart(sim, { parameters: MARK, items: [booked(items[1])] });
		expect(stop.error?.message).toMatch(/not marked as exported/);
		for (const run of [failed, stop]) {
			const text = everything(run);
			expect(text).toContain('[redacted]');
			for (const secret of [sim.token, sim.softwareToken]) expect(text).not.toContain(secret);
		}
		expect(sim.store.workorder(rows[1])?.status).toBe('Compleet');
	});

	it('Work Status without a code stops the node with the field to fill', async () => {
		const result = await runOutSmart(sim, { parameters: { ...MARK_WORK_STATUS, workStatusCode: ' ' }, items: [{}] });
		expect(result.error?.message).toBe('Work Status Code is empty');
		expect(sim.requests).toHaveLength(0);
	});

	it('in a workflow: OutSmart Trigger → Book → Mark as Exported marks the booked orders; the refused one comes back after Retry After', async () => {
		const rows = ['A-1001', 'A-1002'].map((no) => completedOrder(sim, no));
		const staticData: IDataObject = {};
		const run = () =>
			runWorkflow({
				nodes: [
					{ name: 'OutSmart Trigger', type: 'outSmartTrigger', parameters: { options: FAST_OPTIONS } },
					{ name: 'Book', type: 'bookStandIn', parameters: { refuse: 'A-1002' } },
					{ name: 'Mark as Exported', type: 'outSmart', parameters: { ...MARK, options: FAST_OPTIONS }, onError: 'continueErrorOutput' },
				],
				connections: chain('OutSmart Trigger', 'Book', 'Mark as Exported'),
				nodeTypes: { outSmartTrigger: trigger, bookStandIn: new BookStandIn(), outSmart: node },
				credentials: credentialsFor(sim),
				workflowStaticData: staticData,
			});
		const first = await run();
		expect(first.error).toBeUndefined();
		const [marked, notMarked] = first.outputs['Mark as Exported'];
		expect(results([marked])).toEqual([['A-1001', 'acknowledged', true]]);
		expect(notMarked.map((item) => (item.json.details as IDataObject).workorderNo)).toEqual(['A-1002']);
		expect(sim.store.workorder(rows[0])?.status).toBe('Afgehandeld');
		expect(sim.store.workorder(rows[1])?.status).toBe('Compleet');
		expect(sim.statusFlipCalls.map((call) => call.flippedRowIds)).toEqual([[rows[0]]]);
		// A-1002 waits for Retry After. (A-1001's entry is dropped by that quiet poll, but n8n 2.41 saves a
		// trigger's state only with an emit; the next emitting poll drops it again.)
		const quiet = await run();
		expect(quiet.executed).toBe(false);
		const emitted = () => Object.keys(((staticData['node:OutSmart Trigger'] as IDataObject).outSmartExport as { emitted: object }).emitted);
		expect(emitted()).toEqual([String(rows[0]), String(rows[1])]);

		jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'], now: Date.now() + 15 * 60_000 });
		try {
			const retry = await run();
			expect(retry.error).toBeUndefined();
			expect(retry.outputs['OutSmart Trigger'][0].map((item) => [item.json.WorkorderNo, (item.json._export as IDataObject).reason])).toEqual([['A-1002', 'retry']]);
			expect(emitted()).toEqual([String(rows[1])]);
		} finally {
			jest.useRealTimers();
		}
	});
});
