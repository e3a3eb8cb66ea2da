/**
 * Helpers of the Reconcile story (reconcile.e2e.test.ts): the story workflow, production runs through its Webhook,
 * OutSmart snapshots and the outcome of a run in a comparable form.
 *
 * The story workflow runs the OutSmart node's Reconcile as PRODUCTION executions (Webhook, mode `webhook`): n8n
 * saves node static data (Reconcile's ledger of the OutSmart records that came from Bouwsoft) after every run that
 * is not manual, so a first published run learns and a later one removes. Three branches, run top to bottom (v1):
 *   Webhook → Read Materials → Reconcile Materials (Delete)      → error output → Needs attention
 *           → Read Relations → Reconcile Relations (Delete)      → error output → Needs attention
 *           → Read Employees → Reconcile Employees (Deactivate)  (no error output: a held run fails the execution)
 * The query of the webhook call sets two options of every Reconcile node for that run: `dryRun=true`, `brake=<n>`
 * (Safety Brake %, default 10).
 */
import * as crypto from 'crypto';
import type { OutSmartSimulator } from '../../simulators/outsmart';
import type { N8nInstance } from './n8n';
import { waitFor } from './net';
import type { ExecutionDetails, NodeRun, WorkflowJson } from './types';
import { NODE_TYPES } from './workflows';

export const WEBHOOK_NODE = 'Webhook';
export const ATTENTION_NODE = 'Needs attention';
export const STORY_NODES = {
	materials: { read: 'Read Materials', reconcile: 'Reconcile Materials' },
	relations: { read: 'Read Relations', reconcile: 'Reconcile Relations' },
	employees: { read: 'Read Employees', reconcile: 'Reconcile Employees' },
} as const;

/** The OutSmart entities the story reconciles (and compares before and after each run). */
export const STORY_ENTITIES = ['materials', 'material_categories', 'employees', 'relations', 'contactpersons', 'categories'] as const;
export type StoryEntity = (typeof STORY_ENTITIES)[number];

const uuid = (seed: string) => {
	const h = crypto.createHash('sha1').update(seed).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** The options every Reconcile node of the story takes from the webhook call's query. */
const FROM_QUERY = {
	dryRun: `={{ $('${WEBHOOK_NODE}').first().json.query.dryRun === 'true' }}`,
	brakePercent: `={{ Number($('${WEBHOOK_NODE}').first().json.query.brake || 10) }}`,
};

/** Webhook → complete Bouwsoft reads → OutSmart Reconcile, as described above. Credentials by id. */
export function reconcileStoryWorkflow(id: string, webhookPath: string, refs: Record<string, { id: string; name: string }>): WorkflowJson {
	const bouwsoft = { bouwsoftApi: refs.bouwsoftApi };
	const outSmart = { outSmartApi: refs.outSmartApi };
	const read = (name: string, y: number, parameters: Record<string, unknown>) => ({
		id: uuid(`${id}-${name}`),
		name,
		type: NODE_TYPES.bouwsoft,
		typeVersion: 1,
		position: [260, y] as [number, number],
		parameters: { operation: 'getMany', scope: 'all', ...parameters, returnAll: true, options: {} },
		credentials: bouwsoft,
	});
	const reconcile = (name: string, y: number, parameters: Record<string, unknown>, errorOutput: boolean) => ({
		id: uuid(`${id}-${name}`),
		name,
		type: NODE_TYPES.outSmart,
		typeVersion: 1,
		position: [560, y] as [number, number],
		parameters: { operation: 'reconcile', ...parameters, options: { ...FROM_QUERY } },
		credentials: outSmart,
		...(errorOutput ? { onError: 'continueErrorOutput' } : {}),
	});
	const link = (node: string) => ({ node, type: 'main' as const, index: 0 });
	const { materials, relations, employees } = STORY_NODES;
	return {
		id,
		name: 'Reconcile story (webhook)',
		active: false,
		nodes: [
			{
				id: uuid(`${id}-webhook`),
				name: WEBHOOK_NODE,
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 180],
				webhookId: uuid(`${id}-webhook-id`),
				parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
			},
			read(materials.read, 0, { resource: 'materials', productLists: [], productGroups: [] }),
			reconcile(materials.reconcile, 0, { resource: 'material', priceField: 'price_catalogue', defaultUnit: 'st', linkCategories: true, removedAction: 'delete' }, true),
			read(relations.read, 180, { resource: 'relations', includeContacts: true }),
			reconcile(relations.reconcile, 180, { resource: 'relation', includeContactPersons: true, addressPlaceholder: 'Onbekend', removedAction: 'delete' }, true),
			read(employees.read, 360, { resource: 'employees' }),
			reconcile(employees.reconcile, 360, { resource: 'employee', removedAction: 'deactivate' }, false),
			{ id: uuid(`${id}-attention`), name: ATTENTION_NODE, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [860, 100], parameters: {} },
		],
		connections: {
			[WEBHOOK_NODE]: { main: [[link(materials.read), link(relations.read), link(employees.read)]] },
			[materials.read]: { main: [[link(materials.reconcile)]] },
			[materials.reconcile]: { main: [[], [link(ATTENTION_NODE)]] },
			[relations.read]: { main: [[link(relations.reconcile)]] },
			[relations.reconcile]: { main: [[], [link(ATTENTION_NODE)]] },
			[employees.read]: { main: [[link(employees.reconcile)]] },
		},
		settings: { executionOrder: 'v1', timezone: 'Europe/Brussels', saveManualExecutions: true },
		pinData: {},
	};
}

/** Until n8n answers CORS preflights for the published webhook (readiness comes before activation). */
export async function waitForWebhook(n8n: N8nInstance, webhookPath: string, timeoutMs = 60_000): Promise<void> {
	await waitFor(
		`webhook POST ${webhookPath} to be registered`,
		async () => {
			const res = await fetch(`${n8n.baseUrl}/webhook/${webhookPath}`, {
				method: 'OPTIONS',
				headers: { origin: 'http://localhost', 'access-control-request-method': 'POST' },
			});
			return res.status === 204 && (res.headers.get('access-control-allow-methods') ?? '').includes('POST') ? true : undefined;
		},
		timeoutMs,
		250,
	);
}

/**
 * One production run: POST to the published webhook (answered at once), then wait for the new execution to finish
 * and return it with its run data. Only this call starts executions of the workflow, so the new one is the newest.
 */
export async function runProduction(
	n8n: N8nInstance,
	workflowId: string,
	webhookPath: string,
	query: Record<string, string> = {},
	timeoutMs = 180_000,
): Promise<ExecutionDetails> {
	const before = new Set((await n8n.listExecutions(workflowId)).map((e) => e.id));
	const res = await fetch(`${n8n.baseUrl}/webhook/${webhookPath}?${new URLSearchParams(query)}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: '{}',
	});
	if (!res.ok) throw n8n.failure(`webhook call ${webhookPath}: ${res.status} ${(await res.text()).slice(0, 500)}`);
	const finished = await n8n.waitForExecutions(workflowId, (list) => list.some((e) => !before.has(e.id)), timeoutMs);
	const created = finished.filter((e) => !before.has(e.id));
	if (created.length !== 1) throw n8n.failure(`expected one new execution of ${workflowId}, found ${created.length}`);
	return n8n.getExecution(created[0].id);
}

/** Everything OutSmart holds of the story's entities, as plain JSON (to compare before and after a run). */
export function outSmartSnapshot(sim: OutSmartSimulator): Record<StoryEntity, Record<string, Record<string, unknown>>> {
	return Object.fromEntries(STORY_ENTITIES.map((entity) => [entity, Object.fromEntries(sim.store.byKey(entity))])) as Record<
		StoryEntity,
		Record<string, Record<string, unknown>>
	>;
}

/** A Reconcile output item in one comparable line: `<action> <kind> <key> <status>`. */
export function outcome(item: Record<string, unknown>): string {
	return `${String(item.action)} ${String(item.kind)} ${String(item.key)} ${String(item.status)}`;
}

/** Items of a node's output (0 = main, 1 = error output) in the (only) run of that node; [] when it did not run. */
export function outputOf(execution: ExecutionDetails, node: string, output = 0): Array<Record<string, unknown>> {
	const run = execution.data?.resultData?.runData?.[node]?.[0];
	return (run?.data?.main?.[output] ?? []).map((item) => item.json);
}

/** The execution hints a node left (n8n stores them with the node's run). */
export function hintsOf(execution: ExecutionDetails, node: string): string[] {
	const run = execution.data?.resultData?.runData?.[node]?.[0] as (NodeRun & { hints?: Array<{ message?: string }> }) | undefined;
	return (run?.hints ?? []).map((hint) => String(hint.message ?? ''));
}

/** Error-output items (`{ error, message, details }`) flattened to their details plus the error text. */
export function errorOutputOf(execution: ExecutionDetails, node: string): Array<Record<string, unknown>> {
	return outputOf(execution, node, 1).map((item) => ({ ...((item.details as Record<string, unknown>) ?? {}), error: item.error, fix: item.message }));
}

/** OutSmart requests that change something (every POST, every DeleteEntity), as `<method> <endpoint> [entity=value]`. */
export function writeRequests(sim: OutSmartSimulator, since: number): string[] {
	return sim.requests
		.slice(since)
		.filter((r) => r.method === 'POST' || r.endpoint === 'DeleteEntity' || r.endpoint === 'UpdateWorkorder')
		.map((r) => (r.endpoint === 'DeleteEntity' ? `DeleteEntity ${String(r.query.entity)} ${String(r.query.key)}=${String(r.query.value)}` : `${r.method} ${r.endpoint}`));
}
