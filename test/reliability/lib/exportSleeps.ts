/**
 * n8n's `sleep` for the export suite: instant and recorded as in sleeps.ts, or real (still recorded) while a
 * row needs the node's own waits to take wall time (a write Bouwsoft applies late: the node waits before it
 * reads the lines again, and that wait is what the row tests).
 *
 *   jest.mock('n8n-workflow', () => require('./lib/exportSleeps').switchableSleep(jest.requireActual('n8n-workflow')));
 */
import { instantSleep } from './sleeps';

let real = false;

export function setRealSleeps(on: boolean): void {
	real = on;
}

export function switchableSleep<T extends object>(actual: T): T {
	const instant = instantSleep(actual) as T & { sleep(ms: number): Promise<void> };
	return {
		...instant,
		sleep: async (ms: number) => {
			await instant.sleep(ms);
			if (real) await new Promise<void>((resolve) => setTimeout(resolve, ms));
		},
	};
}
