/**
 * `npm run bench -- reconcile`: the OutSmart node's Reconcile on 100,000 materials with 1 % of the products
 * deleted and 1 % changed in Bouwsoft, side by side with a full import (Upsert of all 100,000) in the same
 * process. The real node classes in n8n-core (test/harness, `runWorkflow`, production mode), simulators in a
 * child process (reconcileSimHost.ts) with a latency per request (default 20 ms on each side).
 *
 * Every phase is one execution of *Manual Trigger → Bouwsoft Get Many (Products, Scope All, Return All) →
 * OutSmart*, as the materials template's nightly branch is built (its Get Many items carry `_sync.complete`,
 * reason 'full', which Reconcile requires); node defaults otherwise (page size 1000, batch size 500,
 * concurrency 4). One credential store for the whole run (the token is reused), as n8n does.
 *
 *   0. categories: Get Many (lists/groups) → Upsert Material Category (25 categories; not in the table)
 *   1. full import: Get Many → Upsert Material (with category links) into an empty OutSmart — the baseline
 *   2. reconcile, first run: Get Many → Reconcile (Records Gone: Delete, Safety Brake 2 %), nothing changed;
 *      this run learns the ledger (ownership 'learned': every key seen on both sides)
 *   3. Bouwsoft: 1 % of the products deleted, 1 % others changed (price_catalogue + 1.25, description)
 *   4. reconcile with the changes (the measured run), then the check of OutSmart against Bouwsoft
 *   5. reconcile again (nothing to do), checked again
 *   6. re-send all: the full import's workflow again, warm, over the reconciled OutSmart (every record written
 *      again, nothing removed: the templates' nightly re-send branch without Skip Unchanged), checked again
 *
 * Per phase: wall time around `runWorkflow`, the two nodes' times (n8n's run data), requests by the
 * simulators' logs (OutSmart per method and endpoint), rows written, bytes, CPU of this process and of the
 * simulator host, peak RSS and peak heap used of this process (sampled every 25 ms; a full GC before each
 * phase), workflow static data after it. Ratios against the full import measured in the same run.
 *
 * Flags (also BENCH_* env): --materials N (100000 products), --deleted-percent P (1), --changed-percent P (1),
 * --moved-percent P (0: products moved to another group of their list, so their category link changes),
 * --brake-percent P (2), --ownership learned|all (learned; 'all' skips nothing, the first reconcile still
 * runs), --shared-codes (keep the seed's shared article numbers: 100,000 products = 94,118 materials),
 * --latency-ms N (20; or --bouwsoft-latency-ms / --outsmart-latency-ms), --profile (CPU profile of phases 1,
 * 2, 4, 5, 6), --sim-delete-as-is (the simulator's own DeleteEntity, see reconcileSimHost.ts), --heap-mb N (old-space
 * cap, default RECONCILE_HEAP_MB; the benchmark re-runs itself in a child process with it; 0 = this process's
 * cap), --out FILE (bench-results/reconcile.json).
 */
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { Bouwsoft } from '../../nodes/Bouwsoft/Bouwsoft.node';
import { OutSmart } from '../../nodes/OutSmart/OutSmart.node';
import { chain, CredentialStore, MANUAL_TRIGGER_TYPE, runWorkflow, type RunWorkflowResult } from '../harness';
import { CpuProfiler, type ProfileSummary } from './profile';
import type {
	ReconcileHostCommand,
	ReconcileHostCounts,
	ReconcileHostInfo,
	ReconcileHostStart,
	ReconcileMutation,
	ReconcileVerification,
} from './reconcileSimHost';
import { writeJson } from './report';

/** True when the command line asks for the reconcile benchmark (`reconcile`, `--reconcile`, `--only reconcile`). */
export function wantsReconcile(argv: string[]): boolean {
	return argv.some((arg, i) => arg === 'reconcile' || arg === '--reconcile' || arg === '--only=reconcile' || (arg === '--only' && argv[i + 1] === 'reconcile'));
}

function flag(argv: string[], name: string, env: string): string | undefined {
	const i = argv.indexOf(`--${name}`);
	if (i >= 0) return argv[i + 1] === undefined || argv[i + 1].startsWith('--') ? 'true' : argv[i + 1];
	const eq = argv.find((a) => a.startsWith(`--${name}=`));
	if (eq) return eq.slice(name.length + 3);
	return process.env[env] || undefined;
}

function num(argv: string[], name: string, env: string, fallback: number): number {
	const value = flag(argv, name, env);
	if (value === undefined) return fallback;
	const n = Number(value);
	if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got '${value}'`);
	return n;
}

class ReconcileHost {
	private child: ChildProcess;

	private nextId = 1;

	private pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

	constructor() {
		this.child = fork(path.join(__dirname, 'reconcileSimHost.ts'), [], {
			execArgv: ['-r', 'ts-node/register/transpile-only', '--max-old-space-size=4096'],
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
			env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', NODE_OPTIONS: '' },
		});
		this.child.on('message', (message: { id: number; result?: unknown; error?: string }) => {
			const waiter = this.pending.get(message.id);
			if (!waiter) return;
			this.pending.delete(message.id);
			if (message.error) waiter.reject(new Error(`reconcile simulator host: ${message.error}`));
			else waiter.resolve(message.result);
		});
		this.child.on('exit', (code) => {
			for (const waiter of this.pending.values()) waiter.reject(new Error(`reconcile simulator host exited (${code})`));
			this.pending.clear();
		});
	}

	call<T>(command: ReconcileHostCommand): Promise<T> {
		const id = this.nextId++;
		return new Promise<T>((resolve, reject) => {
			this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
			this.child.send({ id, command });
		});
	}

	async stop(): Promise<void> {
		try {
			await Promise.race([this.call({ type: 'stop' }), new Promise((r) => setTimeout(r, 3000))]);
		} finally {
			if (this.child.exitCode === null) this.child.kill();
		}
	}
}

/** Peak RSS and heap used of this process, sampled every 25 ms. */
class MemorySampler {
	rss = 0;

	heap = 0;

	/** Time spent sampling (the profile shows process.memoryUsage()). */
	ms = 0;

	private timer?: NodeJS.Timeout;

	start(): this {
		this.sample();
		this.timer = setInterval(() => this.sample(), 25);
		this.timer.unref();
		return this;
	}

	sample(): void {
		const started = performance.now();
		const m = process.memoryUsage();
		this.rss = Math.max(this.rss, m.rss);
		this.heap = Math.max(this.heap, m.heapUsed);
		this.ms += performance.now() - started;
	}

	stop(): void {
		if (this.timer) clearInterval(this.timer);
		this.sample();
	}
}

const MB = 1024 * 1024;

/** The commit, and a hash of uncommitted changes under nodes/ (the node code measured), when git is there. */
function codeState(): { commit: string; nodesDiffSha1: string | null } {
	try {
		const git = (...args: string[]) => execFileSync('git', args, { cwd: path.join(__dirname, '..', '..'), encoding: 'utf8', maxBuffer: 64 * MB });
		const diff = git('diff', 'HEAD', '--', 'nodes/');
		return { commit: git('rev-parse', '--short', 'HEAD').trim(), nodesDiffSha1: diff ? createHash('sha1').update(diff).digest('hex').slice(0, 12) : null };
	} catch {
		return { commit: 'unknown', nodesDiffSha1: null };
	}
}

let gc: (() => void) | undefined;
/** A full GC before each phase, so each starts from its live data only (V8's flag, set at run time, here only). */
function fullGc(): void {
	if (!gc) {
		v8.setFlagsFromString('--expose-gc');
		gc = vm.runInNewContext('gc') as () => void;
	}
	gc();
}

const START = 'Start';
const READ = 'Bouwsoft: all records';
let nodeTypes: { bouwsoft: Bouwsoft; outSmart: OutSmart } | undefined;

type PhaseName = 'categories' | 'full import' | 'reconcile, first run' | 'reconcile' | 'reconcile again' | 're-send all';

export interface PhaseResult {
	phase: PhaseName;
	wallMs: number;
	/** n8n's executionTime of the Bouwsoft Get Many and of the OutSmart node. */
	readMs: number;
	writeMs: number;
	/** Items the Get Many emitted, items the OutSmart node output (per `action status`). */
	items: number;
	outputItems: number;
	outputs: Record<string, number>;
	hints: string[];
	cpuMs: number;
	rssStartMb: number;
	heapStartMb: number;
	peakRssMb: number;
	peakHeapMb: number;
	/** Time the memory sampler itself took (every 25 ms). */
	samplerMs: number;
	counts: ReconcileHostCounts;
	staticDataBytes: number;
	ledgerKeys?: number;
	verification?: ReconcileVerification;
	profile?: ProfileSummary;
	error?: string;
}

interface Workflow {
	id: string;
	writer: string;
	read: INodeParameters;
	write: INodeParameters;
	staticData: IDataObject;
}

function ledgerKeys(staticData: IDataObject, writer: string): number | undefined {
	const node = staticData[`node:${writer}`] as IDataObject | undefined;
	const ledger = node?.reconcileLedger as { keys?: Record<string, string> } | undefined;
	const joined = ledger?.keys?.materials;
	return typeof joined === 'string' ? (joined ? joined.split('\n').length : 0) : undefined;
}

async function runPhase(host: ReconcileHost, credentials: CredentialStore, phase: PhaseName, workflow: Workflow, profile = false): Promise<PhaseResult> {
	fullGc();
	await host.call({ type: 'resetCounts' });
	const before = process.memoryUsage();
	const memory = new MemorySampler().start();
	const profiler = profile ? new CpuProfiler() : undefined;
	await profiler?.start();
	const cpu = process.cpuUsage();
	const started = performance.now();
	let result: RunWorkflowResult;
	try {
		result = await runWorkflow({
			nodes: [
				{ name: START, type: MANUAL_TRIGGER_TYPE },
				{ name: READ, type: 'bouwsoft', parameters: workflow.read },
				{ name: workflow.writer, type: 'outSmart', parameters: workflow.write },
			],
			connections: chain(START, READ, workflow.writer),
			nodeTypes: (nodeTypes ??= { bouwsoft: new Bouwsoft(), outSmart: new OutSmart() }),
			credentials,
			workflowStaticData: workflow.staticData,
			workflowId: workflow.id,
			timezone: 'Europe/Brussels',
			mode: 'trigger',
		});
	} finally {
		memory.stop();
	}
	const wallMs = performance.now() - started;
	const used = process.cpuUsage(cpu);
	const profiled = await profiler?.stop();
	const counts = await host.call<ReconcileHostCounts>({ type: 'counts' });
	const timeOf = (node: string) => result.runData?.[node]?.[0]?.executionTime ?? 0;
	const written = result.outputs[workflow.writer]?.[0] ?? [];
	const outputs: Record<string, number> = {};
	for (const item of written) {
		const key = [item.json.action, item.json.status].filter((v) => v !== undefined).join(' ') || (item.json.error ? 'error' : 'other');
		outputs[key] = (outputs[key] ?? 0) + 1;
	}
	const hints = (result.runData?.[workflow.writer]?.[0]?.hints ?? []).map((hint) => hint.message);
	const failure = result.error ?? Object.values(result.nodeErrors)[0];
	return {
		phase,
		wallMs,
		readMs: timeOf(READ),
		writeMs: timeOf(workflow.writer),
		items: result.outputs[READ]?.[0]?.length ?? 0,
		outputItems: written.length,
		outputs,
		hints,
		cpuMs: (used.user + used.system) / 1000,
		rssStartMb: before.rss / MB,
		heapStartMb: before.heapUsed / MB,
		peakRssMb: memory.rss / MB,
		peakHeapMb: memory.heap / MB,
		samplerMs: memory.ms,
		counts,
		staticDataBytes: Buffer.byteLength(JSON.stringify(workflow.staticData)),
		ledgerKeys: ledgerKeys(workflow.staticData, workflow.writer),
		...(profiled ? { profile: profiled } : {}),
		...(failure ? { error: `${failure.message}${(failure as { description?: string }).description ? ` — ${(failure as { description?: string }).description}` : ''}` } : {}),
	};
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const n = (x: number) => Math.round(x).toLocaleString('en-US');
const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : '—');
const outsmartWrites = (r: PhaseResult) => Object.values(r.counts.outsmartRows).reduce((sum, rows) => sum + rows.written, 0);
const byRequest = (r: PhaseResult) =>
	Object.entries(r.counts.outsmartByRequest)
		.sort((a, b) => b[1] - a[1])
		.map(([k, v]) => `${k} ${n(v)}`)
		.join(', ') || 'none';
const rows = (r: PhaseResult) =>
	Object.entries(r.counts.outsmartRows)
		.map(([k, v]) => `${k} ${n(v.written)}`)
		.join(', ') || 'none';

export function reconcileTable(runs: PhaseResult[], changesLabel: string): string {
	const imp = runs.find((r) => r.phase === 'full import')!;
	const rec = runs.find((r) => r.phase === 'reconcile')!;
	const resend = runs.find((r) => r.phase === 're-send all');
	const columns = [imp, runs.find((r) => r.phase === 'reconcile, first run'), rec, runs.find((r) => r.phase === 'reconcile again'), resend].filter(
		(r): r is PhaseResult => r !== undefined,
	);
	const lines: Array<[string, (r: PhaseResult) => string, ((a: PhaseResult, b: PhaseResult) => string) | undefined]> = [
		['wall time, whole execution', (r) => s(r.wallMs), (a, b) => ratio(a.wallMs, b.wallMs)],
		['… Bouwsoft Get Many (node time)', (r) => s(r.readMs), (a, b) => ratio(a.readMs, b.readMs)],
		['… OutSmart node (node time)', (r) => s(r.writeMs), (a, b) => ratio(a.writeMs, b.writeMs)],
		['requests, both sides', (r) => n(r.counts.bouwsoftRequests + r.counts.outsmartRequests), (a, b) => ratio(a.counts.bouwsoftRequests + a.counts.outsmartRequests, b.counts.bouwsoftRequests + b.counts.outsmartRequests)],
		['… Bouwsoft', (r) => n(r.counts.bouwsoftRequests), (a, b) => ratio(a.counts.bouwsoftRequests, b.counts.bouwsoftRequests)],
		['… OutSmart', (r) => n(r.counts.outsmartRequests), (a, b) => ratio(a.counts.outsmartRequests, b.counts.outsmartRequests)],
		['… OutSmart by request', byRequest, undefined],
		['OutSmart as the server saw it: busy / avg in flight / avg per request', (r) => `${s(r.counts.outsmartServer.busyMs)} / ${r.counts.outsmartServer.averageInFlight.toFixed(1)} / ${r.counts.outsmartServer.averageMs.toFixed(0)} ms`, undefined],
		['OutSmart rows written (created/updated/deleted)', (r) => `${n(outsmartWrites(r))} (${rows(r)})`, (a, b) => ratio(outsmartWrites(a), outsmartWrites(b))],
		['bytes: Bouwsoft ↓ / OutSmart ↑ / OutSmart ↓', (r) => `${mb(r.counts.bytes.bouwsoftOut)} / ${mb(r.counts.bytes.outsmartIn)} / ${mb(r.counts.bytes.outsmartOut)}`, undefined],
		['CPU of the bench process (user + sys)', (r) => s(r.cpuMs), (a, b) => ratio(a.cpuMs, b.cpuMs)],
		['CPU of the simulator host', (r) => s(r.counts.hostCpuMs), (a, b) => ratio(a.counts.hostCpuMs, b.counts.hostCpuMs)],
		['peak RSS (at start)', (r) => `${r.peakRssMb.toFixed(0)} MB (${r.rssStartMb.toFixed(0)})`, (a, b) => ratio(a.peakRssMb, b.peakRssMb)],
		['peak heap used (at start)', (r) => `${r.peakHeapMb.toFixed(0)} MB (${r.heapStartMb.toFixed(0)})`, (a, b) => ratio(a.peakHeapMb, b.peakHeapMb)],
		['items in / out of the OutSmart node', (r) => `${n(r.items)} / ${n(r.outputItems)}`, undefined],
		['workflow static data after (ledger keys)', (r) => `${mb(r.staticDataBytes)}${r.ledgerKeys !== undefined ? ` (${n(r.ledgerKeys)})` : ''}`, undefined],
		['check of OutSmart against Bouwsoft', (r) => (r.verification ? (r.verification.ok ? `ok: ${n(r.verification.materials)} materials, ${n(r.verification.links)} links` : 'FAILED') : '—'), undefined],
	];
	const title = (r: PhaseResult) =>
		r.phase === 'full import' ? 'full import (Upsert, empty OutSmart)' : r.phase === 'reconcile' ? `reconcile: ${changesLabel}` : r.phase === 're-send all' ? 're-send all (Upsert, OutSmart full)' : r.phase;
	const header = ['', ...columns.map(title), 'reconcile / full import', ...(resend ? ['reconcile / re-send all'] : [])];
	const body = lines.map(([label, value, compare]) => {
		const cells = columns.map(value);
		return [label, ...cells, compare ? compare(rec, imp) : '', ...(resend ? [compare ? compare(rec, resend) : ''] : [])];
	});
	return [header, header.map(() => '---'), ...body].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/**
 * Old-space cap the benchmark runs under. One execution holds all 100,000 Get Many items (and, in Reconcile,
 * both OutSmart tables): with `npm run bench`'s 256 MB, and with 320 or 352 MB, the full import runs out of heap;
 * 384 MB is the smallest cap tried that completes every phase (with much time in GC). 512 leaves headroom.
 */
export const RECONCILE_HEAP_MB = 512;

/** Runs the benchmark again in a child process with `--max-old-space-size=<heapMb>` (run.ts, same arguments). */
async function inChildWithHeap(heapMb: number, argv: string[], log: (line: string) => void): Promise<void> {
	log(`Reconcile benchmark: in a child process with --max-old-space-size=${heapMb} (this process: ${process.env.NODE_OPTIONS ?? 'no NODE_OPTIONS'}; --heap-mb N sets another cap, --heap-mb 0 runs here).`);
	const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'run.ts'), ...argv], {
		stdio: 'inherit',
		env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', NODE_OPTIONS: `--max-old-space-size=${heapMb}`, BENCH_RECONCILE_IN_CHILD: String(heapMb) },
	});
	const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (c, sig) => resolve({ code: c, signal: sig })));
	if (code !== 0) {
		throw new Error(`reconcile benchmark child exited with ${code ?? signal}${code === 134 || signal === 'SIGABRT' ? ` (out of heap? try a larger --heap-mb than ${heapMb})` : ''}`);
	}
}

export async function runReconcileBench(argv: string[], log: (line: string) => void): Promise<void> {
	const heapMb = num(argv, 'heap-mb', 'BENCH_HEAP_MB', RECONCILE_HEAP_MB);
	if (heapMb > 0 && process.env.BENCH_RECONCILE_IN_CHILD !== String(heapMb)) return await inChildWithHeap(heapMb, argv, log);
	const latency = num(argv, 'latency-ms', 'BENCH_LATENCY_MS', 20);
	const options: ReconcileHostStart = {
		bouwsoftLatencyMs: num(argv, 'bouwsoft-latency-ms', 'BENCH_BOUWSOFT_LATENCY_MS', latency),
		outsmartLatencyMs: num(argv, 'outsmart-latency-ms', 'BENCH_OUTSMART_LATENCY_MS', latency),
		products: num(argv, 'materials', 'BENCH_MATERIALS', 100_000),
		uniqueCodes: flag(argv, 'shared-codes', 'BENCH_SHARED_CODES') !== 'true',
		fastDelete: flag(argv, 'sim-delete-as-is', 'BENCH_SIM_DELETE_AS_IS') !== 'true',
	};
	const deletedPercent = num(argv, 'deleted-percent', 'BENCH_DELETED_PERCENT', 1);
	const changedPercent = num(argv, 'changed-percent', 'BENCH_CHANGED_PERCENT', 1);
	const movedPercent = num(argv, 'moved-percent', 'BENCH_MOVED_PERCENT', 0);
	const brakePercent = num(argv, 'brake-percent', 'BENCH_BRAKE_PERCENT', 2);
	const ownership = flag(argv, 'ownership', 'BENCH_OWNERSHIP') ?? 'learned';
	if (ownership !== 'learned' && ownership !== 'all') throw new Error(`--ownership: 'learned' or 'all', got '${ownership}'`);
	const profile = flag(argv, 'profile', 'BENCH_PROFILE') === 'true';
	const out = flag(argv, 'out', 'BENCH_OUT') ?? 'bench-results/reconcile.json';
	const heapLimitMb = v8.getHeapStatistics().heap_size_limit / MB;
	const host = new ReconcileHost();
	const started = performance.now();
	const loadAtStart = os.loadavg();
	const code = codeState();
	try {
		const info = await host.call<ReconcileHostInfo>({ type: 'start', options });
		log(
			`Reconcile benchmark: ${n(info.products)} Bouwsoft products = ${n(info.materials)} OutSmart materials` +
				`${info.codesMadeUnique ? ` (${n(info.codesMadeUnique)} shared article numbers made unique)` : ''}, ${info.categories} lists/groups; ` +
				`${deletedPercent} % deleted, ${changedPercent} % changed${movedPercent ? `, ${movedPercent} % moved to another group` : ''}; Records Gone: Delete, Safety Brake ${brakePercent} %, ownership '${ownership}'; ` +
				`latency Bouwsoft ${options.bouwsoftLatencyMs} ms, OutSmart ${options.outsmartLatencyMs} ms. Node ${process.version}, ${os.cpus().length} CPU(s), ` +
				`heap limit ${heapLimitMb.toFixed(0)} MB, node code ${code.commit}${code.nodesDiffSha1 ? ` + uncommitted changes under nodes/ (${code.nodesDiffSha1})` : ''}, load average ${loadAtStart.map((l) => l.toFixed(2)).join(' ')}.`,
		);
		const credentials = new CredentialStore({ bouwsoftApi: { clientNr: info.clientNr, refreshToken: info.refreshToken, authUrl: info.authUrl } });
		credentials.set('outSmartApi', { baseUrl: info.outsmartBaseUrl, token: info.outsmartToken, softwareToken: info.outsmartSoftwareToken });
		const getMany = (resource: string): INodeParameters => ({ resource, operation: 'getMany', scope: 'all', returnAll: true, productLists: [], productGroups: [], options: {} });
		const categories: Workflow = {
			id: 'bench-reconcile-categories',
			writer: 'OutSmart: Upsert Categories',
			read: getMany('categories'),
			write: { resource: 'materialCategory', operation: 'upsert', mappingMode: 'bouwsoft', options: {} },
			staticData: {},
		};
		const importer: Workflow = {
			id: 'bench-reconcile-import',
			writer: 'OutSmart: Upsert Materials',
			read: getMany('materials'),
			write: { resource: 'material', operation: 'upsert', mappingMode: 'bouwsoft', linkCategories: true, options: {} },
			staticData: {},
		};
		const reconciler: Workflow = {
			id: 'bench-reconcile',
			writer: 'OutSmart: Reconcile Materials',
			read: getMany('materials'),
			write: {
				resource: 'material',
				operation: 'reconcile',
				mappingMode: 'bouwsoft',
				linkCategories: true,
				removedAction: 'delete',
				options: { brakePercent, ownership },
			},
			staticData: {},
		};
		const runs: PhaseResult[] = [];
		const report = (r: PhaseResult) => {
			log(
				`${r.phase}: ${s(r.wallMs)} (Get Many ${s(r.readMs)}, OutSmart ${s(r.writeMs)}), ${n(r.counts.bouwsoftRequests)} Bouwsoft + ${n(r.counts.outsmartRequests)} OutSmart requests (${byRequest(r)}), ` +
					`rows written ${rows(r)}, peak RSS ${r.peakRssMb.toFixed(0)} MB, peak heap ${r.peakHeapMb.toFixed(0)} MB, output ${JSON.stringify(r.outputs)}${r.error ? `, ERROR ${r.error}` : ''}`,
			);
			for (const hint of r.hints.slice(0, 4)) log(`  hint: ${hint}`);
		};
		const phase = async (name: PhaseName, workflow: Workflow, withProfile = false) => {
			log(`\n-- ${name} --`);
			const r = await runPhase(host, credentials, name, workflow, withProfile);
			report(r);
			if (r.error) throw new Error(`${name}: ${r.error}`);
			return r;
		};
		const check = async (r: PhaseResult) => {
			r.verification = await host.call<ReconcileVerification>({ type: 'verify' });
			const v = r.verification;
			log(
				`  check: ${v.ok ? 'OK' : 'FAILED'} — ${n(v.products)} products, OutSmart ${n(v.materials)} materials (want ${n(v.expectedMaterials)}; ${v.missingMaterials} missing, ${v.extraMaterials} extra, ${v.wrongValues} with other values), ` +
					`${n(v.links)} links (want ${n(v.expectedLinks)}; ${v.missingLinks} missing, ${v.extraLinks} extra), changed ${v.changedChecked} checked / ${v.changedWrong} wrong, ` +
					`deleted still there: ${v.deletedStillThere} materials, ${v.deletedLinksStillThere} links; ${v.categories} categories${v.examples.length ? `; e.g. ${v.examples.join('; ')}` : ''}`,
			);
			if (!v.ok) throw new Error(`${r.phase}: OutSmart does not match Bouwsoft`);
		};

		await phase('categories', categories);
		const imported = await phase('full import', importer, profile);
		await check(imported);
		runs.push(imported);
		const first = await phase('reconcile, first run', reconciler, profile);
		await check(first);
		runs.push(first);
		const deletes = Math.round((info.products * deletedPercent) / 100);
		const changes = Math.round((info.products * changedPercent) / 100);
		const moves = Math.round((info.products * movedPercent) / 100);
		const mutation = await host.call<ReconcileMutation>({ type: 'mutate', deletes, changes, moves });
		log(`\nBouwsoft: ${n(mutation.deleted)} products deleted (${n(mutation.materialsGone)} materials must go), ${n(mutation.changed)} changed, ${n(mutation.moved)} moved to another group.`);
		const reconciled = await phase('reconcile', reconciler, profile);
		await check(reconciled);
		runs.push(reconciled);
		const again = await phase('reconcile again', reconciler, profile);
		await check(again);
		runs.push(again);
		// The full import once more, warm, over the reconciled OutSmart: what the templates' nightly re-send-all
		// branch (without Skip Unchanged) costs; it writes everything and removes nothing.
		const resend = await phase('re-send all', importer, profile);
		await check(resend);
		runs.push(resend);

		const label = [`${n(mutation.deleted)} deleted`, `${n(mutation.changed)} changed`, ...(mutation.moved ? [`${n(mutation.moved)} moved`] : [])].join(', ');
		log(`\n${reconcileTable(runs, label)}`);
		for (const r of runs) {
			if (!r.profile) continue;
			log(`\nCPU profile of ${r.phase} (self time, ${n(r.profile.totalMs)} ms sampled):`);
			log(`  ${Object.entries(r.profile.byGroup).sort((a, b) => b[1] - a[1]).map(([group, ms]) => `${group} ${n(ms)}`).join(', ')} (ms)`);
			for (const fn of r.profile.topFunctions.slice(0, 15)) log(`  ${n(fn.ms)} ms  ${fn.name}  [${fn.group}]`);
		}
		const file = writeJson(out, {
			at: new Date().toISOString(),
			node: process.version,
			cpus: os.cpus().length,
			code,
			heapLimitMb,
			options,
			deletedPercent,
			changedPercent,
			movedPercent,
			brakePercent,
			ownership,
			// The simulator's demo credentials stay out of the file.
			info: { products: info.products, materials: info.materials, categories: info.categories, codesMadeUnique: info.codesMadeUnique },
			mutation,
			runs,
			loadAverage: { start: loadAtStart, end: os.loadavg() },
			totalMs: performance.now() - started,
		});
		log(`\nTotal ${((performance.now() - started) / 1000).toFixed(0)} s, load average at the end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}. JSON: ${file}`);
	} finally {
		await host.stop();
	}
}
