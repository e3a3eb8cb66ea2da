/**
 * The fault-matrix runner: inject a fault, run the real Trigger → OutSmart workflow while seeded edits land
 * in Bouwsoft, remove the fault, poll until nothing is left to do, then compare OutSmart with Bouwsoft.
 */
import type { RunWorkflowResult } from '../../harness';
import { cleanSeed, randomEdit } from './data';
import { FLOWS, errorText, startEnv, userError } from './env';
import type { EnvOptions, SyncEnv } from './env';
import { compareState } from './expected';
import type { Comparison } from './expected';
import { seededRng } from './rng';
import { takeSleeps } from './sleeps';

export interface FaultCase {
	name: string;
	flow: keyof typeof FLOWS;
	/** Install the fault; may return a function that removes it (default: clear both fault lists). */
	inject(env: SyncEnv): void | (() => void);
	/** Runs while the fault is active (default 2). */
	faultRuns?: number;
	/**
	 * 'retried': absorbed inside the run (no user-visible error);
	 * 'reported': at least one run fails with an error matching `cause`.
	 */
	expect: 'retried' | 'reported';
	cause?: RegExp;
	/** Edits per run while the fault is active (default 6). */
	editsPerRun?: number;
	env?: EnvOptions;
	/** Extra checks after recovery (e.g. Retry-After honoured). */
	check?(outcome: FaultOutcome, env: SyncEnv): void;
}

export interface FaultOutcome {
	name: string;
	runs: number;
	recoveryRuns: number;
	comparison: Comparison;
	errors: string[];
	/** Every delay the nodes asked for (ms). */
	sleeps: number[];
	pendingAtEnd: number;
	/** GetWorkorder(s) calls without update_status=false (they would mark orders as handled). */
	statusFlips: number;
	results: RunWorkflowResult[];
}

const MAX_RECOVERY_RUNS = 8;

export async function runFaultCase(fault: FaultCase, seed: number): Promise<FaultOutcome> {
	const env = await startEnv(fault.env);
	try {
		cleanSeed(env.bs);
		const flow = FLOWS[fault.flow];
		const rng = seededRng(seed);
		takeSleeps();
		const results: RunWorkflowResult[] = [];
		const errors: string[] = [];
		const remove = fault.inject(env);
		let stamp = 0;
		for (let i = 0; i < (fault.faultRuns ?? 2); i++) {
			if (i > 0) for (let e = 0; e < (fault.editsPerRun ?? 6); e++) randomEdit(env.bs, flow.category, rng, ++stamp);
			env.bs.clock.advanceSeconds(60);
			const result = await env.run(flow, { label: `${fault.name} fault run ${i + 1}` });
			results.push(result);
			if (userError(result)) errors.push(errorText(result));
		}
		if (typeof remove === 'function') remove();
		env.bs.faults.clear();
		env.os.faults.clear();
		env.os.setDown(false);
		env.bs.restoreRefreshToken();
		// Edits keep landing once after the fault, then we poll until the workflow has nothing to do.
		for (let e = 0; e < (fault.editsPerRun ?? 6); e++) randomEdit(env.bs, flow.category, rng, ++stamp);
		let recoveryRuns = 0;
		for (; recoveryRuns < MAX_RECOVERY_RUNS; ) {
			env.bs.clock.advanceSeconds(60);
			// Records OutSmart rejected (data failures) are retried after a pause; here it has passed.
			env.elapseRetryPause();
			const result = await env.run(flow, { label: `${fault.name} recovery run ${recoveryRuns + 1}` });
			results.push(result);
			recoveryRuns++;
			if (userError(result)) errors.push(`(after the fault) ${errorText(result)}`);
			if (!result.executed && !result.error && env.pending() === 0) break;
		}
		const outcome: FaultOutcome = {
			name: fault.name,
			runs: results.length,
			recoveryRuns,
			comparison: compareState(flow.category, env.bs, env.os),
			errors,
			sleeps: takeSleeps(),
			pendingAtEnd: env.pending(),
			statusFlips: env.os.statusFlips,
			results,
		};
		fault.check?.(outcome, env);
		return outcome;
	} finally {
		await env.close();
	}
}

export interface TableRow {
	fault: string;
	runs: number;
	records: number;
	lost: number;
	duplicated: number;
	error?: string;
}

export function formatTable(rows: TableRow[], withError = true): string {
	const header = ['fault', 'runs', 'records', 'lost', 'duplicated', ...(withError ? ['error the user sees (first failing run)'] : [])];
	const lines = rows.map((r) => [r.fault, String(r.runs), String(r.records), String(r.lost), String(r.duplicated), ...(withError ? [r.error ?? '— (absorbed by retries)'] : [])]);
	const md = [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
	return md.join('\n');
}
