import type { IDataObject } from 'n8n-workflow';

import type { BookingResult, ExportMeta } from '../../shared/workOrderExport';
import type { BouwsoftClient } from '../transport/client';
import type { BouwsoftWriter } from '../transport/write';
import { desiredBooking } from './desired';
import { bookLines } from './lines';
import type { BookingData } from './lookups';
import { bookingResult, failedBeforeWriting, skippedResult } from './result';
import { remarkBlock, remarkMarker, remarkParts } from './remark';
import { writeRemark, type Remark, type RemarkOutcome } from './remarkWrite';
import { resolveTarget, TargetError } from './target';
import type { NewAssignment, ResolvedTarget } from './target';
import type { BookingSettings } from './types';
import { scalarText } from '../../shared/text';

/**
 * One work order: where it goes, what it wants, what Bouwsoft already has, write the rest, append the
 * remark. Never throws: every outcome is a BookingResult (the run decides where failed ones go).
 */
export interface BookingRun {
	client: BouwsoftClient;
	writer: BouwsoftWriter;
	data: BookingData;
}

export interface WorkOrderInput {
	order: IDataObject;
	meta: ExportMeta;
	settings: BookingSettings;
}

export async function bookWorkOrder(run: BookingRun, input: WorkOrderInput): Promise<BookingResult> {
	const { order, meta, settings } = input;
	if (meta.source === 'other') {
		return skippedResult(
			meta,
			`Work order "${meta.workorderNo}" did not come from Bouwsoft (its number is not A-<assignment nr> or P-<project nr>): nothing booked.`,
		);
	}
	if (meta.source === 'project' && !meta.rowId) {
		// The project's assignment for this order is found again by the row id: without it, two orders would share one.
		return failedBeforeWriting(meta, undefined, [
			`Work order ${meta.workorderNo} has no OutSmart row id (id), so its Bouwsoft assignment could not be found again on a later run. Fix: feed the Book operation with the OutSmart Trigger's items (they carry _export.rowId).`,
		]);
	}
	let stage = 'reading employees, jobs and products';
	try {
		const lookups = await run.data.lookups();
		const desired = desiredBooking(order, meta.readAt, settings, lookups);
		if (desired.problems.length) return failedBeforeWriting(meta, desired, desired.problems);
		const remark: Remark = { workorderNo: meta.workorderNo, marker: remarkMarker(meta.workorderNo, desired.workDate), parts: remarkParts(order, desired.remarkNotes) };
		const block = remark.parts.length ? remarkBlock(remark.marker, remark.parts) : '';

		stage = meta.source === 'assignment' ? 'finding the assignment' : 'finding or creating the project assignment';
		// What a project order's assignment is created with, when it has none yet.
		const fresh = (): NewAssignment => ({
			date: desired.workDate,
			employeeId: desired.employeeId,
			title: scalarText(order.ShortWorkDescription) || `OutSmart work order ${meta.workorderNo}`,
			note: block,
		});
		const { assignment, warnings }: ResolvedTarget = await resolveTarget(run.client, run.writer, run.data, meta, fresh);
		desired.warnings.push(...warnings);

		stage = 'booking the lines';
		const lines = await bookLines(run.client, run.writer, assignment.id, desired.lines);
		stage = 'writing the remark';
		const remarkOutcome: RemarkOutcome | undefined = block ? await writeRemark(run.client, run.writer, assignment, remark) : undefined;
		return bookingResult(meta, desired, assignment, lines, remarkOutcome);
	} catch (error) {
		const reason = error instanceof TargetError ? error.message : `Bouwsoft failed while ${stage}: ${(error as Error).message}`;
		return failedBeforeWriting(meta, undefined, [reason]);
	}
}
