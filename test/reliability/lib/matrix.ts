/**
 * The fault-matrix runner: inject a fault, run the real Trigger → OutSmart workflow while seeded edits land
 * in Bouwsoft, remove the fault, then let the workflow recover the way a production one does: rounds of one
 * trigger poll and one run of the re-send branch (Bouwsoft Get Many, changed in the last 24 h → the same
 * OutSmart node, Skip Unchanged), until a round has nothing to do (the poll emits nothing, the re-send branch
 * finds every record already accepted by OutSmart). Then OutSmart is compared with Bouwsoft field by field.
 *
 * Two phases:
 * - `initial import` (default): the fault hits the first run, the full import. Records whose Bouwsoft change
 *   date is older than the re-send window (most of the seed) are not re-read by the re-send branch; if
 *   their write failed, the design leaves them to the full-sync template. The runner measures how many are
 *   left (`leftForNightly`, each must be outside the window: `windowLost` counts those inside it), then
 *   runs the full-sync branch once and compares again.
 * - `after initial import`: a clean full import first, then the fault hits the polls that carry the edits
 *   and one new record each (so creates, and for projects new work orders, meet the fault too).
 */
import type { RunWorkflowResult } from '../../harness';
import { formatTimestamp } from '../../simulators/bouwsoft';
import { cleanSeed, insertRecord, randomEdit } from './data';
import { actionsOf, FLOWS, errorText, startEnv, userError, workDone } from './env';
import type { EnvOptions, SyncEnv } from './env';
import { compareState } from './expected';
import type { Comparison } from './expected';
import { seededRng } from './rng';
import { takeSleeps } from './sleeps';

export type FaultPhase = 'initial import' | 'after initial import';

export interface FaultCase {
	name: string;
	flow: keyof typeof FLOWS;
	/** When the fault starts (default: with the first run, the initial full import). */
	phase?: FaultPhase;
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
	phase: FaultPhase;
	/** Executions in all: trigger polls (empty ones too), re-send runs, the nightly re-send if one ran. */
	runs: number;
	/** Recovery rounds (one poll + one re-send run each) until a round had nothing to do. */
	recoveryRounds: number;
	/**
	 * Executions after the fault (poll, re-send, poll, ...) until OutSmart first held every record changed
	 * inside the re-send window; undefined when it never did.
	 */
	recoveredWithin?: number;
	/** Records the re-send runs wrote (created/updated) after the fault. */
	resent: number;
	/** After the automatic recovery: records missing or outdated in OutSmart that changed inside the window. */
	windowLost: number;
	/** After the automatic recovery: records missing or outdated that changed before the window. */
	leftForNightly: number;
	/** The automatic recovery's comparison (before the nightly re-send), problems included. */
	automatic: Comparison;
	/** Final comparison (after the nightly re-send when one ran). */
	comparison: Comparison;
	/** Whether the nightly re-send branch ran (only when records were left for it). */
	nightlyRan: boolean;
	errors: string[];
	/** Every delay the nodes asked for (ms). */
	sleeps: number[];
	/** The last round still had work: the poll emitted, or the re-send run wrote or failed records. */
	workLeftAtEnd: boolean;
	/** GetWorkorder(s) calls without update_status=false (they would mark orders as handled). */
	statusFlips: number;
	results: RunWorkflowResult[];
}

export const MAX_RECOVERY_ROUNDS = 6;

export async function runFaultCase(fault: FaultCase, seed: number): Promise<FaultOutcome> {
	const env = await startEnv(fault.env);
	try {
		cleanSeed(env.bs);
		const flow = FLOWS[fault.flow];
		const phase = fault.phase ?? 'initial import';
		const rng = seededRng(seed);
		const results: RunWorkflowResult[] = [];
		const errors: string[] = [];
		const edits = fault.editsPerRun ?? 6;
		let stamp = 0;
		if (phase === 'after initial import') {
			env.bs.clock.advanceSeconds(60);
			const initial = await env.run(flow, { label: `${fault.name} initial import` });
			results.push(initial);
			if (userError(initial)) errors.push(`(before the fault) ${errorText(initial)}`);
		}
		takeSleeps();
		const remove = fault.inject(env);
		for (let i = 0; i < (fault.faultRuns ?? 2); i++) {
			// During the initial import the first run is the full import; later runs carry edits. After it, every
			// fault run carries edits and one new record (a new project brings a new work order).
			if (phase === 'after initial import') insertRecord(env.bs, flow.category, rng, ++stamp);
			if (i > 0 || phase === 'after initial import') for (let e = 0; e < edits; e++) randomEdit(env.bs, flow.category, rng, ++stamp);
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
		// Edits keep landing once after the fault, then poll + re-send rounds until one has nothing to do.
		for (let e = 0; e < edits; e++) randomEdit(env.bs, flow.category, rng, ++stamp);
		const windowed = () =>
			compareState(flow.category, env.bs, env.os, { changedAfter: formatTimestamp(env.drainSince().getTime(), 'Europe/Brussels') });
		let recoveryRounds = 0;
		let executions = 0;
		let recoveredWithin: number | undefined;
		let resent = 0;
		let workLeftAtEnd = true;
		const settled = () => {
			executions++;
			if (recoveredWithin === undefined) {
				const now = windowed();
				if (now.lost === 0 && now.duplicated === 0) recoveredWithin = executions;
			}
		};
		while (recoveryRounds < MAX_RECOVERY_ROUNDS) {
			recoveryRounds++;
			env.bs.clock.advanceSeconds(60);
			const polled = await env.run(flow, { label: `${fault.name} recovery poll ${recoveryRounds}` });
			results.push(polled);
			if (userError(polled)) errors.push(`(after the fault) ${errorText(polled)}`);
			settled();
			const drained = await env.drain(flow, { label: `${fault.name} recovery re-send ${recoveryRounds}` });
			results.push(drained);
			if (userError(drained)) errors.push(`(after the fault, re-send) ${errorText(drained)}`);
			settled();
			resent += actionsWritten(drained);
			workLeftAtEnd = polled.executed || !!polled.error || !!drained.error || workDone(drained) > 0;
			if (!workLeftAtEnd) break;
		}
		const automatic = windowed();
		let comparison = compareState(flow.category, env.bs, env.os);
		let nightlyRan = false;
		if (automatic.outsideWindow > 0) {
			// What the templates leave to their nightly branch: one run of it (everything, Skip Unchanged on).
			const nightly = await env.nightly(flow, { label: `${fault.name} nightly re-send` });
			results.push(nightly);
			nightlyRan = true;
			if (userError(nightly)) errors.push(`(after the fault, nightly re-send) ${errorText(nightly)}`);
			comparison = compareState(flow.category, env.bs, env.os);
		}
		const outcome: FaultOutcome = {
			name: fault.name,
			phase,
			runs: results.length,
			recoveryRounds,
			recoveredWithin,
			resent,
			windowLost: automatic.lost,
			leftForNightly: automatic.outsideWindow,
			automatic,
			comparison,
			nightlyRan,
			errors,
			sleeps: takeSleeps(),
			workLeftAtEnd,
			statusFlips: env.os.statusFlips,
			results,
		};
		fault.check?.(outcome, env);
		return outcome;
	} finally {
		await env.close();
	}
}

/** Records a run wrote (created, updated or upserted). */
export function actionsWritten(result: RunWorkflowResult): number {
	return actionsOf(result).filter((a) => a === 'created' || a === 'updated' || a === 'upserted').length;
}

/** After the fault the executions alternate poll, re-send, poll, ...: "2 polls + 1 re-send". */
export function recoveredText(o: FaultOutcome): string {
	const n = o.recoveredWithin;
	if (n === undefined) return 'never';
	const polls = Math.ceil(n / 2);
	const resends = Math.floor(n / 2);
	return `${polls} poll${polls > 1 ? 's' : ''}${resends ? ` + ${resends} re-send${resends > 1 ? 's' : ''}` : ''}`;
}

export interface TableRow {
	fault: string;
	runs: number;
	records: number;
	lost: number;
	duplicated: number;
	/** Executions after the fault until OutSmart held every record changed in the re-send window (recoveredText). */
	recoveredWithin?: string;
	/** Records older than the re-send window the automatic recovery left to the nightly re-send. */
	leftForNightly?: number;
	error?: string;
}

export function formatTable(rows: TableRow[], withError = true): string {
	const withRecovery = rows.some((r) => r.recoveredWithin !== undefined);
	const header = [
		'fault',
		'runs',
		'records',
		'lost',
		'duplicated',
		...(withRecovery ? ['recovered within (after the fault)', 'older than 24 h, left to the nightly re-send'] : []),
		...(withError ? ['error the user sees (first failing run)'] : []),
	];
	const lines = rows.map((r) => [
		r.fault,
		String(r.runs),
		String(r.records),
		String(r.lost),
		String(r.duplicated),
		...(withRecovery ? [r.recoveredWithin ?? '', String(r.leftForNightly ?? '')] : []),
		...(withError ? [r.error ?? '— (absorbed by retries)'] : []),
	]);
	const md = [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
	return md.join('\n');
}
