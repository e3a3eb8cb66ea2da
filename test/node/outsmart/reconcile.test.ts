import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { assignment, category, client, contact, employee, phase, project } from '../../fixtures/bouwsoftItems';
import { startOutSmartSimulator } from '../../simulators/outsmart';
import type { OutSmartSimulator } from '../../simulators/outsmart';
import { everything, product, runOutSmart } from './helpers';

/** An item of a complete Bouwsoft read (Get Many, Scope All, Return All). */
const full = (item: IDataObject): IDataObject => ({ ...item, _sync: { ...(item._sync as IDataObject), reason: 'full', complete: true } });
const materials = (...codes: string[]) => codes.map((code) => full(product(code)));
const reconcile = (resource: string, removedAction: string, options: INodeParameters = {}, extra: INodeParameters = {}): INodeParameters => ({
	resource,
	operation: 'reconcile',
	removedAction,
	options,
	...extra,
});
const outputOf = (result: Awaited<ReturnType<typeof runOutSmart>>) => result.outputs.flat().map((item) => item.json);
const actions = (result: Awaited<ReturnType<typeof runOutSmart>>) =>
	outputOf(result)
		.map((json) => `${String(json.action)} ${String(json.kind)} ${String(json.key)} ${String(json.status)}`)
		.sort();
const hints = (result: Awaited<ReturnType<typeof runOutSmart>>) =>
	(result.run.data.resultData.runData.OutSmart?.[0]?.hints ?? []).map((hint) => hint.message).join('\n');

describe('OutSmart node: Reconcile', () => {
	let sim: OutSmartSimulator;
	beforeAll(async () => {
		sim = await startOutSmartSimulator();
	});
	afterAll(async () => await sim.close());
	beforeEach(() => {
		sim.reset();
		sim.faults.clear();
	});

	describe('materials', () => {
		it('sends what is missing or different, leaves equal records alone, and removes a learned record Bouwsoft lost', async () => {
			const staticData: IDataObject = {};
			const first = await runOutSmart(sim, { parameters: reconcile('material', 'delete'), items: materials('M1', 'M2', 'M3'), staticData });
			expect(first.error).toBeUndefined();
			expect(actions(first)).toEqual([
				'create material M1 done',
				'create material M2 done',
				'create material M3 done',
				'create material category link M1|G:VERF/01 Levis done',
				'create material category link M2|G:VERF/01 Levis done',
				'create material category link M3|G:VERF/01 Levis done',
			]);

			sim.resetRequests();
			const again = await runOutSmart(sim, { parameters: reconcile('material', 'delete'), items: materials('M1', 'M2', 'M3'), staticData });
			expect(again.error).toBeUndefined();
			expect(outputOf(again)).toEqual([]);
			// Two reads (materials, links), no write.
			expect(sim.requests.map((r) => `${r.method} ${r.endpoint}`)).toEqual(['GET materials', 'GET material_categories']);
			expect(hints(again)).toContain('created 0');

			const changed = [full(product('M1', { price_catalogue: '21,40' })), full(product('M2'))];
			const third = await runOutSmart(sim, { parameters: reconcile('material', 'delete', { brakePercent: 50 }), items: changed, staticData });
			expect(third.error).toBeUndefined();
			expect(actions(third)).toEqual([
				'delete material M3 done',
				'delete material category link M3|G:VERF/01 Levis done',
				'update material M1 done',
			]);
			expect(outputOf(third).find((json) => json.key === 'M1')?.changed).toEqual(['price']);
			expect(sim.store.get('materials', 'M1')).toMatchObject({ price: '21.40' });
			expect(sim.store.has('materials', 'M3')).toBe(false);
			expect(sim.store.has('material_categories', 'M3|G:VERF/01 Levis')).toBe(false);
			expect(sim.store.count('materials')).toBe(2);
			// Children first: the link went before the material.
			const deletes = sim.requests.filter((r) => r.endpoint === 'DeleteEntity').map((r) => `${String(r.query.entity)}:${String(r.query.value)}`);
			expect(deletes).toEqual(['material_category:M3', 'material:M3']);
			// What this run deleted was ours: nothing counts as left alone.
			expect(hints(third)).not.toContain('Left alone');
			expect(everything(third)).not.toContain(sim.token);
			expect(everything(third)).not.toContain(sim.softwareToken);
		});

		it('never touches a material made in OutSmart, and a first run with a new ledger removes no plain key', async () => {
			sim.store.seed('materials', [
				{ code: 'USER-1', description: 'Made in OutSmart', price: '1.00', unit: 'st' },
				{ code: 'M9', description: 'Imported long ago, gone from Bouwsoft', price: '1.00', unit: 'st' },
			]);
			const staticData: IDataObject = {};
			const first = await runOutSmart(sim, { parameters: reconcile('material', 'delete', { brakePercent: 100 }), items: materials('M1'), staticData });
			expect(first.error).toBeUndefined();
			expect(sim.store.has('materials', 'USER-1')).toBe(true);
			expect(sim.store.has('materials', 'M9')).toBe(true);
			const second = await runOutSmart(sim, { parameters: reconcile('material', 'delete', { brakePercent: 100 }), items: materials('M1'), staticData });
			expect(second.error).toBeUndefined();
			expect(sim.store.has('materials', 'USER-1')).toBe(true);
			expect(sim.store.has('materials', 'M9')).toBe(true);
			expect(outputOf(second)).toEqual([]);

			// "Every Record in OutSmart": the user says nobody makes materials by hand.
			const all = await runOutSmart(sim, { parameters: reconcile('material', 'delete', { brakePercent: 100, ownership: 'all' }), items: materials('M1'), staticData });
			expect(all.error).toBeUndefined();
			expect(sim.store.has('materials', 'USER-1')).toBe(false);
			expect(sim.store.has('materials', 'M9')).toBe(false);
			expect(sim.store.has('materials', 'M1')).toBe(true);
		});

		it('a material made in OutSmart keeps its link to one of our categories, also on the first run', async () => {
			sim.store.seed('materials', [{ code: 'USER-1', description: 'Made in OutSmart', price: '1.00', unit: 'st' }]);
			sim.store.seed('material_categories', [
				{ mct_mat_code: 'USER-1', mct_cat_code: 'G:VERF/01 Levis' },
				{ mct_mat_code: 'USER-1', mct_cat_code: 'EIGEN' },
			]);
			const run = await runOutSmart(sim, { parameters: reconcile('material', 'delete', { brakePercent: 100 }), items: materials('M1', 'M2'), staticData: {} });
			expect(run.error).toBeUndefined();
			expect(outputOf(run).filter((json) => String(json.key).startsWith('USER-1'))).toEqual([]);
			expect(sim.requests.filter((r) => r.endpoint === 'DeleteEntity')).toEqual([]);
			expect(sim.store.has('material_categories', 'USER-1|G:VERF/01 Levis')).toBe(true);
			expect(sim.store.has('material_categories', 'USER-1|EIGEN')).toBe(true);
			expect(hints(run)).toContain('Left alone: 1 material, 2 material category links');
		});

		it('a dry run learns only keys OutSmart holds (nothing it would only create)', async () => {
			const staticData: IDataObject = {};
			sim.store.seed('materials', [{ code: 'M1', description: 'x', price: '1', unit: 'st' }]);
			await runOutSmart(sim, { parameters: reconcile('material', 'delete', { dryRun: true }), items: materials('M1', 'M2'), staticData });
			expect((staticData['node:OutSmart'] as IDataObject).reconcileLedger).toEqual({ version: 1, keys: { materials: 'M1' } });
		});

		it('a manual run does not save what it learned (n8n keeps static data of production runs only)', async () => {
			const staticData: IDataObject = {};
			await runOutSmart(sim, { parameters: reconcile('material', 'delete'), items: materials('M1', 'M2'), staticData, mode: 'manual' });
			const second = await runOutSmart(sim, { parameters: reconcile('material', 'delete', { brakePercent: 100 }), items: materials('M1'), staticData, mode: 'manual' });
			expect(second.error).toBeUndefined();
			expect(sim.store.has('materials', 'M2')).toBe(true);
			expect(staticData).toEqual({});
		});

		it('moves the category link of a product moved to another group; a material with links made in OutSmart keeps them all', async () => {
			const staticData: IDataObject = {};
			await runOutSmart(sim, { parameters: reconcile('material', 'delete'), items: materials('M1', 'M2'), staticData });
			const moved = [full(product('M1', { group: '02 Sikkens' })), full(product('M2', { group: '02 Sikkens' }))];
			sim.store.seed('material_categories', [{ mct_mat_code: 'M2', mct_cat_code: 'PROMO' }]);
			const run = await runOutSmart(sim, { parameters: reconcile('material', 'delete'), items: moved, staticData });
			expect(run.error).toBeUndefined();
			expect(actions(run)).toEqual([
				'create material category link M1|G:VERF/02 Sikkens done',
				'create material category link M2|G:VERF/02 Sikkens done',
				'delete material category link M1|G:VERF/01 Levis done',
				'report material category link M2|G:VERF/01 Levis reported',
			]);
			expect(String(outputOf(run).find((json) => json.key === 'M2|G:VERF/01 Levis')?.reason)).toContain('made in OutSmart');
			// OutSmart deletes links per material: M1's links went and its wanted one was posted again; M2 untouched.
			expect(sim.store.list('material_categories').map((l) => `${String(l.mct_mat_code)}|${String(l.mct_cat_code)}`).sort()).toEqual([
				'M1|G:VERF/02 Sikkens',
				'M2|G:VERF/01 Levis',
				'M2|G:VERF/02 Sikkens',
				'M2|PROMO',
			]);
		});

		it('deactivate mode: the links of a gone material stay with it', async () => {
			const staticData: IDataObject = {};
			await runOutSmart(sim, { parameters: reconcile('material', 'deactivate'), items: materials('M1', 'M2'), staticData });
			const run = await runOutSmart(sim, { parameters: reconcile('material', 'deactivate', { brakePercent: 100 }), items: materials('M1'), staticData });
			expect(run.error).toBeUndefined();
			expect(actions(run)).toEqual(['report material M2 reported', 'report material category link M2|G:VERF/01 Levis reported']);
			expect(sim.store.has('material_categories', 'M2|G:VERF/01 Levis')).toBe(true);
		});

		it('dry run: lists exactly what the real run then does, and changes nothing', async () => {
			const staticData: IDataObject = {};
			await runOutSmart(sim, { parameters: reconcile('material', 'delete'), items: materials('M1', 'M2', 'M3', 'M4'), staticData });
			const before = JSON.stringify(sim.store.list('materials')) + JSON.stringify(sim.store.list('material_categories'));
			const items = [full(product('M1', { description: 'Nieuw' })), full(product('M2')), full(product('M3')), full(product('M5'))];
			sim.resetRequests();
			const dry = await runOutSmart(sim, { parameters: reconcile('material', 'delete', { dryRun: true, brakePercent: 50 }), items, staticData });
			expect(dry.error).toBeUndefined();
			expect(JSON.stringify(sim.store.list('materials')) + JSON.stringify(sim.store.list('material_categories'))).toBe(before);
			expect(sim.requests.every((r) => r.method === 'GET' && r.endpoint !== 'DeleteEntity')).toBe(true);
			expect(hints(dry)).toContain('dry run, nothing changed');
			const real = await runOutSmart(sim, { parameters: reconcile('material', 'delete', { brakePercent: 50 }), items, staticData });
			expect(real.error).toBeUndefined();
			expect(actions(dry).map((a) => a.replace(/ dryRun$/, ''))).toEqual(actions(real).map((a) => a.replace(/ done$/, '')));
			expect(actions(real)).toEqual([
				'create material M5 done',
				'create material category link M5|G:VERF/01 Levis done',
				'delete material M4 done',
				'delete material category link M4|G:VERF/01 Levis done',
				'update material M1 done',
			]);
		});

		it('safety brake: more than 10 % would go → nothing removed, the run fails saying why; error output holds each record', async () => {
			const staticData: IDataObject = {};
			await runOutSmart(sim, { parameters: reconcile('material', 'delete'), items: materials('M1', 'M2', 'M3', 'M4', 'M5'), staticData });
			const stopped = await runOutSmart(sim, { parameters: reconcile('material', 'delete'), items: materials('M1', 'M2', 'M3', 'M4', 'M6'), staticData });
			expect(stopped.error?.message).toMatch(/safety brake's 10%/);
			expect(stopped.error?.message).toContain('1 of 5 OutSmart materials (20.0%)');
			expect(sim.store.has('materials', 'M5')).toBe(true);
			// The missing record was still sent: writes are safe.
			expect(sim.store.has('materials', 'M6')).toBe(true);

			const held = await runOutSmart(sim, { parameters: reconcile('material', 'delete'), items: materials('M1', 'M2', 'M3', 'M4'), staticData, continueOnFail: true });
			expect(held.error).toBeUndefined();
			const material = outputOf(held).find((json) => json.key === 'M5');
			expect(material).toMatchObject({ action: 'hold', held: 'delete', kind: 'material' });
			expect(String(material?.reason)).toContain('held by the safety brake');
			expect(sim.store.has('materials', 'M5')).toBe(true);

			const raised = await runOutSmart(sim, { parameters: reconcile('material', 'delete', { brakePercent: 50 }), items: materials('M1', 'M2', 'M3', 'M4'), staticData });
			expect(raised.error).toBeUndefined();
			expect(sim.store.has('materials', 'M5')).toBe(false);
			expect(sim.store.has('materials', 'M6')).toBe(false);
		});

		it('report only (default): lists the gone records, changes nothing of them', async () => {
			const staticData: IDataObject = {};
			await runOutSmart(sim, { parameters: reconcile('material', 'report'), items: materials('M1', 'M2'), staticData });
			const run = await runOutSmart(sim, { parameters: reconcile('material', 'report'), items: materials('M1'), staticData });
			expect(run.error).toBeUndefined();
			expect(actions(run)).toEqual(['report material M2 reported', 'report material category link M2|G:VERF/01 Levis reported']);
			expect(sim.store.has('materials', 'M2')).toBe(true);
			// Deactivate on a kind without an active flag is a report with the reason.
			const deactivate = await runOutSmart(sim, { parameters: reconcile('material', 'deactivate', { brakePercent: 100 }), items: materials('M1'), staticData });
			expect(outputOf(deactivate).find((json) => json.key === 'M2')?.reason).toMatch(/no active flag; choose Delete/);
			expect(sim.store.has('materials', 'M2')).toBe(true);
		});

		it('keeps the OutSmart record of a product whose mapping failed (it is still in Bouwsoft)', async () => {
			const staticData: IDataObject = {};
			await runOutSmart(sim, { parameters: reconcile('material', 'delete'), items: materials('M1', 'M2'), staticData });
			const broken = [full(product('M1')), full(product('M2', { description: '', description_localized: '' }))];
			const run = await runOutSmart(sim, { parameters: reconcile('material', 'delete', { brakePercent: 100 }), items: broken, staticData, continueOnFail: true });
			expect(sim.store.has('materials', 'M2')).toBe(true);
			const failed = outputOf(run).filter((json) => json.status === 'failed');
			expect(failed).toHaveLength(1);
			expect(failed[0]).toMatchObject({ key: 'M2', action: 'send' });
			expect(String(failed[0].fix)).toContain('description');
		});

		it('refuses input that is not a complete read, changing nothing', async () => {
			sim.store.seed('materials', [{ code: 'M9', description: 'x', price: '1', unit: 'st' }]);
			sim.resetRequests();
			const changes = await runOutSmart(sim, { parameters: reconcile('material', 'delete', { ownership: 'all', brakePercent: 100 }), items: [product('M1')] });
			expect(changes.error?.message).toMatch(/input item 0 is a change/);
			expect((changes.error as { description?: string }).description).toMatch(/Get Many", Scope "All" and Return All/);
			const partial = await runOutSmart(sim, {
				parameters: reconcile('material', 'delete', { ownership: 'all', brakePercent: 100 }),
				items: [{ ...product('M1'), _sync: { category: 'materials', id: '1', ts_lastupdate: '', reason: 'full' } }],
			});
			expect(partial.error?.message).toMatch(/does not come from a complete read/);
			expect(sim.requests).toEqual([]);
			expect(sim.store.has('materials', 'M9')).toBe(true);
		});

		it('an OutSmart table that cannot be read stops the run before anything is written or removed', async () => {
			sim.store.seed('materials', [{ code: 'M9', description: 'x', price: '1', unit: 'st' }]);
			sim.faults.add({ endpoint: 'material_categories', method: 'GET', status: 500 });
			const run = await runOutSmart(sim, { parameters: reconcile('material', 'delete', { ownership: 'all', brakePercent: 100 }), items: materials('M1') });
			expect(run.error?.message).toMatch(/could not read OutSmart's material category link records/);
			expect((run.error as { description?: string }).description).toMatch(/Nothing was changed in OutSmart/);
			expect(sim.store.has('materials', 'M9')).toBe(true);
			expect(sim.store.has('materials', 'M1')).toBe(false);
		});
	});

	describe('employees, relations, categories', () => {
		it('deactivates an employee who left; one already inactive gives no item', async () => {
			const staticData: IDataObject = {};
			const staff = [7, 8, 9].map((nr) => full(employee(nr, { firstname: `Name${nr}` })));
			await runOutSmart(sim, { parameters: reconcile('employee', 'deactivate'), items: staff, staticData });
			const run = await runOutSmart(sim, { parameters: reconcile('employee', 'deactivate', { brakePercent: 50 }), items: staff.slice(0, 2), staticData });
			expect(run.error).toBeUndefined();
			expect(actions(run)).toEqual(['deactivate employee 9 done']);
			expect(sim.store.get('employees', '9')).toMatchObject({ active: '0', firstname: 'Name9' });
			const again = await runOutSmart(sim, { parameters: reconcile('employee', 'deactivate', { brakePercent: 50 }), items: staff.slice(0, 2), staticData });
			expect(outputOf(again)).toEqual([]);
			expect(hints(again)).toContain('1 already inactive');
		});

		it('relations: a client no longer selected is deactivated, a removed contact deleted, a relation made in OutSmart untouched', async () => {
			const staticData: IDataObject = {};
			const withContacts = (nr: number, contacts: number[]) => full(client(nr, { contacts: contacts.map((id) => contact(id, { address_id: 300 + nr })) }));
			sim.store.seed('relations', [{ debtor_number: 'OS-77', name: 'Klant uit OutSmart', street: 'x', postal_code: '1', city: 'y' }]);
			await runOutSmart(sim, { parameters: reconcile('relation', 'deactivate'), items: [withContacts(1001, [71, 72]), withContacts(1002, [81]), withContacts(1003, [])], staticData });
			expect(sim.store.has('contactpersons', 'C-72')).toBe(true);
			const run = await runOutSmart(sim, {
				parameters: reconcile('relation', 'deactivate', { brakePercent: 50 }),
				items: [withContacts(1001, [71]), withContacts(1002, [81])],
				staticData,
			});
			expect(run.error).toBeUndefined();
			expect(actions(run)).toEqual(['deactivate relation 1003 done', 'report contact person C-72 reported']);
			expect(sim.store.get('relations', '1003')).toMatchObject({ active: '0' });
			expect(sim.store.get('relations', 'OS-77')).toMatchObject({ name: 'Klant uit OutSmart' });
			const del = await runOutSmart(sim, { parameters: reconcile('relation', 'delete', { brakePercent: 50 }), items: [withContacts(1001, [71]), withContacts(1002, [81])], staticData });
			expect(del.error).toBeUndefined();
			expect(sim.store.has('contactpersons', 'C-72')).toBe(false);
			expect(sim.store.has('relations', '1003')).toBe(false);
			expect(sim.store.has('relations', 'OS-77')).toBe(true);
			expect(sim.store.has('contactpersons', 'C-71')).toBe(true);
		});

		it('contact persons are not reconciled when the Bouwsoft read had no contacts (they would all look gone)', async () => {
			const withContacts = (nr: number, contacts: number[]) => full(client(nr, { contacts: contacts.map((id) => contact(id, { address_id: 300 + nr })) }));
			await runOutSmart(sim, { parameters: reconcile('relation', 'delete'), items: [withContacts(1001, [71, 72])] });
			sim.resetRequests();
			const run = await runOutSmart(sim, { parameters: reconcile('relation', 'delete', { brakePercent: 100 }), items: [full(client(1001))] });
			expect(run.error).toBeUndefined();
			expect(sim.store.has('contactpersons', 'C-71')).toBe(true);
			expect(sim.store.has('contactpersons', 'C-72')).toBe(true);
			expect(sim.requests.map((r) => r.endpoint)).toEqual(['relations']);
			expect(hints(run)).toContain('contact persons were not reconciled: the Bouwsoft node did not read them (turn on Contacts');
			const only = await runOutSmart(sim, { parameters: reconcile('contactPerson', 'delete', { brakePercent: 100 }), items: [full(client(1001))] });
			expect(only.error?.message).toContain('turn on Contacts');
		});

		it('refuses records of another category (every record of the resource would look gone)', async () => {
			sim.store.seed('employees', [{ number: '7', firstname: 'Jan', lastname: 'Peeters' }]);
			const run = await runOutSmart(sim, { parameters: reconcile('employee', 'delete', { ownership: 'all', brakePercent: 100 }), items: materials('M1') });
			expect(run.error?.message).toContain('Reconcile of Employee records got a Bouwsoft "materials" record');
			expect(sim.store.has('employees', '7')).toBe(true);
		});

		it('categories: our codes only, children before parents', async () => {
			sim.store.seed('categories', [
				{ cat_code: 'L:OUD', cat_name: 'Oud', cat_display: '1' },
				{ cat_code: 'G:OUD/01', cat_name: 'Oud 01', cat_display: '1', cat_cat_code: 'L:OUD' },
				{ cat_code: 'EIGEN', cat_name: 'Made in OutSmart', cat_display: '1' },
			]);
			const items = [full(category('VERF', null)), full(category('VERF', '01 Levis'))];
			const run = await runOutSmart(sim, { parameters: reconcile('materialCategory', 'delete', { brakePercent: 100 }), items });
			expect(run.error).toBeUndefined();
			const deletes = sim.requests.filter((r) => r.endpoint === 'DeleteEntity' && r.query.entity === 'category').map((r) => r.query.value);
			expect(deletes).toEqual(['G:OUD/01', 'L:OUD']);
			expect(sim.store.has('categories', 'EIGEN')).toBe(true);
			expect(sim.store.has('categories', 'G:VERF/01 Levis')).toBe(true);
			const hide = await runOutSmart(sim, { parameters: reconcile('materialCategory', 'deactivate', { brakePercent: 100 }), items: items.slice(0, 1) });
			expect(hide.error).toBeUndefined();
			expect(sim.store.get('categories', 'G:VERF/01 Levis')).toMatchObject({ cat_display: '0' });
		});
	});

	describe('projects and work orders', () => {
		const withPhases = (pnr: number, phases: number[]) => full(project(pnr, { activities: phases.map((id) => phase(id, pnr)) }));

		it('a gone project: its P- order is deleted while not picked up, then the project; a project with a child that stays is deactivated instead', async () => {
			const staticData: IDataObject = {};
			await runOutSmart(sim, {
				parameters: reconcile('project', 'delete'),
				items: [withPhases(25001, [1]), withPhases(25002, []), withPhases(25003, []), withPhases(25004, [4])],
				staticData,
			});
			const started = sim.store.workordersByNo('P-25003')[0];
			sim.store.patchWorkorder(Number(started.row_id), { status: 'Opgehaald' });
			sim.resetRequests();
			const run = await runOutSmart(sim, { parameters: reconcile('project', 'delete', { brakePercent: 100 }), items: [withPhases(25001, [1])], staticData });
			expect(run.error).toBeUndefined();
			// 25002: order not picked up → deleted (by its row, after a fresh look), then the project.
			expect(sim.store.workordersByNo('P-25002')).toHaveLength(0);
			expect(sim.store.has('projects', '25002')).toBe(false);
			const order = sim.requests.filter((r) => r.endpoint === 'DeleteEntity').map((r) => `${String(r.query.entity)}:${String(r.query.key)}`);
			expect(order.indexOf('workorder:db_row')).toBeLessThan(order.indexOf('project:code'));
			expect(sim.requests.some((r) => r.endpoint === 'GetWorkorder' && r.query.update_status === 'false')).toBe(true);
			// 25003: a technician has its order → the order stays, the project is deactivated, not deleted.
			expect(sim.store.workordersByNo('P-25003')).toHaveLength(1);
			const out = outputOf(run);
			expect(out.find((json) => json.key === 'P-25003')).toMatchObject({ action: 'keep' });
			expect(String(out.find((json) => json.key === 'P-25003')?.reason)).toContain('"Opgehaald"');
			expect(sim.store.get('projects', '25003')).toMatchObject({ active: '0' });
			expect(String(out.find((json) => json.key === '25003')?.reason)).toContain('deactivated instead of deleted: work order P-25003 stays in OutSmart');
			// 25004: OutSmart documents no delete for activities → reported; the project is deactivated.
			expect(String(out.find((json) => json.key === 'PH-4')?.reason)).toContain("OutSmart's API documents no delete for project activities");
			expect(sim.store.get('projects', '25004')).toMatchObject({ active: '0' });
			expect(sim.store.workordersByNo('P-25001')).toHaveLength(1);
			expect(sim.statusFlipCalls).toHaveLength(0);
		});

		it('an order picked up between the read and its delete is kept; an order sharing its number is never deleted with it', async () => {
			const staticData: IDataObject = {};
			await runOutSmart(sim, { parameters: reconcile('workOrder', 'delete'), items: [full(assignment(1)), full(assignment(2)), full(assignment(3))], staticData });
			sim.addWorkorder({ ...sim.store.workordersByNo('A-3')[0], WorkorderNo: 'A-3', status: 'Klaargezet' });
			sim.store.patchWorkorder(Number(sim.store.workordersByNo('A-3')[1].row_id), { status: 'Opgehaald' });
			// A-2 is picked up after Reconcile read the list, before it deletes.
			const a2 = Number(sim.store.workordersByNo('A-2')[0].row_id);
			// The fresh look at the order is held 100 ms; the technician picks it up meanwhile.
			sim.resetRequests();
			sim.faults.add({ endpoint: 'GetWorkorder', delayMs: 100, times: 1 });
			const onRead = setInterval(() => {
				if (sim.requests.some((r) => r.endpoint === 'GetWorkorder')) {
					sim.store.patchWorkorder(a2, { status: 'Opgehaald' });
					clearInterval(onRead);
				}
			}, 1);
			const run = await runOutSmart(sim, { parameters: reconcile('workOrder', 'delete', { brakePercent: 100 }), items: [full(assignment(1))], staticData });
			clearInterval(onRead);
			expect(run.error).toBeUndefined();
			expect(sim.store.workordersByNo('A-2')).toHaveLength(1);
			expect(sim.store.workordersByNo('A-3')).toHaveLength(2);
			const out = outputOf(run);
			expect(out.find((json) => json.key === 'A-2')).toMatchObject({ action: 'keep' });
			// Kept by the fresh look right before the delete, not by the list read.
			expect(String(out.find((json) => json.key === 'A-2')?.reason)).toContain('"Opgehaald" in OutSmart (a technician has it) since the read');
			expect(out.find((json) => json.key === 'A-3')).toMatchObject({ action: 'keep' });
			expect(sim.requests.filter((r) => r.endpoint === 'DeleteEntity')).toEqual([]);
		});

		it('work orders from assignments: A- orders only; P- orders and orders typed in OutSmart untouched', async () => {
			await runOutSmart(sim, { parameters: reconcile('project', 'report'), items: [withPhases(25001, [])] });
			sim.addWorkorder({ WorkorderNo: 'W-77', CustomerName: 'x' });
			const first = await runOutSmart(sim, { parameters: reconcile('workOrder', 'delete'), items: [full(assignment(1)), full(assignment(2))] });
			expect(first.error).toBeUndefined();
			expect(actions(first)).toEqual(['create work order A-1 done', 'create work order A-2 done']);
			const run = await runOutSmart(sim, { parameters: reconcile('workOrder', 'delete', { brakePercent: 100 }), items: [full(assignment(1))] });
			expect(run.error).toBeUndefined();
			expect(actions(run)).toEqual(['delete work order A-2 done']);
			expect(sim.store.workordersByNo('A-2')).toHaveLength(0);
			expect(sim.store.workordersByNo('P-25001')).toHaveLength(1);
			expect(sim.store.workordersByNo('W-77')).toHaveLength(1);
			// Nothing was marked as handled by the reads.
			expect(sim.statusFlipCalls).toHaveLength(0);
		});

		it('reschedules an order whose planned date changed in Bouwsoft; an equal one gives no request', async () => {
			sim.store.seed('employees', [{ number: '7', firstname: 'Jan', lastname: 'Peeters' }]);
			await runOutSmart(sim, { parameters: reconcile('workOrder', 'report'), items: [full(assignment(1)), full(assignment(2))] });
			sim.resetRequests();
			const moved = await runOutSmart(sim, { parameters: reconcile('workOrder', 'report'), items: [full(assignment(1, { dateplanned: '2025-03-20' })), full(assignment(2))] });
			expect(moved.error).toBeUndefined();
			expect(actions(moved)).toEqual(['update work order A-1 done']);
			expect(outputOf(moved)[0].changed).toEqual(['WorkDate']);
			expect(sim.requests.filter((r) => r.endpoint === 'UpdateWorkorder')).toHaveLength(1);
			expect(sim.store.workordersByNo('A-1')[0]).toMatchObject({ WorkDate: '20-03-2025' });
		});
	});
});
