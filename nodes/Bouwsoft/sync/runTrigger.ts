import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { dropLegacyState } from '../../shared/legacyState';
import type { ImportCategory } from '../../shared/types';
import { categoryModule } from '../imports';
import type { CategoryRun } from '../imports/types';
import { readCategoryOptions, readClientOptions, readPollSettings, readTimeZone } from './settings';
import { BouwsoftClient } from '../transport/client';
import { describeKnowledge } from '../transport/capabilities';
import { forgetRememberedState, recallState, rememberState } from './cursor/memory';
import { configFingerprint, loadState, saveState } from './cursor/state';
import { pollDerivedCategory } from './derivedPoll';
import { readCategory } from './read';
import { attachSummary, newSummary, summaryJson, summaryText } from './summary';
import type { RunSummary } from './summary';
import { recallServer, rememberServer } from './serverMemory';
import { pollTimestampCategory } from './timestampPoll';

const DEFAULT_RESTART_CATCH_UP_HOURS = 24;
/** Activation modes of a poll in a process that did not activate the workflow itself. */
const RESTART_ACTIVATIONS = new Set(['init', 'leadershipChange']);

/**
 * The trigger's poll(). Background polls run the cursor; a manual run (*Execute workflow* / *Fetch test
 * event*) reads everything the filters select and leaves the cursor alone.
 *
 * Persistence: the next state is computed on a copy and written to the node's static data only after the
 * whole poll succeeded. An empty poll never needs its write: its state is equivalent to the one before
 * (nothing was emitted, so a lost write only repeats harmless reads), which keeps it correct both when n8n
 * saves static data only with an emitting poll and when it commits every changed cursor.
 *
 * "Only Future Changes" is the exception: its baseline poll emits nothing, yet must not be forgotten, or
 * the next poll would take a new baseline and lose what changed in between. So (1) the state also goes to
 * a process-wide memory until a poll emits (cursor/memory.ts), and (2) when neither the static data nor the
 * memory has it and this process did not activate the workflow (n8n restarted: activation `init` /
 * `leadershipChange`), the activation moment is unknown: the poll re-sends the changes of the last
 * *Restart Catch-Up* hours instead of taking a new baseline. Every poll after the baseline that saw a change
 * emitted it and so stored the state; only changes after the last poll before the restart can be unseen,
 * and they are inside that window unless n8n was down longer.
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
	await recallServer(ctx, client);

	let items: IDataObject[];
	if (manual) {
		items = await readCategory(module, run, null, summary);
	} else {
		const settings = readPollSettings(ctx, options, timeZone);
		// Older n8n (1.x, and 2.x up to at least 2.20) has no poll budget: then only Max Records per Poll caps the read.
		if (typeof ctx.getPollBudgetMs !== 'function') summary.notes.push('This n8n version has no poll budget; a poll stops at Max Records per Poll only.');
		const { firstRun, firstRunDate } = settings;
		const nodeData = ctx.getWorkflowStaticData('node');
		const fingerprint = configFingerprint({
			category,
			selection: module.selectionKey(categoryOptions),
			firstRun,
			firstRunDate: firstRunDate ?? null,
		});
		const loaded = loadState(nodeData, fingerprint);
		let { state } = loaded;
		const memoryKey = firstRun === 'baseline' ? await baselineMemoryKey(ctx, fingerprint) : undefined;
		const recalled = memoryKey && loaded.reset !== 'none' ? recallState(memoryKey) : undefined;
		if (recalled) state = recalled;
		else if (loaded.reset === 'configChanged') summary.reset = 'the import or its filters changed, so the cursor was reset';
		if (memoryKey && !recalled && loaded.reset !== 'none' && RESTART_ACTIVATIONS.has(ctx.getActivationMode())) {
			const hours = Number(options.restartCatchUpHours ?? DEFAULT_RESTART_CATCH_UP_HOURS);
			if (Number.isFinite(hours) && hours > 0) settings.catchUpHours = hours;
		}
		// Written by versions before the server knowledge had its own place: read once, never written again.
		if (state.paging) client.rememberServer(state.paging);
		delete state.paging;
		const input = { run, settings, state, summary, now: () => new Date() };
		const out = module.kind === 'timestamp' ? await pollTimestampCategory(module, input) : await pollDerivedCategory(module, input);
		// The poll succeeded: only now touch stored state.
		finish(summary, client, started);
		if (out.items.length > 0) out.state.lastRun = summaryJson(summary);
		else if (state.lastRun) out.state.lastRun = state.lastRun;
		saveState(nodeData, out.state);
		if (out.items.length > 0) dropLegacyState(ctx.getWorkflowStaticData('global'));
		if (memoryKey && out.items.length === 0) rememberState(memoryKey, out.state);
		else if (memoryKey) forgetRememberedState(memoryKey);
		items = out.items;
	}
	finish(summary, client, started);
	await rememberServer(ctx, client);
	ctx.logger.info(summaryText(summary), { category, mode: summary.mode });
	if (items.length === 0) return null;
	attachSummary(items, summary);
	return [items.map((json) => ({ json }))];
}

/** One trigger node of one workflow on one Bouwsoft tenant, for one configuration. */
async function baselineMemoryKey(ctx: IPollFunctions, fingerprint: string): Promise<string> {
	const credentials = await ctx.getCredentials('bouwsoftApi').catch(() => ({}) as IDataObject);
	return configFingerprint({
		workflow: ctx.getWorkflow().id ?? '',
		node: ctx.getNode().id ?? ctx.getNode().name,
		fingerprint,
		tenant: [credentials.authUrl ?? '', credentials.clientNr ?? ''],
	});
}

function finish(summary: RunSummary, client: BouwsoftClient, started: number): void {
	summary.paths = describeKnowledge(client.knowledgeUsed());
	summary.requests = client.requestCount;
	summary.httpRetries = client.retryCount;
	summary.durationMs = Date.now() - started;
}
