import axios from 'axios';

import { startBouwsoftSimulator, type BouwsoftSimulator } from './index';
import { connect, fetchToken } from './testClient';

describe('Bouwsoft simulator authentication', () => {
	let sim: BouwsoftSimulator;

	beforeAll(async () => {
		sim = await startBouwsoftSimulator({ accessTokenTtlSeconds: 600 });
	});
	afterAll(() => sim.close());
	beforeEach(() => {
		sim.clock.useRealTime();
		sim.restoreRefreshToken();
		sim.resetRequests();
	});

	it('runs the auth server (http) and the data server (https) on different ports, ServerName without scheme', () => {
		expect(sim.authUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(sim.serverName).toMatch(/^127\.0\.0\.1:\d+$/);
		expect(`http://${sim.serverName}`).not.toBe(sim.authUrl);
		expect(sim.dataUrl).toBe(`https://${sim.serverName}/api/v1`);
	});

	it('issues a 50-letter access token with ServerName, Layout and a UTC ValidUntil to the minute', async () => {
		const now = new Date('2025-03-30T00:59:40Z'); // DST change night in Brussels; ValidUntil stays UTC
		sim.clock.set(now);
		const response = await fetchToken(sim);
		expect(response.status).toBe(200);
		expect(response.data.AccessToken).toMatch(/^[A-Za-z]{50}$/);
		expect(response.data).toMatchObject({ ServerIP: '127.0.0.1', ServerName: sim.serverName, Layout: 'B' });
		const expected = new Date(now.getTime() + 600_000).toISOString().slice(0, 16) + 'Z';
		expect(response.data.ValidUntil).toBe(expected);
		expect(response.data.ValidUntil).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/);
	});

	it('accepts header names in any case', async () => {
		const response = await axios.get(`${sim.authUrl}/api/v1/Authorize/AccessToken`, {
			headers: { clientnr: String(sim.clientNr), refreshToken: sim.refreshToken },
		});
		expect(response.status).toBe(200);
		const data = await axios.get(`https://${response.data.ServerName}/api/v1/Jobs/`, {
			headers: { clientnr: String(sim.clientNr), accesstoken: response.data.AccessToken },
		});
		expect(data.status).toBe(200);
		expect(data.data.Records.length).toBe(sim.store.count('Jobs'));
	});

	it.each([
		['a wrong refresh token', { RefreshToken: 'wrong' }],
		['a wrong client number', { Clientnr: '999' }],
		['no refresh token', { RefreshToken: '' }],
	])('answers 401 with a JSON error for %s', async (_label, headers) => {
		const response = await fetchToken(sim, headers);
		expect(response.status).toBe(401);
		expect(typeof response.data.error).toBe('string');
		expect(JSON.stringify(response.data)).not.toContain(sim.refreshToken);
	});

	it('serves data only on the server it returned: the auth server answers 404 for data paths', async () => {
		const client = await connect(sim);
		const wrongHost = await axios.get(`${sim.authUrl}/api/v1/Employees/`, {
			headers: { Clientnr: String(sim.clientNr), AccessToken: client.accessToken },
			validateStatus: () => true,
		});
		expect(wrongHost.status).toBe(404);
		expect((await client.get('/Employees/')).status).toBe(200);
	});

	it('answers 401 on the data server without token, with an unknown token or with another client number', async () => {
		const client = await connect(sim);
		const url = `${sim.dataUrl}/Products/`;
		const status = async (headers: Record<string, string>) =>
			(await axios.get(url, { headers, validateStatus: () => true })).status;
		expect(await status({})).toBe(401);
		expect(await status({ Clientnr: String(sim.clientNr) })).toBe(401);
		expect(await status({ Clientnr: String(sim.clientNr), AccessToken: 'x'.repeat(50) })).toBe(401);
		expect(await status({ Clientnr: '116', AccessToken: client.accessToken })).toBe(401);
		expect(await status({ Clientnr: String(sim.clientNr), AccessToken: client.accessToken })).toBe(200);
	});

	it('expires access tokens after the TTL of simulator clock', async () => {
		sim.clock.set(new Date('2025-06-01T10:00:00Z'));
		const client = await connect(sim);
		sim.clock.advanceSeconds(599);
		expect((await client.get('/Jobs/')).status).toBe(200);
		sim.clock.advanceSeconds(1);
		const expired = await client.get('/Jobs/');
		expect(expired.status).toBe(401);
		expect(expired.data).toHaveProperty('error');
		const fresh = await connect(sim);
		expect(fresh.accessToken).not.toBe(client.accessToken);
		expect((await fresh.get('/Jobs/')).status).toBe(200);
	});

	it('expireAccessTokens() invalidates every issued token, a new one works', async () => {
		const first = await connect(sim);
		const second = await connect(sim);
		sim.expireAccessTokens();
		expect((await first.get('/Jobs/')).status).toBe(401);
		expect((await second.get('/Jobs/')).status).toBe(401);
		expect((await (await connect(sim)).get('/Jobs/')).status).toBe(200);
	});

	it('revokeRefreshToken() makes the token call 401 until restored; issued access tokens keep working', async () => {
		const client = await connect(sim);
		sim.revokeRefreshToken();
		expect((await fetchToken(sim)).status).toBe(401);
		expect((await client.get('/Jobs/')).status).toBe(200);
		sim.restoreRefreshToken();
		expect((await fetchToken(sim)).status).toBe(200);
	});

	it('logs token calls as resource Authorize without recording secrets', async () => {
		const client = await connect(sim);
		await client.get('/Jobs/', { limit: 1 });
		expect(sim.requests.map((r) => [r.server, r.resource, r.status])).toEqual([
			['auth', 'Authorize', 200],
			['data', 'Jobs', 200],
		]);
		expect(JSON.stringify(sim.requests)).not.toContain(client.accessToken);
		expect(JSON.stringify(sim.requests)).not.toContain(sim.refreshToken);
	});
});
