/**
 * The harness with the package's REAL credential types (loaded from credentials/*.credentials.ts without
 * registering them) against the Bouwsoft simulator: token fetched once, stored, refreshed once after a 401.
 */
import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { startBouwsoftSimulator } from '../simulators/bouwsoft';
import type { BouwsoftSimulator } from '../simulators/bouwsoft';
import { CredentialStore, findSecretsInLogs, loadPackageCredentialTypes, runNode } from './index';

/** Minimal node: one authenticated GET with a relative path, like the real Bouwsoft nodes do. */
class BouwsoftProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bouwsoft Probe',
		name: 'bouwsoftProbe',
		group: ['transform'],
		version: 1,
		description: 'harness test node',
		defaults: { name: 'Bouwsoft Probe' },
		credentials: [{ name: 'bouwsoftApi', required: true }],
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const response = await this.helpers.httpRequestWithAuthentication.call(this, 'bouwsoftApi', {
			method: 'GET',
			url: '/Products/',
			json: true,
		});
		return [[{ json: { received: response !== undefined && response !== null }, pairedItem: { item: 0 } }]];
	}
}

describe('package credential types', () => {
	it('loads bouwsoftApi and outSmartApi from credentials/', () => {
		const { types, failures } = loadPackageCredentialTypes();
		expect(failures).toEqual({});
		expect(types.map((t) => t.name).sort()).toEqual(expect.arrayContaining(['bouwsoftApi', 'outSmartApi']));
	});

	describe('bouwsoftApi against the simulator', () => {
		let sim: BouwsoftSimulator;
		beforeEach(async () => {
			sim = await startBouwsoftSimulator();
		});
		afterEach(async () => await sim.close());

		it('fetches a token once, stores it with the server name, and refreshes once after a 401', async () => {
			const store = new CredentialStore({
				bouwsoftApi: { clientNr: sim.clientNr, refreshToken: sim.refreshToken, authUrl: sim.authUrl },
			});
			const first = await runNode({ node: new BouwsoftProbe(), credentials: store });
			expect(first.error).toBeUndefined();
			expect(first.outputs[0][0].json.received).toBe(true);
			expect(sim.requests.filter((r) => r.resource === 'Products').map((r) => r.status)).toEqual([200]);
			const stored = store.get('bouwsoftApi');
			expect(stored.accessToken).toEqual(expect.any(String));
			expect(stored.serverName).toBe(sim.serverName);
			expect(sim.requestCount('Authorize')).toBe(1);

			await runNode({ node: new BouwsoftProbe(), credentials: store });
			expect(sim.requestCount('Authorize')).toBe(1);

			sim.expireAccessTokens();
			const third = await runNode({ node: new BouwsoftProbe(), credentials: store });
			expect(third.error).toBeUndefined();
			expect(sim.requestCount('Authorize')).toBe(2);
			expect(store.get('bouwsoftApi').accessToken).not.toBe(stored.accessToken);
			expect(store.preAuthenticationCalls.filter((c) => c.credentialsExpired)).toHaveLength(1);

			const secrets = [sim.refreshToken, stored.accessToken as string, store.get('bouwsoftApi').accessToken as string];
			for (const run of [first, third]) expect(findSecretsInLogs(run.logs, secrets)).toEqual([]);
		});
	});
});
