/** Workflow JSON for the store probe (test/e2e/queue/storeProbe): webhook-, manual- and poll-started variants. */
import * as crypto from 'crypto';
import * as path from 'path';
import type { ExecutionDetails, WorkflowJson } from '../lib/types';

export const STORE_PROBE_DIR = path.join(__dirname, 'storeProbe');
export const STORE_PROBE_PACKAGE = 'n8n-nodes-e2e-store-probe';
export const STORE_PROBE_TYPES = {
	node: `${STORE_PROBE_PACKAGE}.storeProbe`,
	trigger: `${STORE_PROBE_PACKAGE}.storeProbeTrigger`,
} as const;

export type ProbeParams = {
	action: 'whoami' | 'dataTable' | 'dataTableRead' | 'dataTableWrite' | 'dedup' | 'dedupRecord';
	n?: number;
	table?: string;
	scope?: 'node' | 'workflow';
	keys?: string;
	key?: string;
	payload?: string;
	sleepMs?: number;
};

const uuid = (seed: string) => {
	const h = crypto.createHash('sha1').update(seed).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** Webhook (POST /webhook/<path>, answers with the probe's output) -> Store Probe. Must be published. */
export function webhookProbeWorkflow(id: string, webhookPath: string, params: ProbeParams): WorkflowJson {
	return {
		id,
		name: `Store probe webhook ${webhookPath}`,
		active: false,
		nodes: [
			{
				id: uuid(`${id}-webhook`),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: uuid(`${id}-webhook-id`),
				parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', responseData: 'firstEntryJson', options: {} },
			},
			{
				id: uuid(`${id}-probe`),
				name: 'Store Probe',
				type: STORE_PROBE_TYPES.node,
				typeVersion: 1,
				position: [300, 0],
				parameters: { ...params },
			},
		],
		connections: { Webhook: { main: [[{ node: 'Store Probe', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/** Manual Trigger -> Store Probe (for `n8n execute` or a manual run through the server). */
export function manualProbeWorkflow(id: string, params: ProbeParams, nodeId?: string): WorkflowJson {
	return {
		id,
		name: `Store probe manual ${id}`,
		active: false,
		nodes: [
			{ id: uuid(`${id}-manual`), name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: nodeId ?? uuid(`${id}-probe`), name: 'Store Probe', type: STORE_PROBE_TYPES.node, typeVersion: 1, position: [300, 0], parameters: { ...params } },
		],
		connections: { Manual: { main: [[{ node: 'Store Probe', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1', saveManualExecutions: true },
		pinData: {},
	};
}

/** Store Probe Trigger (polling) alone. */
export function pollProbeWorkflow(id: string): WorkflowJson {
	return {
		id,
		name: `Store probe poll ${id}`,
		active: false,
		nodes: [
			{
				id: uuid(`${id}-trigger`),
				name: 'Store Probe Trigger',
				type: STORE_PROBE_TYPES.trigger,
				typeVersion: 1,
				position: [0, 0],
				parameters: { label: 'poll', pollTimes: { item: [{ mode: 'everyMinute' }] } },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1', saveManualExecutions: true },
		pinData: {},
	};
}

/** The probe's output item of an execution (first item of the node). */
export function probeOutput(execution: ExecutionDetails, nodeName = 'Store Probe'): Record<string, unknown> | undefined {
	return execution.data?.resultData?.runData?.[nodeName]?.[0]?.data?.main?.[0]?.[0]?.json;
}

/**
 * Webhook -> Store Probe whose parameters come from the POST body ({ action, n, table, scope, keys, key, payload,
 * sleepMs }), so one published workflow (one node id = one 'node' dedup context) serves every probe call.
 */
export function genericWebhookProbeWorkflow(id: string, webhookPath: string): WorkflowJson {
	const workflow = webhookProbeWorkflow(id, webhookPath, { action: 'whoami' });
	workflow.name = `Store probe generic ${webhookPath}`;
	workflow.nodes[1].parameters = {
		action: '={{ $json.body.action }}',
		n: '={{ $json.body.n ?? 500 }}',
		table: "={{ $json.body.table ?? 'store_probe' }}",
		scope: "={{ $json.body.scope ?? 'node' }}",
		keys: "={{ $json.body.keys ?? '' }}",
		key: "={{ $json.body.key ?? 'k0' }}",
		payload: "={{ $json.body.payload ?? '' }}",
		sleepMs: '={{ $json.body.sleepMs ?? 0 }}',
	};
	return workflow;
}
