/**
 * Process-level settings that must be in place BEFORE n8n-core is loaded (it reads env vars when its DI
 * services are first built). Imported first by every harness module.
 */
import { mkdirSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

// n8n-core's InstanceSettings creates `<N8N_USER_FOLDER>/.n8n/config` (encryption key) on first use; keep it
// out of the developer's home directory.
if (!process.env.N8N_USER_FOLDER) {
	const folder = join(tmpdir(), 'n8n-harness-user-folder');
	mkdirSync(folder, { recursive: true });
	process.env.N8N_USER_FOLDER = folder;
}

// Simulators listen on 127.0.0.1; n8n's SSRF guard is off by default, make sure a developer's shell can't turn
// it on for the tests (reliability tests that want it must set it explicitly before importing the harness).
if (process.env.N8N_SSRF_PROTECTION_ENABLED === undefined) {
	process.env.N8N_SSRF_PROTECTION_ENABLED = 'false';
}

// Don't let a developer's proxy settings reroute loopback traffic.
if (process.env.NO_PROXY === undefined && process.env.no_proxy === undefined) {
	process.env.NO_PROXY = '127.0.0.1,localhost';
}
