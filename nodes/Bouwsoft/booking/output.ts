import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { errorOutputItem, resultItem } from '../../shared/items';
import { EXPORT_META_FIELD } from '../../shared/workOrderExport';
import type { BookingResult } from '../../shared/workOrderExport';

/**
 * Items and the run summary of the Book operation. One item per input item, paired, every string redacted.
 * A failed work order goes to the error output when the node's On Error is "continue (using error output)"
 * (shared/items.ts), else it stays in the main output with `status: 'failed'` and `exported: false`, like the
 * OutSmart node's upsert.
 */
export interface BookedItem {
	index: number;
	result: BookingResult;
	exportMeta: unknown;
}

export function bookingItems(booked: BookedItem[], secrets: string[], toErrorOutput: boolean): INodeExecutionData[] {
	return booked.map(({ index, result, exportMeta }) => {
		const json: IDataObject = { ...(result as unknown as IDataObject) };
		if (exportMeta !== undefined) json[EXPORT_META_FIELD] = exportMeta as IDataObject;
		if (result.status === 'failed' && toErrorOutput) {
			return errorOutputItem(`Work order ${result.workorderNo}: not booked in Bouwsoft`, result.message, json, index, secrets);
		}
		return resultItem(json, index, secrets);
	});
}

export interface BookingSummary {
	booked: number;
	alreadyBooked: number;
	skipped: number;
	failed: number;
	linesWritten: number;
	linesAlreadyThere: number;
	remarksFailed: number;
	requests: number;
}

export function summariseBooking(results: BookingResult[], requests: number): BookingSummary {
	const summary: BookingSummary = { booked: 0, alreadyBooked: 0, skipped: 0, failed: 0, linesWritten: 0, linesAlreadyThere: 0, remarksFailed: 0, requests };
	for (const result of results) {
		const written = result.hours.written + result.materials.written;
		summary.linesWritten += written;
		summary.linesAlreadyThere += result.hours.alreadyThere + result.materials.alreadyThere;
		if (result.remark === 'failed') summary.remarksFailed++;
		if (result.status === 'skipped') summary.skipped++;
		else if (result.status === 'failed') summary.failed++;
		else if (written === 0 && result.remark !== 'appended' && !result.assignment?.created) summary.alreadyBooked++;
		else summary.booked++;
	}
	return summary;
}

export function summaryText(s: BookingSummary): string {
	const remarks = s.remarksFailed ? `; ${s.remarksFailed} remark${s.remarksFailed > 1 ? 's' : ''} could not be written (see warnings)` : '';
	return (
		`Bouwsoft booking: ${s.booked} work order${s.booked === 1 ? '' : 's'} booked, ${s.alreadyBooked} already booked, ${s.skipped} skipped, ${s.failed} failed; ` +
		`lines: ${s.linesWritten} written, ${s.linesAlreadyThere} already there${remarks} (${s.requests} Bouwsoft requests).`
	);
}
