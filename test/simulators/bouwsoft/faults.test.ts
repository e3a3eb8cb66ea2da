import axios from 'axios';

import { startBouwsoftSimulator, type BouwsoftSimulator } from './index';
import { connect, fetchToken, type TestClient } from './testClient';

describe('Bouwsoft simulator faults, hooks and request log', () => {
	let sim: BouwsoftSimulator;
	let client: TestClient;

	beforeAll(async () => {
		sim = await startBouwsoftSimulator();
		client = await connect(sim);
	});
	afterAll(() => sim.close());
	beforeEach(() => {
		sim.faults.clear();
		sim.resetRequests();
	});

	it('answers 429 with Retry-After for the chosen resource only, for `times` requests', async () => {
		const rule = sim.faults.add({ resource: 'products', status: 429, retryAfterSeconds: 7, times: 2 });
		const first = await client.get('/Products/', { limit: 1 });
		expect(first.status).toBe(429);
		expect(first.headers['retry-after']).toBe('7');
		expect(first.data).toHaveProperty('error');
		expect((await client.get('/Jobs/')).status).toBe(200);
		expect((await client.get('/Products/', { limit: 1 })).status).toBe(429);
		expect((await client.get('/Products/', { limit: 1 })).status).toBe(200);
		expect([rule.seen, rule.fired]).toEqual([3, 2]);
		expect(sim.requests.map((r) => [r.resource, r.status])).toEqual([
			['Products', 429],
			['Jobs', 200],
			['Products', 429],
			['Products', 200],
		]);
	});

	it.each([500, 502, 503])('fires %d only after `afterRequests` matching requests', async (status) => {
		sim.faults.add({ resource: 'Addresses', status, afterRequests: 2, times: 1 });
		const statuses: number[] = [];
		for (let i = 0; i < 4; i++) statuses.push((await client.get('/Addresses/', { offset: i * 5, limit: 5 })).status);
		expect(statuses).toEqual([200, 200, status, 200]);
	});

	it('can target the auth server and filter by method and predicate', async () => {
		sim.faults.add({ target: 'auth', status: 503, times: 1, retryAfterSeconds: 1 });
		expect((await fetchToken(sim)).status).toBe(503);
		expect((await fetchToken(sim)).status).toBe(200);
		sim.faults.add({ resource: 'Products', when: (ctx) => Number(ctx.query.offset ?? 0) > 0, status: 500 });
		expect((await client.get('/Products/', { offset: 0, limit: 5 })).status).toBe(200);
		expect((await client.get('/Products/', { offset: 5, limit: 5 })).status).toBe(500);
		sim.faults.add({ method: 'POST', status: 500 });
		expect((await client.get('/Jobs/')).status).toBe(200);
	});

	it('delays a response long enough to trip a client timeout, then answers normally', async () => {
		sim.faults.add({ resource: 'Jobs', delayMs: 400, times: 1 });
		await expect(client.get('/Jobs/', undefined, 100)).rejects.toMatchObject({ code: 'ECONNABORTED' });
		const next = await client.get('/Jobs/', undefined, 2000);
		expect(next.status).toBe(200);
	});

	it('sends malformed JSON with status 200', async () => {
		sim.faults.add({ resource: 'Employees', malformedJson: true, times: 1 });
		const raw = await axios.get(`${sim.dataUrl}/Employees/`, {
			headers: { Clientnr: String(sim.clientNr), AccessToken: client.accessToken },
			responseType: 'text',
			transformResponse: (d: string) => d,
		});
		expect(raw.status).toBe(200);
		expect(() => JSON.parse(raw.data as string)).toThrow();
	});

	it('drops the connection without an answer and logs status 0', async () => {
		sim.faults.add({ resource: 'Projects', dropConnection: true, times: 1 });
		await expect(client.get('/Projects/')).rejects.toMatchObject({ code: expect.stringMatching(/ECONNRESET|socket hang up|ERR_BAD_RESPONSE/) });
		expect((await client.get('/Projects/')).status).toBe(200);
		expect(sim.requests.map((r) => [r.resource, r.status, r.fault])).toEqual([
			['Projects', 0, 'dropConnection'],
			['Projects', 200, undefined],
		]);
	});

	it('lets a handle remove its rule', async () => {
		const rule = sim.faults.add({ status: 500 });
		expect((await client.get('/Jobs/')).status).toBe(500);
		rule.remove();
		expect((await client.get('/Jobs/')).status).toBe(200);
	});

	it('counts requests per resource and logs query, id and clock time', async () => {
		sim.clock.set(new Date('2025-01-15T12:00:00Z'));
		await client.get('/Products/', { filter: "list eq 'VERF'", limit: 3 });
		await client.get('/Products/3');
		await client.get('/Jobs/');
		sim.clock.useRealTime();
		expect(sim.requestCounts()).toEqual({ Products: 2, Jobs: 1 });
		expect(sim.requestCount('PRODUCTS')).toBe(2);
		expect(sim.requestCount()).toBe(3);
		expect(sim.requests[0]).toMatchObject({ method: 'GET', server: 'data', query: { filter: "list eq 'VERF'", limit: '3' } });
		expect(sim.requests[1]).toMatchObject({ path: '/api/v1/Products/3', resource: 'Products', id: 3 });
		expect(sim.requests[0].at.toISOString()).toBe('2025-01-15T12:00:00.000Z');
		sim.resetRequests();
		expect(sim.requests).toHaveLength(0);
	});

	it('runs onRequest hooks before the answer, so a test can edit records while a client pages', async () => {
		const pageSize = 10;
		const original = sim.store.all('Products').map((p) => p.id);
		const unsubscribe = sim.onRequest((ctx) => {
			// Before page 2 is read, an earlier record is deleted and a later one edited.
			if (ctx.resource === 'Products' && ctx.resourceRequestNumber === 2) {
				sim.store.remove('Products', original[0]);
				sim.store.update('Products', original[original.length - 1], { description: 'Gewijzigd tijdens het pagineren' });
			}
		});
		const offsetIds: number[] = [];
		for (let offset = 0; offset < original.length; offset += pageSize) {
			const page = await client.get('/Products/', { offset, limit: pageSize, sort: 'id' });
			offsetIds.push(...page.data.Records.map((r) => r.id as number));
		}
		unsubscribe();
		// Offset paging skips the record that slid onto the already-read first page.
		expect(offsetIds).not.toContain(original[pageSize]);
		expect(offsetIds.length).toBe(original.length - 1);
		const edited = await client.get(`/Products/${original[original.length - 1]}`);
		expect(edited.data.Records[0].description).toBe('Gewijzigd tijdens het pagineren');
	});

	it('adds latency to every request when asked (enough to trip a short client timeout)', async () => {
		sim.setLatency(300);
		await expect(client.get('/Jobs/', undefined, 50)).rejects.toMatchObject({ code: 'ECONNABORTED' });
		sim.setLatency(0);
		expect((await client.get('/Jobs/', undefined, 2000)).status).toBe(200);
	});
});
