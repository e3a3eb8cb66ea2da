/**
 * Fault-matrix row for a Bouwsoft client time-out. The trigger's *Timeout (Seconds)* option is set to 2 s,
 * so one request that is answered only after 4 s times out without the test waiting for the 60 s default.
 */
jest.mock('n8n-workflow', () => require('./lib/sleeps').instantSleep(jest.requireActual('n8n-workflow')));

import { formatTable, recoveredText, runFaultCase } from './lib/matrix';
import { writeReport } from './lib/report';
import { findSecrets } from './lib/secrets';

jest.setTimeout(60_000);

it('fault matrix: Bouwsoft request times out once mid-paging (time limit 2 s, answer after 4 s)', async () => {
	let slowAnswers: { fired: number } | undefined;
	const outcome = await runFaultCase(
		{
			name: 'Bouwsoft time-out (no answer within the 2 s time limit, once, mid-paging)',
			flow: 'materials',
			faultRuns: 1,
			inject: (env) => {
				slowAnswers = env.bs.faults.add({ resource: 'Products', delayMs: 4_000, afterRequests: 1, times: 1 });
			},
			expect: 'retried',
			env: { triggerOptions: { timeoutSeconds: 2 } },
		},
		20250402,
	);
	const row = {
		fault: outcome.name,
		runs: outcome.runs,
		records: outcome.comparison.records,
		lost: outcome.comparison.lost,
		duplicated: outcome.comparison.duplicated,
		recoveredWithin: recoveredText(outcome),
		leftForNightly: outcome.leftForNightly,
		error: outcome.errors[0],
	};
	console.log(formatTable([row]));
	writeReport('bouwsoftTimeout', { rows: [row] });
	// The slow answer was given up on and the request retried (a retry waits through n8n's sleep).
	expect(slowAnswers?.fired).toBe(1);
	expect(outcome.sleeps.length).toBeGreaterThan(0);
	expect(outcome.comparison.problems).toEqual([]);
	expect(outcome.comparison.records).toBeGreaterThan(10);
	expect(outcome.errors).toEqual([]);
	expect(outcome.workLeftAtEnd).toBe(false);
	expect(outcome.windowLost).toBe(0);
	expect(outcome.leftForNightly).toBe(0);
	expect(outcome.nightlyRan).toBe(false);
	expect(findSecrets()).toEqual([]);
});
