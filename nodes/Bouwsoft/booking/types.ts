import type { IDataObject } from 'n8n-workflow';

import type { BookingLineState } from '../../shared/workOrderExport';
import type { Columns } from '../transport/write';
import type { LineKind } from './keys';
import type { RoundingStep } from './time';

/** The Book operation's settings (node parameters), read once per item. */
export interface BookingSettings {
	/** A technician number that is no Bouwsoft employee: the work order fails, or the hours go without employee. */
	unknownEmployees: 'fail' | 'withoutEmployee';
	/** A material code that is no Bouwsoft product: the work order fails, or a free-text line is booked. */
	unknownMaterials: 'fail' | 'freeText';
	rounding: RoundingStep;
	/** Bouwsoft job code for work periods without an hour type ('' = none: job_id 0). */
	defaultJobCode: string;
	/** Zone for the date of an order that has nothing but its read time (`_export.readAt`). */
	timeZone: string;
}

/** One line the work order wants on the Bouwsoft assignment. */
export interface DesiredLine {
	kind: LineKind;
	key: string;
	/** The columns to POST, without `assignment_id` (added when writing). */
	columns: Columns;
	/** For people: "hours 12-03-2026 07:30–16:00, technician 17". */
	label: string;
}

/** What the work order asks for, or why it cannot be booked. */
export interface DesiredBooking {
	lines: DesiredLine[];
	/** Reasons the work order cannot be booked, each with its fix; none = bookable. */
	problems: string[];
	warnings: string[];
	/** Text for the remark besides the technician's own (e.g. hours of a technician Bouwsoft does not know). */
	remarkNotes: string[];
	/** The work date (`yyyy-mm-dd`): the last work period's, else the order's own dates; marks the remark. */
	workDate: string;
	/** The first work period's technician as a Bouwsoft employee id (0 = none), for a created assignment. */
	employeeId: number;
}

/** Master data read once per run. */
export interface BookingLookups {
	employeeId(nr: string): number | undefined;
	job(code: string): { id: number; code: string } | undefined;
	product(code: string): { id: number; unit: string } | undefined;
}

/** A desired line and what became of it. */
export interface LineWork {
	desired: DesiredLine;
	state: BookingLineState;
	bouwsoftId?: number;
	error?: string;
}

/** The Bouwsoft assignment a work order is booked on. */
export interface TargetAssignment {
	id: number;
	nr: number;
	projectPnr: number;
	created: boolean;
	record: IDataObject;
}
