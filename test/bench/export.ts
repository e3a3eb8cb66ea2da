/**
 * `npm run bench -- export`: the way back (issue 14). N completed OutSmart work orders (default 1,000, each 5
 * work periods and 8 materials; 80 % A- orders on Bouwsoft assignments, 20 % P- orders on projects) go through
 * OutSmart Trigger → Book → OutSmart Mark as Exported, one production execution (runWorkflow, trigger mode),
 * the real node classes in n8n-core, simulators in a child process (exportSimHost.ts) with a latency per request.
 *
 * Side by side in this process, from the same starting state (the host resets Bouwsoft and sets the orders
 * ready again between runs):
 * - ours: the Book operation (reads the assignment's lines, writes only the missing ones, remark);
 * - naive: exportNaive.ts in Book's place (one POST per line, nothing read first), same transport;
 * - ours again on the same orders with every line already in Bouwsoft (a re-run: what a retry costs).
 * Figures are ratios against the naive run and absolute values: wall time, node times, requests per work
 * order by side, peak RSS and heap of this process, and the ledger check (lost / duplicated / acknowledged).
 *
 * Flags (also BENCH_* env): --export-orders N (1000), --export-periods N (5), --export-materials N (8),
 * --export-project-share F (0.2), --latency-ms N (20; or --bouwsoft-latency-ms / --outsmart-latency-ms),
 * --export-naive-first (run the baseline first), --out FILE (bench-results/export.json).
 */
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

import type { IPollFunctions, INodeParameters } from 'n8n-workflow';

import { Bouwsoft } from '../../nodes/Bouwsoft/Bouwsoft.node';
import { OutSmart } from '../../nodes/OutSmart/OutSmart.node';
import { OutSmartTrigger } from '../../nodes/OutSmart/OutSmartTrigger.node';
import { chain, CredentialStore, runWorkflow } from '../harness';
import type { RunWorkflowResult } from '../harness';
import { NaiveBook, NAIVE_BOOK_TYPE } from './exportNaive';
import type { ExportHostCommand, ExportHostCounts, ExportHostInfo, ExportHostStart, ExportVerification } from './exportSimHost';
import { writeJson } from './report';

/** True when the command line asks for the export benchmark (`export`, `--export`, `--only export`). */
export function wantsExport(argv: string[]): boolean {
	return argv.some((arg, i) => arg === 'export' || arg === '--export' || arg === '--only=export' || (arg === '--only' && argv[i + 1] === 'export'));
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

class ExportHost {
	private child: ChildProcess;

	private nextId = 1;

	private pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

	constructor() {
		this.child = fork(path.join(__dirname, 'exportSimHost.ts'), [], {
			execArgv: ['-r', 'ts-node/register/transpile-only', '--max-old-space-size=4096'],
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
			env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', NODE_OPTIONS: '' },
		});
		this.child.on('message', (message: { id: number; result?: unknown; error?: string }) => {
			const waiter = this.pending.get(message.id);
			if (!waiter) return;
			this.pending.delete(message.id);
			if (message.error) waiter.reject(new Error(`export simulator host: ${message.error}`));
			else waiter.resolve(message.result);
		});
		this.child.on('exit', (code) => {
			for (const waiter of this.pending.values()) waiter.reject(new Error(`export simulator host exited (${code})`));
			this.pending.clear();
		});
	}

	call<T>(command: ExportHostCommand): Promise<T> {
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

	private timer?: NodeJS.Timeout;

	start(): this {
		this.sample();
		this.timer = setInterval(() => this.sample(), 25);
		this.timer.unref();
		return this;
	}

	sample(): void {
		const m = process.memoryUsage();
		this.rss = Math.max(this.rss, m.rss);
		this.heap = Math.max(this.heap, m.heapUsed);
	}

	stop(): void {
		if (this.timer) clearInterval(this.timer);
		this.sample();
	}
}

const MB = 1024 * 1024;
const TRIGGER = 'OutSmart Trigger';
const BOOK = 'Book';
const MARK = 'Mark as Exported';

/** The real trigger, its poll() timed from outside (n8n's run data has no entry for it). */
const trigger = new OutSmartTrigger();
const realPoll = trigger.poll;
let lastPollMs = 0;
trigger.poll = async function (this: IPollFunctions) {
	const started = performance.now();
	try {
		return await realPoll.call(this);
	} finally {
		lastPollMs = performance.now() - started;
	}
};

export interface ExportRunResult {
	variant: 'ours' | 'naive' | 'ours, re-run';
	wallMs: number;
	triggerMs: number;
	bookMs: number;
	markMs: number;
	emitted: number;
	rssStartMb: number;
	peakRssMb: number;
	peakHeapMb: number;
	cpuMs: number;
	counts: ExportHostCounts;
	verification: ExportVerification;
	error?: string;
}

async function runOnce(host: ExportHost, info: ExportHostInfo, variant: ExportRunResult['variant']): Promise<ExportRunResult> {
	await host.call({ type: 'resetRequests' });
	const credentials = new CredentialStore({ bouwsoftApi: { clientNr: info.clientNr, refreshToken: info.refreshToken, authUrl: info.authUrl } });
	credentials.set('outSmartApi', { baseUrl: info.outsmartBaseUrl, token: info.outsmartToken, softwareToken: info.outsmartSoftwareToken });
	const naive = variant === 'naive';
	// The template's parameters (workflows-templates/outsmart-to-bouwsoft.json); node defaults otherwise.
	const book = naive
		? { name: BOOK, type: NAIVE_BOOK_TYPE, parameters: {} }
		: {
				name: BOOK,
				type: 'bouwsoft',
				parameters: { resource: 'workOrder', operation: 'book', unknownEmployees: 'fail', unknownMaterials: 'fail', hourRounding: 'none', defaultJobCode: '', bookOptions: {} } as INodeParameters,
			};
	const memory = new MemorySampler();
	const rssStart = process.memoryUsage().rss;
	const cpu = process.cpuUsage();
	memory.start();
	const started = performance.now();
	let result: RunWorkflowResult;
	try {
		result = await runWorkflow({
			nodes: [
				{ name: TRIGGER, type: 'trigger', parameters: { status: 'Compleet', workStatus: '', options: {} } },
				book,
				{ name: MARK, type: 'outSmart', parameters: { resource: 'workOrder', operation: 'acknowledge', set: 'afgehandeld', options: {} } },
			],
			connections: chain(TRIGGER, BOOK, MARK),
			nodeTypes: { trigger, bouwsoft: new Bouwsoft(), outSmart: new OutSmart(), [NAIVE_BOOK_TYPE]: new NaiveBook() },
			credentials,
			workflowStaticData: {},
			workflowId: `bench-export-${variant}`,
			timezone: 'Europe/Brussels',
			mode: 'trigger',
		});
	} finally {
		memory.stop();
	}
	const wallMs = performance.now() - started;
	const used = process.cpuUsage(cpu);
	const timeOf = (node: string) => result.runData?.[node]?.[0]?.executionTime ?? 0;
	const failure = result.error ?? Object.values(result.nodeErrors)[0];
	return {
		variant,
		wallMs,
		triggerMs: lastPollMs,
		bookMs: timeOf(BOOK),
		markMs: timeOf(MARK),
		emitted: result.outputs[TRIGGER]?.[0]?.length ?? 0,
		rssStartMb: rssStart / MB,
		peakRssMb: memory.rss / MB,
		peakHeapMb: memory.heap / MB,
		cpuMs: (used.user + used.system) / 1000,
		counts: await host.call<ExportHostCounts>({ type: 'counts' }),
		verification: await host.call<ExportVerification>({ type: 'verify' }),
		...(failure ? { error: failure.message } : {}),
	};
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const perOrder = (n: number, orders: number) => (n / orders).toFixed(2);
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : '—');

export function exportTable(runs: ExportRunResult[], orders: number): string {
	const ours = runs.find((r) => r.variant === 'ours')!;
	const naive = runs.find((r) => r.variant === 'naive')!;
	const rerun = runs.find((r) => r.variant === 'ours, re-run');
	const writes = (r: ExportRunResult) => r.counts.bouwsoftByMethod.POST ?? 0;
	const puts = (r: ExportRunResult) => r.counts.bouwsoftByMethod.PUT ?? 0;
	const gets = (r: ExportRunResult) => r.counts.bouwsoftByMethod.GET ?? 0;
	const rows: Array<[string, (r: ExportRunResult) => string, ((a: ExportRunResult, b: ExportRunResult) => string) | undefined]> = [
		['wall time, whole execution', (r) => s(r.wallMs), (a, b) => ratio(a.wallMs, b.wallMs)],
		['… trigger poll (GetWorkorders)', (r) => s(r.triggerMs), (a, b) => ratio(a.triggerMs, b.triggerMs)],
		['… Book (ours) / naive POSTs', (r) => s(r.bookMs), (a, b) => ratio(a.bookMs, b.bookMs)],
		['… Mark as Exported', (r) => s(r.markMs), (a, b) => ratio(a.markMs, b.markMs)],
		['work orders per second', (r) => ((orders * 1000) / r.wallMs).toFixed(1), (a, b) => ratio(b.wallMs, a.wallMs)],
		['Bouwsoft requests per work order', (r) => perOrder(r.counts.bouwsoftRequests, orders), (a, b) => ratio(a.counts.bouwsoftRequests, b.counts.bouwsoftRequests)],
		['… GET / POST / PUT per work order', (r) => `${perOrder(gets(r), orders)} / ${perOrder(writes(r), orders)} / ${perOrder(puts(r), orders)}`, undefined],
		['OutSmart requests per work order', (r) => perOrder(r.counts.outsmartRequests, orders), (a, b) => ratio(a.counts.outsmartRequests, b.counts.outsmartRequests)],
		['all requests per work order', (r) => perOrder(r.counts.bouwsoftRequests + r.counts.outsmartRequests, orders), (a, b) => ratio(a.counts.bouwsoftRequests + a.counts.outsmartRequests, b.counts.bouwsoftRequests + b.counts.outsmartRequests)],
		['CPU of this process (user + sys)', (r) => s(r.cpuMs), (a, b) => ratio(a.cpuMs, b.cpuMs)],
		['peak RSS (RSS at start)', (r) => `${r.peakRssMb.toFixed(0)} MB (${r.rssStartMb.toFixed(0)})`, (a, b) => ratio(a.peakRssMb, b.peakRssMb)],
		['peak heap used', (r) => `${r.peakHeapMb.toFixed(0)} MB`, (a, b) => ratio(a.peakHeapMb, b.peakHeapMb)],
		['lines wanted / in Bouwsoft', (r) => `${r.verification.linesWanted} / ${r.verification.linesInBouwsoft}`, undefined],
		['lost / duplicated', (r) => `${r.verification.lost} / ${r.verification.duplicated}`, undefined],
		['orders acknowledged (Afgehandeld)', (r) => `${r.verification.afgehandeld} of ${r.verification.orders}`, undefined],
	];
	const header = ['', 'ours', 'naive baseline', 'ours / naive', ...(rerun ? ['ours, re-run (all lines there)'] : [])];
	const lines = rows.map(([label, value, compare]) => [label, value(ours), value(naive), compare ? compare(ours, naive) : '', ...(rerun ? [value(rerun)] : [])]);
	return [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

export async function runExportBench(argv: string[], log: (line: string) => void): Promise<void> {
	const latency = num(argv, 'latency-ms', 'BENCH_LATENCY_MS', 20);
	const options: ExportHostStart = {
		bouwsoftLatencyMs: num(argv, 'bouwsoft-latency-ms', 'BENCH_BOUWSOFT_LATENCY_MS', latency),
		outsmartLatencyMs: num(argv, 'outsmart-latency-ms', 'BENCH_OUTSMART_LATENCY_MS', latency),
		orders: num(argv, 'export-orders', 'BENCH_EXPORT_ORDERS', 1000),
		periods: num(argv, 'export-periods', 'BENCH_EXPORT_PERIODS', 5),
		materials: num(argv, 'export-materials', 'BENCH_EXPORT_MATERIALS', 8),
		projectShare: num(argv, 'export-project-share', 'BENCH_EXPORT_PROJECT_SHARE', 0.2),
	};
	const naiveFirst = flag(argv, 'export-naive-first', 'BENCH_EXPORT_NAIVE_FIRST') === 'true';
	const out = flag(argv, 'out', 'BENCH_OUT') ?? 'bench-results/export.json';
	const host = new ExportHost();
	const started = performance.now();
	try {
		const info = await host.call<ExportHostInfo>({ type: 'start', options });
		log(
			`Export benchmark: ${info.orders} completed work orders (${info.assignmentOrders} A-, ${info.projectOrders} P-), ${options.periods} periods + ${options.materials} materials each = ${info.linesWanted} lines; ` +
				`latency Bouwsoft ${options.bouwsoftLatencyMs} ms, OutSmart ${options.outsmartLatencyMs} ms. Node ${process.version}, ${os.cpus().length} CPU(s), load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}.`,
		);
		const runs: ExportRunResult[] = [];
		const order: Array<'ours' | 'naive'> = naiveFirst ? ['naive', 'ours'] : ['ours', 'naive'];
		for (const variant of order) {
			await host.call({ type: 'reset' });
			log(`\n-- ${variant} --`);
			const run = await runOnce(host, info, variant);
			runs.push(run);
			log(`${s(run.wallMs)}, ${run.counts.bouwsoftRequests} Bouwsoft + ${run.counts.outsmartRequests} OutSmart requests, verification ${JSON.stringify(run.verification)}${run.error ? `, ERROR ${run.error}` : ''}`);
			if (variant === 'ours') {
				// Again on the same orders, every line already in Bouwsoft: only reads, nothing written.
				await host.call({ type: 'reopen' });
				log('\n-- ours, re-run (all lines already in Bouwsoft) --');
				const rerun = await runOnce(host, info, 'ours, re-run');
				runs.push(rerun);
				log(`${s(rerun.wallMs)}, ${rerun.counts.bouwsoftRequests} Bouwsoft + ${rerun.counts.outsmartRequests} OutSmart requests, verification ${JSON.stringify(rerun.verification)}${rerun.error ? `, ERROR ${rerun.error}` : ''}`);
			}
		}
		log(`\n${exportTable(runs, info.orders)}`);
		const file = writeJson(out, { at: new Date().toISOString(), node: process.version, cpus: os.cpus().length, options, naiveFirst, info, runs, totalMs: performance.now() - started });
		log(`\nTotal ${((performance.now() - started) / 1000).toFixed(0)} s. JSON: ${file}`);
	} finally {
		await host.stop();
	}
}
