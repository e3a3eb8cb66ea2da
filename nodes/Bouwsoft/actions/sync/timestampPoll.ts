import type { IDataObject } from 'n8n-workflow';

import { forget, pendingIds } from '../../../shared/syncLedger';
import type { CategoryRun, TimestampCategory } from '../../categories/types';
import {
	beginPass,
	completePass,
	isDuplicate,
	noteRead,
	setCeiling,
	suspendPass,
} from '../../cursor/pass';
import type { CursorSettings, FirstRunPolicy } from '../../cursor/pass';
import type { SyncState } from '../../cursor/state';
import { wallToUtcIso } from '../../cursor/time';
import { evaluateFilter } from '../../transport/filter';
import { processPage, SKIP_OUTSIDE_SELECTION, withSync } from './records';
import { changedSince, probeCeiling, selectionFor } from './selection';
import type { RunSummary } from './summary';

export interface PollSettings extends CursorSettings {
	firstRun: FirstRunPolicy;
	/** Wall-clock start for the `fromDate` policy. */
	firstRunDate?: string;
	/** 0 = no limit. */
	maxRecordsPerPoll: number;
	/** Stop reading new pages after this many ms once something was emitted (from getPollBudgetMs). */
	softBudgetMs?: number;
	/** Ledger ids re-read per poll at most. */
	maxRetriesPerPoll: number;
}

export interface PollInput {
	run: CategoryRun;
	settings: PollSettings;
	state: SyncState;
	/** The workflow's global static data (sync ledger). */
	globalData: IDataObject;
	summary: RunSummary;
	now: () => Date;
}

export interface PollOutput {
	items: IDataObject[];
	state: SyncState;
	/** Ledger ids to forget once the poll succeeded. */
	forget: Array<{ id: string; reason: string }>;
}

/** Re-reads records the OutSmart node could not write (sync ledger), oldest first. */
async function retryLedger(module: TimestampCategory, input: PollInput, emitted: Set<string>, localFilter: ReturnType<typeof selectionFor>['local']) {
	const { run, summary } = input;
	const ids = pendingIds(input.globalData, module.category).slice(0, input.settings.maxRetriesPerPoll);
	const items: IDataObject[] = [];
	const forgotten: Array<{ id: string; reason: string }> = [];
	if (ids.length === 0) return { items, forgotten };
	const found = await run.client.byIds(module.resource, ids);
	const candidates: IDataObject[] = [];
	for (const id of ids) {
		const record = found.get(id);
		if (!record) {
			forgotten.push({ id, reason: 'no longer in Bouwsoft' });
			continue;
		}
		const why = localFilter && !evaluateFilter(record, localFilter) ? SKIP_OUTSIDE_SELECTION : module.precheck?.(record, run.options);
		if (why) forgotten.push({ id, reason: `no longer selected: ${why}` });
		else candidates.push(record);
	}
	const enriched = module.enrich && candidates.length ? await module.enrich(candidates, run) : candidates;
	for (const record of enriched) {
		const id = String(record.id);
		const why = module.postcheck?.(record, run.options);
		if (why) {
			forgotten.push({ id, reason: `no longer selected: ${why}` });
			continue;
		}
		emitted.add(id);
		items.push(withSync(record, module.category, id, 'retry'));
	}
	summary.retried += items.length;
	summary.emitted += items.length;
	return { items, forgotten };
}

/**
 * One background poll of a timestamp category. Pure with respect to the stored state: it works on a
 * copy and returns the next state, which the caller stores only when the poll succeeded.
 */
export async function pollTimestampCategory(module: TimestampCategory, input: PollInput): Promise<PollOutput> {
	const { run, settings, summary } = input;
	const started = Date.now();
	let state: SyncState = JSON.parse(JSON.stringify(input.state)) as SyncState;
	const { pushed, local } = selectionFor(module, run.options, run.client);
	summary.cursorBefore = state.cursor?.raw ?? null;

	if (!state.initialized && !state.pass) {
		if (settings.firstRun === 'fromDate' && settings.firstRunDate) {
			state = { ...state, initialized: true, floor: settings.firstRunDate };
			summary.notes.push(`First run: changes since ${settings.firstRunDate}.`);
		} else if (settings.firstRun === 'baseline') {
			// Remember "now" (the newest change in the selection) and emit nothing.
			const probe = await probeCeiling(run.client, module.resource, pushed);
			const ceiling = probe?.ceiling ?? null;
			state = {
				...state,
				initialized: true,
				cursor: ceiling ? { raw: ceiling, utc: wallToUtcIso(ceiling, settings.timeZone) } : null,
				floor: ceiling,
			};
			summary.notes.push(`First run: baseline at ${ceiling ?? '(empty)'}; only later changes will be emitted.`);
			summary.cursorAfter = state.cursor?.raw ?? null;
			return { items: [], state, forget: [] };
		}
	}

	const emitted = new Set<string>();
	const retry = await retryLedger(module, input, emitted, local);
	const items: IDataObject[] = [...retry.items];

	const pass = beginPass(state, settings, settings.firstRun, input.now());
	const reason = pass.kind === 'full' ? 'full' : 'changed';
	const filter = changedSince(pass.lower, pushed);
	const cap = settings.maxRecordsPerPoll > 0 ? settings.maxRecordsPerPoll : Number.POSITIVE_INFINITY;
	const previous = state;
	let complete = false;
	let firstPage = true;
	for await (const page of run.client.pages(module.resource, { filter, afterId: pass.afterId })) {
		const remaining = Math.max(1, cap - (items.length - retry.items.length));
		if (firstPage && !pass.probed && (!page.done || page.records.length > remaining)) {
			const probe = await probeCeiling(run.client, module.resource, pushed);
			if (!probe) summary.notes.push('Bouwsoft cannot sort on ts_lastupdate; the cursor follows the newest record read.');
			setCeiling(pass, probe ? probe.ceiling : null);
		}
		firstPage = false;
		const result = await processPage(
			page.records,
			module,
			run,
			{
				localFilter: local,
				emitted,
				remaining,
				onRead: (key) => noteRead(pass, key.id, key.ts, key.hash),
				isDuplicate: (key) => isDuplicate(previous, key.id, key.ts, key.hash),
			},
			summary,
			reason,
		);
		items.push(...result.items);
		if (result.cutAfterId !== undefined) {
			pass.afterId = result.cutAfterId;
			break;
		}
		pass.afterId = page.lastId ?? pass.afterId;
		if (page.done) {
			complete = true;
			break;
		}
		if (items.length - retry.items.length >= cap) break;
		if (settings.softBudgetMs !== undefined && items.length > 0 && Date.now() - started > settings.softBudgetMs) {
			summary.notes.push('Stopped early to stay inside the poll time budget.');
			break;
		}
	}
	state = complete ? completePass(state, pass, settings) : suspendPass(state, pass, settings);
	summary.complete = complete;
	summary.cursorAfter = state.cursor?.raw ?? null;
	if (!complete) summary.notes.push(`Continuing after id ${pass.afterId ?? 0} next poll.`);
	return { items, state, forget: retry.forgotten };
}

export function applyForget(globalData: IDataObject, module: { category: TimestampCategory['category'] }, entries: Array<{ id: string }>) {
	for (const entry of entries) forget(globalData, module.category, entry.id);
}
