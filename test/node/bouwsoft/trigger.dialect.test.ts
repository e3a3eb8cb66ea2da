import { ids, jsonOf, syncOf, triggerEnv } from './helpers';
import type { TriggerEnv } from './helpers';

describe('Bouwsoft Trigger — DST, extended dialect, poll budget', () => {
	let env: TriggerEnv;
	afterEach(async () => await env.close());

	it('fall back in Europe/Brussels: an edit in the repeated hour with a smaller wall time is delivered', async () => {
		env = await triggerEnv({ seed: { baseDate: new Date('2024-10-20T08:00:00Z') } });
		env.sim.clock.set(new Date('2024-10-27T00:50:00Z')); // 02:50 CEST
		env.sim.store.update('Employees', 1, { city: 'Eerste passage' });
		jsonOf(await env.poll({ category: 'employees' }));
		env.sim.clock.set(new Date('2024-10-27T01:10:00Z')); // 02:10 CET — the wall clock went back
		env.sim.store.update('Employees', 2, { city: 'Tweede passage' });
		expect(String(env.sim.store.get('Employees', 2)!.ts_lastupdate)).toBe('2024-10-27 02:10:00');
		const after = jsonOf(await env.poll({ category: 'employees' }));
		expect(ids(after)).toEqual(['2']);
		expect((await env.poll({ category: 'employees' })).output).toBeNull();
	});

	it('spring forward in Europe/Brussels: edits on both sides of the gap are delivered once', async () => {
		env = await triggerEnv();
		env.sim.clock.set(new Date('2025-03-30T00:58:00Z')); // 01:58 CET
		jsonOf(await env.poll({ category: 'employees' }));
		env.sim.store.update('Employees', 3, { city: 'Voor' }); // 01:58
		env.sim.clock.set(new Date('2025-03-30T01:01:00Z')); // 03:01 CEST
		env.sim.store.update('Employees', 4, { city: 'Na' });
		expect(ids(jsonOf(await env.poll({ category: 'employees' }))).sort()).toEqual(['3', '4']);
		expect((await env.poll({ category: 'employees' })).output).toBeNull();
		const state = env.staticData[Object.keys(env.staticData).find((k) => k.startsWith('node:'))!] as { bouwsoft: { cursor: { raw: string; utc: string } } };
		expect(state.bouwsoft.cursor).toEqual({ raw: '2025-03-30 03:01:00', utc: '2025-03-30T01:01:00Z' });
	});

	it('extended filter syntax pushes an or of lists and looks linked records up by key (or batches, id ranges)', async () => {
		// A server that takes the inferred `or` and `lt` (the default simulator takes only the confirmed dialect)
		env = await triggerEnv({ dialect: { comparisons: true, or: true } });
		env.sim.clock.set(new Date('2025-03-31T09:00:00Z'));
		const params = { category: 'materials', productLists: ['VERF', 'HOUT'], options: { extendedFilterSyntax: true } };
		const items = jsonOf(await env.poll(params));
		expect(ids(items).sort()).toEqual(
			env.sim.store.all('Products').filter((p) => p.list === 'VERF' || p.list === 'HOUT').map((p) => String(p.id)).sort(),
		);
		expect(env.sim.requests.some((r) => (r.query.filter ?? '').includes("list eq 'VERF' or list eq 'HOUT'"))).toBe(true);

		env.sim.resetRequests();
		const assignments = jsonOf(await env.poll({ category: 'assignments', options: { extendedFilterSyntax: true } }));
		expect(assignments.length).toBe(env.sim.store.count('Assignments'));
		// Never the whole table: every Addresses read names the ids it wants, as an or batch or an id range.
		const addressReads = env.sim.requests.filter((r) => r.resource === 'Addresses').map((r) => r.query.filter ?? '');
		expect(addressReads.length).toBeGreaterThan(0);
		expect(addressReads.every((f) => /id eq \d+ or id eq|id lt \d+/.test(f))).toBe(true);
	});

	it('a tiny poll budget stops after the first page and the next poll continues', async () => {
		env = await triggerEnv();
		env.sim.clock.set(new Date('2025-03-31T09:00:00Z'));
		env.sim.setLatency(5);
		const params = { category: 'employees', options: { pageSize: 5 } };
		const first = jsonOf(await env.poll(params, { pollBudgetMs: 1 }));
		expect(first.length).toBe(5);
		expect(syncOf(first[0]).summary?.complete).toBe(false);
		const rest: string[] = [];
		for (let i = 0; i < 5; i++) {
			const r = await env.poll(params, { pollBudgetMs: 1 });
			if (!r.output) break;
			rest.push(...ids(jsonOf(r)));
		}
		expect([...ids(first), ...rest].sort()).toEqual(env.sim.store.all('Employees').map((e) => String(e.id)).sort());
	});
});
