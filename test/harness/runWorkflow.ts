/**
 * `runWorkflow`: runs a multi-node workflow through n8n-core's real `WorkflowExecute`. A polling trigger as
 * start node is handled like n8n does: in `trigger` mode poll() runs first in a `PollContext` and the workflow
 * only executes when it emitted items; in `manual` mode the engine itself calls poll() once.
 */
import './env';
import { Workflow } from 'n8n-workflow';
import type {
	ICredentialType,
	IConnections,
	IDataObject,
	INode,
	INodeCredentials,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IRun,
	IRunData,
	IVersionedNodeType,
	IWorkflowSettings,
} from 'n8n-workflow';

import { buildAdditionalData } from './additionalData';
import { buildNode, plainStaticData, replaceContents, resolveCredentialStore, toError } from './common';
import type { CredentialsInput } from './common';
import { CredentialStore, HarnessCredentialsHelper } from './credentials';
import { executeFrom, mainOutputs } from './engine';
import { ensureDeduplicationStore } from './deduplication';
import { withLogCapture } from './logCapture';
import type { LogEntry } from './logCapture';
import { HarnessNodeTypes } from './nodeTypes';
import { pollOnce } from './runPoll';
import type { StaticDataPersistence } from './runPoll';

export interface WorkflowNodeInput {
	name: string;
	/** key into `nodeTypes` (or a built-in: `n8n-nodes-base.manualTrigger`, `n8n-nodes-base.noOp`) */
	type: string;
	parameters?: INodeParameters;
	typeVersion?: number;
	/** default: every stored credential the node type declares */
	credentials?: INodeCredentials;
	continueOnFail?: boolean;
	onError?: INode['onError'];
	disabled?: boolean;
	alwaysOutputData?: boolean;
	executeOnce?: boolean;
}

export interface RunWorkflowOptions {
	nodes: WorkflowNodeInput[];
	/** n8n connections; `chain('A', 'B', 'C')` builds a linear main chain */
	connections: IConnections;
	nodeTypes: Record<string, INodeType | IVersionedNodeType>;
	credentials?: CredentialsInput;
	credentialTypes?: ICredentialType[];
	/** `trigger` (default) = production execution; `manual` = "Execute workflow" in the editor */
	mode?: 'trigger' | 'manual';
	workflowStaticData?: IDataObject;
	staticDataPersistence?: StaticDataPersistence;
	/** default: the only node without a parent */
	startNode?: string;
	/** Input of a non-polling start node (default one empty item) */
	startItems?: INodeExecutionData[];
	timezone?: string;
	/** The workflow id (n8n's deduplication store keeps one row per workflow and node); default `harness-workflow`. */
	workflowId?: string;
	pollBudgetMs?: number;
	settings?: IWorkflowSettings;
}

export interface RunWorkflowResult {
	/** Main outputs of each executed node's first run, by node name. */
	outputs: Record<string, INodeExecutionData[][]>;
	/** Per node name: items its execute() returned without `pairedItem` (before the engine filled them in). */
	itemsWithoutPairedItem: Record<string, number>;
	/** Errors of nodes that failed, by node name. */
	nodeErrors: Record<string, Error>;
	/** The execution's error (a failing node, or a poll() that threw in trigger mode). */
	error?: Error;
	/** Names of the nodes that ran, in execution order. */
	executedNodes: string[];
	/** false when a polling start node returned null in trigger mode (no execution happened). */
	executed: boolean;
	workflowStaticData: IDataObject;
	staticDataSaved: boolean;
	logs: LogEntry[];
	credentials: CredentialStore;
	/** Raw n8n run data (undefined when nothing executed). */
	runData?: IRunData;
	run?: IRun;
}

/** Main connections for a linear chain of nodes: chain('Trigger', 'Read', 'Write'). */
export function chain(...names: string[]): IConnections {
	const connections: IConnections = {};
	for (let i = 0; i < names.length - 1; i++) {
		connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	}
	return connections;
}

function pickStartNode(nodes: INode[], connections: IConnections, requested?: string): INode {
	if (requested) {
		const node = nodes.find((n) => n.name === requested);
		if (!node) throw new Error(`startNode "${requested}" is not in the workflow`);
		return node;
	}
	const withParents = new Set<string>();
	for (const byType of Object.values(connections)) {
		for (const outputs of byType.main ?? []) for (const target of outputs ?? []) withParents.add(target.node);
	}
	const roots = nodes.filter((n) => !withParents.has(n.name) && !n.disabled);
	if (roots.length !== 1) {
		throw new Error(`Cannot pick the start node (candidates: ${roots.map((n) => n.name).join(', ') || 'none'}); pass startNode`);
	}
	return roots[0];
}

export async function runWorkflow(options: RunWorkflowOptions): Promise<RunWorkflowResult> {
	const mode = options.mode ?? 'trigger';
	const store = resolveCredentialStore(options.credentials, options.credentialTypes);
	const nodeTypes = new HarnessNodeTypes(options.nodeTypes);
	const nodes = options.nodes.map((input) => {
		const node = buildNode({
			nodeType: nodeTypes.getByName(input.type),
			typeName: input.type,
			name: input.name,
			parameters: input.parameters,
			typeVersion: input.typeVersion,
			store,
			continueOnFail: input.continueOnFail,
		});
		if (input.credentials) node.credentials = input.credentials;
		if (input.onError) node.onError = input.onError;
		if (input.disabled) node.disabled = true;
		if (input.alwaysOutputData) node.alwaysOutputData = true;
		if (input.executeOnce) node.executeOnce = true;
		return node;
	});
	const persisted = options.workflowStaticData ?? {};
	const before = plainStaticData(persisted);
	await ensureDeduplicationStore();
	const workflow = new Workflow({
		id: options.workflowId ?? 'harness-workflow',
		name: 'Harness workflow',
		nodes,
		connections: options.connections,
		active: mode === 'trigger',
		nodeTypes,
		staticData: plainStaticData(persisted),
		settings: {
			executionOrder: 'v1',
			...(options.timezone ? { timezone: options.timezone } : {}),
			...options.settings,
		},
	});
	const startNode = pickStartNode(nodes, options.connections, options.startNode);
	const startType = nodeTypes.getByNameAndVersion(startNode.type, startNode.typeVersion);
	const additionalData = buildAdditionalData({
		credentialsHelper: new HarnessCredentialsHelper(store),
		mode,
		workflowData: { id: workflow.id, name: workflow.name, nodes, connections: options.connections, active: false } as never,
	});

	const { value, logs } = await withLogCapture(async () => {
		let startData: INodeExecutionData[][] = [options.startItems ? [...options.startItems] : [{ json: {} }]];
		let emittedByPoll = false;
		if (startType.poll && mode === 'trigger') {
			const polled = await pollOnce({ workflow, node: startNode, additionalData, mode, pollBudgetMs: options.pollBudgetMs });
			if (polled.error || !polled.emitted) return { polled, run: undefined, emittedByPoll };
			emittedByPoll = true;
			// the engine passes a poll node's input through in non-manual modes
			startData = polled.emitted;
		}
		const run = await executeFrom({ workflow, additionalData, mode, startNode, startData });
		return { polled: undefined, run, emittedByPoll };
	});

	const after = plainStaticData(workflow.staticData);
	const changed = JSON.stringify(after) !== JSON.stringify(before);
	let staticDataSaved = false;
	if (mode === 'trigger') {
		if (value.run) staticDataSaved = value.emittedByPoll || changed;
		else if (!value.polled?.error) staticDataSaved = options.staticDataPersistence === 'saveOnChange' && changed;
	}
	if (staticDataSaved) replaceContents(persisted, after);

	const base = {
		workflowStaticData: persisted,
		staticDataSaved,
		logs,
		credentials: store,
		itemsWithoutPairedItem: nodeTypes.itemsWithoutPairedItem,
	};
	const { run } = value;
	if (!run) {
		return { ...base, outputs: {}, nodeErrors: {}, executedNodes: [], executed: false, error: value.polled?.error };
	}
	const runData = run.data.resultData.runData;
	const outputs: Record<string, INodeExecutionData[][]> = {};
	const nodeErrors: Record<string, Error> = {};
	const executedNodes = Object.keys(runData).sort(
		(a, b) => (runData[a][0]?.executionIndex ?? 0) - (runData[b][0]?.executionIndex ?? 0),
	);
	for (const name of executedNodes) {
		outputs[name] = mainOutputs(run, name);
		const taskError = runData[name].find((task) => task.error)?.error;
		if (taskError) nodeErrors[name] = toError(taskError);
	}
	const runError = run.data.resultData.error;
	return {
		...base,
		outputs,
		nodeErrors,
		executedNodes,
		executed: true,
		error: runError ? toError(runError) : undefined,
		runData,
		run,
	};
}
