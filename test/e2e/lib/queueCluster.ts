/**
 * n8n 2.41.1 in queue mode for e2e tests: throw-away PostgreSQL + Redis (lib/services.ts), one main process
 * (`n8n start`, EXECUTIONS_MODE=queue) and N `n8n worker` processes, all on the same database, Redis and
 * encryption key, with the community packages installed into every process's own user folder.
 *
 *   const cluster = await QueueCluster.create({ name: 'queue', workers: 2, extraPackages: [probeDir] });
 *   await cluster.main.importCredentials([...]); await cluster.main.importWorkflows([...]);   // CLI -> Postgres
 *   await cluster.main.publish('wfId');                // before start(): main registers webhooks/pollers at start
 *   await cluster.start();                             // main + workers, each waited for
 *   await cluster.main.rest(...) / .api(...) / .runManual(...) / .waitForExecutions(...)   // N8nInstance API
 *   cluster.workerOfExecution('12')                    // 'worker-1' (from the workers' "Worker started execution" log)
 *   await cluster.killWorker(0); await cluster.startWorker(0); await cluster.restartMain();
 *   await cluster.queryDb('select ...', [..]); await cluster.getNodeStaticData(wfId, 'Node');
 *   await cluster.dispose();
 *
 * Composition, not inheritance: N8nInstance has a private constructor and sqlite-only DB helpers. `main` is a normal
 * N8nInstance whose env carries the queue/Postgres settings (N8nOptions.env), so its CLI commands (import, publish,
 * execute) and REST/API helpers work against the cluster unchanged. Do NOT use main.queryDb()/getStaticData() (they
 * read database.sqlite); use the cluster's Postgres versions.
 *
 * Workers get their own user folder (workDir/worker-N/.n8n) with a copy of main's installed packages: n8n keeps
 * per-process files there (crash journal, event log, instance config), and each process loads community nodes from
 * its own <userFolder>/.n8n/nodes/node_modules (a package must be installed on every worker, as in production).
 */
import * as fs from 'fs';
import * as path from 'path';
import { execFile } from 'child_process';
import { N8nInstance, N8nOptions, builtPackageFiles, REPO_ROOT } from './n8n';
import { freePort, waitFor } from './net';
import { spawnTracked, stopTracked, TrackedProcess } from './processes';
import { PostgresServer, RedisServer, startPostgres, startRedis } from './services';

export interface QueueClusterOptions {
	name?: string;
	/** number of `n8n worker` processes (default 2) */
	workers?: number;
	/** `n8n worker --concurrency` (default 5; n8n warns below 5) */
	workerConcurrency?: number;
	/** built packages (package.json + dist/) as for N8nInstance (default: this repository when built, else none) */
	packages?: string[];
	/** extra package folders copied as they are (package.json + whatever the `n8n` section points to) */
	extraPackages?: string[];
	/** extra env for main, workers and CLI */
	env?: Record<string, string>;
	/** route manual runs (editor "Execute workflow", /rest/workflows/:id/run) to workers too (default true) */
	offloadManualExecutions?: boolean;
	keepWorkDir?: boolean;
	echoServerLog?: boolean;
}

export interface QueueWorker {
	index: number;
	label: string;
	userFolder: string;
	logFile: string;
	healthPort: number;
	brokerPort: number;
	proc?: TrackedProcess;
}

/** Copy a package folder (package.json + the files its n8n section lists, whole top-level folders) into a user folder. */
export function installPackageFolder(packageDir: string, userFolder: string): string {
	const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { name: string };
	const target = path.join(userFolder, '.n8n', 'nodes', 'node_modules', pkg.name);
	fs.mkdirSync(target, { recursive: true });
	fs.cpSync(packageDir, target, { recursive: true, filter: (src) => !/[\\/]node_modules([\\/]|$)/.test(src) });
	return pkg.name;
}

/** Default package list: this repository when its dist/ is built (otherwise the cluster runs without it). */
function defaultPackages(): string[] {
	const dir = process.env.E2E_PACKAGE_DIR ?? REPO_ROOT;
	if (process.env.E2E_PROBE_ONLY === '1') return [];
	const { missing } = builtPackageFiles(dir);
	if (missing.length) {
		process.stderr.write(`[e2e-queue] ${dir} is not built (missing ${missing[0]}…); cluster runs without it\n`);
		return [];
	}
	return [dir];
}

export class QueueCluster {
	readonly workers: QueueWorker[] = [];
	private disposed = false;

	private constructor(
		readonly main: N8nInstance,
		readonly postgres: PostgresServer,
		readonly redis: RedisServer,
		readonly packageNames: string[],
		private readonly options: QueueClusterOptions,
	) {}

	static async create(options: QueueClusterOptions = {}): Promise<QueueCluster> {
		const started = Date.now();
		const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
		try {
			const env: Record<string, string> = {
				...postgres.n8nEnv(),
				...redis.n8nEnv(),
				EXECUTIONS_MODE: 'queue',
				OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: options.offloadManualExecutions === false ? 'false' : 'true',
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				N8N_LOG_LEVEL: 'info',
				...(options.env ?? {}),
			};
			const mainOptions: N8nOptions = {
				name: options.name ?? 'queue',
				packages: options.packages ?? defaultPackages(),
				env: { ...env, E2E_PROCESS_LABEL: 'main' },
				keepWorkDir: options.keepWorkDir,
				echoServerLog: options.echoServerLog,
			};
			const main = await N8nInstance.create(mainOptions);
			const packageNames = [...main.packageNames];
			for (const dir of options.extraPackages ?? []) packageNames.push(installPackageFolder(dir, main.workDir));
			const cluster = new QueueCluster(main, postgres, redis, packageNames, { ...options, env });
			for (let i = 0; i < (options.workers ?? 2); i++) await cluster.addWorker();
			process.stderr.write(`[e2e-queue] cluster prepared in ${Date.now() - started} ms (${main.workDir})\n`);
			return cluster;
		} catch (error) {
			await Promise.allSettled([postgres.stop(), redis.stop()]);
			throw error;
		}
	}

	private async addWorker(): Promise<QueueWorker> {
		const index = this.workers.length;
		const label = `worker-${index + 1}`;
		const userFolder = path.join(this.main.workDir, label);
		// copy main's installed community packages
		fs.mkdirSync(path.join(userFolder, '.n8n'), { recursive: true });
		const nodesDir = path.join(this.main.dataFolder, 'nodes');
		if (fs.existsSync(nodesDir)) fs.cpSync(nodesDir, path.join(userFolder, '.n8n', 'nodes'), { recursive: true });
		const worker: QueueWorker = {
			index,
			label,
			userFolder,
			logFile: path.join(this.main.workDir, `n8n-${label}.log`),
			healthPort: await freePort(),
			brokerPort: await freePort(),
		};
		this.workers.push(worker);
		return worker;
	}

	/** The environment main uses (N8nInstance's env with our queue settings), re-targeted at a worker. */
	private workerEnv(worker: QueueWorker): NodeJS.ProcessEnv {
		const base = this.main.env(worker.brokerPort);
		return {
			...base,
			N8N_USER_FOLDER: worker.userFolder,
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(worker.healthPort),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			E2E_PROCESS_LABEL: worker.label,
		};
	}

	/** Start main and every worker that is not running; resolves when all are ready. */
	async start(): Promise<void> {
		await Promise.all([this.main.start(), ...this.workers.map((worker) => this.startWorker(worker.index))]);
	}

	/** Start one worker and wait until it says "n8n worker is now ready" and /healthz/readiness is ok. */
	async startWorker(index: number, options: { timeoutMs?: number } = {}): Promise<void> {
		const worker = this.workers[index];
		if (!worker) throw new Error(`no worker ${index}`);
		if (worker.proc?.isRunning()) return;
		fs.appendFileSync(worker.logFile, `\n===== n8n worker ${new Date().toISOString()} =====\n`);
		const offset = fs.statSync(worker.logFile).size;
		const concurrency = this.options.workerConcurrency ?? 5;
		const installation = this.main.installation;
		const proc = spawnTracked(`n8n ${worker.label}`, installation.nodeBin, [installation.n8nMain, 'worker', `--concurrency=${concurrency}`], {
			cwd: worker.userFolder,
			env: this.workerEnv(worker),
			logFile: worker.logFile,
		});
		worker.proc = proc;
		const started = Date.now();
		try {
			await waitFor(
				`${worker.label} readiness`,
				async () => {
					if (!proc.isRunning()) throw new Error(`${worker.label} exited during start-up`);
					const log = fs.readFileSync(worker.logFile, 'utf8').slice(offset);
					if (!log.includes('n8n worker is now ready')) return undefined;
					const res = await fetch(`http://127.0.0.1:${worker.healthPort}/healthz/readiness`);
					return res.ok ? true : undefined;
				},
				options.timeoutMs ?? 120_000,
				250,
			);
		} catch (error) {
			await stopTracked(proc, 3000);
			throw this.failure(`${worker.label} did not become ready: ${(error as Error).message}`, worker.logFile);
		}
		process.stderr.write(`[e2e-queue] ${worker.label} ready after ${((Date.now() - started) / 1000).toFixed(1)}s (pid ${proc.pid})\n`);
	}

	/**
	 * Wait until main serves a production webhook. /healthz/readiness is reached BEFORE published workflows are
	 * activated (webhooks answer 404 "not registered" for a few seconds after start). A CORS preflight (OPTIONS with
	 * Origin) answers 204 + Access-Control-Allow-Methods once the path is registered, without running the workflow.
	 */
	async waitForWebhook(webhookPath: string, method = 'POST', timeoutMs = 60_000): Promise<void> {
		await waitFor(
			`webhook ${method} ${webhookPath} to be registered`,
			async () => {
				const res = await fetch(`${this.main.baseUrl}/webhook/${webhookPath}`, {
					method: 'OPTIONS',
					headers: { origin: 'http://localhost', 'access-control-request-method': method },
				});
				return res.status === 204 && (res.headers.get('access-control-allow-methods') ?? '').includes(method) ? true : undefined;
			},
			timeoutMs,
			250,
		);
	}

	/** Kill a worker (default SIGKILL, no graceful shutdown: its running executions are left "running"). */
	async killWorker(index: number, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
		const proc = this.workers[index]?.proc;
		if (!proc?.isRunning()) return;
		if (signal === 'SIGTERM') {
			await stopTracked(proc, 30_000);
			return;
		}
		try {
			process.kill(-proc.pid, signal);
		} catch {
			process.kill(proc.pid, signal);
		}
		await proc.exited;
	}

	async stopWorker(index: number): Promise<void> {
		await this.killWorker(index, 'SIGTERM');
	}

	async restartMain(): Promise<void> {
		await this.main.restart();
	}

	/** pids of the running processes, by label ('main', 'worker-1', ...). */
	pids(): Record<string, number | undefined> {
		return Object.fromEntries([
			['main', this.main.serverPid()],
			...this.workers.map((worker) => [worker.label, worker.proc?.isRunning() ? worker.proc.pid : undefined]),
		]);
	}

	/**
	 * Which worker ran an execution: n8n 2.41 does not persist the worker id (hostId) on the execution (it is only
	 * sent in job progress messages), but each worker logs "Worker started execution <id> (job <n>)" at info level.
	 * Returns the labels of all workers that logged it (more than one = the execution was retried elsewhere).
	 */
	workersOfExecution(executionId: string | number): string[] {
		const needle = new RegExp(`Worker started execution ${executionId} \\(job`);
		return this.workers.filter((worker) => fs.existsSync(worker.logFile) && needle.test(fs.readFileSync(worker.logFile, 'utf8'))).map((w) => w.label);
	}

	workerOfExecution(executionId: string | number): string | undefined {
		return this.workersOfExecution(executionId)[0];
	}

	/** Execution ids each worker logged as started. */
	executionsByWorker(): Record<string, string[]> {
		const out: Record<string, string[]> = {};
		for (const worker of this.workers) {
			const log = fs.existsSync(worker.logFile) ? fs.readFileSync(worker.logFile, 'utf8') : '';
			out[worker.label] = [...log.matchAll(/Worker started execution (\d+) \(job/g)].map((m) => m[1]);
		}
		return out;
	}

	// ---------------------------------------------------------------- Postgres

	/** Run SQL on n8n's Postgres database through the `pg` module of the n8n install (child process, node 24). */
	async queryDb<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
		const script = `
			const { Client } = require(process.argv[1]);
			const cfg = JSON.parse(process.argv[2]);
			(async () => {
				const client = new Client(cfg);
				await client.connect();
				try {
					const res = await client.query(process.argv[3], JSON.parse(process.argv[4]));
					process.stdout.write(JSON.stringify(res.rows));
				} finally { await client.end(); }
			})().catch((e) => { process.stderr.write(String(e && e.message || e)); process.exit(1); });`;
		const pgModule = path.join(this.main.installation.n8nDir, 'node_modules', 'pg');
		const pg = this.postgres;
		const cfg = { host: pg.host, port: pg.port, user: pg.user, password: pg.password, database: pg.database };
		const stdout = await new Promise<string>((resolve, reject) => {
			execFile(
				this.main.installation.nodeBin,
				['-e', script, pgModule, JSON.stringify(cfg), sql, JSON.stringify(params)],
				{ maxBuffer: 256 * 1024 * 1024 },
				(error, out, err) => (error ? reject(new Error(`pg: ${err || error.message}`)) : resolve(out)),
			);
		});
		return JSON.parse(stdout) as T[];
	}

	async getStaticData(workflowId: string): Promise<Record<string, unknown> | null> {
		const rows = await this.queryDb<{ staticData: unknown }>('select "staticData" from workflow_entity where id = $1', [workflowId]);
		const value = rows[0]?.staticData;
		if (value === undefined || value === null) return null;
		return (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown>;
	}

	async getNodeStaticData(workflowId: string, nodeName: string): Promise<Record<string, unknown> | undefined> {
		return (await this.getStaticData(workflowId))?.[`node:${nodeName}`] as Record<string, unknown> | undefined;
	}

	/** Executions straight from Postgres (id, status, mode, timestamps), oldest first. */
	async executionRows(workflowId?: string): Promise<Array<{ id: string; status: string; mode: string; finished: boolean; startedAt: string | null; stoppedAt: string | null }>> {
		return this.queryDb(
			`select id::text as id, status, mode, finished, "startedAt", "stoppedAt" from execution_entity ${workflowId ? 'where "workflowId" = $1' : ''} order by id`,
			workflowId ? [workflowId] : [],
		);
	}

	// ---------------------------------------------------------------- lifecycle / diagnostics

	logTail(label: string, lines = 60): string {
		const file = label === 'main' ? this.main.serverLog : this.workers.find((w) => w.label === label)?.logFile;
		if (!file || !fs.existsSync(file)) return '(no log)';
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	}

	failure(message: string, logFile?: string): Error {
		const parts = [message];
		if (logFile && fs.existsSync(logFile)) parts.push(`--- ${logFile}, last 60 lines ---`, fs.readFileSync(logFile, 'utf8').split('\n').slice(-60).join('\n'));
		return this.main.failure(parts.join('\n'));
	}

	async dispose(): Promise<void> {
		if (this.disposed) return;
		this.disposed = true;
		const testFailed = (globalThis as { __E2E_TEST_FAILED__?: boolean }).__E2E_TEST_FAILED__ === true;
		if (testFailed) {
			for (const worker of this.workers) process.stderr.write(`[e2e-queue] ${worker.label} log, last 40 lines:\n${this.logTail(worker.label, 40)}\n`);
		}
		await Promise.allSettled(this.workers.map((worker) => (worker.proc ? stopTracked(worker.proc, 10_000) : undefined)));
		await this.main.dispose();
		await Promise.allSettled([this.postgres.stop(), this.redis.stop()]);
	}
}
