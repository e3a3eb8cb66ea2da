import type { IDataObject } from 'n8n-workflow';

import type { ExportMeta } from '../../shared/workOrderExport';
import type { BouwsoftClient } from '../transport/client';
import { sleep } from 'n8n-workflow';

import type { BouwsoftWriter, Columns } from '../transport/write';
import { settleMs } from './lines';
import type { BookingData } from './lookups';
import type { TargetAssignment } from './types';

/**
 * The Bouwsoft assignment a work order is booked on.
 *
 * - `A-<nr>`: the assignment with that `nr` (our import made the work order from it).
 * - `P-<pnr>`: the project's work order has no assignment in Bouwsoft, so one is made per OutSmart work order
 *   (row id) under the project and found again by its `subject` marker. It is created with `execute = false`:
 *   our assignment import selects `execute eq true`, so it never travels back to OutSmart as a new work order.
 *   A create whose answer was lost is looked up again before it is ever sent again, so there are never two;
 *   should two exist anyway (two runs at the same moment), the lowest id is used and a warning says so.
 */
export class TargetError extends Error {}

const MAX_CREATE_ROUNDS = 3;

function num(value: unknown): number {
	const n = Number(value);
	return Number.isFinite(n) ? n : 0;
}

function lowestFirst(records: IDataObject[]): IDataObject[] {
	return [...records].sort((a, b) => num(a.id) - num(b.id));
}

function target(record: IDataObject, created: boolean): TargetAssignment {
	return { id: num(record.id), nr: num(record.nr), projectPnr: num(record.project_pnr), created, record };
}

/** `OutSmart P-20230012 #169824`: the assignment of this one OutSmart work order (at most 100 characters). */
export function projectAssignmentMarker(meta: Pick<ExportMeta, 'workorderNo' | 'rowId'>): string {
	return `OutSmart ${meta.workorderNo} #${meta.rowId}`.slice(0, 100);
}

export interface NewAssignment {
	date: string;
	employeeId: number;
	title: string;
	/** The remark block, or '' (then no note is sent). */
	note: string;
}

export interface ResolvedTarget {
	assignment: TargetAssignment;
	warnings: string[];
}

export async function resolveTarget(
	client: BouwsoftClient,
	writer: BouwsoftWriter,
	data: BookingData,
	meta: ExportMeta,
	fresh: () => NewAssignment,
): Promise<ResolvedTarget> {
	const warnings: string[] = [];
	if (meta.source === 'assignment') {
		const found = lowestFirst(await data.assignmentsByNr(meta.sourceNr));
		if (found.length === 0) {
			throw new TargetError(
				`Bouwsoft has no assignment with number ${meta.sourceNr}. Fix: check whether the assignment was deleted or renumbered in Bouwsoft; book the hours by hand there, or restore the assignment and run the export again.`,
			);
		}
		if (found.length > 1) warnings.push(`Bouwsoft has ${found.length} assignments with number ${meta.sourceNr}; booked on the one with the lowest id (${num(found[0].id)}).`);
		return { assignment: target(found[0], false), warnings };
	}

	const projects = lowestFirst(await data.projectsByPnr(meta.sourceNr));
	if (projects.length === 0) {
		throw new TargetError(
			`Bouwsoft has no project with number ${meta.sourceNr}. Fix: check whether the project was deleted or renumbered in Bouwsoft; book the hours by hand there, or restore the project and run the export again.`,
		);
	}
	const project = projects[0];
	const marker = projectAssignmentMarker(meta);
	const findExisting = async (): Promise<IDataObject | undefined> => {
		const filter = { and: [{ field: 'project_id', op: 'eq' as const, value: num(project.id) }, { field: 'subject', op: 'eq' as const, value: marker }] };
		const existing = lowestFirst(await client.readAll('Assignments', { filter }));
		if (existing.length > 1) {
			warnings.push(`Bouwsoft has ${existing.length} assignments "${marker}" (made at the same moment by two runs); booked on the one with the lowest id (${num(existing[0].id)}). Remove the other one in Bouwsoft (it has no lines from this export).`);
		}
		return existing[0];
	};

	let existing = await findExisting();
	if (existing) return { assignment: target(existing, false), warnings };
	const wanted = fresh();
	const columns: Columns = {
		project_id: num(project.id),
		address_id: num(project.client_addressid),
		date: wanted.date,
		employee_id: wanted.employeeId,
		title: wanted.title.slice(0, 100),
		subject: marker,
		execute: false,
		...(wanted.note ? { note_technician: wanted.note } : {}),
	};
	for (let round = 1; ; round++) {
		const result = await writer.post('Assignments', columns);
		if (result.outcome === 'applied' && num(result.row.id) > 0) {
			return { assignment: target({ ...columns, project_pnr: num(project.pnr), ...result.row }, true), warnings };
		}
		if (result.outcome === 'refused') {
			throw new TargetError(`Bouwsoft refused to create the assignment "${marker}" under project ${meta.sourceNr}: ${result.message}. Fix: check the project in Bouwsoft (client, status), then run the export again.`);
		}
		// Lost answer (or one without the new id): the create may have been applied, look before creating again.
		const stillRunning = result.outcome === 'unknown' && result.stillRunning;
		if (stillRunning) await sleep(settleMs(client.options.timeoutMs));
		existing = await findExisting();
		if (existing) return { assignment: target(existing, true), warnings };
		if (stillRunning) {
			// Bouwsoft may still be creating it: a second create now could make two.
			throw new TargetError(
				`Bouwsoft did not answer in time while creating the assignment "${marker}" under project ${meta.sourceNr} (${result.message}) and may still be creating it. Nothing was booked. Fix: none needed, the next run finds the assignment or creates it.`,
			);
		}
		if (round >= MAX_CREATE_ROUNDS) {
			throw new TargetError(`Could not create the Bouwsoft assignment "${marker}" under project ${meta.sourceNr}: ${result.outcome === 'unknown' ? result.message : 'Bouwsoft answered without the new id'}. Nothing was booked. Fix: run the export again when Bouwsoft answers.`);
		}
	}
}
