/**
 * One sync environment: both simulators, one credential store shared by all runs (as n8n's credentials
 * table), one workflow static data object (cursor + sync ledger), and `run(flow)` = one production
 * execution of Bouwsoft Trigger → OutSmart through real n8n-core (`runWorkflow`, trigger mode).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { BouwsoftTrigger } from '../../../nodes/Bouwsoft/BouwsoftTrigger.node';
import { OutSmart } from '../../../nodes/OutSmart/OutSmart.node';
import { applyGlobalPatches } from '../../../nodes/shared/staticDataMailbox';
import { LEDGER_FIELD, pendingCount } from '../../../nodes/shared/syncLedger';
import type { ImportCategory } from '../../../nodes/shared/types';
import { chain, CredentialStore, runWorkflow } from '../../harness';
import type { RunWorkflowResult } from '../../harness';
import { startBouwsoftSimulator } from '../../simulators/bouwsoft';
import type { BouwsoftSimulator, BouwsoftSimulatorOptions } from '../../simulators/bouwsoft';
import { startOutSmartSimulator } from '../../simulators/outsmart';
import type { OutSmartSimulator, OutSmartSimulatorOptions } from '../../simulators/outsmart';
import { addSecret, audit } from './secrets';

export const TRIGGER_TYPE = 'n8n-nodes-bouwsoft-outsmart.bouwsoftTrigger';
export const OUTSMART_TYPE = 'n8n-nodes-bouwsoft-outsmart.outSmart';
export const TRIGGER = 'Bouwsoft Trigger';
export const OUTSMART = 'OutSmart';

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
	/** Trigger page size (small pages = many page boundaries). */
	pageSize?: number;
	/** OutSmart batch size. */
	batchSize?: number;
	/** Extra trigger options for every run (e.g. a short Bouwsoft time-out). */
	triggerOptions?: IDataObject;
	/** Extra OutSmart node options for every run (e.g. detectExisting). */
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
	run(flow: Flow, extra?: RunExtra): Promise<RunWorkflowResult>;
	pending(category?: ImportCategory): number;
	/**
	 * Lets the ledger's pause for data failures pass (the trigger compares with the real clock; the pause
	 * grows up to a day), so the next poll retries them.
	 */
	elapseRetryPause(): void;
	close(): Promise<void>;
}

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
	let runs = 0;
	return {
		bs,
		os,
		credentials,
		staticData,
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
					{
						name: OUTSMART,
						type: OUTSMART_TYPE,
						parameters: {
							resource: flow.resource,
							operation: 'upsert',
							...flow.outSmart,
							options: { batchSize: options.batchSize ?? 20, maxAttempts: 3, timeoutSeconds: 1, ...options.outSmartOptions, ...extra.outSmartOptions },
						},
						...(extra.onError ? { onError: extra.onError } : {}),
					},
				],
				connections: chain(TRIGGER, OUTSMART),
				nodeTypes: { [TRIGGER_TYPE]: new BouwsoftTrigger(), [OUTSMART_TYPE]: new OutSmart() },
				credentials,
				workflowStaticData: staticData,
				timezone: 'Europe/Brussels',
				mode: extra.mode ?? 'trigger',
			});
			audit(extra.label ?? `${flow.category} run ${runs}`, result);
			return result;
		},
		// The ledger lives in the workflow's global static data (n8n keeps it under "global").
		pending: (category) => pendingCount((staticData.global ?? {}) as IDataObject, category),
		elapseRetryPause() {
			// The next poll would replay the last execution's posted ledger over this edit: take it in first.
			applyGlobalPatches('harness-workflow', ((staticData.global as IDataObject | undefined) ??= {}));
			const ledger = (staticData.global as IDataObject | undefined)?.[LEDGER_FIELD] as
				| { pending?: Record<string, Record<string, { lastFailedAt: string }>> }
				| undefined;
			const dayAgo = new Date(Date.now() - 25 * 60 * 60_000).toISOString();
			for (const entries of Object.values(ledger?.pending ?? {})) {
				for (const entry of Object.values(entries)) entry.lastFailedAt = dayAgo;
			}
		},
		async close() {
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
