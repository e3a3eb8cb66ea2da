import { sleep } from 'n8n-workflow';

import type { BouwsoftClient } from '../transport/client';
import type { BouwsoftWriter } from '../transport/write';
import { existingLines, LINE_RESOURCE, matchLines } from './keys';
import type { ExistingLine, LineKind } from './keys';
import type { DesiredLine, LineWork } from './types';

/**
 * Exactly once without an idempotency key: Bouwsoft's own lines are the record of what is booked.
 *
 * 1. Read the assignment's lines, match the desired ones by natural key (multiset, keys.ts).
 * 2. Write the missing ones one after the other (a re-read then shows a consistent picture).
 * 3. A write whose answer was lost (`WriteOutcomeUnknown`) is never sent again as such: the lines are read
 *    again and matched again, and only what is still missing is written. At most `MAX_ROUNDS` such rounds;
 *    then a last read says exactly which lines are in Bouwsoft and which are not.
 *
 * When Bouwsoft may still be working on the write (our time-out, a gateway time-out), the read waits a moment
 * first, and a line still missing then is not sent again in this run: a slow Bouwsoft could apply the first
 * request after the second one was sent. The order fails; the next run (minutes later) finds the line or
 * writes it.
 *
 * A line found in the first read is `alreadyThere`; one found later (or answered 201) was `written` by this run.
 */
export const MAX_ROUNDS = 3;

/** How long to give a write that timed out before reading whether it arrived: twice the time-out, at most 30 s. */
export function settleMs(timeoutMs: number): number {
	return Math.min(2 * timeoutMs, 30_000);
}

export interface LinesOutcome {
	lines: LineWork[];
	/** Why the lines are not complete (undefined when every line is written or already there). */
	failure?: string;
	/** Write rounds after a lost answer. */
	rereads: number;
}

async function readLines(client: BouwsoftClient, assignmentId: number, kinds: ReadonlySet<LineKind>): Promise<ExistingLine[]> {
	// Both kinds at once: one round trip instead of two before every order's first write (reads, so safe to overlap).
	const perKind = await Promise.all(
		[...kinds].map(async (kind) => existingLines(kind, await client.readAll(LINE_RESOURCE[kind], { filter: { field: 'assignment_id', op: 'eq', value: assignmentId } }))),
	);
	return perKind.flat();
}

/** Ids are per resource: an hours line and a material line may share one. */
function idKey(kind: LineKind, id: number): string {
	return `${kind}#${id}`;
}

function settle(work: LineWork[], snapshot: ExistingLine[], firstIds: ReadonlySet<string>, refused: ReadonlyMap<number, string>): void {
	const matched = matchLines(
		work.map((w) => w.desired.key),
		snapshot,
	);
	work.forEach((line, index) => {
		const id = matched[index];
		if (id !== undefined) {
			line.state = firstIds.has(idKey(line.desired.kind, id)) ? 'alreadyThere' : 'written';
			line.bouwsoftId = id;
			delete line.error;
		} else if (refused.has(index)) {
			line.state = 'failed';
			line.error = refused.get(index);
		} else {
			line.state = 'notWritten';
			delete line.bouwsoftId;
		}
	});
}

export async function bookLines(
	client: BouwsoftClient,
	writer: BouwsoftWriter,
	assignmentId: number,
	desired: DesiredLine[],
): Promise<LinesOutcome> {
	const work: LineWork[] = desired.map((d) => ({ desired: d, state: 'notWritten' }));
	if (desired.length === 0) return { lines: work, rereads: 0 };
	const kinds = new Set(desired.map((d) => d.kind));
	let snapshot: ExistingLine[];
	try {
		snapshot = await readLines(client, assignmentId, kinds);
	} catch (error) {
		return { lines: work, failure: `Could not read the assignment's lines from Bouwsoft, so nothing was written: ${(error as Error).message}`, rereads: 0 };
	}
	// Keys start with the kind (keys.ts), so matching never mixes kinds; only ids need telling apart.
	const firstIds = new Set(snapshot.map((l) => idKey(l.kind, l.id)));
	const refused = new Map<number, string>();
	let rereads = 0;
	let lastUnknown: string | undefined;
	for (let round = 1; ; round++) {
		settle(work, snapshot, firstIds, refused);
		const missing = work.map((line, index) => ({ line, index })).filter(({ line }) => line.state === 'notWritten');
		if (missing.length === 0 || round > MAX_ROUNDS) break;
		let uncertain: LineWork | undefined;
		let stillRunning = false;
		let stopped: string | undefined;
		for (const { line, index } of missing) {
			const result = await writer.post(LINE_RESOURCE[line.desired.kind], { assignment_id: assignmentId, ...line.desired.columns });
			const id = result.outcome === 'applied' ? Number(result.row.id) : NaN;
			if (Number.isFinite(id) && id > 0) {
				snapshot.push({ kind: line.desired.kind, id, key: line.desired.key });
				continue;
			}
			if (result.outcome !== 'refused') {
				// Lost answer, or one without the new line's id (then it cannot be told from an office line): re-read.
				uncertain = line;
				lastUnknown = result.outcome === 'unknown' ? result.message : 'Bouwsoft answered without the new line id';
				stillRunning = result.outcome === 'unknown' && result.stillRunning;
				break;
			}
			refused.set(index, result.message);
			// A refusal of this one record: the others may still go through. Anything else stops here.
			if (!result.recordSpecific) {
				stopped = result.message;
				break;
			}
		}
		if (stopped) {
			settle(work, snapshot, firstIds, refused);
			return { lines: work, failure: stopped, rereads };
		}
		if (!uncertain) continue;
		rereads++;
		if (stillRunning) await sleep(settleMs(client.options.timeoutMs));
		try {
			snapshot = await readLines(client, assignmentId, kinds);
		} catch (error) {
			settle(work, snapshot, firstIds, refused);
			uncertain.state = 'failed';
			uncertain.error = `Bouwsoft's answer was lost (${lastUnknown}) and the lines could not be read again: this line may or may not be on the assignment`;
			return { lines: work, failure: `Could not read the assignment's lines again after a lost answer: ${(error as Error).message}`, rereads };
		}
		if (stillRunning) {
			settle(work, snapshot, firstIds, refused);
			if (uncertain.state === 'notWritten') {
				uncertain.state = 'failed';
				uncertain.error = `Bouwsoft did not answer in time (${lastUnknown}) and may still be booking this line, so it was not sent again; the next run writes it only if it is still missing`;
				return { lines: work, failure: uncertain.error, rereads };
			}
		}
	}
	const notThere = work.filter((line) => line.state === 'notWritten' || line.state === 'failed');
	if (notThere.length === 0) return { lines: work, rereads };
	for (const line of notThere) {
		if (line.state === 'notWritten') {
			line.state = 'failed';
			line.error = `not in Bouwsoft after ${MAX_ROUNDS} attempts whose answers were lost (${lastUnknown ?? 'no answer'})`;
		}
	}
	const first = notThere[0];
	return { lines: work, failure: first.error ?? 'not all lines are in Bouwsoft', rereads };
}
