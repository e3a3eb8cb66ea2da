/**
 * Side by side in one session: the same bench scenario on an older commit and on this one, run in turn
 * (A B C … A B C …), each run a separate process timed by GNU time (`/usr/bin/time -v`: whole-process wall
 * time, CPU user + system, maximum resident set size). GNU time counts the processes it waits for: the bench
 * process exits without reaping the simulator host, so the simulators' CPU and memory are NOT in the
 * whole-process CPU and RSS (the n8n side only); their work is in the wall time.
 *
 *   git worktree add /tmp/bench-before <commit> && ln -s "$PWD/node_modules" /tmp/bench-before/node_modules
 *   ts-node --transpile-only test/bench/compare.ts --before /tmp/bench-before [--after /tmp/bench-after]
 *        [--rounds 3] [--variants before,after,after-n8n,after-off] [--series NAME] [--max-load 4] [--redo-round N]
 *        [-- <bench flags>]
 *
 * This directory's bench files are copied over the older commit's test/bench first (and over --after's, a
 * worktree that pins the newer commit while others commit to this one), so both sides run the same
 * benchmark code around their own nodes and harness. Bench flags default to
 * `--only materials --naive-sample 0 --resync` (100,000 materials, 20 ms); each variant adds its own:
 *
 *   before     the older commit,  --skip-unchanged true
 *   after      this commit (or --after),       --skip-unchanged true --store memory   (the harness's in-memory store)
 *   after-n8n  this commit,       --skip-unchanged true --store n8n      (n8n 2.41.1's algorithm, store.ts)
 *   after-off  this commit,       --skip-unchanged false                 (reference: no delivery record)
 *
 * Before each run it waits (up to 10 minutes, checking every 15 s) until the 1-minute load average is at most
 * --max-load (default 4; 0 = do not wait), and records the load before and after every run. A round that other
 * work on the machine disturbed anyway (load above the limit during the run) is run again with --redo-round N:
 * only round N, its earlier runs kept in the JSON under `replaced`, the table over all rounds of the series.
 *
 * Writes bench-results/compare[-NAME]/<variant>-<round>.{json,log} and bench-results/compare[-NAME].json
 * (--series NAME keeps two series of one session apart), prints the table.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { ScenarioResult } from './measure';
import { table } from './report';

const here = path.resolve(__dirname, '../..');

interface Variant {
	name: string;
	dir: string;
	args: string[];
}

interface Whole {
	wallS: number;
	cpuS: number;
	maxRssMb: number;
}

interface RunRecord {
	variant: string;
	round: number;
	startedAt: string;
	/** Seconds waited for the load average to come down before the run. */
	waitedS: number;
	loadBefore: number[];
	loadAfter: number[];
	whole: Whole;
	bench: ReturnType<typeof figures>;
}

function flag(argv: string[], name: string): string | undefined {
	const i = argv.indexOf(`--${name}`);
	return i >= 0 ? argv[i + 1] : undefined;
}

function parseTime(stderr: string): Whole {
	const grab = (label: string) => {
		const line = stderr.split('\n').find((l) => l.trim().startsWith(label));
		if (!line) throw new Error(`GNU time output without '${label}':\n${stderr.slice(-2000)}`);
		return line.slice(line.indexOf(label) + label.length).trim();
	};
	const elapsed = grab('Elapsed (wall clock) time (h:mm:ss or m:ss):').split(':').map(Number);
	const wallS = elapsed.reduce((acc, part) => acc * 60 + part, 0);
	return {
		wallS,
		cpuS: Number(grab('User time (seconds):')) + Number(grab('System time (seconds):')),
		maxRssMb: Number(grab('Maximum resident set size (kbytes):')) / 1024,
	};
}

/** The figures compared, from the bench's own JSON. */
function figures(r: ScenarioResult) {
	const materialsIdle = r.idle?.find((i) => i.workflow === 'materials');
	return {
		importMs: r.import.ms,
		importCpuMs: r.import.cpuMs,
		importTriggerMs: r.import.breakdown.triggerMs,
		importOutSmartMs: r.import.breakdown.outsmartMs,
		importStoreCalls: r.import.store.calls,
		importStoreByMethod: r.import.store.byMethod,
		importStoreRemoved: r.import.store.removed ?? NaN,
		importStoreMs: r.import.store.ms,
		importOutSmartRequests: r.import.counts.outsmartRequests,
		importFailed: r.import.actions.failed ?? 0,
		peakRssMb: r.import.peakRssMb,
		staticDataBytes: r.import.perPoll[r.import.perPoll.length - 1]?.staticDataBytes ?? 0,
		recordEntries: r.import.deliveryRecord?.entries ?? 0,
		recordMarkers: r.import.deliveryRecord?.markers ?? 0,
		recordBytes: r.import.deliveryRecord?.bytes ?? NaN,
		recordMarkerBytes: r.import.deliveryRecord?.markerBytes ?? NaN,
		idleMaxMs: Math.max(...(r.idle ?? []).flatMap((i) => i.ms)),
		idleMaterialsMaxMs: materialsIdle ? Math.max(...materialsIdle.ms) : NaN,
		idleMaxBouwsoftRequestsPerResource: Math.max(
			...(r.idle ?? []).map((i) => Math.max(...i.bouwsoftRequestsPerPoll) / Math.max(1, Object.keys(i.bouwsoftByResource).length)),
		),
		idleOutSmartRequests: (r.idle ?? []).reduce((s, i) => s + i.outsmartRequests, 0),
		idleStoreCalls: (r.idle ?? []).reduce((s, i) => s + (i.storeCalls ?? 0), 0),
		changesMs: r.changes?.ms ?? NaN,
		changesStoreCalls: r.changes?.store.calls ?? NaN,
		changesStoreMs: r.changes?.store.ms ?? NaN,
		resyncMs: r.resync?.ms ?? NaN,
		resyncCpuMs: r.resync?.cpuMs ?? NaN,
		resyncOutSmartMs: r.resync?.breakdown.outsmartMs ?? NaN,
		resyncUnchanged: r.resync?.unchanged ?? NaN,
		resyncOutSmartRequests: r.resync?.counts.outsmartRequests ?? NaN,
		resyncRowsWritten: r.resync?.outsmartRowsWritten ?? NaN,
		resyncStoreCalls: r.resync?.store.calls ?? NaN,
		resyncStoreByMethod: r.resync?.store.byMethod ?? {},
		resyncStoreRemoved: r.resync?.store.removed ?? NaN,
		resyncStoreMs: r.resync?.store.ms ?? NaN,
	};
}

/** Waits until the 1-minute load average is at most `max` (0: not at all), 10 minutes at most; seconds waited. */
function waitForLoad(max: number): number {
	const started = Date.now();
	while (max > 0 && os.loadavg()[0] > max && Date.now() - started < 10 * 60_000) {
		spawnSync('sleep', ['15']);
	}
	return (Date.now() - started) / 1000;
}

const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function main(): void {
	const argv = process.argv.slice(2);
	const dash = argv.indexOf('--');
	const own = dash >= 0 ? argv.slice(0, dash) : argv;
	const benchArgs = dash >= 0 ? argv.slice(dash + 1) : ['--only', 'materials', '--naive-sample', '0', '--resync'];
	const before = flag(own, 'before');
	if (!before) throw new Error('--before <worktree of the older commit> is required');
	const after = path.resolve(flag(own, 'after') ?? here);
	const rounds = Number(flag(own, 'rounds') ?? 3);
	const wanted = (flag(own, 'variants') ?? 'before,after,after-n8n').split(',');
	const series = flag(own, 'series');
	const maxLoad = Number(flag(own, 'max-load') ?? 4);
	const outDir = path.join(here, 'bench-results', series ? `compare-${series}` : 'compare');
	fs.mkdirSync(outDir, { recursive: true });

	// Same bench code on both sides.
	for (const dir of [before, after].filter((d) => path.resolve(d) !== here)) {
		for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.ts'))) {
			fs.copyFileSync(path.join(__dirname, file), path.join(dir, 'test', 'bench', file));
		}
	}
	const all: Variant[] = [
		{ name: 'before', dir: path.resolve(before), args: ['--skip-unchanged', 'true'] },
		{ name: 'after', dir: after, args: ['--skip-unchanged', 'true', '--store', 'memory'] },
		{ name: 'after-n8n', dir: after, args: ['--skip-unchanged', 'true', '--store', 'n8n'] },
		{ name: 'after-off', dir: after, args: ['--skip-unchanged', 'false'] },
	];
	const variants = wanted.map((name) => {
		const v = all.find((x) => x.name === name);
		if (!v) throw new Error(`unknown variant '${name}'`);
		return v;
	});
	const commit = (dir: string) => spawnSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
	const file = path.join(here, 'bench-results', series ? `compare-${series}.json` : 'compare.json');
	const redo = flag(own, 'redo-round') === undefined ? undefined : Number(flag(own, 'redo-round'));
	const runs: RunRecord[] = [];
	const replaced: RunRecord[] = [];
	if (redo !== undefined) {
		const earlier = JSON.parse(fs.readFileSync(file, 'utf8')) as { runs: RunRecord[]; replaced?: RunRecord[] };
		replaced.push(...(earlier.replaced ?? []), ...earlier.runs.filter((r) => r.round === redo));
		runs.push(...earlier.runs.filter((r) => r.round !== redo && wanted.includes(r.variant)));
	}
	for (let round = redo ?? 1; round <= (redo ?? rounds); round++) {
		for (const v of variants) {
			const out = path.join(outDir, `${v.name}-${round}.json`);
			const args = [path.join(v.dir, 'node_modules', '.bin', 'ts-node'), '--transpile-only', 'test/bench/run.ts', ...benchArgs, ...v.args, '--out', out];
			const waitedS = waitForLoad(maxLoad);
			const loadBefore = os.loadavg();
			const startedAt = new Date().toISOString();
			process.stdout.write(`round ${round} ${v.name} (${commit(v.dir)}), ${waitedS >= 1 ? `waited ${waitedS.toFixed(0)} s, ` : ''}load ${loadBefore.map((l) => l.toFixed(2)).join(' ')} … `);
			const res = spawnSync('/usr/bin/time', ['-v', ...args], {
				cwd: v.dir,
				encoding: 'utf8',
				env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=256' },
				maxBuffer: 64 * 1024 * 1024,
			});
			fs.writeFileSync(path.join(outDir, `${v.name}-${round}.log`), `${res.stdout}\n${res.stderr}`);
			if (res.status !== 0) throw new Error(`${v.name} round ${round} failed (${res.status}):\n${res.stderr.slice(-3000)}`);
			const whole = parseTime(res.stderr);
			const json = JSON.parse(fs.readFileSync(out, 'utf8')) as { results: ScenarioResult[] };
			const result = json.results.find((r) => r.name === 'materials') ?? json.results[0];
			const record: RunRecord = { variant: v.name, round, startedAt, waitedS, loadBefore, loadAfter: os.loadavg(), whole, bench: figures(result) };
			runs.push(record);
			process.stdout.write(`${whole.wallS.toFixed(1)} s whole, import ${(record.bench.importMs / 1000).toFixed(2)} s, load after ${record.loadAfter[0].toFixed(2)}\n`);
		}
	}

	runs.sort((a, b) => a.round - b.round || wanted.indexOf(a.variant) - wanted.indexOf(b.variant));
	const roundNumbers = [...new Set(runs.map((r) => r.round))];

	// Per variant: min / median / max; per round: ratio of each variant to `before`.
	const metrics: Array<[string, (r: RunRecord) => number, number]> = [
		['whole process wall time (s)', (r) => r.whole.wallS, 1],
		['whole process CPU user+sys (s)', (r) => r.whole.cpuS, 1],
		['whole process max RSS (MB)', (r) => r.whole.maxRssMb, 0],
		['import wall time (s)', (r) => r.bench.importMs / 1000, 2],
		['import CPU, bench process (s)', (r) => r.bench.importCpuMs / 1000, 2],
		['import: OutSmart node (s)', (r) => r.bench.importOutSmartMs / 1000, 2],
		['import: store calls', (r) => r.bench.importStoreCalls, 0],
		['import: values removed from the store', (r) => r.bench.importStoreRemoved, 0],
		['import: time inside the store (s)', (r) => r.bench.importStoreMs / 1000, 2],
		['import: OutSmart requests', (r) => r.bench.importOutSmartRequests, 0],
		['peak RSS, bench process (MB)', (r) => r.bench.peakRssMb, 0],
		['static data after import (KB)', (r) => r.bench.staticDataBytes / 1024, 0],
		['delivery record: facts (node context)', (r) => r.bench.recordEntries, 0],
		['delivery record: attempt markers (workflow context)', (r) => r.bench.recordMarkers, 0],
		['delivery record JSON, facts + markers (KB)', (r) => (r.bench.recordBytes + r.bench.recordMarkerBytes) / 1024, 0],
		['quiet poll, max (ms)', (r) => r.bench.idleMaxMs, 0],
		['quiet poll materials, max (ms)', (r) => r.bench.idleMaterialsMaxMs, 0],
		['quiet poll: Bouwsoft requests per resource, max', (r) => r.bench.idleMaxBouwsoftRequestsPerResource, 0],
		['quiet polls: store calls', (r) => r.bench.idleStoreCalls, 0],
		['1,000 changes poll (ms)', (r) => r.bench.changesMs, 0],
		['1,000 changes: store calls', (r) => r.bench.changesStoreCalls, 0],
		['1,000 changes: time inside the store (ms)', (r) => r.bench.changesStoreMs, 0],
		['re-sync wall time (s)', (r) => r.bench.resyncMs / 1000, 2],
		['re-sync CPU, bench process (s)', (r) => r.bench.resyncCpuMs / 1000, 2],
		['re-sync: unchanged items', (r) => r.bench.resyncUnchanged, 0],
		['re-sync: OutSmart requests', (r) => r.bench.resyncOutSmartRequests, 0],
		['re-sync: OutSmart rows written', (r) => r.bench.resyncRowsWritten, 0],
		['re-sync: store calls', (r) => r.bench.resyncStoreCalls, 0],
		['re-sync: values removed from the store', (r) => r.bench.resyncStoreRemoved, 0],
		['re-sync: time inside the store (s)', (r) => r.bench.resyncStoreMs / 1000, 2],
	];
	const fmt = (x: number, d: number) => (Number.isFinite(x) ? x.toFixed(d) : '-');
	const rows: string[][] = [['metric', ...variants.map((v) => `${v.name} min / median / max`), ...variants.filter((v) => v.name !== 'before').map((v) => `${v.name}/before min / median / max`)]];
	const summary: Record<string, Record<string, unknown>> = {};
	for (const [label, get, d] of metrics) {
		const row = [label];
		summary[label] = {};
		for (const v of variants) {
			const xs = runs.filter((r) => r.variant === v.name).map(get);
			row.push(`${fmt(Math.min(...xs), d)} / ${fmt(median(xs), d)} / ${fmt(Math.max(...xs), d)}`);
			summary[label][v.name] = xs;
		}
		for (const v of variants.filter((x) => x.name !== 'before')) {
			const ratios: number[] = [];
			for (const round of roundNumbers) {
				const a = runs.find((r) => r.variant === 'before' && r.round === round);
				const b = runs.find((r) => r.variant === v.name && r.round === round);
				if (a && b && get(a) > 0) ratios.push(get(b) / get(a));
			}
			row.push(ratios.length ? `${fmt(Math.min(...ratios), 2)} / ${fmt(median(ratios), 2)} / ${fmt(Math.max(...ratios), 2)}` : '-');
			summary[label][`${v.name}/before`] = ratios;
		}
		rows.push(row);
	}
	if (replaced.length) process.stdout.write(`\nrun again (replaced): ${replaced.map((r) => `${r.variant}#${r.round} import ${(r.bench.importMs / 1000).toFixed(2)} s, load ${r.loadBefore[0].toFixed(2)}→${r.loadAfter[0].toFixed(2)}`).join(', ')}\n`);
	const loads = runs.map((r) => `${r.variant}#${r.round} ${r.loadBefore[0].toFixed(2)}→${r.loadAfter[0].toFixed(2)}${r.waitedS >= 1 ? ` (waited ${r.waitedS.toFixed(0)} s)` : ''}`);
	const methods = (get: (r: RunRecord) => Record<string, number>) =>
		variants.map((v) => `${v.name}: ${[...new Set(runs.filter((r) => r.variant === v.name).map((r) => JSON.stringify(get(r))))].join(' | ')}`).join('; ');
	process.stdout.write(`\n${table(rows)}\n\n1-minute load average before→after each run: ${loads.join(', ')}\n`);
	process.stdout.write(`store calls by method and scope, import: ${methods((r) => r.bench.importStoreByMethod)}\n`);
	process.stdout.write(`store calls by method and scope, re-sync: ${methods((r) => r.bench.resyncStoreByMethod)}\n`);
	fs.writeFileSync(
		file,
		`${JSON.stringify({ at: new Date().toISOString(), node: process.version, cpus: os.cpus().length, series, maxLoad, benchArgs, variants: variants.map((v) => ({ ...v, commit: commit(v.dir) })), runs, replaced, summary }, null, '\t')}\n`,
	);
	process.stdout.write(`JSON: ${file}\n`);
}

main();
