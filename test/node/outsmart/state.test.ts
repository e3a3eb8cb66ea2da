import type { IDataObject } from 'n8n-workflow';

import { pendingCount, pendingEntry, pendingIds } from '../../../nodes/shared/syncLedger';
import { startOutSmartSimulator } from '../../simulators/outsmart';
import type { OutSmartSimulator } from '../../simulators/outsmart';
import * as bs from './fixtures';
import { everything, product, runOutSmart } from './helpers';

const MATERIAL = { resource: 'material', operation: 'upsert' };

describe('OutSmart node: sync ledger, dry run, skip unchanged', () => {
	let sim: OutSmartSimulator;
	beforeAll(async () => {
		sim = await startOutSmartSimulator();
	});
	afterAll(async () => await sim.close());
	beforeEach(() => sim.reset());

	it('OutSmart down: items fail clearly and land in the ledger; the next successful run clears them', async () => {
		const staticData: IDataObject = {};
		const items = [product('M1'), product('M2'), product('M3')];
		sim.setDown(true);
		const down = await runOutSmart(sim, { parameters: MATERIAL, items, continueOnFail: true, staticData });
		expect(down.outputs[0].map((i) => i.json.action)).toEqual(['failed', 'failed', 'failed']);
		expect(String(down.outputs[0][0].json.error)).toMatch(/Could not reach OutSmart/);
		expect(String(down.outputs[0][0].json.fix)).toMatch(/sent again on the next run/);
		expect(pendingIds(staticData.global as IDataObject, 'materials').sort()).toEqual(['1', '2', '3']);
		expect(pendingEntry(staticData.global as IDataObject, 'materials', '2')).toMatchObject({ key: 'M2', attempts: 1 });
		expect(everything(down)).not.toContain(sim.token);

		sim.setDown(false);
		const later = await runOutSmart(sim, { parameters: MATERIAL, items: [product('M2'), product('M3'), product('M4')], staticData });
		expect(later.error).toBeUndefined();
		expect(pendingIds(staticData.global as IDataObject, 'materials')).toEqual(['1']);
		await runOutSmart(sim, { parameters: MATERIAL, items: [{ ...product('M1'), _sync: { ...(product('M1')._sync as IDataObject), reason: 'retry' } }], staticData });
		expect(pendingCount((staticData.global ?? {}) as IDataObject)).toBe(0);
	});

	it('without continue-on-fail the ledger is still written before the node fails', async () => {
		const staticData: IDataObject = {};
		sim.setDown(true);
		const result = await runOutSmart(sim, { parameters: { resource: 'relation', operation: 'upsert' }, items: [bs.client(1001)], staticData });
		sim.setDown(false);
		expect(result.error?.message).toMatch(/Bouwsoft relations 1301 \(OutSmart key 1001\).*Could not reach OutSmart/);
		expect(pendingIds(staticData.global as IDataObject, 'relations')).toEqual(['1301']);
	});

	it('dry run sends no write request and predicts the action', async () => {
		sim.store.upsert('materials', { code: 'M1', description: 'oud', price: '1.00', unit: 'st' });
		sim.store.upsert('employees', { number: '7', firstname: 'Jan', lastname: 'Peeters', active: '1' });
		const staticData: IDataObject = {};
		const result = await runOutSmart(sim, {
			parameters: { ...MATERIAL, options: { dryRun: true } },
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
		expect(pendingCount((staticData.global ?? {}) as IDataObject)).toBe(0);
	});

	it('skip unchanged: an identical record is not written again; a changed one is', async () => {
		const staticData: IDataObject = {};
		const parameters = { ...MATERIAL, options: { skipUnchanged: true } };
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

	it('skip unchanged keeps nothing in a manual run (n8n does not save static data there)', async () => {
		const staticData: IDataObject = {};
		const parameters = { ...MATERIAL, options: { skipUnchanged: true } };
		await runOutSmart(sim, { parameters, items: [product('M1')], staticData, mode: 'manual' });
		const second = await runOutSmart(sim, { parameters, items: [product('M1')], staticData, mode: 'manual' });
		expect(second.outputs[0][0].json.action).toBe('updated');
	});

	it('reports a run summary as an execution hint', async () => {
		sim.store.upsert('materials', { code: 'M1', description: 'oud', price: '1.00', unit: 'st' });
		const result = await runOutSmart(sim, { parameters: MATERIAL, items: [product('M1'), product('M2'), product('M3', { nr1: '' })], continueOnFail: true });
		const hints = JSON.stringify(result.run.data.resultData.runData);
		expect(hints).toContain('1 created, 1 updated, 0 unchanged, 1 failed');
	});
});
