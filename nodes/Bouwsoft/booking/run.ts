import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { mapWithConcurrency } from '../../shared/http/concurrency';
import { redactText } from '../../shared/redact';
import { EXPORT_META_FIELD, readExportMeta, workOrderSource } from '../../shared/workOrderExport';
import type { ExportMeta } from '../../shared/workOrderExport';
import { readClientOptions, readTimeZone } from '../sync/settings';
import { BouwsoftClient } from '../transport/client';
import { BouwsoftWriter } from '../transport/write';
import { bookWorkOrder } from './engine';
import type { BookingRun, WorkOrderInput } from './engine';
import { BookingData } from './lookups';
import type { RunNeeds } from './lookups';
import { bookingItems, summariseBooking, summaryText } from './output';
import type { BookedItem, BookingSummary } from './output';
import type { RoundingStep } from './time';
import type { BookingSettings } from './types';
import { scalarText } from '../../shared/text';

/**
 * The Bouwsoft node's Book operation: every input item is one OutSmart work order; book them with bounded
 * concurrency (the lines of one order one after the other, see lines.ts), then one output item per input.
 * Failed orders follow the node's On Error setting (output.ts); without it the node fails after all orders
 * were processed, naming the first failed one, so what was booked stays booked and is found again next time.
 */
const ROUNDING: Record<string, RoundingStep> = { none: 0, up5: 5, up15: 15, up30: 30 };

/** The trigger's `_export` block, or the same facts read from the order itself (an item from elsewhere). */
export function exportMetaOf(order: IDataObject): ExportMeta {
	const meta = readExportMeta(order);
	const workorderNo = meta?.workorderNo || scalarText(order.WorkorderNo);
	// The source always from the number itself (one rule, workOrderSource), whatever the block says.
	const { source, sourceNr } = workOrderSource(workorderNo);
	return {
		rowId: meta?.rowId || scalarText(order.id),
		workorderNo,
		source,
		sourceNr,
		status: meta?.status || scalarText(order.status),
		workStatus: meta?.workStatus || scalarText(order.WorkStatus),
		readAt: meta?.readAt ?? '',
		reason: meta?.reason ?? 'manual',
		...(meta?.contentHash ? { contentHash: meta.contentHash } : {}),
	};
}

function readSettings(ctx: IExecuteFunctions, index: number, timeZone: string): BookingSettings {
	const choice = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
		const value = ctx.getNodeParameter(name, index, fallback) as T;
		if (allowed.includes(value)) return value;
		throw new NodeOperationError(ctx.getNode(), `${name} must be one of ${allowed.join(', ')}, not "${String(value)}"`, { itemIndex: index });
	};
	return {
		unknownEmployees: choice('unknownEmployees', ['fail', 'withoutEmployee'] as const, 'fail'),
		unknownMaterials: choice('unknownMaterials', ['fail', 'freeText'] as const, 'fail'),
		rounding: ROUNDING[choice('hourRounding', Object.keys(ROUNDING), 'none')],
		defaultJobCode: scalarText(ctx.getNodeParameter('defaultJobCode', index, '')),
		timeZone,
	};
}

function codesOf(inputs: WorkOrderInput[]): string[] {
	const codes = new Set<string>();
	for (const { order, meta } of inputs) {
		if (meta.source === 'other' || !Array.isArray(order.Materials)) continue;
		for (const material of order.Materials as IDataObject[]) {
			const code = scalarText(material?.MaterialCode);
			if (code) codes.add(code);
		}
	}
	return [...codes];
}

export async function runBook(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const options = this.getNodeParameter('bookOptions', 0, {}) as IDataObject;
	const timeZone = readTimeZone(this, options, 0);
	const client = new BouwsoftClient(this, readClientOptions(options));
	const writer = new BouwsoftWriter(this, client);
	const inputs: WorkOrderInput[] = items.map((item, index) => ({
		order: item.json,
		meta: exportMetaOf(item.json),
		settings: readSettings(this, index, timeZone),
	}));
	const bookable = inputs.filter(({ meta }) => meta.source !== 'other');
	const needs: RunNeeds = {
		hours: bookable.some(({ order }) => Array.isArray(order.Workperiods) && order.Workperiods.length > 0),
		materialCodes: codesOf(bookable),
		assignmentNrs: bookable.filter(({ meta }) => meta.source === 'assignment').map(({ meta }) => meta.sourceNr),
		projectPnrs: bookable.filter(({ meta }) => meta.source === 'project').map(({ meta }) => meta.sourceNr),
	};
	const run: BookingRun = { client, writer, data: new BookingData(client, needs) };

	const started = Date.now();
	const results = await mapWithConcurrency(inputs, client.options.concurrency, async (input) => await bookWorkOrder(run, input));
	const secrets = await client.secrets();
	const booked = results.map((result, index): BookedItem => ({ index, result, exportMeta: items[index].json[EXPORT_META_FIELD] }));
	const output = bookingItems(booked, secrets, this.getNode().onError === 'continueErrorOutput');

	const summary: BookingSummary = summariseBooking(results, client.requestCount);
	const line = summaryText(summary);
	this.logger.info(redactText(line, secrets), { durationMs: Date.now() - started, requestsByResource: client.requestsByResource });
	this.addExecutionHints({ message: line, location: 'outputPane' });

	const failed = results.map((result, index) => ({ result, index })).filter(({ result }) => result.status === 'failed');
	if (failed.length && !this.continueOnFail()) {
		const first = failed[0];
		throw new NodeOperationError(
			this.getNode(),
			redactText(`${failed.length} work order${failed.length > 1 ? 's' : ''} could not be booked in Bouwsoft. First: ${first.result.message}`, secrets),
			{ itemIndex: first.index, description: redactText(first.result.fix ?? '', secrets) },
		);
	}
	return [output];
}
