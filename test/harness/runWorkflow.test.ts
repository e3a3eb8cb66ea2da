import { chain, CredentialStore, MANUAL_TRIGGER_TYPE, NO_OP_TYPE, runWorkflow } from './index';
import { HarnessKeyApi, HarnessTokenApi } from './fixtures/testCredentials';
import { HarnessTestAction, HarnessTestTrigger } from './fixtures/testNodes';
import { startTestServer } from './fixtures/testServer';
import type { TestServer } from './fixtures/testServer';

const TRIGGER = 'test.harnessTestTrigger';
const ACTION = 'test.harnessTestAction';
const nodeTypes = { [TRIGGER]: new HarnessTestTrigger(), [ACTION]: new HarnessTestAction() };

describe('runWorkflow', () => {
	let server: TestServer;
	let store: CredentialStore;

	beforeEach(async () => {
		server = await startTestServer();
		store = new CredentialStore({}, { types: [new HarnessTokenApi(), new HarnessKeyApi()] });
		store.set('harnessTokenApi', { baseUrl: server.baseUrl, refreshToken: server.refreshToken });
		store.set('harnessKeyApi', { baseUrl: server.baseUrl, apiKey: server.apiKey, tenant: 'south' });
	});
	afterEach(async () => await server.close());

	it('runs a manual-trigger chain with start items and cross-node expressions', async () => {
		const result = await runWorkflow({
			mode: 'manual',
			nodes: [
				{ name: 'Start', type: MANUAL_TRIGGER_TYPE },
				{ name: 'Greet', type: ACTION, parameters: { greeting: '={{ "hi " + $json.who }}' } },
				{ name: 'Again', type: ACTION, parameters: { greeting: "={{ $json.greeting + ' / ' + $('Start').item.json.who }}" } },
			],
			connections: chain('Start', 'Greet', 'Again'),
			nodeTypes,
			credentials: store,
			startItems: [{ json: { who: 'Ann' } }, { json: { who: 'Bob' } }],
		});
		expect(result.error).toBeUndefined();
		expect(result.executedNodes).toEqual(['Start', 'Greet', 'Again']);
		expect(result.outputs.Again[0].map((item) => item.json.greeting)).toEqual(['hi Ann / Ann', 'hi Bob / Bob']);
	});

	it('trigger mode: polls first, executes the chain only when items were emitted, saves static data on emit', async () => {
		const staticData = {};
		const workflow = {
			nodes: [
				{ name: 'Poll', type: TRIGGER },
				{ name: 'Act', type: ACTION, parameters: { greeting: '={{ $json.name }}', callEcho: true } },
				{ name: 'Sink', type: NO_OP_TYPE },
			],
			connections: chain('Poll', 'Act', 'Sink'),
			nodeTypes,
			credentials: store,
			workflowStaticData: staticData,
		};
		server.records.push({ id: 1, name: 'first', updatedAt: 5 });
		const first = await runWorkflow(workflow);
		expect(first.error).toBeUndefined();
		expect(first.executed).toBe(true);
		expect(first.outputs.Sink[0].map((item) => [item.json.greeting, (item.json.echo as { query: { tenant: string } }).query.tenant])).toEqual([
			['first', 'south'],
		]);
		expect(staticData).toEqual({ 'node:Poll': { cursor: 5, lastPollCount: 1 } });
		// the engine ran both credentials' requests
		expect(server.requests.map((r) => r.path)).toEqual(['/auth/token', '/records', '/echo']);

		const second = await runWorkflow(workflow);
		expect(second.executed).toBe(false);
		expect(second.executedNodes).toEqual([]);
		expect(second.staticDataSaved).toBe(false);
		expect(staticData).toEqual({ 'node:Poll': { cursor: 5, lastPollCount: 1 } });
	});

	it('manual mode: the engine calls poll() itself and nothing is saved', async () => {
		const staticData = { 'node:Poll': { cursor: 100 } };
		server.records.push({ id: 1, name: 'a', updatedAt: 1 }, { id: 2, name: 'b', updatedAt: 2 });
		const result = await runWorkflow({
			mode: 'manual',
			nodes: [{ name: 'Poll', type: TRIGGER }, { name: 'Act', type: ACTION, parameters: { greeting: '={{ $json.name }}' } }],
			connections: chain('Poll', 'Act'),
			nodeTypes,
			credentials: store,
			workflowStaticData: staticData,
		});
		expect(result.error).toBeUndefined();
		expect(result.outputs.Act[0].map((item) => item.json.greeting)).toEqual(['b']);
		expect(result.staticDataSaved).toBe(false);
		expect(staticData).toEqual({ 'node:Poll': { cursor: 100 } });
	});

	it('stops at a failing node and reports its error', async () => {
		const result = await runWorkflow({
			nodes: [
				{ name: 'Start', type: MANUAL_TRIGGER_TYPE },
				{ name: 'Act', type: ACTION },
				{ name: 'Sink', type: NO_OP_TYPE },
			],
			connections: chain('Start', 'Act', 'Sink'),
			nodeTypes,
			startItems: [{ json: { fail: true } }],
		});
		expect(result.error?.message).toBe('item 0 asked to fail');
		expect(Object.keys(result.nodeErrors)).toEqual(['Act']);
		expect(result.executedNodes).toEqual(['Start', 'Act']);
	});
});
