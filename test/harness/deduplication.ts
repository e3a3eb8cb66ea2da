/**
 * n8n's deduplication store for in-process runs. n8n-core's execution contexts call
 * `DataDeduplicationService.getInstance()`, which the n8n server initialises with its database-backed helper
 * (`processed_data` table). This is the same contract over memory, following n8n 2.41.1's implementation
 * (packages/cli/src/deduplication/deduplication-helper.ts): one row per workflow and context (`n:<node id>` for
 * scope 'node', '' for 'workflow'), md5/base64 of each value only, the mode fixed per row, `maxEntries` drops
 * the oldest after a call. Values are copied in and out, like a database round trip.
 *
 * `deduplicationStore.failNext(n)` makes the next n calls throw (a database that is away), `calls` counts them,
 * `removedEntries` counts what removals asked for.
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

interface Row {
	mode: ICheckProcessedOptions['mode'];
	data: string[];
}

const md5 = (value: DeduplicationItemTypes) => createHash('md5').update(value.toString()).digest('base64');

class MemoryDeduplicator implements IDataDeduplicator {
	private rows = new Map<string, Row>();
	calls = 0;
	/** Entries asked to be removed, all calls together (n8n's removal searches the row once per entry). */
	removedEntries = 0;
	private failures = 0;

	private rowKey(scope: DeduplicationScope, contextData: ICheckProcessedContextData): string {
		if (!contextData.workflow.id) throw new Error('Deduplication needs a workflow id');
		if (scope === 'node' && !contextData.node) throw new Error("No node information has been provided and so cannot use scope 'node'");
		return `${contextData.workflow.id}\u0000${scope === 'node' ? `n:${contextData.node!.id}` : ''}`;
	}

	private enter(): void {
		this.calls++;
		if (this.failures > 0) {
			this.failures--;
			throw new Error('processed_data: connection refused (harness fault)');
		}
	}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		this.enter();
		if (options.mode !== 'entries') throw new Error('The harness store keeps mode "entries" only');
		const key = this.rowKey(scope, contextData);
		const row = this.rows.get(key);
		if (row && row.mode !== options.mode) throw new Error('Deduplication data was originally saved with an incompatible setting');
		const data = row ? [...row.data] : [];
		const known = new Set(data);
		const out: IDeduplicationOutput = { new: [], processed: [] };
		for (const item of items) {
			const hash = md5(item);
			if (known.has(hash)) out.processed.push(item);
			else {
				out.new.push(item);
				known.add(hash);
				data.push(hash);
			}
		}
		if (options.maxEntries) data.splice(0, Math.max(0, data.length - options.maxEntries));
		this.rows.set(key, { mode: options.mode, data });
		return out;
	}

	async removeProcessed(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		_options: ICheckProcessedOptions,
	): Promise<void> {
		this.enter();
		this.removedEntries += items.length;
		const key = this.rowKey(scope, contextData);
		const row = this.rows.get(key);
		if (!row) return;
		const gone = new Set(items.map(md5));
		this.rows.set(key, { ...row, data: row.data.filter((hash) => !gone.has(hash)) });
	}

	async clearAllProcessedItems(scope: DeduplicationScope, contextData: ICheckProcessedContextData): Promise<void> {
		this.enter();
		this.rows.delete(this.rowKey(scope, contextData));
	}

	async getProcessedDataCount(scope: DeduplicationScope, contextData: ICheckProcessedContextData): Promise<number> {
		this.enter();
		return this.rows.get(this.rowKey(scope, contextData))?.data.length ?? 0;
	}

	/** Entries kept for a workflow: in its node contexts (scope 'node'), its workflow context, or all together. */
	size(workflowId: string, scope?: DeduplicationScope): number {
		let n = 0;
		for (const [key, row] of this.rows) {
			if (!key.startsWith(`${workflowId}\u0000`)) continue;
			const context = key.slice(workflowId.length + 1);
			if (scope === undefined || (scope === 'node') === context.startsWith('n:')) n += row.data.length;
		}
		return n;
	}

	/** Forgets everything of one workflow (or of every workflow). */
	reset(workflowId?: string): void {
		for (const key of [...this.rows.keys()]) if (!workflowId || key.startsWith(`${workflowId}\u0000`)) this.rows.delete(key);
		this.failures = 0;
		if (!workflowId) this.removedEntries = 0;
	}

	failNext(calls: number): void {
		this.failures = calls;
	}
}

export const deduplicationStore = new MemoryDeduplicator();

let initialised: Promise<void> | undefined;
/** Called by the run* helpers before anything executes. */
export async function ensureDeduplicationStore(): Promise<void> {
	initialised ??= (async () => {
		try {
			DataDeduplicationService.getInstance();
		} catch {
			await DataDeduplicationService.init(deduplicationStore);
		}
	})();
	await initialised;
}
