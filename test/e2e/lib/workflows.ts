/** Helpers for workflow JSON: stable ids, credential wiring, reading node output from run data. */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { CredentialImport, ExecutionDetails, WorkflowJson } from './types';

export const PACKAGE_NAME = 'n8n-nodes-bouwsoft-outsmart';
export const TEMPLATES_DIR = path.resolve(__dirname, '..', '..', '..', 'workflows-templates');

/** Our node type names as n8n knows them. */
export const NODE_TYPES = {
	bouwsoftTrigger: `${PACKAGE_NAME}.bouwsoftTrigger`,
	bouwsoft: `${PACKAGE_NAME}.bouwsoft`,
	projectFilter: `${PACKAGE_NAME}.bouwsoftProjectFilter`,
	assignmentFilter: `${PACKAGE_NAME}.bouwsoftAssignmentFilter`,
	outSmart: `${PACKAGE_NAME}.outSmart`,
	outSmartTrigger: `${PACKAGE_NAME}.outSmartTrigger`,
} as const;

/** Which credential type each of our node types needs. */
export const CREDENTIAL_TYPE_BY_NODE: Record<string, string> = {
	[NODE_TYPES.bouwsoftTrigger]: 'bouwsoftApi',
	[NODE_TYPES.bouwsoft]: 'bouwsoftApi',
	[NODE_TYPES.outSmart]: 'outSmartApi',
	[NODE_TYPES.outSmartTrigger]: 'outSmartApi',
};

/** A workflow id n8n accepts (<= 21 chars, alphanumeric), stable for the same label. */
export function workflowIdFor(label: string): string {
	const slug = label.replace(/[^a-zA-Z0-9]/g, '').slice(0, 10);
	const hash = crypto.createHash('sha1').update(label).digest('hex').slice(0, 21 - slug.length - 1);
	return `w${slug}${hash}`.slice(0, 21);
}

export type CredentialRefs = Record<string, { id: string; name: string }>;

/** `{ bouwsoftApi: { id, name }, ... }` for credentials about to be imported. */
export function credentialRefs(credentials: CredentialImport[]): CredentialRefs {
	return Object.fromEntries(credentials.map((credential) => [credential.type, { id: credential.id, name: credential.name }]));
}

/**
 * Point every node that needs a credential at the given ones (templates reference credentials by type only, without
 * ids). Nodes that list a credential type get it filled in; our nodes without any get the type they need.
 */
export function attachCredentials(workflow: WorkflowJson, refs: CredentialRefs): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(workflow)) as WorkflowJson;
	for (const node of copy.nodes) {
		const types = new Set(Object.keys(node.credentials ?? {}));
		const needed = CREDENTIAL_TYPE_BY_NODE[node.type];
		if (needed) types.add(needed);
		for (const type of types) {
			if (!refs[type]) continue;
			node.credentials = { ...(node.credentials ?? {}), [type]: { ...refs[type] } };
		}
	}
	return copy;
}

/** Read a workflow file; give it a stable id derived from the file name when it has none. */
export function loadWorkflow(file: string, options: { refs?: CredentialRefs; id?: string } = {}): WorkflowJson {
	const workflow = JSON.parse(fs.readFileSync(file, 'utf8')) as WorkflowJson;
	workflow.id = options.id ?? workflow.id ?? workflowIdFor(path.basename(file, '.json'));
	return options.refs ? attachCredentials(workflow, options.refs) : workflow;
}

/** Every `workflows-templates/*.json`, with ids and credentials. */
export function loadTemplates(refs?: CredentialRefs, dir = TEMPLATES_DIR): Array<{ file: string; workflow: WorkflowJson }> {
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((name) => ({ file: path.join(dir, name), workflow: loadWorkflow(path.join(dir, name), { refs }) }));
}

/** Name of the first node of the given type(s) in a workflow (e.g. the trigger to start a manual run from). */
export function findNodeName(workflow: WorkflowJson, type: string | string[]): string | undefined {
	const types = Array.isArray(type) ? type : [type];
	return workflow.nodes.find((node) => types.includes(node.type))?.name;
}

/** Output items (json) of a node in an execution: last run by default, output 0 by default. */
export function nodeItems(
	execution: Pick<ExecutionDetails, 'data'>,
	nodeName: string,
	options: { output?: number; run?: number } = {},
): Array<Record<string, unknown>> {
	const runs = execution.data?.resultData?.runData?.[nodeName];
	if (!runs?.length) return [];
	const run = runs[options.run ?? runs.length - 1];
	return (run?.data?.main?.[options.output ?? 0] ?? []).map((item) => item.json);
}

/** Names of nodes that ran, and the error of each node that failed. */
export function executionSummary(execution: Pick<ExecutionDetails, 'data' | 'status'>): {
	status: string;
	nodes: string[];
	errors: Record<string, string>;
} {
	const runData = execution.data?.resultData?.runData ?? {};
	const errors: Record<string, string> = {};
	for (const [name, runs] of Object.entries(runData)) {
		const error = runs.find((run) => run.error)?.error;
		if (error) errors[name] = [error.message, error.description].filter(Boolean).join(': ');
	}
	const topError = execution.data?.resultData?.error?.message;
	if (topError && !Object.keys(errors).length) errors['(workflow)'] = topError;
	return { status: execution.status, nodes: Object.keys(runData), errors };
}
