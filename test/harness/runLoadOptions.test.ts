import { CredentialStore, findSecretsInLogs, runLoadOptions, runResourceMapping } from './index';
import { HarnessKeyApi } from './fixtures/testCredentials';
import { HarnessTestAction } from './fixtures/testNodes';
import { startTestServer } from './fixtures/testServer';
import type { TestServer } from './fixtures/testServer';

describe('runLoadOptions / runResourceMapping', () => {
	let server: TestServer;
	let store: CredentialStore;
	const action = new HarnessTestAction();

	beforeEach(async () => {
		server = await startTestServer();
		store = new CredentialStore({}, { types: [new HarnessKeyApi()] });
		store.set('harnessKeyApi', { baseUrl: server.baseUrl, apiKey: server.apiKey, tenant: 'east' });
	});
	afterEach(async () => await server.close());

	it('calls a loadOptions method that reads the current node parameters', async () => {
		const { result, error } = await runLoadOptions({ node: action, method: 'getStatuses', parameters: { greeting: 'Yo' } });
		expect(error).toBeUndefined();
		expect(result).toEqual([
			{ name: 'Yo open', value: 'open' },
			{ name: 'Yo closed', value: 'closed' },
		]);
	});

	it('sees parameter defaults like the editor sends them', async () => {
		const { result } = await runLoadOptions({ node: action, method: 'getStatuses' });
		expect(result?.[0].name).toBe('hello open');
	});

	it('calls a resourceMapping method that makes an authenticated request', async () => {
		const { result, error, logs } = await runResourceMapping({ node: action, method: 'getColumns', credentials: store });
		expect(error).toBeUndefined();
		expect(result?.fields.map((f) => f.displayName)).toEqual(['Name (east)']);
		expect(server.requests[0].headers['x-api-key']).toBe(server.apiKey);
		expect(findSecretsInLogs(logs, [server.apiKey])).toEqual([]);
	});

	it('rejects an unknown method name', async () => {
		await expect(runLoadOptions({ node: action, method: 'nope' })).rejects.toThrow('methods.loadOptions.nope');
	});
});
