/**
 * One sync environment: both simulators, one credential store shared by all runs (as n8n's credentials
 * table), one workflow static data object (the trigger's cursor), its own workflow id (n8n's deduplication
 * store keeps the OutSmart node's delivery record per workflow and node, so facts never leak between
 * environments), and the two branches every category template has:
 * - `run(flow)`: one production execution of Bouwsoft Trigger → OutSmart (`runWorkflow`, trigger mode);
 * - `drain(flow)`: one production execution of the re-send branch (Schedule Trigger → Bouwsoft Get Many,
 *   changed in the last 24 h → the same OutSmart node), which writes what OutSmart has not accepted yet.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { Bouwsoft } from '../../../nodes/Bouwsoft/Bouwsoft.node';
import { BouwsoftTrigger } from '../../../nodes/Bouwsoft/BouwsoftTrigger.node';
import { OutSmart } from '../../../nodes/OutSmart/OutSmart.node';
import type { ImportCategory } from '../../../nodes/shared/types';
import { chain, CredentialStore, deduplicationStore, runWorkflow } from '../../harness';
import type { RunWorkflowResult } from '../../harness';
import { startBouwsoftSimulator } from '../../simulators/bouwsoft';
import type { BouwsoftSimulator, BouwsoftSimulatorOptions } from '../../simulators/bouwsoft';
import { startOutSmartSimulator } from '../../simulators/outsmart';
import type { OutSmartSimulator, OutSmartSimulatorOptions } from '../../simulators/outsmart';
import { addSecret, audit } from './secrets';

export const TRIGGER_TYPE = 'n8n-nodes-bouwsoft-outsmart.bouwsoftTrigger';
export const READ_TYPE = 'n8n-nodes-bouwsoft-outsmart.bouwsoft';
export const OUTSMART_TYPE = 'n8n-nodes-bouwsoft-outsmart.outSmart';
export const TRIGGER = 'Bouwsoft Trigger';
export const READ = 'Bouwsoft: changed in the last 24 hours';
/** One name in both branches: n8n derives the node id from it, and the delivery record is per node id. */
export const OUTSMART = 'OutSmart';

/** How far back the re-send branch reads (the templates: `$now.minus({ hours: 24 })`). */
export const DRAIN_WINDOW_HOURS = 24;
/** Categories without a Bouwsoft change date: the re-send branch reads them completely (scope All). */
const DERIVED: ReadonlySet<ImportCategory> = new Set<ImportCategory>(['warehouses', 'categories']);
/** Trigger parameters that are not category filters (the read node has no such parameter). */
const TRIGGER_ONLY = new Set(['category', 'firstRun', 'firstRunDate', 'pollTimes', 'options']);
/** Options the read node shares with the trigger (transportOptions in descriptions/categoryFields.ts). */
const READ_OPTIONS = ['extendedFilterSyntax', 'pageSize', 'concurrency', 'timeoutSeconds', 'timeZone'];

/** Distinctive secrets, so a leak is unambiguous in any text. */
export const SECRETS = {
	refreshToken: 'rfTok9Q2w7E4r1T8y5U3i6O0pA2s',
	outSmartToken: 'osTok-7c1e9b3a5d2f8e4a6b0c',
	outSmartSoftwareToken: 'osSoft-3f8a1d6c9e2b5a7d4c1e',
};

export interface Flow {
	category: ImportCategory;
	resource: string;
	trigger?: INodeParameters;
	outSmart?: INodeParameters;
}

/** The flows of the fault matrix: timestamp categories with paging, enrichment and work orders. */
export const FLOWS: Record<'materials' | 'relations' | 'projects' | 'employees', Flow> = {
	materials: { category: 'materials', resource: 'material' },
	employees: { category: 'employees', resource: 'employee' },
	relations: { category: 'relations', resource: 'relation', trigger: { includeContacts: true } },
	projects: { category: 'projects', resource: 'project', trigger: { includeActivities: true } },
};

export interface EnvOptions {
	bouwsoft?: BouwsoftSimulatorOptions;
	outSmart?: OutSmartSimulatorOptions;
	/** Trigger (and read node) page size (small pages = many page boundaries). */
	pageSize?: number;
	/** OutSmart batch size. */
	batchSize?: number;
	/** Extra trigger options for every run (e.g. a short Bouwsoft time-out); the read node gets the ones it has. */
	triggerOptions?: IDataObject;
	/** Extra OutSmart node options for every run of either branch (e.g. detectExisting). */
	outSmartOptions?: IDataObject;
}

export interface RunExtra {
	triggerOptions?: IDataObject;
	outSmartOptions?: IDataObject;
	label?: string;
	/** OutSmart node error handling (default: stop the workflow). */
	onError?: 'continueRegularOutput' | 'continueErrorOutput' | 'stopWorkflow';
	mode?: 'trigger' | 'manual';
}

export interface SyncEnv {
	bs: BouwsoftSimulator;
	os: OutSmartSimulator;
	credentials: CredentialStore;
	staticData: IDataObject;
	/** This environment's workflow id (its rows in the deduplication store). */
	workflowId: string;
	/** One execution of Bouwsoft Trigger → OutSmart (Skip Unchanged on unless `extra.outSmartOptions` says otherwise). */
	run(flow: Flow, extra?: RunExtra): Promise<RunWorkflowResult>;
	/**
	 * One execution of the re-send branch: Bouwsoft Get Many (Changed Since = the simulator's clock − 24 h; All
	 * for categories without change dates) → the same OutSmart node with Skip Unchanged on.
	 */
	drain(flow: Flow, extra?: RunExtra): Promise<RunWorkflowResult>;
	/**
	 * One run of the full-sync template's branch for this category (another workflow): Bouwsoft Get Many, All →
	 * OutSmart with Skip Unchanged off. What the design names for failures older than the re-send window.
	 */
	fullSync(flow: Flow, extra?: RunExtra): Promise<RunWorkflowResult>;
	/**
	 * One run of the templates' nightly branch: Bouwsoft Get Many, All → the same OutSmart node with Skip
	 * Unchanged on (same workflow, same delivery record). What failed longer ago than the 24-hour window.
	 */
	nightly(flow: Flow, extra?: RunExtra): Promise<RunWorkflowResult>;
	/** The Changed Since the re-send branch would use now: the simulator's clock − 24 h. */
	drainSince(): Date;
	/** Delivery-record entries this workflow holds. */
	deliveryRecordSize(): number;
	close(): Promise<void>;
}

/** The OutSmart node's output items of a run (empty when it did not run). */
export function outSmartItems(result: RunWorkflowResult): INodeExecutionData[] {
	return result.outputs[OUTSMART]?.flat() ?? [];
}

/** The `action` of every OutSmart output item (error-output items carry it in `details`). */
export function actionsOf(result: RunWorkflowResult): string[] {
	return outSmartItems(result).map((i) => String(i.json.action ?? (i.json.details as IDataObject | undefined)?.action ?? ''));
}

const WORK = new Set(['created', 'updated', 'upserted', 'failed']);

/** Items of a run that wrote something or failed (not unchanged, skipped or merged into another item). */
export function workDone(result: RunWorkflowResult): number {
	return actionsOf(result).filter((a) => WORK.has(a)).length;
}

let envs = 0;

export async function startEnv(options: EnvOptions = {}): Promise<SyncEnv> {
	const bs = await startBouwsoftSimulator({ refreshToken: SECRETS.refreshToken, ...options.bouwsoft });
	const os = await startOutSmartSimulator({
		token: SECRETS.outSmartToken,
		softwareToken: SECRETS.outSmartSoftwareToken,
		...options.outSmart,
	});
	// Simulator clock frozen: token lifetimes and ts_lastupdate only move when a test moves them.
	bs.clock.set(new Date('2025-04-01T08:00:00Z'));
	const credentials = new CredentialStore({
		bouwsoftApi: { clientNr: bs.clientNr, refreshToken: bs.refreshToken, authUrl: bs.authUrl },
	});
	credentials.set('outSmartApi', { baseUrl: os.baseUrl, token: os.token, softwareToken: os.softwareToken });
	captureIssuedTokens(credentials);
	for (const s of [bs.refreshToken, os.token, os.softwareToken]) addSecret(s);
	const staticData: IDataObject = {};
	const workflowId = `reliability-${process.pid}-${++envs}`;
	let runs = 0;
	let drains = 0;
	const outSmartNode = (flow: Flow, extra: RunExtra) => ({
		name: OUTSMART,
		type: OUTSMART_TYPE,
		parameters: {
			resource: flow.resource,
			operation: 'upsert',
			...flow.outSmart,
			options: {
				batchSize: options.batchSize ?? 20,
				maxAttempts: 3,
				timeoutSeconds: 1,
				skipUnchanged: true,
				...options.outSmartOptions,
				...extra.outSmartOptions,
			},
		},
		...(extra.onError ? { onError: extra.onError } : {}),
	});
	const nodeTypes = { [TRIGGER_TYPE]: new BouwsoftTrigger(), [READ_TYPE]: new Bouwsoft(), [OUTSMART_TYPE]: new OutSmart() };
	const drainSince = () => new Date(bs.clock.now().getTime() - DRAIN_WINDOW_HOURS * 3_600_000);
	/** Bouwsoft Get Many → OutSmart, started by one item (what a Schedule or Manual Trigger emits). */
	const readBranch = async (flow: Flow, extra: RunExtra, scope: IDataObject, id: string) => {
		const filters = Object.fromEntries(Object.entries(flow.trigger ?? {}).filter(([name]) => !TRIGGER_ONLY.has(name)));
		const allOptions: IDataObject = { pageSize: options.pageSize ?? 25, ...options.triggerOptions, ...extra.triggerOptions };
		const readOptions = Object.fromEntries(Object.entries(allOptions).filter(([name]) => READ_OPTIONS.includes(name))) as INodeParameters;
		return await runWorkflow({
			nodes: [
				{
					name: READ,
					type: READ_TYPE,
					parameters: { resource: flow.category, operation: 'getMany', ...scope, ...filters, returnAll: true, options: readOptions },
				},
				outSmartNode(flow, extra),
			],
			connections: chain(READ, OUTSMART),
			nodeTypes,
			credentials,
			// The re-send branch is part of the same workflow: same static data, same OutSmart node (and so the
			// same row in the deduplication store).
			workflowStaticData: id === workflowId ? staticData : {},
			workflowId: id,
			timezone: 'Europe/Brussels',
			mode: extra.mode ?? 'trigger',
		});
	};
	return {
		bs,
		os,
		credentials,
		staticData,
		workflowId,
		async run(flow, extra = {}) {
			runs++;
			const result = await runWorkflow({
				nodes: [
					{
						name: TRIGGER,
						type: TRIGGER_TYPE,
						parameters: {
							category: flow.category,
							...flow.trigger,
							options: { pageSize: options.pageSize ?? 25, ...options.triggerOptions, ...extra.triggerOptions },
						},
					},
					outSmartNode(flow, extra),
				],
				connections: chain(TRIGGER, OUTSMART),
				nodeTypes,
				credentials,
				workflowStaticData: staticData,
				workflowId,
				timezone: 'Europe/Brussels',
				mode: extra.mode ?? 'trigger',
			});
			audit(extra.label ?? `${flow.category} run ${runs}`, result);
			return result;
		},
		async drain(flow, extra = {}) {
			drains++;
			const scope = DERIVED.has(flow.category) ? { scope: 'all' } : { scope: 'changedSince', changedSince: drainSince().toISOString() };
			const result = await readBranch(flow, { ...extra, outSmartOptions: { ...extra.outSmartOptions, skipUnchanged: true } }, scope, workflowId);
			audit(extra.label ?? `${flow.category} re-send ${drains}`, result);
			return result;
		},
		async nightly(flow, extra = {}) {
			const result = await readBranch(flow, { ...extra, outSmartOptions: { ...extra.outSmartOptions, skipUnchanged: true } }, { scope: 'all' }, workflowId);
			audit(extra.label ?? `${flow.category} nightly re-send`, result);
			return result;
		},
		async fullSync(flow, extra = {}) {
			const result = await readBranch(flow, { ...extra, outSmartOptions: { ...extra.outSmartOptions, skipUnchanged: false } }, { scope: 'all' }, `${workflowId}-full-sync`);
			audit(extra.label ?? `${flow.category} full sync`, result);
			return result;
		},
		drainSince,
		deliveryRecordSize: () => deduplicationStore.size(workflowId, 'node'),
		async close() {
			deduplicationStore.reset(workflowId);
			await bs.close();
			await os.close();
		},
	};
}

/** Every access token preAuthentication writes into the store becomes a known secret. */
export function captureIssuedTokens(credentials: CredentialStore): void {
	const store = credentials as unknown as { write: (type: string, data: IDataObject, reason: string) => void };
	const original = store.write.bind(store);
	store.write = (type, data, reason) => {
		addSecret(data.accessToken);
		original(type, data, reason);
	};
}

/** The user-visible error of a run: the execution error, else the first node error. */
export function userError(result: RunWorkflowResult): (Error & { description?: string }) | undefined {
	return (result.error ?? Object.values(result.nodeErrors)[0]) as (Error & { description?: string }) | undefined;
}

export function errorText(result: RunWorkflowResult): string {
	const e = userError(result);
	return e ? `${e.message} ${e.description ?? ''}` : '';
}
