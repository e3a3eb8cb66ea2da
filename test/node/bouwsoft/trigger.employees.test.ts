import { ids, jsonOf, syncOf, triggerEnv } from './helpers';
import type { TriggerEnv } from './helpers';

describe.each(['filtered', 'table'] as const)('Bouwsoft Trigger — employees end to end (Content-Range total: %s)', (contentRangeTotal) => {
	let env: TriggerEnv;
	beforeEach(async () => {
		env = await triggerEnv({ contentRangeTotal });
		env.sim.clock.set(new Date('2025-03-31T09:00:00Z'));
	});
	afterEach(async () => await env.close());

	const params = { category: 'employees' };

	it('first run emits every employee, a quiet second poll emits nothing with one request, an edit once', async () => {
		const first = await env.poll(params);
		const items = jsonOf(first);
		const expected = env.sim.store.all('Employees').map((e) => String(e.id)).sort();
		expect(ids(items).sort()).toEqual(expected);
		expect(items.every((i) => syncOf(i).reason === 'full')).toBe(true);
		expect(syncOf(items[0]).summary).toBeDefined();
		expect(first.staticDataSaved).toBe(true);

		env.sim.resetRequests();
		const second = await env.poll(params);
		expect(second.error).toBeUndefined();
		expect(second.output).toBeNull();
		expect(env.sim.requestCount('Employees')).toBeLessThanOrEqual(1);

		env.sim.clock.advanceSeconds(120);
		const target = env.sim.store.all('Employees')[3];
		env.sim.store.update('Employees', target.id, { city: 'Mechelen' });
		const third = jsonOf(await env.poll(params));
		expect(ids(third)).toEqual([String(target.id)]);
		expect(third[0].city).toBe('Mechelen');
		expect(syncOf(third[0]).reason).toBe('changed');

		env.sim.clock.advanceSeconds(60);
		const fourth = await env.poll(params);
		expect(fourth.error).toBeUndefined();
		expect(fourth.output).toBeNull();
	});
});
