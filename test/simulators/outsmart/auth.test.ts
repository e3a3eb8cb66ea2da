import axios from 'axios';

import { startOutSmartSimulator } from './index';
import type { OutSmartSimulator } from './index';
import { outSmartClient, VALID_ROWS } from './testClient';

const raw = axios.create({ validateStatus: () => true });

describe('OutSmart simulator: authentication, routing and the envelope', () => {
	let sim: OutSmartSimulator;
	beforeAll(async () => {
		sim = await startOutSmartSimulator();
	});
	afterAll(() => sim.close());
	beforeEach(() => sim.reset());

	const url = (path: string) => `${sim.baseUrl}${path}`;

	it('serves the base URL the contract promises', () => {
		expect(sim.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/openapi\/8$/);
	});

	it.each([
		['no token', (s: OutSmartSimulator) => `software_token=${s.softwareToken}`, 1002],
		['no software_token', (s: OutSmartSimulator) => `token=${s.token}`, 1003],
		['wrong token', (s: OutSmartSimulator) => `token=nope&software_token=${s.softwareToken}`, 1004],
		['wrong software_token', (s: OutSmartSimulator) => `token=${s.token}&software_token=nope`, 1005],
	])('answers HTTP 200 with the token error code and response null (%s)', async (_label, query, code) => {
		const response = await raw.get(url(`/employees/?${query(sim)}`));
		expect(response.status).toBe(200);
		expect(response.data.code).toBe(code);
		expect(response.data.response).toBeNull();
		expect(response.data.messages[0]).toEqual(expect.any(String));
	});

	it('checks the tokens before the endpoint (unknown endpoint without tokens is 1002)', async () => {
		const response = await raw.get(url('/nonsense/'));
		expect(response.data.code).toBe(1002);
	});

	it('answers 1000 without endpoint and 1001 for an unknown endpoint', async () => {
		const query = `token=${sim.token}&software_token=${sim.softwareToken}`;
		expect((await raw.get(url(`/?${query}`))).data.code).toBe(1000);
		expect((await raw.get(`${sim.baseUrl}?${query}`)).data.code).toBe(1000);
		const unknown = await raw.get(url(`/Employees?${query}`));
		expect(unknown.data.code).toBe(1001);
	});

	it('accepts the endpoint with and without trailing slash', async () => {
		const query = `token=${sim.token}&software_token=${sim.softwareToken}`;
		await raw.post(url(`/employees?${query}`), [VALID_ROWS.employees]);
		const withSlash = await raw.get(url(`/employees/?${query}`));
		const without = await raw.get(url(`/employees?${query}`));
		expect(withSlash.data).toEqual({ code: 200, messages: [], response: [expect.objectContaining({ number: '123' })] });
		expect(without.data).toEqual(withSlash.data);
	});

	it('accepts a matching Bearer header, rejects a different one with 1004', async () => {
		expect((await outSmartClient(sim).get('employees')).data.code).toBe(200);
		expect((await outSmartClient(sim, { bearer: false }).get('employees')).data.code).toBe(200);
		expect((await outSmartClient(sim, { bearer: 'other' }).get('employees')).data.code).toBe(1004);
	});

	it('requireBearer rejects calls without the header', async () => {
		sim.options.requireBearer = true;
		try {
			expect((await outSmartClient(sim, { bearer: false }).get('employees')).data.code).toBe(1004);
			expect((await outSmartClient(sim).get('employees')).data.code).toBe(200);
		} finally {
			sim.options.requireBearer = false;
		}
	});

	it('requireHttps answers 1006 with the documented message', async () => {
		const strict = await startOutSmartSimulator({ requireHttps: true });
		try {
			const response = await outSmartClient(strict).get('employees');
			expect(response.data).toEqual({ code: 1006, messages: ['All endpoints should use https.'], response: null });
		} finally {
			await strict.close();
		}
	});

	it('answers 1008 for an empty body and 1009 for broken JSON, like the documented examples', async () => {
		const client = outSmartClient(sim);
		expect((await client.postRaw('employees', '')).data).toEqual({
			code: 1008,
			messages: ['Unable to fetch body'],
			response: null,
		});
		expect((await client.postRaw('employees', '[{"firstname"":"Jan"}]')).data).toEqual({
			code: 1009,
			messages: ['Unable to parse body'],
			response: null,
		});
		expect((await client.postRaw('employees', '42')).data.code).toBe(1009);
		expect(sim.store.count('employees')).toBe(0);
	});

	it('accepts a single object as a one-row batch unless acceptSingleObject is false', async () => {
		const client = outSmartClient(sim);
		expect((await client.post('employees', VALID_ROWS.employees)).data).toEqual({ code: 200, messages: [], response: 1 });
		sim.options.acceptSingleObject = false;
		try {
			expect((await client.post('employees', { ...VALID_ROWS.employees, number: '9' })).data.code).toBe(1009);
			expect(sim.store.has('employees', '9')).toBe(false);
		} finally {
			sim.options.acceptSingleObject = true;
		}
	});

	it('never logs the tokens, but records endpoint, method, batch size and the Bearer header', async () => {
		await outSmartClient(sim).post('materials', [VALID_ROWS.materials, { ...VALID_ROWS.materials, code: 'MAT-002' }]);
		const [entry] = sim.requests;
		expect(entry).toMatchObject({ method: 'POST', endpoint: 'materials', batchSize: 2, hasBearer: true, httpStatus: 200, code: 200 });
		expect(JSON.stringify(sim.requests)).not.toContain(sim.token);
		expect(JSON.stringify(sim.requests)).not.toContain(sim.softwareToken);
		expect(sim.counters.materials).toEqual({ requests: 1, rowsReceived: 2, rowsWritten: 2 });
	});

	it('answers paths outside /openapi/8 with HTTP 404', async () => {
		const response = await raw.get(`http://127.0.0.1:${sim.port}/api/v1/employees`);
		expect(response.status).toBe(404);
	});
});
