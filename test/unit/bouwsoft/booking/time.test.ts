import { DateTime } from 'luxon';

import {
	addDays,
	formatClock,
	hoursToMinutes,
	minutesToHours,
	parseClock,
	parseWorkDate,
	periodSegments,
	toDayMonthYear,
} from '../../../../nodes/Bouwsoft/booking/time';
import type { DaySegment, PeriodInput, PeriodResult, RoundingStep } from '../../../../nodes/Bouwsoft/booking/time';

function segments(date: string, begin: string, end: string, breakMinutes = 0, step: RoundingStep = 0): DaySegment[] {
	const input: PeriodInput = { date, begin: parseClock(begin)!, end: parseClock(end)!, breakMinutes };
	const result: PeriodResult = periodSegments(input, step);
	if (!result.ok) throw new Error(result.error);
	return result.segments;
}

/** Segments as Bouwsoft would hold them: date, from/to/break in decimal hours. */
function asBouwsoft(list: DaySegment[]) {
	return list.map((s) => ({ date: s.date, from: minutesToHours(s.from), to: minutesToHours(s.to), break: minutesToHours(s.break) }));
}

describe('booking time: dates and clocks', () => {
	it('reads OutSmart d-m-Y and ISO dates, rejects impossible ones', () => {
		expect(parseWorkDate('12-03-2026')).toBe('2026-03-12');
		expect(parseWorkDate('1-3-2026')).toBe('2026-03-01');
		expect(parseWorkDate('2026-03-12')).toBe('2026-03-12');
		expect(parseWorkDate('2026-03-12 00:00:00')).toBe('2026-03-12');
		expect(parseWorkDate('31-02-2026')).toBeUndefined();
		expect(parseWorkDate('12/03/2026')).toBeUndefined();
		expect(parseWorkDate(20260312)).toBeUndefined();
		expect(toDayMonthYear('2026-03-12')).toBe('12-03-2026');
	});

	it('adds calendar days across month and year ends', () => {
		expect(addDays('2026-03-31', 1)).toBe('2026-04-01');
		expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
		expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
	});

	it('reads H:i clocks; 24:00 is an end of day; rejects nonsense', () => {
		expect(parseClock('07:30')).toBe(450);
		expect(parseClock('7:30')).toBe(450);
		expect(parseClock('07:30:00')).toBe(450);
		expect(parseClock('24:00')).toBe(1440);
		expect(parseClock('24:30')).toBeUndefined();
		expect(parseClock('07:60')).toBeUndefined();
		expect(parseClock('half acht')).toBeUndefined();
		expect(formatClock(450)).toBe('07:30');
		expect(formatClock(1440)).toBe('24:00');
	});

	it('tpTimeDouble: decimal hours both ways (7.5 = 07:30), odd minutes survive a round trip', () => {
		expect(minutesToHours(450)).toBe(7.5);
		expect(minutesToHours(440)).toBe(7.333333);
		expect(hoursToMinutes(7.333333)).toBe(440);
		expect(hoursToMinutes('7,5')).toBe(450);
		expect(hoursToMinutes('')).toBeUndefined();
		for (let m = 0; m <= 1440; m++) expect(hoursToMinutes(minutesToHours(m))).toBe(m);
	});
});

describe('booking time: work periods as Bouwsoft lines', () => {
	it('a day period with a break: from, to and break in decimal hours', () => {
		expect(asBouwsoft(segments('2026-03-12', '07:30', '16:00', 30))).toEqual([{ date: '2026-03-12', from: 7.5, to: 16, break: 0.5 }]);
		expect(asBouwsoft(segments('2026-03-12', '08:00', '12:15', 0))).toEqual([{ date: '2026-03-12', from: 8, to: 12.25, break: 0 }]);
	});

	it('a break longer than the period, or negative, is an error; begin = end books nothing', () => {
		const long = periodSegments({ date: '2026-03-12', begin: 480, end: 510, breakMinutes: 45 }, 0);
		expect(long).toEqual({ ok: false, error: expect.stringContaining('longer than the period') });
		expect(periodSegments({ date: '2026-03-12', begin: 480, end: 600, breakMinutes: -5 }, 0).ok).toBe(false);
		const zero = periodSegments({ date: '2026-03-12', begin: 480, end: 480, breakMinutes: 0 }, 0);
		expect(zero).toEqual({ ok: true, segments: [], workedMinutes: 0, roundedMinutes: 0, notes: [expect.stringContaining('nothing booked')] });
	});

	it('an end before the begin runs past midnight: split into D from→24 and D+1 0→to', () => {
		expect(asBouwsoft(segments('2026-03-12', '22:00', '06:00', 30))).toEqual([
			{ date: '2026-03-12', from: 22, to: 24, break: 0.5 },
			{ date: '2026-03-13', from: 0, to: 6, break: 0 },
		]);
	});

	it('the break goes on the first part as far as it fits, the rest on the second', () => {
		expect(asBouwsoft(segments('2026-03-12', '23:30', '04:00', 45))).toEqual([
			{ date: '2026-03-12', from: 23.5, to: 24, break: 0.5 },
			{ date: '2026-03-13', from: 0, to: 4, break: 0.25 },
		]);
	});

	it('an end of 00:00 is 24:00 of the same day (one line); across the year end the next day is 1 January', () => {
		expect(asBouwsoft(segments('2026-03-12', '18:00', '00:00'))).toEqual([{ date: '2026-03-12', from: 18, to: 24, break: 0 }]);
		expect(segments('2026-12-31', '22:00', '02:00').map((s) => s.date)).toEqual(['2026-12-31', '2027-01-01']);
	});

	it.each<[RoundingStep, string]>([
		[0, '16:08'],
		[5, '16:10'],
		[15, '16:15'],
		[30, '16:30'],
	])('rounding %i: 07:30–16:08 with 30 min break (8 h 08 worked) ends at %s', (step, end) => {
		const result = periodSegments({ date: '2026-03-12', begin: 450, end: parseClock('16:08')!, breakMinutes: 30 }, step);
		expect(result.ok && formatClock(result.segments[0].to)).toBe(end);
		// The worked time is a whole number of steps, rounded up, never down.
		if (result.ok && step) {
			expect(result.roundedMinutes % step).toBe(0);
			expect(result.roundedMinutes).toBeGreaterThanOrEqual(result.workedMinutes);
			expect(result.roundedMinutes - result.workedMinutes).toBeLessThan(step);
		}
	});

	it('rounding leaves an exact multiple alone', () => {
		const result = periodSegments({ date: '2026-03-12', begin: 480, end: 960, breakMinutes: 30 }, 30);
		expect(result.ok && result.segments[0].to).toBe(960);
	});

	it('rounding never ends a line after 24:00: what does not fit is not added, and a note says so', () => {
		// 19:55–23:58 is 4 h 03; rounding to 30 would need 27 minutes more, only 2 fit before midnight.
		const result = periodSegments({ date: '2026-03-12', begin: 1195, end: 1438, breakMinutes: 0 }, 30);
		expect(result.ok && result.segments[0].to).toBe(1440);
		expect(result.ok && result.notes[0]).toMatch(/by 27 minutes would end after midnight: 2 minutes added/);
	});

	it('rounding a night period moves the end on the next day', () => {
		expect(asBouwsoft(segments('2026-03-12', '22:00', '05:50', 0, 30))).toEqual([
			{ date: '2026-03-12', from: 22, to: 24, break: 0 },
			{ date: '2026-03-13', from: 0, to: 6, break: 0 },
		]);
	});

	/*
	 * DST in Europe/Brussels, 2026: on 29 March 02:00 becomes 03:00 (the night has 7 real hours between 22:00
	 * and 06:00), on 25 October 03:00 becomes 02:00 (9 real hours). OutSmart and Bouwsoft both keep wall-clock
	 * times without a zone, so the booking keeps the wall clock the technician wrote: 8 hours both nights, the
	 * same as OutSmart's own TotalTime. Converting to real elapsed time would make the two systems disagree.
	 */
	it.each([
		['spring forward', '28-03-2026', 7],
		['fall back', '24-10-2026', 9],
	])('DST night (%s, %s): the wall clock is booked as written', (_name, workDate, realHours) => {
		const date = parseWorkDate(workDate)!;
		const lines = asBouwsoft(segments(date, '22:00', '06:00'));
		expect(lines).toEqual([
			{ date, from: 22, to: 24, break: 0 },
			{ date: addDays(date, 1), from: 0, to: 6, break: 0 },
		]);
		const booked = lines.reduce((sum, l) => sum + l.to - l.from - l.break, 0);
		expect(booked).toBe(8);
		// What really passed in Brussels that night (shows why the two differ).
		const start = DateTime.fromISO(`${date}T22:00`, { zone: 'Europe/Brussels' });
		const stop = DateTime.fromISO(`${addDays(date, 1)}T06:00`, { zone: 'Europe/Brussels' });
		expect(stop.diff(start, 'hours').hours).toBe(realHours);
	});

	it('a period inside the missing spring hour (01:30–03:30 on 29 March) is booked as two wall-clock hours', () => {
		expect(asBouwsoft(segments('2026-03-29', '01:30', '03:30'))).toEqual([{ date: '2026-03-29', from: 1.5, to: 3.5, break: 0 }]);
	});

	it('a period inside the repeated autumn hour (02:15–02:45 on 25 October) is booked once, as written', () => {
		expect(asBouwsoft(segments('2026-10-25', '02:15', '02:45'))).toEqual([{ date: '2026-10-25', from: 2.25, to: 2.75, break: 0 }]);
	});
});
