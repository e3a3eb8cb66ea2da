/**
 * The export fault matrix runner: fresh simulators and completed work orders, a fault installed, then the
 * template's workflow polled like n8n does (trigger mode, one static data object, the faked Date moved past
 * Retry After between polls) until every work order is acknowledged in OutSmart, or MAX_RUNS. The ledger
 * (exportEnv.ts) is compared after every run and at the end; every acknowledgement was checked on arrival.
 */
import { startExportEnv, MINUTE, RETRY_AFTER_MS, T0 } from './exportEnv';
import type { ExportEnv, ExportEnvOptions, ExportRun, LedgerState, RunOptions } from './exportEnv';
import { setRealSleeps } from './exportSleeps';
import { takeSleeps } from './sleeps';

/** Executions before a row gives up (the slowest rows need 3). */
export const MAX_RUNS = 8;

export interface ExportFault {
	name: string;
	side: 'Bouwsoft' | 'OutSmart' | 'n8n' | '—';
	/** Install the fault before the first run; may return what removes it (always: both fault lists cleared, OutSmart up). */
	inject?(env: ExportEnv): void | (() => void);
	/** Runs the fault stays (default 1; Infinity = for good). */
	faultRuns?: number;
	/** One execution; default `env.run(runOptions)`. For rows that start two overlapping executions. */
	run?(env: ExportEnv, index: number, runOptions: RunOptions): Promise<ExportRun[]>;
	runOptions?: RunOptions;
	env?: ExportEnvOptions;
	/**
	 * 'absorbed': no execution shows an error; 'reported': at least one does, the first matching `cause`;
	 * 'warned': no error, a warning on the Book items matching `cause`.
	 */
	expect: 'absorbed' | 'reported' | 'warned';
	cause?: RegExp;
	/** The row documents a known double booking (overlapping executions): duplicates are counted, not failed. */
	duplicatesExpected?: boolean;
	/** How often the technician's remark must be in the note of an A- order (default 1). */
	remarksOnAssignments?: number;
	check?(outcome: ExportOutcome, env: ExportEnv): void;
	/** Wait this long after the last run before comparing (a write the simulator applies late). */
	settleMs?: number;
	/** n8n's sleep takes real time in this row (the node's own wait after a time-out is what it tests). */
	realSleeps?: boolean;
	/**
	 * Real time between runs (the next poll comes Retry After later; the faked Date jumps, the simulators' timers
	 * do not): lets a write Bouwsoft applies late land before the next run, as it would in 15 minutes.
	 */
	pauseBetweenRunsMs?: number;
}

export interface ExportOutcome {
	name: string;
	/** Executions (polls; two overlapping ones count as two) until every order was acknowledged. */
	runs: number;
	orders: number;
	ledger: LedgerState;
	/** Orders still not acknowledged after MAX_RUNS. */
	outstanding: string[];
	/** Acknowledgements that came while a line of the order was missing in Bouwsoft (or not for one of our orders). */
	flipViolations: string[];
	flips: number;
	/** After a run: an order Afgehandeld whose lines were not all in Bouwsoft. */
	afgehandeldIncomplete: string[];
	errors: string[];
	warnings: string[];
	/** Did the poll after the last run emit anything (it must not: every order is acknowledged). */
	quietPollEmitted: number;
	sleeps: number[];
	bouwsoftWrites: Record<string, number>;
	/** After each run: lines of the ledger in Bouwsoft, and orders acknowledged. */
	progress: Array<{ run: number; linesInBouwsoft: number; acknowledged: number }>;
}

function advance(ms: number): void {
	jest.setSystemTime(Date.now() + ms);
}

export async function runExportFault(fault: ExportFault): Promise<ExportOutcome> {
	jest.setSystemTime(T0);
	takeSleeps();
	setRealSleeps(fault.realSleeps === true);
	const env = await startExportEnv(fault.env);
	try {
		const remove = fault.inject?.(env);
		const faultRuns = fault.faultRuns ?? 1;
		const errors: string[] = [];
		const warnings: string[] = [];
		const afgehandeldIncomplete: string[] = [];
		const progress: ExportOutcome['progress'] = [];
		let runs = 0;
		for (let index = 1; index <= MAX_RUNS; index++) {
			if (index > 1) advance(RETRY_AFTER_MS + MINUTE);
			if (index > 1 && fault.pauseBetweenRunsMs) await new Promise((resolve) => setTimeout(resolve, fault.pauseBetweenRunsMs));
			if (index === faultRuns + 1) {
				remove?.();
				env.bs.faults.clear();
				env.os.faults.clear();
				env.os.setDown(false);
			}
			const done = fault.run ? await fault.run(env, index, fault.runOptions ?? {}) : [await env.run({ ...fault.runOptions, label: `${fault.name}: run ${index}` })];
			runs += done.length;
			for (const run of done) {
				errors.push(...run.errors.map((e) => `run ${index}: ${e}`));
				warnings.push(...run.warnings);
			}
			const after = env.ledger();
			progress.push({ run: index, linesInBouwsoft: after.lines - after.lost, acknowledged: after.orders.filter((o) => o.afgehandeld).length });
			for (const order of after.orders) {
				if (order.afgehandeld && order.lost > 0) afgehandeldIncomplete.push(`after run ${index}: ${order.no} Afgehandeld with ${order.lost} line(s) missing`);
			}
			if (env.outstanding().length === 0) break;
			// Let a dropped keep-alive socket be noticed before the next run.
			await new Promise((resolve) => setImmediate(resolve));
		}
		if (fault.settleMs) await new Promise((resolve) => setTimeout(resolve, fault.settleMs));
		remove?.();
		env.bs.faults.clear();
		env.os.faults.clear();
		env.os.setDown(false);
		// One more poll after Retry After: nothing is ready any more, so nothing runs.
		advance(RETRY_AFTER_MS + MINUTE);
		const quiet = await env.run({ label: `${fault.name}: quiet poll` });
		return {
			name: fault.name,
			runs,
			orders: env.orders.length,
			ledger: env.ledger(),
			outstanding: env.outstanding(),
			flipViolations: [...env.flips.violations],
			flips: env.flips.total,
			afgehandeldIncomplete,
			errors,
			warnings,
			quietPollEmitted: quiet.emitted,
			sleeps: takeSleeps(),
			bouwsoftWrites: env.bs.writeCounts(),
			progress,
		};
	} finally {
		setRealSleeps(false);
		await env.close();
	}
}

export interface ExportRow {
	fault: string;
	side: string;
	runs: number;
	orders: number;
	lines: number;
	lost: number;
	duplicated: number;
	badAcks: number;
	error?: string;
}

export function exportRow(fault: ExportFault, o: ExportOutcome): ExportRow {
	const first = o.errors[0] ?? (fault.expect === 'warned' ? o.warnings[0] && `(warning) ${o.warnings[0]}` : undefined);
	return {
		fault: fault.name,
		side: fault.side,
		runs: o.runs,
		orders: o.orders,
		lines: o.ledger.lines,
		lost: o.ledger.lost,
		duplicated: o.ledger.duplicated,
		badAcks: o.flipViolations.length + o.afgehandeldIncomplete.length,
		...(first ? { error: first.length > 220 ? `${first.slice(0, 219)}…` : first } : {}),
	};
}

export function formatExportTable(rows: ExportRow[]): string {
	const header = ['fault', 'side', 'runs', 'orders', 'lines', 'lost', 'duplicated', 'acknowledged with a line missing', 'first error the user sees'];
	const lines = rows.map((r) => [
		r.fault,
		r.side,
		String(r.runs),
		String(r.orders),
		String(r.lines),
		String(r.lost),
		String(r.duplicated),
		String(r.badAcks),
		r.error ?? '— (absorbed in the run)',
	]);
	return [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`).join('\n');
}
