/**
 * The nodes wait between retries with n8n-workflow's `sleep`. Each reliability test file replaces it
 * (jest.mock, see `instantSleep`) so retries cost no wall time, and records every requested delay so
 * tests can check that Retry-After was honoured without timing anything.
 *
 *   jest.mock('n8n-workflow', () => require('./lib/sleeps').instantSleep(jest.requireActual('n8n-workflow')));
 */
const REQUESTED: number[] = [];

export function instantSleep<T extends object>(actual: T): T {
	return {
		...actual,
		sleep: async (ms: number) => {
			REQUESTED.push(ms);
			await new Promise<void>((resolve) => setImmediate(resolve));
		},
	};
}

/** Delays (ms) the nodes asked for since the last call; clears the list. */
export function takeSleeps(): number[] {
	return REQUESTED.splice(0, REQUESTED.length);
}
