/**
 * `runPoll`: calls a polling trigger's `poll()` inside a real n8n-core `PollContext`, with n8n's static data
 * persistence rules applied afterwards.
 */
import './env';
import { PollContext } from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type {
	ICredentialType,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	WorkflowActivateMode,
} from 'n8n-workflow';

import { buildAdditionalData } from './additionalData';
import { buildNode, plainStaticData, replaceContents, resolveCredentialStore, toError } from './common';
import type { CredentialsInput } from './common';
import { CredentialStore, HarnessCredentialsHelper } from './credentials';
import { withLogCapture } from './logCapture';
import type { LogEntry } from './logCapture';
import { defaultNodeName, defaultTypeName, HarnessNodeTypes } from './nodeTypes';

/**
 * When the poll's static data changes are "saved" (copied into the caller's `workflowStaticData`):
 * - `saveOnEmit` (default, n8n 2.41 legacy): trigger mode saves only when poll() returned items; an empty
 *   (null) poll or an error loses the changes.
 * - `saveOnChange` (n8n master "durable poll cursors"): trigger mode also saves when poll() returned null but
 *   changed the data; errors still lose them.
 * Manual mode never saves (n8n skips the save hook for manual executions).
 */
/** n8n's default poll budget (`getPollBudgetMs()`): 5 minutes. */
export const DEFAULT_POLL_BUDGET_MS = 5 * 60 * 1000;

export type StaticDataPersistence = 'saveOnEmit' | 'saveOnChange';

export interface RunPollOptions {
	node: INodeType | IVersionedNodeType;
	parameters?: INodeParameters;
	credentials?: CredentialsInput;
	/** Extra credential types to register (package ones load automatically). */
	credentialTypes?: ICredentialType[];
	/** `trigger` = a tick of an active workflow; `manual` = "Fetch test event". Default `trigger`. */
	mode?: 'trigger' | 'manual';
	/** The workflow's stored static data; pass the same object to the next call to continue from it. */
	workflowStaticData?: IDataObject;
	staticDataPersistence?: StaticDataPersistence;
	nodeName?: string;
	/** Node type string; default `n8n-nodes-bouwsoft-outsmart.<description.name>`. */
	nodeTypeName?: string;
	typeVersion?: number;
	/** Workflow timezone (IANA), default the process default. */
	timezone?: string;
	/** Value of `this.getPollBudgetMs()`, default 5 minutes (n8n's default). */
	pollBudgetMs?: number;
	/** Value of `this.getActivationMode()` in trigger mode, default `activate`. */
	activation?: WorkflowActivateMode;
	workflowId?: string;
}

export interface RunPollResult {
	/** poll()'s return value (`null` = nothing to emit); `null` too when it threw. */
	output: INodeExecutionData[][] | null;
	/** the persisted static data: the object passed in (updated in place when saved), or a new object */
	workflowStaticData: IDataObject;
	/** whether this run's static data was saved into `workflowStaticData` */
	staticDataSaved: boolean;
	/** the in-memory static data as poll() left it, saved or not */
	staticDataAfterPoll: IDataObject;
	error?: Error;
	logs: LogEntry[];
	credentials: CredentialStore;
	node: INode;
}

export async function runPoll(options: RunPollOptions): Promise<RunPollResult> {
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
	});
	const persisted = options.workflowStaticData ?? {};
	const before = plainStaticData(persisted);
	const workflow = new Workflow({
		id: options.workflowId ?? 'harness-workflow',
		name: 'Harness workflow',
		nodes: [node],
		connections: {},
		active: mode === 'trigger',
		nodeTypes: new HarnessNodeTypes({ [typeName]: options.node }),
		// like a DB load: the run works on a copy, the caller's object changes only when n8n would save
		staticData: plainStaticData(persisted),
		settings: options.timezone ? { timezone: options.timezone } : {},
	});
	const additionalData = buildAdditionalData({
		credentialsHelper: new HarnessCredentialsHelper(store),
		mode,
		workflowData: { id: workflow.id, name: workflow.name, nodes: [node], connections: {}, active: false } as never,
	});
	const { value, logs } = await withLogCapture(
		async () => await pollOnce({ workflow, node, additionalData, mode, activation: options.activation, pollBudgetMs: options.pollBudgetMs }),
	);
	const emitted = value.emitted;

	const after = plainStaticData(workflow.staticData);
	const changed = JSON.stringify(after) !== JSON.stringify(before);
	const persistence = options.staticDataPersistence ?? 'saveOnEmit';
	const staticDataSaved =
		mode === 'trigger' &&
		value.error === undefined &&
		(emitted !== undefined || (persistence === 'saveOnChange' && changed));
	if (staticDataSaved) replaceContents(persisted, after);

	return {
		output: value.output,
		workflowStaticData: persisted,
		staticDataSaved,
		staticDataAfterPoll: after,
		error: value.error,
		logs,
		credentials: store,
		node,
	};
}

export interface PollOnceResult {
	output: INodeExecutionData[][] | null;
	/** what poll() handed to `__emit` (trigger mode, non-null result) */
	emitted?: INodeExecutionData[][];
	error?: Error;
}

/** One poll of `node` in a real `PollContext`, emitting like n8n's PollTriggerExecutor does in trigger mode. */
export async function pollOnce(options: {
	workflow: Workflow;
	node: INode;
	additionalData: IWorkflowExecuteAdditionalData;
	mode: 'trigger' | 'manual';
	activation?: WorkflowActivateMode;
	pollBudgetMs?: number;
}): Promise<PollOnceResult> {
	const { workflow, node, additionalData, mode } = options;
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const poll = nodeType.poll;
	if (typeof poll !== 'function') throw new Error(`Node type "${node.type}" has no poll() method`);
	let emitted: INodeExecutionData[][] | undefined;
	const pollBudgetMs = options.pollBudgetMs ?? DEFAULT_POLL_BUDGET_MS;
	const context = new PollContext(
		workflow,
		node,
		additionalData,
		mode,
		mode === 'manual' ? 'manual' : (options.activation ?? 'activate'),
		(data) => {
			emitted = data;
		},
		() => {},
		undefined,
		undefined,
		undefined,
		() => pollBudgetMs,
	);
	await workflow.expression.acquireIsolate();
	try {
		const output = await poll.call(context);
		if (mode === 'trigger' && output !== null) context.__emit(output);
		return { output, emitted };
	} catch (error) {
		return { output: null, error: toError(error) };
	} finally {
		await workflow.expression.releaseIsolate();
	}
}
