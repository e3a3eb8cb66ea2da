/**
 * Test control: complete a work order as a technician would in the app (reference §3.12.1 rows, §3.12.5
 * status model). Work periods and materials are stored exactly as GetWorkorder(s) return them: strings,
 * `d-m-Y` dates, `H:i` times, comma decimals.
 */
import { formatCreationDate } from './envelope';
import type { OutSmartStore } from './store';
import type { OutSmartRecord, StoredWorkorder, WorkorderStatus } from './types';
import { isDmyDate, isHiTime } from './validation';

/** One block of work as the technician enters it. */
export interface CompletionPeriod {
	/** `dd-mm-yyyy`. */
	date: string;
	/** `HH:mm`. */
	begin: string;
	/** `HH:mm`; before `begin` = the period runs past midnight. */
	end: string;
	/** Minutes of break, subtracted from TotalTime. Default 0. */
	breakMinutes?: number;
	employeeNr: string;
	/** Hour-type code. Default '' (none chosen). */
	hourType?: string;
	/** Default ''. */
	remark?: string;
	/** Distance. Default 0. */
	travel?: number;
	/** Raw row fields laid over the computed row (e.g. `{ TotalTime: '99:99' }` for odd data). */
	extra?: OutSmartRecord;
}

/** One used material as the technician enters it. */
export interface CompletionMaterial {
	code: string;
	/** Quantity; stored as `MaterialNr` with a comma decimal ("1,5"). */
	quantity: number;
	name: string;
	/** Default ''. */
	unit?: string;
	/** Unit price; default 0. Stored as "12,50". */
	price?: number;
	/** Raw row fields laid over the computed row. */
	extra?: OutSmartRecord;
}

export interface WorkorderCompletion {
	periods?: CompletionPeriod[];
	materials?: CompletionMaterial[];
	/** The technician's remark → the order's `Comment`. Omitted = Comment unchanged. */
	remark?: string;
	/** Work-status code (`WorkStatus`). Omitted = unchanged. */
	workStatus?: string;
	/** New `status`. Default 'Compleet'. */
	status?: WorkorderStatus;
	/** Add periods/materials to the order's existing lists instead of replacing them. Default false. */
	append?: boolean;
	/** `user` of the StatusChanges entry. Default: the first period's employeeNr, else the order's EmployeeNr, else ''. */
	user?: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
/** 12.5 → "12,50" (OutSmart's money format), rounded half up on the decimal value (6.825 → "6,83"). */
const money = (value: number) => (Math.round(Number((value * 100).toPrecision(12))) / 100).toFixed(2).replace('.', ',');
/** 1.5 → "1,5", 2 → "2" (OutSmart's quantity format). */
const decimal = (value: number) => String(value).replace('.', ',');

/** `H:i` worked time: end − begin − break; an end before the begin runs past midnight (+24 h). */
export function totalTime(begin: string, end: string, breakMinutes = 0): string {
	let minutes = minutesOf(end) - minutesOf(begin);
	if (minutes < 0) minutes += 24 * 60;
	minutes -= breakMinutes;
	if (minutes < 0) throw new Error(`Break of ${breakMinutes} min is longer than ${begin}–${end}`);
	return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

export function workperiodRow(period: CompletionPeriod): OutSmartRecord {
	if (!isDmyDate(period.date)) throw new Error(`Work period date must be dd-mm-yyyy: ${period.date}`);
	for (const time of [period.begin, period.end]) {
		if (!isHiTime(time)) throw new Error(`Work period time must be HH:mm: ${time}`);
	}
	const breakMinutes = period.breakMinutes ?? 0;
	return {
		WorkDate: period.date,
		BeginTime: period.begin,
		EndTime: period.end,
		Break: String(breakMinutes),
		TotalTime: totalTime(period.begin, period.end, breakMinutes),
		Travel: String(period.travel ?? 0),
		WorkRemark: period.remark ?? '',
		HourType: period.hourType ?? '',
		EmployeeNr: period.employeeNr,
		...period.extra,
	};
}

export function materialRow(material: CompletionMaterial): OutSmartRecord {
	const price = material.price ?? 0;
	return {
		MaterialCode: material.code,
		MaterialNr: decimal(material.quantity),
		MaterialPrice: money(price),
		MaterialName: material.name,
		MaterialUnit: material.unit ?? '',
		MaterialTotalPrice: money(material.quantity * price),
		...material.extra,
	};
}

/** `Y-m-d H:i:s` for StatusChanges timestamps. */
function timestamp(date: Date): string {
	return `${formatCreationDate(date)}:${pad(date.getSeconds())}`;
}

/**
 * Completes the order identified by `target` (number = row_id; string = WorkorderNo, the oldest order with
 * that number). Throws for an unknown order or bad input. Returns a copy of the updated order.
 */
export function completeWorkorder(
	store: OutSmartStore,
	now: Date,
	target: number | string,
	completion: WorkorderCompletion,
): StoredWorkorder {
	const order = store
		.liveWorkorders()
		.find((candidate) => (typeof target === 'number' ? candidate.row_id === target : candidate.WorkorderNo === target));
	if (!order) throw new Error(`No work order ${typeof target === 'number' ? `with row_id ${target}` : target}`);
	const periods = completion.periods?.map(workperiodRow);
	const materials = completion.materials?.map(materialRow);
	const listOf = (field: string) => (Array.isArray(order[field]) ? (order[field] as OutSmartRecord[]) : []);
	if (periods) order.Workperiods = completion.append ? [...listOf('Workperiods'), ...periods] : periods;
	if (materials) order.Materials = completion.append ? [...listOf('Materials'), ...materials] : materials;
	if (completion.remark !== undefined) order.Comment = completion.remark;
	if (completion.workStatus !== undefined) order.WorkStatus = completion.workStatus;
	const status = completion.status ?? 'Compleet';
	order.status = status;
	order.WorkFinished = '1';
	const user = completion.user ?? completion.periods?.[0]?.employeeNr ?? String(order.EmployeeNr ?? '');
	order.StatusChanges = [...listOf('StatusChanges'), { status, timestamp: timestamp(now), user }];
	return structuredClone(order);
}
