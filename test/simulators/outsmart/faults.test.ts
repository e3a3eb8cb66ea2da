import axios from 'axios';

import { startOutSmartSimulator } from './index';
import type { OutSmartSimulator } from './index';
import { outSmartClient, VALID_ROWS, validWorkorder } from './testClient';
import type { OutSmartTestClient } from './testClient';

describe('OutSmart simulator: down, faults and latency', () => {
	let sim: OutSmartSimulator;
	let client: OutSmartTestClient;
	beforeAll(async () => {
		sim = await startOutSmartSimulator();
		client = outSmartClient(sim);
	});
	afterAll(() => sim.close());
	beforeEach(() => sim.reset());

	it('setDown(true) fails every connection until set back', async () => {
		sim.setDown(true);
		const error = await client.get('employees').then(
			() => undefined,
			(reason: unknown) => reason,
		);
		expect(axios.isAxiosError(error)).toBe(true);
		expect((error as { code?: string }).code).toMatch(/ECONNRESET|ECONNREFUSED|EPIPE|ERR_SOCKET/);
		sim.setDown(false);
		expect((await client.get('employees')).data.code).toBe(200);
	});

	it('answers HTTP 503 with Retry-After for the given number of times, then recovers', async () => {
		sim.faults.add({ endpoint: 'materials', status: 503, retryAfter: 2, times: 2 });
		const first = await client.post('materials', [VALID_ROWS.materials]);
		expect(first.status).toBe(503);
		expect(first.headers['retry-after']).toBe('2');
		expect((await client.post('materials', [VALID_ROWS.materials])).status).toBe(503);
		expect(sim.store.count('materials')).toBe(0);
		const third = await client.post('materials', [VALID_ROWS.materials]);
		expect(third.data).toEqual({ code: 200, messages: [], response: 1 });
		expect(sim.requests.map((request) => request.httpStatus)).toEqual([503, 503, 200]);
	});

	it('429 gets a Retry-After header by default; other endpoints are not affected', async () => {
		sim.faults.add({ endpoint: 'PostWorkorders', status: 429 });
		const limited = await client.post('PostWorkorders', [validWorkorder('P-1')]);
		expect(limited.status).toBe(429);
		expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
		expect((await client.get('employees')).status).toBe(200);
	});

	it('afterRequests lets the first matching requests through', async () => {
		sim.faults.add({ endpoint: 'employees', method: 'POST', afterRequests: 1, times: 1, code: 1007 });
		const rows = (n: string) => [{ ...VALID_ROWS.employees, number: n }];
		expect((await client.post('employees', rows('1'))).data.code).toBe(200);
		expect((await client.get('employees')).data.code).toBe(200);
		const failed = await client.post('employees', rows('2'));
		expect(failed.status).toBe(200);
		expect(failed.data).toMatchObject({ code: 1007, response: null });
		expect((await client.post('employees', rows('3'))).data.code).toBe(200);
		expect([...sim.store.employees.keys()]).toEqual(['1', '3']);
	});

	it('malformedJson answers HTTP 200 with a body that is not JSON', async () => {
		sim.faults.add({ malformedJson: true, times: 1 });
		const response = await client.get('employees');
		expect(response.status).toBe(200);
		expect(typeof response.data).toBe('string');
		expect(() => JSON.parse(response.data as unknown as string)).toThrow();
	});

	it('dropConnection resets the connection without an answer', async () => {
		sim.faults.add({ dropConnection: true, times: 1 });
		await expect(client.get('employees')).rejects.toThrow();
		expect(sim.requests[0]).toMatchObject({ httpStatus: 0, fault: 'drop' });
	});

	it('afterProcessing: the write happens but the answer is lost (a retry must not duplicate)', async () => {
		sim.faults.add({ endpoint: 'PostWorkorders', status: 502, afterProcessing: true, times: 1 });
		const lost = await client.post('PostWorkorders', [validWorkorder('P-1')]);
		expect(lost.status).toBe(502);
		expect(sim.store.workordersByNo('P-1')).toHaveLength(1);
	});

	it('a delay-only rule still answers correctly; latencyMs applies to every request', async () => {
		const slow = await startOutSmartSimulator({ latencyMs: 5 });
		try {
			slow.faults.add({ delayMs: 5, times: 1 });
			const response = await outSmartClient(slow).post('employees', [VALID_ROWS.employees]);
			expect(response.data).toEqual({ code: 200, messages: [], response: 1 });
			expect(slow.requests[0].fault).toBe('delay 5ms');
		} finally {
			await slow.close();
		}
	});

	it('refuses a rule without any effect, and faults.clear() removes rules', async () => {
		expect(() => sim.faults.add({ endpoint: 'materials' })).toThrow();
		sim.faults.add({ status: 500 });
		expect((await client.get('employees')).status).toBe(500);
		sim.faults.clear();
		expect((await client.get('employees')).status).toBe(200);
	});

	it('reset() clears data, requests, counters, faults, flips and the down state', async () => {
		await client.post('employees', [VALID_ROWS.employees]);
		await client.get('GetWorkorders', { status: 'Alle' });
		sim.faults.add({ status: 500 });
		sim.setDown(true);
		// let the client notice its kept-alive connection was reset before the next call
		await new Promise((resolve) => setTimeout(resolve, 50));
		sim.reset();
		expect(sim.isDown()).toBe(false);
		expect(sim.store.count('employees')).toBe(0);
		expect(sim.statusFlips).toBe(0);
		expect(sim.requests).toHaveLength(0);
		expect(sim.counters).toEqual({});
		expect((await client.get('employees')).status).toBe(200);
	});
});
