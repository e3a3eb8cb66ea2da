import { completePass, forgettableUpTo, newPass, noteRead, noteReads, setCeiling, suspendPass } from '../../../nodes/Bouwsoft/sync/cursor/pass';
import type { PassRead } from '../../../nodes/Bouwsoft/sync/cursor/pass';
import { emptyState } from '../../../nodes/Bouwsoft/sync/cursor/state';
import type { PassState, SyncState } from '../../../nodes/Bouwsoft/sync/cursor/state';
import { mulberry32 } from './fakeClient';

const BXL = 'Europe/Brussels';

/** A wall time `minutes` after 2024-10-26 23:00, so the window spans the fall-back hour (02:00–03:00 twice). */
function wall(minutes: number, seconds = 0): string {
	const d = new Date(Date.UTC(2024, 9, 26, 23, 0, 0) + minutes * 60_000 + seconds * 1000);
	return d.toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * `noteReads` hashes only the reads that may stay in the overlap window. Whatever it leaves out must be
 * exactly what the cursor would have dropped anyway: the committed state has to be the one of hashing
 * every read (`noteRead` on each), in any zone, across a daylight-saving change, with or without ceiling.
 */
describe('cursor: content hashes only inside the overlap window', () => {
	it.each(Array.from({ length: 300 }, (_, i) => 5000 + i))('seed %i: same committed state as hashing every read', (seed) => {
		const random = mulberry32(seed);
		const zone = random() < 0.7 ? BXL : 'UTC';
		const settings = { overlapSeconds: Math.floor(random() * 4) * 120, timeZone: zone };
		const span = 300; // minutes
		let state: SyncState = emptyState('fp');
		if (random() < 0.7) state = { ...state, initialized: true, cursor: { raw: wall(Math.floor(random() * span)), utc: '' } };
		if (random() < 0.2) state = { ...state, floor: wall(Math.floor(random() * 60)) };
		const all = newPass('changes', null, new Date());
		const lazy = newPass('changes', null, new Date());
		if (random() < 0.6) {
			const ceiling = random() < 0.2 ? null : wall(Math.floor(random() * span), Math.floor(random() * 60));
			setCeiling(all, ceiling);
			setCeiling(lazy, ceiling);
		}
		const hashed = new Set<string>();
		let id = 0;
		const pages = 1 + Math.floor(random() * 6);
		for (let p = 0; p < pages; p++) {
			const reads: PassRead[] = [];
			for (let i = 0; i < 1 + Math.floor(random() * 6); i++) {
				const readId = String(++id);
				const ts = wall(Math.floor(random() * span), Math.floor(random() * 3));
				const hash = `h${readId}`;
				noteRead(all, readId, ts, hash);
				reads.push({ id: readId, ts, hash: () => (hashed.add(readId), hash) });
			}
			noteReads(state, lazy, reads, settings);
			// A pass set aside after a page keeps at least what hashing everything would keep.
			const suspendedAll = suspendPass(state, structuredClone(all), settings).pass as PassState;
			const suspendedLazy = suspendPass(state, structuredClone(lazy), settings).pass as PassState;
			for (const [key, value] of Object.entries(suspendedAll.seen)) expect(suspendedLazy.seen[key]).toBe(value);
			expect(suspendedLazy.maxSeen).toBe(suspendedAll.maxSeen);
		}
		const expected = completePass(state, all, settings);
		const actual = completePass(state, lazy, settings);
		expect(actual).toEqual(expected);
		// Every read the committed state remembers was hashed; with a cursor to start from, not every read was.
		for (const key of Object.keys(expected.seen)) expect(hashed.has(key)).toBe(true);
	});

	it('skips most hashes over many seeds (the point of it)', () => {
		let hashed = 0;
		let reads = 0;
		const settings = { overlapSeconds: 120, timeZone: BXL };
		for (let seed = 0; seed < 50; seed++) {
			const random = mulberry32(seed);
			const state = { ...emptyState('fp'), initialized: true, cursor: { raw: wall(200), utc: '' } };
			const pass = newPass('changes', null, new Date());
			setCeiling(pass, wall(290));
			for (let p = 0; p < 5; p++) {
				const page: PassRead[] = Array.from({ length: 20 }, (_, i) => ({
					id: `${p}-${i}`,
					ts: wall(Math.floor(random() * 290)),
					hash: () => (hashed++, 'h'),
				}));
				reads += page.length;
				noteReads(state, pass, page, settings);
			}
		}
		expect(hashed).toBeLessThan(reads / 2);
	});

	it('keeps a read the window of a cursor in the repeated hour still needs (fall back, Brussels)', () => {
		const settings = { overlapSeconds: 120, timeZone: BXL };
		const state = { ...emptyState('fp'), initialized: true, cursor: { raw: '2024-10-27 01:00:00', utc: '' } };
		const pass = newPass('changes', null, new Date());
		setCeiling(pass, '2024-10-27 02:30:00');
		noteReads(state, pass, [{ id: '1', ts: '2024-10-27 01:59:00', hash: 'a' }], settings);
		// The cursor reached so far (01:59) has its window from 01:57; this read is below it …
		noteReads(state, pass, [{ id: '2', ts: '2024-10-27 01:50:00', hash: 'b' }], settings);
		// … but the pass goes on into the repeated hour, whose window reaches back over that hour.
		noteReads(state, pass, [{ id: '3', ts: '2024-10-27 02:30:00', hash: 'c' }], settings);
		const next = completePass(state, pass, settings);
		expect(next.cursor?.raw).toBe('2024-10-27 02:30:00');
		expect(next.seen).toEqual({ '1': '2024-10-27 01:59:00#a', '2': '2024-10-27 01:50:00#b', '3': '2024-10-27 02:30:00#c' });
	});

	it('hashes no read of a large first import below the window of its ceiling', () => {
		const settings = { overlapSeconds: 300, timeZone: 'UTC' };
		const state = emptyState('fp');
		const pass = newPass('full', null, new Date());
		setCeiling(pass, '2025-03-01 12:00:00');
		const hashed: string[] = [];
		const page = (from: number, ts: (i: number) => string): PassRead[] =>
			Array.from({ length: 100 }, (_, i) => ({ id: String(from + i), ts: ts(i), hash: () => (hashed.push(String(from + i)), `h${from + i}`) }));
		// Page 1 reaches a cursor; from page 2 on, old records are not hashed, recent ones are.
		noteReads(state, pass, page(1, (i) => `2024-0${1 + (i % 9)}-15 08:00:00`), settings);
		const afterFirst = hashed.length;
		noteReads(state, pass, page(101, (i) => (i < 3 ? `2025-03-01 11:5${7 + i}:00` : `2024-06-${10 + (i % 20)} 08:00:00`)), settings);
		expect(hashed.slice(afterFirst)).toEqual(['101', '102', '103']);
		expect(forgettableUpTo(state, pass, settings)).toBe('2025-03-01 09:54:00');
		const next = completePass(state, pass, settings);
		expect(Object.keys(next.seen).sort()).toEqual(['101', '102', '103']);
	});
});
