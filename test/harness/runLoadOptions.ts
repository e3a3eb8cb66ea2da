/**
 * `runLoadOptions` / `runResourceMapping` / `runListSearch`: call a node's `methods.*` in a real n8n-core
 * `LoadOptionsContext`, the way n8n's DynamicNodeParametersService does for the editor (a one-node workflow
 * named "Temp-Node", `additionalData.currentNodeParameters` = the node's parameters).
 */
import './env';
import { LoadOptionsContext } from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type {
	ICredentialType,
	ILoadOptionsFunctions,
	INode,
	INodeListSearchResult,
	INodeParameters,
	INodePropertyOptions,
	INodeType,
	IVersionedNodeType,
	ResourceMapperFields,
} from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { buildAdditionalData } from './additionalData';
import { buildNode, resolveCredentialStore, toError } from './common';
import type { CredentialsInput } from './common';
import { CredentialStore, HarnessCredentialsHelper } from './credentials';
import { withLogCapture } from './logCapture';
import type { LogEntry } from './logCapture';
import { defaultTypeName, HarnessNodeTypes } from './nodeTypes';

export interface RunMethodOptions {
	node: INodeType | IVersionedNodeType;
	/** name of the method in `methods.loadOptions` / `methods.resourceMapping` / `methods.listSearch` */
	method: string;
	/** The node's current parameters as the editor would send them. */
	parameters?: INodeParameters;
	credentials?: CredentialsInput;
	credentialTypes?: ICredentialType[];
	/** Path of the parameter being loaded (for `getCurrentNodeParameter('&sibling')`), default `parameters`. */
	path?: string;
	nodeTypeName?: string;
	typeVersion?: number;
}

export interface RunMethodResult<T> {
	/** the method's return value; undefined when it threw */
	result?: T;
	error?: Error;
	logs: LogEntry[];
	credentials: CredentialStore;
}

type MethodKind = 'loadOptions' | 'resourceMapping' | 'listSearch';

async function runMethod<T>(
	kind: MethodKind,
	options: RunMethodOptions,
	call: (fn: (...args: unknown[]) => Promise<T>, context: ILoadOptionsFunctions) => Promise<T>,
): Promise<RunMethodResult<T>> {
	const store = resolveCredentialStore(options.credentials, options.credentialTypes);
	const typeName = options.nodeTypeName ?? defaultTypeName(options.node);
	const node: INode = buildNode({
		nodeType: options.node,
		typeName,
		name: 'Temp-Node',
		parameters: options.parameters,
		typeVersion: options.typeVersion,
		store,
	});
	const concrete = NodeHelpers.getVersionedNodeType(options.node, node.typeVersion);
	const methods = concrete.methods?.[kind] as Record<string, (...args: unknown[]) => Promise<T>> | undefined;
	const fn = methods?.[options.method];
	if (typeof fn !== 'function') {
		throw new Error(`Node type "${typeName}" has no methods.${kind}.${options.method}`);
	}
	const workflow = new Workflow({
		id: 'harness-workflow',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new HarnessNodeTypes({ [typeName]: options.node }),
	});
	const additionalData = buildAdditionalData({
		credentialsHelper: new HarnessCredentialsHelper(store),
		mode: 'internal',
		workflowData: { id: workflow.id, name: 'Harness workflow', nodes: [node], connections: {}, active: false } as never,
	});
	// the editor sends the full parameter set (defaults included); the Workflow constructor has added them
	additionalData.currentNodeParameters = node.parameters;
	const context = new LoadOptionsContext(workflow, node, additionalData, options.path ?? 'parameters');

	const { value, logs } = await withLogCapture(async () => {
		await workflow.expression.acquireIsolate();
		try {
			return { result: await call(fn, context), error: undefined };
		} catch (error) {
			return { result: undefined, error: toError(error) };
		} finally {
			await workflow.expression.releaseIsolate();
		}
	});
	return { ...value, logs, credentials: store };
}

/** Calls `methods.loadOptions[method]`. */
export async function runLoadOptions(options: RunMethodOptions): Promise<RunMethodResult<INodePropertyOptions[]>> {
	return await runMethod<INodePropertyOptions[]>('loadOptions', options, async (fn, context) => await fn.call(context));
}

/** Calls `methods.resourceMapping[method]`. */
export async function runResourceMapping(options: RunMethodOptions): Promise<RunMethodResult<ResourceMapperFields>> {
	return await runMethod<ResourceMapperFields>('resourceMapping', options, async (fn, context) => await fn.call(context));
}

/** Calls `methods.listSearch[method](filter, paginationToken)`. */
export async function runListSearch(
	options: RunMethodOptions & { filter?: string; paginationToken?: string },
): Promise<RunMethodResult<INodeListSearchResult>> {
	return await runMethod<INodeListSearchResult>(
		'listSearch',
		options,
		async (fn, context) => await fn.call(context, options.filter, options.paginationToken),
	);
}
