/**
 * n8n-core ships its own nested copies of `@n8n/di` and `@n8n/backend-common`; the DI container and the
 * `Logger` token must be taken from THOSE copies, otherwise `Container.set` would register into a different
 * container than the one n8n-core reads from.
 */
import './env';
import { dirname } from 'path';

interface DiContainer {
	get<T>(token: unknown): T;
	set<T>(token: unknown, instance: T): void;
	has(token: unknown): boolean;
}

const coreDir = dirname(require.resolve('n8n-core/package.json'));

function requireFromCore<T>(request: string): T {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require(require.resolve(request, { paths: [coreDir] })) as T;
}

export const Container = requireFromCore<{ Container: DiContainer }>('@n8n/di').Container;

/** The `Logger` class used as DI token for `this.logger` inside node execution contexts. */
export const BackendLoggerToken = requireFromCore<{ Logger: unknown }>('@n8n/backend-common').Logger;
