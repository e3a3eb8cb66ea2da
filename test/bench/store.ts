/**
 * n8n's deduplication store for the benchmark process, counted and timed. The OutSmart node's Skip Unchanged
 * keeps its delivery record there (helpers.checkProcessedAndRecord / removeProcessed, mode 'entries'): facts in
 * the node's context (scope 'node'), attempt markers in the workflow's context (scope 'workflow'; n8n's
 * `DeduplicationHelper.createContext` gives it the context ''). n8n-core's execution contexts call
 * `DataDeduplicationService.getInstance()`, which the n8n server initialises with its database-backed helper.
 * The bench initialises it itself, before the first workflow runs (the harness's `ensureDeduplicationStore()`
 * then finds it initialised and keeps it), with one of:
 *
 * - `memory` (default): the test harness's in-memory store (test/harness/deduplication.ts). It copies the row's
 *   array and builds a Set of it on every call, and removes entries with one Set filter.
 * - `n8n`: n8n 2.41.1's algorithm (packages/cli/src/deduplication/deduplication-helper.ts). It is the harness's
 *   store — same row keys (`<workflow id>` + `n:<node id>` or ''), md5/base64 values, mode check, `maxEntries`,
 *   check-and-record — with two differences that are what n8n's store costs in CPU: the rows are kept as JSON
 *   text, as the `processed_data` table keeps them (every call parses the whole row and every update stringifies
 *   it back), and `removeProcessed` is n8n's: one `findIndex` + `splice` over the row per removed value. The
 *   database's own work (reading and writing a row of a few MB) is not in it. Checked against n8n 2.41.1's
 *   class over a repository that keeps JSON text (both scopes, removals, `maxEntries`): same answers, same rows,
 *   same time within noise. One difference, which the node never meets (its calls hold distinct values): a
 *   value given twice in one call is 'new' twice and recorded twice in n8n, once in the harness.
 *
 * Both see the same calls; `stats()` counts them per method and scope, with the values passed and the time
 * spent inside the store. On a commit whose harness has no store (before the delivery record) there is none:
 * that commit's node code never calls it.
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
// Type only (erased at run time): an older commit's harness may not have this module.
import type { deduplicationStore as harnessStoreInstance } from '../harness/deduplication';

export type StoreKind = 'memory' | 'n8n';

export interface StoreStats {
	calls: number;
	/** Calls per `<method> <scope>`, e.g. `checkProcessedAndRecord workflow`. */
	byMethod: Record<string, number>;
	/** Values passed to the store, all calls together. */
	values: number;
	/** Of `values`, those passed to removeProcessed (n8n searches the row once for each). */
	removed: number;
	/** Time inside the store's calls (nothing else runs in the node while it waits for them). */
	ms: number;
}

export const emptyStats = (): StoreStats => ({ calls: 0, byMethod: {}, values: 0, removed: 0, ms: 0 });

type HarnessStore = typeof harnessStoreInstance;
type Inner = IDataDeduplicator & {
	reset?(workflowId?: string): void;
	size?(workflowId: string, scope?: DeduplicationScope): number;
	bytes?(workflowId: string, scope?: DeduplicationScope): number;
};

/** A row's `value` column: `{ mode, data: [md5, …] }`. */
interface Row {
	mode: ICheckProcessedOptions['mode'];
	data: string[];
}

const isNodeContext = (key: string, workflowId: string) => key.slice(workflowId.length + 1).startsWith('n:');

/**
 * The harness store's rows as the database keeps them, JSON text: `get` parses the row (n8n's `findOne`),
 * `set` stringifies it (`insert` / `update`). Offers what the harness store uses of its Map.
 */
class JsonTextRows {
	private readonly text = new Map<string, string>();

	get(key: string): Row | undefined {
		const text = this.text.get(key);
		return text === undefined ? undefined : (JSON.parse(text) as Row);
	}

	set(key: string, row: Row): this {
		this.text.set(key, JSON.stringify(row));
		return this;
	}

	delete(key: string): boolean {
		return this.text.delete(key);
	}

	keys(): IterableIterator<string> {
		return this.text.keys();
	}

	*[Symbol.iterator](): IterableIterator<[string, Row]> {
		for (const key of this.text.keys()) yield [key, this.get(key)!];
	}

	/** JSON text of a workflow's rows (every context, or one scope's): what each call reads and writes back. */
	bytes(workflowId: string, scope?: DeduplicationScope): number {
		let n = 0;
		for (const [key, text] of this.text) {
			if (!key.startsWith(`${workflowId}\u0000`)) continue;
			if (scope === undefined || (scope === 'node') === isNodeContext(key, workflowId)) n += Buffer.byteLength(text);
		}
		return n;
	}
}

/** n8n's `DeduplicationHelper.createValueHash` (the harness keeps its copy private); removal needs it. */
const valueHash = (value: DeduplicationItemTypes) => createHash('md5').update(value.toString()).digest('base64');

/**
 * n8n's algorithm on the harness store's class (see the module comment). The harness store's row map and row key
 * are private: they are reached by name, and checked once, so a change there stops the bench instead of
 * measuring something else.
 */
function n8nAlgorithmStore(harnessStore: HarnessStore): Inner {
	const Base = harnessStore.constructor as new () => HarnessStore;

	class N8nAlgorithmStore extends Base {
		readonly jsonRows = new JsonTextRows();

		constructor() {
			super();
			if (!(this['rows'] instanceof Map) || typeof this['rowKey'] !== 'function') {
				throw new Error("test/harness/deduplication.ts no longer keeps 'rows' / 'rowKey': update test/bench/store.ts");
			}
			(this as unknown as { rows: JsonTextRows }).rows = this.jsonRows;
		}

		/** n8n 2.41.1 `removeProcessed`, mode 'entries': load, one search + splice per value, update. */
		override async removeProcessed(
			items: DeduplicationItemTypes[],
			scope: DeduplicationScope,
			contextData: ICheckProcessedContextData,
			_options: ICheckProcessedOptions,
		): Promise<void> {
			const key = this['rowKey'](scope, contextData);
			const processedData = this.jsonRows.get(key); // findOne
			if (!processedData) return;
			const hashedItems = items.map(valueHash);
			if (!Array.isArray(processedData.data)) return;
			const data = processedData.data;
			hashedItems.forEach((item) => {
				const index = data.findIndex((value) => value === item);
				if (index !== -1) data.splice(index, 1);
			});
			this.jsonRows.set(key, processedData); // update
		}

		bytes(workflowId: string, scope?: DeduplicationScope): number {
			return this.jsonRows.bytes(workflowId, scope);
		}
	}

	return new N8nAlgorithmStore();
}

/** For a commit without the delivery record: its node code never calls the store. */
const noStore: Inner = {
	checkProcessedAndRecord: () => Promise.reject(new Error('this commit has no deduplication store in the bench')),
	removeProcessed: () => Promise.reject(new Error('this commit has no deduplication store in the bench')),
	clearAllProcessedItems: () => Promise.reject(new Error('this commit has no deduplication store in the bench')),
	getProcessedDataCount: () => Promise.reject(new Error('this commit has no deduplication store in the bench')),
};

/** Counts and times every call, then hands it to the chosen store. */
export class CountingStore implements IDataDeduplicator {
	private counted = emptyStats();

	constructor(
		readonly kind: StoreKind | 'none',
		readonly inner: Inner,
	) {}

	private async timed<T>(method: string, scope: DeduplicationScope, values: number, call: () => Promise<T>): Promise<T> {
		const name = `${method} ${scope}`;
		this.counted.calls++;
		this.counted.byMethod[name] = (this.counted.byMethod[name] ?? 0) + 1;
		this.counted.values += values;
		if (method === 'removeProcessed') this.counted.removed += values;
		const started = performance.now();
		try {
			return await call();
		} finally {
			this.counted.ms += performance.now() - started;
		}
	}

	checkProcessedAndRecord(items: DeduplicationItemTypes[], scope: DeduplicationScope, contextData: ICheckProcessedContextData, options: ICheckProcessedOptions) {
		return this.timed('checkProcessedAndRecord', scope, items.length, () => this.inner.checkProcessedAndRecord(items, scope, contextData, options));
	}

	removeProcessed(items: DeduplicationItemTypes[], scope: DeduplicationScope, contextData: ICheckProcessedContextData, options: ICheckProcessedOptions) {
		return this.timed('removeProcessed', scope, items.length, () => this.inner.removeProcessed(items, scope, contextData, options));
	}

	clearAllProcessedItems(scope: DeduplicationScope, contextData: ICheckProcessedContextData, options: ICheckProcessedOptions) {
		return this.timed('clearAllProcessedItems', scope, 0, () => this.inner.clearAllProcessedItems(scope, contextData, options));
	}

	getProcessedDataCount(scope: DeduplicationScope, contextData: ICheckProcessedContextData, options: ICheckProcessedOptions) {
		return this.timed('getProcessedDataCount', scope, 0, () => this.inner.getProcessedDataCount(scope, contextData, options));
	}

	stats(): StoreStats {
		return { ...this.counted, byMethod: { ...this.counted.byMethod } };
	}

	/**
	 * What a workflow keeps: facts (its node contexts), attempt markers (its workflow context), and with n8n's
	 * algorithm the JSON text of those rows (each call on a row reads and writes all of it).
	 */
	entries(workflowId: string): { entries: number; markers: number; bytes?: number; markerBytes?: number } {
		const entries = this.inner.size?.(workflowId, 'node') ?? 0;
		const markers = this.inner.size?.(workflowId, 'workflow') ?? 0;
		if (!this.inner.bytes) return { entries, markers };
		return { entries, markers, bytes: this.inner.bytes(workflowId, 'node'), markerBytes: this.inner.bytes(workflowId, 'workflow') };
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
	return { calls: after.calls - before.calls, byMethod, values: after.values - before.values, removed: after.removed - before.removed, ms: after.ms - before.ms };
}

export function addStats(list: StoreStats[]): StoreStats {
	const total = emptyStats();
	for (const s of list) {
		total.calls += s.calls;
		total.values += s.values;
		total.removed += s.removed;
		total.ms += s.ms;
		for (const [method, n] of Object.entries(s.byMethod)) total.byMethod[method] = (total.byMethod[method] ?? 0) + n;
	}
	return total;
}

let installed: CountingStore | undefined;

/**
 * Initialises n8n's deduplication service with the chosen store (once per process). On a commit whose harness
 * has no in-memory store (before the delivery record) the store is `none`, whichever was asked for: the node
 * code of such a commit never calls it, the counters stay at 0.
 */
export async function installStore(kind: StoreKind): Promise<CountingStore> {
	if (installed) return installed;
	const harnessStore = (harness as { deduplicationStore?: HarnessStore }).deduplicationStore;
	installed = !harnessStore
		? new CountingStore('none', noStore)
		: new CountingStore(kind, kind === 'memory' ? harnessStore : n8nAlgorithmStore(harnessStore));
	await DataDeduplicationService.init(installed);
	return installed;
}

export function benchStore(): CountingStore | undefined {
	return installed;
}
