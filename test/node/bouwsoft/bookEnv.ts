/**
 * The Book operation against the Bouwsoft simulator: a small, hand-made Bouwsoft (two technicians, three jobs,
 * a few products, one client with a project and an assignment) and OutSmart-shaped work order items as the
 * OutSmart Trigger emits them (the order as GetWorkorders returns it, plus `_export`).
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { Bouwsoft } from '../../../nodes/Bouwsoft/Bouwsoft.node';
import { CredentialStore, MANUAL_TRIGGER_TYPE, chain, runNode, runWorkflow } from '../../harness';
import type { RunNodeResult } from '../../harness/runNode';
import type { RunWorkflowResult } from '../../harness/runWorkflow';
import { startBouwsoftSimulator } from '../../simulators/bouwsoft';
import type { BouwsoftRecord, BouwsoftSimulator, BouwsoftSimulatorOptions } from '../../simulators/bouwsoft';

export const ASSIGNMENT_ID = 900;
export const ASSIGNMENT_NR = 1001;
export const PROJECT_ID = 40;
export const PROJECT_PNR = 20260012;
export const CLIENT_ID = 300;
export const OFFICE_NOTE = 'Sleutel ligt bij de buren (nr. 12).';

/** Employees nr 17 and 23; jobs 01, 02 and REG; products K-100 (m), 0123 (st.), 190165. */
export const BOUWSOFT_RECORDS: Partial<Record<string, Array<Partial<BouwsoftRecord>>>> = {
	Employees: [
		{ id: 5, nr: 17, firstname: 'Jan', surname: 'Peeters', name: 'Jan Peeters' },
		{ id: 6, nr: 23, firstname: 'Els', surname: 'Wouters', name: 'Els Wouters' },
	],
	Jobs: [
		{ id: 1, code: '01', name: 'MONTAGE', price_hour: 52 },
		{ id: 2, code: '02', name: 'TRANSPORT', price_hour: 69 },
		{ id: 3, code: 'REG', name: 'REGIE', price_hour: 58 },
	],
	Products: [
		{ id: 501, nr1: 'K-100', description: 'Kabel XVB 3G2,5', unit: 'm', list: 'ELEKTRO' },
		{ id: 502, nr1: '0123', description: 'Wandcontactdoos', unit: 'st.', list: 'ELEKTRO' },
		{ id: 503, nr1: '190165', description: 'Accumulatoren Blue', unit: 'st.', list: 'ALGEMEEN' },
		{ id: 504, nr1: '123', description: 'Not the same as 0123', unit: 'st.', list: 'ALGEMEEN' },
	],
	Addresses: [{ id: CLIENT_ID, clientnr: 4001, name: 'Janssens Bouw', address: 'Kerkstraat 1', zipcode: '9000', city: 'Gent' }],
	Projects: [{ id: PROJECT_ID, pnr: PROJECT_PNR, name: 'Renovatie Kerkstraat', client_addressid: CLIENT_ID, approved: true }],
	Assignments: [
		{
			id: ASSIGNMENT_ID,
			nr: ASSIGNMENT_NR,
			date: '2026-03-10',
			title: 'Stopcontacten keuken',
			execute: true,
			address_id: CLIENT_ID,
			project_id: PROJECT_ID,
			project_pnr: PROJECT_PNR,
			note_technician: OFFICE_NOTE,
		},
	],
	// Listed (empty) so that sim.reset() empties them again.
	AssignmentLabor: [],
	AssignmentProducts: [],
};

export interface OrderSpec {
	no: string;
	rowId?: string;
	periods?: IDataObject[];
	materials?: IDataObject[];
	comment?: string;
	extra?: IDataObject;
}

export function period(date: string, begin: string, end: string, extra: IDataObject = {}): IDataObject {
	return { WorkDate: date, BeginTime: begin, EndTime: end, Break: '0', TotalTime: '', Travel: 0, WorkRemark: '', HourType: '01', EmployeeNr: '17', ...extra };
}

export function material(code: string, quantity: string | number, extra: IDataObject = {}): IDataObject {
	return { MaterialCode: code, MaterialNr: quantity, MaterialName: `Materiaal ${code}`, MaterialPrice: '0,00', MaterialUnit: '', ...extra };
}

let nextRow = 169800;

/** A completed OutSmart work order as the OutSmart Trigger emits it. */
export function workOrder(spec: OrderSpec): IDataObject {
	const rowId = spec.rowId ?? String(nextRow++);
	const match = /^([AP])-(\d+)$/.exec(spec.no);
	return {
		id: rowId,
		WorkorderNo: spec.no,
		status: 'Compleet',
		ShortWorkDescription: `Werk ${spec.no}`,
		Comment: spec.comment ?? '',
		EmployeeNr: '17',
		Workperiods: spec.periods ?? [],
		Materials: spec.materials ?? [],
		...spec.extra,
		_export: {
			rowId,
			workorderNo: spec.no,
			source: match ? (match[1] === 'A' ? 'assignment' : 'project') : 'other',
			sourceNr: match?.[2] ?? '',
			status: 'Compleet',
			workStatus: '',
			readAt: '2026-03-12T17:05:00Z',
			reason: 'new',
			contentHash: `hash-${rowId}`,
		},
	};
}

export const BOOK: INodeParameters = { resource: 'workOrder', operation: 'book' };

export interface BookEnv {
	sim: BouwsoftSimulator;
	store: CredentialStore;
	book(orders: IDataObject[], parameters?: INodeParameters, continueOnFail?: boolean): Promise<RunNodeResult>;
	/** Through a workflow, with the node's On Error set (for the error output). */
	bookInWorkflow(orders: IDataObject[], onError: 'continueErrorOutput' | 'continueRegularOutput' | 'stopWorkflow', parameters?: INodeParameters): Promise<RunWorkflowResult>;
	lines(resource: 'AssignmentLabor' | 'AssignmentProducts', assignmentId?: number): BouwsoftRecord[];
	close(): Promise<void>;
}

export async function bookEnv(options: BouwsoftSimulatorOptions = {}): Promise<BookEnv> {
	const sim = await startBouwsoftSimulator({
		seed: false,
		records: BOUWSOFT_RECORDS as BouwsoftSimulatorOptions['records'],
		nonWriteableColumns: 'reject',
		...options,
	});
	const store = new CredentialStore({ bouwsoftApi: { clientNr: sim.clientNr, refreshToken: sim.refreshToken, authUrl: sim.authUrl } });
	const items = (orders: IDataObject[]): INodeExecutionData[] => orders.map((json) => ({ json }));
	return {
		sim,
		store,
		book: async (orders, parameters = {}, continueOnFail = false) =>
			await runNode({ node: new Bouwsoft(), parameters: { ...BOOK, ...parameters }, inputItems: items(orders), credentials: store, continueOnFail }),
		bookInWorkflow: async (orders, onError, parameters = {}) =>
			await runWorkflow({
				nodes: [
					{ name: 'Start', type: MANUAL_TRIGGER_TYPE, parameters: {} },
					{ name: 'Bouwsoft', type: 'bouwsoft', parameters: { ...BOOK, ...parameters }, onError },
				],
				connections: chain('Start', 'Bouwsoft'),
				nodeTypes: { bouwsoft: new Bouwsoft() },
				credentials: store,
				startItems: items(orders),
			}),
		lines: (resource, assignmentId = ASSIGNMENT_ID) => sim.store.all(resource).filter((r) => r.assignment_id === assignmentId) as BouwsoftRecord[],
		close: async () => await sim.close(),
	};
}

/** The main output's json (throws the node's error, so a failing run shows why). */
export function resultsOf(result: RunNodeResult): IDataObject[] {
	if (result.error) throw result.error;
	return result.outputs[0].map((item) => item.json);
}

/** Lines of an assignment as a person reads them: date, employee, from–to (break), job / product × quantity. */
export function readable(rows: BouwsoftRecord[]): string[] {
	return rows.map((r) =>
		'from' in r
			? `${r.date} emp ${r.employee_id} ${r.from}-${r.to} break ${r.break} job ${r.job_id}/${r.job_code}`
			: `${r.date} product ${r.product_id} ${r.product_id ? '' : `"${r.description}" `}× ${r.quantity} ${r.unit}`.replace('  ', ' '),
	);
}
