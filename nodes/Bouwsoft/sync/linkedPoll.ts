import type { IDataObject } from 'n8n-workflow';

import type { LinkedResource, TimestampCategory } from '../imports/types';
import type { FilterExpr } from '../transport/query';
import { beginPass, completePass, isDuplicate, noteReads, setCeiling, suspendPass } from './cursor/pass';
import type { PassRead } from './cursor/pass';
import type { LinkedCursorState } from './cursor/state';
import { keyOf, loadAndEmit } from './records';
import { changedSince, newestChange } from './selection';
import { countSkip } from './summary';
import type { EmittedIds, PollInput } from './types';

interface LinkedPollHooks {
	emitted: EmittedIds;
	localFilter?: FilterExpr;
	/** Parents this poll may emit at most (max records per poll); the pass stops before the next one. */
	remaining: number;
	/**
	 * Set while the main cursor runs its first full import: parents with a larger id are still ahead of it
	 * and will be read (with their current linked records) by the import itself.
	 */
	fullImportAfterId?: number;
}

/**
 * One pass over a linked resource (e.g. AddressContacts) changed since its own cursor: every edited or new
 * linked record puts its parent (e.g. the relation) on the list, and each parent is emitted once, enriched
 * with all its linked records read now, after the pass, so the item carries the edit. The linked cursor
 * follows the same tie-safe rules as the main one and is returned with the poll's state, so it is stored
 * only when the whole poll succeeded.
 */
export async function pollLinked(
	module: TimestampCategory,
	link: LinkedResource,
	linkedState: LinkedCursorState,
	input: PollInput,
	hooks: LinkedPollHooks,
): Promise<{ items: IDataObject[]; state: LinkedCursorState }> {
	const { run, settings, summary } = input;
	const previous = JSON.parse(JSON.stringify(linkedState)) as LinkedCursorState;
	const pass = beginPass(previous, settings, 'baseline', input.now());
	const parents = new Set<string>();
	const covered = (parent: string) => hooks.fullImportAfterId !== undefined && Number(parent) > hooks.fullImportAfterId;
	let complete = false;
	let cut = false;
	let firstPage = true;
	for await (const page of run.client.pages(link.resource, { filter: changedSince(pass.lower, undefined), afterId: pass.afterId })) {
		if (firstPage && !pass.probed && !page.done) {
			setCeiling(pass, await newestChange(run.client, link.resource, undefined));
		}
		firstPage = false;
		const sorted = [...page.records].sort((a, b) => Number(a.id) - Number(b.id));
		const reads: PassRead[] = [];
		for (const record of sorted) {
			const parent = String(record[link.parentField] ?? '');
			const wanted = parent !== '' && parent !== '0' && !covered(parent);
			if (wanted && !parents.has(parent) && parents.size >= hooks.remaining) {
				cut = true;
				break;
			}
			pass.afterId = Number(record.id);
			const key = keyOf(record);
			reads.push({ id: key.id, ts: record.ts_lastupdate, hash: key.hash });
			if (isDuplicate(previous, key.id, key.ts, key.hash)) continue;
			summary.linkedChanges[link.resource] = (summary.linkedChanges[link.resource] ?? 0) + 1;
			if (wanted) parents.add(parent);
		}
		noteReads(previous, pass, reads, settings);
		if (cut) break;
		pass.afterId = page.lastId ?? pass.afterId;
		if (page.done) {
			complete = true;
			break;
		}
	}
	const state = complete ? completePass(previous, pass, settings) : suspendPass(previous, pass, settings);
	const loaded = await loadAndEmit([...parents], module, run, hooks, summary, 'changed');
	for (const rejected of loaded.rejected) {
		countSkip(summary, `${link.resource} changed, parent ${rejected.reason.replace(/^no longer selected: /, 'not selected: ')}`);
	}
	summary.resent += loaded.items.length;
	if (!complete) summary.notes.push(`${link.resource} changes continue after id ${pass.afterId ?? 0} next poll.`);
	return { items: loaded.items, state };
}
