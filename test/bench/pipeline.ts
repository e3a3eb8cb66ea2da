/**
 * One Bouwsoft Trigger → OutSmart workflow, polled the way n8n polls it (trigger mode, static data kept
 * between polls, one credential store so the access token is reused), through the real n8n-core engine
 * of test/harness. Each poll is timed and counted on both simulators.
 */
import type { IDataObject, INodeParameters, IPollFunctions } from 'n8n-workflow';

import { BouwsoftTrigger } from '../../nodes/Bouwsoft/BouwsoftTrigger.node';
import { OutSmart } from '../../nodes/OutSmart/OutSmart.node';
import { chain, CredentialStore, runWorkflow } from '../harness';
import type { SimHost } from './sims';
import type { SimCounts } from './simProtocol';
import { benchStore, emptyStats, storeDelta, type StoreStats } from './store';

const TRIGGER = 'Bouwsoft Trigger';
const WRITER = 'OutSmart';
/** The real trigger, with its poll() timed from outside (n8n's run data has no entry for poll()). */
const trigger = new BouwsoftTrigger();
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
const nodeTypes = { bouwsoftTrigger: trigger, outSmart: new OutSmart() };

export interface WorkflowSpec {
	label: string;
	/** n8n workflow id: the deduplication store keeps one row per workflow and node. */
	workflowId: string;
	trigger: INodeParameters;
	outsmart: INodeParameters;
}

export interface PollMetrics {
	executed: boolean;
	ms: number;
	/** Time inside the trigger's poll() and in the OutSmart node (n8n's run data). */
	triggerMs: number;
	/** Process memory right after the poll, and the size of the workflow's static data as JSON. */
	rssAfterMb: number;
	heapUsedAfterMb: number;
	staticDataBytes: number;
	outsmartMs: number;
	emitted: number;
	actions: Record<string, number>;
	failures: string[];
	counts: SimCounts;
	/** Calls to n8n's deduplication store during the poll and its execution (delivery record). */
	store: StoreStats;
	/** CPU of the benchmark process (user + system) during the poll and its execution. */
	cpuMs: number;
	triggerSummary?: IDataObject;
}

export class Workflow {
	readonly staticData: IDataObject = {};

	constructor(
		readonly spec: WorkflowSpec,
		private readonly sims: SimHost,
		private readonly credentials: CredentialStore,
	) {}

	/** One poll; when it emits, the OutSmart node writes the items (like a production execution). */
	async poll(): Promise<PollMetrics> {
		await this.sims.resetCounts();
		lastPollMs = 0;
		const storeBefore = benchStore()?.stats();
		const cpuBefore = process.cpuUsage();
		const started = performance.now();
		const result = await runWorkflow({
			workflowId: this.spec.workflowId,
			nodes: [
				{ name: TRIGGER, type: 'bouwsoftTrigger', parameters: this.spec.trigger },
				{ name: WRITER, type: 'outSmart', parameters: this.spec.outsmart, onError: 'continueRegularOutput' },
			],
			connections: chain(TRIGGER, WRITER),
			nodeTypes,
			credentials: this.credentials,
			mode: 'trigger',
			workflowStaticData: this.staticData,
		});
		const ms = performance.now() - started;
		const cpu = process.cpuUsage(cpuBefore);
		const storeAfter = benchStore()?.stats();
		const store = storeAfter && storeBefore ? storeDelta(storeAfter, storeBefore) : emptyStats();
		if (result.error) throw new Error(`${this.spec.label}: workflow failed: ${result.error.message}`);
		const counts = await this.sims.counts();
		const emittedItems = result.outputs[TRIGGER]?.[0] ?? [];
		const written = result.outputs[WRITER]?.[0] ?? [];
		const actions: Record<string, number> = {};
		const failures: string[] = [];
		for (const item of written) {
			const action = String(item.json.action ?? (item.json.error ? 'failed' : 'unknown'));
			actions[action] = (actions[action] ?? 0) + 1;
			if (action === 'failed' && failures.length < 5) failures.push(String(item.json.error ?? JSON.stringify(item.json).slice(0, 200)));
			for (const related of (item.json.related as IDataObject[] | undefined) ?? []) {
				const key = `${String(related.resource)}:${String(related.action)}`;
				actions[key] = (actions[key] ?? 0) + 1;
				if (related.error && failures.length < 5) failures.push(String(related.error));
			}
		}
		const timing = (name: string) => {
			const runs = result.runData?.[name] as Array<{ executionTime?: number }> | undefined;
			return runs?.[0]?.executionTime ?? 0;
		};
		const sync = emittedItems[0]?.json?._sync as IDataObject | undefined;
		return {
			executed: result.executed,
			ms,
			triggerMs: lastPollMs,
			rssAfterMb: process.memoryUsage().rss / 1048576,
			heapUsedAfterMb: process.memoryUsage().heapUsed / 1048576,
			staticDataBytes: Buffer.byteLength(JSON.stringify(this.staticData)),
			outsmartMs: timing(WRITER),
			emitted: emittedItems.length,
			actions,
			failures,
			counts,
			store,
			cpuMs: (cpu.user + cpu.system) / 1000,
			triggerSummary: sync?.summary as IDataObject | undefined,
		};
	}

	/**
	 * Forgets the trigger's cursor (its node static data) and keeps everything else (the workflow's global
	 * static data, n8n's deduplication store): the next polls read and emit every record again, as a full
	 * re-sync into an OutSmart node that has seen them all.
	 */
	forgetCursor(): void {
		delete this.staticData[`node:${TRIGGER}`];
	}

	/**
	 * Polls until a poll brings nothing new: it emits nothing, or only re-reads of records on the sync
	 * ledger (records OutSmart could not take, e.g. projects without a client) after a complete pass.
	 * Returns the polls that brought new records and the first idle one.
	 */
	async pollUntilIdle(maxPolls = 1000): Promise<{ polls: PollMetrics[]; idle: PollMetrics }> {
		const polls: PollMetrics[] = [];
		for (let i = 0; i < maxPolls; i++) {
			const metrics = await this.poll();
			if (isIdle(metrics)) return { polls, idle: metrics };
			polls.push(metrics);
		}
		throw new Error(`${this.spec.label}: still emitting after ${maxPolls} polls`);
	}
}

/** Records this poll emitted that were not ledger retries. */
export function newRecords(metrics: PollMetrics): number {
	if (!metrics.executed) return 0;
	return metrics.emitted - Number(metrics.triggerSummary?.retried ?? 0);
}

export function isIdle(metrics: PollMetrics): boolean {
	return !metrics.executed || (newRecords(metrics) === 0 && metrics.triggerSummary?.complete !== false);
}

export function newCredentialStore(sims: SimHost): CredentialStore {
	const creds = sims.credentials();
	const store = new CredentialStore({ bouwsoftApi: creds.bouwsoftApi });
	store.set('outSmartApi', creds.outSmartApi);
	return store;
}

/** Sum of the counters of several polls. */
export function sumCounts(list: SimCounts[]): SimCounts {
	const total: SimCounts = {
		bouwsoftRequests: 0,
		bouwsoftByResource: {},
		outsmartRequests: 0,
		outsmartByEndpoint: {},
		bytes: { bouwsoftIn: 0, bouwsoftOut: 0, outsmartIn: 0, outsmartOut: 0 },
	};
	for (const c of list) {
		total.bouwsoftRequests += c.bouwsoftRequests;
		total.outsmartRequests += c.outsmartRequests;
		for (const [k, v] of Object.entries(c.bouwsoftByResource)) total.bouwsoftByResource[k] = (total.bouwsoftByResource[k] ?? 0) + v;
		for (const [k, v] of Object.entries(c.outsmartByEndpoint)) {
			const t = (total.outsmartByEndpoint[k] ??= { requests: 0, rowsReceived: 0, rowsWritten: 0 });
			t.requests += v.requests;
			t.rowsReceived += v.rowsReceived;
			t.rowsWritten += v.rowsWritten;
		}
		for (const k of Object.keys(total.bytes) as Array<keyof SimCounts['bytes']>) total.bytes[k] += c.bytes[k];
	}
	return total;
}
