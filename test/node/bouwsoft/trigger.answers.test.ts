/**
 * Odd Bouwsoft answers must never read as "no more data": a page without `Records`, a server that clamps
 * `limit`, an answer for the wrong id. And the empty result must still read as empty. (An empty `Records`
 * list is the end even while Content-Range announces more: that total may count the whole table, see
 * trigger.contentRange.test.ts.) Real trigger / read node against the simulator; retries wait through a
 * recorded, instant `sleep`.
 */
const sleeps: number[] = [];
jest.mock('n8n-workflow', () => ({
	...jest.requireActual('n8n-workflow'),
	sleep: async (ms: number) => {
		sleeps.push(ms);
		await new Promise<void>((resolve) => setImmediate(resolve));
	},
}));

import type { IDataObject } from 'n8n-workflow';

import { Bouwsoft } from '../../../nodes/Bouwsoft/Bouwsoft.node';
import { CredentialStore, runNode } from '../../harness';
import type { BouwsoftSimulatorOptions } from '../../simulators/bouwsoft';
import { ids, jsonOf, syncOf, triggerEnv } from './helpers';
import type { TriggerEnv } from './helpers';

let env: TriggerEnv;
const start = async (options: BouwsoftSimulatorOptions = {}) => {
	env = await triggerEnv(options);
	env.sim.clock.set(new Date('2025-03-31T09:00:00Z'));
	sleeps.length = 0;
};
afterEach(async () => await env?.close());

const allProductIds = () => env.sim.store.all('Products').map((p) => String(p.id)).sort();

describe('paging never ends on an odd answer', () => {
	it('a server that clamps limit (25 of 500 asked) is paged to the end by Content-Range', async () => {
		await start({ maxLimit: 25 });
		expect(env.sim.store.count('Products')).toBeGreaterThan(25);
		const items = jsonOf(await env.poll({ category: 'materials', options: { pageSize: 500 } }));
		expect(ids(items).sort()).toEqual(allProductIds());
		// The baseline snapshot (limit 200) and offset reads (warehouses) are clamped as well.
		const stock = jsonOf(await env.poll({ category: 'warehouses', options: { pageSize: 500 } }, { mode: 'manual' }));
		const locations = new Set(env.sim.store.all('ProductStock').map((r) => Number(r.stock_locationid)).filter((n) => n > 0));
		expect(stock.length).toBe(locations.size);
	});

	it('a page without "Records" on every attempt fails the poll with a named error and moves nothing', async () => {
		await start();
		env.sim.faults.add({ resource: 'Products', status: 200, afterRequests: 1, body: { 'Content-Range': '*/60' } });
		const failed = await env.poll({ category: 'materials', options: { pageSize: 10 } });
		expect(failed.error?.constructor.name).toBe('NodeApiError');
		expect(failed.error?.message).toBe('Bouwsoft sent an incomplete answer for Products (tried 5 times)');
		expect((failed.error as Error & { description?: string }).description).toMatch(/"Records"/);
		expect(JSON.stringify(env.staticData)).toBe('{}');
		env.sim.faults.clear();
		expect(ids(jsonOf(await env.poll({ category: 'materials', options: { pageSize: 10 } }))).sort()).toEqual(allProductIds());
	});

	it.each([
		['"Records" that is not a list', { 'Content-Range': '0-9/60', Records: 'none' }],
		['an empty body', ''],
	])('%s once mid-paging is retried and nothing is lost', async (_what, body) => {
		await start();
		env.sim.faults.add({ resource: 'Products', status: 200, afterRequests: 2, times: 1, body });
		const items = jsonOf(await env.poll({ category: 'materials', options: { pageSize: 10 } }));
		expect(ids(items).sort()).toEqual(allProductIds());
		expect(syncOf(items[0]).summary?.httpRetries).toBe(1);
	});

	it.each(['star', 'omit'] as const)('an empty result (Content-Range %s) is still just empty', async (emptyContentRange) => {
		await start({ emptyContentRange });
		const none = await env.poll({ category: 'materials', productLists: ['GEEN-LIJST'] });
		expect(none.error).toBeUndefined();
		expect(none.output).toBeNull();
		// A full import whose last page is empty (60 products, pages of 10) ends normally, then nothing changes.
		expect(ids(jsonOf(await env.poll({ category: 'materials', options: { pageSize: 10 } }))).sort()).toEqual(allProductIds());
		env.sim.clock.advanceSeconds(60);
		const quiet = await env.poll({ category: 'materials', options: { pageSize: 10 } });
		expect(quiet.error).toBeUndefined();
		expect(quiet.output).toBeNull();
		expect(sleeps).toEqual([]);
	});
});

describe('Retry-After and the Bouwsoft message', () => {
	it('a 429 retry waits at least Retry-After, and the final error quotes Bouwsoft', async () => {
		await start();
		env.sim.faults.add({ resource: 'Employees', status: 429, retryAfterSeconds: 4, times: 2, body: { error: 'Rate limit for client 115' } });
		const items = jsonOf(await env.poll({ category: 'employees' }));
		expect(ids(items).length).toBe(env.sim.store.count('Employees'));
		expect(sleeps).toHaveLength(2);
		expect(sleeps.every((ms) => ms >= 4000)).toBe(true);
		env.sim.faults.add({ resource: 'Employees', status: 503, body: { error: 'Database maintenance until 10:00' } });
		env.sim.clock.advanceSeconds(60);
		const failed = await env.poll({ category: 'employees' });
		expect(failed.error?.message).toBe('Bouwsoft failed to answer for Employees (HTTP 503) (tried 5 times)');
		expect((failed.error as Error & { description?: string }).description).toContain('Bouwsoft said: "Database maintenance until 10:00"');
	});
});

describe('Timeout (Seconds) option', () => {
	it('gives up on a slow answer after the configured time and retries it (read node)', async () => {
		await start();
		const slow = env.sim.faults.add({ resource: 'Employees', delayMs: 2500, times: 1 });
		const store = new CredentialStore({ bouwsoftApi: { clientNr: env.sim.clientNr, refreshToken: env.sim.refreshToken, authUrl: env.sim.authUrl } });
		const result = await runNode({
			node: new Bouwsoft(),
			parameters: { resource: 'employees', operation: 'getMany', options: { timeoutSeconds: 1 } },
			credentials: store,
		});
		expect(result.error).toBeUndefined();
		expect(slow.fired).toBe(1);
		const items = result.outputs[0].map((i) => i.json);
		expect(items.length).toBe(env.sim.store.count('Employees'));
		expect(syncOf(items[0]).summary?.httpRetries).toBe(1);
	});
});

describe('Product Lists and Product Groups of the wrong form', () => {
	const read = async (parameters: IDataObject) => {
		const store = new CredentialStore({ bouwsoftApi: { clientNr: env.sim.clientNr, refreshToken: env.sim.refreshToken, authUrl: env.sim.authUrl } });
		return await runNode({ node: new Bouwsoft(), parameters: { resource: 'materials', operation: 'getMany', ...parameters } as never, credentials: store });
	};

	it('a number is a list name; an object is an error naming Product Lists', async () => {
		await start({ records: { Products: [{ id: 1, nr1: 'A', list: '42', group: '', description: 'x' }, { id: 2, nr1: 'B', list: 'VERF', description: 'y' }] } });
		const byNumber = await read({ productLists: 42 });
		expect(byNumber.error).toBeUndefined();
		expect(byNumber.outputs[0].map((i) => i.json.nr1)).toEqual(['A']);
		const byObject = await read({ productLists: { name: 'VERF' } });
		expect(byObject.error?.message).toMatch(/^Product Lists must be names, not an object/);
		expect(env.sim.requestCount('Products')).toBe(1); // the bad selection never reached Bouwsoft
	});

	it.each(['G:VERF', 'VERF/01 Levis', 'G:/01 Levis'])('Product Groups "%s" → error naming the value and the form', async (group) => {
		await start();
		const result = await read({ productGroups: [group] });
		expect(result.error?.message).toBe(`Product Groups: "${group}" is not a product group`);
		expect((result.error as Error & { description?: string }).description).toContain('G:<list>/<group>');
		expect(env.sim.requestCount('Products')).toBe(0);
	});
});
