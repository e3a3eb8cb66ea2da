/**
 * Child process for the export benchmark (export.ts): both simulators with a Bouwsoft of assignments and
 * projects and an OutSmart of completed work orders (A-<nr> on the assignments, P-<pnr> on the projects), each
 * with `periods` work periods and `materials` materials. Driven over IPC; its CPU and memory stay out of the
 * benchmark process, as with simHost.ts.
 *
 * `verify` counts Bouwsoft's lines per work order against what the technicians entered (natural keys
 * `date|employee id|from|to` and `date|product id|quantity`, from this file's own generation, not the node's
 * mapping): lines wanted, lost, duplicated, and orders Afgehandeld.
 */
import type { BouwsoftRecord, BouwsoftSimulatorOptions } from '../simulators/bouwsoft';
import type { CompletionMaterial, CompletionPeriod } from '../simulators/outsmart';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startBouwsoftSimulator } = require('../simulators/bouwsoft') as typeof import('../simulators/bouwsoft');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startOutSmartSimulator } = require('../simulators/outsmart') as typeof import('../simulators/outsmart');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { validWorkorder } = require('../simulators/outsmart/testClient') as typeof import('../simulators/outsmart/testClient');

export interface ExportHostStart {
	bouwsoftLatencyMs: number;
	outsmartLatencyMs: number;
	orders: number;
	periods: number;
	materials: number;
	/** Share of P- orders (the rest are A- orders). */
	projectShare: number;
}

export interface ExportHostInfo {
	authUrl: string;
	clientNr: number;
	refreshToken: string;
	outsmartBaseUrl: string;
	outsmartToken: string;
	outsmartSoftwareToken: string;
	orders: number;
	assignmentOrders: number;
	projectOrders: number;
	linesWanted: number;
}

export interface ExportHostCounts {
	bouwsoftRequests: number;
	bouwsoftByResource: Record<string, number>;
	bouwsoftByMethod: Record<string, number>;
	bouwsoftWrites: number;
	outsmartRequests: number;
	outsmartByEndpoint: Record<string, number>;
	statusFlips: number;
}

export interface ExportVerification {
	linesWanted: number;
	linesInBouwsoft: number;
	lost: number;
	duplicated: number;
	afgehandeld: number;
	orders: number;
	createdAssignments: number;
}

export type ExportHostCommand =
	| { type: 'start'; options: ExportHostStart }
	| { type: 'reset' }
	| { type: 'resetRequests' }
	| { type: 'reopen' }
	| { type: 'counts' }
	| { type: 'verify' }
	| { type: 'stop' };

type Bouwsoft = Awaited<ReturnType<typeof startBouwsoftSimulator>>;
type OutSmart = Awaited<ReturnType<typeof startOutSmartSimulator>>;

const EMPLOYEES = 12;
const PRODUCTS = 240;
const QUANTITIES = [1, 2, 1.5, 12.5, 3, 0.25, 6, 4, 10, 2.5];
const pad = (n: number) => String(n).padStart(2, '0');

interface Order {
	no: string;
	rowId: number;
	kind: 'assignment' | 'project';
	targetId: number;
	hours: Map<string, number>;
	materials: Map<string, number>;
}

let bouwsoft: Bouwsoft | undefined;
let outsmart: OutSmart | undefined;
let orders: Order[] = [];
let seededAssignments = new Set<number>();
let flipBase = 0;

function bump(map: Map<string, number>, key: string): void {
	map.set(key, (map.get(key) ?? 0) + 1);
}

async function start(o: ExportHostStart): Promise<ExportHostInfo> {
	const projectOrders = Math.round(o.orders * o.projectShare);
	const assignmentOrders = o.orders - projectOrders;
	const employees = Array.from({ length: EMPLOYEES }, (_, i) => ({ id: 11 + i, nr: 101 + i, firstname: `Tech${i}`, surname: 'Bench', name: `Tech${i} Bench`, active: true }));
	const products = Array.from({ length: PRODUCTS }, (_, i) => ({ id: 1001 + i, nr1: `ART-${1000 + i}`, description: `Artikel ${i}`, unit: 'st.', list: 'ALGEMEEN', active: true }));
	const projects = Array.from({ length: Math.max(1, projectOrders) }, (_, i) => ({ id: 5001 + i, pnr: 20260001 + i, name: `Project ${i}`, client_addressid: 300, approved: true }));
	const assignments = Array.from({ length: assignmentOrders }, (_, i) => ({
		id: 10001 + i,
		nr: 30001 + i,
		date: '2026-03-02',
		title: `Opdracht ${i}`,
		execute: true,
		address_id: 300,
		project_id: 0,
		note_technician: i % 2 ? 'Sleutel bij de buren.' : '',
	}));
	seededAssignments = new Set(assignments.map((a) => a.id));
	const records = {
		Employees: employees,
		Jobs: [
			{ id: 1, code: '01', name: 'MONTAGE', price_hour: 52 },
			{ id: 2, code: '02', name: 'TRANSPORT', price_hour: 69 },
		],
		Products: products,
		Addresses: [{ id: 300, clientnr: 4001, name: 'Janssens Bouw', address: 'Kerkstraat 1', zipcode: '9000', city: 'Gent' }],
		Projects: projects,
		Assignments: assignments,
		AssignmentLabor: [],
		AssignmentProducts: [],
	} as BouwsoftSimulatorOptions['records'];
	// http, as simHost.ts: the numbers stay comparable with BENCHMARKS.md's history (no TLS in the measurement)
	bouwsoft = await startBouwsoftSimulator({ reference: 'lenient', seed: false, records, latencyMs: o.bouwsoftLatencyMs });
	bouwsoft.clock.set(new Date('2026-03-16T17:00:00Z'));
	outsmart = await startOutSmartSimulator({ latencyMs: o.outsmartLatencyMs });

	orders = [];
	for (let i = 0; i < o.orders; i++) {
		const isProject = i >= assignmentOrders;
		const no = isProject ? `P-${projects[i - assignmentOrders].pnr}` : `A-${assignments[i].nr}`;
		const periods: CompletionPeriod[] = Array.from({ length: o.periods }, (_, p) => ({
			date: `${pad(2 + p)}-03-2026`,
			begin: `${pad(7 + ((i + p) % 3))}:${p % 2 ? '30' : '00'}`,
			end: `${pad(12 + ((i + p) % 5))}:${p % 3 ? '45' : '00'}`,
			breakMinutes: [0, 15, 30][(i + p) % 3],
			employeeNr: String(employees[(i + p) % EMPLOYEES].nr),
			hourType: p % 2 ? '02' : '01',
		}));
		const materials: CompletionMaterial[] = Array.from({ length: o.materials }, (_, m) => {
			const product = products[(i * o.materials + m) % PRODUCTS];
			return { code: product.nr1, quantity: QUANTITIES[(i + m) % QUANTITIES.length], name: product.description, price: 4.55 };
		});
		const stored = outsmart.store.insertWorkorder(validWorkorder(no) as never, '2026-03-02 07:00');
		outsmart.completeWorkorder(stored.row_id, { periods, materials, remark: `Werk ${no} klaar.` });
		const hours = new Map<string, number>();
		const mats = new Map<string, number>();
		const iso = (dmy: string) => `${dmy.slice(6, 10)}-${dmy.slice(3, 5)}-${dmy.slice(0, 2)}`;
		const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
		for (const p of periods) bump(hours, `${iso(p.date)}|${employees.find((e) => String(e.nr) === p.employeeNr)!.id}|${minutes(p.begin)}|${minutes(p.end)}`);
		const workDate = periods.map((p) => iso(p.date)).sort().pop()!;
		for (const m of materials) bump(mats, `${workDate}|${products.find((p) => p.nr1 === m.code)!.id}|${m.quantity}`);
		orders.push({
			no,
			rowId: stored.row_id,
			kind: isProject ? 'project' : 'assignment',
			targetId: isProject ? projects[i - assignmentOrders].id : assignments[i].id,
			hours,
			materials: mats,
		});
	}
	flipBase = outsmart.statusFlips;
	return {
		authUrl: bouwsoft.authUrl,
		clientNr: bouwsoft.clientNr,
		refreshToken: bouwsoft.refreshToken,
		outsmartBaseUrl: outsmart.baseUrl,
		outsmartToken: outsmart.token,
		outsmartSoftwareToken: outsmart.softwareToken,
		orders: orders.length,
		assignmentOrders,
		projectOrders,
		linesWanted: o.orders * (o.periods + o.materials),
	};
}

function counts(): ExportHostCounts {
	const byMethod: Record<string, number> = {};
	for (const r of bouwsoft!.requests) byMethod[r.method] = (byMethod[r.method] ?? 0) + 1;
	const byEndpoint: Record<string, number> = {};
	for (const r of outsmart!.requests) byEndpoint[r.endpoint] = (byEndpoint[r.endpoint] ?? 0) + 1;
	return {
		bouwsoftRequests: bouwsoft!.requests.length,
		bouwsoftByResource: bouwsoft!.requestCounts(),
		bouwsoftByMethod: byMethod,
		bouwsoftWrites: bouwsoft!.writeCount(),
		outsmartRequests: outsmart!.requests.length,
		outsmartByEndpoint: byEndpoint,
		statusFlips: outsmart!.statusFlips - flipBase,
	};
}

function resetRequests(): void {
	bouwsoft!.resetRequests();
	outsmart!.resetRequests();
	flipBase = outsmart!.statusFlips;
}

/** The orders ready again (as if never acknowledged); Bouwsoft keeps its lines. */
function reopen(): void {
	for (const order of orders) outsmart!.store.patchWorkorder(order.rowId, { status: 'Compleet' } as never);
}

function verify(): ExportVerification {
	const byAssignment = (resource: 'AssignmentLabor' | 'AssignmentProducts') => {
		const map = new Map<number, BouwsoftRecord[]>();
		for (const row of bouwsoft!.store.all(resource)) {
			const id = Number(row.assignment_id);
			map.set(id, [...(map.get(id) ?? []), row]);
		}
		return map;
	};
	const labor = byAssignment('AssignmentLabor');
	const products = byAssignment('AssignmentProducts');
	const created = new Map<number, number[]>();
	for (const a of bouwsoft!.store.all('Assignments')) {
		if (seededAssignments.has(Number(a.id))) continue;
		const project = Number(a.project_id);
		created.set(project, [...(created.get(project) ?? []), Number(a.id)]);
	}
	const result: ExportVerification = { linesWanted: 0, linesInBouwsoft: 0, lost: 0, duplicated: 0, afgehandeld: 0, orders: orders.length, createdAssignments: 0 };
	for (const [, ids] of created) result.createdAssignments += ids.length;
	for (const order of orders) {
		const ids = order.kind === 'assignment' ? [order.targetId] : (created.get(order.targetId) ?? []);
		for (const [rows, want, keyOf] of [
			[ids.flatMap((id) => labor.get(id) ?? []), order.hours, (r: BouwsoftRecord) => `${String(r.date).slice(0, 10)}|${Number(r.employee_id)}|${Math.round(Number(r.from) * 60)}|${Math.round(Number(r.to) * 60)}`],
			[ids.flatMap((id) => products.get(id) ?? []), order.materials, (r: BouwsoftRecord) => `${String(r.date).slice(0, 10)}|${Number(r.product_id)}|${Number(r.quantity)}`],
		] as const) {
			const have = new Map<string, number>();
			for (const row of rows) bump(have, keyOf(row));
			result.linesInBouwsoft += rows.length;
			for (const key of new Set([...want.keys(), ...have.keys()])) {
				const w = want.get(key) ?? 0;
				const h = have.get(key) ?? 0;
				result.linesWanted += w;
				result.lost += Math.max(0, w - h);
				result.duplicated += Math.max(0, h - w);
			}
		}
		if (outsmart!.store.workorder(order.rowId)?.status === 'Afgehandeld') result.afgehandeld++;
	}
	return result;
}

async function handle(command: ExportHostCommand): Promise<unknown> {
	switch (command.type) {
		case 'start':
			return await start(command.options);
		case 'reset':
			// Bouwsoft back to its records (no lines, no created assignments, the notes as they were), orders ready again.
			bouwsoft!.reset();
			bouwsoft!.clock.set(new Date('2026-03-16T17:00:00Z'));
			reopen();
			resetRequests();
			return null;
		case 'resetRequests':
			resetRequests();
			return null;
		case 'reopen':
			reopen();
			return null;
		case 'counts':
			return counts();
		case 'verify':
			return verify();
		case 'stop':
			await bouwsoft?.close();
			await outsmart?.close();
			setImmediate(() => process.exit(0));
			return null;
	}
}

process.on('message', (message: { id: number; command: ExportHostCommand }) => {
	handle(message.command).then(
		(result) => process.send!({ id: message.id, result }),
		(error: Error) => process.send!({ id: message.id, error: error.stack ?? String(error) }),
	);
});
process.on('disconnect', () => process.exit(0));
