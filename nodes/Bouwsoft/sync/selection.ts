import type { IDataObject } from 'n8n-workflow';

import type { CategoryModule, CategoryOptions } from '../imports/types';
import type { BouwsoftClient } from '../transport/client';
import { networkErrorCode } from '../../shared/http/retry';
import { inspectFailure } from '../transport/errors';
import { PROBE_ATTEMPTS, refusalStatus } from '../transport/shapeProbes';
import { entriesReceived } from '../transport/paging';
import type { ListPage } from '../transport/paging';
import { and, splitForPushDown } from '../transport/query';
import type { FilterExpr } from '../transport/query';
import { maxTs, normalizeTs } from './cursor/time';

interface Selection {
	/** Sent to Bouwsoft. */
	pushed?: FilterExpr;
	/** Evaluated on every record read (what the dialect cannot express). */
	local?: FilterExpr;
}

export function selectionFor(module: CategoryModule, options: CategoryOptions, client: BouwsoftClient): Selection {
	if (module.kind !== 'timestamp') return {};
	return splitForPushDown(module.selection(options, client.dialect), client.dialect);
}

export function changedSince(lower: string | null, pushed: FilterExpr | undefined): FilterExpr | undefined {
	return and(lower ? { field: 'ts_lastupdate', op: 'gt', value: lower } : undefined, pushed);
}

/** Records asked for when only the newest change is wanted: enough to see whether the answer is sorted. */
const PROBE_SIZE = 5;

interface NewestChange {
	/** The newest ts_lastupdate of the selection; null when it holds no record with one. */
	ts: string | null;
	/**
	 * The `sort=-ts_lastupdate` answer (newest first), only when it was sorted and nothing newer exists: its
	 * records are then the newest ones of the selection.
	 */
	sorted?: ListPage;
}

/**
 * The newest ts_lastupdate in the selection right now; null for an empty selection. Used as the ceiling of a
 * long read (the cursor never passes it, so edits to pages already read stay in the next window), as the
 * restart catch-up's reference and for baselines. Never fails because of the sort.
 *
 * `sort=-ts_lastupdate` is inferred, not confirmed (reference §4), so its answer is checked: it must be in
 * descending order (else the sort is ignored), and `ts_lastupdate gt <found>` must come back empty (else a
 * record was saved in between, or an ignored sort happened to give records in order). A refusal (400, or a
 * 500 / time-out that repeats) is told apart from an outage by the same read without sort, which is also the
 * scan's first step. Whatever fails, the scan finds the newest change without any sort: `ts_lastupdate gt
 * <newest so far>` until an empty answer. What was seen is learned (`sortByChange`), so later polls skip a
 * sort that does not work.
 */
export async function newestChange(client: BouwsoftClient, resource: string, pushed: FilterExpr | undefined): Promise<string | null> {
	return (await findNewestChange(client, resource, pushed, PROBE_SIZE)).ts;
}

/** `newestChange`, asking the sorted request for `size` records (a baseline keeps them). */
export async function findNewestChange(
	client: BouwsoftClient,
	resource: string,
	pushed: FilterExpr | undefined,
	size: number,
): Promise<NewestChange> {
	if (client.can('sortByChange') === false) return { ts: await scanNewest(client, resource, pushed, null) };
	const limit = client.limitFor(size);
	const askSorted = async (attempts: number) => await client.list(resource, { filter: pushed, sort: '-ts_lastupdate', limit }, { attempts });
	let sorted: ListPage;
	try {
		sorted = await askSorted(PROBE_ATTEMPTS);
	} catch (error) {
		// The read without this sort, with every retry, is the scan's first step: failing too, Bouwsoft is down
		// (its error says so). Answering, a 400 was the sort's; a server error or time-out is asked once more
		// (the server was just shown up), so a passing hiccup is not taken for a refusal.
		const control = await scanStep(client, resource, pushed, null);
		const refusal = refusalOf(error);
		const again = refusal === 'maybe' ? await askSorted(1).catch(() => undefined) : undefined;
		if (!again) {
			if (refusal) client.learn('sortByChange', false);
			return { ts: await scanNewest(client, resource, pushed, null, control) };
		}
		sorted = again;
	}
	if (entriesReceived(sorted) === 0) return { ts: null, sorted };
	const ordered = isDescending(sorted.records);
	if (!ordered) client.learn('sortByChange', false);
	const found = newestOf(sorted.records);
	if (!ordered) return { ts: await scanNewest(client, resource, pushed, found) };
	const newer = await client.list(resource, { filter: changedSince(found, pushed), limit: 1 });
	if (entriesReceived(newer) > 0) {
		// Saved after the sorted answer, or a sort ignored with records that happened to be in order: the scan
		// is right either way. Nothing is learned from it.
		return { ts: await scanNewest(client, resource, pushed, maxTs(found, newestOf(newer.records))) };
	}
	if (distinctTs(sorted.records) > 1 && client.known.capabilities.sortByChange !== true) client.learn('sortByChange', true);
	return { ts: found, sorted };
}

/**
 * The newest ts_lastupdate without sorting on it: each answer to `ts_lastupdate gt <newest so far>` (one page,
 * any order) moves the bound to the newest ts on it, until nothing newer comes back. Every step is strictly
 * newer, so it ends. Records in random ts order cost a few steps; an order that follows ts (ids in the order
 * records last changed) one step per page of records newer than `from`. `first`: the first step's records,
 * when already read.
 */
async function scanNewest(
	client: BouwsoftClient,
	resource: string,
	pushed: FilterExpr | undefined,
	from: string | null,
	first?: IDataObject[],
): Promise<string | null> {
	let newest = from;
	let records = first;
	for (;;) {
		records ??= await scanStep(client, resource, pushed, newest);
		const top = newestOf(records);
		if (top === null || (newest !== null && top <= newest)) return newest;
		newest = top;
		records = undefined;
	}
}

/**
 * One page of the selection changed after `after`, read the way every poll reads (client.pages: its page
 * size, and whatever it learned about id filters, sort=id and page caps), in whatever order that gives.
 */
async function scanStep(client: BouwsoftClient, resource: string, pushed: FilterExpr | undefined, after: string | null): Promise<IDataObject[]> {
	for await (const page of client.pages(resource, { filter: changedSince(after, pushed) })) return page.records;
	return [];
}

/** No answer in time: a sort on a large table that the server cannot do fast enough does not work either. */
const TIMEOUT_CODES = ['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNABORTED', 'ERR_SOCKET_CONNECTION_TIMEOUT'];

/**
 * Whether a failure of the sorted request is the sort's, once the same read without it answered: a 400
 * surely; a server error or a time-out maybe (asked again first); anything else (a dropped connection, an
 * unreadable answer) teaches nothing.
 */
function refusalOf(error: unknown): 'sure' | 'maybe' | undefined {
	const status = refusalStatus(error);
	if (status !== undefined) return status === 400 ? 'sure' : 'maybe';
	if (inspectFailure(error).status !== undefined) return undefined;
	return TIMEOUT_CODES.includes(networkErrorCode(error) ?? '') ? 'maybe' : undefined;
}

function timestampsOf(records: IDataObject[]): string[] {
	return records.map((r) => normalizeTs(r.ts_lastupdate)).filter((ts): ts is string => ts !== undefined);
}

function newestOf(records: IDataObject[]): string | null {
	return timestampsOf(records).reduce<string | null>((newest, ts) => maxTs(newest, ts), null);
}

function isDescending(records: IDataObject[]): boolean {
	const ts = timestampsOf(records);
	return ts.every((value, i) => i === 0 || value <= ts[i - 1]);
}

function distinctTs(records: IDataObject[]): number {
	return new Set(timestampsOf(records)).size;
}
