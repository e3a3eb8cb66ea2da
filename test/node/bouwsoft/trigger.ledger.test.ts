import type { IDataObject } from 'n8n-workflow';

import { pendingIds, recordFailure } from '../../../nodes/shared/syncLedger';
import { ids, jsonOf, syncOf, triggerEnv } from './helpers';
import type { TriggerEnv } from './helpers';

/** After an OutSmart outage, everything on the retry list is re-sent in one poll, with few requests. */
describe('Bouwsoft Trigger — retry list (sync ledger) at scale', () => {
	let env: TriggerEnv;
	beforeEach(async () => {
		env = await triggerEnv({ seed: { employees: 1200 } });
		env.sim.clock.set(new Date('2025-03-31T09:00:00Z'));
	});
	afterEach(async () => await env.close());

	const failAll = (count: number) => {
		const global = ((env.staticData.global as IDataObject) ??= {});
		const failed = env.sim.store.all('Employees').slice(0, count);
		failed.forEach((e, i) => recordFailure(global, 'employees', String(e.id), String(e.nr), 'OutSmart unreachable', { now: new Date(Date.UTC(2025, 2, 31, 8, 0, i)) }));
		return failed.map((e) => String(e.id));
	};

	it('1,000 pending ids are all re-emitted on one poll with a bounded number of requests', async () => {
		jsonOf(await env.poll({ category: 'employees' }));
		const failed = failAll(1000);
		env.sim.resetRequests();
		const result = jsonOf(await env.poll({ category: 'employees' }));
		expect(ids(result).sort()).toEqual([...failed].sort());
		expect(result.every((i) => syncOf(i).reason === 'retry')).toBe(true);
		expect(syncOf(result[0]).summary?.retried).toBe(1000);
		// One read of the resource (pages of 500) plus the changes query — not one request per id.
		expect(env.sim.requestCount('Employees')).toBeLessThanOrEqual(5);
		// The trigger only re-sends; the OutSmart node clears entries that arrive.
		expect(pendingIds(env.staticData.global as IDataObject, 'employees')).toHaveLength(1000);
	});

	it('max records per poll bounds the retries; the oldest failures go first and the rest follow', async () => {
		const params = { category: 'employees', options: { maxRecordsPerPoll: 400 } };
		for (let i = 0; i < 5; i++) if (!(await env.poll(params)).output) break;
		const failed = failAll(1000);
		const first = jsonOf(await env.poll(params));
		expect(ids(first)).toEqual(failed.slice(0, 400));
		expect(syncOf(first[0]).summary?.notes).toEqual(expect.arrayContaining([expect.stringMatching(/600 records on the retry list wait/)]));
	});

	it('with the extended syntax, retries are looked up in or-batches', async () => {
		const params = { category: 'employees', options: { extendedFilterSyntax: true } };
		jsonOf(await env.poll(params));
		const failed = failAll(1000);
		env.sim.resetRequests();
		const result = jsonOf(await env.poll(params));
		expect(ids(result).sort()).toEqual([...failed].sort());
		expect(env.sim.requestCount('Employees')).toBeLessThanOrEqual(1000 / 40 + 2);
	});
});
