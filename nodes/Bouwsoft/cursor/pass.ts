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
export function nextLower(state: CursorState, settings: CursorSettings): string | null {
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

/** Already delivered with this exact ts and content by an earlier poll? */
export function isDuplicate(state: CursorState, id: string, ts: string, hash: string): boolean {
	return state.seen[id] === seenValue(ts, hash);
}

/** Remember a record this pass read (delivered, duplicate or skipped alike). */
export function noteRead(pass: PassState, id: string, rawTs: unknown, hash: string): void {
	const ts = normalizeTs(rawTs);
	if (!ts) return;
	pass.maxSeen = maxTs(pass.maxSeen, ts);
	pass.seen[id] = seenValue(ts, hash);
}

export function setCeiling(pass: PassState, ceiling: string | null): void {
	pass.probed = true;
	pass.ceiling = ceiling;
}

/** The cursor the pass would commit now. */
export function passCursor(state: CursorState, pass: PassState): string | null {
	const reached = pass.ceiling ? minTs(pass.maxSeen, pass.ceiling) : pass.maxSeen;
	return maxTs(state.cursor?.raw, reached);
}

/**
 * Drops remembered reads the next window cannot contain. Safe during a pass: the threshold only grows,
 * and the committed cursor ends at or above it.
 */
export function prunePass(state: CursorState, pass: PassState, settings: CursorSettings): void {
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
