/**
 * Work period arithmetic for booking OutSmart hours in Bouwsoft (pure, in minutes).
 *
 * OutSmart stores a period as a date (`d-m-Y`) plus begin and end times (`H:i`) and a break in minutes;
 * Bouwsoft's AssignmentLabor stores a date plus `from`, `to` and `break` as decimal hours (tpTimeDouble:
 * 7.5 = 07:30). Neither has a time zone: both hold the wall clock the technician saw. So a period is booked as
 * the wall clock says, also in the DST nights: 22:00–06:00 in the night the clocks go forward is booked as
 * eight hours (seven really passed), in the night they go back also as eight (nine passed). Booking the real
 * elapsed time would make Bouwsoft disagree with OutSmart's own TotalTime and with the times the technician
 * typed, and there is no zone on either side to compute it from with certainty.
 */
const MINUTES_PER_DAY = 24 * 60;

/** Hour rounding steps (minutes); 0 = none. */
export type RoundingStep = 0 | 5 | 15 | 30;

/** `12-03-2026` (OutSmart) or `2026-03-12` → `2026-03-12`; undefined when it is not a real calendar date. */
export function parseWorkDate(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	let day: number;
	let month: number;
	let year: number;
	const dmy = /^(\d{1,2})-(\d{1,2})-(\d{4})$/.exec(text);
	const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(text);
	if (dmy) [day, month, year] = [Number(dmy[1]), Number(dmy[2]), Number(dmy[3])];
	else if (iso) [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
	else return undefined;
	const date = new Date(Date.UTC(year, month - 1, day));
	if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
	return date.toISOString().slice(0, 10);
}

/** `2026-03-12` → `12-03-2026` (how OutSmart and the office write dates). */
export function toDayMonthYear(isoDate: string): string {
	const [year, month, day] = isoDate.split('-');
	return `${day}-${month}-${year}`;
}

/** Calendar arithmetic on `yyyy-mm-dd` (no clock, so no DST). */
export function addDays(isoDate: string, days: number): string {
	const [year, month, day] = isoDate.split('-').map(Number);
	return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** `07:30` / `7:30` / `07:30:00` → 450; `24:00` → 1440 (an end time); undefined when unreadable. */
export function parseClock(value: unknown): number | undefined {
	if (typeof value !== 'string') return undefined;
	const match = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
	if (!match) return undefined;
	const minutes = Number(match[1]) * 60 + Number(match[2]);
	if (Number(match[2]) > 59 || minutes > MINUTES_PER_DAY) return undefined;
	return minutes;
}

/** 450 → `07:30`, 1440 → `24:00`. */
export function formatClock(minutes: number): string {
	const h = Math.floor(minutes / 60);
	const m = minutes % 60;
	return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** Minutes → tpTimeDouble decimal hours, at most 6 decimals (07:20 → 7.333333; read back it is 440 minutes again). */
export function minutesToHours(minutes: number): number {
	return Math.round((minutes / 60) * 1e6) / 1e6;
}

/** tpTimeDouble decimal hours (a number or numeric text) → whole minutes; undefined when not a number. */
export function hoursToMinutes(value: unknown): number | undefined {
	const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value.replace(',', '.')) : NaN;
	return Number.isFinite(n) ? Math.round(n * 60) : undefined;
}

/** One Bouwsoft hours line: a date and a stretch within that day, in minutes. */
export interface DaySegment {
	date: string;
	from: number;
	to: number;
	break: number;
}

export interface PeriodInput {
	/** `yyyy-mm-dd` */
	date: string;
	begin: number;
	end: number;
	breakMinutes: number;
}

export type PeriodResult =
	| { ok: true; segments: DaySegment[]; workedMinutes: number; roundedMinutes: number; notes: string[] }
	| { ok: false; error: string };

/**
 * A work period as Bouwsoft hours lines.
 *
 * - An end before the begin means the period ran past midnight: it becomes two lines, D from→24:00 and
 *   D+1 00:00→to. The break is booked on the first line as far as it fits there, the rest on the second.
 *   An end of exactly 00:00 is 24:00 of the same day (one line).
 * - Rounding: the worked time (to − from − break) is rounded UP to the step by moving `to` later. A line
 *   never ends after 24:00 (Bouwsoft's time of day): what does not fit before midnight is not added, and a
 *   note says so. Rounding happens before the split, so a night period gets its extra minutes at the end.
 * - Begin equal to end books nothing (a period of zero minutes): no segments, a note.
 */
export function periodSegments(period: PeriodInput, step: RoundingStep): PeriodResult {
	const { date, begin, breakMinutes } = period;
	let end = period.end;
	if (begin >= MINUTES_PER_DAY) return { ok: false, error: `begins at ${formatClock(begin)}` };
	if (!Number.isFinite(breakMinutes) || breakMinutes < 0) return { ok: false, error: `has a break of ${breakMinutes} minutes` };
	if (end === begin) return { ok: true, segments: [], workedMinutes: 0, roundedMinutes: 0, notes: ['begins and ends at the same time: nothing booked'] };
	if (end === 0) end = MINUTES_PER_DAY;
	const crosses = end < begin;
	const duration = crosses ? MINUTES_PER_DAY - begin + end : end - begin;
	if (breakMinutes > duration) {
		return { ok: false, error: `has a break of ${breakMinutes} minutes, longer than the period itself (${duration} minutes)` };
	}
	const worked = duration - breakMinutes;
	const notes: string[] = [];
	let extra = step > 0 ? Math.ceil(worked / step) * step - worked : 0;
	if (end + extra > MINUTES_PER_DAY) {
		const fits = MINUTES_PER_DAY - end;
		notes.push(`rounding up by ${extra} minutes would end after midnight: ${fits} minutes added`);
		extra = fits;
	}
	end += extra;
	const rounded = worked + extra;
	if (!crosses) return { ok: true, segments: [{ date, from: begin, to: end, break: breakMinutes }], workedMinutes: worked, roundedMinutes: rounded, notes };
	const firstLength = MINUTES_PER_DAY - begin;
	const firstBreak = Math.min(breakMinutes, firstLength);
	const segments: DaySegment[] = [{ date, from: begin, to: MINUTES_PER_DAY, break: firstBreak }];
	segments.push({ date: addDays(date, 1), from: 0, to: end, break: breakMinutes - firstBreak });
	return { ok: true, segments, workedMinutes: worked, roundedMinutes: rounded, notes };
}
