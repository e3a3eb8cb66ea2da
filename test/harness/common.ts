/** Pieces shared by the run* functions: credential store resolution, node construction, static data copies. */
import './env';
import { NodeHelpers } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	INode,
	INodeParameters,
	INodeType,
	IVersionedNodeType,
} from 'n8n-workflow';

import { CredentialStore } from './credentials';
import { latestVersion } from './nodeTypes';

/** A store (shared across runs, so refreshed tokens persist) or plain data per credential type name. */
export type CredentialsInput = CredentialStore | Record<string, ICredentialDataDecryptedObject>;

export function resolveCredentialStore(credentials: CredentialsInput | undefined, extraTypes: ICredentialType[] = []): CredentialStore {
	if (credentials instanceof CredentialStore) {
		for (const type of extraTypes) credentials.registerType(type);
		return credentials;
	}
	const store = new CredentialStore({}, { types: extraTypes });
	for (const [type, data] of Object.entries(credentials ?? {})) store.set(type, data);
	return store;
}

/** Credential type names the node (at that version) declares. */
export function declaredCredentialTypes(nodeType: INodeType | IVersionedNodeType, version: number): string[] {
	const concrete = NodeHelpers.getVersionedNodeType(nodeType, version);
	return (concrete.description.credentials ?? []).map((c) => c.name);
}

export interface BuildNodeOptions {
	nodeType: INodeType | IVersionedNodeType;
	typeName: string;
	name: string;
	parameters?: INodeParameters;
	typeVersion?: number;
	store: CredentialStore;
	continueOnFail?: boolean;
	position?: [number, number];
}

/** An `INode` whose `credentials` reference every stored credential the node type declares. */
export function buildNode(options: BuildNodeOptions): INode {
	const typeVersion = options.typeVersion ?? latestVersion(options.nodeType);
	const credentials = options.store.nodeCredentialsFor(declaredCredentialTypes(options.nodeType, typeVersion));
	const node: INode = {
		id: `node-${options.name.replace(/[^a-zA-Z0-9]+/g, '-')}`,
		name: options.name,
		type: options.typeName,
		typeVersion,
		position: options.position ?? [0, 0],
		// the Workflow constructor adds defaults into node.parameters in place: never hand it the caller's object
		parameters: structuredClone(options.parameters ?? {}),
	};
	if (Object.keys(credentials).length > 0) node.credentials = credentials;
	if (options.continueOnFail) {
		node.continueOnFail = true;
		node.onError = 'continueRegularOutput';
	}
	return node;
}

/** JSON copy of static data without n8n's ObservableObject change markers (`__dataChanged`). */
export function plainStaticData(data: IDataObject | undefined): IDataObject {
	const json = JSON.stringify(data ?? {}, (key, value: unknown) => (key === '__dataChanged' ? undefined : value));
	return JSON.parse(json) as IDataObject;
}

/** Replace the contents of `target` in place (the caller keeps and passes back the same object). */
export function replaceContents(target: IDataObject, source: IDataObject): void {
	for (const key of Object.keys(target)) delete target[key];
	Object.assign(target, source);
}

/**
 * n8n stores node errors in run data as plain (serialised) objects; turn them back into `Error`s that keep every
 * field (`name`, `description`, `httpCode`, `node`, `context`, ...).
 */
export function toError(error: unknown): Error {
	if (error instanceof Error) return error;
	if (typeof error === 'object' && error !== null && 'message' in error) {
		const restored = new Error(String((error as { message: unknown }).message));
		return Object.assign(restored, error);
	}
	return new Error(String(error));
}
