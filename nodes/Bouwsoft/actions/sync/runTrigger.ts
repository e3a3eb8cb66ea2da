import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { forget } from '../../../shared/syncLedger';
import { SYNC_META_FIELD } from '../../../shared/types';
import type { ImportCategory } from '../../../shared/types';
import { categoryModule } from '../../categories';
import type { CategoryRun } from '../../categories/types';
import type { FirstRunPolicy } from '../../cursor/pass';
import { configFingerprint, loadState, saveState } from '../../cursor/state';
import { dateToWall } from '../../cursor/time';
import { readCategoryOptions, readClientOptions, readTimeZone } from '../../descriptions/params';
import { BouwsoftClient } from '../../transport/client';
import { pollDerivedCategory } from './derivedPoll';
import { readCategory } from './read';
import { newSummary, summaryJson, summaryText } from './summary';
import type { RunSummary } from './summary';
import { pollTimestampCategory } from './timestampPoll';
import type { PollSettings } from './timestampPoll';

const DEFAULT_OVERLAP_MINUTES = 5;
const DEFAULT_MAX_RECORDS = 10_000;
const MAX_RETRIES_PER_POLL = 50;

/**
 * The trigger's poll(). Background polls run the cursor; a manual run (*Execute workflow* / *Fetch test
 * event*) reads everything the filters select and leaves the cursor alone.
 *
 * Persistence: the next state is computed on a copy and written to the node's static data only after the
 * whole poll succeeded. An empty poll never needs its write: its state is equivalent to the one before
 * (nothing was emitted, so a lost write only repeats harmless reads), which keeps it correct both when n8n
 * saves static data only with an emitting poll and when it commits every changed cursor.
 */
export async function runTriggerPoll(ctx: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const started = Date.now();
	const category = ctx.getNodeParameter('category') as ImportCategory;
	const module = categoryModule(category);
	if (!module) throw new NodeOperationError(ctx.getNode(), `Unknown import "${category}"`);
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const timeZone = readTimeZone(ctx, options);
	const categoryOptions = readCategoryOptions(ctx, category);
	const client = new BouwsoftClient(ctx, readClientOptions(options));
	const run: CategoryRun = { client, options: categoryOptions };
	const manual = ctx.getMode() === 'manual';
	const summary = newSummary(category, manual ? 'manual' : 'poll');

	let items: IDataObject[];
	if (manual) {
		items = await readCategory(module, run, null, summary);
	} else {
		const firstRun = ctx.getNodeParameter('firstRun', 'full') as FirstRunPolicy;
		const firstRunDateParam = firstRun === 'fromDate' ? String(ctx.getNodeParameter('firstRunDate', '') ?? '') : '';
		const firstRunDate = firstRunDateParam ? dateToWall(firstRunDateParam, timeZone) : undefined;
		if (firstRun === 'fromDate' && !firstRunDate) {
			throw new NodeOperationError(ctx.getNode(), 'First Run is "Changes From a Date" but the date is empty or invalid', {
				description: 'Set "Changes Since" to the first date whose changes should be imported.',
			});
		}
		const overlapMinutes = Number(options.overlapMinutes ?? DEFAULT_OVERLAP_MINUTES);
		const budget = typeof ctx.getPollBudgetMs === 'function' ? ctx.getPollBudgetMs() : undefined;
		const settings: PollSettings = {
			overlapSeconds: Math.max(0, Number.isFinite(overlapMinutes) ? overlapMinutes : DEFAULT_OVERLAP_MINUTES) * 60,
			timeZone,
			firstRun,
			firstRunDate,
			maxRecordsPerPoll: Math.max(0, Number(options.maxRecordsPerPoll ?? DEFAULT_MAX_RECORDS) || 0),
			softBudgetMs: budget && budget > 0 ? Math.floor(budget * 0.5) : undefined,
			maxRetriesPerPoll: MAX_RETRIES_PER_POLL,
		};
		const nodeData = ctx.getWorkflowStaticData('node');
		const globalData = ctx.getWorkflowStaticData('global');
		const fingerprint = configFingerprint({
			category,
			selection: module.selectionKey(categoryOptions),
			firstRun,
			firstRunDate: firstRunDate ?? null,
		});
		const { state, reset } = loadState(nodeData, fingerprint);
		if (reset === 'configChanged') summary.reset = 'the import or its filters changed, so the cursor was reset';
		const input = { run, settings, state, globalData, summary, now: () => new Date() };
		const out = module.kind === 'timestamp' ? await pollTimestampCategory(module, input) : await pollDerivedCategory(module, input);
		// The poll succeeded: only now touch stored state.
		for (const entry of out.forget) forget(globalData, category, entry.id);
		summary.forgotten = out.forget;
		finish(summary, client, started);
		if (out.items.length > 0) out.state.lastRun = summaryJson(summary);
		else if (state.lastRun) out.state.lastRun = state.lastRun;
		saveState(nodeData, out.state);
		items = out.items;
	}
	finish(summary, client, started);
	ctx.logger.info(summaryText(summary), { category, mode: summary.mode });
	if (items.length === 0) return null;
	attachSummary(items, summary);
	return [items.map((json) => ({ json }))];
}

function finish(summary: RunSummary, client: BouwsoftClient, started: number): void {
	summary.requests = client.requestCount;
	summary.httpRetries = client.retryCount;
	summary.durationMs = Date.now() - started;
}

/** The run summary rides on the first item only (`_sync.summary`), never as an item of its own. */
export function attachSummary(items: IDataObject[], summary: RunSummary): void {
	const first = items[0];
	const meta = first?.[SYNC_META_FIELD] as IDataObject | undefined;
	if (meta) first[SYNC_META_FIELD] = { ...meta, summary: summaryJson(summary) };
}
