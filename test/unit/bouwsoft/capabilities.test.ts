/**
 * Server knowledge (transport/capabilities.ts) and keyset paging emulated on offsets
 * (transport/offsetPaging.ts): pure, no server. The offset reader below follows BouwsoftClient's offset
 * read (pageReads.ts) over an in-memory table that changes between requests.
 */
import {
	CAPABILITY_TEXT,
	describeKnowledge,
	emptyKnowledge,
	isFallbackPath,
	readKnowledge,
} from '../../../nodes/Bouwsoft/transport/capabilities';
import { nextOffset, placePage, startPosition } from '../../../nodes/Bouwsoft/transport/offsetPaging';
import { newSummary, summaryText } from '../../../nodes/Bouwsoft/sync/summary';
import { mulberry32 } from './fakeClient';

describe('server knowledge', () => {
	it('reads stored knowledge field by field and drops anything odd', () => {
		expect(readKnowledge(undefined)).toEqual(emptyKnowledge());
		expect(readKnowledge('x')).toEqual(emptyKnowledge());
		expect(
			readKnowledge({
				capabilities: { idFilter: false, sortById: true, columns: 'no', unknownThing: true },
				maxLimit: 500,
				served: { Products: 100, Jobs: -1, Addresses: 2.5, Employees: '7' },
				totalsCountTable: true,
				extra: 1,
			}),
		).toEqual({ capabilities: { idFilter: false, sortById: true }, maxLimit: 500, served: { Products: 100 }, totalsCountTable: true });
		expect(readKnowledge({ maxLimit: 0, totalsCountTable: 'yes' })).toEqual(emptyKnowledge());
		// The trigger's state of earlier versions ({served, totalsCountTable}) reads the same way.
		expect(readKnowledge({ served: { Products: 1000 }, totalsCountTable: false })).toEqual({ capabilities: {}, served: { Products: 1000 }, totalsCountTable: false });
	});

	it('describes what a run used in plain words, in a fixed order; fallbacks are recognised', () => {
		const lines = describeKnowledge({ capabilities: { sortById: true, idFilter: false }, maxLimit: 250, served: {}, totalsCountTable: false });
		expect(lines).toEqual([
			`Paging: ${CAPABILITY_TEXT.idFilter.no}`,
			`Order: ${CAPABILITY_TEXT.sortById.yes}`,
			'Page size: a larger limit was refused, pages of at most 250 records are read',
		]);
		expect(lines.map(isFallbackPath)).toEqual([true, false, true]);
		expect(describeKnowledge(emptyKnowledge())).toEqual([]);
		expect(isFallbackPath(`Columns: ${CAPABILITY_TEXT.columns.yes}`)).toBe(false);
		expect(isFallbackPath(`Distinct: ${CAPABILITY_TEXT.distinct.no}`)).toBe(true);
	});

	it('the run summary line names the paths only when one is a fallback', () => {
		const usual = newSummary('materials', 'poll');
		usual.paths = [`Paging: ${CAPABILITY_TEXT.idFilter.yes}`];
		expect(summaryText(usual)).not.toContain('Paging');
		const unusual = newSummary('materials', 'poll');
		unusual.paths = [`Paging: ${CAPABILITY_TEXT.idFilter.no}`, `Order: ${CAPABILITY_TEXT.sortById.yes}`];
		expect(summaryText(unusual)).toMatch(/Read with fallbacks: Paging: filters on id do not work[^;]*\.$/);
		expect(summaryText(unusual)).not.toContain('Order');
	});
});

interface Scenario {
	/** The ids of the selection now (ascending). */
	table: number[];
	limit: number;
	/** Changes the table between two requests. */
	change?(table: number[], request: number): number[];
	afterId?: number;
}

/** Reads `table` by offset the way the client does; returns the ids handed out and the requests made. */
function readByOffset({ table: start, limit, change, afterId }: Scenario): { handed: number[]; requests: number } {
	let table = start;
	let position = startPosition(0, limit);
	let lastId = afterId;
	const handed: number[] = [];
	for (let requests = 1; requests < 10_000; requests++) {
		const offset = nextOffset(position);
		const page = table.slice(offset, offset + limit);
		// The server's Content-Range: more after this page?
		const more = offset + page.length < table.length;
		table = change ? change(table, requests) : table;
		const placed = placePage(position, offset, page, lastId, limit);
		position = placed.position;
		const { place } = placed;
		if (place.kind === 'end') return { handed, requests };
		if (place.kind === 'new') {
			handed.push(...page.slice(place.from));
			lastId = page[page.length - 1];
		}
		if ((place.kind === 'new' || place.kind === 'behind') && !more) return { handed, requests };
	}
	throw new Error('the read did not end');
}

const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('keyset paging emulated on offsets', () => {
	it('an unchanged table: every id once, pages overlapping by one record', () => {
		const { handed, requests } = readByOffset({ table: ids(1, 95), limit: 10 });
		expect(handed).toEqual(ids(1, 95));
		// 95 records, 9 new ones per page after the first: 11 pages.
		expect(requests).toBe(11);
	});

	it('records deleted before the position between two pages: steps back, nothing skipped', () => {
		const { handed } = readByOffset({
			table: ids(1, 60),
			limit: 10,
			// After the second page (ids 10–19), 9 records it and the first page held go.
			change: (table, request) => (request === 2 ? table.filter((id) => id > 18 || id % 2 === 1) : table),
		});
		expect(handed).toEqual(ids(1, 60));
	});

	it('everything before the position deleted, and records added at the end: still every record', () => {
		const { handed } = readByOffset({
			table: ids(1, 40),
			limit: 10,
			change: (table, request) => (request === 3 ? [...table.filter((id) => id > 25), 41, 42] : table),
		});
		expect(handed).toEqual(ids(1, 42));
	});

	it('a resumed read finds its position from the ids it sees (a request or two, not one per page)', () => {
		const { handed, requests } = readByOffset({ table: ids(1, 100_000), limit: 100, afterId: 73_456 });
		expect(handed).toEqual(ids(73_457, 100_000));
		const pagesToRead = Math.ceil((100_000 - 73_456) / 99);
		expect(requests).toBeLessThanOrEqual(pagesToRead + 3);
	});

	it('ids spread unevenly (dense, then sparse): still found in a few requests by galloping and bisecting', () => {
		const table = [...ids(1, 20_000), ...ids(1, 5_000).map((i) => 20_000 + i * 37)];
		const afterId = 20_000 + 4_000 * 37;
		const { handed, requests } = readByOffset({ table, limit: 100, afterId });
		expect(handed).toEqual(table.filter((id) => id > afterId));
		const pagesToRead = Math.ceil(1_000 / 99);
		expect(requests).toBeLessThanOrEqual(pagesToRead + 25);
	});

	it('an empty selection ends on the first answer', () => {
		expect(readByOffset({ table: [], limit: 10 })).toEqual({ handed: [], requests: 1 });
	});

	it('random deletions and insertions between pages: every id present throughout is handed out once, in order', () => {
		for (let seed = 1; seed <= 300; seed++) {
			const random = mulberry32(seed);
			const size = 1 + Math.floor(random() * 120);
			const limit = 2 + Math.floor(random() * 15);
			let next = size + 1;
			const removed = new Set<number>();
			const table = ids(1, size);
			const afterId = random() < 0.3 ? Math.floor(random() * size) : undefined;
			const { handed } = readByOffset({
				table,
				limit,
				afterId,
				change: (current) => {
					let out = current;
					if (random() < 0.4) {
						const drop = Math.floor(random() * Math.min(out.length, 2 * limit));
						for (let i = 0; i < drop; i++) {
							const victim = out[Math.floor(random() * out.length)];
							removed.add(victim);
							out = out.filter((id) => id !== victim);
						}
					}
					if (random() < 0.3) out = [...out, next++];
					return out;
				},
			});
			const throughout = table.filter((id) => !removed.has(id) && (afterId === undefined || id > afterId));
			const counts = new Map<number, number>();
			for (const id of handed) counts.set(id, (counts.get(id) ?? 0) + 1);
			expect({ seed, missing: throughout.filter((id) => !counts.has(id)) }).toEqual({ seed, missing: [] });
			expect({ seed, twice: [...counts].filter(([, n]) => n > 1) }).toEqual({ seed, twice: [] });
			expect(handed).toEqual([...handed].sort((a, b) => a - b));
		}
	});
});
