/** `INodeTypes` over a plain record of node classes, plus the tiny built-in start nodes the harness offers. */
import './env';
import { NodeConnectionTypes, NodeHelpers } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';

/** Package name n8n prefixes to the community node names (`<package>.<description.name>`). */
export const PACKAGE_NAME = 'n8n-nodes-bouwsoft-outsmart';

export const MANUAL_TRIGGER_TYPE = 'n8n-nodes-base.manualTrigger';
export const NO_OP_TYPE = 'n8n-nodes-base.noOp';

/** Stand-in for n8n's Manual Trigger: emits the items it is started with (one empty item by default). */
export class HarnessManualTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Manual Trigger (harness)',
		name: 'manualTrigger',
		group: ['trigger', 'input'],
		version: 1,
		description: 'Starts the workflow with the harness start items',
		defaults: { name: 'When clicking ‘Execute workflow’' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

/** Stand-in for n8n's No Operation node: passes its input through (handy as a sink in workflow tests). */
export class HarnessNoOp implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'No Operation (harness)',
		name: 'noOp',
		group: ['organization'],
		version: 1,
		description: 'Passes items through',
		defaults: { name: 'No Operation, do nothing' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

export const BUILT_IN_NODE_TYPES: Record<string, INodeType> = {
	[MANUAL_TRIGGER_TYPE]: new HarnessManualTrigger(),
	[NO_OP_TYPE]: new HarnessNoOp(),
};

/** `<package>.<description.name>`, the type string n8n gives a community node. */
export function defaultTypeName(node: INodeType | IVersionedNodeType): string {
	return `${PACKAGE_NAME}.${node.description.name}`;
}

/** Latest version of a node type (`defaultVersion` for versioned nodes, max of `version` otherwise). */
export function latestVersion(node: INodeType | IVersionedNodeType): number {
	if ('nodeVersions' in node) return node.description.defaultVersion ?? Math.max(...Object.keys(node.nodeVersions).map(Number));
	const { version } = node.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

export class HarnessNodeTypes implements INodeTypes {
	private readonly types: Record<string, INodeType | IVersionedNodeType>;

	private readonly wrapped = new Map<string, INodeType>();

	/**
	 * Per node name: how many items its `execute()` returned without `pairedItem`, counted before the engine
	 * fills pairedItem in itself.
	 */
	readonly itemsWithoutPairedItem: Record<string, number> = {};

	constructor(types: Record<string, INodeType | IVersionedNodeType>) {
		this.types = { ...BUILT_IN_NODE_TYPES, ...types };
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		return this.lookup(nodeType);
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		const concrete = NodeHelpers.getVersionedNodeType(this.lookup(nodeType), version);
		if (typeof concrete.execute !== 'function' || BUILT_IN_NODE_TYPES[nodeType]) return concrete;
		const key = `${nodeType}@${version ?? ''}`;
		let wrapped = this.wrapped.get(key);
		if (!wrapped) {
			wrapped = this.countMissingPairedItems(concrete);
			this.wrapped.set(key, wrapped);
		}
		return wrapped;
	}

	/** Same node type (prototype chain), with `execute` counting output items that lack `pairedItem`. */
	private countMissingPairedItems(concrete: INodeType): INodeType {
		const execute = concrete.execute!;
		const counts = this.itemsWithoutPairedItem;
		const wrapper = Object.create(concrete) as INodeType;
		wrapper.execute = async function (this: IExecuteFunctions) {
			const result = await execute.call(this);
			const name = this.getNode().name;
			let missing = counts[name] ?? 0;
			for (const output of (result ?? []) as Array<INodeExecutionData[] | null>) {
				for (const item of output ?? []) if (item.pairedItem === undefined) missing++;
			}
			counts[name] = missing;
			return result;
		};
		return wrapper;
	}

	getKnownTypes() {
		return {};
	}

	private lookup(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.types[nodeType];
		if (!type) {
			throw new Error(`Unknown node type "${nodeType}" (known: ${Object.keys(this.types).join(', ')})`);
		}
		return type;
	}
}

/** The node's default display name (`description.defaults.name`), as the editor would name it. */
export function defaultNodeName(node: INodeType | IVersionedNodeType, version?: number): string {
	const concrete = NodeHelpers.getVersionedNodeType(node, version ?? latestVersion(node));
	return concrete.description.defaults.name ?? concrete.description.displayName;
}
