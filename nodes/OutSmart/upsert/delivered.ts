import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { chunk } from '../../shared/http/concurrency';
import { SYNC_META_FIELD } from '../../shared/types';

/**
 * The delivery record: which versions of which records OutSmart has accepted, kept in n8n's deduplication
 * store (table `processed_data`, one row per OutSmart node) so that every n8n process — main and queue-mode
 * workers — sees the same record. This module is the only owner of the format.
 *
 * An entry is a *fact*: "OutSmart accepted version V of key K with content hash H" (n8n stores an md5 of the
 * string). Facts are recorded only after OutSmart accepted the record and are never wrong later: a version
 * does not change, so an older fact can at worst make a stale copy of an old version be skipped, which is
 * what we want. Because of that the store's known limits are safe here:
 * - it keeps membership only and no values: we only ever ask "was this exact version delivered?";
 * - concurrent executions can lose each other's additions (no lock): a lost fact costs one repeated write;
 * - there is no check-only call: a check records what it checked, so the entries that were new are removed
 *   again at once, before anything is written (`peekDelivered`, which needs that only for versions attempted
 *   before: n8n's removal costs one search of the row per removed entry).
 *
 * The version is the set of Bouwsoft change dates (`ts_lastupdate`) in the item, the record's and its linked
 * records' (contacts, cost items): a content that comes back to an earlier state (a price toggled back)
 * carries a newer change date, so an old fact can never hide it. Items without any change date (material
 * categories, warehouses, Map Fields data from elsewhere) have no version and are always written.
 */
const OPTIONS = { mode: 'entries' as const, maxEntries: 250_000 };
/** Facts per store call: each call loads and rewrites the node's whole row, so few large calls beat many small. */
const CALL_CHUNK = 50_000;

export interface Fact {
	/** Index of the plan the fact belongs to. */
	item: number;
	entry: string;
}

/** Every Bouwsoft change date in an item (its own and its linked records'), sorted; '' when it has none. */
export function changeVersion(json: IDataObject): string {
	const dates: string[] = [];
	const visit = (value: unknown, depth: number): void => {
		if (depth > 4 || value === null || typeof value !== 'object') return;
		if (Array.isArray(value)) {
			for (const entry of value) visit(entry, depth + 1);
			return;
		}
		for (const [field, inner] of Object.entries(value as IDataObject)) {
			if (field === SYNC_META_FIELD) continue;
			if (field === 'ts_lastupdate' && (typeof inner === 'string' || typeof inner === 'number') && String(inner) !== '') {
				dates.push(String(inner));
			} else if (inner !== null && typeof inner === 'object') visit(inner, depth + 1);
		}
	};
	visit(json, 0);
	return dates.sort().join(',');
}

export function factEntry(scope: string, key: string, version: string, hash: string): string {
	return `${scope}|${key}|${version}|${hash}`;
}

type Store = Pick<IExecuteFunctions['helpers'], 'checkProcessedAndRecord' | 'removeProcessed'>;

function storeOf(ctx: IExecuteFunctions): Store {
	if (typeof ctx.helpers.checkProcessedAndRecord !== 'function' || typeof ctx.helpers.removeProcessed !== 'function') {
		throw new Error(
			"This n8n version has no deduplication store for nodes, which Skip Unchanged needs. Turn Skip Unchanged off, or update n8n.",
		);
	}
	return ctx.helpers;
}

/** Pauses before the 2nd and 3rd attempt of a store call. */
const STORE_RETRY_MS = [250, 1000];

/**
 * A store call with two more tries: a database blip should not leave a checked fact behind. This also covers
 * n8n inserting the node's row on its first call, where two executions doing that at once make one insert
 * fail on the row's primary key (the other call has created the row by then).
 */
async function withRetry<T>(call: () => Promise<T>): Promise<T> {
	for (const pause of STORE_RETRY_MS) {
		try {
			return await call();
		} catch {
			await sleep(pause);
		}
	}
	return await call();
}

export interface Peek {
	/** Plans whose fact was recorded before this run. */
	delivered: Set<number>;
	/**
	 * Plans whose fact the second step checked and found new (then removed again): only these can have a fact
	 * in the store that OutSmart never accepted, if a removal did not hold; a failed write removes them again.
	 */
	checked: Set<number>;
	/** Of `checked`, those whose removal failed outright: recorded although not delivered yet. */
	stuck: Set<number>;
}

/** Attempt markers live in the workflow's context of the store, apart from the facts in the node's context. */
const ATTEMPT = 'attempt|';

/**
 * The facts already recorded, without leaving the others behind as recorded (see the module comment), in two
 * steps, because n8n's removal searches the row once per removed entry (cost: removed × row length):
 * 1. an *attempt marker* per fact is checked (and so recorded) in the workflow's context and never removed.
 *    A version never attempted cannot be delivered: it is written, nothing to remove. This is the whole peek
 *    for new versions, the bulk of every trigger run and of a first import.
 * 2. only versions attempted before (a re-send, a nightly read, a retry after a failure or a killed worker)
 *    are checked against the facts; the new ones among them are removed at once, before anything is written.
 */
export async function peekDelivered(ctx: IExecuteFunctions, facts: Fact[]): Promise<Peek> {
	const store = storeOf(ctx);
	const peek: Peek = { delivered: new Set(), checked: new Set(), stuck: new Set() };
	for (const part of chunk(facts, CALL_CHUNK)) {
		const attempts = await withRetry(() => store.checkProcessedAndRecord(part.map((fact) => ATTEMPT + fact.entry), 'workflow', OPTIONS));
		const attempted = new Set(attempts.processed.map(String));
		const candidates = part.filter((fact) => attempted.has(ATTEMPT + fact.entry));
		if (candidates.length === 0) continue;
		const answer = await withRetry(() => store.checkProcessedAndRecord(candidates.map((fact) => fact.entry), 'node', OPTIONS));
		const fresh = new Set(answer.new.map(String));
		let removed = true;
		if (fresh.size) removed = await withRetry(() => store.removeProcessed([...fresh], 'node', OPTIONS)).then(() => true, () => false);
		for (const fact of candidates) {
			if (!fresh.has(fact.entry)) peek.delivered.add(fact.item);
			else {
				peek.checked.add(fact.item);
				if (!removed) peek.stuck.add(fact.item);
			}
		}
	}
	return peek;
}

/**
 * Records facts OutSmart has just accepted. Their attempt markers were recorded by the peek; when the peek
 * could not reach the store (`withAttempts`), they are recorded here too, or later runs would not look the
 * facts up and write those versions once more.
 */
export async function recordDelivered(ctx: IExecuteFunctions, facts: Fact[], withAttempts = false): Promise<void> {
	const store = storeOf(ctx);
	for (const part of chunk(facts, CALL_CHUNK)) {
		const entries = part.map((fact) => fact.entry);
		await withRetry(() => store.checkProcessedAndRecord(entries, 'node', OPTIONS));
		if (withAttempts) await withRetry(() => store.checkProcessedAndRecord(entries.map((entry) => ATTEMPT + entry), 'workflow', OPTIONS));
	}
}

/**
 * Removes facts of writes that failed and that the peek's second step had checked (`Peek.checked`): they were
 * removed right after that check already; this second removal covers a concurrent execution of the same node
 * that wrote its copy of the row back in between.
 */
export async function forgetDelivered(ctx: IExecuteFunctions, facts: Fact[]): Promise<void> {
	const store = storeOf(ctx);
	for (const part of chunk(facts, CALL_CHUNK)) {
		await withRetry(() => store.removeProcessed(part.map((fact) => fact.entry), 'node', OPTIONS));
	}
}
