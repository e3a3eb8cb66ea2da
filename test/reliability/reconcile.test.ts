/**
 * Reconcile under faults: the published workflow *Bouwsoft Get Many (All) → OutSmart Reconcile* for employees,
 * relations, materials and projects, against both simulators, with a realistic history (a filled OutSmart, a
 * few % of Bouwsoft deleted, taken out of the selection, deactivated and changed, records users made in
 * OutSmart, work orders technicians have picked up). Each row: a fault pass, then a clean follow-up pass; the
 * end state is compared with what the data demands (lib/reconcileExpected.ts): 0 lost, 0 duplicated, 0 user
 * records touched, nothing deleted that Bouwsoft still selects, every gone record of ours removed or
 * deactivated, and a fault pass that leaves anything undone says so. See RELIABILITY.md, *Reconcile*.
 */
jest.mock('n8n-workflow', () => require('./lib/sleeps').instantSleep(jest.requireActual('n8n-workflow')));

import { cleanSeed } from './lib/data';
import { writeReport } from './lib/report';
import { applyScenario } from './lib/reconcileData';
import { RECONCILE_FLOWS, isWriteRequest, startReconcileEnv } from './lib/reconcileEnv';
import type { ReconcileRun, Table } from './lib/reconcileEnv';
import { checkState, History, snapshot, wantedNow } from './lib/reconcileExpected';
import { actionSet, errorTexts, formatTable, runReconcileCase, SEED, setUpReconcile, shorten, tableRow } from './lib/reconcileMatrix';
import type { CaseContext, ReconcileCase, ReconcileOutcome, TableRow } from './lib/reconcileMatrix';
import { seededRng } from './lib/rng';
import { auditStats, findSecrets } from './lib/secrets';
import { takeSleeps } from './lib/sleeps';

const DELETE_ENTITY = (endpoint: string) => endpoint === 'DeleteEntity';
type Bouwsoft = CaseContext['env']['bs'];
/** A Bouwsoft table, typed as the test reads it. */
const table = <T>(bs: Bouwsoft, resource: string): readonly T[] => bs.store.all(resource) as unknown as readonly T[];
const flowRun = (o: ReconcileOutcome, flow: string, pass: 'fault' | 'followUp' = 'fault'): ReconcileRun => {
	const run = o[pass].runs.find((r) => r.flow === flow);
	if (!run) throw new Error(`no ${flow} run`);
	return run;
};
/** A flow's run of the fault pass changed nothing in OutSmart and sent no write. */
const changedNothing = (o: ReconcileOutcome, flow: string) => {
	const run = flowRun(o, flow);
	expect(run.requests.filter(isWriteRequest)).toEqual([]);
	expect(o.fault.perFlow[flow].after).toBe(o.fault.perFlow[flow].before);
};

const removalFaults = (label: string, rule: { status?: number; code?: number; dropConnection?: boolean; afterProcessing?: boolean }, cause: RegExp): ReconcileCase[] => [
	{
		name: `${label} on DeleteEntity, once`,
		mode: 'delete',
		inject: ({ env }, flow) => void (flow.name === 'employees' && env.os.faults.add({ endpoint: 'DeleteEntity', times: 1, ...rule })),
		expect: 'absorbed',
	},
	{
		name: `${label} on DeleteEntity, 6 calls in a row`,
		mode: 'delete',
		// From the relations' first removal: two relations, contacts, their retries.
		inject: ({ env }, flow) => void (flow.name === 'relations' && env.os.faults.add({ endpoint: 'DeleteEntity', times: 6, ...rule })),
		expect: 'reported',
		cause,
	},
];

/**
 * After a row: the office brings a deleted employee back and makes the former client a client again; the
 * next run re-creates the employee and reactivates (or re-creates) the relation with its contacts.
 */
async function comesBack(ctx: CaseContext, mode: 'delete' | 'deactivate'): Promise<void> {
	const { env, history, scenario } = ctx;
	env.bs.store.insert('Employees', { ...scenario.edits.deletedEmployee, ts_lastupdate: undefined } as never);
	env.bs.store.update('Addresses', scenario.edits.notClient.id, { clientnr: scenario.edits.notClient.clientnr } as never);
	const before = snapshot(env.os);
	history.noteWanted();
	const runs: ReconcileRun[] = [];
	for (const flow of RECONCILE_FLOWS.filter((f) => f.name === 'employees' || f.name === 'relations')) runs.push(await env.reconcile(flow, { removedAction: mode }));
	expect(runs.flatMap((r) => r.failures)).toEqual([]);
	const state = checkState(history, { mode, before, latest: snapshot(env.os), activitiesDeletable: true });
	expect(state.problems).toEqual([]);
	expect(env.os.store.get('relations', String(scenario.edits.notClient.clientnr))?.active).toBe('1');
	expect(env.os.store.get('employees', String(scenario.edits.deletedEmployee.nr))).toBeDefined();
}

const CASES: ReconcileCase[] = [
	{ name: 'No fault (then a deleted employee and a former client come back)', mode: 'delete', expect: 'absorbed', check: (_o, ctx) => comesBack(ctx, 'delete') },
	{ name: 'No fault (then a deleted employee and a former client come back)', mode: 'deactivate', expect: 'absorbed', check: (_o, ctx) => comesBack(ctx, 'deactivate') },
	{ name: 'No fault', mode: 'report', expect: 'absorbed' },
	{
		name: 'No fault, OutSmart cannot delete project activities (DeleteEntity as documented)',
		mode: 'delete',
		env: { outSmart: { extraDeleteEntities: false } },
		expect: 'absorbed',
		check: (o) => {
			const activities = flowRun(o, 'projects').entries.filter((e) => e.table === 'project_activities' && e.action !== 'update' && e.action !== 'create');
			expect(activities.length).toBeGreaterThan(0);
			for (const a of activities) expect(a).toMatchObject({ action: 'report', status: 'reported', reason: expect.stringMatching(/documents no delete for project activities/) });
		},
	},
	...removalFaults('OutSmart HTTP 500', { status: 500 }, /HTTP 500/),
	...removalFaults('OutSmart code 1007', { code: 1007 }, /1007/),
	...removalFaults('Dropped connection', { dropConnection: true }, /connection|socket|ECONNRESET/i),
	...removalFaults('Lost answer after the delete was applied (HTTP 502)', { status: 502, afterProcessing: true }, /HTTP 502/),
	{
		name: 'OutSmart 429 + Retry-After 2 s on DeleteEntity, once',
		mode: 'delete',
		inject: ({ env }, flow) => {
			if (flow.name !== 'relations') return;
			takeSleeps();
			env.os.faults.add({ endpoint: 'DeleteEntity', status: 429, retryAfter: 2, times: 1 });
		},
		expect: 'absorbed',
		check: () => expect(Math.max(0, ...takeSleeps())).toBeGreaterThanOrEqual(2000),
	},
	{
		name: 'Bouwsoft read fails (AddressContacts HTTP 500, every attempt): Reconcile never runs',
		mode: 'delete',
		inject: ({ env }, flow) => {
			env.bs.faults.clear();
			if (flow.name === 'relations') env.bs.faults.add({ resource: 'AddressContacts', status: 500 });
		},
		expect: 'reported',
		cause: /AddressContacts.*HTTP 500/,
		check: (o) => {
			changedNothing(o, 'relations');
			expect(flowRun(o, 'relations').requests).toEqual([]);
		},
	},
	{
		name: 'OutSmart HTTP 500 on DeleteEntity, 6 calls in a row, On Error: Stop Workflow',
		mode: 'delete',
		inject: ({ env }, flow) => void (flow.name === 'relations' && env.os.faults.add({ endpoint: 'DeleteEntity', times: 6, status: 500 })),
		onError: 'stopWorkflow',
		expect: 'reported',
		cause: /^Reconcile: \d+ records? could not be reconciled\. First: .*HTTP 500/,
		check: (o) => expect(flowRun(o, 'relations').error).toMatch(/could not be reconciled/),
	},
	{
		name: "Lost answers on a material's link repair (its DeleteEntity applied, every answer lost)",
		mode: 'delete',
		inject: ({ env }, flow) => {
			env.os.faults.clear();
			if (flow.name === 'materials') env.os.faults.add({ endpoint: 'DeleteEntity', status: 502, afterProcessing: true, times: 2 });
		},
		expect: 'reported',
		cause: /HTTP 502/,
	},
	{
		name: "HTTP 500 on the re-post of a material's other links (after its links were deleted)",
		mode: 'delete',
		inject: ({ env }, flow) => {
			env.os.faults.clear();
			if (flow.name === 'materials') env.when(DELETE_ENTITY, 1, () => env.os.faults.add({ endpoint: 'material_categories', method: 'POST', status: 500 }));
		},
		expect: 'reported',
		cause: /HTTP 500/,
	},
	{
		name: 'OutSmart down from the 3rd DeleteEntity to the end of the pass (interrupted run, resumed the next night)',
		mode: 'delete',
		inject: ({ env }, flow) => void (flow.name === 'employees' && env.when(DELETE_ENTITY, 3, () => env.os.setDown(true))),
		expect: 'reported',
		cause: /Could not reach OutSmart|connection/i,
		check: (o) => {
			// The flows after the outage could not read OutSmart: they changed nothing.
			for (const flow of ['materials', 'projects']) changedNothing(o, flow);
			expect(flowRun(o, 'relations').failures.some((f) => f.action === 'delete')).toBe(true);
		},
	},
	{
		name: "OutSmart down from the relations' deactivation to the end of the pass (interrupted run, resumed)",
		mode: 'deactivate',
		// The relations run posts its one changed relation first, then the deactivations: down at the second POST.
		inject: ({ env }, flow) => void (flow.name === 'employees' && env.when((e, m) => e === 'relations' && m === 'POST', 2, () => env.os.setDown(true))),
		expect: 'reported',
		cause: /Could not reach OutSmart|connection/i,
		check: (o) => {
			expect(flowRun(o, 'relations').failures.filter((f) => f.action === 'deactivate').length).toBe(2);
			for (const flow of ['materials', 'projects']) changedNothing(o, flow);
		},
	},
	{
		name: 'HTTP 500 on the deactivation re-posts (employees, relations, projects), every call',
		mode: 'deactivate',
		inject: ({ env }, flow) => {
			env.os.faults.clear();
			const endpoint = { employees: 'employees', relations: 'relations', projects: 'projects' }[flow.name as string];
			if (endpoint) env.os.faults.add({ endpoint, method: 'POST', afterRequests: 1, status: 500 });
		},
		expect: 'reported',
		cause: /HTTP 500/,
	},
	{
		name: "OutSmart cannot read its contact persons (HTTP 500 on every GET contactpersons)",
		mode: 'delete',
		inject: ({ env }, flow) => {
			env.os.faults.clear();
			if (flow.name === 'relations') env.os.faults.add({ endpoint: 'contactpersons', method: 'GET', status: 500 });
		},
		expect: 'reported',
		cause: /could not read OutSmart's contact person records/,
		check: (o) => changedNothing(o, 'relations'),
	},
	{
		name: 'OutSmart cannot list its work orders (code 1007 on every GetWorkorders)',
		mode: 'delete',
		inject: ({ env }, flow) => {
			env.os.faults.clear();
			if (flow.name === 'projects') env.os.faults.add({ endpoint: 'GetWorkorders', code: 1007 });
		},
		expect: 'reported',
		cause: /could not read OutSmart's work order records/,
		check: (o) => changedNothing(o, 'projects'),
	},
	{
		name: 'OutSmart rejects one project (Bouwsoft approval date 2025-02-30 → code 1701); removals go on',
		mode: 'delete',
		prepare: ({ env }) => badProject(env.bs, '2025-02-30'),
		fix: ({ env }) => badProject(env.bs, '2025-02-28'),
		expect: 'reported',
		cause: /1701|date/i,
		check: (o) => {
			// Exactly the rejected project is undone; the projects' removals all happened in the same run.
			expect([...o.fault.state.undone]).toEqual([`projects:${badPnr}`]);
			expect(flowRun(o, 'projects').entries.filter((e) => e.action === 'delete' && e.status === 'done').length).toBeGreaterThan(0);
		},
	},
	{
		name: 'Safety brake: 7 of 30 employees gone (23 % > 10 %): nothing removed; next run with the brake at 25 %',
		mode: 'delete',
		prepare: ({ env }) => {
			const employees = [...table<{ id: number; active: unknown }>(env.bs, 'Employees')].filter((e) => e.active === true);
			for (const e of employees.slice(0, 6)) env.bs.store.remove('Employees', e.id);
		},
		braked: ['employees'],
		followUpOptions: { brakePercent: 25 },
		expect: 'reported',
		cause: /safety brake|Held by the safety brake/i,
		check: (o) => {
			const run = flowRun(o, 'employees');
			expect(run.requests.filter((r) => r.endpoint === 'DeleteEntity')).toEqual([]);
			expect(run.entries.filter((e) => e.action === 'hold').length).toBe(7);
			expect(flowRun(o, 'employees', 'followUp').entries.filter((e) => e.action === 'delete' && e.status === 'done').length).toBe(7);
		},
	},
	{
		name: 'Mapping fails: a product without description, a relation without postal code, a project without name (still unfixed in the follow-up)',
		mode: 'delete',
		prepare: ({ env }) => unmappable(env.bs),
		fix: ({ env }) => unmappable(env.bs, false),
		followUpFails: true,
		expect: 'reported',
		cause: /Required OutSmart field/,
		check: (o, ctx) => {
			const claimed = unmappable(ctx.env.bs, false);
			for (const pass of ['fault', 'followUp'] as const) {
				const named = o[pass].runs.flatMap((r) => r.failures.map((f) => `${f.table}:${f.key}`));
				for (const table of ['materials', 'relations', 'projects'] as Table[]) {
					for (const key of claimed.get(table) ?? []) expect(named).toContain(`${table}:${key}`);
				}
			}
		},
	},
];

/** The project the bad-data row breaks, and its approval date. */
let badPnr = '';
function badProject(bs: Bouwsoft, date: string): void {
	const projects = [...table<{ id: number; pnr: number; name: string; approved: unknown }>(bs, 'Projects')].sort((a, b) => a.id - b.id);
	const project = projects.find((p) => String(p.pnr) === badPnr) ?? projects[3];
	badPnr = String(project.pnr);
	bs.store.update('Projects', project.id, { date_approved: date, name: `${project.name.replace(/ \(herzien\)$/, '')} (herzien)` } as never);
}

/** Break (or keep broken) one product, one relation and one project of the ones OutSmart holds; their keys. */
function unmappable(bs: Bouwsoft, apply = true): Map<Table, Set<string>> {
	type R = { id: number; nr1?: string; clientnr?: number; pnr?: number };
	const first = (resource: string, ok: (r: R) => boolean = () => true) => [...table<R>(bs, resource)].sort((a, b) => a.id - b.id).filter(ok)[5];
	const projectClients = new Set(table<{ client_addressid: number }>(bs, 'Projects').map((p) => p.client_addressid));
	const product = first('Products');
	const relation = first('Addresses', (a) => Number(a.clientnr) > 0 && !projectClients.has(a.id));
	const project = first('Projects');
	if (apply) {
		bs.store.update('Products', product.id, { description: '' } as never);
		bs.store.update('Addresses', relation.id, { zipcode: '' } as never);
		bs.store.update('Projects', project.id, { name: '' } as never);
	}
	return new Map<Table, Set<string>>([
		['materials', new Set([String(product.nr1)])],
		['material_categories', new Set(table<R>(bs, 'Products').filter((p) => p.id === product.id).map((p) => linkOf(p)))],
		['relations', new Set([String(relation.clientnr)])],
		['contactpersons', new Set(table<{ id: number; address_id: number }>(bs, 'AddressContacts').filter((c) => c.address_id === relation.id).map((c) => `C-${c.id}`))],
		['projects', new Set([String(project.pnr)])],
		['project_activities', new Set(table<{ id: number; project_id: number }>(bs, 'ProjectPhases').filter((p) => p.project_id === project.id).map((p) => `PH-${p.id}`))],
		['workorders', new Set([`P-${project.pnr}`])],
	]);
}

function linkOf(p: { nr1?: string; list?: unknown; group?: unknown }): string {
	const list = String(p.list ?? '').trim();
	const group = String(p.group ?? '').trim();
	return `${String(p.nr1)}|${group ? `G:${list}/${group}` : `L:${list}`}`;
}

const rows: TableRow[] = [];
const report: unknown[] = [];

function record(o: ReconcileOutcome): void {
	rows.push(tableRow(o));
	report.push({
		name: o.name,
		mode: o.mode,
		row: tableRow(o),
		faultProblems: o.fault.state.problems,
		followUpProblems: o.followUp.state.problems,
		unnamed: o.fault.unnamed,
		audit: { fault: o.fault.audit, followUp: o.followUp.audit },
		errors: o.fault.runs.flatMap((r) => errorTexts(r).map((e) => `${r.flow}: ${shorten(e, 400)}`)).slice(0, 20),
	});
}

/** Every row's promises, whatever the fault. */
function assertOutcome(c: ReconcileCase, o: ReconcileOutcome): void {
	const f = o.fault;
	// Never marked an order as handled.
	expect(o.statusFlips).toBe(0);
	// During the fault pass: nothing duplicated, no user record touched, nothing Bouwsoft selects deleted.
	expect(f.state.problems.filter((p) => /^(duplicated|extra|user record)/.test(p))).toEqual([]);
	expect(f.audit.deletedWanted).toEqual([]);
	expect(f.audit.userRequests).toEqual([]);
	// Anything the fault pass left undone, it said so: an item naming the record, or its flow's run failed.
	expect({ silent: f.silent, unexplained: f.unexplained }).toEqual({ silent: false, unexplained: [] });
	if (c.expect === 'absorbed') {
		expect(f.state.problems).toEqual([]);
		expect({ failures: f.failures, errors: f.errors }).toEqual({ failures: 0, errors: [] });
	} else {
		expect(f.failures + f.errors.length).toBeGreaterThan(0);
		const texts = f.runs.flatMap(errorTexts);
		if (c.cause) expect(texts.some((t) => c.cause!.test(t))).toBe(true);
	}
	// After the clean follow-up: exactly the expected state.
	expect(o.followUp.state.problems).toEqual([]);
	expect(o.followUp.audit.deletedWanted).toEqual([]);
	expect(o.followUp.audit.userRequests).toEqual([]);
}

describe('Reconcile fault matrix', () => {
	for (const c of CASES) {
		it(`${c.name} [${c.mode}]`, async () => {
			const o = await runReconcileCase(c);
			record(o);
			assertOutcome(c, o);
			if (!c.followUpFails) expect(o.followUp.runs.flatMap((r) => r.failures)).toEqual([]);
			if (o.checkError) throw o.checkError;
		});
	}
});

describe('Reconcile: Dry Run', () => {
	for (const activities of [true, false]) {
		it(`lists exactly what the real run then does, and changes nothing${activities ? '' : ' (OutSmart cannot delete project activities)'}`, async () => {
			const c: ReconcileCase = {
				name: `Dry run, then the real run${activities ? '' : ' (DeleteEntity as documented: no project activities)'}`,
				mode: 'delete',
				env: { outSmart: { extraDeleteEntities: activities } },
				faultOptions: { dryRun: true },
				expect: 'absorbed',
			};
			const o = await runReconcileCase(c);
			record(o);
			const dry = actionSet(o.fault.runs);
			const real = actionSet(o.followUp.runs);
			const differ = dry.filter((a) => !real.includes(a));
			const instead = real.filter((a) => !dry.includes(a));
			rows[rows.length - 1].reported += differ.length || instead.length
				? `; **${differ.length} of ${dry.length} listed items not done so by the real run** (listed: ${differ[0] ?? '—'}; done: ${instead[0] ?? '—'}, …)`
				: '; the real run did exactly the listed items';
			// OutSmart byte for byte as before (every record, every order, every write counter), no write sent.
			expect(o.fault.after.text).toBe(o.fault.before.text);
			expect(o.fault.writes).toBe(0);
			expect(o.fault.runs.flatMap((r) => r.entries).every((e) => e.status === 'dryRun' || e.status === 'reported')).toBe(true);
			// The dry run's list is the real run's list: every create, update, delete, deactivation and report.
			expect(dry).toEqual(real);
			expect(o.followUp.state.problems).toEqual([]);
			expect(o.followUp.runs.flatMap((r) => r.failures)).toEqual([]);
		});
	}
});

describe('Reconcile: work orders technicians have, and incomplete input', () => {
	const projects = RECONCILE_FLOWS.find((f) => f.name === 'projects') as (typeof RECONCILE_FLOWS)[number];

	it('an order a technician picks up while Reconcile runs (after its read, before its delete) is not deleted', async () => {
		const { env, scenario } = await setUpReconcile();
		try {
			const ready = scenario.edits.deletedProjectReady;
			// The technician opens the order in the app while Reconcile sends the projects' changes.
			env.when((e, m) => e === 'projects' && m === 'POST', 1, () => env.os.store.patchWorkorder(env.os.store.workordersByNo(ready)[0].row_id, { status: 'Opgehaald' }));
			const run = await env.reconcile(projects, { removedAction: 'delete' });
			const orders = env.os.store.workordersByNo(ready);
			rows.push(extraRow(`A technician picks up the ready order ${ready} of a deleted project while Reconcile runs (between its read and its delete)`, [run], `order ${orders.length ? `kept (${String(orders[0].status)})` : '**deleted while Opgehaald**'}`));
			expect(orders.map((o) => o.status)).toEqual(['Opgehaald']);
		} finally {
			await env.close();
		}
	});

	it('two orders share a deleted project\'s number, the newer one picked up: that one is not deleted', async () => {
		const { env, scenario } = await setUpReconcile();
		try {
			const ready = scenario.edits.deletedProjectReady;
			const [original] = env.os.store.workordersByNo(ready);
			const { row_id: _row, id: _id, status: _status, CreationDate: _created, ...fields } = original;
			const copy = env.os.addWorkorder(fields as never);
			env.os.store.patchWorkorder(copy.row_id, { status: 'Opgehaald' });
			const run = await env.reconcile(projects, { removedAction: 'delete' });
			const left = env.os.store.workordersByNo(ready);
			rows.push(extraRow(`Two orders share the deleted project's number ${ready}: the older Klaargezet, the newer picked up (Opgehaald)`, [run], left.some((o) => o.status === 'Opgehaald') ? 'picked-up order kept' : '**picked-up order deleted with the other**'));
			expect(left.map((o) => o.status)).toContain('Opgehaald');
		} finally {
			await env.close();
		}
	});

	it('two executions overlap (Execute workflow while the nightly run sends): no work order twice, nothing lost', async () => {
		const { env, history } = await setUpReconcile({ outSmart: { latencyMs: 3 } });
		try {
			const before = snapshot(env.os);
			history.noteWanted();
			let startSecond: () => void = () => undefined;
			const second = new Promise<ReconcileRun>((resolve) => {
				startSecond = () => void env.reconcile(projects, { removedAction: 'delete', mode: 'manual' }).then(resolve);
			});
			// The manual run starts when the nightly one sends its first project write (after its reads).
			env.when((e, m) => e === 'projects' && m === 'POST', 1, () => startSecond());
			const first = await env.reconcile(projects, { removedAction: 'delete' });
			const runs = [first, await second];
			const state = checkState(history, { mode: 'delete', before, latest: snapshot(env.os), activitiesDeletable: true, flows: ['projects'] });
			const twice = state.problems.filter((p) => p.startsWith('duplicated'));
			rows.push(extraRow('Two executions of the projects flow overlap: Execute workflow starts while the nightly run sends its first project', runs, twice.length ? `**${twice.join('; ')}**` : `0 orders twice; ${runs.reduce((n, r) => n + r.failures.length, 0)} failure items`));
			expect(state.problems).toEqual([]);
		} finally {
			await env.close();
		}
	});

	it('a Bouwsoft read cut by a limit (Return All off) is refused: OutSmart unchanged', async () => {
		const { env } = await setUpReconcile();
		try {
			const before = snapshot(env.os).text;
			const runs: ReconcileRun[] = [];
			for (const flow of RECONCILE_FLOWS) runs.push(await env.reconcile(flow, { removedAction: 'delete', read: { returnAll: false, limit: 50 } }));
			for (const run of runs) {
				expect(run.error).toMatch(/Reconcile needs every record Bouwsoft selects.*does not come from a complete read/s);
				expect(run.requests).toEqual([]);
			}
			expect(snapshot(env.os).text).toBe(before);
			rows.push(extraRow('Bouwsoft Get Many with Return All off (limit 50) feeds Reconcile', runs, 'refused by every flow before any OutSmart request; OutSmart unchanged byte for byte'));
		} finally {
			await env.close();
		}
	});
});

describe('Reconcile: the ownership ledger (Records From Bouwsoft: learned)', () => {
	it('a first run removes nothing unprefixed; a record deleted in Bouwsoft after it is removed by the next run; user records never', async () => {
		const env = await startReconcileEnv();
		try {
			cleanSeed(env.bs);
			const history = new History(env.bs, env.os);
			const activitiesDeletable = true;
			// Months of the Upsert templates filled OutSmart; then the office deleted records (scenario) before
			// anyone turned Reconcile on: OutSmart holds records of ours that no ledger ever saw.
			for (const flow of RECONCILE_FLOWS) {
				history.noteWanted();
				const upsert = await env.upsertAll(flow);
				expect(upsert.error).toBeUndefined();
			}
			const scenario = applyScenario(env.bs, env.os, seededRng(SEED));
			history.user = scenario.user;
			const start = snapshot(env.os);
			const runs: ReconcileRun[] = [];

			// 1. Execute workflow with Dry Run (what the node's notice asks for first): nothing changes, nothing learned.
			for (const flow of RECONCILE_FLOWS) runs.push(await env.reconcile(flow, { removedAction: 'delete', mode: 'manual', options: { dryRun: true } }));
			expect(snapshot(env.os).text).toBe(start.text);
			for (const flow of RECONCILE_FLOWS) expect(env.staticData[flow.name]).toEqual({});

			// 2. The first production run: prefixed children of ours go (C-, PH-, P- Klaargezet, links); unprefixed
			// records the ledger never saw stay, reported.
			const wanted = wantedNow(env.bs);
			history.noteWanted(wanted);
			const first: ReconcileRun[] = [];
			for (const flow of RECONCILE_FLOWS) {
				first.push(await env.reconcile(flow, { removedAction: 'delete' }));
				history.noteLearned(flow.name, wanted);
			}
			runs.push(...first);
			expect(first.flatMap((r) => r.failures)).toEqual([]);
			const afterFirst = checkState(history, { mode: 'delete', before: start, learned: new Map(), activitiesDeletable });
			expect(afterFirst.problems).toEqual([]);
			// The unprefixed records of ours that were gone before the ledger existed: kept, not deleted.
			const unprefixed = ['employees', 'materials', 'relations', 'projects'] as Table[];
			const beforeLedger = unprefixed.flatMap((t) => [...(history.ours.get(t) ?? [])].filter((k) => !wanted.get(t)?.has(k)).map((k) => `${t}:${k}`));
			expect(beforeLedger.length).toBe(1 + 3 + 2 + 2);
			for (const key of beforeLedger) expect(afterFirst.undone.has(key)).toBe(false);
			const firstEntries = first.flatMap((r) => r.entries);
			expect(firstEntries.filter((e) => e.action === 'delete' && unprefixed.includes(e.table as Table))).toEqual([]);
			const listed = firstEntries.filter((e) => beforeLedger.includes(`${e.table}:${e.key}`)).length;
			const prefixedDeleted = firstEntries.filter((e) => e.action === 'delete' && e.status === 'done');
			expect(prefixedDeleted.length).toBeGreaterThan(0);

			// 3. The office deletes one more of each; the next production run removes exactly those (learned).
			const learned = new Map([...history.learned].map(([t, s]) => [t, new Set(s)]));
			const second = secondWave(env.bs);
			const secondRuns: ReconcileRun[] = [];
			history.noteWanted();
			for (const flow of RECONCILE_FLOWS) secondRuns.push(await env.reconcile(flow, { removedAction: 'delete' }));
			runs.push(...secondRuns);
			expect(secondRuns.flatMap((r) => r.failures)).toEqual([]);
			const afterSecond = checkState(history, { mode: 'delete', before: start, learned, activitiesDeletable });
			expect(afterSecond.problems).toEqual([]);
			const deleted = secondRuns.flatMap((r) => r.entries).filter((e) => e.action === 'delete' && e.status === 'done' && ['employees', 'materials', 'relations', 'projects'].includes(e.table ?? '')).map((e) => `${e.table}:${e.key}`).sort();
			expect(deleted).toEqual(second.sort());
			for (const key of second) expect(afterSecond.undone.has(key)).toBe(false);
			// The records gone before the ledger are still there, unchanged (checkState: exactly as at the start).
			for (const key of beforeLedger) expect(afterSecond.undone.has(key)).toBe(false);
			expect(env.os.statusFlips).toBe(0);
			for (const u of history.user) if (u.table !== 'workorders') expect(env.os.store.writes(u.table, u.key)).toBe(1);
			rows.push({
				fault: 'Ledger: the Upsert templates filled OutSmart, 8 unprefixed records deleted in Bouwsoft before Reconcile existed; a manual dry run, the first production run, then 4 more deleted in Bouwsoft and the next run',
				mode: 'delete',
				runs: runs.length,
				records: afterSecond.records,
				gone: beforeLedger.length + second.length,
				lost: afterSecond.lost,
				duplicated: afterSecond.duplicated,
				userTouched: afterFirst.userTouched + afterSecond.userTouched,
				removedWanted: 0,
				goneLeft: afterSecond.goneLeft,
				reported: `first run: the ${beforeLedger.length} unprefixed ones kept (${listed} of them listed in the output), ${prefixedDeleted.length} prefixed children deleted; next run: the ${second.length} learned ones deleted`,
				requests: `${runs.reduce((n, r) => n + r.requests.length, 0)} in all`,
				error: '—',
			});
		} finally {
			await env.close();
		}
	});
});

/** A table row for a single-run test (the columns that do not apply say so). */
function extraRow(fault: string, runs: ReconcileRun[], reported: string): TableRow {
	const errors = runs.flatMap(errorTexts);
	return {
		fault,
		mode: 'delete',
		runs: runs.length,
		records: '—',
		gone: '—',
		lost: '—',
		duplicated: '—',
		userTouched: '—',
		removedWanted: '—',
		goneLeft: '—',
		reported,
		requests: `${runs.reduce((n, r) => n + r.requests.length, 0)}`,
		error: shorten(errors[0] ?? '—'),
	};
}

/** One more employee, product, relation and project deleted in Bouwsoft; their keys as `table:key`. */
function secondWave(bs: Bouwsoft): string[] {
	type R = { id: number; nr?: number; nr1?: string; clientnr?: number; pnr?: number; active?: unknown };
	const sorted = (resource: string) => [...table<R>(bs, resource)].sort((a, b) => b.id - a.id);
	const projectClients = new Set(table<{ client_addressid: number }>(bs, 'Projects').map((p) => p.client_addressid));
	// Records from before the scenario (ids of the seed), one of each.
	const employee = sorted('Employees').find((e) => e.active === true && e.id <= 30) as R;
	const product = sorted('Products').find((p) => p.id <= 100) as R;
	const relation = sorted('Addresses').find((a) => Number(a.clientnr) > 0 && !projectClients.has(a.id)) as R;
	const project = sorted('Projects').find((p) => !table<{ project_id: number }>(bs, 'ProjectPhases').some((ph) => ph.project_id === p.id)) ?? sorted('Projects')[2];
	bs.store.remove('Employees', employee.id);
	bs.store.remove('Products', product.id);
	for (const c of bs.store.all('AddressContacts') as ReadonlyArray<{ id: number; address_id: number }>) if (c.address_id === relation.id) bs.store.remove('AddressContacts', c.id);
	bs.store.remove('Addresses', relation.id);
	for (const ph of bs.store.all('ProjectPhases') as ReadonlyArray<{ id: number; project_id: number }>) if (ph.project_id === project.id) bs.store.remove('ProjectPhases', ph.id);
	bs.store.remove('Projects', project.id);
	return [`employees:${employee.nr}`, `materials:${product.nr1}`, `relations:${relation.clientnr}`, `projects:${project.pnr}`];
}

afterAll(() => {
	const table = formatTable(rows);
	const file = writeReport('reconcile', { rows, report, audit: auditStats() });
	console.log(`Reconcile fault matrix (${rows.length} rows; JSON: ${file})\n\n${table}`);
	expect(findSecrets()).toEqual([]);
});
