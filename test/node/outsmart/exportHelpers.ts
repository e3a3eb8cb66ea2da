/**
 * Set-up for the way-back tests (OutSmart Trigger, Mark as Exported): completed work orders in the OutSmart
 * simulator, one trigger poll, Book-shaped items. Orders are completed through the simulator's store
 * (insertWorkorder + patchWorkorder), as the app would leave them.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { OutSmartTrigger } from '../../../nodes/OutSmart/OutSmartTrigger.node';
import type { BookingResult } from '../../../nodes/shared/workOrderExport';
import { runPoll } from '../../harness';
import type { RunPollResult } from '../../harness';
import type { OutSmartSimulator } from '../../simulators/outsmart';
import { validWorkorder } from '../../simulators/outsmart/testClient';
import { credentialsFor, FAST_OPTIONS } from './helpers';

export const trigger = new OutSmartTrigger();

export function period(date: string, begin: string, end: string, employeeNr = '7', hourType = 'NORMAAL'): IDataObject {
	return { WorkDate: date, BeginTime: begin, EndTime: end, Break: '0', TotalTime: '04:00', Travel: '0', WorkRemark: '', HourType: hourType, EmployeeNr: employeeNr };
}

export function material(code: string, quantity: string, name = `Materiaal ${code}`): IDataObject {
	return { MaterialCode: code, MaterialNr: quantity, MaterialPrice: '4,55', MaterialName: name, MaterialUnit: 'st' };
}

export interface Completion {
	periods?: IDataObject[];
	materials?: IDataObject[];
	comment?: string;
	status?: string;
	workStatus?: string;
	/** Other stored fields (e.g. Archived). */
	extra?: IDataObject;
}

/** An order as our import posted it, then completed by the technician. Returns its row id. */
export function completedOrder(sim: OutSmartSimulator, workorderNo: string, completion: Completion = {}): number {
	const order = sim.store.insertWorkorder(validWorkorder(workorderNo) as never, '2025-03-01 09:00');
	complete(sim, order.row_id, completion);
	return order.row_id;
}

/** The technician (re)completes or edits an order. */
export function complete(sim: OutSmartSimulator, rowId: number, completion: Completion = {}): void {
	sim.store.patchWorkorder(rowId, {
		status: completion.status ?? 'Compleet',
		WorkFinished: '1',
		Workperiods: completion.periods ?? [period('10-03-2025', '08:00', '12:00')],
		Materials: completion.materials ?? [material('M12', '2')],
		Comment: completion.comment ?? 'Lek gedicht',
		...(completion.workStatus !== undefined ? { WorkStatus: completion.workStatus } : {}),
		...(completion.extra ?? {}),
	} as never);
}

export interface PollOptions {
	parameters?: INodeParameters;
	options?: IDataObject;
	staticData?: IDataObject;
	mode?: 'trigger' | 'manual';
	credentials?: Record<string, IDataObject>;
}

export async function pollTrigger(sim: OutSmartSimulator, options: PollOptions = {}): Promise<RunPollResult> {
	return await runPoll({
		node: trigger,
		parameters: { ...(options.parameters ?? {}), options: { ...FAST_OPTIONS, ...(options.options ?? {}) } },
		credentials: (options.credentials as never) ?? credentialsFor(sim),
		workflowStaticData: options.staticData,
		mode: options.mode ?? 'trigger',
	});
}

/** What the Book operation would hand on for an emitted order: its result next to `_export`. */
export function booked(item: IDataObject, exported = true, overrides: Partial<BookingResult> = {}): IDataObject {
	const meta = item._export as IDataObject;
	const result: BookingResult = {
		workorderNo: String(meta.workorderNo),
		rowId: String(meta.rowId),
		status: exported ? 'booked' : 'failed',
		exported,
		hours: { written: 1, alreadyThere: 0, failed: exported ? 0 : 1 },
		materials: { written: 1, alreadyThere: 0, failed: 0 },
		remark: 'appended',
		lines: [],
		message: exported ? 'Booked' : 'Bouwsoft refused hour type NORMAAL',
		warnings: [],
		...overrides,
	};
	return { ...result, _export: meta } as unknown as IDataObject;
}
