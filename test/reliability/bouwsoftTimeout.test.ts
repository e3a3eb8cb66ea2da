/**
 * Fault-matrix row for a Bouwsoft client time-out. The Bouwsoft client's time limit (60 s) is not a node
 * option, so this file waits for one real time-out (~60 s); jest runs it in parallel with the other files.
 */
jest.mock('n8n-workflow', () => require('./lib/sleeps').instantSleep(jest.requireActual('n8n-workflow')));

import { formatTable, runFaultCase } from './lib/matrix';
import { writeReport } from './lib/report';
import { findSecrets } from './lib/secrets';

jest.setTimeout(180_000);

it('fault matrix: Bouwsoft request times out once mid-paging (answer after 61 s)', async () => {
	const outcome = await runFaultCase(
		{
			name: 'Bouwsoft time-out (no answer within 60 s, once, mid-paging)',
			flow: 'materials',
			faultRuns: 1,
			inject: (env) => void env.bs.faults.add({ resource: 'Products', delayMs: 61_000, afterRequests: 1, times: 1 }),
			expect: 'retried',
		},
		20250402,
	);
	const row = {
		fault: outcome.name,
		runs: outcome.runs,
		records: outcome.comparison.records,
		lost: outcome.comparison.lost,
		duplicated: outcome.comparison.duplicated,
		error: outcome.errors[0],
	};
	console.log(formatTable([row]));
	writeReport('bouwsoftTimeout', { rows: [row] });
	expect(outcome.comparison.problems).toEqual([]);
	expect(outcome.comparison.records).toBeGreaterThan(10);
	expect(outcome.errors).toEqual([]);
	expect(outcome.pendingAtEnd).toBe(0);
	expect(findSecrets()).toEqual([]);
});
