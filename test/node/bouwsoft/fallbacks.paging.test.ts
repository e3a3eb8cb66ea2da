/**
 * The paging fallbacks (transport/pageReads.ts) against every simulator variant of the request features the
 * reference leaves unconfirmed — id filters, sort=id, page size, columns, distinct — with the real Trigger,
 * side by side with the default simulator on the same seed:
 * - the first poll (a full import over many pages) emits exactly the records it emits on the default server,
 *   each once, for materials (Products, keyset / offset paging) and warehouses (ProductStock, distinct columns);
 * - a second poll after edits emits exactly the edits;
 * - what was learned is stored per credential, the run summary names the path taken, and the second poll
 *   sends no request that probes again;
 * - records deleted before the read position while an offset read runs: nothing skipped.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { Bouwsoft } from '../../../nodes/Bouwsoft/Bouwsoft.node';
import { clearRememberedStates } from '../../../nodes/Bouwsoft/sync/cursor/memory';
import { CAPABILITY_TEXT, readKnowledge } from '../../../nodes/Bouwsoft/transport/capabilities';
import type { Capability, ServerKnowledge } from '../../../nodes/Bouwsoft/transport/capabilities';
import { runNode } from '../../harness';
import type { BouwsoftSimulatorOptions, RequestLogEntry } from '../../simulators/bouwsoft';
import { realServerVariants } from '../../simulators/bouwsoft/variants';
import { ids, jsonOf, syncOf, triggerEnv } from './helpers';
import type { TriggerEnv } from './helpers';

jest.setTimeout(120_000);

const START = new Date('2025-03-31T09:00:00Z');
const SEED = { products: 600 };

/** A variant of realServerVariants(), or several joined with ' + '. */
function variant(name: string): BouwsoftSimulatorOptions {
	return Object.assign(
		{},
		...name.split(' + ').map((part) => {
			const found = realServerVariants().find((v) => v.name === part);
			if (!found) throw new Error(`no simulator variant "${part}"`);
			return found.options;
		}),
	) as BouwsoftSimulatorOptions;
}

async function withEnv<T>(options: BouwsoftSimulatorOptions, run: (env: TriggerEnv) => Promise<T>): Promise<T> {
	clearRememberedStates();
	const env = await triggerEnv({ seed: SEED, ...options });
	env.sim.clock.set(START);
	try {
		return await run(env);
	} finally {
		await env.close();
	}
}

async function poll(env: TriggerEnv, params: INodeParameters): Promise<IDataObject[]> {
	const result = await env.poll(params);
	expect(result.error).toBeUndefined();
	return jsonOf(result);
}

const requestsOf = (env: TriggerEnv, resource: string) => env.sim.requests.filter((r) => r.resource === resource);

/** What the trigger (or a Bouwsoft node) stored about the server (sync/serverMemory.ts: one entry per credential). */
function storedKnowledge(env: Pick<TriggerEnv, 'staticData'>): ServerKnowledge {
	const nodeData = Object.values(env.staticData).find((v) => (v as IDataObject)?.bouwsoftServer) as { bouwsoftServer: Record<string, unknown> } | undefined;
	const entries = Object.values(nodeData?.bouwsoftServer ?? {});
	expect(entries.length).toBe(1);
	return readKnowledge(entries[0]);
}

function duplicates(list: string[]): string[] {
	return list.filter((id, i) => list.indexOf(id) !== i);
}

interface Case {
	variant: string;
	/** Records per request the node asks for (small where the feature is used from the second page on). */
	pageSize?: number;
	/** What the first poll learns (the rest stays as on the default server). */
	learned: Partial<Record<Capability, boolean>> & { maxLimit?: number };
	/** The summary line that names the path taken. */
	path?: string;
	/** A request that would probe the refused or ignored feature again. */
	probe?: (r: RequestLogEntry) => boolean;
}

const idTerm = (r: RequestLogEntry) => /\bid (gt|lt|eq)\b/.test(r.query.filter ?? '');

const PAGING_CASES: Case[] = [
	{ variant: 'id filter refused (400)', pageSize: 50, learned: { idFilter: false }, path: `Paging: ${CAPABILITY_TEXT.idFilter.no}`, probe: idTerm },
	{ variant: 'id filter refused (500)', pageSize: 50, learned: { idFilter: false }, path: `Paging: ${CAPABILITY_TEXT.idFilter.no}`, probe: idTerm },
	{ variant: 'id filter ignored', pageSize: 50, learned: { idFilter: false }, path: `Paging: ${CAPABILITY_TEXT.idFilter.no}`, probe: idTerm },
	{ variant: 'page cap 100', learned: {} },
	{ variant: 'page cap 250', learned: {} },
	// Offsets on a capped server: each page overlaps the one before by one record, whatever its size.
	{ variant: 'id filter refused (400) + page cap 100', pageSize: 500, learned: { idFilter: false }, path: `Paging: ${CAPABILITY_TEXT.idFilter.no}`, probe: idTerm },
	{
		variant: 'limit over 500 refused',
		learned: { maxLimit: 500 },
		path: 'Page size: a larger limit was refused, pages of at most 500 records are read',
		probe: (r) => Number(r.query.limit) > 500,
	},
	{ variant: 'sort only on id', pageSize: 50, learned: { idFilter: true, sortById: true } },
	{
		variant: 'sort refused (400)',
		pageSize: 50,
		learned: { sortById: false },
		path: `Order: ${CAPABILITY_TEXT.sortById.no}`,
		probe: (r) => r.query.sort !== undefined,
	},
	// Parameters of other reads: paging as on the default server.
	{ variant: 'columns ignored', pageSize: 50, learned: { idFilter: true, sortById: true } },
	{ variant: 'columns refused', pageSize: 50, learned: { idFilter: true, sortById: true } },
	{ variant: 'distinct ignored', pageSize: 50, learned: { idFilter: true, sortById: true } },
	{ variant: 'distinct refused', pageSize: 50, learned: { idFilter: true, sortById: true } },
];

/** Per variant: Products requests of the first import (the default server's in brackets), for the report. */
const costs: string[] = [];

afterAll(() => {
	// eslint-disable-next-line no-console
	if (costs.length) console.log(`First import of ${SEED.products} products, Products requests:\n${costs.join('\n')}`);
});

describe.each(PAGING_CASES)('materials, $variant', (c) => {
	it('first import: the same products as on the default server, once each; then exactly the edits, without probing again', async () => {
		const params = { category: 'materials', options: c.pageSize ? { pageSize: c.pageSize } : {} };
		const scenario = async (env: TriggerEnv) => {
			const first = await poll(env, params);
			const firstRequests = requestsOf(env, 'Products').length;
			const summary = syncOf(first[0]).summary as IDataObject;
			env.sim.clock.advanceSeconds(60);
			// More edits than one page holds, so the second poll pages too.
			const edited = env.sim.store.all('Products').filter((_, i) => i % 7 === 0).map((p) => p.id);
			for (const id of edited) env.sim.store.update('Products', id, { description: 'nieuwe prijslijst' });
			env.sim.resetRequests();
			const second = await poll(env, params);
			return {
				first: ids(first),
				firstRequests,
				paths: summary.paths as string[],
				second: ids(second).sort(),
				edited: edited.map(String).sort(),
				secondRequests: requestsOf(env, 'Products'),
				known: storedKnowledge(env),
			};
		};
		const standard = await withEnv({}, scenario);
		const run = await withEnv(variant(c.variant), scenario);
		costs.push(`  ${c.variant}: ${run.firstRequests} (${standard.firstRequests})`);

		expect(duplicates(run.first)).toEqual([]);
		expect([...run.first].sort()).toEqual([...standard.first].sort());
		expect(run.first.length).toBe(SEED.products);
		expect(run.edited.length).toBeGreaterThan(Math.min(c.pageSize ?? 80, 80));
		expect(run.second).toEqual(run.edited);
		expect(standard.second).toEqual(standard.edited);

		const { maxLimit, ...capabilities } = c.learned;
		expect(run.known.capabilities).toMatchObject(capabilities);
		expect(run.known.maxLimit).toBe(maxLimit);
		if (c.path) expect(run.paths).toContain(c.path);
		if (c.probe) expect(run.secondRequests.filter(c.probe)).toEqual([]);
		// Nothing refused on the second poll: what was learned is used directly.
		expect(run.secondRequests.filter((r) => r.status !== 200)).toEqual([]);
	});
});

const WAREHOUSE_CASES: Case[] = [
	{ variant: 'columns ignored', pageSize: 50, learned: { columns: false }, path: `Columns: ${CAPABILITY_TEXT.columns.no}`, probe: (r) => r.query.columns !== undefined },
	{ variant: 'columns refused', pageSize: 50, learned: { columns: false }, path: `Columns: ${CAPABILITY_TEXT.columns.no}`, probe: (r) => r.query.columns !== undefined },
	{ variant: 'distinct ignored', pageSize: 50, learned: { columns: true, distinct: false }, path: `Distinct: ${CAPABILITY_TEXT.distinct.no}`, probe: (r) => r.query.distinct !== undefined },
	{ variant: 'distinct refused', pageSize: 50, learned: { columns: true, distinct: false }, path: `Distinct: ${CAPABILITY_TEXT.distinct.no}`, probe: (r) => r.query.distinct !== undefined },
	// Distinct rows are read by offset: as on the default server.
	{ variant: 'id filter refused (400)', pageSize: 50, learned: { columns: true, distinct: true } },
	{ variant: 'id filter refused (500)', pageSize: 50, learned: { columns: true, distinct: true } },
	{ variant: 'id filter ignored', pageSize: 50, learned: { columns: true, distinct: true } },
	{ variant: 'page cap 100', learned: {} },
	{ variant: 'page cap 250', learned: {} },
	{ variant: 'limit over 500 refused', learned: { maxLimit: 500 } },
	{ variant: 'sort only on id', pageSize: 50, learned: { columns: true, distinct: true } },
	{ variant: 'sort refused (400)', pageSize: 50, learned: {} },
	// The rows of a refused distinct read, by offset on a server that filters neither on id nor sorts (without
	// sort=id a filter on id is never tried: keyset paging needs both).
	{ variant: 'distinct refused + id filter refused (400) + sort refused (400)', pageSize: 50, learned: { distinct: false, sortById: false } },
];

describe.each(WAREHOUSE_CASES)('warehouses, $variant', (c) => {
	it('the same warehouses as on the default server, once each; a renamed stock location is the only change', async () => {
		const params = { category: 'warehouses', options: c.pageSize ? { pageSize: c.pageSize } : {} };
		const scenario = async (env: TriggerEnv) => {
			const first = await poll(env, params);
			const summary = syncOf(first[0]).summary as IDataObject;
			const renamed = Number(first[1].stock_locationid);
			for (const row of env.sim.store.all('ProductStock').filter((r) => r.stock_locationid === renamed)) {
				env.sim.store.update('ProductStock', row.id, { stock_location: 'Magazijn Noord' });
			}
			env.sim.clock.advanceSeconds(60);
			env.sim.resetRequests();
			const second = await poll(env, params);
			return {
				first: first.map((w) => ({ code: w.code, name: w.name })),
				paths: summary.paths as string[],
				second: second.map((w) => ({ code: w.code, name: w.name })),
				renamed: String(renamed),
				secondRequests: requestsOf(env, 'ProductStock'),
				known: storedKnowledge(env),
			};
		};
		const standard = await withEnv({}, scenario);
		const run = await withEnv(variant(c.variant), scenario);

		expect(standard.first.length).toBeGreaterThan(1);
		expect(run.first).toEqual(standard.first);
		expect(run.second).toEqual([{ code: run.renamed, name: 'Magazijn Noord' }]);
		expect(standard.second).toEqual(run.second);
		const { maxLimit, ...capabilities } = c.learned;
		expect(run.known.capabilities).toMatchObject(capabilities);
		expect(run.known.maxLimit).toBe(maxLimit);
		if (c.path) expect(run.paths).toContain(c.path);
		if (c.probe) expect(run.secondRequests.filter(c.probe)).toEqual([]);
		expect(run.secondRequests.filter((r) => r.status !== 200)).toEqual([]);
	});
});

describe('offset paging while records change', () => {
	it.each(['id filter refused (400)', 'id filter ignored'])(
		'%s: records deleted before the read position between pages are not taken for the end, nothing is skipped',
		async (name) => {
			await withEnv(variant(name), async (env) => {
				const start = env.sim.store.all('Products').map((p) => p.id);
				const gone = new Set<number>();
				const added: number[] = [];
				let changed = false;
				const stop = env.sim.onRequest((ctx) => {
					// Once the read pages by offset and is well into the table: 30 records it already handed out go
					// (three pages' worth), 5 it has not reached go too, and 3 new ones come at the end.
					if (changed || ctx.resource !== 'Products' || Number(ctx.query.offset ?? 0) < 200) return;
					changed = true;
					for (const id of start.slice(100, 160).filter((_, i) => i % 2 === 0)) gone.add(id);
					for (const id of start.slice(400, 405)) gone.add(id);
					for (const id of gone) env.sim.store.remove('Products', id);
					for (let i = 0; i < 3; i++) added.push(env.sim.store.insert('Products', { nr1: `NIEUW-${i}`, description: 'nieuw', list: 'VERF' }).id);
				});
				const items = await poll(env, { category: 'materials', options: { pageSize: 20 } });
				stop();
				expect(changed).toBe(true);
				const emitted = ids(items);
				expect(duplicates(emitted)).toEqual([]);
				const readBefore = new Set(start.slice(100, 160).map(String));
				const expected = [...start.filter((id) => !gone.has(id) || readBefore.has(String(id))), ...added].map(String).sort();
				expect([...emitted].sort()).toEqual(expected);
				expect(storedKnowledge(env).capabilities.idFilter).toBe(false);
				// The read stepped back (a page that started after the last id handed out was not used).
				const offsets = requestsOf(env, 'Products').map((r) => Number(r.query.offset ?? 0));
				expect(offsets.some((offset, i) => i > 0 && offset > 0 && offset < offsets[i - 1])).toBe(true);
			});
		},
	);
});

describe('offset paging over several polls', () => {
	it('a first import paced by Max Records per Poll resumes after the last id: every product once, a request or two to find the place', async () => {
		await withEnv(variant('id filter refused (400)'), async (env) => {
			const params = { category: 'materials', options: { pageSize: 20, maxRecordsPerPoll: 100 } };
			const delivered: string[] = [];
			const requests: number[] = [];
			for (let i = 0; i < 7; i++) {
				env.sim.resetRequests();
				delivered.push(...ids(await poll(env, params)));
				requests.push(requestsOf(env, 'Products').filter((r) => r.query.filter === undefined || !r.query.filter.includes('ts_lastupdate')).length);
				env.sim.clock.advanceSeconds(30);
			}
			costs.push(`  paced by 100 a poll (id filter refused, pages of 20): Products requests per poll ${requests.join(', ')}`);
			expect(duplicates(delivered)).toEqual([]);
			expect([...delivered].sort()).toEqual(env.sim.store.all('Products').map((p) => String(p.id)).sort());
			// 100 products are 6 pages of 19 new ones; a resumed poll finds its place from the ids of its first answer.
			expect(Math.max(...requests.slice(1))).toBeLessThanOrEqual(6 + 2);
		});
	});
});

describe('a server that neither sorts nor pages by id', () => {
	it('answers out of id order: the poll fails with a message for Bouwsoft support, nothing is stored', async () => {
		await withEnv(variant('sort refused (400)'), async (env) => {
			const [a, b, c] = env.sim.store.all('Products');
			env.sim.faults.add({ resource: 'Products', status: 200, body: { 'Content-Range': '0-2/600', Records: [b, c, a] } });
			const result = await env.poll({ category: 'materials', options: { pageSize: 3 } });
			expect(result.error?.message).toBe('Bouwsoft neither sorts nor pages Products by id, so a complete read cannot be guaranteed');
			const description = (result.error as Error & { description?: string }).description ?? '';
			expect(description).toContain('Nothing was changed');
			expect(description).toContain('Ask Bouwsoft support to make the REST API honour "sort=id"');
			expect(JSON.stringify(env.staticData)).toBe('{}');
		});
	});
});

describe('Get Many', () => {
	it('learns like the trigger, names the path in its summary and hint, and the next production run goes straight to offsets', async () => {
		await withEnv(variant('id filter refused (400)'), async (env) => {
			const staticData: IDataObject = {};
			const getMany = async () => {
				env.sim.resetRequests();
				const result = await runNode({
					node: new Bouwsoft(),
					parameters: { resource: 'materials', operation: 'getMany', scope: 'all', options: { pageSize: 50 } },
					credentials: env.store,
					workflowStaticData: staticData,
				});
				expect(result.error).toBeUndefined();
				const items = result.outputs[0].map((i) => i.json);
				expect(duplicates(ids(items))).toEqual([]);
				expect(items.length).toBe(SEED.products);
				return { summary: syncOf(items[0]).summary as IDataObject, hints: (result.run.data.resultData.runData.Bouwsoft[0].hints ?? []).map((h) => h.message).join('\n'), requests: requestsOf(env, 'Products') };
			};
			const first = await getMany();
			expect(first.summary.paths).toContain(`Paging: ${CAPABILITY_TEXT.idFilter.no}`);
			expect(first.hints).toContain(CAPABILITY_TEXT.idFilter.no);
			expect(first.requests.filter((r) => r.status === 400).length).toBe(1);
			expect(storedKnowledge({ staticData }).capabilities.idFilter).toBe(false);
			const second = await getMany();
			expect(second.requests.filter(idTerm)).toEqual([]);
			expect(second.requests.every((r) => r.status === 200)).toBe(true);
			expect(second.summary.paths).toContain(`Paging: ${CAPABILITY_TEXT.idFilter.no}`);
		});
	});
});
