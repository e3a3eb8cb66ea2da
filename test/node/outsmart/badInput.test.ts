/**
 * Bad input to the OutSmart node, against the OutSmart simulator: over-long keys fail their item (never
 * cut), texts are cut by characters (never inside an emoji), numeric options that are not numbers or out of
 * range fall back / are clamped with a warning, an unknown resource or operation is named.
 */
import type { IDataObject } from 'n8n-workflow';

import { startOutSmartSimulator } from '../../simulators/outsmart';
import type { OutSmartSimulator } from '../../simulators/outsmart';
import * as bs from '../../fixtures/bouwsoftItems';
import { everything, product, runOutSmart, sync } from './helpers';

const MATERIAL = { resource: 'material', operation: 'upsert' };
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('OutSmart node: bad input', () => {
	let sim: OutSmartSimulator;
	beforeAll(async () => {
		sim = await startOutSmartSimulator();
	});
	afterAll(async () => await sim.close());
	beforeEach(() => sim.reset());

	describe('over-long keys', () => {
		it('two article numbers that share their first 255 characters fail by name; nothing is merged, the rest is written', async () => {
			const prefix = 'A'.repeat(260);
			const staticData: IDataObject = {};
			const items = [
				product('M1'),
				product(`${prefix}-1`, { id: 2, _sync: sync('materials', 2) }),
				product(`${prefix}-2`, { id: 3, _sync: sync('materials', 3) }),
			];
			const result = await runOutSmart(sim, { parameters: MATERIAL, items, staticData, continueOnFail: true });
			expect(result.error).toBeUndefined();
			const out = result.outputs[0];
			expect(out.map((i) => i.json.action)).toEqual(['upserted', 'failed', 'failed']);
			for (const item of out.slice(1)) {
				expect(String(item.json.error)).toMatch(/"code" \(Bouwsoft "nr1"\) has 262 characters, OutSmart stores at most 255/);
				expect(String(item.json.fix)).toMatch(/shorten "nr1" to at most 255 characters/);
			}
			// Nothing cut: OutSmart only has the good material and its link.
			expect(sim.store.count('materials')).toBe(1);
			expect(sim.store.count('material_categories')).toBe(1);
		});

		it('without continue-on-fail the node fails naming nr1 and the limit, after writing the good records', async () => {
			const result = await runOutSmart(sim, { parameters: MATERIAL, items: [product('M1'), product(`X${'9'.repeat(300)}`, { id: 2, _sync: sync('materials', 2) })] });
			expect(result.error?.message).toMatch(/nr1.*301 characters.*255/);
			expect(sim.store.has('materials', 'M1')).toBe(true);
		});

		it('Map Fields: a code over 255 characters fails that row, naming "code"', async () => {
			const parameters = {
				...MATERIAL,
				mappingMode: 'mapFields',
				columns: { mappingMode: 'autoMapInputData', value: null },
			};
			const items = [
				{ code: 'OK-1', description: 'Schroef', price: '0.35', unit: 'st' },
				{ code: 'K'.repeat(256), description: 'Moer', price: '0.10', unit: 'st' },
			];
			const result = await runOutSmart(sim, { parameters, items, continueOnFail: true });
			expect(result.outputs[0].map((i) => i.json.action)).toEqual(['upserted', 'failed']);
			expect(String(result.outputs[0][1].json.error)).toMatch(/"code".*256 characters.*255/);
			expect(sim.store.count('materials')).toBe(1);
		});

		it('a contact person pointing at an over-long debtor number is not cut to another relation', async () => {
			const parameters = {
				resource: 'contactPerson',
				operation: 'upsert',
				mappingMode: 'mapFields',
				columns: { mappingMode: 'autoMapInputData', value: null },
			};
			const result = await runOutSmart(sim, {
				parameters,
				items: [{ cpn_code: 'C-1', cpn_debtor_nr: '7'.repeat(300), cpn_name: 'Els' }],
				continueOnFail: true,
			});
			expect(result.outputs[0][0].json.action).toBe('failed');
			expect(String(result.outputs[0][0].json.error)).toMatch(/cpn_debtor_nr/);
			expect(sim.store.count('contactpersons')).toBe(0);
		});
	});

	describe('characters, not UTF-16 units', () => {
		it('100 emoji (200 UTF-16 units) are within 255 characters: stored whole, no warning', async () => {
			const name = '🏗'.repeat(100);
			const result = await runOutSmart(sim, { parameters: { resource: 'relation', operation: 'upsert' }, items: [bs.client(1001, { name })] });
			expect(result.error).toBeUndefined();
			expect(sim.store.get('relations', '1001')?.name).toBe(name);
			expect(result.outputs[0][0].json.warnings).toBeUndefined();
		});

		it('300 emoji are cut to 255 whole characters with a warning (dry run shows what would be sent)', async () => {
			const result = await runOutSmart(sim, {
				parameters: { resource: 'relation', operation: 'upsert', options: { dryRun: true } },
				items: [bs.client(1001, { name: '🏗'.repeat(300) })],
			});
			const sent = String((result.outputs[0][0].json.record as IDataObject).name);
			expect(Array.from(sent)).toHaveLength(255);
			expect(sent).toBe('🏗'.repeat(255));
			expect(sent).not.toMatch(LONE_SURROGATE);
			expect((result.outputs[0][0].json.warnings as string[]).join(' ')).toMatch(/"name" was cut to 255 characters \(it had 300\)/);
		});
	});

	describe('numeric options', () => {
		const items = () => [product('M1'), product('M2'), product('M3')];
		it.each([
			['batch size text', { batchSize: 'many' }, /Batch Size "many" is not a number; used the default 500/],
			['concurrency text', { concurrency: 'x' }, /Concurrent Requests "x" is not a number; used the default 4/],
			['batch size 0', { batchSize: 0 }, /Batch Size 0 is outside the allowed range 1–5000; used 1/],
			['batch size -5', { batchSize: -5 }, /Batch Size -5 is outside the allowed range 1–5000; used 1/],
			['batch size 10^9', { batchSize: 1e9 }, /Batch Size 1000000000 is outside the allowed range 1–5000; used 5000/],
			['concurrency 10^9', { concurrency: 1e9 }, /Concurrent Requests 1000000000 is outside the allowed range 1–16; used 16/],
			['max attempts text', { maxAttempts: 'twice' }, /Max Attempts "twice" is not a number/],
			['time-out negative', { timeoutSeconds: -1 }, /Time-Out \(Seconds\) -1 is outside the allowed range 1–3600; used 1/],
		])('%s → every record written, a warning names the option', async (_what, options, notice) => {
			const result = await runOutSmart(sim, { parameters: { ...MATERIAL, options }, items: items() });
			expect(result.error).toBeUndefined();
			expect(sim.store.count('materials')).toBe(3);
			const hints = (result.run.data.resultData.runData.OutSmart[0].hints ?? []).map((hint) => hint.message);
			expect(hints.join('\n')).toMatch(notice);
			expect(result.logs.map((l) => l.message).join('\n')).toMatch(notice);
		});

		it('batch size "2" (text from an expression) is used as 2', async () => {
			const result = await runOutSmart(sim, { parameters: { ...MATERIAL, options: { batchSize: '2', detectExisting: false } }, items: items() });
			expect(result.error).toBeUndefined();
			const posted = sim.requests.filter((r) => r.method === 'POST' && r.endpoint === 'materials');
			expect(posted.map((r) => r.batchSize)).toEqual([2, 1]);
		});
	});

	describe('unknown resource or operation', () => {
		it.each(['invoice', 'constructor', '__proto__'])('resource %j → "Unknown resource" naming it and the valid ones', async (resource) => {
			const result = await runOutSmart(sim, { parameters: { resource, operation: 'upsert' }, items: [product('M1')] });
			expect(result.error?.name).toBe('NodeOperationError');
			expect(result.error?.message).toBe(`Unknown resource "${resource}"`);
			expect(String((result.error as { description?: string }).description)).toMatch(/material, .*workOrder/);
			expect(sim.requests).toEqual([]);
			expect(everything(result)).not.toContain(sim.token);
		});

		it('operation "constructor" → named, no crash', async () => {
			const result = await runOutSmart(sim, { parameters: { resource: 'material', operation: 'constructor' }, items: [product('M1')] });
			expect(result.error?.name).toBe('NodeOperationError');
			expect(result.error?.message).toMatch(/"constructor" is not supported for "material"/);
		});
	});
});
