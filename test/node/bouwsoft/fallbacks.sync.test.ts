/**
 * The fallbacks for three unconfirmed Bouwsoft behaviours, each against its simulator variant
 * (test/simulators/bouwsoft/variants.ts) and compared with the default simulator, real Trigger / Bouwsoft
 * node / Assignment Filter code throughout:
 * - finding the newest change without `sort=-ts_lastupdate` (ignored, refused with 400 or 500): baselines,
 *   restart catch-up, long reads with their ceiling; a refused sort is not retried five times and not asked
 *   again once learned;
 * - no `GET /ProductLists/` (404): list names from products and groups;
 * - no `note_technician` in Assignments lists: the note read per assignment, the filter keeps the same.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { Bouwsoft } from '../../../nodes/Bouwsoft/Bouwsoft.node';
import { BouwsoftAssignmentFilter } from '../../../nodes/Bouwsoft/BouwsoftAssignmentFilter.node';
import { BouwsoftTrigger } from '../../../nodes/Bouwsoft/BouwsoftTrigger.node';
import { clearRememberedStates } from '../../../nodes/Bouwsoft/sync/cursor/memory';
import { CAPABILITY_TEXT } from '../../../nodes/Bouwsoft/transport/capabilities';
import { chain, runLoadOptions, runNode, runWorkflow } from '../../harness';
import type { BouwsoftSimulatorOptions } from '../../simulators/bouwsoft';
import { realServerVariants } from '../../simulators/bouwsoft/variants';
import { ids, jsonOf, syncOf, triggerEnv } from './helpers';
import type { TriggerEnv } from './helpers';

const START = new Date('2025-03-31T09:00:00Z');
const PKG = 'n8n-nodes-bouwsoft-outsmart';

function variant(name: string): BouwsoftSimulatorOptions {
	const found = realServerVariants().find((v) => v.name === name);
	if (!found) throw new Error(`no simulator variant "${name}"`);
	return found.options;
}

async function withEnv<T>(options: BouwsoftSimulatorOptions, run: (env: TriggerEnv) => Promise<T>): Promise<T> {
	clearRememberedStates();
	const env = await triggerEnv(options);
	env.sim.clock.set(START);
	try {
		return await run(env);
	} finally {
		await env.close();
	}
}

/** The same scenario on the default simulator and on a variant. */
async function sideBySide<T>(options: BouwsoftSimulatorOptions, run: (env: TriggerEnv) => Promise<T>): Promise<{ standard: T; variant: T }> {
	return { standard: await withEnv({}, run), variant: await withEnv(options, run) };
}

const sortProbes = (env: TriggerEnv) => env.sim.requests.filter((r) => r.query.sort === '-ts_lastupdate').length;

async function poll(env: TriggerEnv, params: INodeParameters): Promise<IDataObject[]> {
	const result = await env.poll(params);
	expect(result.error).toBeUndefined();
	return jsonOf(result);
}

function edit(env: TriggerEnv, resource: 'Products' | 'AddressContacts', recordIds: number[], values: IDataObject): void {
	for (const id of recordIds) env.sim.store.update(resource, id, values as never);
}

const SORT_VARIANTS = ['sort ignored', 'sort refused (400)', 'sort refused (500)', 'sort only on id', 'sort on -ts_lastupdate fails (500)'];

describe.each(SORT_VARIANTS)('newest change without sort=-ts_lastupdate: %s', (name) => {
	it('Only Future Changes: the baseline emits nothing, then every edit once (one in the baseline second too), as on the default server', async () => {
		const params = { category: 'materials', firstRun: 'baseline', options: { pageSize: 10 } };
		const runs = await sideBySide(variant(name), async (env) => {
			edit(env, 'Products', [7], { description: 'voor de baseline' }); // the newest change at activation
			const rounds: string[][] = [ids(await poll(env, params))];
			edit(env, 'Products', [8], { description: 'zelfde seconde' }); // same frozen second, after the baseline
			rounds.push(ids(await poll(env, params)).sort());
			for (const batch of [[1, 2, 3], [4], [2, 5]]) {
				env.sim.clock.advanceSeconds(30);
				edit(env, 'Products', batch, { description: `na de baseline ${batch.join('+')}` });
				rounds.push(ids(await poll(env, params)).sort());
			}
			rounds.push(ids(await poll(env, params)));
			return rounds;
		});
		expect(runs.standard).toEqual([[], ['8'], ['1', '2', '3'], ['4'], ['2', '5'], []]);
		expect(runs.variant).toEqual(runs.standard);
	});

	it('Only Future Changes on relations with contacts: a contact edited after the baseline re-sends its relation once', async () => {
		const params = { category: 'relations', includeContacts: true, firstRun: 'baseline' };
		const runs = await sideBySide(variant(name), async (env) => {
			const rounds: string[][] = [ids(await poll(env, params))];
			const contact = env.sim.store.all('AddressContacts').find((c) => {
				const address = env.sim.store.get('Addresses', Number(c.address_id));
				return address && Number(address.clientnr) > 0 && String(address.name).trim() !== '';
			})!;
			env.sim.clock.advanceSeconds(30);
			edit(env, 'AddressContacts', [Number(contact.id)], { contact_email: 'later@voorbeeld.be' });
			rounds.push(ids(await poll(env, params)));
			rounds.push(ids(await poll(env, params)));
			return { rounds, parent: String(contact.address_id) };
		});
		expect(runs.standard.rounds).toEqual([[], [runs.standard.parent], []]);
		expect(runs.variant).toEqual(runs.standard);
	});

	it('a restart before the first emit re-sends the changes of the hours before the newest change, as on the default server', async () => {
		const params = { category: 'materials', firstRun: 'baseline', options: { pageSize: 10 } };
		const runs = await sideBySide(variant(name), async (env) => {
			expect(await poll(env, params)).toEqual([]);
			env.sim.clock.advanceSeconds(120);
			edit(env, 'Products', [4], { description: 'na de herstart' });
			clearRememberedStates(); // n8n restarts: memory gone, nothing stored
			const restarted = await env.poll(params, { activation: 'init' });
			expect(restarted.error).toBeUndefined();
			return ids(jsonOf(restarted)).sort();
		});
		expect(runs.standard).toContain('4');
		expect(runs.variant).toEqual(runs.standard);
	});

	it('a long first import (the ceiling probe runs) delivers every product once, and edits made while it is suspended after it', async () => {
		const params = { category: 'materials', options: { pageSize: 10, maxRecordsPerPoll: 25 } };
		const runs = await sideBySide(variant(name), async (env) => {
			const delivered: string[] = [];
			const probesPerPoll: number[] = [];
			for (let i = 0; i < 12; i++) {
				env.sim.resetRequests();
				const items = await poll(env, params);
				probesPerPoll.push(sortProbes(env));
				delivered.push(...ids(items));
				if (i === 0) {
					env.sim.clock.advanceSeconds(5);
					// Already read by the suspended pass (id 3), and still ahead of it (id 55).
					edit(env, 'Products', [3, 55], { description: 'tijdens de import' });
				}
				env.sim.clock.advanceSeconds(5);
			}
			const count = (id: string) => delivered.filter((d) => d === id).length;
			const all = env.sim.store.all('Products').map((p) => String(p.id));
			return {
				everyOnce: all.filter((id) => id !== '3').every((id) => count(id) === 1),
				three: count('3'),
				products: [...new Set(delivered)].sort(),
				probesPerPoll,
			};
		});
		expect(runs.standard.everyOnce).toBe(true);
		expect(runs.standard.three).toBe(2);
		expect(runs.variant.products).toEqual(runs.standard.products);
		expect(runs.variant.everyOnce).toBe(true);
		expect(runs.variant.three).toBe(2);
		// A refused sort is asked at most three times (a 500 is retried once, and asked once more after the read
		// without sort answered), never five times with back-off, and once learned never again; the default
		// server is asked once per pass that needs a ceiling.
		expect(runs.variant.probesPerPoll.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(3);
		expect(Math.max(...runs.standard.probesPerPoll)).toBe(1);
	});

	it('what the first probe learned is remembered: a later long read does not ask for the sort again', async () => {
		const params = { category: 'materials', options: { pageSize: 10 } };
		await withEnv(variant(name), async (env) => {
			// The first import reads several pages, so the newest change is looked for once.
			expect((await poll(env, params)).length).toBe(env.sim.store.count('Products'));
			env.sim.clock.advanceSeconds(60);
			const edited = env.sim.store.all('Products').slice(0, 15).map((p) => Number(p.id));
			edit(env, 'Products', edited, { description: 'tweede lange lezing' });
			env.sim.resetRequests();
			const items = await poll(env, params);
			expect(ids(items).sort()).toEqual(edited.map(String).sort());
			expect(sortProbes(env)).toBe(0);
			// The run summary says how the newest change was found.
			const { topic, no } = CAPABILITY_TEXT.sortByChange;
			expect(syncOf(items[0]).summary?.paths).toContain(`${topic}: ${no}`);
		});
	});
});

describe('no GET /ProductLists/ (404)', () => {
	const noLists = variant('no ProductLists');
	/** What OutSmart receives of a category (bouwsoft_id never leaves the node). */
	const shape = (c: IDataObject) => ({ code: c.code, name: c.name, parent_code: c.parent_code, kind: c.kind, list_name: c.list_name, group_name: c.group_name });

	it('categories: the same tree as with ProductLists, except a list that no product and no group uses; later polls skip the 404', async () => {
		const runs = await sideBySide(noLists, async (env) => {
			const first = await poll(env, { category: 'categories' });
			env.sim.resetRequests();
			env.sim.store.insert('ProductGroups', { name: 'Nieuwe groep', list_id: 5, list_name: 'VERF', list_active: true, used: false });
			const next = await poll(env, { category: 'categories' });
			return {
				paths: syncOf(first[0]).summary?.paths,
				tree: first.map(shape),
				next: ids(next),
				listRequests: env.sim.requests.filter((r) => r.resource === 'ProductLists').length,
				unused: env.sim.store
					.all('ProductLists')
					.filter((l) => !env.sim.store.all('Products').some((p) => p.list === l.name) && !env.sim.store.all('ProductGroups').some((g) => g.list_name === l.name))
					.map((l) => `L:${String(l.name)}`),
			};
		});
		expect(runs.standard.unused).toEqual(['L:OUD ASSORTIMENT']);
		expect(runs.variant.tree).toEqual(runs.standard.tree.filter((c) => !runs.standard.unused.includes(String(c.code))));
		expect(runs.variant.next).toEqual(['G:VERF/Nieuwe groep']);
		expect(runs.standard.next).toEqual(runs.variant.next);
		expect(runs.standard.listRequests).toBe(1);
		expect(runs.variant.listRequests).toBe(0);
		const text = CAPABILITY_TEXT.productLists;
		expect(runs.standard.paths).toContain(`${text.topic}: ${text.yes}`);
		expect(runs.variant.paths).toContain(`${text.topic}: ${text.no}`);
	});

	it('materials of selected lists and groups: the same products', async () => {
		const params = { category: 'materials', productLists: ['VERF'], productGroups: ['G:HOUT/Plaatmateriaal'] };
		const runs = await sideBySide(noLists, async (env) => ids(await poll(env, params)).sort());
		expect(runs.standard.length).toBeGreaterThan(0);
		expect(runs.variant).toEqual(runs.standard);
	});

	it('the Product Lists options: the same names (but the unused list)', async () => {
		const runs = await sideBySide(noLists, async (env) => {
			const lists = await runLoadOptions({ node: new Bouwsoft(), method: 'getProductLists', credentials: env.store });
			expect(lists.error).toBeUndefined();
			return lists.result!.map((o) => String(o.value));
		});
		expect(runs.variant).toEqual(runs.standard.filter((name) => name !== 'OUD ASSORTIMENT'));
		expect(runs.variant.length).toBeGreaterThan(3);
	});
});

describe('note_technician only on GET /Assignments/<id>', () => {
	const noNotes = variant('note_technician only on single GET');
	const keywordFilter = { orderFilter: 'keywords', keywords: 'OutSmart', match: 'any' };

	it('assignment items carry the same technician notes; one single read per assignment', async () => {
		const runs = await sideBySide(noNotes, async (env) => {
			const items = await poll(env, { category: 'assignments' });
			return {
				paths: syncOf(items[0]).summary?.paths,
				notes: items.map((a) => [a.id, a.note_technician]),
				singleReads: env.sim.requests.filter((r) => r.resource === 'Assignments' && r.id !== undefined).length,
			};
		});
		expect(runs.standard.notes.length).toBeGreaterThan(20);
		expect(runs.standard.notes.some(([, note]) => String(note).includes('OutSmart'))).toBe(true);
		expect(runs.variant.notes).toEqual(runs.standard.notes);
		const text = CAPABILITY_TEXT.listNotes;
		expect(runs.standard.paths).toContain(`${text.topic}: ${text.yes}`);
		expect(runs.variant.paths).toContain(`${text.topic}: ${text.no}`);
		expect(runs.standard.singleReads).toBe(0);
		expect(runs.variant.singleReads).toBe(runs.variant.notes.length);
	});

	it('Trigger → Assignment Filter (keyword) keeps exactly the assignments it keeps on the default server', async () => {
		const runs = await sideBySide(noNotes, async (env) => {
			const r = await runWorkflow({
				nodes: [
					{ name: 'Bouwsoft Trigger', type: `${PKG}.bouwsoftTrigger`, parameters: { category: 'assignments' } },
					{ name: 'Filter', type: `${PKG}.bouwsoftAssignmentFilter`, parameters: keywordFilter },
				],
				connections: chain('Bouwsoft Trigger', 'Filter'),
				nodeTypes: { [`${PKG}.bouwsoftTrigger`]: new BouwsoftTrigger(), [`${PKG}.bouwsoftAssignmentFilter`]: new BouwsoftAssignmentFilter() },
				credentials: env.store,
				mode: 'manual',
			});
			expect(r.error).toBeUndefined();
			const [kept, discarded] = r.outputs.Filter;
			return { kept: (kept ?? []).map((i) => i.json.id), discarded: (discarded ?? []).length };
		});
		expect(runs.standard.kept.length).toBeGreaterThan(10);
		expect(runs.standard.discarded).toBeGreaterThan(0);
		expect(runs.variant).toEqual(runs.standard);
	});

	it('an edited note reaches the filter after a background poll', async () => {
		const runs = await sideBySide(noNotes, async (env) => {
			await poll(env, { category: 'assignments' });
			const dropped = env.sim.store.all('Assignments').find((a) => String(a.note_technician).includes('OutSmart'))!;
			env.sim.clock.advanceSeconds(30);
			env.sim.store.update('Assignments', dropped.id, { note_technician: 'geen planning meer' });
			env.sim.store.update('Assignments', 3, { note_technician: 'Nu wel via OutSmart' });
			const items = await poll(env, { category: 'assignments' });
			const filtered = await runNode({ node: new BouwsoftAssignmentFilter(), parameters: keywordFilter, inputItems: items.map((json) => ({ json })) });
			expect(filtered.error).toBeUndefined();
			return { changed: ids(items).sort(), kept: (filtered.outputs[0] ?? []).map((i) => i.json.id) };
		});
		expect(runs.standard.kept).toEqual([3]);
		expect(runs.variant).toEqual(runs.standard);
	});
});
