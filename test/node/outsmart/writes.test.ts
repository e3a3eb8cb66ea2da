import type { IDataObject } from 'n8n-workflow';

import { chain, MANUAL_TRIGGER_TYPE, runWorkflow } from '../../harness';
import { startOutSmartSimulator } from '../../simulators/outsmart';
import type { OutSmartSimulator } from '../../simulators/outsmart';
import * as bs from '../../fixtures/bouwsoftItems';
import { credentialsFor, everything, FAST_OPTIONS, node, product, runOutSmart } from './helpers';

const MAP_MATERIALS = {
	resource: 'material',
	operation: 'upsert',
	mappingMode: 'mapFields',
	columns: { mappingMode: 'autoMapInputData', value: null },
};

function plainMaterial(i: number): IDataObject {
	return { code: `ART-${String(i).padStart(4, '0')}`, description: `Schroef ${i}`, price: '0.35', unit: 'st' };
}

describe('OutSmart node: batching, bisection, failures', () => {
	let sim: OutSmartSimulator;
	beforeAll(async () => {
		sim = await startOutSmartSimulator();
	});
	afterAll(async () => await sim.close());
	beforeEach(() => sim.reset());

	it('a batch of 1,000 with 3 records OutSmart rejects writes 997 and reports exactly those 3', async () => {
		const bad = new Set([17, 503, 998]);
		const items = Array.from({ length: 1000 }, (_, i) => (bad.has(i) ? { ...plainMaterial(i), price: 'twaalf' } : plainMaterial(i)));
		const result = await runOutSmart(sim, { parameters: MAP_MATERIALS, items, continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(sim.store.count('materials')).toBe(997);
		const failed = result.outputs[0].filter((item) => item.json.action === 'failed');
		expect(failed.map((item) => item.json.key)).toEqual(['ART-0017', 'ART-0503', 'ART-0998']);
		expect(failed.map((item) => (item.pairedItem as { item: number }).item)).toEqual([17, 503, 998]);
		for (const item of failed) {
			expect(item.json.code).toBe(1200);
			expect(String(item.json.error)).toContain('Invalid decimal for price');
			expect(String(item.json.fix)).toMatch(/material/);
		}
		expect(result.outputs[0].filter((item) => item.json.action === 'upserted')).toHaveLength(997);
	});

	it('without continue-on-fail the node fails naming the record, after writing the good ones', async () => {
		const items = [plainMaterial(1), { ...plainMaterial(2), price: 'gratis' }, plainMaterial(3)];
		const result = await runOutSmart(sim, { parameters: MAP_MATERIALS, items });
		expect(result.error?.message).toMatch(/1 record could not be written to OutSmart.*ART-0002.*Invalid decimal for price/);
		expect(sim.store.count('materials')).toBe(2);
	});

	it('Bouwsoft records that cannot fill a required field fail with the Bouwsoft field and the fix, sending nothing for them', async () => {
		const items = [product('M1', { nr1: '' }), bs.client(0), bs.client(1002, { zipcode: '', city: ' ' })];
		const material = await runOutSmart(sim, { parameters: { resource: 'material', operation: 'upsert' }, items: [items[0]], continueOnFail: true });
		expect(material.outputs[0][0].json).toMatchObject({ action: 'failed' });
		expect(String(material.outputs[0][0].json.fix)).toContain('Bouwsoft "nr1" is empty');
		const relations = await runOutSmart(sim, { parameters: { resource: 'relation', operation: 'upsert' }, items: items.slice(1), continueOnFail: true });
		const [noClient, noAddress] = relations.outputs[0].map((item) => String(item.json.fix));
		expect(noClient).toContain('"clientnr"');
		expect(noAddress).toContain('"postal_code" but Bouwsoft "zipcode" is empty');
		expect(noAddress).toContain('"city" but Bouwsoft "city" is empty');
		expect(sim.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
	});

	it('Map Fields: missing required fields are named before anything is sent', async () => {
		const result = await runOutSmart(sim, {
			parameters: { resource: 'hourType', operation: 'upsert', mappingMode: 'mapFields', columns: { mappingMode: 'defineBelow', value: { code: 'ZK', name: 'Ziekte' } } },
			items: [{}],
			continueOnFail: true,
		});
		expect(result.outputs[0][0].json.error).toMatch(/"cost_booking", "sale_booking", "sale_price"/);
		expect(sim.requests).toHaveLength(0);
	});

	it('OutSmart codes become plain-language messages (rejected by OutSmart itself)', async () => {
		sim.faults.add({ endpoint: 'hourtypes', method: 'POST', code: 1801, message: 'Required field missing: sale_price' });
		const result = await runOutSmart(sim, { parameters: { resource: 'hourType', operation: 'upsert' }, items: [bs.job('01')], continueOnFail: true });
		const json = result.outputs[0][0].json;
		expect(json.code).toBe(1801);
		expect(json.error).toContain('OutSmart rejected the hour type: a required field is missing or invalid');
		expect(json.fix).toContain('Fill "sale_price" for this hour type');
	});

	it('a wrong token fails every item with a message that says which credential field to fix, and leaks no secret', async () => {
		const wrong = { outSmartApi: { baseUrl: sim.baseUrl, token: 'wrong-customer-token-123', softwareToken: sim.softwareToken } };
		const result = await runOutSmart(sim, { parameters: { resource: 'material', operation: 'upsert' }, items: [product('M1'), product('M2')], credentials: wrong });
		expect(result.error?.message).toContain('OutSmart does not recognise the token');
		expect((result.error as { description?: string }).description).toContain('"Token"');
		expect(everything(result)).not.toContain('wrong-customer-token-123');
		expect(everything(result)).not.toContain(sim.softwareToken);
	});

	it('transient failures (500, 429 with Retry-After, dropped connection, code 1007) are retried', async () => {
		sim.faults.add({ endpoint: 'materials', method: 'POST', status: 500, times: 1 });
		sim.faults.add({ endpoint: 'employees', method: 'POST', status: 429, retryAfter: 0, times: 1 });
		sim.faults.add({ endpoint: 'hourtypes', method: 'POST', dropConnection: true, times: 1 });
		sim.faults.add({ endpoint: 'warehouses', method: 'POST', code: 1007, times: 1 });
		const runs = [
			['material', product('M1')],
			['employee', bs.employee(7)],
			['hourType', bs.job('01')],
			['warehouse', bs.warehouse(3, 'Magazijn Gent')],
		] as const;
		for (const [resource, item] of runs) {
			const result = await runOutSmart(sim, { parameters: { resource, operation: 'upsert' }, items: [item] });
			expect(result.error).toBeUndefined();
			expect(result.outputs[0][0].json.action).toBe('upserted');
		}
		expect(sim.store.count('materials') + sim.store.count('employees') + sim.store.count('hourtypes') + sim.store.count('warehouses')).toBe(4);
	});

	it('failed items go to the error output when On Error is "continue (using error output)"', async () => {
		const result = await runWorkflow({
			mode: 'manual',
			nodes: [
				{ name: 'Start', type: MANUAL_TRIGGER_TYPE },
				{
					name: 'OutSmart',
					type: 'outSmart',
					parameters: { ...MAP_MATERIALS, options: FAST_OPTIONS },
					onError: 'continueErrorOutput',
				},
			],
			connections: chain('Start', 'OutSmart'),
			nodeTypes: { outSmart: node },
			credentials: credentialsFor(sim),
			startItems: [{ json: plainMaterial(1) }, { json: { ...plainMaterial(2), price: 'x' } }],
		});
		expect(result.error).toBeUndefined();
		const [main, errors] = result.outputs.OutSmart;
		expect(main.map((item) => item.json.key)).toEqual(['ART-0001']);
		// n8n's error output keeps the input item's fields and adds error, message (the fix) and details.
		expect(errors).toHaveLength(1);
		expect(errors[0].json).toMatchObject({ code: 'ART-0002', price: 'x', details: { action: 'failed', key: 'ART-0002', code: 1200 } });
		expect(String(errors[0].json.error)).toContain('Invalid decimal for price');
		expect(String(errors[0].json.message)).toMatch(/material/);
	});
});

describe('OutSmart node: input checks', () => {
	let sim: OutSmartSimulator;
	beforeAll(async () => {
		sim = await startOutSmartSimulator();
	});
	afterAll(async () => await sim.close());

	it('a Bouwsoft record of another category than the resource fails with the resource to choose', async () => {
		const result = await runOutSmart(sim, { parameters: { resource: 'material', operation: 'upsert' }, items: [bs.project(2025001)], continueOnFail: true });
		expect(result.outputs[0][0].json).toMatchObject({ action: 'failed' });
		expect(String(result.outputs[0][0].json.error)).toContain('Bouwsoft "projects" record');
		expect(String(result.outputs[0][0].json.fix)).toContain('Set Resource to "Project"');
	});

	it('Map Fields cuts over-long values with a warning instead of being rejected', async () => {
		const result = await runOutSmart(sim, {
			parameters: { ...MAP_MATERIALS },
			items: [{ ...plainMaterial(9), unit: 'stuks'.repeat(60), ignored: 'not an OutSmart field' }],
		});
		expect(result.error).toBeUndefined();
		expect(String(sim.store.get('materials', 'ART-0009')?.unit)).toHaveLength(255);
		expect((result.outputs[0][0].json.warnings as string[])[0]).toMatch(/"unit" was cut to 255/);
		expect(result.outputs[0][0].json.record).not.toHaveProperty('ignored');
	});
});
