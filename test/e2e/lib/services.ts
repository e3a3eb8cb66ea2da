/**
 * Throw-away PostgreSQL and Redis servers for e2e tests (n8n queue mode needs both): free ports on 127.0.0.1, data
 * folders in os.tmpdir(), started as tracked process groups (lib/processes.ts: SIGTERM then SIGKILL, also killed
 * when this process exits). Binaries come from Debian packages; lib/services.sh installs them with apt-get when
 * they are missing and never leaves the Debian system services running. Nothing here uses a system service.
 *
 *   const pg = await startPostgres();   // { host, port, database, user, password, env(), psql(), stop() }
 *   const redis = await startRedis();   // { host, port, stop(), ping() }
 *   ...; await redis.stop(); await pg.stop();
 *
 * PostgreSQL refuses to run as root: when we are root, initdb/postgres run as the `postgres` system user of the
 * Debian package (node's spawn uid/gid; the data folder is chowned to it). Otherwise they run as the current user.
 */
import { execFile, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { freePort, waitFor } from './net';
import { spawnTracked, stopTracked, TrackedProcess } from './processes';

export const SERVICES_ROOT = path.join(os.tmpdir(), 'n8n-nodes-bouwsoft-outsmart-services');

export interface ServiceBinaries {
	/** folder with postgres, initdb, pg_ctl, psql (e.g. /usr/lib/postgresql/15/bin) */
	pgBin?: string;
	/** redis-server binary */
	redisServer?: string;
	/** time spent in services.sh (includes apt-get when something was missing) */
	durationMs: number;
}

const cachedBinaries: { pgBin?: string; redisServer?: string } = {};

/** Make sure the binaries exist (apt-get install when missing, see services.sh) and return their paths. */
export function ensureServiceBinaries(which: Array<'postgres' | 'redis'>): ServiceBinaries {
	const started = Date.now();
	const need = which.filter((name) => (name === 'postgres' ? !cachedBinaries.pgBin : !cachedBinaries.redisServer));
	if (need.length) {
		const result = spawnSync('bash', [path.join(__dirname, 'services.sh'), ...need], {
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'inherit'],
			maxBuffer: 16 * 1024 * 1024,
		});
		if (result.status !== 0) throw new Error(`services.sh ${need.join(' ')} failed (exit ${result.status ?? result.signal})`);
		for (const line of result.stdout.split('\n')) {
			const match = /^(PG_BIN|REDIS_SERVER)=(.*)$/.exec(line.trim());
			if (match?.[1] === 'PG_BIN') cachedBinaries.pgBin = match[2];
			if (match?.[1] === 'REDIS_SERVER') cachedBinaries.redisServer = match[2];
		}
	}
	return { ...cachedBinaries, durationMs: Date.now() - started };
}

/** uid/gid of the `postgres` user when we are root (postgres refuses to run as root), else undefined. */
function postgresUser(): { uid: number; gid: number; home: string } | undefined {
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
	const line = fs
		.readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((entry) => entry.startsWith('postgres:'));
	if (!line) throw new Error('running as root but there is no `postgres` user (the Debian postgresql package creates it)');
	const [, , uid, gid, , home] = line.split(':');
	return { uid: Number(uid), gid: Number(gid), home: home || '/var/lib/postgresql' };
}

function chownRecursive(dir: string, uid: number, gid: number): void {
	fs.chownSync(dir, uid, gid);
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) chownRecursive(full, uid, gid);
		else fs.chownSync(full, uid, gid);
	}
}

function run(command: string, args: string[], options: { uid?: number; gid?: number; env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = execFile(
			command,
			args,
			{ uid: options.uid, gid: options.gid, env: options.env ?? process.env, maxBuffer: 64 * 1024 * 1024 },
			(error, stdout, stderr) =>
				error ? reject(new Error(`${path.basename(command)} ${args.join(' ')}: ${stderr || error.message}`)) : resolve(stdout),
		);
		if (options.input !== undefined) child.stdin?.end(options.input);
	});
}

export interface PostgresServer {
	host: string;
	port: number;
	database: string;
	user: string;
	password: string;
	dataDir: string;
	logFile: string;
	pgBin: string;
	/** ms from spawn to "accepting connections + database created" */
	startMs: number;
	/** n8n's DB_* environment for this database */
	n8nEnv(): Record<string, string>;
	/** run SQL with psql (as the n8n user, on this database); returns psql's unaligned, tab-separated output */
	psql(sql: string): Promise<string>;
	isRunning(): boolean;
	stop(): Promise<void>;
}

export interface PostgresOptions {
	database?: string;
	user?: string;
	password?: string;
	port?: number;
	/** keep the data folder after stop() */
	keepData?: boolean;
}

/** initdb + postgres on a free port, tuned for tests (fsync off); creates a database and a password user for n8n. */
export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresServer> {
	const { pgBin } = ensureServiceBinaries(['postgres']);
	if (!pgBin) throw new Error('no postgres binaries');
	const database = options.database ?? 'n8n';
	const user = options.user ?? 'n8n';
	const password = options.password ?? 'n8n-e2e-password';
	const port = options.port ?? (await freePort());
	const host = '127.0.0.1';
	fs.mkdirSync(SERVICES_ROOT, { recursive: true, mode: 0o755 });
	fs.chmodSync(SERVICES_ROOT, 0o755);
	const baseDir = fs.mkdtempSync(path.join(SERVICES_ROOT, 'pg-'));
	fs.chmodSync(baseDir, 0o755);
	const dataDir = path.join(baseDir, 'data');
	const logFile = path.join(baseDir, 'postgres.log');
	const pwFile = path.join(baseDir, 'superuser.pw');
	fs.writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
	const owner = postgresUser();
	if (owner) chownRecursive(baseDir, owner.uid, owner.gid);
	const env: NodeJS.ProcessEnv = { PATH: `${pgBin}:${process.env.PATH ?? ''}`, HOME: owner?.home ?? os.homedir(), LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
	const started = Date.now();
	await run(path.join(pgBin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${pwFile}`, '-E', 'UTF8', '--no-sync'], {
		uid: owner?.uid,
		gid: owner?.gid,
		env,
	});
	const initdbMs = Date.now() - started;
	fs.writeFileSync(logFile, '');
	if (owner) fs.chownSync(logFile, owner.uid, owner.gid);
	const proc = spawnTracked(
		'postgres',
		path.join(pgBin, 'postgres'),
		[
			'-D', dataDir,
			'-p', String(port),
			'-c', `listen_addresses=${host}`,
			'-c', `unix_socket_directories=${baseDir}`,
			'-c', 'fsync=off',
			'-c', 'synchronous_commit=off',
			'-c', 'full_page_writes=off',
			'-c', 'max_connections=200',
		],
		{ uid: owner?.uid, gid: owner?.gid, env, logFile },
	);
	const superEnv = { ...env, PGPASSWORD: password };
	const psqlAs = (asUser: string, db: string, sql: string) =>
		run(path.join(pgBin, 'psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-At', '-F', '\t', '-h', host, '-p', String(port), '-U', asUser, '-d', db, '-c', sql], {
			env: superEnv,
		});
	try {
		await waitFor(
			'postgres to accept connections',
			async () => {
				if (!proc.isRunning()) throw new Error(`postgres exited: ${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
				return (await psqlAs('postgres', 'postgres', 'select 1')).trim() === '1' ? true : undefined;
			},
			30_000,
			100,
		);
		const quoted = password.replace(/'/g, "''");
		await psqlAs('postgres', 'postgres', `create user "${user}" with password '${quoted}'`);
		await psqlAs('postgres', 'postgres', `create database "${database}" owner "${user}"`);
	} catch (error) {
		await stopTracked(proc, 3000);
		throw error;
	}
	const startMs = Date.now() - started;
	process.stderr.write(`[e2e-services] postgres on ${host}:${port} ready in ${startMs} ms (initdb ${initdbMs} ms), data ${dataDir}\n`);
	return {
		host,
		port,
		database,
		user,
		password,
		dataDir,
		logFile,
		pgBin,
		startMs,
		n8nEnv: () => ({
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: host,
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: database,
			DB_POSTGRESDB_USER: user,
			DB_POSTGRESDB_PASSWORD: password,
		}),
		psql: (sql: string) => psqlAs(user, database, sql),
		isRunning: () => proc.isRunning(),
		stop: async () => {
			await stopTracked(proc, 10_000);
			if (!options.keepData && process.env.E2E_KEEP_WORK !== '1') fs.rmSync(baseDir, { recursive: true, force: true });
		},
	};
}

export interface RedisServer {
	host: string;
	port: number;
	dir: string;
	logFile: string;
	startMs: number;
	/** n8n's QUEUE_BULL_REDIS_* environment */
	n8nEnv(): Record<string, string>;
	/** send one inline command (e.g. 'PING', 'KEYS bull:*') and return the raw reply */
	command(line: string): Promise<string>;
	isRunning(): boolean;
	stop(): Promise<void>;
}

/** redis-server on a free port, no persistence. */
export async function startRedis(options: { port?: number; keepData?: boolean } = {}): Promise<RedisServer> {
	const { redisServer } = ensureServiceBinaries(['redis']);
	if (!redisServer) throw new Error('no redis-server binary');
	const port = options.port ?? (await freePort());
	const host = '127.0.0.1';
	fs.mkdirSync(SERVICES_ROOT, { recursive: true });
	const dir = fs.mkdtempSync(path.join(SERVICES_ROOT, 'redis-'));
	const logFile = path.join(dir, 'redis.log');
	const started = Date.now();
	const proc = spawnTracked(
		'redis-server',
		redisServer,
		['--port', String(port), '--bind', host, '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--protected-mode', 'yes'],
		{ logFile },
	);
	const command = (line: string) => redisCommand(host, port, line);
	try {
		await waitFor(
			'redis to answer PING',
			async () => {
				if (!proc.isRunning()) throw new Error(`redis exited: ${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
				return (await command('PING')).startsWith('+PONG') ? true : undefined;
			},
			20_000,
			50,
		);
	} catch (error) {
		await stopTracked(proc, 3000);
		throw error;
	}
	const startMs = Date.now() - started;
	process.stderr.write(`[e2e-services] redis on ${host}:${port} ready in ${startMs} ms\n`);
	return {
		host,
		port,
		dir,
		logFile,
		startMs,
		n8nEnv: () => ({ QUEUE_BULL_REDIS_HOST: host, QUEUE_BULL_REDIS_PORT: String(port) }),
		command,
		isRunning: () => proc.isRunning(),
		stop: async () => {
			await stopTracked(proc, 5000);
			if (!options.keepData && process.env.E2E_KEEP_WORK !== '1') fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}

/** One inline Redis command over a fresh connection; resolves with the raw reply once it looks complete. */
export function redisCommand(host: string, port: number, line: string, timeoutMs = 3000): Promise<string> {
	return new Promise((resolve, reject) => {
		const socket = net.createConnection({ host, port });
		let reply = '';
		const timer = setTimeout(() => {
			socket.destroy();
			reply ? resolve(reply) : reject(new Error(`redis ${line}: timeout`));
		}, timeoutMs);
		socket.once('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		socket.on('connect', () => socket.write(`${line}\r\n`));
		socket.on('data', (chunk) => {
			reply += chunk.toString('utf8');
			// simple replies end with one CRLF; good enough for PING / INFO / KEYS in tests
			if (/^[+\-:]/.test(reply) && reply.endsWith('\r\n')) done();
			else if (/^\$(-1|\d+)\r\n/.test(reply)) {
				const len = Number(/^\$(-?\d+)/.exec(reply)?.[1]);
				if (len < 0 || Buffer.byteLength(reply) >= len + String(len).length + 5) done();
			} else if (reply.startsWith('*')) {
				setTimeout(done, 50); // arrays: give the rest a moment
			}
		});
		function done() {
			clearTimeout(timer);
			socket.end();
			resolve(reply);
		}
	});
}

/** Tracked processes in this module are plain TrackedProcess (exported for callers that want to kill by pid). */
export type { TrackedProcess };
