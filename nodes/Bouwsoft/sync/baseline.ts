import type { IDataObject } from 'n8n-workflow';

import type { BouwsoftClient } from '../transport/client';
import { entriesReceived, hasMoreRecords, isShortPageAnnouncingMore } from '../transport/paging';
import type { FilterExpr } from '../transport/query';
import { seenValue } from './cursor/pass';
import type { CursorSettings } from './cursor/pass';
import type { LinkedCursorState } from './cursor/state';
import { contentHash } from './cursor/state';
import { instantToWall, lowerBound, minTs, normalizeTs, wallToInstant, wallToUtcIso } from './cursor/time';
import { changedSince, findNewestChange, newestChange } from './selection';

/** Newest records read in one answer for a baseline; a larger overlap window is read with a second query. */
const SNAPSHOT_SIZE = 200;

/**
 * "Now" as a cursor, without emitting anything: the newest ts_lastupdate of the selection, plus every record
 * inside its overlap window marked as seen. Where `sort=-ts_lastupdate` works, both come from one answer
 * (`findNewestChange`); elsewhere the newest change is scanned for and the window read with
 * `ts_lastupdate gt <lower>` (never the whole selection). The next poll reads from the overlap window as
 * usual, so an edit saved in the same second as the baseline, after it was taken, is still delivered; the
 * records of the snapshot itself are not repeated.
 */
export async function baselineSnapshot(
	client: BouwsoftClient,
	resource: string,
	pushed: FilterExpr | undefined,
	settings: CursorSettings,
): Promise<LinkedCursorState> {
	const { ts: ceiling, sorted } = await findNewestChange(client, resource, pushed, SNAPSHOT_SIZE);
	if (!ceiling) return { initialized: true, cursor: null, floor: null, seen: {} };
	const lower = lowerBound(ceiling, settings.overlapSeconds, settings.timeZone);
	const seen: Record<string, string> = {};
	const note = (record: IDataObject) => {
		const ts = normalizeTs(record.ts_lastupdate);
		// Saved after the snapshot (newer than the baseline): left unseen, so the next poll emits it.
		if (ts && ts > lower && ts <= ceiling) seen[String(record.id)] = seenValue(ts, contentHash(record));
	};
	let covered = false;
	if (sorted) {
		sorted.records.forEach(note);
		let oldest: string | null = null;
		for (const record of sorted.records) oldest = minTs(oldest, normalizeTs(record.ts_lastupdate));
		// Content-Range decides when present: a server that clamps `limit` sends fewer than asked without being done.
		covered = !hasMoreRecords(sorted, SNAPSHOT_SIZE) || (oldest !== null && oldest <= lower);
		if (!covered && isShortPageAnnouncingMore(sorted, SNAPSHOT_SIZE)) {
			// A short snapshot that Content-Range says is not all (a total counting the whole table, or a capped
			// page size): one look past it decides before the overlap window is read.
			const next = await client.list(resource, { filter: pushed, sort: '-ts_lastupdate', limit: 1, offset: entriesReceived(sorted) });
			covered = entriesReceived(next) === 0;
		}
	}
	if (!covered) for (const record of await client.readAll(resource, { filter: changedSince(lower, pushed) })) note(record);
	return { initialized: true, cursor: { raw: ceiling, utc: wallToUtcIso(ceiling, settings.timeZone) }, floor: null, seen };
}

/**
 * The floor of a restart catch-up: `hours` before the newest ts_lastupdate of the selection (Bouwsoft's
 * own clock, so a wrong clock on the n8n host cannot shrink the window). Null = read everything.
 */
export async function catchUpFloor(
	client: BouwsoftClient,
	resource: string,
	pushed: FilterExpr | undefined,
	hours: number,
	timeZone: string,
): Promise<string | null> {
	const newest = await newestChange(client, resource, pushed);
	const instant = newest ? wallToInstant(newest, timeZone) : undefined;
	return instant ? instantToWall(instant.minus({ hours }), timeZone) : null;
}
