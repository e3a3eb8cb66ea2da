import { lowerBound, maxTs, minTs, normalizeTs, wallToUtcIso } from './time';
import type { LinkedCursorState, PassState } from './state';

/** What the cursor functions need: the main state or a linked resource's. */
type CursorState = LinkedCursorState;

/**
 * The tie-safe incremental cursor (design §3.1–3.2), as pure functions over the JSON state.
 *
 * A poll runs one *pass*: `ts_lastupdate gt '<lower>'` paged by id. A record is a duplicate when the
 * previous poll already read it with the same ts and content (`seen`); everything else is delivered. The
 * cursor only moves when a pass completes (all pages read), to the newest ts read, but never beyond the
 * *ceiling* (the newest ts in the selection when a multi-page pass started), so an edit to an already
 * read page while the pass runs is still inside the next window.
 */
export interface CursorSettings {
	overlapSeconds: number;
	timeZone: string;
}

export type FirstRunPolicy = 'full' | 'fromDate' | 'baseline';

export function seenValue(ts: string, hash: string): string {
	return `${ts}#${hash}`;
}

function tsOfSeen(value: string): string {
	return value.split('#')[0];
}

/** The lower bound the next changes pass reads from. */
function nextLower(state: CursorState, settings: CursorSettings): string | null {
	const fromCursor = state.cursor ? lowerBound(state.cursor.raw, settings.overlapSeconds, settings.timeZone) : null;
	return maxTs(fromCursor, state.floor);
}

export function newPass(kind: PassState['kind'], lower: string | null, now: Date): PassState {
	return { kind, lower, maxSeen: null, seen: {}, startedAt: now.toISOString(), polls: 0 };
}

/** The pass this poll runs: the unfinished one, the first-run import, or changes since the cursor. */
export function beginPass(state: CursorState, settings: CursorSettings, policy: FirstRunPolicy, now: Date): PassState {
	if (state.pass) return state.pass;
	if (!state.initialized && policy === 'full') return newPass('full', null, now);
	return newPass('changes', nextLower(state, settings), now);
}

/** A content hash, or how to compute it: most records read never need one (see `noteReads`). */
type HashSource = string | (() => string);

function resolveHash(hash: HashSource): string {
	return typeof hash === 'string' ? hash : hash();
}

/** Already delivered with this exact ts and content by an earlier poll? (The hash is computed only on a ts tie.) */
export function isDuplicate(state: CursorState, id: string, ts: string, hash: HashSource): boolean {
	const seen = state.seen[id];
	if (seen === undefined || tsOfSeen(seen) !== ts) return false;
	return seen === seenValue(ts, resolveHash(hash));
}

/** Remember a record this pass read (delivered, duplicate or skipped alike). */
export function noteRead(pass: PassState, id: string, rawTs: unknown, hash: HashSource): void {
	const ts = normalizeTs(rawTs);
	if (!ts) return;
	pass.maxSeen = maxTs(pass.maxSeen, ts);
	pass.seen[id] = seenValue(ts, resolveHash(hash));
}

/** One record read by a pass, for `noteReads`. */
export interface PassRead {
	id: string;
	/** ts_lastupdate as read (normalised here). */
	ts: unknown;
	hash: HashSource;
}

/**
 * The longest step of a daylight-saving change (Antarctica/Troll moves 2 h; Europe 1 h). Near a fall-back
 * hour the window of a later cursor reaches back over the repeated hour (see `lowerBound`), so a read is
 * only forgotten early when it lies this much further below the window than needed.
 */
const DST_STEP_SECONDS = 2 * 3600;

/**
 * Reads at or below this ts cannot be in `seen` when the pass is suspended or completed: every cursor the
 * pass can still commit is at least the one it has reached now, so their windows all start above it. Null:
 * nothing can be said yet (keep everything). Only used once the ceiling is fixed (`probed`): before that a
 * later probe could lower the reachable cursor.
 */
export function forgettableUpTo(state: CursorState, pass: PassState, settings: CursorSettings): string | null {
	const reached = pass.maxSeen && pass.probed ? passCursor(state, pass) : (state.cursor?.raw ?? null);
	if (!reached) return null;
	return maxTs(lowerBound(reached, settings.overlapSeconds + DST_STEP_SECONDS, settings.timeZone), state.floor);
}

/**
 * Remember the records one page of the pass read. Only those that may still be inside the next overlap
 * window get a content hash (the tie-breaker against the next poll); the others only move `maxSeen`.
 * Hashing every record read would cost as much CPU as the rest of the trigger on a large first import.
 */
export function noteReads(state: CursorState, pass: PassState, reads: PassRead[], settings: CursorSettings): void {
	const normalized: Array<{ read: PassRead; ts: string }> = [];
	for (const read of reads) {
		const ts = normalizeTs(read.ts);
		if (!ts) continue;
		pass.maxSeen = maxTs(pass.maxSeen, ts);
		normalized.push({ read, ts });
	}
	const forgettable = forgettableUpTo(state, pass, settings);
	for (const { read, ts } of normalized) {
		if (forgettable && ts <= forgettable) delete pass.seen[read.id];
		else pass.seen[read.id] = seenValue(ts, resolveHash(read.hash));
	}
}

export function setCeiling(pass: PassState, ceiling: string | null): void {
	pass.probed = true;
	pass.ceiling = ceiling;
}

/** The cursor the pass would commit now. */
function passCursor(state: CursorState, pass: PassState): string | null {
	const reached = pass.ceiling ? minTs(pass.maxSeen, pass.ceiling) : pass.maxSeen;
	return maxTs(state.cursor?.raw, reached);
}

/**
 * Drops remembered reads the next window cannot contain. Safe during a pass: the threshold only grows,
 * and the committed cursor ends at or above it.
 */
function prunePass(state: CursorState, pass: PassState, settings: CursorSettings): void {
	const cursor = passCursor(state, pass);
	if (!cursor) return;
	const keepAbove = maxTs(lowerBound(cursor, settings.overlapSeconds, settings.timeZone), state.floor);
	if (!keepAbove) return;
	for (const [id, value] of Object.entries(pass.seen)) {
		if (tsOfSeen(value) <= keepAbove) delete pass.seen[id];
	}
}

/** All pages read: move the cursor and keep only the reads inside the new overlap window. */
export function completePass<S extends CursorState>(state: S, pass: PassState, settings: CursorSettings): S {
	const cursorRaw = passCursor(state, pass);
	const next: S = {
		...state,
		initialized: true,
		cursor: cursorRaw ? { raw: cursorRaw, utc: wallToUtcIso(cursorRaw, settings.timeZone) } : null,
		seen: {},
		pass: undefined,
	};
	delete next.pass;
	const keepAbove = nextLower(next, settings);
	// Reads of the previous window that this pass did not see again (changed away or deleted) are dropped.
	for (const [id, value] of Object.entries(pass.seen)) {
		if (!keepAbove || tsOfSeen(value) > keepAbove) next.seen[id] = value;
	}
	return next;
}

/** Pass not finished (max records per poll / poll budget): keep its keyset position for the next poll. */
export function suspendPass<S extends CursorState>(state: S, pass: PassState, settings: CursorSettings): S {
	prunePass(state, pass, settings);
	return { ...state, pass: { ...pass, polls: pass.polls + 1 } };
}
