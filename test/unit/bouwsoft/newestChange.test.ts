/**
 * newestChange (sync/selection.ts): the newest ts_lastupdate of a selection with or without a working
 * `sort=-ts_lastupdate`, against a small in-memory list endpoint (the node tests run it against the
 * simulator variants). Every answer must be the true newest change; what is learned must be what happened.
 */
import type { IDataObject } from 'n8n-workflow';

import { findNewestChange, newestChange } from '../../../nodes/Bouwsoft/sync/selection';
import type { BouwsoftClient } from '../../../nodes/Bouwsoft/transport/client';
import { evaluateFilter } from '../../../nodes/Bouwsoft/transport/query';
import type { FilterExpr } from '../../../nodes/Bouwsoft/transport/query';
import type { ListQuery } from '../../../nodes/Bouwsoft/transport/types';
import { mulberry32 } from './fakeClient';

type SortMode = 'honour' | 'ignore' | 'reject400' | 'reject500';

interface Endpoint {
	client: BouwsoftClient;
	records: IDataObject[];
	queries: ListQuery[];
	learned: Record<string, boolean>;
	/** Runs once, after the next answer to a sorted request (a record saved in between). */
	afterSorted?: () => void;
	/** Every request without sort fails too (the server is down). */
	down: boolean;
}

const httpError = (status: number) => Object.assign(new Error(`HTTP ${status}`), { httpCode: String(status) });

function endpoint(sort: SortMode, records: IDataObject[], pageSize = 3, known: Record<string, boolean> = {}): Endpoint {
	const state: Endpoint = { records, queries: [], learned: { ...known }, down: false, client: undefined as never };
	state.client = {
		options: { pageSize },
		known: { capabilities: state.learned, served: {}, totalsCountTable: false },
		limitFor: (size?: number) => size ?? pageSize,
		can: (cap: string) => state.learned[cap],
		learn: (cap: string, works: boolean) => {
			state.learned[cap] = works;
		},
		list: async (_resource: string, query: ListQuery = {}) => {
			state.queries.push(query);
			if (query.sort && sort === 'reject400') throw httpError(400);
			if (query.sort && sort === 'reject500') throw httpError(500);
			if (state.down) throw httpError(503);
			let rows = state.records.filter((r) => !query.filter || evaluateFilter(r, query.filter));
			if (query.sort === '-ts_lastupdate' && sort === 'honour') rows = [...rows].sort((a, b) => String(b.ts_lastupdate).localeCompare(String(a.ts_lastupdate)));
			const page = rows.slice(query.offset ?? 0, (query.offset ?? 0) + (query.limit ?? rows.length));
			if (query.sort) {
				const hook = state.afterSorted;
				state.afterSorted = undefined;
				hook?.();
			}
			return { records: page, received: page.length };
		},
		// One page as a poll reads it (ids ascending); the scan only ever takes the first.
		async *pages(resource: string, options: { filter?: FilterExpr } = {}) {
			const page = await state.client.list(resource, { filter: options.filter, limit: pageSize });
			yield { records: page.records, done: page.records.length < pageSize };
		},
	} as unknown as BouwsoftClient;
	return state;
}

const ts = (minute: number, second = 0) => `2025-03-31 10:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}`;

/** `n` records, ids ascending, ts in a random order (seeded), all distinct. */
function shuffled(n: number, seed: number): IDataObject[] {
	const random = mulberry32(seed);
	const minutes = Array.from({ length: n }, (_, i) => i);
	for (let i = n - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[minutes[i], minutes[j]] = [minutes[j], minutes[i]];
	}
	return minutes.map((m, i) => ({ id: i + 1, list: i % 2 ? 'VERF' : 'HOUT', ts_lastupdate: ts(m) }));
}

const newestOf = (records: IDataObject[], filter?: FilterExpr) =>
	records
		.filter((r) => !filter || evaluateFilter(r, filter))
		.map((r) => String(r.ts_lastupdate))
		.sort()
		.at(-1) ?? null;

describe('newestChange', () => {
	const records = shuffled(40, 7);

	it('a working sort: one sorted request and the check that nothing is newer; learned', async () => {
		const e = endpoint('honour', records);
		expect(await newestChange(e.client, 'Products', undefined)).toBe(newestOf(records));
		expect(e.queries.map((q) => [q.sort, q.limit])).toEqual([
			['-ts_lastupdate', 5],
			[undefined, 1],
		]);
		expect(e.learned).toEqual({ sortByChange: true });
	});

	it('an ignored sort (answers in id order) is seen in the order, learned, and the scan finds the newest', async () => {
		for (const seed of [1, 2, 3, 4, 5]) {
			const data = shuffled(40, seed);
			const e = endpoint('ignore', data);
			expect(await newestChange(e.client, 'Products', undefined)).toBe(newestOf(data));
			expect(e.learned).toEqual({ sortByChange: false });
			expect(e.queries.filter((q) => q.sort).length).toBe(1);
		}
	});

	it.each(['reject400', 'reject500'] as const)('a refused sort (%s): the read without it answers, so it is learned; the scan finds the newest', async (mode) => {
		const filter: FilterExpr = { field: 'list', op: 'eq', value: 'VERF' };
		const e = endpoint(mode, records);
		expect(await newestChange(e.client, 'Products', filter)).toBe(newestOf(records, filter));
		expect(e.learned).toEqual({ sortByChange: false });
		// Every request carries the selection; the sort is asked once (a 400), or once more after the read
		// without it answered (a 500: maybe a passing one).
		expect(e.queries.every((q) => JSON.stringify(q.filter).includes('VERF'))).toBe(true);
		expect(e.queries.map((q) => q.sort ?? '')).toEqual(
			mode === 'reject400' ? ['-ts_lastupdate', '', '', ''] : ['-ts_lastupdate', '', '-ts_lastupdate', '', ''],
		);
	});

	it('a passing 500: asked once more after the read without sort answered, its answer used, nothing learned', async () => {
		const e = endpoint('honour', records);
		let failures = 1; // the first ask (with its attempts inside the client)
		const list = e.client.list.bind(e.client);
		(e.client as unknown as { list: typeof list }).list = async (resource, query = {}, call) => {
			if (query.sort && failures-- > 0) {
				e.queries.push(query);
				throw httpError(500);
			}
			return await list(resource, query, call);
		};
		expect(await newestChange(e.client, 'Products', undefined)).toBe(newestOf(records));
		expect(e.learned).toEqual({ sortByChange: true });
		expect(e.queries.map((q) => [q.sort, q.limit])).toEqual([
			['-ts_lastupdate', 5],
			[undefined, 3],
			['-ts_lastupdate', 5],
			[undefined, 1],
		]);
	});

	it('a server that is down: the error of the read without sort, nothing learned', async () => {
		const e = endpoint('reject500', records);
		e.down = true;
		await expect(newestChange(e.client, 'Products', undefined)).rejects.toThrow('HTTP 503');
		expect(e.learned).toEqual({});
	});

	it('known not to sort: no sorted request at all', async () => {
		const e = endpoint('honour', records, 3, { sortByChange: false });
		expect(await newestChange(e.client, 'Products', undefined)).toBe(newestOf(records));
		expect(e.queries.some((q) => q.sort)).toBe(false);
	});

	it('a record saved between the sorted answer and the check: the newer one is found, nothing learned', async () => {
		const data = shuffled(10, 3);
		const e = endpoint('honour', data);
		e.afterSorted = () => data.push({ id: 99, list: 'HOUT', ts_lastupdate: ts(59, 59) });
		expect(await newestChange(e.client, 'Products', undefined)).toBe(ts(59, 59));
		expect(e.learned).toEqual({});
	});

	it('the scan ends on any order: ascending ts costs one request per page newer than the start', async () => {
		const ascending = Array.from({ length: 12 }, (_, i) => ({ id: i + 1, ts_lastupdate: ts(i) }));
		const e = endpoint('reject400', ascending, 4);
		expect(await newestChange(e.client, 'Products', undefined)).toBe(ts(11));
		// The refused sort, then pages of 4 (the first is the control), then the empty answer.
		expect(e.queries.length).toBe(1 + 3 + 1);
	});

	it('an empty selection: null, whatever the sort does', async () => {
		for (const mode of ['honour', 'ignore', 'reject400'] as const) {
			expect(await newestChange(endpoint(mode, []).client, 'Products', undefined)).toBeNull();
		}
	});

	it('for a baseline: the sorted answer comes back only when it is sorted and nothing is newer', async () => {
		const sorted = await findNewestChange(endpoint('honour', records).client, 'Products', undefined, 10);
		expect(sorted.sorted?.records.map((r) => r.ts_lastupdate)).toEqual(records.map((r) => String(r.ts_lastupdate)).sort().reverse().slice(0, 10));
		const ignored = await findNewestChange(endpoint('ignore', records).client, 'Products', undefined, 10);
		expect(ignored).toEqual({ ts: newestOf(records) });
	});
});
