/**
 * What the browser suite runs against (the same set-up as scripts/demo.ts): both simulators in this process, a
 * real n8n 2.41.1 with the package (from $E2E_PACKAGE_DIR or this repository), credentials pointing at the
 * simulators, every template imported, one scratch workflow holding each of our nodes, and the owner account.
 */
import { N8nInstance } from '../../e2e/lib/n8n';
import { startSimulators } from '../../e2e/lib/templateRun';
import type { Simulators } from '../../e2e/lib/templateRun';
import type { WorkflowJson } from '../../e2e/lib/types';
import { credentialRefs, loadTemplates, NODE_TYPES, PACKAGE_NAME } from '../../e2e/lib/workflows';
import type { CredentialRefs } from '../../e2e/lib/workflows';

export { NODE_TYPES, PACKAGE_NAME };

/** Id of the scratch workflow with one node of each of our types (no connections, nothing runs). */
export const ALL_NODES_WORKFLOW_ID = 'browserAllNodes01';

export interface TemplateInfo {
	file: string;
	id: string;
	name: string;
	workflow: WorkflowJson;
}

export interface BrowserEnvironment {
	sims: Simulators;
	n8n: N8nInstance;
	templates: TemplateInfo[];
	allNodes: WorkflowJson;
	/** the node type descriptions n8n serves to the editor (/types/nodes.json), ours only */
	nodeTypes: NodeTypeDescription[];
	close(): Promise<void>;
}

export interface NodePropertyDescription {
	name: string;
	displayName: string;
	type: string;
	required?: boolean;
	typeOptions?: {
		loadOptionsMethod?: string;
		loadOptionsDependsOn?: string[];
		resourceMapper?: { resourceMapperMethod?: string };
		[key: string]: unknown;
	};
	displayOptions?: { show?: Record<string, unknown[]>; hide?: Record<string, unknown[]> };
	options?: unknown[];
}

export interface NodeTypeDescription {
	name: string;
	displayName: string;
	version: number | number[];
	iconUrl?: string | { light: string; dark: string };
	credentials?: Array<{ name: string; required?: boolean }>;
	properties: NodePropertyDescription[];
}

/** Scratch workflow: one node of each of our types, each with the simulator credential it needs. */
export function allNodesWorkflow(refs: CredentialRefs): WorkflowJson {
	const node = (name: string, type: string, x: number, credentialType?: string, parameters: Record<string, unknown> = {}) => ({
		id: `00000000-0000-4000-8000-${String(x / 200).padStart(12, '0')}`,
		name,
		type,
		typeVersion: 1,
		position: [x, 0] as [number, number],
		parameters,
		...(credentialType && refs[credentialType] ? { credentials: { [credentialType]: refs[credentialType] } } : {}),
	});
	return {
		id: ALL_NODES_WORKFLOW_ID,
		name: 'Browser suite: all nodes',
		active: false,
		nodes: [
			node('Bouwsoft Trigger', NODE_TYPES.bouwsoftTrigger, 0, 'bouwsoftApi', { category: 'materials' }),
			node('Bouwsoft', NODE_TYPES.bouwsoft, 200, 'bouwsoftApi', { resource: 'materials' }),
			node('Bouwsoft Project Filter', NODE_TYPES.projectFilter, 400),
			node('Bouwsoft Assignment Filter', NODE_TYPES.assignmentFilter, 600),
			node('OutSmart', NODE_TYPES.outSmart, 800, 'outSmartApi'),
			node('OutSmart (map fields)', NODE_TYPES.outSmart, 1000, 'outSmartApi', {
				resource: 'material',
				operation: 'upsert',
				mappingMode: 'mapFields',
			}),
			// the credential modal is opened from here: no load-options field that would reload with a wrong credential
			node('Bouwsoft (credential test)', NODE_TYPES.bouwsoft, 1200, 'bouwsoftApi', { resource: 'employees' }),
			node('OutSmart Trigger', NODE_TYPES.outSmartTrigger, 1400, 'outSmartApi'),
			node('Bouwsoft (book)', NODE_TYPES.bouwsoft, 1600, 'bouwsoftApi', { resource: 'workOrder', operation: 'book' }),
			node('OutSmart (mark as exported)', NODE_TYPES.outSmart, 1800, 'outSmartApi', { resource: 'workOrder', operation: 'acknowledge' }),
			node('OutSmart (reconcile)', NODE_TYPES.outSmart, 2000, 'outSmartApi', { resource: 'material', operation: 'reconcile' }),
			node('Bouwsoft (check connection)', NODE_TYPES.bouwsoft, 2200, 'bouwsoftApi', { resource: 'connection', operation: 'check' }),
			node('OutSmart (check connection)', NODE_TYPES.outSmart, 2400, 'outSmartApi', { resource: 'connection', operation: 'check' }),
		],
		connections: {},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

export async function startEnvironment(): Promise<BrowserEnvironment> {
	const sims = await startSimulators();
	let n8n: N8nInstance | undefined;
	try {
		n8n = await N8nInstance.create({ name: 'browser' });
		await n8n.importCredentials(sims.credentials);
		const refs = credentialRefs(sims.credentials);
		const templates = loadTemplates(refs).map(({ file, workflow }) => ({
			file: file.split('/').pop()!,
			id: workflow.id!,
			name: workflow.name ?? workflow.id!,
			workflow,
		}));
		const allNodes = allNodesWorkflow(refs);
		await n8n.importWorkflows([...templates.map((t) => t.workflow), allNodes]);
		await n8n.start();
		await n8n.setupOwner();
		const nodeTypes = (await n8n.rest<NodeTypeDescription[]>('GET', '/../types/nodes.json').catch(() => undefined)) ?? [];
		const instance = n8n;
		return {
			sims,
			n8n,
			templates,
			allNodes,
			nodeTypes: nodeTypes.filter((type) => type.name.startsWith(`${PACKAGE_NAME}.`)),
			close: async () => {
				await instance.dispose();
				await sims.close();
			},
		};
	} catch (error) {
		await n8n?.dispose().catch(() => undefined);
		await sims.close();
		throw error;
	}
}
