import type { IDataObject } from 'n8n-workflow';

import {
	LEDGER_FIELD,
	forget,
	pendingCount,
	pendingEntry,
	pendingIds,
	recordFailure,
	recordSuccess,
} from '../../../nodes/shared/syncLedger';

describe('sync ledger', () => {
	it('records a failure, counts attempts and keeps the first failure time', () => {
		const data: IDataObject = {};
		recordFailure(data, 'materials', '17', 'H.018', 'OutSmart unreachable', { now: new Date('2026-01-01T10:00:00Z') });
		recordFailure(data, 'materials', '17', 'H.018', 'still down', { now: new Date('2026-01-01T10:05:00Z') });
		const entry = pendingEntry(data, 'materials', '17');
		expect(entry).toEqual({
			key: 'H.018',
			attempts: 2,
			firstFailedAt: '2026-01-01T10:00:00.000Z',
			lastFailedAt: '2026-01-01T10:05:00.000Z',
			lastError: 'still down',
		});
		expect(pendingIds(data, 'materials')).toEqual(['17']);
		expect(pendingIds(data, 'relations')).toEqual([]);
	});

	it('lists pending ids oldest failure first and removes them on success', () => {
		const data: IDataObject = {};
		recordFailure(data, 'relations', 'b', 'B', 'x', { now: new Date('2026-01-02T00:00:00Z') });
		recordFailure(data, 'relations', 'a', 'A', 'x', { now: new Date('2026-01-01T00:00:00Z') });
		recordFailure(data, 'projects', 'p', 'P-1', 'x', { now: new Date('2026-01-01T00:00:00Z') });
		expect(pendingIds(data, 'relations')).toEqual(['a', 'b']);
		expect(pendingCount(data)).toBe(3);
		recordSuccess(data, 'relations', 'a');
		forget(data, 'projects', 'p');
		expect(pendingIds(data, 'relations')).toEqual(['b']);
		expect(pendingCount(data, 'projects')).toBe(0);
		expect(pendingCount(data)).toBe(1);
	});

	it('survives JSON round trips (static data is stored as JSON) and ignores unknown formats', () => {
		const data: IDataObject = {};
		recordFailure(data, 'employees', '5', '105', 'boom');
		const restored = JSON.parse(JSON.stringify(data)) as IDataObject;
		expect(pendingIds(restored, 'employees')).toEqual(['5']);

		const foreign: IDataObject = { [LEDGER_FIELD]: { version: 99, something: true } };
		expect(pendingIds(foreign, 'employees')).toEqual([]);
		recordFailure(foreign, 'employees', '6', '106', 'boom');
		expect(pendingIds(foreign, 'employees')).toEqual(['6']);
	});

	it('truncates long error texts so the static data stays small', () => {
		const data: IDataObject = {};
		recordFailure(data, 'materials', '1', 'X', 'e'.repeat(5000));
		expect(pendingEntry(data, 'materials', '1')?.lastError.length).toBe(300);
	});

	it('retries transient failures on every poll and data failures after a growing pause', () => {
		const data: IDataObject = {};
		const t0 = new Date('2026-03-01T08:00:00Z');
		const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);
		recordFailure(data, 'projects', 'down', 'P-1', 'OutSmart unreachable', { now: t0 });
		recordFailure(data, 'projects', 'bad', 'P-2', 'Project has no client', { kind: 'data', now: t0 });
		expect(pendingIds(data, 'projects', minutes(1))).toEqual(['down']);
		expect(pendingIds(data, 'projects', minutes(5))).toEqual(['down', 'bad']);
		// second data failure: 10 minutes pause
		recordFailure(data, 'projects', 'bad', 'P-2', 'Project has no client', { kind: 'data', now: minutes(5) });
		expect(pendingIds(data, 'projects', minutes(14))).toEqual(['down']);
		expect(pendingIds(data, 'projects', minutes(15))).toEqual(['down', 'bad']);
		// never more than a day, however often it failed
		for (let i = 0; i < 20; i++) recordFailure(data, 'projects', 'bad', 'P-2', 'x', { kind: 'data', now: minutes(15) });
		expect(pendingIds(data, 'projects', minutes(15 + 24 * 60))).toContain('bad');
		// a later transient failure of the same record makes it due on every poll again
		recordFailure(data, 'projects', 'bad', 'P-2', 'time-out', { now: minutes(20) });
		expect(pendingIds(data, 'projects', minutes(21))).toEqual(['down', 'bad']);
		expect(pendingCount(data, 'projects')).toBe(2);
	});

	it('recordSuccess on an empty ledger is a no-op', () => {
		const data: IDataObject = {};
		recordSuccess(data, 'materials', '1');
		expect(data).toEqual({});
	});
});
