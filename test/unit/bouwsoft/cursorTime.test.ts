import {
	dateToWall,
	earliestInstant,
	lowerBound,
	normalizeTs,
	wallToUtcIso,
} from '../../../nodes/Bouwsoft/sync/cursor/time';
import { completePass, beginPass, isDuplicate, newPass, noteRead, setCeiling } from '../../../nodes/Bouwsoft/sync/cursor/pass';
import { emptyState, loadState, configFingerprint, saveState } from '../../../nodes/Bouwsoft/sync/cursor/state';

const BXL = 'Europe/Brussels';

describe('Bouwsoft wall-clock timestamps', () => {
	it('normalises the formats Bouwsoft and n8n produce', () => {
		expect(normalizeTs('2024-05-01 13:45:00')).toBe('2024-05-01 13:45:00');
		expect(normalizeTs('2024-05-01T13:45:07.000')).toBe('2024-05-01 13:45:07');
		expect(normalizeTs('2024-05-01 13:45')).toBe('2024-05-01 13:45:00');
		expect(normalizeTs('2024-05-01')).toBe('2024-05-01 00:00:00');
		expect(normalizeTs('')).toBeUndefined();
		expect(normalizeTs(42)).toBeUndefined();
	});

	it('stores the cursor as UTC in the configured zone (winter +1, summer +2)', () => {
		expect(wallToUtcIso('2025-01-15 10:00:00', BXL)).toBe('2025-01-15T09:00:00Z');
		expect(wallToUtcIso('2025-07-15 10:00:00', BXL)).toBe('2025-07-15T08:00:00Z');
		expect(wallToUtcIso('2025-07-15 10:00:00', 'UTC')).toBe('2025-07-15T10:00:00Z');
	});

	it('converts a date parameter to wall time: instants are shifted, plain local times kept', () => {
		expect(dateToWall('2025-01-15T09:00:00Z', BXL)).toBe('2025-01-15 10:00:00');
		expect(dateToWall('2025-01-15T09:00:00', BXL)).toBe('2025-01-15 09:00:00');
		expect(dateToWall('', BXL)).toBeUndefined();
	});

	it('subtracts the overlap in real time', () => {
		expect(lowerBound('2025-01-15 10:00:00', 300, BXL)).toBe('2025-01-15 09:55:00');
		// overlap 0 still re-reads the cursor's own second (gt is strict)
		expect(lowerBound('2025-01-15 10:00:00', 0, BXL)).toBe('2025-01-15 09:59:59');
	});

	it('spring forward (2025-03-30 02:00 → 03:00): 5 real minutes before 03:01 is 01:56 wall time', () => {
		expect(lowerBound('2025-03-30 03:01:00', 300, BXL)).toBe('2025-03-30 01:56:00');
		// nothing ambiguous about it
		expect(earliestInstant('2025-03-30 03:01:00', BXL)?.toUTC().toISO()).toBe('2025-03-30T01:01:00.000Z');
	});

	it('fall back (2024-10-27 03:00 → 02:00): a cursor in the repeated hour reaches back over the whole hour', () => {
		// 02:30 happens at 00:30Z (CEST) and 01:30Z (CET)
		expect(earliestInstant('2024-10-27 02:30:00', BXL)?.toUTC().toISO()).toBe('2024-10-27T00:30:00.000Z');
		const lower = lowerBound('2024-10-27 02:30:00', 300, BXL);
		expect(lower).toBe('2024-10-27 01:25:00');
		// A record saved during the second 02:xx pass (e.g. 02:05 CET, after the cursor in real time) is inside.
		expect('2024-10-27 02:05:00' > lower).toBe(true);
		// Outside the repeated hour nothing changes
		expect(lowerBound('2024-10-27 03:30:00', 300, BXL)).toBe('2024-10-27 03:25:00');
		expect(lowerBound('2024-10-27 01:30:00', 300, BXL)).toBe('2024-10-27 01:25:00');
	});

	it('fall back end to end: an edit in the second pass of the hour is not lost and not repeated', () => {
		const settings = { overlapSeconds: 120, timeZone: BXL };
		let state = emptyState('fp');
		state = { ...state, initialized: true, cursor: { raw: '2024-10-27 02:50:00', utc: '' } };
		// Previous poll read record 1 at 02:50 (first pass, CEST)
		state.seen = { '1': '2024-10-27 02:50:00#a' };
		const pass = beginPass(state, settings, 'full', new Date());
		expect(pass.kind).toBe('changes');
		// Record 2 was saved at 02:10 CET — a smaller wall time than the cursor, but later in real time.
		expect('2024-10-27 02:10:00' > (pass.lower as string)).toBe(true);
		expect(isDuplicate(state, '1', '2024-10-27 02:50:00', 'a')).toBe(true);
		expect(isDuplicate(state, '2', '2024-10-27 02:10:00', 'b')).toBe(false);
		noteRead(pass, '1', '2024-10-27 02:50:00', 'a');
		noteRead(pass, '2', '2024-10-27 02:10:00', 'b');
		const next = completePass(state, pass, settings);
		expect(next.cursor?.raw).toBe('2024-10-27 02:50:00');
		// both stay remembered, so the next poll (same extended window) repeats neither
		expect(Object.keys(next.seen).sort()).toEqual(['1', '2']);
	});
});

describe('cursor state', () => {
	it('a fingerprint change resets the state and says so', () => {
		const data = {};
		const fp1 = configFingerprint({ category: 'materials', selection: { lists: ['VERF'] } });
		const fp2 = configFingerprint({ category: 'materials', selection: { lists: ['BOUW'] } });
		expect(fp1).not.toBe(fp2);
		expect(configFingerprint({ b: 1, a: 2 })).toBe(configFingerprint({ a: 2, b: 1 }));
		expect(loadState(data, fp1).reset).toBe('new');
		const state = { ...emptyState(fp1), initialized: true, cursor: { raw: '2025-01-01 00:00:00', utc: 'x' } };
		saveState(data, state);
		expect(loadState(data, fp1)).toEqual({ state, reset: 'none' });
		const changed = loadState(data, fp2);
		expect(changed.reset).toBe('configChanged');
		expect(changed.state.cursor).toBeNull();
	});

	it('the cursor never passes the ceiling of a long read, and keeps the window reads', () => {
		const settings = { overlapSeconds: 60, timeZone: 'UTC' };
		const state = emptyState('fp');
		const pass = newPass('full', null, new Date());
		setCeiling(pass, '2025-01-01 10:00:00');
		noteRead(pass, '1', '2025-01-01 09:00:00', 'h1');
		noteRead(pass, '2', '2025-01-01 09:59:30', 'h2');
		noteRead(pass, '3', '2025-01-01 10:04:00', 'h3'); // edited while the read ran
		const next = completePass(state, pass, settings);
		expect(next.cursor?.raw).toBe('2025-01-01 10:00:00');
		expect(next.seen).toEqual({ '2': '2025-01-01 09:59:30#h2', '3': '2025-01-01 10:04:00#h3' });
		expect(next.pass).toBeUndefined();
		expect(next.initialized).toBe(true);
	});

	it('a floor (from-date / baseline) bounds the window', () => {
		const state = { ...emptyState('fp'), initialized: true, floor: '2025-02-01 00:00:00' };
		expect(beginPass(state, { overlapSeconds: 60, timeZone: 'UTC' }, 'full', new Date()).lower).toBe('2025-02-01 00:00:00');
		const later = { ...state, cursor: { raw: '2025-03-01 00:00:00', utc: '' } };
		expect(beginPass(later, { overlapSeconds: 60, timeZone: 'UTC' }, 'full', new Date()).lower).toBe('2025-02-28 23:59:00');
	});
});
