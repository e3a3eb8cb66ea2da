/**
 * Simulator clock and Bouwsoft's two time formats: `ts_lastupdate` is local wall-clock time without a
 * zone (`yyyy-MM-dd HH:mm:ss`, Europe/Brussels by default), the token's `ValidUntil` is UTC to the minute.
 */
import type { SimClock } from './types';

export function createClock(): SimClock {
	let frozen: number | undefined;
	let offsetMs = 0;
	return {
		now: () => new Date(frozen ?? Date.now() + offsetMs),
		set: (date: Date) => {
			frozen = date.getTime();
		},
		advanceSeconds: (seconds: number) => {
			if (frozen !== undefined) frozen += seconds * 1000;
			else offsetMs += seconds * 1000;
		},
		useRealTime: () => {
			frozen = undefined;
			offsetMs = 0;
		},
	};
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Zone offsets only change on quarter-hour boundaries, so one lookup per quarter hour is exact and fast. */
const offsetCache = new Map<string, number>();
const QUARTER_HOUR_MS = 15 * 60 * 1000;
const DAY_MS = 86_400_000;

function formatterFor(timeZone: string): Intl.DateTimeFormat {
	let formatter = formatters.get(timeZone);
	if (!formatter) {
		formatter = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric',
		});
		formatters.set(timeZone, formatter);
	}
	return formatter;
}

/** Offset at one instant, straight from Intl (slow: a few microseconds). */
function exactOffsetMs(ms: number, timeZone: string): number {
	const parts: Record<string, number> = {};
	for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) {
		if (part.type !== 'literal') parts[part.type] = Number(part.value);
	}
	const local = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
	return local - Math.floor(ms / 1000) * 1000;
}

function cachedOffset(key: string, compute: () => number): number {
	const cached = offsetCache.get(key);
	if (cached !== undefined) return cached;
	const value = compute();
	if (offsetCache.size > 200_000) offsetCache.clear();
	offsetCache.set(key, value);
	return value;
}

/**
 * Milliseconds to add to a UTC instant to get the wall-clock time in the zone. Cached per UTC day when
 * the offset is the same at both ends of the day, else per quarter hour (zones change on those).
 */
function zoneOffsetMs(ms: number, timeZone: string): number {
	const dayStart = Math.floor(ms / DAY_MS) * DAY_MS;
	const atStart = cachedOffset(`${timeZone}|${dayStart}`, () => exactOffsetMs(dayStart, timeZone));
	const atEnd = cachedOffset(`${timeZone}|${dayStart + DAY_MS}`, () => exactOffsetMs(dayStart + DAY_MS, timeZone));
	if (atStart === atEnd) return atStart;
	const bucket = Math.floor(ms / QUARTER_HOUR_MS) * QUARTER_HOUR_MS;
	return cachedOffset(`${timeZone}|${bucket}`, () => exactOffsetMs(bucket, timeZone));
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `yyyy-MM-dd HH:mm:ss` in the given zone (seconds truncated, like Bouwsoft's one-second precision). */
export function formatTimestamp(date: Date | number, timeZone: string): string {
	const ms = typeof date === 'number' ? date : date.getTime();
	const local = new Date(Math.floor(ms / 1000) * 1000 + zoneOffsetMs(ms, timeZone));
	return (
		`${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ` +
		`${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`
	);
}

/** `yyyy-MM-dd` in the given zone. */
export function formatDate(date: Date | number, timeZone: string): string {
	return formatTimestamp(date, timeZone).slice(0, 10);
}

/** `yyyy-MM-ddTHH:mmZ` (UTC, minute precision, rounded down so a client never trusts a dead token). */
export function formatValidUntil(date: Date): string {
	return `${date.toISOString().slice(0, 16)}Z`;
}
