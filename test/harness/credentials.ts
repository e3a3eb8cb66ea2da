/**
 * In-memory credential storage plus an `ICredentialsHelper` that follows n8n's CLI `CredentialsHelper`
 * (packages/cli/src/credentials-helper.ts): generic + function `authenticate`, `preAuthentication` when the
 * hidden `expirable` property is empty or after a 401 (n8n-core retries the request once), and persistence of
 * the returned data into the store (standing in for n8n's credentials table).
 */
import './env';
import {
	getCredentialOwnRequestAllowedDomains,
	ICredentials,
	ICredentialsHelper,
	isExpression,
	NodeHelpers,
	UserError,
	Workflow,
} from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsEncrypted,
	ICredentialsExpressionResolveValues,
	ICredentialType,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentials,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRequestOptionsSimplified,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { CredentialTypeRegistry } from './credentialTypes';

export interface StoredCredential {
	id: string;
	name: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

/** One write of credential data back to the store (what n8n writes to its DB). */
export interface CredentialUpdate {
	type: string;
	id: string;
	/** Keys whose value changed. */
	changedKeys: string[];
	reason: 'preAuthentication' | 'oauthTokenData' | 'updateCredentials';
}

export interface PreAuthenticationCall {
	type: string;
	nodeName: string;
	/** true when called after a failed request (401 by default) rather than because the token was empty */
	credentialsExpired: boolean;
	/** whether the credential's `preAuthentication` function actually ran (false = token present, skipped) */
	ran: boolean;
}

export interface CredentialStoreOptions {
	/** Extra credential types (e.g. test-only ones). */
	types?: ICredentialType[];
	/** Load `credentials/*.credentials.ts` of this package on demand (default true). */
	loadPackageTypes?: boolean;
}

const clone = <T>(value: T): T => structuredClone(value);

/**
 * Holds one credential per credential type name. Pass the SAME store to consecutive runs to model n8n's
 * credentials table: a token obtained by `preAuthentication` in run 1 is reused by run 2.
 */
export class CredentialStore {
	readonly types: CredentialTypeRegistry;

	readonly updates: CredentialUpdate[] = [];

	readonly preAuthenticationCalls: PreAuthenticationCall[] = [];

	private readonly byType = new Map<string, StoredCredential>();

	constructor(data: Record<string, ICredentialDataDecryptedObject> = {}, options: CredentialStoreOptions = {}) {
		this.types = new CredentialTypeRegistry(options.types ?? [], options.loadPackageTypes ?? true);
		for (const [type, values] of Object.entries(data)) this.set(type, values);
	}

	registerType(type: ICredentialType): this {
		this.types.register(type);
		return this;
	}

	/** Stores (replaces) the credential of `type`. The type must be registered or be one of the package's. */
	set(type: string, data: ICredentialDataDecryptedObject, name = `${type} (harness)`): StoredCredential {
		this.types.get(type); // fail early on unknown types
		const stored: StoredCredential = { id: `harness-${type}`, name, type, data: clone(data) };
		this.byType.set(type, stored);
		return clone(stored);
	}

	has(type: string): boolean {
		return this.byType.has(type);
	}

	/** A copy of the stored (raw, "decrypted") data of `type`, as n8n would have it in its DB. */
	get(type: string): ICredentialDataDecryptedObject {
		return clone(this.getStored(type).data);
	}

	/** Stored type names. */
	storedTypes(): string[] {
		return [...this.byType.keys()];
	}

	/** `node.credentials` value referencing the stored credentials of the given types (unknown types skipped). */
	nodeCredentialsFor(types: string[]): INodeCredentials {
		const result: INodeCredentials = {};
		for (const type of types) {
			const stored = this.byType.get(type);
			if (stored) result[type] = { id: stored.id, name: stored.name };
		}
		return result;
	}

	/** @internal used by the helper */
	getStored(type: string, id?: string | null): StoredCredential {
		const stored = this.byType.get(type);
		if (!stored || (id && stored.id !== id)) {
			throw new UserError(`No credentials of type "${type}" in the harness CredentialStore (call store.set("${type}", {...}))`);
		}
		return stored;
	}

	/** @internal replaces the stored data and records which keys changed */
	write(type: string, data: ICredentialDataDecryptedObject, reason: CredentialUpdate['reason']): void {
		const stored = this.getStored(type);
		const keys = new Set([...Object.keys(stored.data), ...Object.keys(data)]);
		const changedKeys = [...keys].filter((k) => JSON.stringify(stored.data[k]) !== JSON.stringify(data[k]));
		stored.data = clone(data);
		this.updates.push({ type, id: stored.id, changedKeys, reason });
	}
}

/** `ICredentials` over the in-memory store (no encryption: the store already holds plain data). */
class StoredCredentials extends ICredentials {
	constructor(
		private readonly store: CredentialStore,
		stored: StoredCredential,
	) {
		super({ id: stored.id, name: stored.name }, stored.type, undefined);
	}

	async getData(): Promise<ICredentialDataDecryptedObject> {
		return this.store.get(this.type);
	}

	getDataToSave(): ICredentialsEncrypted {
		return { id: this.id, name: this.name, type: this.type, data: JSON.stringify(this.store.get(this.type)) };
	}

	async setData(data: ICredentialDataDecryptedObject): Promise<void> {
		this.store.write(this.type, data, 'updateCredentials');
	}

	async updateData(toUpdate: ICredentialDataDecryptedObject, toDelete: string[] = []): Promise<void> {
		const data = { ...this.store.get(this.type), ...toUpdate };
		for (const key of toDelete) delete data[key];
		this.store.write(this.type, data, 'updateCredentials');
	}
}

/** Same as the CLI's `restrictToCredentialDomains`: preAuthentication only sees `helpers.httpRequest`. */
function restrictToCredentialDomains(helpers: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): IHttpRequestHelper {
	return {
		helpers: {
			httpRequest: async (requestOptions: IHttpRequestOptions): Promise<unknown> => {
				const allowedDomains = getCredentialOwnRequestAllowedDomains(credentials);
				if (allowedDomains === undefined) return await helpers.helpers.httpRequest(requestOptions);
				if (requestOptions.allowedDomains !== undefined) {
					throw new UserError(
						'This credential restricts requests to specific domains, which cannot be combined with the domains its authentication step asks for.',
					);
				}
				return await helpers.helpers.httpRequest({ ...requestOptions, allowedDomains });
			},
		},
	};
}

/** Node types for the throw-away workflow used to resolve credential expressions outside a node run. */
const noNodeTypes: INodeTypes = {
	getByName: () => undefined as unknown as INodeType | IVersionedNodeType,
	getByNameAndVersion: () => undefined as unknown as INodeType,
	getKnownTypes: () => ({}),
};

const mockNode: INode = { id: 'mock', name: '', typeVersion: 1, type: 'mock', position: [0, 0], parameters: {} };

export class HarnessCredentialsHelper extends ICredentialsHelper {
	constructor(readonly store: CredentialStore) {
		super();
	}

	getParentTypes(name: string): string[] {
		return this.store.types.getParentTypes(name);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		if (!this.store.types.has(credentialType)) return true;
		const type = this.store.types.get(credentialType);
		if (!type.restrictToSupportedNodes) return true;
		return (type.supportedNodes ?? []).some((supported) => nodeType === supported || nodeType.endsWith(`.${supported}`));
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.store.types.get(typeName);
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (typeof authenticate === 'object' && authenticate.type === 'generic') {
			if (!workflow || !node) throw new UserError('Workflow and node are required for declarative credential authentication');
			requestOptions.headers ??= {};
			const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
			for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(outerValue as Record<string, string>)) {
					const keyResolved = this.resolveValue(key, credentials, workflow, node);
					const valueResolved = this.resolveValue(value, credentials, workflow, node);
					target[outerKey] ??= {};
					target[outerKey][keyResolved] = valueResolved;
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.store.types.get(typeName);
		const expirable = this.store.types
			.getProperties(typeName)
			.find((property) => property.type === 'hidden' && property.typeOptions?.expirable === true);
		if (expirable?.name === undefined || typeof type.preAuthentication !== 'function') return undefined;

		const isTestingCredentials = node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		const shouldRun = credentials[expirable.name] === '' || credentialsExpired || isTestingCredentials;
		this.store.preAuthenticationCalls.push({ type: typeName, nodeName: node?.name, credentialsExpired, ran: shouldRun });
		if (!shouldRun) return undefined;

		const output = await type.preAuthentication.call(restrictToCredentialDomains(helpers, credentials), credentials);
		// Without the expirable key n8n neither persists nor merges anything.
		if (output[expirable.name] === undefined) return undefined;
		if (!node.credentials?.[typeName]) return undefined;

		const stored = this.store.get(typeName);
		const toPersist: ICredentialDataDecryptedObject = { ...stored };
		for (const [key, value] of Object.entries(output)) {
			// never overwrite a field stored as an expression with this run's resolved value
			if (key === expirable.name || !isExpression(stored[key])) toPersist[key] = value as ICredentialDataDecryptedObject[string];
		}
		this.store.write(typeName, toPersist, 'preAuthentication');
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.store.types.get(typeName);
		if (typeof type.preAuthentication !== 'function') return undefined;
		const output = await type.preAuthentication.call(restrictToCredentialDomains(helpers, credentials), credentials);
		return (output as ICredentialDataDecryptedObject | undefined) ?? undefined;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		return new StoredCredentials(this.store, this.store.getStored(type, nodeCredentials.id));
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = this.store.getStored(type, nodeCredentials.id);
		const data = clone(stored.data);
		if (raw === true) return data;

		// defaults of the credential type (e.g. the hidden expirable token defaults to '')
		const withDefaults = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			data as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		if (data.oauthTokenData !== undefined) withDefaults.oauthTokenData = data.oauthTokenData;

		if (!Object.values(withDefaults).some((value) => isExpression(value))) return withDefaults;

		if (expressionResolveValues) {
			return expressionResolveValues.workflow.expression.getParameterValue(
				withDefaults as INodeParameters,
				expressionResolveValues.runExecutionData,
				expressionResolveValues.runIndex,
				expressionResolveValues.itemIndex,
				expressionResolveValues.node.name,
				expressionResolveValues.connectionInputData,
				mode,
				{},
				executeData,
				false,
				withDefaults,
			) as ICredentialDataDecryptedObject;
		}
		const workflow = new Workflow({ nodes: [mockNode], connections: {}, active: false, nodeTypes: noNodeTypes });
		await workflow.expression.acquireIsolate();
		try {
			return workflow.expression.getComplexParameterValue(
				mockNode,
				withDefaults as INodeParameters,
				mode,
				{},
				undefined,
				undefined,
				withDefaults,
			) as ICredentialDataDecryptedObject;
		} finally {
			await workflow.expression.releaseIsolate();
		}
	}

	async updateCredentials(nodeCredentials: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject): Promise<void> {
		this.store.getStored(type, nodeCredentials.id);
		this.store.write(type, data, 'updateCredentials');
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const stored = this.store.getStored(type, nodeCredentials.id);
		this.store.write(type, { ...stored.data, oauthTokenData: data.oauthTokenData }, 'oauthTokenData');
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.store.types.getProperties(type);
	}

	private resolveValue(value: string, credentials: ICredentialDataDecryptedObject, workflow: Workflow, node: INode): string {
		if (!isExpression(value)) return value;
		const resolved = workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '');
		if (!resolved) return '';
		return String(resolved);
	}
}
