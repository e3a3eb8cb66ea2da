/**
 * A tiny community package written straight as CommonJS (no build): a polling trigger that counts its polls in
 * static data, and an echo node that needs a credential. Installed next to ours, it proves the harness itself
 * (install, CLI execute, publish/poll, static data, restart, manual runs) independently of our nodes.
 */
import * as fs from 'fs';
import * as path from 'path';

export const PROBE_PACKAGE = 'n8n-nodes-e2e-probe';
export const PROBE_TYPES = {
	trigger: `${PROBE_PACKAGE}.probeTrigger`,
	echo: `${PROBE_PACKAGE}.probeEcho`,
	credential: 'e2eProbeApi',
} as const;

const packageJson = {
	name: PROBE_PACKAGE,
	version: '0.0.1',
	license: 'MIT',
	keywords: ['n8n-community-node-package'],
	main: 'index.js',
	n8n: {
		n8nNodesApiVersion: 1,
		credentials: ['dist/credentials/E2eProbeApi.credentials.js'],
		nodes: ['dist/nodes/ProbeTrigger.node.js', 'dist/nodes/ProbeEcho.node.js'],
	},
	peerDependencies: { 'n8n-workflow': '*' },
};

const credential = `"use strict";
class E2eProbeApi {
	constructor() {
		this.name = 'e2eProbeApi';
		this.displayName = 'E2E Probe API';
		this.properties = [{ displayName: 'API Key', name: 'apiKey', type: 'string', typeOptions: { password: true }, default: '' }];
	}
}
exports.E2eProbeApi = E2eProbeApi;
`;

// require('n8n-workflow') proves n8n resolves peer dependencies of community packages from its own install.
const trigger = `"use strict";
const { NodeConnectionTypes } = require('n8n-workflow');
class ProbeTrigger {
	constructor() {
		this.description = {
			displayName: 'Probe Trigger', name: 'probeTrigger', group: ['trigger'], version: 1,
			description: 'Counts its polls', defaults: { name: 'Probe Trigger' }, polling: true,
			inputs: [], outputs: [NodeConnectionTypes.Main],
			properties: [{ displayName: 'Label', name: 'label', type: 'string', default: 'probe' }],
		};
	}
	async poll() {
		const state = this.getWorkflowStaticData('node');
		state.n = (state.n || 0) + 1;
		return [[{ json: { n: state.n, mode: this.getMode(), label: this.getNodeParameter('label'), at: new Date().toISOString() } }]];
	}
}
exports.ProbeTrigger = ProbeTrigger;
`;

const echo = `"use strict";
const { NodeConnectionTypes } = require('n8n-workflow');
class ProbeEcho {
	constructor() {
		this.description = {
			displayName: 'Probe Echo', name: 'probeEcho', group: ['transform'], version: 1,
			description: 'Echoes its input', defaults: { name: 'Probe Echo' },
			inputs: [NodeConnectionTypes.Main], outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: 'e2eProbeApi', required: true }],
			properties: [{ displayName: 'Tag', name: 'tag', type: 'string', default: 'echo' }],
		};
	}
	async execute() {
		const credentials = await this.getCredentials('e2eProbeApi');
		return [this.getInputData().map((item, index) => ({
			json: { ...item.json, tag: this.getNodeParameter('tag', index), keyLength: String(credentials.apiKey || '').length },
			pairedItem: { item: index },
		}))];
	}
}
exports.ProbeEcho = ProbeEcho;
`;

/** Write the probe package (idempotent) and return its folder, ready for N8nOptions.packages. */
export function writeProbePackage(dir = path.resolve(__dirname, '..', '.work', 'probe-package')): string {
	fs.mkdirSync(path.join(dir, 'dist', 'nodes'), { recursive: true });
	fs.mkdirSync(path.join(dir, 'dist', 'credentials'), { recursive: true });
	fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(packageJson, null, 2)}\n`);
	fs.writeFileSync(path.join(dir, 'dist', 'credentials', 'E2eProbeApi.credentials.js'), credential);
	fs.writeFileSync(path.join(dir, 'dist', 'nodes', 'ProbeTrigger.node.js'), trigger);
	fs.writeFileSync(path.join(dir, 'dist', 'nodes', 'ProbeEcho.node.js'), echo);
	return dir;
}
