/**
 * What Content-Range's total counts is unknown for real Bouwsoft (reference §3.1): the records the filter
 * selects (`contentRangeTotal: 'filtered'`) or the whole table (`'table'`). Under both, every poll must read
 * exactly the selected records, end (an empty answer is the end), cost at most one request more per read
 * than the filtered reading, and a quiet poll at most one request per resource. Real trigger against the
 * simulator.
 */
import type { IDataObject } from 'n8n-workflow';

import { clearRememberedStates } from '../../../nodes/Bouwsoft/sync/cursor/memory';
import type { BouwsoftRecord, BouwsoftSimulatorOptions } from '../../simulators/bouwsoft';
import { ids, jsonOf, syncOf, triggerEnv } from './helpers';
import type { TriggerEnv } from './helpers';

const TOTALS = ['filtered', 'table'] as const;
type Total = (typeof TOTALS)[number];

async function withEnv<T>(options: BouwsoftSimulatorOptions, run: (env: TriggerEnv) => Promise<T>): Promise<T> {
	clearRememberedStates();
	const env = await triggerEnv(options);
	env.sim.clock.set(new Date('2025-03-31T09:00:00Z'));
	try {
		return await run(env);
	} finally {
		await env.close();
	}
}

/** Runs the same scenario under both readings of the total. */
async function underBoth<T>(options: BouwsoftSimulatorOptions, run: (env: TriggerEnv) => Promise<T>): Promise<Record<Total, T>> {
	return {
		filtered: await withEnv({ ...options, contentRangeTotal: 'filtered' }, run),
		table: await withEnv({ ...options, contentRangeTotal: 'table' }, run),
	};
}

const dataRequests = (env: TriggerEnv, resource?: string) =>
	env.sim.requests.filter((r) => r.resource !== 'Authorize' && (resource === undefined || r.resource === resource));
const idsOf = (records: readonly BouwsoftRecord[]) => records.map((r) => String(r.id)).sort();
const retriesOf = (items: IDataObject[]) => syncOf(items[0]).summary?.httpRetries;
/** What the trigger learned about the server's paging (sync/serverMemory.ts: one entry per credential). */
const pagingKnown = (env: TriggerEnv) => {
	const nodeData = Object.values(env.staticData).find((v) => (v as IDataObject)?.bouwsoftServer) as { bouwsoftServer: Record<string, IDataObject> };
	const [known] = Object.values(nodeData.bouwsoftServer);
	return { served: known.served, totalsCountTable: known.totalsCountTable };
};

/** A poll with nothing new: no output; returns the requests per resource. */
async function quietPoll(env: TriggerEnv, params: IDataObject): Promise<Record<string, number>> {
	env.sim.clock.advanceSeconds(60);
	env.sim.resetRequests();
	const quiet = await env.poll(params as never);
	expect(quiet.error).toBeUndefined();
	expect(quiet.output).toBeNull();
	const perResource: Record<string, number> = {};
	for (const r of dataRequests(env)) perResource[r.resource] = (perResource[r.resource] ?? 0) + 1;
	expect(Object.keys(perResource).length).toBeGreaterThan(0);
	return perResource;
}

async function expectQuietPoll(env: TriggerEnv, params: IDataObject) {
	for (const [resource, count] of Object.entries(await quietPoll(env, params))) expect([resource, count]).toEqual([resource, 1]);
}

describe('Content-Range total: the filtered result or the whole table', () => {
	it('full import of a filtered list (pages of 10, last page short): the same records, at most one request more', async () => {
		const params = { category: 'materials', productLists: ['ELEKTRO'], options: { pageSize: 10 } };
		const runs = await underBoth({}, async (env) => {
			const items = jsonOf(await env.poll(params));
			const expected = idsOf(env.sim.store.all('Products').filter((p) => p.list === 'ELEKTRO'));
			return { got: ids(items).sort(), expected, requests: dataRequests(env, 'Products').length, retries: retriesOf(items) };
		});
		for (const total of TOTALS) {
			expect(runs[total].expected.length).toBeGreaterThan(10);
			expect(runs[total].got).toEqual(runs[total].expected);
			expect(runs[total].retries).toBe(0);
		}
		expect(runs.table.requests).toBeLessThanOrEqual(runs.filtered.requests + 1);
	});

	it.each(TOTALS)('full import of everything, an empty selection, then a quiet poll (total: %s)', async (contentRangeTotal) => {
		await withEnv({ contentRangeTotal }, async (env) => {
			const params = { category: 'materials', options: { pageSize: 10 } };
			const items = jsonOf(await env.poll(params));
			expect(ids(items).sort()).toEqual(idsOf(env.sim.store.all('Products')));
			expect(retriesOf(items)).toBe(0);
			await expectQuietPoll(env, params);
			env.sim.resetRequests();
			const none = await env.poll({ category: 'materials', productLists: ['GEEN-LIJST'] });
			expect(none.error).toBeUndefined();
			expect(none.output).toBeNull();
			expect(dataRequests(env, 'Products').length).toBe(1);
		});
	});

	it('incremental polls (2 edits, then 6): exactly the edited records, at most one request more, no ceiling probe', async () => {
		const params = { category: 'materials', productLists: ['ELEKTRO'], options: { pageSize: 10 } };
		const runs = await underBoth({}, async (env) => {
			jsonOf(await env.poll(params));
			const elektro = env.sim.store.all('Products').filter((p) => p.list === 'ELEKTRO');
			const other = env.sim.store.all('Products').find((p) => p.list !== 'ELEKTRO')!;
			const result: Array<{ got: string[]; expected: string[]; requests: number; probes: number }> = [];
			for (const edits of [2, 6]) {
				env.sim.clock.advanceSeconds(300);
				env.sim.resetRequests();
				const edited = elektro.slice(0, edits);
				for (const p of edited) env.sim.store.update('Products', p.id, { description: `nieuw ${edits}` });
				env.sim.store.update('Products', other.id, { description: `elders ${edits}` });
				const items = jsonOf(await env.poll(params));
				expect(items.every((i) => i.description === `nieuw ${edits}`)).toBe(true);
				const requests = dataRequests(env, 'Products');
				result.push({
					got: ids(items).sort(),
					expected: idsOf(edited),
					requests: requests.length,
					probes: requests.filter((r) => r.query.sort === '-ts_lastupdate').length,
				});
			}
			// The overlap window behind the cursor now holds the 6 records edited in the same second; a quiet
			// poll reads them again. Under a table-wide total that page announces more, and the next (empty)
			// answer confirms it was the last: what earlier polls saw is never trusted to end a read, because a
			// server may lower its page cap at any time.
			const quiet = await quietPoll(env, params);
			const state = Object.values(env.staticData).find((v) => (v as IDataObject)?.bouwsoft) as { bouwsoft: IDataObject };
			expect(state.bouwsoft.paging).toBeUndefined();
			return { polls: result, quiet: quiet.Products, paging: pagingKnown(env) };
		});
		expect(runs.filtered.quiet).toBe(1);
		expect(runs.table.quiet).toBe(2);
		expect(runs.table.paging).toEqual({ served: { Products: 10 }, totalsCountTable: true });
		expect(runs.filtered.paging).toEqual({ served: { Products: 10 }, totalsCountTable: false });
		for (const total of TOTALS) {
			for (const poll of runs[total].polls) {
				expect(poll.got).toEqual(poll.expected);
				expect(poll.probes).toBe(0);
			}
		}
		runs.table.polls.forEach((poll, i) => expect(poll.requests).toBeLessThanOrEqual(runs.filtered.polls[i].requests + 1));
	});

	it('baseline of a filtered list whose records all sit in the overlap window: one look past the snapshot, no re-read', async () => {
		const params = { category: 'materials', productLists: ['ELEKTRO'], firstRun: 'baseline' };
		const runs = await underBoth({}, async (env) => {
			const elektro = env.sim.store.all('Products').filter((p) => p.list === 'ELEKTRO');
			for (const p of elektro) env.sim.store.update('Products', p.id, { description: 'prijslijst 2025' });
			env.sim.clock.advanceSeconds(1);
			const baseline = await env.poll(params);
			expect(baseline.error).toBeUndefined();
			expect(baseline.output).toBeNull();
			const requests = dataRequests(env, 'Products');
			// Never the overlap window read again (the snapshot held all of it); only the one-record check that
			// nothing is newer than the snapshot.
			const afterTs = requests.filter((r) => (r.query.filter ?? '').includes('ts_lastupdate gt'));
			expect(afterTs.map((r) => r.query.limit)).toEqual(['1']);
			env.sim.clock.advanceSeconds(60);
			env.sim.store.update('Products', elektro[2].id, { description: 'na de baseline' });
			expect(ids(jsonOf(await env.poll(params)))).toEqual([String(elektro[2].id)]);
			return requests.length;
		});
		expect(runs.table).toBeLessThanOrEqual(runs.filtered + 1);
	});

	it('a server that caps the page size (25, then 6) is still read to the end, at most one request more', async () => {
		const everything = await underBoth({ maxLimit: 25 }, async (env) => {
			const items = jsonOf(await env.poll({ category: 'materials', options: { pageSize: 500 } }));
			return { got: ids(items).sort(), expected: idsOf(env.sim.store.all('Products')), requests: dataRequests(env, 'Products').length };
		});
		const elektro = await underBoth({ maxLimit: 6 }, async (env) => {
			const params = { category: 'materials', productLists: ['ELEKTRO'], options: { pageSize: 500 } };
			const items = jsonOf(await env.poll(params));
			const result = {
				got: ids(items).sort(),
				expected: idsOf(env.sim.store.all('Products').filter((p) => p.list === 'ELEKTRO')),
				requests: dataRequests(env, 'Products').length,
			};
			await expectQuietPoll(env, params);
			return result;
		});
		for (const runs of [everything, elektro]) {
			for (const total of TOTALS) {
				expect(runs[total].expected.length).toBeGreaterThan(6);
				expect(runs[total].got).toEqual(runs[total].expected);
			}
			expect(runs.table.requests).toBeLessThanOrEqual(runs.filtered.requests + 1);
		}
	});

	it('a capped server whose totals count the table: later polls still read every page (the cap is never taken for the end)', async () => {
		await withEnv({ maxLimit: 25, contentRangeTotal: 'table' }, async (env) => {
			const params = { category: 'materials', options: { pageSize: 500 } };
			expect(ids(jsonOf(await env.poll(params))).sort()).toEqual(idsOf(env.sim.store.all('Products')));
			expect(pagingKnown(env)).toEqual({ served: { Products: 25 }, totalsCountTable: true });
			env.sim.clock.advanceSeconds(60);
			const edited = env.sim.store.all('Products').filter((_, i) => i % 5 !== 0).slice(0, 40);
			expect(edited.length).toBe(40); // two capped pages and a short one
			for (const p of edited) env.sim.store.update('Products', p.id, { description: 'na de cap' });
			const items = jsonOf(await env.poll(params));
			expect(ids(items).sort()).toEqual(idsOf(edited));
		});
	});

	it('relations with contacts: the eligible relations, an address and a contact edit once, quiet polls of one request', async () => {
		const params = { category: 'relations', includeContacts: true };
		const runs = await underBoth({}, async (env) => {
			const first = jsonOf(await env.poll(params));
			const eligible = env.sim.store.all('Addresses').filter((a) => Number(a.clientnr) > 0 && String(a.name).trim() !== '');
			expect(ids(first).sort()).toEqual(idsOf(eligible));
			for (const relation of first) {
				const contacts = env.sim.store.all('AddressContacts').filter((c) => c.address_id === relation.id);
				expect((relation.contacts as IDataObject[]).map((c) => String(c.id)).sort()).toEqual(idsOf(contacts));
			}
			await expectQuietPoll(env, params);
			const contact = env.sim.store.all('AddressContacts').find((c) => eligible.some((a) => a.id === c.address_id && a.id !== eligible[0].id))!;
			env.sim.clock.advanceSeconds(60);
			env.sim.store.update('Addresses', eligible[0].id, { city: 'Aalst' });
			env.sim.store.update('AddressContacts', contact.id, { contact_name: 'Nieuwe naam' });
			env.sim.resetRequests();
			const changed = jsonOf(await env.poll(params));
			expect(ids(changed).sort()).toEqual([String(eligible[0].id), String(contact.address_id)].sort());
			const parent = changed.find((r) => r.id === contact.address_id)!;
			expect((parent.contacts as IDataObject[]).find((c) => c.id === contact.id)?.contact_name).toBe('Nieuwe naam');
			await expectQuietPoll(env, params);
			return dataRequests(env).length;
		});
		expect(runs.table).toBeLessThanOrEqual(runs.filtered + 1);
	});

	it.each(TOTALS)('a server that ignores the keyset filter fails the poll after a bounded number of requests (total: %s)', async (contentRangeTotal) => {
		await withEnv({ contentRangeTotal }, async (env) => {
			const firstSix = env.sim.store.all('Products').slice(0, 6);
			// Every answer: the same 6 records, and a total announcing more.
			env.sim.faults.add({ resource: 'Products', status: 200, body: { 'Content-Range': '0-5/60', Records: firstSix } });
			const failed = await env.poll({ category: 'materials', options: { pageSize: 10 } });
			expect(failed.error?.message).toBe('Bouwsoft did not page Products by id, so records could be skipped');
			// First page, the look past it, the newest-change probe (sorted, then nothing newer): no more.
			expect(dataRequests(env, 'Products').length).toBeLessThanOrEqual(4);
			expect(JSON.stringify(env.staticData)).toBe('{}');
		});
	});
});
