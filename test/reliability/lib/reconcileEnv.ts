/**
 * The Reconcile environment: both simulators (a scaled, cleaned Bouwsoft seed), one credential store, and per
 * flow one published workflow *Bouwsoft Get Many (Scope All, Return All) → OutSmart Reconcile* with its own
 * static data (the OutSmart node's ownership ledger lives there; the harness saves it after every non-manual
 * run, as n8n does). `reconcile()` runs one execution of a flow and returns what the user sees of it (items on
 * both outputs, the execution error) and the OutSmart requests it made.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { Bouwsoft } from '../../../nodes/Bouwsoft/Bouwsoft.node';
import { OutSmart } from '../../../nodes/OutSmart/OutSmart.node';
import type { ImportCategory } from '../../../nodes/shared/types';
import { chain, CredentialStore, runWorkflow } from '../../harness';
import type { RunWorkflowResult } from '../../harness';
import { startBouwsoftSimulator } from '../../simulators/bouwsoft';
import type { BouwsoftSimulator } from '../../simulators/bouwsoft';
import { startOutSmartSimulator } from '../../simulators/outsmart';
import type { OutSmartFaultRule, OutSmartRequestLog, OutSmartSimulator, OutSmartSimulatorOptions } from '../../simulators/outsmart';
import { captureIssuedTokens, OUTSMART_TYPE, READ_TYPE, SECRETS } from './env';
import { addSecret, audit } from './secrets';

export const READ_NODE = 'Bouwsoft: everything';
export const RECONCILE_NODE = 'OutSmart: reconcile';

/** The OutSmart tables a flow reconciles (simulator entity names; `workorders` = the work-order list). */
export type Table = 'employees' | 'materials' | 'material_categories' | 'relations' | 'contactpersons' | 'projects' | 'project_activities' | 'workorders';

export type FlowName = 'employees' | 'relations' | 'materials' | 'projects';

export interface ReconcileFlow {
	name: FlowName;
	category: ImportCategory;
	/** The OutSmart node's Resource. */
	resource: string;
	/** Bouwsoft read-node filters (enrichment). */
	read?: INodeParameters;
	tables: Table[];
}

/** A nightly reconcile in dependency order: relations before the projects that point at them. */
export const RECONCILE_FLOWS: ReconcileFlow[] = [
	{ name: 'employees', category: 'employees', resource: 'employee', tables: ['employees'] },
	{ name: 'relations', category: 'relations', resource: 'relation', read: { includeContacts: true }, tables: ['relations', 'contactpersons'] },
	{ name: 'materials', category: 'materials', resource: 'material', tables: ['materials', 'material_categories'] },
	{
		name: 'projects',
		category: 'projects',
		resource: 'project',
		read: { includeActivities: true, activitySource: 'projectPhases' },
		tables: ['projects', 'project_activities', 'workorders'],
	},
];

export const ALL_TABLES: Table[] = RECONCILE_FLOWS.flatMap((flow) => flow.tables);

/** The OutSmart node's `kind` labels (its output), restated here, per table. */
export const KIND_LABELS: Record<string, Table> = {
	employee: 'employees',
	material: 'materials',
	'material category link': 'material_categories',
	relation: 'relations',
	'contact person': 'contactpersons',
	project: 'projects',
	'project activity': 'project_activities',
	'work order': 'workorders',
};

/** The Reconcile options of the matrix: fast retries (n8n's sleep is instant in the suite), a short time limit. */
export const FAST = { maxAttempts: 2, timeoutSeconds: 1, batchSize: 50, concurrency: 4 };

export type RemovedAction = 'report' | 'deactivate' | 'delete';

export interface ReconcileCall {
	removedAction: RemovedAction;
	/** Reconcile options on top of FAST (dryRun, brakePercent, ownership, ...). */
	options?: IDataObject;
	mode?: 'trigger' | 'manual';
	/** Default: continue using the error output, so every failure is an item the suite can count. */
	onError?: 'continueErrorOutput' | 'stopWorkflow';
	/** Bouwsoft read-node parameters on top of the flow's (e.g. Return All off). */
	read?: INodeParameters;
}

/** One output item of Reconcile, read the same way from either output. */
export interface ReconcileEntry {
	output: 'main' | 'error';
	action: string;
	status: string;
	kind: string;
	table?: Table;
	key: string;
	/** The error text (error output: the item's `error`; main output: `error`). */
	error?: string;
	reason?: string;
}

export interface ReconcileRun {
	flow: FlowName;
	result: RunWorkflowResult;
	entries: ReconcileEntry[];
	/** Items on the error output, or main-output items with status failed / the engine's `{ error }` item. */
	failures: ReconcileEntry[];
	/** The execution's error (a node that stopped the workflow). */
	error?: string;
	/** OutSmart requests made during this run. */
	requests: OutSmartRequestLog[];
}

export interface ReconcileEnv {
	bs: BouwsoftSimulator;
	os: OutSmartSimulator;
	credentials: CredentialStore;
	/** Per flow: the workflow's static data (the ledger is in it, under the OutSmart node). */
	staticData: Record<FlowName, IDataObject>;
	reconcile(flow: ReconcileFlow, call: ReconcileCall): Promise<ReconcileRun>;
	/** The templates' full sync (Bouwsoft Get Many, All → OutSmart Upsert), another workflow: how OutSmart was filled before Reconcile existed. */
	upsertAll(flow: ReconcileFlow): Promise<RunWorkflowResult>;
	/**
	 * Runs `action` once, right when OutSmart receives the `nth` request that `match` selects (before it is
	 * answered, so a fault added or an outage started there already hits that request).
	 */
	when(match: (endpoint: string, method: string) => boolean, nth: number, action: () => void): void;
	close(): Promise<void>;
}

export interface ReconcileEnvOptions {
	outSmart?: OutSmartSimulatorOptions;
}

/** The Bouwsoft seed of the matrix: a mid-size customer (120 products, 30 employees, 69 clients, 40 projects). */
export const SEED_SIZES = { products: 120, employees: 30, addresses: 80, projects: 40 };

let envs = 0;

export async function startReconcileEnv(options: ReconcileEnvOptions = {}): Promise<ReconcileEnv> {
	const bs = await startBouwsoftSimulator({ refreshToken: SECRETS.refreshToken, seed: SEED_SIZES });
	const os = await startOutSmartSimulator({
		token: SECRETS.outSmartToken,
		softwareToken: SECRETS.outSmartSoftwareToken,
		extraDeleteEntities: true,
		...options.outSmart,
	});
	bs.clock.set(new Date('2025-04-01T08:00:00Z'));
	const credentials = new CredentialStore({
		bouwsoftApi: { clientNr: bs.clientNr, refreshToken: bs.refreshToken, authUrl: bs.authUrl },
	});
	credentials.set('outSmartApi', { baseUrl: os.baseUrl, token: os.token, softwareToken: os.softwareToken });
	captureIssuedTokens(credentials);
	for (const s of [bs.refreshToken, os.token, os.softwareToken]) addSecret(s);
	const id = ++envs;
	const staticData = { employees: {}, relations: {}, materials: {}, projects: {} } as Record<FlowName, IDataObject>;
	const nodeTypes = { [READ_TYPE]: new Bouwsoft(), [OUTSMART_TYPE]: new OutSmart() };
	const readNode = (flow: ReconcileFlow, read: INodeParameters = {}) => ({
		name: READ_NODE,
		type: READ_TYPE,
		parameters: { resource: flow.category, operation: 'getMany', scope: 'all', returnAll: true, ...flow.read, options: { pageSize: 200 }, ...read },
	});
	let runs = 0;

	// Triggers: the simulator's fault registry is asked once per request, before the request is answered.
	const triggers: Array<{ match: (endpoint: string, method: string) => boolean; left: number; action: () => void }> = [];
	const registry = os.faults as unknown as { take(endpoint: string, method: string): OutSmartFaultRule | undefined };
	const take = registry.take.bind(registry);
	registry.take = (endpoint, method) => {
		for (const trigger of triggers) {
			if (trigger.left > 0 && trigger.match(endpoint, method) && --trigger.left === 0) trigger.action();
		}
		return take(endpoint, method);
	};

	return {
		bs,
		os,
		credentials,
		staticData,
		async reconcile(flow, call) {
			runs++;
			const before = os.requests.length;
			const onError = call.onError ?? 'continueErrorOutput';
			const result = await runWorkflow({
				nodes: [
					readNode(flow, call.read),
					{
						name: RECONCILE_NODE,
						type: OUTSMART_TYPE,
						parameters: { resource: flow.resource, operation: 'reconcile', removedAction: call.removedAction, options: { ...FAST, ...call.options } },
						...(onError === 'continueErrorOutput' ? { onError } : {}),
					},
				],
				connections: chain(READ_NODE, RECONCILE_NODE),
				nodeTypes,
				credentials,
				workflowStaticData: staticData[flow.name],
				workflowId: `reconcile-${process.pid}-${id}-${flow.name}`,
				timezone: 'Europe/Brussels',
				mode: call.mode ?? 'trigger',
			});
			audit(`reconcile ${flow.name} run ${runs}`, result);
			const requests = os.requests.slice(before);
			const entries = entriesOf(result);
			const failures = entries.filter((e) => e.output === 'error' || e.status === 'failed' || (e.error !== undefined && e.action === ''));
			const error = result.error ? `${result.error.message} ${(result.error as { description?: string }).description ?? ''}`.trim() : undefined;
			return { flow: flow.name, result, entries, failures, error, requests };
		},
		async upsertAll(flow) {
			const result = await runWorkflow({
				nodes: [
					readNode(flow),
					{ name: 'OutSmart', type: OUTSMART_TYPE, parameters: { resource: flow.resource, operation: 'upsert', options: { ...FAST, skipUnchanged: false } } },
				],
				connections: chain(READ_NODE, 'OutSmart'),
				nodeTypes,
				credentials,
				workflowStaticData: {},
				workflowId: `full-sync-${process.pid}-${id}`,
				timezone: 'Europe/Brussels',
			});
			audit(`full sync ${flow.name}`, result);
			return result;
		},
		when(match, nth, action) {
			triggers.push({ match, left: nth, action });
		},
		async close() {
			await bs.close();
			await os.close();
		},
	};
}

function entriesOf(result: RunWorkflowResult): ReconcileEntry[] {
	const outputs = result.outputs[RECONCILE_NODE] ?? [];
	const read = (item: INodeExecutionData, output: 'main' | 'error'): ReconcileEntry => {
		const json = item.json;
		// The error output's shape is n8n's { error, message, details }.
		const body = (output === 'error' && json.details && typeof json.details === 'object' ? json.details : json) as IDataObject;
		const kind = String(body.kind ?? '');
		return {
			output,
			action: String(body.action ?? ''),
			status: String(body.status ?? ''),
			kind,
			table: KIND_LABELS[kind],
			key: String(body.key ?? ''),
			error: json.error === undefined ? undefined : String(json.error),
			reason: body.reason === undefined ? undefined : String(body.reason),
		};
	};
	// When the node itself failed, n8n passes its input items on: those are Bouwsoft records, not Reconcile's.
	const ours = (item: INodeExecutionData) => 'action' in item.json || 'error' in item.json;
	return [
		...(outputs[0] ?? []).filter(ours).map((item) => read(item, 'main')),
		...(outputs[1] ?? []).filter(ours).map((item) => read(item, 'error')),
	];
}

/** Requests that change OutSmart (writes, deletes, work-order updates). */
export function isWriteRequest(request: OutSmartRequestLog): boolean {
	if (request.method === 'POST') return true;
	return ['DeleteEntity', 'UpdateWorkorder'].includes(request.endpoint);
}

/** The DeleteEntity calls of some requests: entity, key and value as sent. */
export function deletesOf(requests: OutSmartRequestLog[]): Array<{ entity: string; key: string; value: string }> {
	return requests
		.filter((r) => r.endpoint === 'DeleteEntity')
		.map((r) => ({ entity: String(r.query.entity ?? ''), key: String(r.query.key ?? ''), value: String(r.query.value ?? '') }));
}
