/**
 * Benchmark settings: command-line flag, else environment variable, else default.
 *
 *   --latency-ms N            BENCH_LATENCY_MS           20     latency per request, both simulators
 *   --bouwsoft-latency-ms N   BENCH_BOUWSOFT_LATENCY_MS  (latency)
 *   --outsmart-latency-ms N   BENCH_OUTSMART_LATENCY_MS  (latency)
 *   --materials N             BENCH_MATERIALS            100000 products
 *   --relations N             BENCH_RELATIONS            10000  eligible relations (with contacts)
 *   --projects N              BENCH_PROJECTS             5000   projects (with activities)
 *   --changes N               BENCH_CHANGES              1000   records changed for the incremental poll (materials)
 *   --naive-sample N          BENCH_NAIVE_SAMPLE         2000   records the naive baseline runs on (materials;
 *                                                               relations and projects use a quarter / an eighth)
 *   --only a,b                BENCH_ONLY                 materials,relations,projects
 *   --quick                   BENCH_QUICK                smoke run: 10,000 / 2,000 / 1,000, 200 changes, sample 200
 *   --sweep                   BENCH_SWEEP                run the parameter sweeps instead (materials import)
 *   --sweep-materials N       BENCH_SWEEP_MATERIALS      (materials)
 *   --page-size N / --batch-size N / --concurrency N / --bouwsoft-concurrency N / --max-records-per-poll N
 *                                                        override the node defaults (unset = node default)
 *   --detect-existing true|false                         override the OutSmart "Report Created vs Updated" option
 *   --skip-unchanged true|false BENCH_SKIP_UNCHANGED     override the OutSmart "Skip Unchanged" option (node default: off)
 *   --store memory|n8n        BENCH_STORE                memory   n8n's deduplication store the OutSmart node uses:
 *                                                               memory = the test harness's in-memory store; n8n = n8n
 *                                                               2.41.1's own algorithm over a row kept as JSON text
 *                                                               (store.ts), what its database-backed store costs in CPU
 *   --resync                  BENCH_RESYNC               after the import: the main workflow's cursor is cleared and
 *                                                               every record is sent to the OutSmart node a second time
 *   --profile                 BENCH_PROFILE              CPU profile of the materials import (self time by group)
 *   --out FILE                BENCH_OUT                  bench-results/latest.json
 */
export interface BenchConfig {
	bouwsoftLatencyMs: number;
	outsmartLatencyMs: number;
	materials: number;
	relations: number;
	projects: number;
	changes: number;
	naiveSample: number;
	only: Array<'materials' | 'relations' | 'projects'>;
	quick: boolean;
	sweep: boolean;
	sweepMaterials: number;
	overrides: NodeOverrides;
	profile: boolean;
	store: 'memory' | 'n8n';
	resync: boolean;
	out: string;
}

export interface NodeOverrides {
	pageSize?: number;
	batchSize?: number;
	concurrency?: number;
	bouwsoftConcurrency?: number;
	maxRecordsPerPoll?: number;
	detectExisting?: boolean;
	skipUnchanged?: boolean;
}

function raw(name: string, env: string, argv: string[]): string | undefined {
	const flag = `--${name}`;
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === flag) {
			const next = argv[i + 1];
			return next === undefined || next.startsWith('--') ? 'true' : next;
		}
		if (argv[i].startsWith(`${flag}=`)) return argv[i].slice(flag.length + 1);
	}
	const value = process.env[env];
	return value === undefined || value === '' ? undefined : value;
}

function num(name: string, env: string, argv: string[], fallback: number): number;
function num(name: string, env: string, argv: string[], fallback?: number): number | undefined;
function num(name: string, env: string, argv: string[], fallback?: number): number | undefined {
	const value = raw(name, env, argv);
	if (value === undefined) return fallback;
	const n = Number(value);
	if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got '${value}'`);
	return n;
}

function bool(name: string, env: string, argv: string[]): boolean | undefined {
	const value = raw(name, env, argv);
	if (value === undefined) return undefined;
	return value === 'true' || value === '1' || value === 'yes';
}

export function readConfig(argv = process.argv.slice(2)): BenchConfig {
	const quick = bool('quick', 'BENCH_QUICK', argv) ?? false;
	const latency = num('latency-ms', 'BENCH_LATENCY_MS', argv, 20);
	const materials = num('materials', 'BENCH_MATERIALS', argv, quick ? 10_000 : 100_000);
	const only = (raw('only', 'BENCH_ONLY', argv) ?? 'materials,relations,projects')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean) as BenchConfig['only'];
	for (const name of only) {
		if (!['materials', 'relations', 'projects'].includes(name)) throw new Error(`--only: unknown scenario '${name}'`);
	}
	const store = raw('store', 'BENCH_STORE', argv) ?? 'memory';
	if (store !== 'memory' && store !== 'n8n') throw new Error(`--store: 'memory' or 'n8n', got '${store}'`);
	return {
		bouwsoftLatencyMs: num('bouwsoft-latency-ms', 'BENCH_BOUWSOFT_LATENCY_MS', argv, latency),
		outsmartLatencyMs: num('outsmart-latency-ms', 'BENCH_OUTSMART_LATENCY_MS', argv, latency),
		materials,
		relations: num('relations', 'BENCH_RELATIONS', argv, quick ? 2_000 : 10_000),
		projects: num('projects', 'BENCH_PROJECTS', argv, quick ? 1_000 : 5_000),
		changes: num('changes', 'BENCH_CHANGES', argv, quick ? 200 : 1_000),
		naiveSample: num('naive-sample', 'BENCH_NAIVE_SAMPLE', argv, quick ? 200 : 2_000),
		only,
		quick,
		sweep: bool('sweep', 'BENCH_SWEEP', argv) ?? false,
		sweepMaterials: num('sweep-materials', 'BENCH_SWEEP_MATERIALS', argv, materials),
		overrides: {
			pageSize: num('page-size', 'BENCH_PAGE_SIZE', argv),
			batchSize: num('batch-size', 'BENCH_BATCH_SIZE', argv),
			concurrency: num('concurrency', 'BENCH_CONCURRENCY', argv),
			bouwsoftConcurrency: num('bouwsoft-concurrency', 'BENCH_BOUWSOFT_CONCURRENCY', argv),
			maxRecordsPerPoll: num('max-records-per-poll', 'BENCH_MAX_RECORDS_PER_POLL', argv),
			detectExisting: bool('detect-existing', 'BENCH_DETECT_EXISTING', argv),
			skipUnchanged: bool('skip-unchanged', 'BENCH_SKIP_UNCHANGED', argv),
		},
		profile: bool('profile', 'BENCH_PROFILE', argv) ?? false,
		store,
		resync: bool('resync', 'BENCH_RESYNC', argv) ?? false,
		out: raw('out', 'BENCH_OUT', argv) ?? 'bench-results/latest.json',
	};
}

/** Seeded addresses per eligible relation (every 10th is a supplier, a few have no name). */
export const ADDRESSES_PER_RELATION = 1.112;
