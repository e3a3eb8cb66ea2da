/**
 * `runNode`: executes one regular node (its `execute()`) on given input items through n8n-core's real
 * `WorkflowExecute`, so parameters with expressions (`={{ $json.x }}`), `continueOnFail`, `pairedItem`
 * handling and credentials behave as in n8n.
 */
import './env';
import { Workflow } from 'n8n-workflow';
import type {
	ICredentialType,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IRun,
	IVersionedNodeType,
} from 'n8n-workflow';

import { buildAdditionalData } from './additionalData';
import { buildNode, plainStaticData, replaceContents, resolveCredentialStore, toError } from './common';
import type { CredentialsInput } from './common';
import { CredentialStore, HarnessCredentialsHelper } from './credentials';
import { executeFrom, mainOutputs } from './engine';
import { ensureDeduplicationStore } from './deduplication';
import { withLogCapture } from './logCapture';
import type { LogEntry } from './logCapture';
import { defaultNodeName, defaultTypeName, HarnessNodeTypes } from './nodeTypes';

export interface RunNodeOptions {
	node: INodeType | IVersionedNodeType;
	parameters?: INodeParameters;
	/** Input of the node's first (main) input. Item objects are passed as-is (not copied), like n8n does. */
	inputItems?: INodeExecutionData[];
	credentials?: CredentialsInput;
	credentialTypes?: ICredentialType[];
	/** Sets the node's "On Error: Continue" (`continueOnFail: true`, `onError: 'continueRegularOutput'`). */
	continueOnFail?: boolean;
	/** Stored workflow static data; saved back (in place) after a non-manual run that changed it. */
	workflowStaticData?: IDataObject;
	/** Execution mode, default `trigger` (a production run started by a trigger). */
	mode?: 'trigger' | 'manual';
	nodeName?: string;
	nodeTypeName?: string;
	typeVersion?: number;
	timezone?: string;
	/** The workflow id (n8n's deduplication store keeps one row per workflow and node); default `harness-workflow`. */
	workflowId?: string;
}

export interface RunNodeResult {
	/** The node's main outputs (one array per output); `[]` when the node failed. */
	outputs: INodeExecutionData[][];
	/** The node's error when it failed (and was not continued on fail). */
	error?: Error;
	workflowStaticData: IDataObject;
	staticDataSaved: boolean;
	logs: LogEntry[];
	credentials: CredentialStore;
	node: INode;
	/** Items the node's execute() returned without `pairedItem` (before the engine filled them in). */
	itemsWithoutPairedItem: number;
	/** The raw n8n run (`run.data.resultData.runData[nodeName]` has hints, timing, metadata). */
	run: IRun;
}

export async function runNode(options: RunNodeOptions): Promise<RunNodeResult> {
	const mode = options.mode ?? 'trigger';
	const store = resolveCredentialStore(options.credentials, options.credentialTypes);
	const typeName = options.nodeTypeName ?? defaultTypeName(options.node);
	const node = buildNode({
		nodeType: options.node,
		typeName,
		name: options.nodeName ?? defaultNodeName(options.node, options.typeVersion),
		parameters: options.parameters,
		typeVersion: options.typeVersion,
		store,
		continueOnFail: options.continueOnFail,
	});
	const nodeTypes = new HarnessNodeTypes({ [typeName]: options.node });
	const persisted = options.workflowStaticData ?? {};
	const before = plainStaticData(persisted);
	await ensureDeduplicationStore();
	const workflow = new Workflow({
		id: options.workflowId ?? 'harness-workflow',
		name: 'Harness workflow',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
		staticData: plainStaticData(persisted),
		settings: { executionOrder: 'v1', ...(options.timezone ? { timezone: options.timezone } : {}) },
	});
	const additionalData = buildAdditionalData({
		credentialsHelper: new HarnessCredentialsHelper(store),
		mode,
		workflowData: { id: workflow.id, name: workflow.name, nodes: [node], connections: {}, active: false } as never,
	});
	const inputItems = options.inputItems ?? [{ json: {} }];

	const { value: run, logs } = await withLogCapture(
		async () => await executeFrom({ workflow, additionalData, mode, startNode: node, startData: [[...inputItems]] }),
	);

	const after = plainStaticData(workflow.staticData);
	const staticDataSaved = mode !== 'manual' && JSON.stringify(after) !== JSON.stringify(before);
	if (staticDataSaved) replaceContents(persisted, after);

	const taskError = run.data.resultData.runData[node.name]?.[0]?.error;
	const runError = run.data.resultData.error;
	const error = taskError ?? runError;
	return {
		outputs: mainOutputs(run, node.name),
		error: error ? toError(error) : undefined,
		workflowStaticData: persisted,
		staticDataSaved,
		logs,
		credentials: store,
		node,
		itemsWithoutPairedItem: nodeTypes.itemsWithoutPairedItem[node.name] ?? 0,
		run,
	};
}
