/**
 * The naive baseline of the export benchmark, as an n8n node in place of the Book operation: for every work
 * order one POST per line (and for a P- order one POST creating its assignment first), **without reading
 * anything first**: no read of the assignment's existing lines, no re-read after a lost answer, no remark.
 * It is what "exactly once" costs compared with writing blindly.
 *
 * For fairness it shares everything else with the real Book operation: the same transport (BouwsoftClient,
 * BouwsoftWriter: n8n's httpRequestWithAuthentication, the credential's token, the same retries of certainly
 * unsent writes), the same master data reads (BookingData: employees, jobs, products by article number,
 * assignments by nr, projects by pnr, each once per run), the same line columns (desiredBooking) and the same
 * number of work orders at a time (4). Its items carry `exported`, so the real Mark as Exported follows it.
 */
import { NodeConnectionTypes } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { desiredBooking } from '../../nodes/Bouwsoft/booking/desired';
import { LINE_RESOURCE } from '../../nodes/Bouwsoft/booking/keys';
import { BookingData } from '../../nodes/Bouwsoft/booking/lookups';
import { exportMetaOf } from '../../nodes/Bouwsoft/booking/run';
import type { BookingSettings } from '../../nodes/Bouwsoft/booking/types';
import { readClientOptions } from '../../nodes/Bouwsoft/sync/settings';
import { BouwsoftClient } from '../../nodes/Bouwsoft/transport/client';
import { BouwsoftWriter } from '../../nodes/Bouwsoft/transport/write';
import { mapWithConcurrency } from '../../nodes/shared/http/concurrency';
import { EXPORT_META_FIELD } from '../../nodes/shared/workOrderExport';

export const NAIVE_BOOK_TYPE = 'n8n-nodes-bouwsoft-outsmart.naiveBook';

const SETTINGS: BookingSettings = { unknownEmployees: 'fail', unknownMaterials: 'fail', rounding: 0, defaultJobCode: '', timeZone: 'Europe/Brussels' };

const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '');

export class NaiveBook implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Naive Book (benchmark baseline)',
		name: 'naiveBook',
		group: ['transform'],
		version: 1,
		description: 'POSTs every line of every work order, reading nothing first',
		defaults: { name: 'Naive Book' },
		credentials: [{ name: 'bouwsoftApi', required: true }],
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const client = new BouwsoftClient(this, readClientOptions({}));
		const writer = new BouwsoftWriter(this, client);
		const inputs = items.map((item) => ({ order: item.json, meta: exportMetaOf(item.json) }));
		const codes = new Set<string>();
		for (const { order } of inputs) for (const m of (order.Materials as IDataObject[] | undefined) ?? []) codes.add(text(m.MaterialCode));
		const data = new BookingData(client, {
			hours: true,
			materialCodes: [...codes].filter(Boolean),
			assignmentNrs: inputs.filter(({ meta }) => meta.source === 'assignment').map(({ meta }) => meta.sourceNr),
			projectPnrs: inputs.filter(({ meta }) => meta.source === 'project').map(({ meta }) => meta.sourceNr),
		});
		const results = await mapWithConcurrency(inputs, client.options.concurrency, async ({ order, meta }, index): Promise<INodeExecutionData> => {
			const lookups = await data.lookups();
			const desired = desiredBooking(order, meta.readAt, SETTINGS, lookups);
			let assignmentId = 0;
			if (meta.source === 'assignment') assignmentId = Number((await data.assignmentsByNr(meta.sourceNr))[0]?.id ?? 0);
			else if (meta.source === 'project') {
				const project = (await data.projectsByPnr(meta.sourceNr))[0];
				const created = await writer.post('Assignments', {
					project_id: Number(project?.id ?? 0),
					address_id: Number(project?.client_addressid ?? 0),
					date: desired.workDate,
					employee_id: desired.employeeId,
					title: `OutSmart work order ${meta.workorderNo}`,
					execute: false,
				});
				if (created.outcome === 'applied') assignmentId = Number(created.row.id);
			}
			let failed = desired.problems.length + (assignmentId > 0 ? 0 : 1);
			if (assignmentId > 0) {
				for (const line of desired.lines) {
					const result = await writer.post(LINE_RESOURCE[line.kind], { assignment_id: assignmentId, ...line.columns });
					if (result.outcome !== 'applied') failed++;
				}
			}
			return {
				json: { workorderNo: meta.workorderNo, rowId: meta.rowId, exported: failed === 0, lines: desired.lines.length, failed, [EXPORT_META_FIELD]: order[EXPORT_META_FIELD] as IDataObject },
				pairedItem: { item: index },
			};
		});
		return [results];
	}
}
