/**
 * The Reconcile matrix runner. Each row starts with fresh simulators and goes through the life of a customer:
 *
 * 1. *Baseline*: a production Reconcile run per flow (Delete) fills an empty OutSmart from the cleaned, scaled
 *    Bouwsoft seed and teaches the ledger every key.
 * 2. *Life goes on* (reconcileData.ts): the office deletes, deactivates, changes and adds records in Bouwsoft,
 *    users make their own records in OutSmart, technicians pick up work orders; the row may add its own data.
 * 3. *Fault pass*: the row's fault is installed, and every flow runs once (the nightly reconcile: employees,
 *    relations, materials, projects) in the row's removal mode.
 * 4. *Follow-up pass*: the fault is gone (and a row's data fix made); every flow runs once more.
 *
 * After each pass OutSmart is compared with what the data demands (reconcileExpected.ts), and the pass's
 * requests are audited (no DeleteEntity of a record Bouwsoft selects, no request on a user's record). After
 * the fault pass the comparison is with what a fault-free pass would have done: every difference must be
 * reported by the run (an item on the error output naming the record, or the execution's error).
 */
import type { IDataObject } from 'n8n-workflow';

import { cleanSeed } from './data';
import { applyScenario } from './reconcileData';
import type { Scenario } from './reconcileData';
import { RECONCILE_FLOWS, isWriteRequest, startReconcileEnv } from './reconcileEnv';
import type { FlowName, ReconcileCall, ReconcileEnv, ReconcileEnvOptions, ReconcileFlow, ReconcileRun, RemovedAction, Table } from './reconcileEnv';
import { auditRequests, checkState, FLOW_OF, History, snapshot, wantedNow } from './reconcileExpected';
import type { ExpectOptions, RequestAudit, Snapshot, StateCheck } from './reconcileExpected';
import { seededRng } from './rng';

export const SEED = 20250601;

export interface CaseContext {
	env: ReconcileEnv;
	history: History;
	scenario: Scenario;
}

export interface ReconcileCase {
	name: string;
	mode: RemovedAction;
	env?: ReconcileEnvOptions;
	/** More data changes after the common scenario. Returns the keys whose mapping now fails, per table. */
	prepare?(ctx: CaseContext): Map<Table, Set<string>> | void;
	/** Installs the fault; called before each flow's run of the fault pass. */
	inject?(ctx: CaseContext, flow: ReconcileFlow): void;
	/** Reconcile options of the fault pass and of the follow-up pass. */
	faultOptions?: IDataObject;
	followUpOptions?: IDataObject;
	/** Error handling of the OutSmart node in the fault pass (default: continue using the error output). */
	onError?: 'stopWorkflow';
	/** Flows whose safety brake must hold every removal in the fault pass. */
	braked?: FlowName[];
	/** 'absorbed': the fault pass reaches the fault-free result and reports nothing; 'reported': it reports failures. */
	expect: 'absorbed' | 'reported';
	/** The text the user must see for the first failure (error item or execution error). */
	cause?: RegExp;
	/** Data fix before the follow-up pass; returns the keys still claimed afterwards (mapping still failing). */
	fix?(ctx: CaseContext): Map<Table, Set<string>> | void;
	/** The data fix leaves records failing: the follow-up pass reports them again. */
	followUpFails?: boolean;
	/** More checks with the outcome. */
	check?(outcome: ReconcileOutcome, ctx: CaseContext): void | Promise<void>;
}

export interface PassOutcome {
	/** A Dry Run pass (its state is judged by its own test: OutSmart unchanged). */
	dry: boolean;
	runs: ReconcileRun[];
	before: Snapshot;
	after: Snapshot;
	/** Per flow: OutSmart before and after its run (text), for "changed nothing" checks. */
	perFlow: Record<string, { before: string; after: string }>;
	/** The pass judged against a fault-free pass: what is still undone. */
	state: StateCheck;
	audit: RequestAudit;
	/** Failure items and execution errors of the pass. */
	failures: number;
	errors: string[];
	/** Undone records (table:key) no failure item names. */
	unnamed: string[];
	/** Of those, the ones whose flow's run did not fail as a whole either (nothing tells the user about them). */
	unexplained: string[];
	/** Undone records, but no failure item and no execution error at all. */
	silent: boolean;
	requests: number;
	deletes: number;
	writes: number;
	firstError?: string;
}

export interface ReconcileOutcome {
	name: string;
	mode: RemovedAction;
	/** Records OutSmart must hold at the end. */
	records: number;
	/** Records of ours whose source is gone (the removal candidates). */
	gone: number;
	user: number;
	fault: PassOutcome;
	followUp: PassOutcome;
	/** Executions in all (baseline, fault pass, follow-up). */
	runs: number;
	statusFlips: number;
	/** The row's own check failed (see ReconcileCase.check). */
	checkError?: Error;
}

/**
 * Steps 1 and 2 for a fresh environment: the baseline runs (OutSmart filled, the ledger taught), then the
 * scenario. The caller closes the environment.
 */
export async function setUpReconcile(options?: ReconcileEnvOptions): Promise<CaseContext & { runs: number }> {
	const env = await startReconcileEnv(options);
	cleanSeed(env.bs);
	const history = new History(env.bs, env.os);
	for (const flow of RECONCILE_FLOWS) {
		history.noteWanted();
		const run = await env.reconcile(flow, { removedAction: 'delete' });
		if (run.error || run.failures.length) throw new Error(`baseline ${flow.name} failed: ${run.error ?? run.failures[0].error}`);
		history.noteLearned(flow.name);
	}
	const baseline = checkState(history, { mode: 'delete', before: snapshot(env.os), activitiesDeletable: env.os.options.extraDeleteEntities });
	if (baseline.problems.length) throw new Error(`baseline differs: ${baseline.problems.slice(0, 5).join('; ')}`);
	const scenario = applyScenario(env.bs, env.os, seededRng(SEED));
	history.user = scenario.user;
	return { env, history, scenario, runs: RECONCILE_FLOWS.length };
}

export async function runReconcileCase(c: ReconcileCase): Promise<ReconcileOutcome> {
	const ctx = await setUpReconcile(c.env);
	const { env, history } = ctx;
	try {
		const activitiesDeletable = env.os.options.extraDeleteEntities;
		let runs = ctx.runs;
		let claimed = c.prepare?.(ctx) ?? new Map<Table, Set<string>>();

		// 3. Fault pass.
		const options = (extra: Partial<ExpectOptions>, before: Snapshot): ExpectOptions => ({
			mode: c.mode,
			before,
			claimed,
			activitiesDeletable,
			learned: cloneSets(history.learned),
			...extra,
		});
		const faultBefore = snapshot(env.os);
		const faultExpect = options({ braked: c.braked }, faultBefore);
		const fault = await pass(env, history, c, { options: c.faultOptions, onError: c.onError }, faultExpect, (flow) => c.inject?.(ctx, flow));
		runs += fault.runs.length;
		env.os.faults.clear();
		env.bs.faults.clear();
		env.os.setDown(false);

		// 4. Follow-up pass, after the data fix. Records left alone on purpose are judged against the state
		// before the fault pass: nothing may have touched them in either pass.
		claimed = c.fix?.(ctx) ?? claimed;
		const followExpect = options({ braked: [] }, faultBefore);
		const followUp = await pass(env, history, c, { options: c.followUpOptions }, followExpect, () => undefined);
		runs += followUp.runs.length;
		const wantedAtEnd = wantedNow(env.bs);
		const goneKeys = [...history.ours].reduce((n, [table, keys]) => n + [...keys].filter((k) => !wantedAtEnd.get(table)?.has(k)).length, 0);
		const outcome: ReconcileOutcome = {
			name: c.name,
			mode: c.mode,
			records: followUp.state.records,
			gone: goneKeys,
			user: history.user.length,
			fault,
			followUp,
			runs,
			statusFlips: env.os.statusFlips,
		};
		try {
			await c.check?.(outcome, ctx);
		} catch (error) {
			// Thrown by the caller once the row is in the table.
			outcome.checkError = error as Error;
		}
		return outcome;
	} finally {
		await env.close();
	}
}

async function pass(
	env: ReconcileEnv,
	history: History,
	c: ReconcileCase,
	call: Pick<ReconcileCall, 'options' | 'onError'>,
	expect: ExpectOptions,
	beforeFlow: (flow: ReconcileFlow) => void,
): Promise<PassOutcome> {
	const wanted = wantedNow(env.bs);
	history.noteWanted(wanted);
	const before = snapshot(env.os);
	const runs: ReconcileRun[] = [];
	const perFlow: PassOutcome['perFlow'] = {};
	for (const flow of RECONCILE_FLOWS) {
		beforeFlow(flow);
		const flowBefore = snapshot(env.os).text;
		const run = await env.reconcile(flow, { removedAction: c.mode, ...call });
		runs.push(run);
		perFlow[flow.name] = { before: flowBefore, after: snapshot(env.os).text };
		// The ledger learns when the run got as far as reading OutSmart (restated from its documentation).
		if (!run.error && !run.failures.some((f) => /could not read OutSmart/.test(f.error ?? ''))) history.noteLearned(flow.name, wanted);
	}
	const after = snapshot(env.os);
	const state = checkState(history, { ...expect, latest: after });
	const audit = auditRequests(history, runs, wanted, before.writes);
	const named = new Set(runs.flatMap((r) => r.failures.map((f) => `${f.table}:${f.key}`)));
	const errors = runs.flatMap((r) => (r.error ? [r.error] : []));
	const failures = runs.reduce((n, r) => n + r.failures.length, 0);
	const unnamed = [...state.undone].filter((k) => !named.has(k));
	const failedFlows = new Set(runs.filter((r) => r.error).map((r) => r.flow));
	const unexplained = unnamed.filter((k) => !failedFlows.has(FLOW_OF[k.slice(0, k.indexOf(':')) as Table]));
	const requests = runs.flatMap((r) => r.requests);
	const firstFailure = runs.flatMap((r) => r.failures)[0];
	return {
		dry: call.options?.dryRun === true,
		runs,
		before,
		after,
		perFlow,
		state,
		audit,
		failures,
		errors,
		unnamed,
		unexplained,
		silent: state.undone.size > 0 && failures === 0 && errors.length === 0,
		requests: requests.length,
		deletes: requests.filter((r) => r.endpoint === 'DeleteEntity').length,
		writes: requests.filter(isWriteRequest).length,
		firstError: errors[0] ?? (firstFailure ? `${firstFailure.error ?? ''}` : undefined),
	};
}

function cloneSets<K, V>(map: Map<K, Set<V>>): Map<K, Set<V>> {
	return new Map([...map].map(([k, v]) => [k, new Set(v)]));
}

/** The error texts of a run, for matching a cause. */
export function errorTexts(run: ReconcileRun): string[] {
	return [...(run.error ? [run.error] : []), ...run.failures.map((f) => f.error ?? '')];
}

/** Output entries of a pass as `action|kind|key` (what Reconcile did or, dry, would do). */
export function actionSet(runs: ReconcileRun[]): string[] {
	return runs.flatMap((r) => r.entries.map((e) => `${r.flow}|${e.action}|${e.kind}|${e.key}`)).sort();
}

export interface TableRow {
	fault: string;
	mode: string;
	runs: number;
	records: number | string;
	gone: number | string;
	lost: number | string;
	duplicated: number | string;
	userTouched: number | string;
	removedWanted: number | string;
	goneLeft: number | string;
	reported: string;
	requests: string;
	error: string;
}

export function tableRow(o: ReconcileOutcome): TableRow {
	const f = o.fault;
	const listed = f.runs.reduce((n, r) => n + r.entries.length, 0);
	const reported = f.dry
		? `dry run: ${listed} items listed, OutSmart ${f.after.text === f.before.text ? 'unchanged byte for byte' : '**CHANGED**'}`
		: f.state.undone.size === 0 && f.failures === 0 && f.errors.length === 0
		? '— (nothing left undone)'
		: `${f.state.undone.size} undone, ${f.failures} failure item${f.failures === 1 ? '' : 's'}${f.errors.length ? ` + ${f.errors.length} error${f.errors.length > 1 ? 's' : ''}` : ''}${f.unexplained.length ? ` (**${f.unexplained.length} not reported**)` : ''}${f.silent ? ' **SILENT**' : ''}`;
	return {
		fault: o.name,
		mode: o.mode,
		runs: o.runs,
		records: o.records,
		gone: o.gone,
		lost: o.followUp.state.lost,
		duplicated: Math.max(o.fault.state.duplicated, o.followUp.state.duplicated),
		userTouched: Math.max(o.fault.state.userTouched, o.followUp.state.userTouched),
		removedWanted: o.fault.audit.deletedWanted.length + o.followUp.audit.deletedWanted.length,
		goneLeft: o.followUp.state.goneLeft,
		reported,
		requests: `${f.requests} (${f.deletes} deletes) / ${o.followUp.requests}`,
		error: shorten(f.firstError ?? '—'),
	};
}

export function shorten(text: string, max = 150): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function formatTable(rows: TableRow[]): string {
	const head = ['fault', 'mode', 'runs', 'records', 'gone (ours)', 'lost', 'duplicated', 'user records touched', 'deleted while selected', 'gone left after follow-up', 'fault pass reported', 'requests (fault pass / follow-up)', 'first error the user sees'];
	const lines = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
	for (const r of rows) {
		const cells = [r.fault, r.mode, r.runs, r.records, r.gone, r.lost, r.duplicated, r.userTouched, r.removedWanted, r.goneLeft, r.reported, r.requests, r.error];
		lines.push(`| ${cells.map((cell) => String(cell).replace(/\|/g, '\\|')).join(' | ')} |`);
	}
	return lines.join('\n');
}
