/**
 * n8n's deduplication store for the benchmark process, counted and timed. The OutSmart node's Skip Unchanged
 * keeps its delivery record there (helpers.checkProcessedAndRecord / removeProcessed, scope 'node', mode
 * 'entries'): n8n-core's execution contexts call `DataDeduplicationService.getInstance()`, which the n8n server
 * initialises with its database-backed helper. The bench initialises it itself, before the first workflow runs
 * (the harness's `ensureDeduplicationStore()` then finds it initialised and keeps it), with one of:
 *
 * - `memory` (default): the test harness's in-memory store (test/harness/deduplication.ts). It copies the row's
 *   array and builds a Set of it on every call, and removes entries with one Set filter.
 * - `n8n`: n8n 2.41.1's own algorithm (packages/cli/src/deduplication/deduplication-helper.ts,
 *   `handleHashedItems` / `removeProcessed`) over a row kept as JSON text, as the `processed_data` table keeps
 *   it: every call parses the node's whole row (a JSON array of md5/base64 strings), builds a Set of it (check)
 *   or searches it once per removed value (`findIndex` + `splice`), and stringifies the whole row back. This is
 *   the CPU an n8n process spends per call; the database's own work (reading and writing a row of a few MB)
 *   is not in it.
 *
 * Both stores see the same calls; `stats()` counts them per method with the values passed and the time spent
 * inside the store.
 */
import { createHash } from 'crypto';
import { DataDeduplicationService } from 'n8n-core';
import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
} from 'n8n-workflow';

import * as harness from '../harness';

export type StoreKind = 'memory' | 'n8n';

export interface StoreStats {
	calls: number;
	byMethod: Record<string, number>;
	/** Values passed to the store, all calls together. */
	values: number;
	/** Time inside the store's calls (nothing else runs in the node while it waits for them). */
	ms: number;
}

type Resettable = IDataDeduplicator & { reset?(workflowId?: string): void; size?(workflowId: string): number };

const md5 = (value: DeduplicationItemTypes) => createHash('md5').update(value.toString()).digest('base64');

function rowKey(scope: DeduplicationScope, contextData: ICheckProcessedContextData): string {
	if (!contextData.workflow.id) throw new Error('Deduplication needs a workflow id');
	if (scope === 'node' && !contextData.node) throw new Error("No node information has been provided and so cannot use scope 'node'");
	return `${contextData.workflow.id}\u0000${scope === 'node' ? `n:${contextData.node!.id}` : ''}`;
}

interface RowValue {
	mode: ICheckProcessedOptions['mode'];
	data: unknown;
}

/** n8n 2.41.1's DeduplicationHelper for mode 'entries', step for step, over rows kept as JSON text. */
export class N8nAlgorithmStore implements IDataDeduplicator {
	/** workflow id + context → the row's `value` column as the database returns it (JSON text). */
	private rows = new Map<string, string>();

	private load(key: string): RowValue | undefined {
		const text = this.rows.get(key);
		return text === undefined ? undefined : (JSON.parse(text) as RowValue);
	}

	private save(key: string, value: RowValue): void {
		this.rows.set(key, JSON.stringify(value));
	}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		const key = rowKey(scope, contextData);
		const processedData = this.load(key); // findProcessedData
		if (processedData && processedData.mode !== options.mode) throw new Error('Deduplication data was originally saved with an incompatible setting');
		if (options.mode !== 'entries') throw new Error('The bench store keeps mode "entries" only');
		// handleHashedItems
		const hashedItems = items.map(md5);
		if (!processedData) {
			if (options.maxEntries) hashedItems.splice(0, hashedItems.length - options.maxEntries);
			this.save(key, { mode: options.mode, data: hashedItems }); // insert
			return { new: items, processed: [] };
		}
		const out: IDeduplicationOutput = { new: [], processed: [] };
		if (!Array.isArray(processedData.data)) return out;
		const data = processedData.data as string[];
		const processedItemsSet = new Set(data);
		hashedItems.forEach((item, index) => {
			if (processedItemsSet.has(item)) out.processed.push(items[index]);
			else {
				out.new.push(items[index]);
				data.push(item);
			}
		});
		if (options.maxEntries) data.splice(0, data.length - options.maxEntries);
		this.save(key, processedData); // update
		return out;
	}

	async removeProcessed(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		_options: ICheckProcessedOptions,
	): Promise<void> {
		const key = rowKey(scope, contextData);
		const processedData = this.load(key); // findOne
		if (!processedData) return;
		const hashedItems = items.map(md5);
		if (!Array.isArray(processedData.data)) return;
		const data = processedData.data as string[];
		hashedItems.forEach((item) => {
			const index = data.findIndex((value) => value === item);
			if (index !== -1) data.splice(index, 1);
		});
		this.save(key, processedData); // update
	}

	async clearAllProcessedItems(scope: DeduplicationScope, contextData: ICheckProcessedContextData): Promise<void> {
		this.rows.delete(rowKey(scope, contextData));
	}

	async getProcessedDataCount(scope: DeduplicationScope, contextData: ICheckProcessedContextData): Promise<number> {
		const data = this.load(rowKey(scope, contextData))?.data;
		return Array.isArray(data) ? data.length : 0;
	}

	size(workflowId: string): number {
		let n = 0;
		for (const [key, text] of this.rows) {
			if (!key.startsWith(`${workflowId}\u0000`)) continue;
			const data = (JSON.parse(text) as RowValue).data;
			if (Array.isArray(data)) n += data.length;
		}
		return n;
	}

	/** Bytes of JSON text a workflow's rows hold (what each call reads and writes back). */
	bytes(workflowId: string): number {
		let n = 0;
		for (const [key, text] of this.rows) if (key.startsWith(`${workflowId}\u0000`)) n += Buffer.byteLength(text);
		return n;
	}

	reset(): void {
		this.rows.clear();
	}
}

/** Counts and times every call, then hands it to the chosen store. */
export class CountingStore implements IDataDeduplicator {
	private counted: StoreStats = { calls: 0, byMethod: {}, values: 0, ms: 0 };

	constructor(
		readonly kind: StoreKind | 'none',
		readonly inner: Resettable,
	) {}

	private async timed<T>(method: string, values: number, call: () => Promise<T>): Promise<T> {
		this.counted.calls++;
		this.counted.byMethod[method] = (this.counted.byMethod[method] ?? 0) + 1;
		this.counted.values += values;
		const started = performance.now();
		try {
			return await call();
		} finally {
			this.counted.ms += performance.now() - started;
		}
	}

	checkProcessedAndRecord(items: DeduplicationItemTypes[], scope: DeduplicationScope, contextData: ICheckProcessedContextData, options: ICheckProcessedOptions) {
		return this.timed('checkProcessedAndRecord', items.length, () => this.inner.checkProcessedAndRecord(items, scope, contextData, options));
	}

	removeProcessed(items: DeduplicationItemTypes[], scope: DeduplicationScope, contextData: ICheckProcessedContextData, options: ICheckProcessedOptions) {
		return this.timed('removeProcessed', items.length, () => this.inner.removeProcessed(items, scope, contextData, options));
	}

	clearAllProcessedItems(scope: DeduplicationScope, contextData: ICheckProcessedContextData, options: ICheckProcessedOptions) {
		return this.timed('clearAllProcessedItems', 0, () => this.inner.clearAllProcessedItems(scope, contextData, options));
	}

	getProcessedDataCount(scope: DeduplicationScope, contextData: ICheckProcessedContextData, options: ICheckProcessedOptions) {
		return this.timed('getProcessedDataCount', 0, () => this.inner.getProcessedDataCount(scope, contextData, options));
	}

	stats(): StoreStats {
		return { ...this.counted, byMethod: { ...this.counted.byMethod } };
	}

	/** Entries a workflow keeps (every node's row), and the JSON text they take (n8n store only). */
	entries(workflowId: string): { entries: number; bytes?: number } {
		const entries = this.inner.size?.(workflowId) ?? 0;
		return this.kind === 'n8n' && this.inner instanceof N8nAlgorithmStore ? { entries, bytes: this.inner.bytes(workflowId) } : { entries };
	}

	/** An empty store (a new n8n database) for the next scenario. */
	reset(): void {
		this.inner.reset?.();
	}
}

/** What the calls between two stats() snapshots did. */
export function storeDelta(after: StoreStats, before: StoreStats): StoreStats {
	const byMethod: Record<string, number> = {};
	for (const [method, n] of Object.entries(after.byMethod)) {
		const d = n - (before.byMethod[method] ?? 0);
		if (d) byMethod[method] = d;
	}
	return { calls: after.calls - before.calls, byMethod, values: after.values - before.values, ms: after.ms - before.ms };
}

export function addStats(list: StoreStats[]): StoreStats {
	const total: StoreStats = { calls: 0, byMethod: {}, values: 0, ms: 0 };
	for (const s of list) {
		total.calls += s.calls;
		total.values += s.values;
		total.ms += s.ms;
		for (const [method, n] of Object.entries(s.byMethod)) total.byMethod[method] = (total.byMethod[method] ?? 0) + n;
	}
	return total;
}

let installed: CountingStore | undefined;

/**
 * Initialises n8n's deduplication service with the chosen store (once per process). On a commit whose harness
 * has no in-memory store (before the delivery record), `memory` falls back to the n8n algorithm: the node code
 * of such a commit never calls it, the counters then stay at 0.
 */
export async function installStore(kind: StoreKind): Promise<CountingStore> {
	if (installed) return installed;
	const harnessStore = (harness as unknown as { deduplicationStore?: Resettable }).deduplicationStore;
	const inner = kind === 'memory' && harnessStore ? harnessStore : new N8nAlgorithmStore();
	const label = kind === 'memory' && !harnessStore ? 'none' : kind;
	installed = new CountingStore(label, inner);
	await DataDeduplicationService.init(installed);
	return installed;
}

export function benchStore(): CountingStore | undefined {
	return installed;
}
