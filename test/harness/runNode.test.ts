import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { CredentialStore, findSecretsInLogs, runNode } from './index';
import { HarnessKeyApi } from './fixtures/testCredentials';
import { HarnessTestAction } from './fixtures/testNodes';
import { startTestServer } from './fixtures/testServer';
import type { TestServer } from './fixtures/testServer';

/** Forgets pairedItem, which the engine would silently repair for same-count outputs. */
class Unpaired implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Unpaired',
		name: 'unpaired',
		group: ['transform'],
		version: 1,
		description: 'returns items without pairedItem',
		defaults: { name: 'Unpaired' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData().map((item) => ({ json: { copy: item.json.n } }))];
	}
}

describe('runNode', () => {
	let server: TestServer;
	let store: CredentialStore;
	const action = new HarnessTestAction();

	beforeEach(async () => {
		server = await startTestServer();
		store = new CredentialStore({}, { types: [new HarnessKeyApi()] });
		store.set('harnessKeyApi', { baseUrl: server.baseUrl, apiKey: server.apiKey, tenant: 'north' });
	});
	afterEach(async () => await server.close());

	it('evaluates parameter expressions per item', async () => {
		const result = await runNode({
			node: action,
			parameters: { greeting: '={{ "hi " + $json.name + " #" + $itemIndex }}' },
			inputItems: [{ json: { name: 'Ann' } }, { json: { name: 'Bob' } }],
		});
		expect(result.error).toBeUndefined();
		expect(result.outputs[0].map((item) => item.json.greeting)).toEqual(['hi Ann #0', 'hi Bob #1']);
		expect(result.outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('applies a generic authenticate with expressions (headers and query string)', async () => {
		const result = await runNode({ node: action, parameters: { callEcho: true }, credentials: store });
		expect(result.error).toBeUndefined();
		expect(result.outputs[0][0].json.echo).toEqual({ query: { tenant: 'north' }, tenantHeader: 'tenant-north' });
		expect(server.requests[0].headers['x-api-key']).toBe(server.apiKey);
		expect(findSecretsInLogs(result.logs, [server.apiKey])).toEqual([]);
	});

	it('reports the node error and no output without continueOnFail', async () => {
		const result = await runNode({ node: action, inputItems: [{ json: {} }, { json: { fail: true } }] });
		expect(result.outputs).toEqual([]);
		expect(result.error?.message).toBe('item 1 asked to fail');
	});

	it('continues on fail with an error item paired to the failing input', async () => {
		const result = await runNode({
			node: action,
			continueOnFail: true,
			parameters: { greeting: '={{ $json.name }}' },
			inputItems: [{ json: { name: 'ok' } }, { json: { fail: true } }],
		});
		expect(result.error).toBeUndefined();
		expect(result.outputs[0]).toEqual([
			{ json: { greeting: 'ok' }, pairedItem: { item: 0 } },
			{ json: { error: 'item 1 asked to fail' }, pairedItem: { item: 1 } },
		]);
	});

	it('fails with a clear error when a declared credential is not in the store', async () => {
		const result = await runNode({ node: action, parameters: { callEcho: true }, credentialTypes: [new HarnessKeyApi()] });
		expect(result.error?.message).toMatch(/credentials/i);
	});

	it('counts output items the node returned without pairedItem, although the engine repaired them', async () => {
		const inputItems = [{ json: { n: 1 } }, { json: { n: 2 } }, { json: { n: 3 } }];
		const unpaired = await runNode({ node: new Unpaired(), inputItems });
		expect(unpaired.outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(unpaired.itemsWithoutPairedItem).toBe(3);

		const paired = await runNode({ node: action, inputItems });
		expect(paired.outputs[0]).toHaveLength(3);
		expect(paired.itemsWithoutPairedItem).toBe(0);
	});
});
