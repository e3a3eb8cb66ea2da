import type { IDataObject } from 'n8n-workflow';

import { ids, jsonOf, syncOf, triggerEnv } from './helpers';
import type { TriggerEnv } from './helpers';

describe('Bouwsoft Trigger — cursor guarantees against the simulator', () => {
	let env: TriggerEnv;
	beforeEach(async () => {
		env = await triggerEnv();
		env.sim.clock.set(new Date('2025-03-31T09:00:00Z'));
	});
	afterEach(async () => await env.close());

	const employees = { category: 'employees' };

	it('equal timestamps across polls: each edit once, nothing repeated', async () => {
		jsonOf(await env.poll(employees));
		env.sim.clock.advanceSeconds(60); // clock frozen: every edit below shares one second
		env.sim.store.update('Employees', 1, { city: 'Gent' });
		expect(ids(jsonOf(await env.poll(employees)))).toEqual(['1']);
		env.sim.store.update('Employees', 2, { city: 'Gent' }); // same ts_lastupdate as employee 1
		expect(ids(jsonOf(await env.poll(employees)))).toEqual(['2']);
		env.sim.store.update('Employees', 1, { city: 'Brugge' }); // same second again, new content
		const again = jsonOf(await env.poll(employees));
		expect(again.map((e) => [e.id, e.city])).toEqual([[1, 'Brugge']]);
		expect((await env.poll(employees)).output).toBeNull();
	});

	it.each([1, 2, 7, 14, 15])('pagination boundaries: page size %i returns every record once', async (pageSize) => {
		const items = jsonOf(await env.poll({ ...employees, options: { pageSize } }));
		const got = ids(items);
		expect(new Set(got).size).toBe(got.length);
		expect(got.sort()).toEqual(env.sim.store.all('Employees').map((e) => String(e.id)).sort());
	});

	it('an edit landing while the poll is paging is delivered by the next poll', async () => {
		jsonOf(await env.poll(employees));
		env.sim.clock.advanceSeconds(60);
		for (const id of [1, 5, 9, 13]) env.sim.store.update('Employees', id, { city: 'Leuven' });
		let edited = false;
		const off = env.sim.onRequest((ctx) => {
			if (ctx.resource === 'Employees' && ctx.resourceRequestNumber === 3 && !edited) {
				edited = true;
				env.sim.clock.advanceSeconds(1);
				env.sim.store.update('Employees', 1, { city: 'Hasselt' }); // page 1 is already read
			}
		});
		const during = jsonOf(await env.poll({ ...employees, options: { pageSize: 1 } }));
		off();
		expect(edited).toBe(true);
		expect(ids(during).sort()).toEqual(['1', '13', '5', '9']);
		const after = jsonOf(await env.poll({ ...employees, options: { pageSize: 1 } }));
		expect(after.map((e) => [e.id, e.city])).toEqual([[1, 'Hasselt']]);
	});

	it('a failed poll throws a NodeApiError with the status and leaves the state untouched', async () => {
		jsonOf(await env.poll(employees));
		const before = JSON.stringify(env.staticData);
		env.sim.clock.advanceSeconds(60);
		env.sim.store.update('Employees', 3, { city: 'Lier' });
		env.sim.faults.add({ resource: 'Employees', status: 404, times: 1 });
		const failed = await env.poll(employees);
		expect(failed.error?.constructor.name).toBe('NodeApiError');
		expect((failed.error as unknown as { httpCode: string }).httpCode).toBe('404');
		expect(failed.error?.message).toContain('Employees');
		expect(JSON.stringify(env.staticData)).toBe(before);
		expect(ids(jsonOf(await env.poll(employees)))).toEqual(['3']);
	});

	it('transient 503 with Retry-After and a dropped connection are retried within the poll', async () => {
		env.sim.faults.add({ resource: 'Employees', status: 503, retryAfterSeconds: 0, times: 1 });
		env.sim.faults.add({ resource: 'Employees', dropConnection: true, times: 1, afterRequests: 1 });
		const result = await env.poll(employees);
		expect(ids(jsonOf(result)).length).toBe(env.sim.store.count('Employees'));
		expect(syncOf(jsonOf(result)[0]).summary?.httpRetries).toBe(2);
	});

	it('an access token that expires mid-poll is refreshed once and the poll completes', async () => {
		let expired = false;
		env.sim.onRequest((ctx) => {
			if (ctx.resource === 'Employees' && ctx.resourceRequestNumber === 2 && !expired) {
				expired = true;
				env.sim.expireAccessTokens();
			}
		});
		const items = jsonOf(await env.poll({ ...employees, options: { pageSize: 4 } }));
		expect(ids(items).length).toBe(env.sim.store.count('Employees'));
		expect(env.sim.requestCount('Authorize')).toBe(2);
		expect(env.sim.requests.filter((r) => r.resource === 'Employees' && r.status === 401).length).toBe(1);
	});

	it('first run "only future changes" emits nothing, then only later edits', async () => {
		const params = { ...employees, firstRun: 'baseline' };
		const first = await env.poll(params, { staticDataPersistence: 'saveOnChange' });
		expect(first.output).toBeNull();
		env.sim.clock.advanceSeconds(30);
		env.sim.store.update('Employees', 4, { city: 'Ieper' });
		expect(ids(jsonOf(await env.poll(params)))).toEqual(['4']);
	});

	it('first run "changes from a date" emits only records changed after it', async () => {
		const since = '2025-03-01T00:00:00';
		const params = { ...employees, firstRun: 'fromDate', firstRunDate: since };
		const items = jsonOf(await env.poll(params));
		const expected = env.sim.store.all('Employees').filter((e) => String(e.ts_lastupdate) > '2025-03-01 00:00:00');
		expect(expected.length).toBeGreaterThan(0);
		expect(ids(items).sort()).toEqual(expected.map((e) => String(e.id)).sort());
		expect(items.every((i) => syncOf(i).reason === 'changed')).toBe(true);
	});

	it('max records per poll paces the first import without loss or repeats, edits included', async () => {
		const params = { category: 'materials', options: { maxRecordsPerPoll: 7, pageSize: 5 } };
		const seen: string[] = [];
		for (let i = 0; i < 20; i++) {
			const result = await env.poll(params);
			const items = result.output ? jsonOf(result) : [];
			expect(items.length).toBeLessThanOrEqual(7);
			seen.push(...ids(items));
			if (i === 2) {
				env.sim.clock.advanceSeconds(5);
				env.sim.store.update('Products', 1, { description: 'gewijzigd tijdens import' }); // already emitted
			}
			if (!result.output) break;
		}
		const all = env.sim.store.all('Products').map((p) => String(p.id));
		expect([...new Set(seen)].sort()).toEqual(all.sort());
		// product 1 twice (original + edit), nothing else repeated
		expect(seen.length).toBe(all.length + 1);
		expect(seen.filter((id) => id === '1').length).toBe(2);
	});

	it('a manual run imports everything and does not move the background cursor', async () => {
		jsonOf(await env.poll(employees));
		env.sim.clock.advanceSeconds(60);
		env.sim.store.update('Employees', 6, { city: 'Tienen' });
		const before = JSON.stringify(env.staticData);
		const manual = jsonOf(await env.poll(employees, { mode: 'manual' }));
		expect(manual.length).toBe(env.sim.store.count('Employees'));
		expect(manual.every((i) => syncOf(i).reason === 'full')).toBe(true);
		expect(JSON.stringify(env.staticData)).toBe(before);
		expect(ids(jsonOf(await env.poll(employees)))).toEqual(['6']);
	});
});
