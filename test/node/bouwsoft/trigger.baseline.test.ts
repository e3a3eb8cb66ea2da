import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import { clearRememberedStates } from '../../../nodes/Bouwsoft/sync/cursor/memory';
import { ids, jsonOf, syncOf, triggerEnv } from './helpers';
import type { TriggerEnv } from './helpers';

/**
 * "Only Future Changes" under n8n 2.41's rule that trigger static data is stored only with an emitting poll
 * (the harness default, `saveOnEmit`): the baseline must survive quiet polls and restarts.
 */
describe('Bouwsoft Trigger — Only Future Changes (baseline) without stored state', () => {
	let env: TriggerEnv;
	beforeEach(async () => {
		clearRememberedStates();
		env = await triggerEnv();
		env.sim.clock.set(new Date('2025-03-31T09:00:00Z'));
	});
	afterEach(async () => await env.close());

	const params = { category: 'employees', firstRun: 'baseline' };

	it('quiet polls are not stored by n8n, yet an edit after activation is emitted exactly once', async () => {
		const baseline = await env.poll(params);
		expect(baseline.output).toBeNull();
		expect(baseline.staticDataSaved).toBe(false);
		for (let i = 0; i < 3; i++) {
			env.sim.clock.advanceSeconds(60);
			const quiet = await env.poll(params);
			expect(quiet.output).toBeNull();
			expect(quiet.staticDataSaved).toBe(false);
		}
		env.sim.store.update('Employees', 4, { city: 'Ieper' });
		const edit = await env.poll(params);
		expect(ids(jsonOf(edit))).toEqual(['4']);
		expect(edit.staticDataSaved).toBe(true);
		expect((await env.poll(params)).output).toBeNull();
	});

	it('an edit in the same second as the baseline, after it was taken, is delivered; the baseline records are not', async () => {
		env.sim.store.update('Employees', 2, { city: 'Aarlen' }); // the newest change at activation
		expect((await env.poll(params)).output).toBeNull();
		env.sim.store.update('Employees', 3, { city: 'Bastenaken' }); // same frozen second
		expect(ids(jsonOf(await env.poll(params)))).toEqual(['3']);
		expect((await env.poll(params)).output).toBeNull();
	});

	it('after an n8n restart before the first emit, the recent changes are re-sent instead of lost', async () => {
		expect((await env.poll(params)).output).toBeNull();
		env.sim.clock.advanceSeconds(120);
		env.sim.store.update('Employees', 4, { city: 'Ieper' });
		clearRememberedStates(); // n8n restarts: memory gone, nothing stored
		const restarted = await env.poll(params, { activation: 'init' });
		const items = jsonOf(restarted);
		expect(ids(items)).toContain('4');
		const newest = env.sim.store.all('Employees').map((e) => String(e.ts_lastupdate)).sort().at(-1)!;
		const format = 'yyyy-MM-dd HH:mm:ss';
		const floor = DateTime.fromFormat(newest, format, { zone: 'Europe/Brussels' }).minus({ hours: 24 }).toFormat(format);
		// Exactly the changes of the 24 hours before the newest change.
		const expected = env.sim.store.all('Employees').filter((e) => String(e.ts_lastupdate) > floor);
		expect(ids(items).sort()).toEqual(expected.map((e) => String(e.id)).sort());
		expect(items.length).toBeLessThan(env.sim.store.count('Employees'));
		expect(syncOf(items[0]).summary?.notes).toEqual(expect.arrayContaining([expect.stringMatching(/after an n8n restart/)]));
		expect(restarted.staticDataSaved).toBe(true);
		expect((await env.poll(params, { activation: 'init' })).output).toBeNull();
	});

	it('Restart Catch-Up 0 takes a new baseline after a restart instead', async () => {
		const noCatchUp = { ...params, options: { restartCatchUpHours: 0 } };
		expect((await env.poll(noCatchUp)).output).toBeNull();
		clearRememberedStates();
		expect((await env.poll(noCatchUp, { activation: 'init' })).output).toBeNull();
		env.sim.clock.advanceSeconds(30);
		env.sim.store.update('Employees', 5, { city: 'Waver' });
		expect(ids(jsonOf(await env.poll(noCatchUp)))).toEqual(['5']);
	});

	it('the remembered baseline belongs to one workflow: another one takes its own', async () => {
		expect((await env.poll(params)).output).toBeNull();
		const otherStaticData: IDataObject = {};
		const other = await env.poll(params, { workflowId: 'another-workflow', workflowStaticData: otherStaticData });
		expect(other.output).toBeNull();
		env.sim.clock.advanceSeconds(30);
		env.sim.store.update('Employees', 6, { city: 'Tienen' });
		expect(ids(jsonOf(await env.poll(params)))).toEqual(['6']);
		expect(ids(jsonOf(await env.poll(params, { workflowId: 'another-workflow', workflowStaticData: otherStaticData })))).toEqual(['6']);
	});

	it('relations with contacts: a contact edited after the baseline re-sends its relation', async () => {
		const relations = { category: 'relations', includeContacts: true, firstRun: 'baseline' };
		expect((await env.poll(relations)).output).toBeNull();
		const contact = env.sim.store
			.all('AddressContacts')
			.find((c) => {
				const a = env.sim.store.get('Addresses', Number(c.address_id));
				return a && Number(a.clientnr) > 0 && String(a.name).trim() !== '';
			})!;
		env.sim.clock.advanceSeconds(30);
		env.sim.store.update('AddressContacts', contact.id, { contact_email: 'later@voorbeeld.be' });
		const items = jsonOf(await env.poll(relations));
		expect(ids(items)).toEqual([String(contact.address_id)]);
		expect((await env.poll(relations)).output).toBeNull();
	});

	it('categories (no change dates): after a restart before the first emit, all are sent once', async () => {
		const categories = { category: 'categories', firstRun: 'baseline' };
		expect((await env.poll(categories)).output).toBeNull();
		clearRememberedStates();
		const items = jsonOf(await env.poll(categories, { activation: 'init' }));
		expect(items.length).toBeGreaterThan(0);
		expect(items.every((i) => syncOf(i).reason === 'full')).toBe(true);
		expect((await env.poll(categories, { activation: 'init' })).output).toBeNull();
	});
});
