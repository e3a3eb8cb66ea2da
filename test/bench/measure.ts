/** Runs one scenario end to end: import, idle polls, incremental poll, naive baseline, lower bound. */
import type { BenchConfig, NodeOverrides } from './config';
import { lowerBound, type LowerBound } from './lowerBound';
import { runNaive, type NaiveResult } from './naive';
import { isIdle, newCredentialStore, newRecords, sumCounts, Workflow, type PollMetrics } from './pipeline';
import { CpuProfiler, type ProfileSummary } from './profile';
import { MB, RssSampler } from './rss';
import { scenario, type Scenario, type ScenarioName } from './scenarios';
import type { SimHost } from './sims';
import type { PayloadBytes, SimCounts } from './simProtocol';
import { addStats, benchStore, type StoreStats } from './store';

export interface PhaseResult {
	ms: number;
	polls: number;
	records: number;
	counts: SimCounts;
	/** Time in the trigger's poll(), in the OutSmart node (n8n run data), and the rest (engine, harness, static data copies). */
	breakdown: { triggerMs: number; outsmartMs: number; engineMs: number };
	actions: Record<string, number>;
	failures: string[];
	/** n8n's deduplication store (the OutSmart node's delivery record): calls, values passed, time inside. */
	store: StoreStats;
	/** CPU of the benchmark process (user + system) over the polls. */
	cpuMs: number;
}

export interface IdleResult {
	workflow: string;
	/** Polls that still ran the workflow (ledger retries), and how many records they re-emitted. */
	executedPolls: number;
	retriedRecords: number;
	outsmartMs: number[];
	/** Time inside poll() alone (the rest of `ms` is the engine and the harness's static-data copies). */
	triggerMs: number[];
	staticDataBytes: number;
	bouwsoftRequestsPerPoll: number[];
	bouwsoftByResource: Record<string, number>;
	ms: number[];
	outsmartRequests: number;
	/** Calls to n8n's deduplication store over the polls (a quiet poll must make none). */
	storeCalls: number;
}

export interface ScenarioResult {
	name: ScenarioName;
	title: string;
	overrides: NodeOverrides;
	import: PhaseResult & {
		recordsPerSecond: number;
		peakRssMb: number;
		startRssMb: number;
		simHostRssMb: number;
		bouwsoftRequestsPerRecord: number;
		outsmartRequestsPerRecord: number;
		outsmartRowsWritten: number;
		outsmartRequestsPerRowWritten: number;
		stored: Record<string, number>;
		payload: PayloadBytes;
		/**
		 * The delivery record after the import, main workflow: facts (node context) and attempt markers (workflow
		 * context), and the JSON text of those rows (n8n store).
		 */
		deliveryRecord: { store: string; entries: number; markers?: number; bytes?: number; markerBytes?: number };
		lowerBound: LowerBound;
		ratioToLowerBound: number;
		profile?: ProfileSummary;
		perPoll: Array<{ label: string; ms: number; triggerMs: number; outsmartMs: number; storeCalls: number; storeMs: number; cpuMs: number; emitted: number; rssAfterMb: number; heapUsedAfterMb: number; staticDataBytes: number; outsmartRequests: number; bouwsoftRequests: number; outsmartDownBytes: number }>;
	};
	idle?: IdleResult[];
	changes?: PhaseResult & { changed: number; lowerBound: LowerBound; ratioToLowerBound: number };
	/** The main workflow's cursor cleared after the changes: every record goes to the OutSmart node again. */
	resync?: PhaseResult & { unchanged: number; outsmartRowsWritten: number };
	naive?: NaiveResult & { extrapolatedMs: number; speedUp: number; bouwsoftRequestsPerRecord: number; outsmartRequestsPerRecord: number };
}

function phase(polls: PollMetrics[], recordsOf: (p: PollMetrics) => number): PhaseResult {
	const actions: Record<string, number> = {};
	const failures: string[] = [];
	let triggerMs = 0;
	let outsmartMs = 0;
	let ms = 0;
	let cpuMs = 0;
	for (const p of polls) {
		ms += p.ms;
		cpuMs += p.cpuMs;
		outsmartMs += p.outsmartMs;
		triggerMs += p.triggerMs;
		for (const [k, v] of Object.entries(p.actions)) actions[k] = (actions[k] ?? 0) + v;
		failures.push(...p.failures);
	}
	return {
		ms,
		polls: polls.length,
		records: polls.reduce((sum, p) => sum + recordsOf(p), 0),
		counts: sumCounts(polls.map((p) => p.counts)),
		breakdown: { triggerMs, outsmartMs, engineMs: Math.max(0, ms - triggerMs - outsmartMs) },
		actions,
		failures: failures.slice(0, 5),
		store: addStats(polls.map((p) => p.store)),
		cpuMs,
	};
}

export interface ScenarioRunOptions {
	idle: boolean;
	changes: boolean;
	resync?: boolean;
	naive: boolean;
	profile: boolean;
	log?: (line: string) => void;
}

export async function runScenario(
	sims: SimHost,
	name: ScenarioName,
	config: BenchConfig,
	bytesPerSecond: number,
	run: ScenarioRunOptions,
): Promise<ScenarioResult> {
	const sc: Scenario = scenario(name, config.overrides);
	const log = run.log ?? (() => undefined);
	await sims.resetOutSmart();
	benchStore()?.reset();
	const credentials = newCredentialStore(sims);
	const workflows = sc.workflows.map((spec) => new Workflow(spec, sims, credentials));
	const main = workflows[workflows.length - 1];

	// ── initial import ──
	const startRss = process.memoryUsage().rss;
	const rss = new RssSampler().start();
	const profiler = run.profile ? new CpuProfiler() : undefined;
	await profiler?.start();
	const allPolls: PollMetrics[] = [];
	const mainPolls: PollMetrics[] = [];
	const labels: string[] = [];
	for (const workflow of workflows) {
		const { polls } = await workflow.pollUntilIdle();
		allPolls.push(...polls);
		labels.push(...polls.map(() => workflow.spec.label));
		if (workflow === main) mainPolls.push(...polls);
		log(`  ${workflow.spec.label}: ${polls.length} poll(s), ${polls.reduce((s, p) => s + newRecords(p), 0)} records, ${Math.round(polls.reduce((s, p) => s + p.ms, 0))} ms`);
	}
	const profile = await profiler?.stop();
	const peakRss = rss.stop();
	const imported = phase(allPolls, () => 0);
	imported.records = mainPolls.reduce((sum, p) => sum + newRecords(p), 0);
	const stored = await sims.outsmartCounts(sc.outsmartEndpoints);
	const payload = await sims.payloadBytes(sc.bouwsoftResources, sc.outsmartEndpoints);
	const sizes = sims.info.tableSizes;
	const latencies = { bouwsoftLatencyMs: config.bouwsoftLatencyMs, outsmartLatencyMs: config.outsmartLatencyMs };
	const importBound = lowerBound({
		readChains: sc.bouwsoftResources.map((r) => sizes[r] ?? 0),
		writeLevels: sc.writeLevels,
		tokenCall: true,
		...latencies,
		payloadBytes: payload.bouwsoftBytes + payload.outsmartBytes,
		bytesPerSecond,
	});
	const rowsWritten = Object.values(imported.counts.outsmartByEndpoint).reduce((s, c) => s + c.rowsWritten, 0);
	const store = benchStore();
	const result: ScenarioResult = {
		name,
		title: sc.title,
		overrides: config.overrides,
		import: {
			...imported,
			recordsPerSecond: imported.records / (imported.ms / 1000),
			peakRssMb: peakRss / MB,
			startRssMb: startRss / MB,
			simHostRssMb: (await sims.memory()) / MB,
			bouwsoftRequestsPerRecord: imported.counts.bouwsoftRequests / imported.records,
			outsmartRequestsPerRecord: imported.counts.outsmartRequests / imported.records,
			outsmartRowsWritten: rowsWritten,
			outsmartRequestsPerRowWritten: imported.counts.outsmartRequests / Math.max(1, rowsWritten),
			stored,
			payload,
			deliveryRecord: { store: store?.kind ?? 'none', ...(store?.entries(main.spec.workflowId) ?? { entries: 0 }) },
			lowerBound: importBound,
			ratioToLowerBound: imported.ms / importBound.ms,
			profile,
			perPoll: allPolls.map((p, i) => ({
				label: labels[i],
				ms: Math.round(p.ms),
				triggerMs: Math.round(p.triggerMs),
				outsmartMs: Math.round(p.outsmartMs),
				storeCalls: p.store.calls,
				storeMs: Math.round(p.store.ms),
				cpuMs: Math.round(p.cpuMs),
				emitted: p.emitted,
				rssAfterMb: Math.round(p.rssAfterMb),
				heapUsedAfterMb: Math.round(p.heapUsedAfterMb),
				staticDataBytes: p.staticDataBytes,
				outsmartRequests: p.counts.outsmartRequests,
				bouwsoftRequests: p.counts.bouwsoftRequests,
				outsmartDownBytes: p.counts.bytes.outsmartOut,
			})),
		},
	};

	// ── polls with no changes ──
	if (run.idle) {
		result.idle = [];
		for (const workflow of workflows) {
			const polls: PollMetrics[] = [];
			for (let i = 0; i < 3; i++) polls.push(await workflow.poll());
			const retried = polls.reduce((sum, p) => sum + (p.executed ? p.emitted - newRecords(p) : 0), 0);
			if (polls.some((p) => !isIdle(p))) log(`  WARNING: ${workflow.spec.label}: a poll without changes emitted new records`);
			if (retried) log(`  NOTE: ${workflow.spec.label}: polls without changes re-emitted ${retried} ledger retries (records OutSmart did not take)`);
			result.idle.push({
				executedPolls: polls.filter((p) => p.executed).length,
				retriedRecords: retried,
				outsmartMs: polls.map((p) => p.outsmartMs),
				triggerMs: polls.map((p) => p.triggerMs),
				staticDataBytes: polls[polls.length - 1].staticDataBytes,
				workflow: workflow.spec.label,
				bouwsoftRequestsPerPoll: polls.map((p) => p.counts.bouwsoftRequests),
				bouwsoftByResource: polls[polls.length - 1].counts.bouwsoftByResource,
				ms: polls.map((p) => p.ms),
				outsmartRequests: polls.reduce((s, p) => s + p.counts.outsmartRequests, 0),
				storeCalls: polls.reduce((s, p) => s + p.store.calls, 0),
			});
		}
	}

	// ── incremental poll with changes ──
	if (run.changes) {
		const wanted = Math.max(1, Math.min(config.changes, Math.floor(imported.records / 10)));
		const { changed } = await sims.mutate(sc.mutate.resource, wanted, sc.mutate.field);
		const { polls } = await main.pollUntilIdle();
		const changes = phase(polls, (p) => newRecords(p));
		const share = changed / Math.max(1, sizes[sc.mutate.resource] ?? imported.records);
		const bound = lowerBound({
			readChains: [changed],
			writeLevels: sc.writeLevels,
			tokenCall: false,
			...latencies,
			payloadBytes: (payload.bouwsoftBytes + payload.outsmartBytes) * share,
			bytesPerSecond,
		});
		result.changes = { ...changes, changed, lowerBound: bound, ratioToLowerBound: changes.ms / bound.ms };
		log(`  ${changed} changes: ${changes.polls} poll(s), ${changes.records} records, ${Math.round(changes.ms)} ms`);
	}

	// ── re-sync: every record sent again (Skip Unchanged skips what OutSmart has) ──
	if (run.resync) {
		main.forgetCursor();
		const { polls } = await main.pollUntilIdle();
		const resync = phase(polls, (p) => newRecords(p));
		result.resync = {
			...resync,
			unchanged: resync.actions.unchanged ?? 0,
			outsmartRowsWritten: Object.values(resync.counts.outsmartByEndpoint).reduce((s, c) => s + c.rowsWritten, 0),
		};
		log(`  re-sync: ${resync.polls} poll(s), ${resync.records} records (${resync.actions.unchanged ?? 0} unchanged), ${Math.round(resync.ms)} ms, OutSmart ${resync.counts.outsmartRequests} requests, store ${resync.store.calls} calls`);
	}

	// ── naive baseline on a sample ──
	if (run.naive) {
		const sample = Math.max(10, Math.round(config.naiveSample * sc.naiveShare));
		const naive = await runNaive(sims, sc.naiveCategory, sample);
		const extrapolatedMs = naive.msPerRecord * imported.records;
		result.naive = {
			...naive,
			extrapolatedMs,
			speedUp: extrapolatedMs / imported.ms,
			bouwsoftRequestsPerRecord: naive.counts.bouwsoftRequests / naive.sample,
			outsmartRequestsPerRecord: naive.counts.outsmartRequests / naive.sample,
		};
		log(`  naive: ${naive.sample} records in ${Math.round(naive.ms)} ms (${naive.msPerRecord.toFixed(1)} ms/record)`);
	}
	return result;
}
