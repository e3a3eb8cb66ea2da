import { DateTime } from 'luxon';

/**
 * Bouwsoft's `ts_lastupdate` is wall-clock time without a zone at one-second precision
 * (`yyyy-MM-dd HH:mm:ss`). The server compares these strings, so the cursor keeps the raw string as the
 * truth and a UTC instant (interpreted in the configured zone) for people and diagnostics.
 */
const BOUWSOFT_TS_FORMAT = 'yyyy-MM-dd HH:mm:ss';
export const DEFAULT_TIME_ZONE = 'Europe/Brussels';

/** `2024-05-01T13:45:00.000` / `2024-05-01 13:45` → `2024-05-01 13:45:00`; undefined when not a timestamp. */
export function normalizeTs(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?/.exec(value.trim());
	if (!match) {
		const dateOnly = /^(\d{4}-\d{2}-\d{2})$/.exec(value.trim());
		return dateOnly ? `${dateOnly[1]} 00:00:00` : undefined;
	}
	return `${match[1]} ${match[2]}:${match[3]}:${match[4] ?? '00'}`;
}

export function isValidZone(zone: string): boolean {
	return DateTime.local().setZone(zone).isValid;
}

/** The instant of a wall-clock string in `zone`. For a repeated (fall-back) hour, the later one. */
export function wallToInstant(raw: string, zone: string): DateTime | undefined {
	const dt = DateTime.fromFormat(raw, BOUWSOFT_TS_FORMAT, { zone });
	return dt.isValid ? dt : undefined;
}

export function instantToWall(instant: DateTime, zone: string): string {
	return instant.setZone(zone).toFormat(BOUWSOFT_TS_FORMAT);
}

export function wallToUtcIso(raw: string, zone: string): string {
	return wallToInstant(raw, zone)?.toUTC().toISO({ suppressMilliseconds: true }) ?? '';
}

/** A JS date / ISO string (e.g. a node's dateTime parameter) as Bouwsoft wall-clock time in `zone`. */
export function dateToWall(value: string | Date, zone: string): string | undefined {
	if (value instanceof Date) return instantToWall(DateTime.fromJSDate(value), zone);
	const text = value.trim();
	if (!text) return undefined;
	// An ISO value with an offset or Z is an instant; one without is already wall time in the zone.
	const hasZone = /([+-]\d{2}:?\d{2}|Z)$/i.test(text);
	const dt = hasZone ? DateTime.fromISO(text) : DateTime.fromISO(text.replace(' ', 'T'), { zone });
	if (!dt.isValid) return normalizeTs(text);
	return instantToWall(dt, zone);
}

/**
 * The earliest instant a wall-clock string can mean. In a fall-back hour the same wall time happens twice;
 * luxon picks the later one, so step back by the offset difference when that lands on the same wall time.
 */
export function earliestInstant(raw: string, zone: string): DateTime | undefined {
	const later = wallToInstant(raw, zone);
	if (!later) return undefined;
	const before = later.minus({ hours: 3 }).setZone(zone);
	const shiftMinutes = before.offset - later.offset;
	if (shiftMinutes > 0) {
		const earlier = later.minus({ minutes: shiftMinutes });
		if (instantToWall(earlier, zone) === raw) return earlier;
	}
	return later;
}

/**
 * The `ts_lastupdate gt '<lower>'` bound for a cursor: `overlapSeconds` of real time before the cursor.
 * When the cursor lies in a repeated (fall-back) hour, records written after it during the second pass of
 * that hour carry *smaller* wall times, so the bound also reaches back over the whole repeated hour.
 */
export function lowerBound(cursorRaw: string, overlapSeconds: number, zone: string): string {
	// Asked once per page with the same cursor most of the time; zone arithmetic costs ~0.2 ms a call.
	const key = `${cursorRaw}|${overlapSeconds}|${zone}`;
	let bound = lowerBounds.get(key);
	if (bound === undefined) {
		if (lowerBounds.size >= 256) lowerBounds.clear();
		bound = computeLowerBound(cursorRaw, overlapSeconds, zone);
		lowerBounds.set(key, bound);
	}
	return bound;
}

const lowerBounds = new Map<string, string>();

function computeLowerBound(cursorRaw: string, overlapSeconds: number, zone: string): string {
	const earliest = earliestInstant(cursorRaw, zone);
	if (!earliest) return cursorRaw;
	const later = wallToInstant(cursorRaw, zone) ?? earliest;
	const repeatedMinutes = later.diff(earliest, 'minutes').minutes;
	// At least one second: `gt` is strict and a record saved in the cursor's own second must be re-read.
	const lower = earliest.minus({ seconds: Math.max(1, overlapSeconds), minutes: repeatedMinutes });
	const wall = instantToWall(lower, zone);
	// Wall times are compared as strings by the server: never hand out a bound above the cursor itself.
	return wall < cursorRaw ? wall : cursorRaw;
}

export function maxTs(a: string | null | undefined, b: string | null | undefined): string | null {
	if (!a) return b ?? null;
	if (!b) return a;
	return a >= b ? a : b;
}

export function minTs(a: string | null | undefined, b: string | null | undefined): string | null {
	if (!a) return b ?? null;
	if (!b) return a;
	return a <= b ? a : b;
}
