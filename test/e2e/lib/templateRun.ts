/** Shared helpers of the template e2e suites: simulators in this process, templates with injected credentials. */
import { startBouwsoftSimulator } from '../../simulators/bouwsoft';
import type { BouwsoftSimulator, BouwsoftSimulatorOptions } from '../../simulators/bouwsoft';
import { startOutSmartSimulator } from '../../simulators/outsmart';
import type { OutSmartSimulator, OutSmartSimulatorOptions } from '../../simulators/outsmart';
import type { BouwsoftTablesLike } from '../expect/outsmartExpectations';
import { simulatorCredentials } from './credentials';
import type { CredentialImport, ExecutionDetails, WorkflowJson } from './types';
import { credentialRefs, loadTemplates, NODE_TYPES } from './workflows';

/** The category templates: file name -> import category of its trigger. */
export const CATEGORY_TEMPLATES = [
	{ file: 'employees.json', category: 'employees' },
	{ file: 'hour-types.json', category: 'hourTypes' },
	{ file: 'warehouses.json', category: 'warehouses' },
	{ file: 'categories.json', category: 'categories' },
	{ file: 'materials.json', category: 'materials' },
	{ file: 'relations.json', category: 'relations' },
	{ file: 'projects.json', category: 'projects' },
	{ file: 'assignments.json', category: 'assignments' },
] as const;

export const FULL_SYNC_FILE = 'full-sync.json';
/** The way back: OutSmart Trigger → Bouwsoft Book → OutSmart Mark as Exported (lib/exportStory.ts runs it). */
export const EXPORT_FILE = 'outsmart-to-bouwsoft.json';
/** The nightly reconcile: Schedule Trigger → complete Bouwsoft reads → OutSmart Reconcile (reconcile.e2e.test.ts runs it). */
export const RECONCILE_FILE = 'reconcile.json';

export interface Simulators {
	bouwsoft: BouwsoftSimulator;
	outsmart: OutSmartSimulator;
	credentials: CredentialImport[];
	close(): Promise<void>;
}

export async function startSimulators(
	options: { bouwsoft?: BouwsoftSimulatorOptions; outsmart?: OutSmartSimulatorOptions } = {},
): Promise<Simulators> {
	const bouwsoft = await startBouwsoftSimulator(options.bouwsoft);
	const outsmart = await startOutSmartSimulator(options.outsmart).catch(async (error: Error) => {
		await bouwsoft.close();
		throw error;
	});
	return {
		bouwsoft,
		outsmart,
		credentials: simulatorCredentials(bouwsoft, outsmart),
		close: async () => {
			await Promise.allSettled([bouwsoft.close(), outsmart.close()]);
		},
	};
}

/** The Bouwsoft simulator's current tables (after any edits), for the expectation module. */
export function liveTables(bouwsoft: BouwsoftSimulator): BouwsoftTablesLike {
	const names = [
		'Employees',
		'Jobs',
		'ProductStock',
		'ProductLists',
		'ProductGroups',
		'Products',
		'Addresses',
		'AddressContacts',
		'Projects',
		'ProjectPhases',
		'ActualCostItems',
		'Assignments',
	];
	return Object.fromEntries(names.map((name) => [name, bouwsoft.store.all(name) as unknown as ReadonlyArray<Record<string, unknown>>]));
}

export interface LoadedTemplate {
	file: string;
	workflow: WorkflowJson;
	/** name of the Bouwsoft Trigger node (category templates) */
	trigger?: string;
	/** name of the frequent Schedule Trigger that re-sends what did not reach OutSmart (category templates) */
	resend?: string;
	/** name of the nightly Schedule Trigger that re-sends everything (templates with change dates) */
	nightly?: string;
	/** name of the OutSmart node */
	outsmart?: string;
}

export const SCHEDULE_TRIGGER_TYPE = 'n8n-nodes-base.scheduleTrigger';

/** A Schedule Trigger that fires at least hourly (the re-send drain), not daily or less often (the nightly branch). */
function isFrequentSchedule(node: WorkflowJson['nodes'][number]): boolean {
	const intervals = ((node.parameters.rule as { interval?: Array<{ field?: string }> } | undefined)?.interval ?? []);
	return intervals.some((interval) => ['seconds', 'minutes', 'hours'].includes(interval.field ?? 'days'));
}

/** Every template with the simulator credentials injected (the files reference credentials by type only). */
export function templatesFor(credentials: CredentialImport[]): Map<string, LoadedTemplate> {
	const templates = loadTemplates(credentialRefs(credentials));
	return new Map(
		templates.map(({ file, workflow }) => {
			const name = file.split('/').pop() as string;
			const trigger = workflow.nodes.find((node) => node.type === NODE_TYPES.bouwsoftTrigger)?.name;
			const schedules = workflow.nodes.filter((node) => node.type === SCHEDULE_TRIGGER_TYPE);
			const resend = schedules.find(isFrequentSchedule)?.name;
			const nightly = schedules.find((node) => !isFrequentSchedule(node))?.name;
			const outsmart = workflow.nodes.find((node) => node.type === NODE_TYPES.outSmart)?.name;
			return [name, { file: name, workflow, trigger, resend, nightly, outsmart }];
		}),
	);
}

/** A copy of a template whose trigger polls every minute (the shortest n8n allows), for poll tests. */
export function pollingEveryMinute(workflow: WorkflowJson): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(workflow)) as WorkflowJson;
	for (const node of copy.nodes) {
		if (node.type === NODE_TYPES.bouwsoftTrigger) node.parameters.pollTimes = { item: [{ mode: 'everyMinute' }] };
	}
	return copy;
}

/**
 * A copy of a template with test-speed schedules: the Bouwsoft Trigger polls once a minute at a fixed second
 * (`pollSecond`; a minute is the shortest n8n allows, a fixed second keeps the polls apart from the re-sends), the
 * frequent re-send Schedule Trigger fires every `resendSeconds` seconds (at the multiples of it), and the nightly
 * re-send-all Schedule Trigger is disabled (it fires once a day at 03:00; a test running then must not see it).
 */
export function withTestSchedules(workflow: WorkflowJson, options: { pollSecond: number; resendSeconds: number }): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(workflow)) as WorkflowJson;
	for (const node of copy.nodes) {
		if (node.type === NODE_TYPES.bouwsoftTrigger) {
			node.parameters.pollTimes = { item: [{ mode: 'custom', cronExpression: `${options.pollSecond} * * * * *` }] };
		}
		if (node.type === SCHEDULE_TRIGGER_TYPE) {
			if (isFrequentSchedule(node)) node.parameters.rule = { interval: [{ field: 'seconds', secondsInterval: options.resendSeconds }] };
			else node.disabled = true;
		}
	}
	return copy;
}

/**
 * A copy of a workflow without its frequent re-send Schedule Trigger and what only it feeds (used to prove that a
 * suite fails when the re-send is broken). Call it before withTestSchedules (which recognises the schedules by rule).
 */
export function withoutResendBranch(workflow: WorkflowJson): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(workflow)) as WorkflowJson;
	const fedByOthers = new Set<string>();
	const removed = new Set(copy.nodes.filter((node) => node.type === SCHEDULE_TRIGGER_TYPE && isFrequentSchedule(node)).map((node) => node.name));
	// remove nodes reachable only from a removed node, until nothing changes
	for (let changed = true; changed; ) {
		changed = false;
		fedByOthers.clear();
		for (const [from, outputs] of Object.entries(copy.connections)) {
			if (removed.has(from)) continue;
			for (const output of outputs.main ?? []) for (const link of output ?? []) fedByOthers.add(link.node);
		}
		for (const [from, outputs] of Object.entries(copy.connections)) {
			if (!removed.has(from)) continue;
			for (const output of outputs.main ?? []) {
				for (const link of output ?? []) {
					if (!fedByOthers.has(link.node) && !removed.has(link.node)) {
						removed.add(link.node);
						changed = true;
					}
				}
			}
		}
	}
	copy.nodes = copy.nodes.filter((node) => !removed.has(node.name));
	for (const name of removed) delete copy.connections[name];
	return copy;
}

/** Items of every run of a node in an execution, for one output (0 = main / Kept, 1 = error / Discarded). */
export function allRunItems(execution: Pick<ExecutionDetails, 'data'>, nodeName: string, output = 0): Array<Record<string, unknown>> {
	const runs = execution.data?.resultData?.runData?.[nodeName] ?? [];
	return runs.flatMap((run) => (run.data?.main?.[output] ?? []).map((item) => item.json));
}

/** Count of accepted OutSmart writes per key of an entity (the simulator counts every accepted POST row). */
export function writeCounts(outsmart: OutSmartSimulator, entity: Parameters<OutSmartSimulator['store']['writes']>[0]): Map<string, number> {
	return new Map([...outsmart.store.byKey(entity).keys()].map((key) => [key, outsmart.store.writes(entity, key)]));
}
