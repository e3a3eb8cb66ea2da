/**
 * Registry of credential types (`ICredentialType` instances) known to a harness run. The package's own
 * `credentials/*.credentials.ts` classes are loaded lazily by path, so tests need not import them.
 */
import './env';
import { readdirSync } from 'fs';
import { join, resolve } from 'path';
import { NodeHelpers, UnexpectedError } from 'n8n-workflow';
import type { ICredentialType, INodeProperties } from 'n8n-workflow';

const PACKAGE_ROOT = resolve(__dirname, '..', '..');
const CREDENTIALS_DIR = join(PACKAGE_ROOT, 'credentials');

function isCredentialType(value: unknown): value is ICredentialType {
	const candidate = value as ICredentialType | undefined;
	return (
		typeof candidate === 'object' &&
		candidate !== null &&
		typeof candidate.name === 'string' &&
		Array.isArray(candidate.properties)
	);
}

interface PackageLoadResult {
	types: ICredentialType[];
	/** file name -> load error message (a credential file that doesn't compile yet) */
	failures: Record<string, string>;
}

let packageTypesCache: PackageLoadResult | undefined;

/** Instantiates every exported class of `credentials/*.credentials.ts`. Cached per process (per jest test file). */
export function loadPackageCredentialTypes(): PackageLoadResult {
	if (packageTypesCache) return packageTypesCache;
	const result: PackageLoadResult = { types: [], failures: {} };
	let files: string[] = [];
	try {
		files = readdirSync(CREDENTIALS_DIR).filter((f) => /\.credentials\.ts$/.test(f));
	} catch {
		files = [];
	}
	for (const file of files) {
		try {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const moduleExports = require(join(CREDENTIALS_DIR, file)) as Record<string, unknown>;
			for (const exported of Object.values(moduleExports)) {
				if (typeof exported !== 'function') continue;
				const instance: unknown = new (exported as new () => unknown)();
				if (isCredentialType(instance)) result.types.push(instance);
			}
		} catch (error) {
			result.failures[file] = (error as Error).message;
		}
	}
	packageTypesCache = result;
	return result;
}

export class CredentialTypeRegistry {
	private readonly types = new Map<string, ICredentialType>();

	private packageTypesLoaded = false;

	constructor(
		types: ICredentialType[] = [],
		private readonly loadPackageTypes = true,
	) {
		for (const type of types) this.register(type);
	}

	/** Registers (or replaces) a credential type. */
	register(type: ICredentialType): void {
		this.types.set(type.name, type);
	}

	has(name: string): boolean {
		return this.find(name) !== undefined;
	}

	get(name: string): ICredentialType {
		const type = this.find(name);
		if (type) return type;
		const failures = this.loadPackageTypes ? loadPackageCredentialTypes().failures : {};
		const hint = Object.entries(failures)
			.map(([file, message]) => `${file}: ${message}`)
			.join('; ');
		throw new UnexpectedError(
			`Unknown credential type "${name}"; register it with CredentialStore.registerType()` +
				(hint ? ` (package credential files that failed to load: ${hint})` : ''),
		);
	}

	/** All ancestors from `extends`, nearest first (what `ICredentialsHelper.getParentTypes` returns). */
	getParentTypes(name: string): string[] {
		const type = this.find(name);
		if (!type?.extends) return [];
		const parents: string[] = [];
		for (const parent of type.extends) {
			parents.push(parent, ...this.getParentTypes(parent));
		}
		return parents;
	}

	/** Properties including inherited ones (parents first, own properties win), like the CLI helper. */
	getProperties(name: string): INodeProperties[] {
		const type = this.get(name);
		if (!type.extends) return type.properties;
		const combined: INodeProperties[] = [];
		for (const parent of type.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, type.properties);
		return combined;
	}

	private find(name: string): ICredentialType | undefined {
		const own = this.types.get(name);
		if (own || !this.loadPackageTypes) return own;
		if (!this.packageTypesLoaded) {
			this.packageTypesLoaded = true;
			for (const type of loadPackageCredentialTypes().types) {
				if (!this.types.has(type.name)) this.types.set(type.name, type);
			}
		}
		return this.types.get(name);
	}
}
