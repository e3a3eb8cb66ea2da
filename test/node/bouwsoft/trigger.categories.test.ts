import type { IDataObject } from 'n8n-workflow';

import { groupCategoryCode, listCategoryCode } from '../../../nodes/shared/categoryCodes';
import { ids, jsonOf, syncOf, triggerEnv } from './helpers';
import type { TriggerEnv } from './helpers';

/**
 * Every category: the first run emits what the filters select, a quiet poll nothing (≤ 1 request per
 * resource), an edit once. Under both readings of Content-Range's total (the filtered result, or the table).
 */
describe.each(['filtered', 'table'] as const)('Bouwsoft Trigger — every import category against the simulator (Content-Range total: %s)', (contentRangeTotal) => {
	let env: TriggerEnv;
	beforeEach(async () => {
		env = await triggerEnv({ contentRangeTotal });
		env.sim.clock.set(new Date('2025-03-31T09:00:00Z'));
	});
	afterEach(async () => await env.close());

	async function quietPollCostsAtMostOneRequestPerResource(params: IDataObject) {
		env.sim.resetRequests();
		const quiet = await env.poll(params as never);
		expect(quiet.error).toBeUndefined();
		expect(quiet.output).toBeNull();
		const counts = env.sim.requestCounts();
		delete counts.Authorize;
		expect(Object.values(counts).every((n) => n <= 1)).toBe(true);
	}

	it('hour types (Jobs)', async () => {
		const params = { category: 'hourTypes' };
		const first = jsonOf(await env.poll(params));
		expect(ids(first).sort()).toEqual(env.sim.store.all('Jobs').map((j) => String(j.id)).sort());
		expect(first[0]).toHaveProperty('price_hour');
		await quietPollCostsAtMostOneRequestPerResource(params);
		env.sim.clock.advanceSeconds(30);
		env.sim.store.update('Jobs', 2, { price_hour: 51 });
		const edit = jsonOf(await env.poll(params));
		expect(edit.map((j) => [j.id, j.price_hour])).toEqual([[2, 51]]);
		expect((await env.poll(params)).output).toBeNull();
	});

	it('materials: one list (pushed down) and lists + a group (evaluated locally)', async () => {
		const one = { category: 'materials', productLists: ['VERF'] };
		const first = jsonOf(await env.poll(one));
		const verf = env.sim.store.all('Products').filter((p) => p.list === 'VERF');
		expect(ids(first).sort()).toEqual(verf.map((p) => String(p.id)).sort());
		expect(env.sim.requests.some((r) => r.resource === 'Products' && (r.query.filter ?? '').includes("list eq 'VERF'"))).toBe(true);
		await quietPollCostsAtMostOneRequestPerResource(one);

		// An edit outside the selection is never emitted; one inside once.
		const other = env.sim.store.all('Products').find((p) => p.list !== 'VERF')!;
		env.sim.clock.advanceSeconds(10);
		env.sim.store.update('Products', other.id, { description: 'elders' });
		env.sim.store.update('Products', verf[0].id, { description: 'nieuwe verf' });
		expect(ids(jsonOf(await env.poll(one)))).toEqual([String(verf[0].id)]);

		// Changing the selection resets the cursor and says so.
		const group = env.sim.store.all('Products').find((p) => p.list === 'HOUT' && p.group)!;
		const mixed = { category: 'materials', productLists: ['VERF', 'ELEKTRO'], productGroups: [groupCategoryCode('HOUT', String(group.group))] };
		const reset = jsonOf(await env.poll(mixed));
		const expected = env.sim.store
			.all('Products')
			.filter((p) => p.list === 'VERF' || p.list === 'ELEKTRO' || (p.list === 'HOUT' && p.group === group.group));
		expect(ids(reset).sort()).toEqual(expected.map((p) => String(p.id)).sort());
		expect(syncOf(reset[0]).summary?.reset).toMatch(/cursor was reset/);
		expect(reset.every((i) => syncOf(i).reason === 'full')).toBe(true);
	});

	it('categories: lists as parents, groups as children; changes found by content', async () => {
		const params = { category: 'categories' };
		const first = jsonOf(await env.poll(params));
		const codes = ids(first);
		for (const list of env.sim.store.all('ProductLists')) expect(codes).toContain(listCategoryCode(String(list.name)));
		for (const group of env.sim.store.all('ProductGroups')) {
			const item = first.find((c) => c.code === groupCategoryCode(String(group.list_name), String(group.name)));
			expect(item).toMatchObject({ kind: 'group', parent_code: listCategoryCode(String(group.list_name)), bouwsoft_id: group.id });
		}
		await quietPollCostsAtMostOneRequestPerResource(params);
		env.sim.store.insert('ProductGroups', { name: 'Nieuwe groep', list_id: 5, list_name: 'VERF', list_active: true, used: false });
		const next = jsonOf(await env.poll(params));
		expect(ids(next)).toEqual(['G:VERF/Nieuwe groep']);
		expect(syncOf(next[0]).reason).toBe('changed');
	});

	it('warehouses: distinct stock locations', async () => {
		const params = { category: 'warehouses' };
		const first = jsonOf(await env.poll(params));
		const locations = new Map(env.sim.store.all('ProductStock').filter((s) => Number(s.stock_locationid) > 0).map((s) => [String(s.stock_locationid), s.stock_location]));
		expect(ids(first).sort()).toEqual([...locations.keys()].sort());
		expect(first.every((w) => w.name === locations.get(String(w.code)))).toBe(true);
		await quietPollCostsAtMostOneRequestPerResource(params);
		env.sim.store.insert('ProductStock', { stock_locationid: 77, stock_location: 'Bestelwagen 3', nr1: 'X', product_id: 1, quantity: 1 });
		expect(ids(jsonOf(await env.poll(params)))).toEqual(['77']);
	});

	it('relations: only client number + name, the rest counted with a reason; contacts attached', async () => {
		const params = { category: 'relations', includeContacts: true };
		const first = jsonOf(await env.poll(params));
		const all = env.sim.store.all('Addresses');
		const eligible = all.filter((a) => Number(a.clientnr) > 0 && String(a.name).trim() !== '');
		expect(ids(first).sort()).toEqual(eligible.map((a) => String(a.id)).sort());
		const summary = syncOf(first[0]).summary!;
		const skipped = Object.values(summary.skipped as Record<string, number>).reduce((a, b) => a + b, 0);
		expect(skipped).toBe(all.length - eligible.length);
		for (const relation of first) {
			const expectedContacts = env.sim.store.all('AddressContacts').filter((c) => c.address_id === relation.id).map((c) => c.id);
			expect((relation.contacts as IDataObject[]).map((c) => c.id).sort()).toEqual(expectedContacts.sort());
		}
		await quietPollCostsAtMostOneRequestPerResource(params);
		// an edit of an ineligible relation is never emitted
		const ineligible = all.find((a) => !eligible.includes(a))!;
		env.sim.clock.advanceSeconds(5);
		env.sim.store.update('Addresses', ineligible.id, { city: 'Aalst' });
		env.sim.store.update('Addresses', eligible[0].id, { city: 'Aalst' });
		expect(ids(jsonOf(await env.poll(params)))).toEqual([String(eligible[0].id)]);
	});

	it('projects: client attached, activities on request, rules applied', async () => {
		const params = { category: 'projects', includeActivities: true, onlyApprovedOpen: true };
		const first = jsonOf(await env.poll(params));
		const open = env.sim.store.all('Projects').filter((p) => p.approved === true && p.completed === false);
		expect(ids(first).sort()).toEqual(open.map((p) => String(p.id)).sort());
		for (const project of first) {
			const client = env.sim.store.get('Addresses', Number(project.client_addressid));
			expect((project.client as IDataObject | null)?.id ?? null).toBe(client?.id ?? null);
			const phases = env.sim.store.all('ProjectPhases').filter((p) => p.project_id === project.id).map((p) => p.id);
			expect((project.activities as IDataObject[]).map((a) => a.id).sort()).toEqual(phases.sort());
		}
		await quietPollCostsAtMostOneRequestPerResource(params);

		const city = String(open[0].city);
		const byCity = { category: 'projects', projectRules: { rule: [{ field: 'city', condition: 'equal', value: city }] } };
		const filtered = jsonOf(await env.poll(byCity));
		expect(ids(filtered).sort()).toEqual(
			env.sim.store.all('Projects').filter((p) => String(p.city).toLowerCase() === city.toLowerCase()).map((p) => String(p.id)).sort(),
		);
		expect(filtered.every((p) => !('activities' in p))).toBe(true);
	});

	it('assignments: address, contact and employee attached with batched lookups', async () => {
		const params = { category: 'assignments' };
		env.sim.resetRequests();
		const first = jsonOf(await env.poll(params));
		expect(ids(first).sort()).toEqual(env.sim.store.all('Assignments').map((a) => String(a.id)).sort());
		for (const a of first) {
			expect((a.address as IDataObject | null)?.id ?? 0).toBe(env.sim.store.get('Addresses', Number(a.address_id))?.id ?? 0);
			expect((a.employee as IDataObject | null)?.id ?? 0).toBe(env.sim.store.get('Employees', Number(a.employee_id))?.id ?? 0);
			expect((a.contact as IDataObject | null)?.id ?? 0).toBe(env.sim.store.get('AddressContacts', Number(a.addresscontact_id))?.id ?? 0);
		}
		// Batched: far fewer requests than records.
		const counts = env.sim.requestCounts();
		delete counts.Authorize;
		const total = Object.values(counts).reduce((a, b) => a + b, 0);
		expect(total).toBeLessThan(first.length);
		await quietPollCostsAtMostOneRequestPerResource(params);
	});
});
