import type { IDataObject } from 'n8n-workflow';

import { pendingCount, pendingEntry, pendingIds } from '../../../nodes/shared/syncLedger';
import { startOutSmartSimulator } from '../../simulators/outsmart';
import type { OutSmartSimulator } from '../../simulators/outsmart';
import * as bs from '../../fixtures/bouwsoftItems';
import { everything, node, product, runOutSmart } from './helpers';

const MATERIAL = { resource: 'material', operation: 'upsert' };
/** "Report Created vs Updated" is off by default; tests of created/updated turn it on. */
const REPORT = { detectExisting: true };

/** The node's own static data (n8n keeps it under "node:<node name>"). */
function nodeStaticData(staticData: IDataObject): IDataObject {
	const key = Object.keys(staticData).find((k) => k.startsWith('node:'));
	return (key ? staticData[key] : {}) as IDataObject;
}

const HOUR = 60 * 60_000;

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
		expect(pendingCount((staticData.global ?? {}) as IDataObject)).toBe(0);
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

	it('skip unchanged keeps nothing in a manual run (n8n does not save static data there)', async () => {
		const staticData: IDataObject = {};
		const parameters = { ...MATERIAL, options: { ...REPORT, skipUnchanged: true } };
		await runOutSmart(sim, { parameters, items: [product('M1')], staticData, mode: 'manual' });
		const second = await runOutSmart(sim, { parameters, items: [product('M1')], staticData, mode: 'manual' });
		expect(second.outputs[0][0].json.action).toBe('updated');
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

	it('content hashes are kept only with Skip Unchanged, per node in the global static data; a run without it drops them', async () => {
		// Hashes an earlier version kept in the node's own static data are dropped, not read.
		const staticData: IDataObject = { 'node:OutSmart': { outSmartHashes: { stale: { M1: 'x' } } } };
		await runOutSmart(sim, { parameters: MATERIAL, items: [product('M1'), product('M2')], staticData });
		expect(nodeStaticData(staticData)).not.toHaveProperty('outSmartHashes');
		expect(staticData.global ?? {}).not.toHaveProperty('outSmartHashes');

		const skipping = { ...MATERIAL, options: { skipUnchanged: true } };
		await runOutSmart(sim, { parameters: skipping, items: [product('M1'), product('M2')], staticData });
		const hashes = (staticData.global as IDataObject).outSmartHashes as Record<string, Record<string, Record<string, string>>>;
		expect(Object.keys(hashes)).toEqual([node.description.defaults.name]);
		expect(Object.values(hashes[node.description.defaults.name as string]).flatMap((scope) => Object.keys(scope)).sort()).toEqual(['M1', 'M2']);
		expect(nodeStaticData(staticData)).not.toHaveProperty('outSmartHashes');

		// Written without Skip Unchanged: the stored hash of M1 no longer matches OutSmart, so it must go.
		await runOutSmart(sim, { parameters: MATERIAL, items: [product('M1', { price_catalogue: 30 })], staticData });
		expect(staticData.global).not.toHaveProperty('outSmartHashes');

		// Back to the first content with Skip Unchanged on: it is written, since OutSmart has price 30.
		sim.resetRequests();
		const back = await runOutSmart(sim, { parameters: skipping, items: [product('M1')], staticData });
		expect(back.outputs[0][0].json.action).toBe('upserted');
		expect(sim.store.get('materials', 'M1')).toMatchObject({ price: '19.95' });
	});

	it('sync ledger: a project without a client is a data failure (retried after a pause), an outage a transient one', async () => {
		const staticData: IDataObject = {};
		const project = { resource: 'project', operation: 'upsert' };
		const noClient = await runOutSmart(sim, { parameters: project, items: [bs.project(2025001, { client_addressid: 0, client: null })], staticData, continueOnFail: true });
		expect(noClient.outputs[0][0].json.action).toBe('failed');
		const global = staticData.global as IDataObject;
		const entry = pendingEntry(global, 'projects', String(bs.project(2025001).id));
		expect(entry).toMatchObject({ kind: 'data', attempts: 1 });
		const failedAt = Date.parse(String(entry?.lastFailedAt));
		expect(pendingIds(global, 'projects', new Date(failedAt + 60_000))).toEqual([]);
		expect(pendingIds(global, 'projects', new Date(failedAt + HOUR))).toEqual([String(bs.project(2025001).id)]);

		sim.setDown(true);
		await runOutSmart(sim, { parameters: MATERIAL, items: [product('M7')], staticData, continueOnFail: true });
		sim.setDown(false);
		const outage = pendingEntry(staticData.global as IDataObject, 'materials', '7');
		expect(outage).toMatchObject({ key: 'M7', attempts: 1 });
		expect(outage).not.toHaveProperty('kind');
		expect(pendingIds(staticData.global as IDataObject, 'materials')).toEqual(['7']);
	});

	it('sync ledger: OutSmart rejecting the values (code 1200) is a data failure', async () => {
		const staticData: IDataObject = {};
		sim.faults.add({ endpoint: 'materials', method: 'POST', code: 1200, message: 'Invalid decimal for price' });
		const result = await runOutSmart(sim, { parameters: MATERIAL, items: [product('M5')], staticData, continueOnFail: true });
		expect(result.outputs[0][0].json).toMatchObject({ action: 'failed', code: 1200 });
		expect(pendingEntry(staticData.global as IDataObject, 'materials', '5')).toMatchObject({ kind: 'data', key: 'M5' });
	});
});
