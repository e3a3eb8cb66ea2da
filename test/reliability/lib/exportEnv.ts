/**
 * One export environment for the way back (OutSmart → Bouwsoft): both simulators, a small hand-made Bouwsoft
 * (three technicians, two jobs, eight products, six assignments, four projects), a set of work orders the
 * technicians completed in the OutSmart simulator, and the workflow of `workflows-templates/outsmart-to-bouwsoft.json`
 * (OutSmart Trigger → Bouwsoft Book → OutSmart Mark as Exported, with its two error branches) run in trigger
 * mode with one static data object and one credential store, as n8n runs a published workflow.
 *
 * The ledger says what Bouwsoft must hold, restated from what the technicians entered (dates, times, employee
 * numbers, article numbers, quantities) and this file's own seed: natural keys
 * `date|employee id|from minutes|to minutes` and `date|product id|quantity`, counted as multisets per work order
 * over the assignment(s) the order books on. Nothing in it comes from the node's mapping code.
 *
 * Every acknowledgement (a GetWorkorder with update_status=true, which the OutSmart simulator records in
 * `statusFlipCalls`) is checked at the moment it arrives against the Bouwsoft lines of that order.
 */
import { readFileSync } from 'fs';
import { join } from 'path';

import type { IConnections, IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import { Bouwsoft } from '../../../nodes/Bouwsoft/Bouwsoft.node';
import { OutSmart } from '../../../nodes/OutSmart/OutSmart.node';
import { OutSmartTrigger } from '../../../nodes/OutSmart/OutSmartTrigger.node';
import { CredentialStore, MANUAL_TRIGGER_TYPE, runPoll, runWorkflow } from '../../harness';
import type { RunWorkflowResult, WorkflowNodeInput } from '../../harness';
import { startBouwsoftSimulator } from '../../simulators/bouwsoft';
import type { BouwsoftRecord, BouwsoftSimulator, BouwsoftSimulatorOptions } from '../../simulators/bouwsoft';
import { startOutSmartSimulator } from '../../simulators/outsmart';
import type { CompletionMaterial, CompletionPeriod, OutSmartSimulator, StatusFlipCall } from '../../simulators/outsmart';
import { validWorkorder } from '../../simulators/outsmart/testClient';
import { captureIssuedTokens, SECRETS } from './env';
import { addSecret, audit } from './secrets';

export const MINUTE = 60_000;
/** The trigger's default Retry After (the template leaves it at the default). */
export const RETRY_AFTER_MS = 15 * MINUTE;
/** Faked Date at the start of every row (the simulators' clocks are frozen here too). */
export const T0 = Date.parse('2026-03-16T17:00:00.000Z');
/** Only Date is faked: timers, sockets and the simulators run on real time. */
export const REAL_TIMERS = [
	'hrtime',
	'nextTick',
	'performance',
	'queueMicrotask',
	'setImmediate',
	'clearImmediate',
	'setInterval',
	'clearInterval',
	'setTimeout',
	'clearTimeout',
] as const;

const TEMPLATE_FILE = join(__dirname, '../../../workflows-templates/outsmart-to-bouwsoft.json');
const PACKAGE = 'n8n-nodes-bouwsoft-outsmart';
export const TRIGGER_TYPE = `${PACKAGE}.outSmartTrigger`;
export const BOUWSOFT_TYPE = `${PACKAGE}.bouwsoft`;
export const OUTSMART_TYPE = `${PACKAGE}.outSmart`;

// ---------------------------------------------------------------------------------------------- Bouwsoft seed

/** Technician number (OutSmart EmployeeNr = Bouwsoft Employees.nr) → Bouwsoft employee id. */
export const EMPLOYEE_ID: Record<string, number> = { '17': 11, '23': 12, '41': 13 };
/** Article number (OutSmart MaterialCode = Bouwsoft Products.nr1) → Bouwsoft product id. */
export const PRODUCT_ID: Record<string, number> = {
	'K-100': 601,
	'0123': 602,
	'190165': 603,
	'M-12': 604,
	'BUIS-20': 605,
	LIJM: 606,
	'SCHR-4x40': 607,
	'PLAAT-13': 608,
};
const UNITS = ['m', 'st.', 'st.', 'st.', 'm', 'kg', 'doos', 'm2'];
const CLIENT_ID = 300;
/** Assignments A-1001 … A-1006 (ids 901 … 906); the first three belong to project 41. */
export const ASSIGNMENTS = [1001, 1002, 1003, 1004, 1005, 1006].map((nr, i) => ({ id: 901 + i, nr, projectId: i < 3 ? 41 : 0 }));
/** Projects P-20260011 … P-20260014 (ids 41 … 44); the last three get a P- work order each. */
export const PROJECTS = [41, 42, 43, 44].map((id) => ({ id, pnr: 20260000 + id - 30 }));
const OFFICE_NOTE = 'Sleutel ligt bij de buren (nr. 12).';
/** A line the office typed in on assignment 901 before the export (a key no work order has). */
const OFFICE_LINE = { id: 1, assignment_id: 901, date: '2026-03-02', employee_id: 11, from: 8, to: 12, break: 0, job_id: 1, job_code: '01', name: 'Jan Peeters' };

function bouwsoftRecords(): BouwsoftSimulatorOptions['records'] {
	return {
		Employees: [
			{ id: 11, nr: 17, firstname: 'Jan', surname: 'Peeters', name: 'Jan Peeters', active: true },
			{ id: 12, nr: 23, firstname: 'Els', surname: 'Wouters', name: 'Els Wouters', active: true },
			{ id: 13, nr: 41, firstname: 'Mehmet', surname: 'Yilmaz', name: 'Mehmet Yilmaz', active: true },
		],
		Jobs: [
			{ id: 1, code: '01', name: 'MONTAGE', price_hour: 52 },
			{ id: 2, code: '02', name: 'TRANSPORT', price_hour: 69 },
		],
		Products: Object.entries(PRODUCT_ID).map(([nr1, id], i) => ({ id, nr1, description: `Product ${nr1}`, unit: UNITS[i], list: 'ALGEMEEN', active: true })),
		Addresses: [{ id: CLIENT_ID, clientnr: 4001, name: 'Janssens Bouw', address: 'Kerkstraat 1', zipcode: '9000', city: 'Gent' }],
		Projects: PROJECTS.map(({ id, pnr }) => ({ id, pnr, name: `Project ${pnr}`, client_addressid: CLIENT_ID, approved: true })),
		Assignments: ASSIGNMENTS.map(({ id, nr, projectId }) => ({
			id,
			nr,
			date: '2026-03-02',
			title: `Opdracht ${nr}`,
			execute: true,
			address_id: CLIENT_ID,
			project_id: projectId,
			project_pnr: PROJECTS.find((p) => p.id === projectId)?.pnr ?? 0,
			note_technician: nr % 2 === 1 ? OFFICE_NOTE : '',
		})),
		AssignmentLabor: [OFFICE_LINE],
		AssignmentProducts: [],
	} as BouwsoftSimulatorOptions['records'];
}

// ---------------------------------------------------------------------------------------------- the work orders

export interface OrderSpec {
	no: string;
	kind: 'assignment' | 'project';
	/** The Bouwsoft assignment id (A-) or project id (P-). */
	targetId: number;
	periods: CompletionPeriod[];
	materials: CompletionMaterial[];
	remark: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const CODES = Object.keys(PRODUCT_ID);
const QUANTITIES = [2, 1.5, 12.5, 3, 1, 0.25, 6, 4];

/**
 * Six A- orders (one per seeded assignment) and three P- orders (projects 42–44): 3 work periods each (three
 * technicians, two hour types, breaks) over three days, 4 materials each; A-1002 uses the same material twice
 * (two lines wanted), A-1005 has no remark.
 */
export function exportOrders(): OrderSpec[] {
	const orders: OrderSpec[] = [];
	const techs = Object.keys(EMPLOYEE_ID);
	const make = (no: string, kind: OrderSpec['kind'], targetId: number, i: number): OrderSpec => {
		const periods: CompletionPeriod[] = [0, 1, 2].map((p) => ({
			date: `${pad(9 + p)}-03-2026`,
			begin: `${pad(7 + ((i + p) % 3))}:${p === 1 ? '30' : '00'}`,
			end: `${pad(12 + ((i + 2 * p) % 5))}:${p === 2 ? '45' : '00'}`,
			breakMinutes: [0, 15, 30][(i + p) % 3],
			employeeNr: techs[(i + p) % 3],
			hourType: p === 2 ? '02' : '01',
			remark: '',
		}));
		const materials: CompletionMaterial[] = [0, 1, 2, 3].map((m) => {
			const code = CODES[(i * 3 + m) % CODES.length];
			return { code, quantity: QUANTITIES[(i + m) % QUANTITIES.length], name: `Materiaal ${code}`, price: 4.55 };
		});
		if (no === 'A-1002') materials[3] = { ...materials[2] };
		return { no, kind, targetId, periods, materials, remark: no === 'A-1005' ? '' : `Werk ${no} klaar, klant tevreden.` };
	};
	ASSIGNMENTS.forEach(({ id, nr }, i) => orders.push(make(`A-${nr}`, 'assignment', id, i)));
	PROJECTS.slice(1).forEach(({ id, pnr }, i) => orders.push(make(`P-${pnr}`, 'project', id, 6 + i)));
	return orders;
}

// ---------------------------------------------------------------------------------------------- the ledger

const isoDate = (dmy: string) => `${dmy.slice(6, 10)}-${dmy.slice(3, 5)}-${dmy.slice(0, 2)}`;
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function laborKey(row: IDataObject): string {
	return `${String(row.date).slice(0, 10)}|${Number(row.employee_id)}|${Math.round(Number(row.from) * 60)}|${Math.round(Number(row.to) * 60)}`;
}
export function productKey(row: IDataObject): string {
	return `${String(row.date).slice(0, 10)}|${Number(row.product_id)}|${Number(row.quantity)}`;
}

function bump(map: Map<string, number>, key: string): void {
	map.set(key, (map.get(key) ?? 0) + 1);
}

/** What the technicians entered, as Bouwsoft lines: one per period, one per material on the last period's date. */
export function expectedLines(order: OrderSpec): { hours: Map<string, number>; materials: Map<string, number> } {
	const hours = new Map<string, number>();
	const materials = new Map<string, number>();
	for (const p of order.periods) bump(hours, `${isoDate(p.date)}|${EMPLOYEE_ID[p.employeeNr]}|${minutes(p.begin)}|${minutes(p.end)}`);
	const workDate = order.periods.map((p) => isoDate(p.date)).sort().pop()!;
	for (const m of order.materials) bump(materials, `${workDate}|${PRODUCT_ID[m.code]}|${m.quantity}`);
	return { hours, materials };
}

export interface OrderState {
	no: string;
	rowId: number;
	/** Bouwsoft assignment ids the order's lines are counted on. */
	assignments: number[];
	wanted: number;
	lost: number;
	duplicated: number;
	problems: string[];
	/** How often the technician's remark is in the assignment's technician note. */
	remarks: number;
	afgehandeld: boolean;
}

export interface LedgerState {
	lines: number;
	lost: number;
	duplicated: number;
	orders: OrderState[];
	problems: string[];
}

// ---------------------------------------------------------------------------------------------- the environment

export interface ExportEnvOptions {
	bouwsoft?: BouwsoftSimulatorOptions;
	/** Book's Timeout (Seconds); default 1 (the template: 60), so a lost answer costs a second, not a minute. */
	bookTimeoutSeconds?: number;
}

export interface RunOptions {
	mode?: 'trigger' | 'manual';
	/** On Error of the Book node (template: continueErrorOutput). */
	bookOnError?: INode['onError'];
	label?: string;
	/**
	 * Poll first (runPoll: the trigger's state is saved at the emit, as n8n's poller saves it), then execute the
	 * other nodes from the emitted items. runWorkflow saves the state when the whole execution is over, which is
	 * the same for runs one after the other but not for overlapping ones: use this for those.
	 */
	separatePoll?: boolean;
}

export interface ExportRun {
	result: RunWorkflowResult;
	/** Items the trigger emitted (0: nothing ran). */
	emitted: number;
	/** What the user sees as errors in this execution: the execution error, then error-output items. */
	errors: string[];
	/** Warnings on the Book node's items (e.g. a remark that could not be written). */
	warnings: string[];
}

export interface ExportEnv {
	bs: BouwsoftSimulator;
	os: OutSmartSimulator;
	credentials: CredentialStore;
	staticData: IDataObject;
	orders: Array<OrderSpec & { rowId: number }>;
	names: { trigger: string; book: string; mark: string };
	run(options?: RunOptions): Promise<ExportRun>;
	ledger(): LedgerState;
	/** Orders not yet Afgehandeld in OutSmart. */
	outstanding(): string[];
	/** Acknowledgements (status flips) seen, and those that came while a line of the order was missing in Bouwsoft. */
	flips: { total: number; byRow: Map<number, number>; violations: string[] };
	close(): Promise<void>;
}

interface TemplateJson {
	nodes: Array<{ name: string; type: string; parameters: IDataObject; onError?: INode['onError'] }>;
	connections: IConnections;
}

let envs = 0;

export async function startExportEnv(options: ExportEnvOptions = {}): Promise<ExportEnv> {
	const bs = await startBouwsoftSimulator({ seed: false, records: bouwsoftRecords(), refreshToken: SECRETS.refreshToken, ...options.bouwsoft });
	const os = await startOutSmartSimulator({ token: SECRETS.outSmartToken, softwareToken: SECRETS.outSmartSoftwareToken });
	bs.clock.set(new Date(T0));
	const credentials = new CredentialStore({ bouwsoftApi: { clientNr: bs.clientNr, refreshToken: bs.refreshToken, authUrl: bs.authUrl } });
	credentials.set('outSmartApi', { baseUrl: os.baseUrl, token: os.token, softwareToken: os.softwareToken });
	captureIssuedTokens(credentials);
	for (const s of [bs.refreshToken, os.token, os.softwareToken]) addSecret(s);

	// The orders as our import posted them, then completed by the technicians in the app.
	const orders = exportOrders().map((spec) => {
		const stored = os.store.insertWorkorder(validWorkorder(spec.no) as never, '2026-03-02 07:00');
		os.completeWorkorder(stored.row_id, { periods: spec.periods, materials: spec.materials, ...(spec.remark ? { remark: spec.remark } : {}) });
		return { ...spec, rowId: stored.row_id };
	});

	const seededAssignments = new Set(ASSIGNMENTS.map((a) => a.id));
	const initialLabor = bs.store.all('AssignmentLabor').map((r) => ({ ...r }));
	const initialProducts = bs.store.all('AssignmentProducts').map((r) => ({ ...r }));
	const assignmentsOf = (order: OrderSpec): number[] =>
		order.kind === 'assignment'
			? [order.targetId]
			: bs.store
					.all('Assignments')
					.filter((a) => Number(a.project_id) === order.targetId && !seededAssignments.has(Number(a.id)))
					.map((a) => Number(a.id));

	const orderState = (order: OrderSpec & { rowId: number }): OrderState => {
		const ids = assignmentsOf(order);
		const on = (rows: readonly BouwsoftRecord[]) => rows.filter((r) => ids.includes(Number(r.assignment_id)));
		const wanted = expectedLines(order);
		// Lines that were there before the export (the office's) stay wanted.
		for (const row of on(initialLabor)) bump(wanted.hours, laborKey(row));
		for (const row of on(initialProducts)) bump(wanted.materials, productKey(row));
		const state: OrderState = { no: order.no, rowId: order.rowId, assignments: ids, wanted: 0, lost: 0, duplicated: 0, problems: [], remarks: 0, afgehandeld: false };
		for (const [resource, want, keyOf] of [
			['AssignmentLabor', wanted.hours, laborKey],
			['AssignmentProducts', wanted.materials, productKey],
		] as const) {
			const have = new Map<string, number>();
			for (const row of on(bs.store.all(resource))) bump(have, keyOf(row));
			for (const key of new Set([...want.keys(), ...have.keys()])) {
				const w = want.get(key) ?? 0;
				const h = have.get(key) ?? 0;
				state.wanted += w;
				if (h < w) {
					state.lost += w - h;
					state.problems.push(`${order.no}: LOST ${resource} ${key}: ${h} line(s) in Bouwsoft, ${w} wanted`);
				}
				if (h > w) {
					state.duplicated += h - w;
					state.problems.push(`${order.no}: DUPLICATED ${resource} ${key}: ${h} line(s) in Bouwsoft, ${w} wanted`);
				}
			}
		}
		if (order.kind === 'project' && ids.length > 1) state.problems.push(`${order.no}: ${ids.length} assignments created under project ${order.targetId}`);
		if (order.remark) {
			for (const id of ids) state.remarks += String(bs.store.get('Assignments', id)?.note_technician ?? '').split(order.remark).length - 1;
		}
		state.afgehandeld = os.store.workorder(order.rowId)?.status === 'Afgehandeld';
		return state;
	};

	const ledger = (): LedgerState => {
		const states = orders.map(orderState);
		return {
			lines: states.reduce((n, s) => n + s.wanted, 0),
			lost: states.reduce((n, s) => n + s.lost, 0),
			duplicated: states.reduce((n, s) => n + s.duplicated, 0),
			orders: states,
			problems: states.flatMap((s) => s.problems),
		};
	};

	// Every acknowledgement, checked against Bouwsoft at the moment OutSmart receives it.
	const flips = { total: 0, byRow: new Map<number, number>(), violations: [] as string[] };
	const calls = os.statusFlipCalls;
	const push = calls.push.bind(calls);
	calls.push = (...items: StatusFlipCall[]) => {
		for (const call of items) {
			flips.total++;
			const rowId = Number(call.query.row_id);
			const order = orders.find((o) => o.rowId === rowId);
			if (call.endpoint !== 'GetWorkorder' || !order) {
				flips.violations.push(`${call.endpoint} ${JSON.stringify(call.query)} marked orders handled (${call.flippedRowIds.join(', ')})`);
				continue;
			}
			flips.byRow.set(rowId, (flips.byRow.get(rowId) ?? 0) + 1);
			const state = orderState(order);
			if (state.lost > 0) flips.violations.push(`${order.no} acknowledged while ${state.lost} line(s) were missing in Bouwsoft: ${state.problems.join('; ')}`);
		}
		return push(...items);
	};

	// The template's workflow, without the sticky note.
	const template = JSON.parse(readFileSync(TEMPLATE_FILE, 'utf8')) as TemplateJson;
	const kept = template.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote');
	const nameOf = (type: string, operation?: string) =>
		kept.find((n) => n.type === type && (operation === undefined || n.parameters.operation === operation))!.name;
	const names = { trigger: nameOf(TRIGGER_TYPE), book: nameOf(BOUWSOFT_TYPE, 'book'), mark: nameOf(OUTSMART_TYPE, 'acknowledge') };
	const connections = Object.fromEntries(Object.entries(template.connections).filter(([name]) => kept.some((n) => n.name === name))) as IConnections;
	const nodeTypes = { [TRIGGER_TYPE]: new OutSmartTrigger(), [BOUWSOFT_TYPE]: new Bouwsoft(), [OUTSMART_TYPE]: new OutSmart() };
	const staticData: IDataObject = {};
	const workflowId = `reliability-export-${process.pid}-${++envs}`;
	let runs = 0;

	const nodes = (run: RunOptions): WorkflowNodeInput[] =>
		kept.map((n) => {
			const parameters = JSON.parse(JSON.stringify(n.parameters)) as IDataObject;
			let onError = n.onError;
			if (n.name === names.book) {
				parameters.bookOptions = { ...(parameters.bookOptions as IDataObject), timeoutSeconds: options.bookTimeoutSeconds ?? 1 };
				if (run.bookOnError) onError = run.bookOnError;
			}
			return { name: n.name, type: n.type, parameters: parameters as WorkflowNodeInput['parameters'], ...(onError ? { onError } : {}) };
		});

	const items = (result: RunWorkflowResult, node: string, output: number): INodeExecutionData[] => result.outputs[node]?.[output] ?? [];
	const clean = (text: unknown) => String(text ?? '').replace(/\s+/g, ' ').trim();

	return {
		bs,
		os,
		credentials,
		staticData,
		orders,
		names,
		async run(run = {}) {
			runs++;
			const label = run.label ?? `export run ${runs}`;
			const mode = run.mode ?? 'trigger';
			let result: RunWorkflowResult;
			let pollError: Error | undefined;
			let emitted: number;
			if (run.separatePoll) {
				const trigger = kept.find((n) => n.name === names.trigger)!;
				const polled = await runPoll({
					node: nodeTypes[TRIGGER_TYPE],
					parameters: trigger.parameters as WorkflowNodeInput['parameters'],
					credentials,
					mode,
					workflowStaticData: staticData,
					nodeName: names.trigger,
					workflowId,
					timezone: 'Europe/Brussels',
				});
				audit(`${label} (poll)`, polled);
				pollError = polled.error;
				const items = polled.output?.[0] ?? [];
				emitted = items.length;
				result = items.length
					? await runWorkflow({
							// The emitted items start the execution where the trigger stands in the template.
							nodes: nodes(run).map((n) => (n.name === names.trigger ? { name: n.name, type: MANUAL_TRIGGER_TYPE } : n)),
							connections,
							nodeTypes,
							credentials,
							startItems: items,
							workflowStaticData: {},
							workflowId,
							timezone: 'Europe/Brussels',
							mode,
						})
					: ({ outputs: {}, nodeErrors: {}, executed: false } as unknown as RunWorkflowResult);
			} else {
				result = await runWorkflow({
					nodes: nodes(run),
					connections,
					nodeTypes,
					credentials,
					workflowStaticData: staticData,
					workflowId,
					timezone: 'Europe/Brussels',
					mode,
				});
				emitted = items(result, names.trigger, 0).length;
			}
			audit(label, result);
			const errors: string[] = [];
			const failure = (pollError ?? result.error ?? Object.values(result.nodeErrors)[0]) as (Error & { description?: string }) | undefined;
			if (failure) errors.push(clean(`${failure.message} ${failure.description ?? ''}`));
			for (const node of [names.book, names.mark]) {
				for (const item of items(result, node, 1)) errors.push(clean(`${String(item.json.error)}: ${String(item.json.message ?? '')}`));
			}
			const warnings = items(result, names.book, 0).flatMap((i) => (Array.isArray(i.json.warnings) ? (i.json.warnings as string[]) : []));
			return { result, emitted, errors, warnings: warnings.map(clean) };
		},
		ledger,
		outstanding: () => orders.filter((o) => os.store.workorder(o.rowId)?.status !== 'Afgehandeld').map((o) => o.no),
		flips,
		async close() {
			await bs.close();
			await os.close();
		},
	};
}
