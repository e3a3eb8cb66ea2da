import type { IDataObject } from 'n8n-workflow';

import { deduplicationStore } from '../../harness';
import { startOutSmartSimulator } from '../../simulators/outsmart';
import type { OutSmartSimulator } from '../../simulators/outsmart';
import * as bs from '../../fixtures/bouwsoftItems';
import { everything, product, runOutSmart } from './helpers';

const MATERIAL = { resource: 'material', operation: 'upsert' };
/** "Report Created vs Updated" is off by default; tests of created/updated turn it on. */
const REPORT = { detectExisting: true };

describe('OutSmart node: delivery record, dry run, skip unchanged', () => {
	let sim: OutSmartSimulator;
	beforeAll(async () => {
		sim = await startOutSmartSimulator();
	});
	afterAll(async () => await sim.close());
	beforeEach(() => sim.reset());

	it('OutSmart down: items fail clearly, nothing is recorded as delivered; the next run with Skip Unchanged writes them', async () => {
		const staticData: IDataObject = {};
		const parameters = { ...MATERIAL, options: { skipUnchanged: true } };
		const items = [product('M1'), product('M2'), product('M3')];
		sim.setDown(true);
		const down = await runOutSmart(sim, { parameters, items, continueOnFail: true, staticData });
		expect(down.outputs[0].map((i) => i.json.action)).toEqual(['failed', 'failed', 'failed']);
		expect(String(down.outputs[0][0].json.error)).toMatch(/Could not reach OutSmart/);
		expect(String(down.outputs[0][0].json.fix)).toMatch(/sent again on the next run/);
		expect(everything(down)).not.toContain(sim.token);
		// the peek left nothing behind: no fact for a record OutSmart never took
		expect(deduplicationStore.size('harness-workflow', 'node')).toBe(0);
		// the run says what is pending and since when
		expect(JSON.stringify(down.run.data.resultData.runData)).toContain('3 not in OutSmart yet, oldest Bouwsoft change 2025-03-01 10:00:00: the next re-send run sends them again');

		sim.setDown(false);
		const later = await runOutSmart(sim, { parameters, items, staticData });
		expect(later.outputs[0].map((i) => i.json.action)).toEqual(['upserted', 'upserted', 'upserted']);
		expect(deduplicationStore.size('harness-workflow', 'node')).toBe(3);
		expect(JSON.stringify(later.run.data.resultData.runData)).toContain('Delivery record: 0 of 3 already in OutSmart, 3 delivered now, oldest Bouwsoft change 2025-03-01 10:00:00.');
		const again = await runOutSmart(sim, { parameters, items, staticData });
		expect(again.outputs[0].map((i) => i.json.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
		// the delivery record is not kept in the workflow's static data
		expect(JSON.stringify(staticData)).not.toMatch(/M1/);
	});

	it('without continue-on-fail the node fails naming the record, and records nothing as delivered', async () => {
		const staticData: IDataObject = {};
		sim.setDown(true);
		const result = await runOutSmart(sim, {
			parameters: { resource: 'relation', operation: 'upsert', options: { skipUnchanged: true } },
			items: [bs.client(1001)],
			staticData,
		});
		sim.setDown(false);
		expect(result.error?.message).toMatch(/Bouwsoft relations 1301 \(OutSmart key 1001\).*Could not reach OutSmart/);
		expect(deduplicationStore.size('harness-workflow', 'node')).toBe(0);
	});

	it('dry run sends no write request and predicts the action', async () => {
		sim.store.upsert('materials', { code: 'M1', description: 'oud', price: '1.00', unit: 'st' });
		sim.store.upsert('employees', { number: '7', firstname: 'Jan', lastname: 'Peeters', active: '1' });
		const staticData: IDataObject = {};
		const result = await runOutSmart(sim, {
			parameters: { ...MATERIAL, options: { ...REPORT, dryRun: true } },
			items: [product('M1'), product('M2')],
			staticData,
		});
		expect(result.outputs[0].map((i) => [i.json.action, i.json.dryRun])).toEqual([
			['updated', true],
			['created', true],
		]);
		expect(result.outputs[0][1].json.record).toMatchObject({ code: 'M2', price: '19.95' });
		const orders = await runOutSmart(sim, { parameters: { resource: 'workOrder', operation: 'upsert', options: { dryRun: true } }, items: [bs.assignment(1)] });
		expect(orders.outputs[0][0].json).toMatchObject({ action: 'created', dryRun: true });
		expect(sim.requests.filter((r) => r.method === 'POST' || r.endpoint === 'UpdateWorkorder')).toEqual([]);
		expect(sim.store.get('materials', 'M1')).toMatchObject({ description: 'oud' });
		expect(sim.statusFlips).toBe(0);
		expect(deduplicationStore.size('harness-workflow', 'node')).toBe(0);
	});

	it('skip unchanged: an identical record is not written again; a changed one is', async () => {
		const staticData: IDataObject = {};
		const parameters = { ...MATERIAL, options: { ...REPORT, skipUnchanged: true } };
		await runOutSmart(sim, { parameters, items: [product('M1'), product('M2')], staticData });
		sim.resetRequests();
		const second = await runOutSmart(sim, { parameters, items: [product('M1'), product('M2', { price_catalogue: 30 })], staticData });
		expect(second.outputs[0].map((i) => i.json.action)).toEqual(['unchanged', 'updated']);
		const posted = sim.requests.filter((r) => r.method === 'POST');
		expect(posted.map((r) => [r.endpoint, r.batchSize])).toEqual([
			['materials', 1],
			['material_categories', 1],
		]);
	});

	it('skip unchanged also holds for manual runs (the delivery record is not static data, which n8n drops there)', async () => {
		const staticData: IDataObject = {};
		const parameters = { ...MATERIAL, options: { ...REPORT, skipUnchanged: true } };
		await runOutSmart(sim, { parameters, items: [product('M1')], staticData, mode: 'manual' });
		const second = await runOutSmart(sim, { parameters, items: [product('M1')], staticData, mode: 'manual' });
		expect(second.outputs[0][0].json.action).toBe('unchanged');
	});

	it('skip unchanged: a content back to an earlier state carries a newer change date and is written', async () => {
		const parameters = { ...MATERIAL, options: { skipUnchanged: true } };
		const at = (ts: string, price: number) => product('M1', { ts_lastupdate: ts, price_catalogue: price, _sync: { category: 'materials', id: '1', ts_lastupdate: ts, reason: 'changed' } });
		await runOutSmart(sim, { parameters, items: [at('2025-03-01 10:00:00', 19.95)] });
		await runOutSmart(sim, { parameters, items: [at('2025-03-02 10:00:00', 30)] });
		const back = await runOutSmart(sim, { parameters, items: [at('2025-03-03 10:00:00', 19.95)] });
		expect(back.outputs[0][0].json.action).toBe('upserted');
		expect(sim.store.get('materials', 'M1')).toMatchObject({ price: '19.95' });
		// the same version again (a re-send, a manual run, an overlap) is skipped
		const same = await runOutSmart(sim, { parameters, items: [at('2025-03-03 10:00:00', 19.95)] });
		expect(same.outputs[0][0].json.action).toBe('unchanged');
	});

	it('skip unchanged costs two store calls a run and removes nothing for new versions (n8n removes one entry per row search)', async () => {
		const parameters = { ...MATERIAL, options: { skipUnchanged: true } };
		const items = Array.from({ length: 50 }, (_, i) => product(`M${i + 1}`));
		const calls = deduplicationStore.calls;
		const first = await runOutSmart(sim, { parameters, items });
		expect(first.outputs[0].every((i) => i.json.action === 'upserted')).toBe(true);
		// attempt markers checked, facts recorded: nothing removed
		expect(deduplicationStore.calls - calls).toBe(2);
		expect(deduplicationStore.removedEntries).toBe(0);
		// the same versions again: markers and facts checked, all delivered, nothing written or removed
		const again = await runOutSmart(sim, { parameters, items });
		expect(again.outputs[0].every((i) => i.json.action === 'unchanged')).toBe(true);
		expect(deduplicationStore.calls - calls).toBe(4);
		expect(deduplicationStore.removedEntries).toBe(0);
	});

	it('a version attempted before but not accepted (a failed write) is checked against the facts, removed at once, written', async () => {
		const parameters = { ...MATERIAL, options: { skipUnchanged: true } };
		sim.setDown(true);
		await runOutSmart(sim, { parameters, items: [product('M1'), product('M2')], continueOnFail: true });
		sim.setDown(false);
		expect(deduplicationStore.removedEntries).toBe(0);
		const retry = await runOutSmart(sim, { parameters, items: [product('M1'), product('M2')] });
		expect(retry.outputs[0].map((i) => i.json.action)).toEqual(['upserted', 'upserted']);
		expect(deduplicationStore.removedEntries).toBe(2);
		expect(deduplicationStore.size('harness-workflow', 'node')).toBe(2);
	});

	it('skip unchanged: records without a Bouwsoft change date are always written', async () => {
		const parameters = { ...MATERIAL, options: { skipUnchanged: true } };
		const undated = product('M9', { ts_lastupdate: '', _sync: { category: 'materials', id: '9', ts_lastupdate: '', reason: 'changed' } });
		await runOutSmart(sim, { parameters, items: [undated] });
		const again = await runOutSmart(sim, { parameters, items: [undated] });
		expect(again.outputs[0][0].json.action).toBe('upserted');
	});

	it("when n8n's deduplication store fails, everything is written with a warning and nothing fails", async () => {
		const parameters = { ...MATERIAL, options: { skipUnchanged: true } };
		await runOutSmart(sim, { parameters, items: [product('M1')] });
		deduplicationStore.failNext(10);
		const result = await runOutSmart(sim, { parameters, items: [product('M1')] });
		expect(result.error).toBeUndefined();
		expect(result.outputs[0][0].json.action).toBe('upserted');
		expect(JSON.stringify(result.run.data.resultData.runData)).toMatch(/could not read n8n's deduplication store, so every record was written/);
	});

	it('reports a run summary as an execution hint', async () => {
		sim.store.upsert('materials', { code: 'M1', description: 'oud', price: '1.00', unit: 'st' });
		const result = await runOutSmart(sim, {
			parameters: { ...MATERIAL, options: REPORT },
			items: [product('M1'), product('M2'), product('M3', { nr1: '' })],
			continueOnFail: true,
		});
		const hints = JSON.stringify(result.run.data.resultData.runData);
		expect(hints).toContain('1 created, 1 updated, 0 unchanged, 1 failed');
	});
	it('by default items say "upserted" and OutSmart\'s tables are not read', async () => {
		sim.store.upsert('materials', { code: 'M1', description: 'oud', price: '1.00', unit: 'st' });
		const result = await runOutSmart(sim, { parameters: MATERIAL, items: [product('M1'), product('M2')] });
		expect(result.outputs[0].map((i) => i.json.action)).toEqual(['upserted', 'upserted']);
		expect(sim.requests.filter((r) => r.method === 'GET')).toEqual([]);
		expect(sim.store.get('materials', 'M1')).toMatchObject({ description: 'Muurverf wit M1' });
		expect(JSON.stringify(result.run.data.resultData.runData)).toContain('0 created, 0 updated, 0 unchanged, 2 upserted');
	});

	it('state of earlier versions (sync ledger, hashes in the global static data) is dropped, not read', async () => {
		const staticData: IDataObject = { global: { bouwsoftOutSmartLedger: { version: 1, pending: {} }, outSmartHashes: { OutSmart: { x: { M1: 'y' } } } } };
		await runOutSmart(sim, { parameters: MATERIAL, items: [product('M1')], staticData });
		expect(staticData.global).toEqual({});
	});
});
