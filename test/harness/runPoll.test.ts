import { CredentialStore, findSecretsInLogs, runPoll } from './index';
import { HarnessKeyApi, HarnessTokenApi } from './fixtures/testCredentials';
import { HarnessTestTrigger } from './fixtures/testNodes';
import { startTestServer } from './fixtures/testServer';
import type { TestServer } from './fixtures/testServer';

describe('runPoll', () => {
	let server: TestServer;
	let store: CredentialStore;
	const trigger = new HarnessTestTrigger();

	beforeEach(async () => {
		server = await startTestServer();
		store = new CredentialStore({}, { types: [new HarnessTokenApi(), new HarnessKeyApi()] });
		store.set('harnessTokenApi', { baseUrl: server.baseUrl, refreshToken: server.refreshToken });
	});
	afterEach(async () => await server.close());

	it('runs preAuthentication when the expirable token is empty and stores the fresh token', async () => {
		server.records.push({ id: 1, name: 'a', updatedAt: 10 });
		const result = await runPoll({ node: trigger, credentials: store, parameters: { label: 'first' } });

		expect(result.error).toBeUndefined();
		expect(result.output?.[0].map((item) => item.json.id)).toEqual([1]);
		expect(server.issuedTokens).toHaveLength(1);
		expect(store.get('harnessTokenApi').accessToken).toBe(server.issuedTokens[0]);
		expect(store.get('harnessTokenApi').validUntil).toBe('2099-01-01T00:00:00Z');
		expect(store.preAuthenticationCalls.filter((c) => c.ran)).toEqual([
			{ type: 'harnessTokenApi', nodeName: 'Harness Test Trigger', credentialsExpired: false, ran: true },
		]);
		// the record request carried the fresh token
		const dataRequest = server.requests.find((r) => r.path === '/records');
		expect(dataRequest?.headers.authorization).toBe(`Bearer ${server.issuedTokens[0]}`);
	});

	it('reuses the stored token on the next run, refreshes exactly once after a 401 and retries the request', async () => {
		server.records.push({ id: 1, name: 'a', updatedAt: 10 });
		await runPoll({ node: trigger, credentials: store });
		const requestsBefore = server.requests.length;

		// second run: token present -> no preAuthentication
		server.records.push({ id: 2, name: 'b', updatedAt: 20 });
		const staticData = {};
		const second = await runPoll({ node: trigger, credentials: store, workflowStaticData: staticData });
		expect(second.error).toBeUndefined();
		expect(server.issuedTokens).toHaveLength(1);

		// third run: server expired the token -> 401 -> preAuthentication(expired) -> retried once with new token
		server.expireAccessTokens();
		server.records.push({ id: 3, name: 'c', updatedAt: 30 });
		const third = await runPoll({ node: trigger, credentials: store, workflowStaticData: staticData });
		expect(third.error).toBeUndefined();
		expect(third.output?.[0].map((item) => item.json.id)).toEqual([3]);
		expect(server.issuedTokens).toHaveLength(2);
		expect(store.get('harnessTokenApi').accessToken).toBe(server.issuedTokens[1]);
		const recordRequests = server.requests.slice(requestsBefore).filter((r) => r.path === '/records');
		expect(recordRequests.map((r) => r.status)).toEqual([200, 401, 200]);
		const expiredCalls = store.preAuthenticationCalls.filter((c) => c.credentialsExpired);
		expect(expiredCalls).toHaveLength(1);

		// no token or refresh token in any log line
		for (const run of [second, third]) {
			expect(findSecretsInLogs(run.logs, [server.refreshToken, ...server.issuedTokens])).toEqual([]);
		}
	});

	it('gives up after one refresh when the server keeps answering 401', async () => {
		server.records.push({ id: 1, name: 'a', updatedAt: 10 });
		// a refresh token the server rejects -> preAuthentication itself fails
		store.set('harnessTokenApi', { baseUrl: server.baseUrl, refreshToken: 'wrong', accessToken: 'stale' });
		const result = await runPoll({ node: trigger, credentials: store });
		expect(result.error).toBeDefined();
		expect(result.output).toBeNull();
		expect(server.requests.filter((r) => r.path === '/records')).toHaveLength(1);
		expect(server.requests.filter((r) => r.path === '/auth/token')).toHaveLength(1);
		expect(result.error?.message ?? '').not.toContain('wrong');
	});

	describe('static data', () => {
		it('persists the cursor across trigger polls when the caller passes the same object back', async () => {
			const staticData = {};
			server.records.push({ id: 1, name: 'a', updatedAt: 10 }, { id: 2, name: 'b', updatedAt: 20 });
			const first = await runPoll({ node: trigger, credentials: store, workflowStaticData: staticData });
			expect(first.staticDataSaved).toBe(true);
			expect(first.workflowStaticData).toBe(staticData);
			expect(staticData).toEqual({ 'node:Harness Test Trigger': { cursor: 20, lastPollCount: 2 } });

			server.records.push({ id: 3, name: 'c', updatedAt: 30 });
			const second = await runPoll({ node: trigger, credentials: store, workflowStaticData: staticData });
			expect(second.output?.[0].map((item) => item.json.id)).toEqual([3]);
			expect(server.requests.filter((r) => r.path === '/records').map((r) => r.query.since)).toEqual(['-1', '20']);
			expect(staticData).toEqual({ 'node:Harness Test Trigger': { cursor: 30, lastPollCount: 1 } });
		});

		it('does not save changes of an empty (null) poll by default, but does with saveOnChange', async () => {
			const staticData = { 'node:Harness Test Trigger': { cursor: 50, lastPollCount: 7 } };
			const legacy = await runPoll({ node: trigger, credentials: store, workflowStaticData: staticData });
			expect(legacy.output).toBeNull();
			expect(legacy.staticDataSaved).toBe(false);
			expect(legacy.staticDataAfterPoll).toEqual({ 'node:Harness Test Trigger': { cursor: 50, lastPollCount: 0 } });
			expect(staticData['node:Harness Test Trigger'].lastPollCount).toBe(7);

			const durable = await runPoll({
				node: trigger,
				credentials: store,
				workflowStaticData: staticData,
				staticDataPersistence: 'saveOnChange',
			});
			expect(durable.staticDataSaved).toBe(true);
			expect(staticData['node:Harness Test Trigger'].lastPollCount).toBe(0);
		});

		it('never saves in manual mode, which still sees the stored cursor and returns sample data', async () => {
			const staticData = { 'node:Harness Test Trigger': { cursor: 10 } };
			server.records.push({ id: 1, name: 'a', updatedAt: 10 }, { id: 2, name: 'b', updatedAt: 20 });
			const manual = await runPoll({ node: trigger, credentials: store, mode: 'manual', workflowStaticData: staticData });
			expect(manual.error).toBeUndefined();
			expect(manual.output?.[0].map((item) => item.json.id)).toEqual([2]);
			expect(manual.staticDataSaved).toBe(false);
			expect(staticData).toEqual({ 'node:Harness Test Trigger': { cursor: 10 } });
		});

		it('loses the changes of a poll that throws and reports the error', async () => {
			const staticData = { 'node:Harness Test Trigger': { cursor: 10 } };
			store.set('harnessTokenApi', { baseUrl: 'http://127.0.0.1:1', refreshToken: server.refreshToken });
			const result = await runPoll({ node: trigger, credentials: store, workflowStaticData: staticData });
			expect(result.error).toBeInstanceOf(Error);
			expect(result.staticDataSaved).toBe(false);
			expect(staticData).toEqual({ 'node:Harness Test Trigger': { cursor: 10 } });
		});
	});

	it('exposes getMode, getActivationMode, getPollBudgetMs, getTimezone, parameters and this.logger to poll()', async () => {
		server.records.push({ id: 1, name: 'a', updatedAt: 10 });
		const result = await runPoll({
			node: trigger,
			credentials: store,
			parameters: { label: 'tick' },
			pollBudgetMs: 1234,
			timezone: 'Pacific/Chatham',
		});
		const entry = result.logs.find((log) => log.message === 'tick: 1 records');
		expect(entry).toMatchObject({
			level: 'info',
			source: 'context',
			metadata: { budgetMs: 1234, timezone: 'Pacific/Chatham', mode: 'trigger', activation: 'activate' },
		});
		const manual = await runPoll({ node: trigger, credentials: store, parameters: { label: 'manual' }, mode: 'manual' });
		expect(manual.logs.find((log) => log.message === 'manual: 1 records')?.metadata).toMatchObject({
			mode: 'manual',
			activation: 'manual',
			budgetMs: 5 * 60 * 1000,
		});
	});
});
