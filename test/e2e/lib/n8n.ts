/**
 * Typed controller for a real, throw-away n8n server (pinned version, Node 24 from the cache) with community
 * packages installed from a local folder. Recipe and gotchas: /work/shared/reference/n8n-e2e.md.
 *
 *   const n8n = await N8nInstance.create({ name: 'templates' });   // fresh user folder, free ports, our package
 *   await n8n.importCredentials([...]); await n8n.importWorkflows([...]);
 *   const run = await n8n.execute('wfId');                         // CLI, Manual Trigger workflows
 *   await n8n.publish('wfId'); await n8n.start();                  // active mode: polls at once, then per pollTimes
 *   await n8n.waitForExecutions('wfId', (list) => list.length >= 1, 60_000);
 *   const manual = await n8n.runManual('wfId', 'Bouwsoft Trigger'); // what "Execute workflow" in the editor does
 *   await n8n.dispose();                                            // stops every process it started
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFile } from 'child_process';
import { sharedSimulatorCertificate } from '../../simulators/bouwsoft/sharedCertificate';
import { ensureN8nInstalled, N8nInstallation } from './install';
import { freePort, sleepMs, waitFor } from './net';
import { spawnTracked, stopTracked, TrackedProcess } from './processes';
import type { CredentialImport, ExecutionDetails, WorkflowJson } from './types';

export type { CredentialImport, ExecutionDetails, WorkflowJson } from './types';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
/** Outside the clone on purpose: a user folder inside the repo would let community packages resolve the repo's
 * own node_modules (n8n-workflow 2.41.0 without native builds) before n8n's. */
export const WORK_ROOT = path.join(os.tmpdir(), 'n8n-nodes-bouwsoft-outsmart-e2e');
export const ENCRYPTION_KEY = 'bouwsoft-outsmart-e2e-encryption-key';
const BROWSER_ID = 'bouwsoft-outsmart-e2e';

export interface N8nOptions {
	/** label used in the work dir name and in messages */
	name?: string;
	/** folders holding package.json + dist/ to install as community packages (default: $E2E_PACKAGE_DIR or this repository) */
	packages?: string[];
	/** fixed editor port (default: a free one) */
	port?: number;
	/** extra environment for the server and every CLI command */
	env?: Record<string, string>;
	/** keep the user folder after dispose() (default: only when something failed, or E2E_KEEP_WORK=1) */
	keepWorkDir?: boolean;
	/** mirror the server log to this process's stderr (default: E2E_ECHO_SERVER_LOG=1) */
	echoServerLog?: boolean;
}

export interface OwnerLogin {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export interface CliResult {
	args: string[];
	code: number | null;
	signal: NodeJS.Signals | null;
	output: string;
	logFile: string;
	durationMs: number;
}

export interface CliExecution {
	/** 'success' | 'error' | ... from the run data; 'unknown' when no JSON could be parsed */
	status: string;
	/** the IRun printed by `n8n execute --rawOutput` (same `data.resultData.runData` shape as ExecutionDetails) */
	run: ExecutionDetails | undefined;
	cli: CliResult;
}

export const DEFAULT_OWNER: OwnerLogin = {
	email: 'owner@example.com',
	password: 'Demo-Passw0rd',
	firstName: 'Demo',
	lastName: 'Owner',
};

/** Files a community package must have built (the package.json `n8n` section). */
export function builtPackageFiles(packageDir: string): { name: string; missing: string[] } {
	const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as {
		name: string;
		n8n?: { nodes?: string[]; credentials?: string[] };
	};
	const files = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	return { name: pkg.name, missing: files.filter((file) => !fs.existsSync(path.join(packageDir, file))) };
}

export class N8nInstance {
	readonly baseUrl: string;
	readonly serverLog: string;
	readonly owner: OwnerLogin = { ...DEFAULT_OWNER };
	private server: TrackedProcess | undefined;
	private cookie: string | undefined;
	private apiKey: string | undefined;
	private pendingLogin: Promise<OwnerLogin> | undefined;
	private pendingApiKey: Promise<string> | undefined;
	private cliCount = 0;
	private failed = false;
	private disposed = false;

	private constructor(
		readonly installation: N8nInstallation,
		readonly workDir: string,
		readonly port: number,
		readonly brokerPort: number,
		readonly packageNames: string[],
		private readonly options: N8nOptions,
	) {
		this.baseUrl = `http://127.0.0.1:${port}`;
		this.serverLog = path.join(workDir, 'n8n-server.log');
	}

	/** Installs n8n if needed, creates a fresh user folder with the packages, picks free ports. Starts nothing. */
	static async create(options: N8nOptions = {}): Promise<N8nInstance> {
		const installation = ensureN8nInstalled();
		const label = (options.name ?? 'n8n').replace(/[^a-zA-Z0-9_-]/g, '-');
		fs.mkdirSync(WORK_ROOT, { recursive: true });
		const workDir = fs.mkdtempSync(path.join(WORK_ROOT, `${label}-`));
		const packageNames: string[] = [];
		for (const packageDir of options.packages ?? [process.env.E2E_PACKAGE_DIR ?? REPO_ROOT]) {
			packageNames.push(installCommunityPackage(packageDir, workDir));
		}
		const port = options.port ?? (await freePort());
		const brokerPort = await freePort();
		return new N8nInstance(installation, workDir, port, brokerPort, packageNames, options);
	}

	/** n8n's data folder (database.sqlite, config, nodes/). */
	get dataFolder(): string {
		return path.join(this.workDir, '.n8n');
	}

	get editorUrl(): string {
		return `http://localhost:${this.port}`;
	}

	isRunning(): boolean {
		return this.server?.isRunning() ?? false;
	}

	/** pid of the running server, if any. */
	serverPid(): number | undefined {
		return this.server?.isRunning() ? this.server.pid : undefined;
	}

	/** The environment of the server and every CLI command (also used for queue-mode workers, lib/queueCluster.ts). */
	env(brokerPort: number): NodeJS.ProcessEnv {
		const env: NodeJS.ProcessEnv = {};
		// Not inherited: jest's NODE_ENV=test changes n8n's behaviour; npm_* / NODE_OPTIONS belong to the parent.
		for (const [key, value] of Object.entries(process.env)) {
			if (/^(npm_|NODE_OPTIONS$|NODE_ENV$|NODE_PATH$|TS_NODE_|JEST_|N8N_|DB_|EXECUTIONS_)/i.test(key)) continue;
			env[key] = value;
		}
		return {
			...env,
			PATH: `${path.dirname(this.installation.nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`,
			NODE_ENV: 'production',
			N8N_USER_FOLDER: this.workDir,
			N8N_PORT: String(this.port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: 'localhost',
			N8N_PROTOCOL: 'http',
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
			// The Bouwsoft simulator's data server speaks HTTPS with the machine's one test certificate; Node
			// reads this only at start, so every n8n process (server, CLI, queue workers) gets it here.
			NODE_EXTRA_CA_CERTS: sharedSimulatorCertificate().caPath,
			...(this.options.env ?? {}),
		};
	}

	// ---------------------------------------------------------------- CLI

	/** Run `n8n <args>` to completion (own broker port, so it also works next to a running server). */
	async cli(args: string[], options: { timeoutMs?: number } = {}): Promise<CliResult> {
		const timeoutMs = options.timeoutMs ?? 180_000;
		const index = ++this.cliCount;
		const logFile = path.join(this.workDir, `cli-${String(index).padStart(3, '0')}-${args[0].replace(/[^a-z]/gi, '_')}.log`);
		const started = Date.now();
		const proc = spawnTracked(`n8n ${args[0]}`, this.installation.nodeBin, [this.installation.n8nMain, ...args], {
			cwd: this.workDir,
			env: this.env(await freePort()),
			logFile,
		});
		const timer = setTimeout(() => void stopTracked(proc, 3000), timeoutMs);
		const { code, signal } = await proc.exited;
		clearTimeout(timer);
		await stopTracked(proc); // runners the CLI may have left behind
		return {
			args,
			code,
			signal,
			output: fs.readFileSync(logFile, 'utf8'),
			logFile,
			durationMs: Date.now() - started,
		};
	}

	private async cliOk(args: string[], expect?: RegExp): Promise<CliResult> {
		const result = await this.cli(args);
		if (result.code !== 0 || (expect && !expect.test(result.output))) {
			throw this.failure(
				`n8n ${args.join(' ')} failed (exit ${result.code ?? result.signal})`,
				result.output,
				result.logFile,
			);
		}
		return result;
	}

	/** `n8n import:credentials`; `data` is the plain object (n8n encrypts it). Give each a stable `id`. */
	async importCredentials(credentials: CredentialImport[]): Promise<void> {
		const file = path.join(this.workDir, `credentials-${Date.now()}.json`);
		fs.writeFileSync(file, JSON.stringify(credentials, null, 2));
		try {
			await this.cliOk(['import:credentials', `--input=${file}`], /Successfully imported/);
		} finally {
			fs.rmSync(file, { force: true }); // holds secrets in plain text
		}
	}

	/**
	 * `n8n import:workflow` in one CLI call: a directory of *.json files, or a list of files and/or workflow objects.
	 * Workflows without an `id` get a random one from n8n, so give them one (<= 21 chars; see workflows.ts).
	 * Imported workflows are inactive; use publish().
	 */
	async importWorkflows(input: string | Array<string | WorkflowJson>): Promise<void> {
		let dir: string;
		if (typeof input === 'string' && fs.statSync(input).isDirectory()) {
			dir = input;
		} else {
			const list = typeof input === 'string' ? [input] : input;
			dir = fs.mkdtempSync(path.join(this.workDir, 'import-'));
			list.forEach((entry, i) => {
				const json = typeof entry === 'string' ? fs.readFileSync(entry, 'utf8') : JSON.stringify(entry, null, 2);
				fs.writeFileSync(path.join(dir, `${String(i).padStart(3, '0')}.json`), json);
			});
		}
		await this.cliOk(['import:workflow', '--separate', `--input=${dir}`], /Successfully imported/);
	}

	/**
	 * `n8n execute --id --rawOutput` for a workflow that starts with a Manual Trigger (a polling trigger cannot
	 * start a CLI execution). Judged by the status in the printed run data, not the exit code; retried once when the
	 * process crashed (exit 139) before printing a result.
	 */
	async execute(workflowId: string, options: { timeoutMs?: number } = {}): Promise<CliExecution> {
		for (let attempt = 1; ; attempt++) {
			const cli = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], options);
			const run = parseRawOutput(cli.output);
			const crashed = cli.code === 139 || cli.signal === 'SIGSEGV';
			if (!run && crashed && attempt === 1) continue;
			return { status: run?.status ?? 'unknown', run, cli };
		}
	}

	/** Like execute(), but throws (with the CLI output) unless the run status is 'success'. */
	async executeOk(workflowId: string, options: { timeoutMs?: number } = {}): Promise<ExecutionDetails> {
		const result = await this.execute(workflowId, options);
		if (result.status !== 'success' || !result.run) {
			const error = result.run?.data?.resultData?.error;
			throw this.failure(
				`n8n execute --id=${workflowId}: status ${result.status}${error ? `: ${JSON.stringify(error).slice(0, 2000)}` : ''}`,
				result.cli.output,
				result.cli.logFile,
			);
		}
		return result.run;
	}

	/** Activate a workflow. A running server picks this up within ~2 s and polls at once; restart() is the safe path. */
	async publish(workflowId: string): Promise<void> {
		await this.cliOk(['publish:workflow', `--id=${workflowId}`]);
	}

	async unpublish(workflowId: string | 'all'): Promise<void> {
		await this.cliOk(['unpublish:workflow', workflowId === 'all' ? '--all' : `--id=${workflowId}`]);
	}

	// ---------------------------------------------------------------- server

	/** Start `n8n start` and wait for /healthz/readiness. */
	async start(options: { timeoutMs?: number } = {}): Promise<void> {
		if (this.isRunning()) return;
		fs.appendFileSync(this.serverLog, `\n===== n8n start ${new Date().toISOString()} =====\n`);
		const server = spawnTracked('n8n start', this.installation.nodeBin, [this.installation.n8nMain, 'start'], {
			cwd: this.workDir,
			env: this.env(this.brokerPort),
			logFile: this.serverLog,
		});
		this.server = server;
		if (this.options.echoServerLog ?? process.env.E2E_ECHO_SERVER_LOG === '1') this.tailServerLogToStderr(server);
		const started = Date.now();
		try {
			await waitFor(
				'n8n readiness',
				async () => {
					if (!server.isRunning()) throw new Error('n8n exited during start-up');
					const res = await fetch(`${this.baseUrl}/healthz/readiness`);
					const body = res.ok ? ((await res.json()) as { status?: string }) : undefined;
					return body?.status === 'ok' ? true : undefined;
				},
				options.timeoutMs ?? 120_000,
			);
		} catch (error) {
			await stopTracked(server, 3000);
			throw this.failure(`n8n did not become ready: ${(error as Error).message}`);
		}
		this.cookie = undefined;
		process.stderr.write(`[e2e] n8n ready on ${this.baseUrl} after ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
	}

	async stop(): Promise<void> {
		if (this.server) await stopTracked(this.server);
		this.server = undefined;
		this.cookie = undefined;
	}

	async restart(): Promise<void> {
		await this.stop();
		await this.start();
	}

	/** Stop everything and remove the user folder (kept when something failed or keepWorkDir / E2E_KEEP_WORK=1). */
	async dispose(): Promise<void> {
		if (this.disposed) return;
		this.disposed = true;
		await this.stop();
		// set by test/e2e/environment.js when a test or hook of the current file failed
		const testFailed = (globalThis as { __E2E_TEST_FAILED__?: boolean }).__E2E_TEST_FAILED__ === true;
		if (testFailed && !this.failed) {
			process.stderr.write(`[e2e] a test failed; n8n server log (${this.serverLog}), last 80 lines:\n${this.logTail(80)}\n`);
		}
		const keep = this.options.keepWorkDir || this.failed || testFailed || process.env.E2E_KEEP_WORK === '1';
		if (keep) process.stderr.write(`[e2e] kept n8n work dir ${this.workDir}\n`);
		else fs.rmSync(this.workDir, { recursive: true, force: true });
	}

	private tailServerLogToStderr(server: TrackedProcess): void {
		let offset = fs.existsSync(this.serverLog) ? fs.statSync(this.serverLog).size : 0;
		const timer = setInterval(() => {
			const size = fs.statSync(this.serverLog).size;
			if (size > offset) {
				const fd = fs.openSync(this.serverLog, 'r');
				const buffer = Buffer.alloc(size - offset);
				fs.readSync(fd, buffer, 0, buffer.length, offset);
				fs.closeSync(fd);
				process.stderr.write(buffer.toString('utf8'));
				offset = size;
			}
			if (!server.isRunning()) clearInterval(timer);
		}, 500);
		timer.unref();
	}

	// ---------------------------------------------------------------- HTTP

	/**
	 * setupOwner() shared by concurrent first calls: two parallel owner setups would each get a cookie, and the second
	 * setup invalidates the first one's session (401 on every later call with it).
	 */
	private loginOnce(): Promise<OwnerLogin> {
		this.pendingLogin ??= this.setupOwner().finally(() => {
			this.pendingLogin = undefined;
		});
		return this.pendingLogin;
	}

	/** Create the owner on a fresh instance (or log in when it exists); keeps the session cookie for rest(). */
	async setupOwner(): Promise<OwnerLogin> {
		this.requireServer();
		let res = await fetch(`${this.baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': BROWSER_ID },
			body: JSON.stringify(this.owner),
		});
		if (!res.ok) {
			const setupError = await res.text();
			res = await fetch(`${this.baseUrl}/rest/login`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'browser-id': BROWSER_ID },
				body: JSON.stringify({ emailOrLdapLoginId: this.owner.email, password: this.owner.password }),
			});
			if (!res.ok) {
				throw this.failure(`owner setup failed (${setupError.slice(0, 300)}) and login failed: ${res.status} ${await res.text()}`);
			}
		}
		const cookie = res.headers
			.getSetCookie()
			.map((line) => line.split(';')[0])
			.find((pair) => pair.startsWith('n8n-auth='));
		if (!cookie) throw this.failure('owner setup/login returned no n8n-auth cookie');
		this.cookie = cookie;
		return this.owner;
	}

	/** Internal REST API (`/rest/...`) with the owner's session cookie. Returns the `data` member when present. */
	async rest<T = unknown>(method: string, urlPath: string, body?: unknown): Promise<T> {
		if (!this.cookie) await this.loginOnce();
		const res = await fetch(`${this.baseUrl}/rest${urlPath}`, {
			method,
			headers: { 'content-type': 'application/json', 'browser-id': BROWSER_ID, cookie: this.cookie ?? '' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`${method} /rest${urlPath}: ${res.status} ${text.slice(0, 1000)}`);
		const json = text ? (JSON.parse(text) as { data?: T }) : {};
		return (json && typeof json === 'object' && 'data' in json ? json.data : json) as T;
	}

	/** Public API (`/api/v1/...`) with an API key created on first use (all scopes). */
	async api<T = unknown>(method: string, urlPath: string, body?: unknown): Promise<T> {
		if (!this.apiKey) {
			// One key even when several calls start at once.
			this.pendingApiKey ??= (async () => {
				const scopes = await this.rest<string[]>('GET', '/api-keys/scopes');
				const created = await this.rest<{ rawApiKey: string }>('POST', '/api-keys', {
					label: `e2e-${Date.now()}`,
					scopes,
					expiresAt: null,
				});
				return created.rawApiKey;
			})().finally(() => {
				this.pendingApiKey = undefined;
			});
			this.apiKey = await this.pendingApiKey;
		}
		const res = await fetch(`${this.baseUrl}/api/v1${urlPath}`, {
			method,
			headers: { 'content-type': 'application/json', 'X-N8N-API-KEY': this.apiKey },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`${method} /api/v1${urlPath}: ${res.status} ${text.slice(0, 1000)}`);
		return (text ? JSON.parse(text) : undefined) as T;
	}

	/** Node type names n8n loaded (`/types/nodes.json`), e.g. 'n8n-nodes-bouwsoft-outsmart.bouwsoftTrigger'. */
	async loadedNodeTypes(): Promise<string[]> {
		const list = await this.getTypes('nodes');
		return [...new Set(list.map((node) => node.name))];
	}

	/** Credential type names n8n loaded (`/types/credentials.json`). */
	async loadedCredentialTypes(): Promise<string[]> {
		const list = await this.getTypes('credentials');
		return list.map((credential) => credential.name);
	}

	/** `/types/<kind>.json` (the editor's static type lists; needs the session cookie). */
	private async getTypes(kind: 'nodes' | 'credentials'): Promise<Array<{ name: string }>> {
		this.requireServer();
		if (!this.cookie) await this.loginOnce();
		const res = await fetch(`${this.baseUrl}/types/${kind}.json`, {
			headers: { 'browser-id': BROWSER_ID, cookie: this.cookie ?? '' },
		});
		if (!res.ok) throw this.failure(`GET /types/${kind}.json: ${res.status}`);
		return (await res.json()) as Array<{ name: string }>;
	}

	// ---------------------------------------------------------------- executions

	/**
	 * What "Execute workflow" in the editor does: POST /rest/workflows/:id/run from the given trigger (for a polling
	 * trigger this calls poll() once in mode 'manual'; static data is NOT saved). Waits for the execution to finish
	 * and returns it with its run data.
	 */
	async runManual(workflowId: string, triggerNodeName: string, options: { timeoutMs?: number } = {}): Promise<ExecutionDetails> {
		this.requireServer();
		const started = await this.rest<{ executionId?: string; waitingForWebhook?: boolean }>(
			'POST',
			`/workflows/${workflowId}/run`,
			{ triggerToStartFrom: { name: triggerNodeName } },
		);
		if (!started?.executionId) {
			throw this.failure(`manual run of ${workflowId} from "${triggerNodeName}" returned no execution id: ${JSON.stringify(started)}`);
		}
		return this.waitForExecution(started.executionId, options.timeoutMs ?? 120_000);
	}

	/** One execution with its run data (public API). */
	async getExecution(executionId: string | number): Promise<ExecutionDetails> {
		const execution = await this.api<ExecutionDetails>('GET', `/executions/${executionId}?includeData=true`);
		return { ...execution, id: String(execution.id) };
	}

	/** Wait until an execution is no longer new/running/waiting. */
	async waitForExecution(executionId: string | number, timeoutMs = 120_000): Promise<ExecutionDetails> {
		try {
			return await waitFor(
				`execution ${executionId} to finish`,
				async () => {
					const execution = await this.getExecution(executionId);
					return isFinished(execution) ? execution : undefined;
				},
				timeoutMs,
				300,
			);
		} catch (error) {
			throw this.failure((error as Error).message);
		}
	}

	/** Executions (newest first), optionally of one workflow, optionally with run data. */
	async listExecutions(workflowId?: string, options: { includeData?: boolean } = {}): Promise<ExecutionDetails[]> {
		const all: ExecutionDetails[] = [];
		let cursor: string | undefined;
		do {
			const query = new URLSearchParams({ limit: '250', includeData: String(options.includeData ?? false) });
			if (workflowId) query.set('workflowId', workflowId);
			if (cursor) query.set('cursor', cursor);
			const page = await this.api<{ data: ExecutionDetails[]; nextCursor?: string | null }>('GET', `/executions?${query}`);
			all.push(...page.data.map((execution) => ({ ...execution, id: String(execution.id) })));
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		return all;
	}

	/**
	 * Wait until `predicate(finishedExecutions)` holds for the workflow's finished executions (oldest first), e.g.
	 * `(list) => list.filter((e) => e.mode === 'trigger').length >= 2`. Returns that list (with run data when asked).
	 */
	async waitForExecutions(
		workflowId: string,
		predicate: (executions: ExecutionDetails[]) => boolean,
		timeoutMs: number,
		options: { includeData?: boolean } = {},
	): Promise<ExecutionDetails[]> {
		try {
			return await waitFor(
				`executions of ${workflowId}`,
				async () => {
					const finished = (await this.listExecutions(workflowId, options)).filter(isFinished).reverse();
					return predicate(finished) ? finished : undefined;
				},
				timeoutMs,
				1000,
			);
		} catch (error) {
			throw this.failure((error as Error).message);
		}
	}

	// ---------------------------------------------------------------- database (works with or without the server)

	/** SELECT from n8n's sqlite database through the sqlite3 module of the n8n install (no sqlite3 CLI needed). */
	async queryDb<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
		const script = `
			const sqlite3 = require(process.argv[1]);
			const db = new sqlite3.Database(process.argv[2]);
			db.configure('busyTimeout', 10000);
			db.all(process.argv[3], JSON.parse(process.argv[4]), (error, rows) => {
				if (error) { process.stderr.write(error.message); process.exit(1); }
				process.stdout.write(JSON.stringify(rows));
				db.close();
			});`;
		const sqliteModule = path.join(this.installation.n8nDir, 'node_modules', 'sqlite3');
		const dbFile = path.join(this.dataFolder, 'database.sqlite');
		const stdout = await new Promise<string>((resolve, reject) => {
			execFile(
				this.installation.nodeBin,
				['-e', script, sqliteModule, dbFile, sql, JSON.stringify(params)],
				{ maxBuffer: 256 * 1024 * 1024 },
				(error, out, err) => (error ? reject(new Error(`sqlite: ${err || error.message}`)) : resolve(out)),
			);
		});
		return JSON.parse(stdout) as T[];
	}

	/** The workflow row as stored (active flag, versions, parsed staticData). */
	async getWorkflowRow(workflowId: string): Promise<{ id: string; name: string; active: boolean; staticData: Record<string, unknown> | null } | undefined> {
		const rows = await this.queryDb<{ id: string; name: string; active: number; staticData: string | null }>(
			'select id, name, active, staticData from workflow_entity where id = ?',
			[workflowId],
		);
		if (!rows[0]) return undefined;
		const row = rows[0];
		return { ...row, active: row.active === 1, staticData: row.staticData ? (JSON.parse(row.staticData) as Record<string, unknown>) : null };
	}

	/** Persisted static data of a workflow; node-level data sits under `node:<node name>`. */
	async getStaticData(workflowId: string): Promise<Record<string, unknown> | null> {
		return (await this.getWorkflowRow(workflowId))?.staticData ?? null;
	}

	/** Static data of one node (what `this.getWorkflowStaticData('node')` returns inside it). */
	async getNodeStaticData(workflowId: string, nodeName: string): Promise<Record<string, unknown> | undefined> {
		return (await this.getStaticData(workflowId))?.[`node:${nodeName}`] as Record<string, unknown> | undefined;
	}

	// ---------------------------------------------------------------- diagnostics

	/** Last `lines` lines of the server log. */
	logTail(lines = 80, file = this.serverLog): string {
		if (!fs.existsSync(file)) return '(no log)';
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	}

	/** Lines of the server log matching `pattern` (e.g. /Unrecognized node type|Error/). */
	grepServerLog(pattern: RegExp): string[] {
		if (!fs.existsSync(this.serverLog)) return [];
		return fs.readFileSync(this.serverLog, 'utf8').split('\n').filter((line) => pattern.test(line));
	}

	/** An Error carrying the relevant log tail; also marks the work dir to be kept. */
	failure(message: string, output?: string, logFile?: string): Error {
		this.failed = true;
		const parts = [message];
		if (output !== undefined) parts.push(`--- output (${logFile ?? 'cli'}), last 60 lines ---`, output.split('\n').slice(-60).join('\n'));
		if (fs.existsSync(this.serverLog)) parts.push(`--- n8n server log (${this.serverLog}), last 60 lines ---`, this.logTail(60));
		return new Error(parts.join('\n'));
	}

	private requireServer(): void {
		if (!this.isRunning()) throw this.failure('the n8n server is not running; call start() first');
	}
}

function isFinished(execution: ExecutionDetails): boolean {
	return !['new', 'running', 'waiting', 'unknown'].includes(execution.status) && (execution.finished || !!execution.stoppedAt);
}

/** The IRun JSON printed by `execute --rawOutput`: from the first line `{` to the first line `}` after it. */
export function parseRawOutput(output: string): ExecutionDetails | undefined {
	const lines = output.split('\n');
	const start = lines.findIndex((line) => line === '{');
	if (start < 0) return undefined;
	const end = lines.findIndex((line, i) => i > start && line === '}');
	if (end < 0) return undefined;
	try {
		return JSON.parse(lines.slice(start, end + 1).join('\n')) as ExecutionDetails;
	} catch {
		return undefined;
	}
}

/** Copy package.json + dist/ of a built community package into the user folder; returns the package name. */
export function installCommunityPackage(packageDir: string, userFolder: string): string {
	const { name, missing } = builtPackageFiles(packageDir);
	if (missing.length) {
		throw new Error(`${name} in ${packageDir} is not built (missing ${missing.join(', ')}); run \`npm run build\` first`);
	}
	const target = path.join(userFolder, '.n8n', 'nodes', 'node_modules', name);
	fs.mkdirSync(target, { recursive: true });
	fs.copyFileSync(path.join(packageDir, 'package.json'), path.join(target, 'package.json'));
	fs.cpSync(path.join(packageDir, 'dist'), path.join(target, 'dist'), { recursive: true });
	return name;
}

export { sleepMs };
