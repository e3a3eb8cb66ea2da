import type { IDataObject } from 'n8n-workflow';

import type { LinkedResource, TimestampCategory } from '../imports/types';
import type { FilterExpr } from '../transport/query';
import { beginPass, completePass, isDuplicate, noteReads, setCeiling, suspendPass } from './cursor/pass';
import type { PassRead } from './cursor/pass';
import type { LinkedCursorState, SyncState } from './cursor/state';
import { baselineSnapshot, catchUpFloor } from './baseline';
import { pollLinked } from './linkedPoll';
import { processPage } from './records';
import { changedSince, newestChange, selectionFor } from './selection';
import type { EmittedIds, PollInput, PollOutput } from './types';

/** The first poll's state: from a date, a silent baseline, or a restart catch-up; null for a full import. */
async function firstRunState(
	module: TimestampCategory,
	input: PollInput,
	links: LinkedResource[],
	pushed: FilterExpr | undefined,
): Promise<{ state: SyncState; silent: boolean } | undefined> {
	const { run, settings, summary } = input;
	const floorState = (floor: string | null): LinkedCursorState => ({ initialized: true, cursor: null, floor, seen: {} });
	if (settings.firstRun === 'fromDate' && settings.firstRunDate) {
		summary.notes.push(`First run: changes since ${settings.firstRunDate}.`);
		const linked = Object.fromEntries(links.map((l) => [l.resource, floorState(settings.firstRunDate!)]));
		return { state: { ...input.state, initialized: true, floor: settings.firstRunDate, linked }, silent: false };
	}
	if (settings.firstRun !== 'baseline') return undefined;
	if (settings.catchUpHours !== undefined) {
		const floor = await catchUpFloor(run.client, module.resource, pushed, settings.catchUpHours, settings.timeZone);
		summary.notes.push(
			`No stored baseline after an n8n restart: re-sending changes since ${floor ?? 'the beginning'} (${settings.catchUpHours} h before the newest change).`,
		);
		const linked = Object.fromEntries(links.map((l) => [l.resource, floorState(floor)]));
		return { state: { ...input.state, initialized: true, cursor: null, floor, seen: {}, linked }, silent: false };
	}
	// Remember "now" (the newest change in the selection and its overlap window) and emit nothing.
	const main = await baselineSnapshot(run.client, module.resource, pushed, settings);
	const linked: Record<string, LinkedCursorState> = {};
	for (const link of links) linked[link.resource] = await baselineSnapshot(run.client, link.resource, undefined, settings);
	summary.notes.push(`First run: baseline at ${main.cursor?.raw ?? '(empty)'}; only later changes will be emitted.`);
	return { state: { ...input.state, ...main, linked }, silent: true };
}

/**
 * One background poll of a timestamp category. Pure with respect to the stored state: it works on a
 * copy and returns the next state, which the caller stores only when the poll succeeded.
 *
 * Order: parents of changed linked records, then the main changes pass; one id is emitted once per poll
 * unless its content changed in between.
 */
export async function pollTimestampCategory(module: TimestampCategory, input: PollInput): Promise<PollOutput> {
	const { run, settings, summary } = input;
	const started = Date.now();
	let state: SyncState = JSON.parse(JSON.stringify(input.state)) as SyncState;
	const { pushed, local } = selectionFor(module, run.options, run.client);
	const links = module.linked?.(run.options) ?? [];
	summary.cursorBefore = state.cursor?.raw ?? null;

	if (!state.initialized && !state.pass) {
		const first = await firstRunState(module, { ...input, state }, links, pushed);
		if (first) state = first.state;
		if (first?.silent) {
			summary.cursorAfter = state.cursor?.raw ?? null;
			return { items: [], state };
		}
	}
	// Linked cursors start at "now": the first import (or the state they join) covers what came before.
	const linkedStates: Record<string, LinkedCursorState> = {};
	const fresh = new Set<string>();
	for (const link of links) {
		const existing = state.linked?.[link.resource];
		if (existing) linkedStates[link.resource] = existing;
		else {
			linkedStates[link.resource] = await baselineSnapshot(run.client, link.resource, undefined, settings);
			fresh.add(link.resource);
		}
	}
	state = { ...state, linked: links.length ? linkedStates : undefined };
	if (!state.linked) delete state.linked;

	const emitted: EmittedIds = new Map();
	const items: IDataObject[] = [];
	const cap = settings.maxRecordsPerPoll > 0 ? settings.maxRecordsPerPoll : Number.POSITIVE_INFINITY;
	const pass = beginPass(state, settings, settings.firstRun, input.now());

	for (const link of links) {
		const remaining = cap - items.length;
		if (fresh.has(link.resource) || remaining <= 0) continue;
		const out = await pollLinked(module, link, linkedStates[link.resource], input, {
			emitted,
			localFilter: local,
			remaining,
			fullImportAfterId: pass.kind === 'full' ? (pass.afterId ?? Number.NEGATIVE_INFINITY) : undefined,
		});
		linkedStates[link.resource] = out.state;
		items.push(...out.items);
	}

	const reason = pass.kind === 'full' ? 'full' : 'changed';
	const filter = changedSince(pass.lower, pushed);
	const previous = state;
	let complete = false;
	let firstPage = true;
	for await (const page of run.client.pages(module.resource, { filter, afterId: pass.afterId })) {
		const remaining = Math.max(1, cap - items.length);
		if (firstPage && !pass.probed && (!page.done || page.records.length > remaining)) {
			setCeiling(pass, await newestChange(run.client, module.resource, pushed));
		}
		firstPage = false;
		const reads: PassRead[] = [];
		const result = await processPage(
			page.records,
			module,
			run,
			{
				localFilter: local,
				emitted,
				remaining,
				onRead: (key) => reads.push(key),
				isDuplicate: (key) => isDuplicate(previous, key.id, key.ts, key.hash),
			},
			summary,
			reason,
		);
		noteReads(previous, pass, reads, settings);
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
		if (items.length >= cap) break;
		if (settings.softBudgetMs !== undefined && items.length > 0 && Date.now() - started > settings.softBudgetMs) {
			summary.notes.push('Stopped early to stay inside the poll time budget.');
			break;
		}
	}
	state = complete ? completePass(state, pass, settings) : suspendPass(state, pass, settings);
	summary.complete = complete;
	summary.cursorAfter = state.cursor?.raw ?? null;
	if (!complete) summary.notes.push(`Continuing after id ${pass.afterId ?? 0} next poll.`);
	return { items, state };
}
