/**
 * Writes on the data server (reference §3.2, §5.10): `POST /AssignmentLabor`, `/AssignmentProducts`,
 * `/Assignments` and (unconfirmed, option) `PUT /Assignments/<id>`, values in the `columns` query parameter.
 * Bouwsoft fills ids, timestamps, names copied from linked records and the post-calculation link.
 */
import { ColumnsError, parseColumns, typeCheckColumns } from './columns';
import type { BouwsoftStore } from './store';
import type { BouwsoftRecord, BouwsoftResource, BouwsoftValue, PostCalculationEntry, WriteSettings } from './types';

export type WritableResource = 'AssignmentLabor' | 'AssignmentProducts' | 'Assignments';

/** Writeable = Yes per reference §5.10. */
export const WRITEABLE_COLUMNS: Record<WritableResource, readonly string[]> = {
	AssignmentLabor: ['date', 'employee_id', 'address_id', 'responsible', 'job_id', 'job_code', 'ok', 'from', 'to', 'break'],
	AssignmentProducts: ['date', 'product_id', 'nr', 'description', 'unit', 'quantity', 'job_id', 'job_code', 'ok'],
	Assignments: [
		'maintenancesheet_id', 'company_id', 'date', 'nr', 'title', 'subject', 'employee_id', 'machine_id', 'execute',
		'description_customer', 'note_technician', 'address_id', 'addresscontact_id', 'project_id', 'actualcostitem_id',
	],
};

/** Writeable = No, yet accepted on insert (the docs' example sends it; required on the line resources). */
const INSERT_ONLY: Partial<Record<WritableResource, readonly string[]>> = {
	AssignmentLabor: ['assignment_id'],
	AssignmentProducts: ['assignment_id'],
};

const MAPPING_FIELD = {
	AssignmentLabor: 'actualcosttimeworked_id_mapping',
	AssignmentProducts: 'actualcostproducts_id_mapping',
} as const;

export interface WriteAnswer {
	status: number;
	body: unknown;
	/** Id of the record created or changed. */
	writtenId?: number;
}

class WriteError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

const isWritable = (resource: BouwsoftResource): resource is WritableResource => resource in WRITEABLE_COLUMNS;

export class WriteHandler {
	readonly postCalculation: PostCalculationEntry[] = [];

	constructor(
		private readonly store: BouwsoftStore,
		readonly settings: WriteSettings,
	) {}

	reset(): void {
		this.postCalculation.length = 0;
	}

	/** POST on a list path or PUT on a record path; everything else is 405. */
	handle(method: string, resource: BouwsoftResource, id: number | undefined, query: Record<string, string>): WriteAnswer {
		const notAllowed = { status: 405, body: { error: `Method ${method} not allowed on ${resource} by the simulator` } };
		try {
			if (method === 'POST' && id === undefined && isWritable(resource)) return this.insert(resource, query);
			if (method === 'PUT' && id !== undefined && resource === 'Assignments') {
				if (this.settings.assignmentUpdates === 'unsupported') return notAllowed;
				return this.updateAssignment(id, query);
			}
			return notAllowed;
		} catch (error) {
			if (error instanceof ColumnsError) return { status: 400, body: { error: error.message } };
			if (error instanceof WriteError) return { status: error.status, body: { error: error.message } };
			throw error;
		}
	}

	private columns(resource: WritableResource, query: Record<string, string>, insert: boolean): Record<string, BouwsoftValue> {
		if (query.columns === undefined || query.columns.trim() === '') throw new WriteError(400, 'The columns parameter is required');
		const values = typeCheckColumns(resource, parseColumns(query.columns));
		const allowed = new Set([...WRITEABLE_COLUMNS[resource], ...(insert ? INSERT_ONLY[resource] ?? [] : [])]);
		for (const field of Object.keys(values)) {
			if (allowed.has(field)) continue;
			if (this.settings.nonWriteableColumns === 'reject') throw new WriteError(400, `Column ${field} on ${resource} is not writeable`);
			delete values[field];
		}
		return values;
	}

	private insert(resource: WritableResource, query: Record<string, string>): WriteAnswer {
		const values = this.columns(resource, query, true);
		const filled = resource === 'Assignments' ? this.fillAssignment(values, true) : this.fillLine(resource, values);
		const record = this.store.insert(resource, filled);
		if (resource !== 'Assignments') this.recordPostCalculation(resource, record);
		return { status: 201, body: { RecordChanges: [{ ...record }] }, writtenId: record.id };
	}

	private updateAssignment(id: number, query: Record<string, string>): WriteAnswer {
		if (!this.store.get('Assignments', id)) throw new WriteError(404, `No Assignments record with id ${id}`);
		const values = this.fillAssignment(this.columns('Assignments', query, false), false);
		const record = this.store.update('Assignments', id, values);
		const changes: Record<string, BouwsoftValue> = { id };
		for (const field of Object.keys(values)) changes[field] = record[field];
		changes.ts_lastupdate = record.ts_lastupdate;
		return { status: 200, body: { RecordChanges: [changes] }, writtenId: id };
	}

	private fillLine(resource: 'AssignmentLabor' | 'AssignmentProducts', values: Record<string, BouwsoftValue>): Partial<BouwsoftRecord> {
		if (values.assignment_id === undefined) throw new WriteError(400, `Column assignment_id is required on ${resource}`);
		const assignment = this.store.get('Assignments', values.assignment_id as number);
		if (!assignment) throw new WriteError(400, `assignment_id ${values.assignment_id} does not exist`);
		const filled: Record<string, BouwsoftValue> = { ...values, ...this.job(values) };
		if (resource === 'AssignmentLabor') {
			filled.name = this.linked('Employees', 'employee_id', values)?.name ?? '';
			if (values.address_id === undefined) filled.address_id = assignment.address_id;
		} else {
			const product = this.linked('Products', 'product_id', values);
			if (product) {
				filled.nr = values.nr ?? product.nr1;
				filled.description = values.description ?? product.description;
				filled.unit = values.unit ?? product.unit;
			}
			filled.unit_localized = filled.unit ?? '';
		}
		// A line on an assignment of a project lands in the project's post-calculation: a new positive id.
		if (assignment.project_id) filled[MAPPING_FIELD[resource]] = this.nextMappingId(resource);
		return filled as Partial<BouwsoftRecord>;
	}

	/** job_id wins; otherwise job_code is looked up (codes are upper-case in Bouwsoft). */
	private job(values: Record<string, BouwsoftValue>): Record<string, BouwsoftValue> {
		const byId = this.linked('Jobs', 'job_id', values);
		if (byId) return { job_id: byId.id, job_code: byId.code, job_name: byId.name };
		const code = values.job_code;
		if (typeof code !== 'string' || code === '') return {};
		const job = this.store.all('Jobs').find((candidate) => String(candidate.code).toUpperCase() === code.toUpperCase());
		if (!job) throw new WriteError(400, `job_code '${code}' does not exist`);
		return { job_id: job.id, job_code: job.code, job_name: job.name };
	}

	/** The record a non-zero id column points at; unknown → 400. Undefined for 0 or absent. */
	private linked(resource: BouwsoftResource, field: string, values: Record<string, BouwsoftValue>): BouwsoftRecord | undefined {
		const id = values[field];
		if (id === undefined || id === 0) return undefined;
		const record = this.store.get(resource, id as number);
		if (!record) throw new WriteError(400, `${field} ${id} does not exist`);
		return record;
	}

	/** The copies Bouwsoft keeps on an assignment for each link that the values set. */
	private fillAssignment(values: Record<string, BouwsoftValue>, insert: boolean): Partial<BouwsoftRecord> {
		const filled: Record<string, BouwsoftValue> = { ...values };
		if (insert && values.nr === undefined) {
			filled.nr = this.store.all('Assignments').reduce((max, a) => Math.max(max, a.nr as number), 0) + 1;
		}
		if (values.employee_id !== undefined) filled.employee_name = this.linked('Employees', 'employee_id', values)?.name ?? '';
		if (values.address_id !== undefined) {
			const address = this.linked('Addresses', 'address_id', values);
			for (const field of ['name', 'address', 'addressline2', 'countrycode', 'zipcode', 'city']) {
				filled[`address_${field}`] = address?.[field] ?? '';
			}
		}
		if (values.addresscontact_id !== undefined) {
			const contact = this.linked('AddressContacts', 'addresscontact_id', values);
			filled.contact_salutation = contact?.contact_salutation ?? '';
			filled.contact_name = contact?.contact_name ?? '';
		}
		if (values.project_id !== undefined) {
			const project = this.linked('Projects', 'project_id', values);
			filled.project_pnr = project?.pnr ?? 0;
			filled.project_unr = project?.unr ?? 0;
			filled.project_name = project?.name ?? '';
		}
		if (values.actualcostitem_id !== undefined) {
			const item = this.linked('ActualCostItems', 'actualcostitem_id', values);
			filled.actualcost_id = item?.actualcost_id ?? 0;
			filled.actualcostitem_description = item?.description ?? '';
			filled.actualcostitem_description_localized = item?.description_localized || item?.description || '';
		}
		if (insert) filled.status = '';
		return filled as Partial<BouwsoftRecord>;
	}

	private nextMappingId(resource: 'AssignmentLabor' | 'AssignmentProducts'): number {
		const field = MAPPING_FIELD[resource];
		let highest = 0;
		for (const record of this.store.all(resource)) highest = Math.max(highest, record[field] as number);
		for (const entry of this.postCalculation) if (entry.resource === resource) highest = Math.max(highest, entry.id);
		return highest + 1;
	}

	private recordPostCalculation(resource: 'AssignmentLabor' | 'AssignmentProducts', line: BouwsoftRecord): void {
		const id = line[MAPPING_FIELD[resource]] as number;
		if (!id) return;
		const assignment = this.store.get('Assignments', line.assignment_id as number) as BouwsoftRecord;
		this.postCalculation.push({
			id,
			kind: resource === 'AssignmentLabor' ? 'hours' : 'products',
			projectId: assignment.project_id as number,
			projectPnr: assignment.project_pnr as number,
			assignmentId: assignment.id,
			resource,
			lineId: line.id,
		});
	}
}
