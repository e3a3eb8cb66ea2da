/**
 * Check Connection in a real n8n 2.41.1 (regular mode): a workflow Manual Trigger → Bouwsoft (Connection → Check)
 * and OutSmart (Connection → Check), run as the editor's "Execute workflow", against a Bouwsoft simulator with every
 * quirk switched on (lib/checkConnection.ts ALL_QUIRKS, on top of the confirmed reference: bare ServerName over
 * HTTPS, which n8n trusts through NODE_EXTRA_CA_CERTS) and an OutSmart simulator with the documented lookup lists.
 *  a. both nodes run without error; the Bouwsoft items name every quirk and the path the sync takes instead, the
 *     OutSmart items are all ok; both nodes leave a summary hint;
 *  b. nothing was written on either side (GETs only; work orders never marked as handled);
 *  c. the stored execution holds no token (refresh token, the access token n8n fetched, OutSmart's two tokens).
 *
 *   npm run build && npm run test:e2e -- checkConnection
 */
import * as fs from 'fs';
import * as path from 'path';

import { ALL_QUIRK_REPORTS, ALL_QUIRKS, OUTSMART_LOOKUPS } from './lib/checkConnection';
import { builtPackageFiles, REPO_ROOT } from './lib/n8n';
import { hintsOf, outputOf } from './lib/reconcileStory';
import { createRuntime } from './lib/runtime';
import type { Runtime } from './lib/runtime';
import { startSimulators } from './lib/templateRun';
import type { Simulators } from './lib/templateRun';
import type { ExecutionDetails, WorkflowJson } from './lib/types';
import { credentialRefs, executionSummary, NODE_TYPES, workflowIdFor } from './lib/workflows';

const WORKFLOW_ID = workflowIdFor('check-connection');
const START = 'Start';
const BOUWSOFT = 'Bouwsoft: Check Connection';
const OUTSMART = 'OutSmart: Check Connection';

function checkWorkflow(refs: Record<string, { id: string; name: string }>): WorkflowJson {
	return {
		id: WORKFLOW_ID,
		name: 'Check Connection',
		nodes: [
			{ name: START, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				name: BOUWSOFT,
				type: NODE_TYPES.bouwsoft,
				typeVersion: 1,
				position: [300, -100],
				parameters: { resource: 'connection', operation: 'check' },
				credentials: { bouwsoftApi: refs.bouwsoftApi },
			},
			{
				name: OUTSMART,
				type: NODE_TYPES.outSmart,
				typeVersion: 1,
				position: [300, 100],
				parameters: { resource: 'connection', operation: 'check' },
				credentials: { outSmartApi: refs.outSmartApi },
			},
		],
		connections: {
			[START]: {
				main: [
					[
						{ node: BOUWSOFT, type: 'main', index: 0 },
						{ node: OUTSMART, type: 'main', index: 0 },
					],
				],
			},
		},
		settings: { executionOrder: 'v1' },
	};
}

describe('Check Connection in n8n 2.41.1 against a Bouwsoft simulator with every quirk on', () => {
	let sims: Simulators;
	let rt: Runtime;
	let execution: ExecutionDetails;

	beforeAll(async () => {
		const missing = builtPackageFiles(REPO_ROOT).missing;
		if (missing.length) throw new Error(`package not built (missing ${missing.join(', ')}); run \`npm run build\` first`);
		sims = await startSimulators({ bouwsoft: ALL_QUIRKS, outsmart: { seed: OUTSMART_LOOKUPS } });
		// HTTPS with the machine's simulator certificate, which lib/n8n.ts makes every n8n process trust.
		if (!sims.bouwsoft.tls) throw new Error('the all-quirks Bouwsoft simulator should speak HTTPS (the confirmed reference)');
		rt = await createRuntime({ label: 'check-connection', mode: 'regular' });
		await rt.main.importCredentials(sims.credentials);
		await rt.main.importWorkflows([checkWorkflow(credentialRefs(sims.credentials))]);
		await rt.start();
		sims.bouwsoft.resetRequests();
		sims.outsmart.resetRequests();
	});

	afterAll(async () => {
		await rt?.dispose();
		await sims?.close();
	});

	test('a. Execute workflow: the Bouwsoft items name every quirk, the OutSmart items are ok, both leave a summary hint', async () => {
		execution = await rt.main.runManual(WORKFLOW_ID, START, { timeoutMs: 5 * 60_000 });
		expect(executionSummary(execution).errors).toEqual({});
		expect(execution.status).toBe('success');

		const bouwsoft = outputOf(execution, BOUWSOFT);
		const byId = new Map(bouwsoft.map((item) => [String(item.id), item]));
		for (const report of ALL_QUIRK_REPORTS) {
			const item = byId.get(report.id);
			expect({ id: report.id, item }).toEqual({ id: report.id, item: expect.objectContaining({ status: report.status, found: expect.stringMatching(report.found) }) });
		}
		expect(byId.get('bouwsoft.authentication')?.status).toBe('ok');
		expect(byId.get('bouwsoft.server')).toEqual(expect.objectContaining({ status: 'ok', found: expect.stringMatching(/without a scheme.*https:\/\//) }));
		expect(bouwsoft.filter((item) => item.status === 'problem')).toEqual([]);
		expect(byId.get('bouwsoft.count.materials')?.count).toBe(sims.bouwsoft.store.count('Products'));
		expect(hintsOf(execution, BOUWSOFT)).toEqual([expect.stringMatching(/^Bouwsoft Check Connection: 0 problems, \d+ warnings/)]);

		const outsmart = outputOf(execution, OUTSMART);
		expect(outsmart.length).toBeGreaterThan(10);
		expect(outsmart.filter((item) => item.status !== 'ok')).toEqual([]);
		expect(hintsOf(execution, OUTSMART)).toEqual([expect.stringMatching(/^OutSmart Check Connection: 0 problems, 0 warnings/)]);
	});

	test('b. nothing was written: GETs only on both sides, no work order marked as handled', () => {
		expect(sims.bouwsoft.requests.length).toBeGreaterThan(20);
		expect(sims.bouwsoft.requests.filter((r) => r.method !== 'GET')).toEqual([]);
		expect(sims.bouwsoft.writeCount()).toBe(0);
		expect(sims.outsmart.requests.length).toBeGreaterThan(10);
		expect(sims.outsmart.requests.filter((r) => r.method !== 'GET' || ['DeleteEntity', 'UpdateWorkorder', 'PostWorkorders'].includes(r.endpoint))).toEqual([]);
		expect(sims.outsmart.statusFlips).toBe(0);
	});

	test('c. the stored execution holds no token', async () => {
		const file = path.join(rt.main.workDir, 'credentials-export.json');
		const exported = await rt.main.cli(['export:credentials', '--all', '--decrypted', `--output=${file}`]);
		expect(exported.code).toBe(0);
		const credentials = JSON.parse(fs.readFileSync(file, 'utf8')) as Array<{ type: string; data: Record<string, unknown> }>;
		fs.rmSync(file, { force: true });
		// the access token n8n fetched with the refresh token (pre-authentication) and keeps in the credential
		const accessToken = String(credentials.find((c) => c.type === 'bouwsoftApi')?.data.accessToken ?? '');
		expect(accessToken.length).toBeGreaterThan(20);
		const secrets = [sims.outsmart.token, sims.outsmart.softwareToken, sims.bouwsoft.refreshToken, accessToken];
		const stored = await rt.main.listExecutions(WORKFLOW_ID, { includeData: true });
		expect(stored.map((e) => e.id)).toEqual([execution.id]);
		const text = JSON.stringify(stored.map((e) => e.data));
		expect(text).toContain('bouwsoft.capability.sortByChange');
		for (const secret of secrets) expect({ secret: secret.slice(0, 4), found: text.includes(secret) }).toEqual({ secret: secret.slice(0, 4), found: false });
	});
});
