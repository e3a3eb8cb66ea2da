/**
 * Work-order field rules from the reference §3.12.1: required header fields (code 1501), formats
 * (d-m-Y, H:i, decimals; code 1504), Varchar(255) sizes, the Materials / Workperiods rows and the documented
 * field names (option `unknownFields`).
 */
import type { OutSmartRecord, ResolvedOptions } from './types';
import { checkLength, isDmyDate, isHiTime, isMissing, normaliseValue, parseDecimal, unknownFieldProblem } from './validation';
import type { RowProblem } from './validation';

export const WORKORDER_REQUIRED = [
	'WorkorderNo',
	'CustomerName',
	'CustomerDebtorNr',
	'CustomerStreet',
	'CustomerZIP',
	'CustomerCity',
	'CustomerContactPerson',
	'CustomerNameInvoice',
	'CustomerDebtorNrInvoice',
	'CustomerStreetInvoice',
	'CustomerZIPInvoice',
	'CustomerCityInvoice',
	'CustomerContactPersonInvoice',
	'TypeOfWork',
	'PaymentMethod',
];

/** Header fields a client may set (PostWorkorders and, as query params, UpdateWorkorder extras). */
export const WORKORDER_FIELDS = [
	...WORKORDER_REQUIRED,
	'OrderNr', 'ProjectNr', 'ExternProjectNr', 'CustomerStreetNo', 'CustomerEmail', 'CustomerPhone',
	'CustomerRemark', 'CustomerLatitude', 'CustomerLongitude', 'CustomerStreetNoInvoice',
	'CustomerEmailInvoice', 'CustomerPhoneInvoice', 'CustomerRemarkInvoice', 'CustomerCountry',
	'CustomerCountryInvoice', 'WorkDescription', 'InternalWorkDescription', 'ShortWorkDescription',
	'Comment', 'EmployeeNr', 'WorkDate', 'WorkTime', 'WorkEndDate', 'WorkEndTime', 'WorkDeadline',
	'WorkDuration', 'WorkStatus', 'PickupPlanning', 'WebPlanning', 'CpnCode', 'CpnCodeInvoice', 'AdrCode',
	'ErrorCode', 'ErrorMessage', 'SolutionCode', 'SolutionMessage', 'PriorityCode', 'PriorityMessage',
	'MinimumHours', 'RoundingAmount',
];

/** The lists of a posted work order and the documented fields of their rows (reference §3.12.1). */
export const WORKORDER_LIST_FIELDS: Record<string, string[] | null> = {
	Materials: [
		'MaterialCode', 'MaterialNr', 'MaterialPrice', 'MaterialName', 'MaterialUnit', 'MaterialType',
		'MaterialFreeField1', 'MaterialFreeField2', 'MaterialFreeField3', 'MaterialFreeField4', 'MaterialFreeField5',
		'MaterialWarehouseCode', 'MaterialWarrantyCode', 'MaterialDiscountPercentage', 'MaterialOriginalPrice',
	],
	Workperiods: ['WorkDate', 'BeginTime', 'EndTime', 'Break', 'TotalTime', 'Travel', 'WorkRemark', 'HourType', 'EmployeeNr'],
	Forms: ['Name', 'Data', 'ObjectCode'],
	Attachments: ['File', 'Data', 'FileName'],
	/** Lists of employee numbers / object codes: no rows with fields. */
	Employees: null,
	WorkObjects: null,
};

/**
 * With `unknownFields: 'reject'`: header fields and list-row fields the reference does not name, as 1504
 * (the code of the other work-order value problems) `Unknown field: <field>` / `Unknown field: Materials.<field>`.
 */
function unknownWorkorderFields(row: Record<string, unknown>, options: Pick<ResolvedOptions, 'unknownFields'>): RowProblem[] {
	if (options.unknownFields !== 'reject') return [];
	const problems: RowProblem[] = [];
	for (const [field, value] of Object.entries(row)) {
		const list = Object.prototype.hasOwnProperty.call(WORKORDER_LIST_FIELDS, field) ? WORKORDER_LIST_FIELDS[field] : undefined;
		problems.push(...unknownFieldProblem(field, list !== undefined || WORKORDER_FIELDS.includes(field), PARSE_CODE, options));
		if (!list || !Array.isArray(value)) continue;
		for (const sub of value) {
			if (typeof sub !== 'object' || sub === null || Array.isArray(sub)) continue;
			for (const name of Object.keys(sub)) problems.push(...unknownFieldProblem(`${field}.${name}`, list.includes(name), PARSE_CODE, options));
		}
	}
	return problems;
}

/** Text(64kb) fields: no size check. Every other scalar header field is Varchar(255). */
const TEXT_FIELDS = new Set([
	'CustomerRemark', 'CustomerRemarkInvoice', 'WorkDescription', 'InternalWorkDescription', 'WorkInstruction',
]);
const DATE_FIELDS = new Set(['WorkDate', 'WorkEndDate']);
const TIME_FIELDS = new Set(['WorkTime', 'WorkEndTime']);
const DECIMAL_FIELDS = new Set(['MinimumHours', 'CustomerLatitude', 'CustomerLongitude']);

export const PARSE_CODE = 1504;
export const MISSING_CODE = 1501;

export const MATERIAL_REQUIRED = ['MaterialCode', 'MaterialNr', 'MaterialPrice', 'MaterialName'];
const WORKPERIOD_REQUIRED = ['WorkDate', 'BeginTime', 'EndTime', 'TotalTime'];

/** Format problems of one scalar header value (also used for UpdateWorkorder extras). */
export function headerFieldProblems(field: string, value: unknown): RowProblem[] {
	if (isMissing(value)) return [];
	if (DATE_FIELDS.has(field) && !isDmyDate(value)) {
		return [{ code: PARSE_CODE, message: `Date invalid for ${field}. Format: 20-02-2016` }];
	}
	if (TIME_FIELDS.has(field) && !isHiTime(value)) {
		return [{ code: PARSE_CODE, message: `Time invalid for ${field}. Format: 07:08` }];
	}
	if (DECIMAL_FIELDS.has(field) && parseDecimal(value) === undefined) {
		return [{ code: PARSE_CODE, message: `Invalid decimal for ${field}` }];
	}
	return [];
}

/** Validates a Materials[] row; returns it normalised, with MaterialTotalPrice as OutSmart adds it. */
export function validateMaterialRow(row: Record<string, unknown>, missingCode: number): {
	problems: RowProblem[];
	value: OutSmartRecord;
} {
	const problems: RowProblem[] = [];
	for (const field of MATERIAL_REQUIRED) {
		if (isMissing(row[field])) problems.push({ code: missingCode, message: `Required field missing: ${field}` });
	}
	const amount = parseDecimal(row.MaterialNr);
	const price = parseDecimal(row.MaterialPrice);
	if (!isMissing(row.MaterialNr) && amount === undefined) {
		problems.push({ code: PARSE_CODE, message: 'Invalid decimal for MaterialNr' });
	}
	if (!isMissing(row.MaterialPrice) && price === undefined) {
		problems.push({ code: PARSE_CODE, message: 'Invalid decimal for MaterialPrice' });
	}
	const value = normaliseValue(row) as OutSmartRecord;
	if (amount !== undefined && price !== undefined) {
		value.MaterialTotalPrice = (amount * price).toFixed(2).replace('.', ',');
	}
	return { problems, value };
}

function validateWorkperiod(row: Record<string, unknown>, options: Pick<ResolvedOptions, 'overlongValues'>) {
	const problems: RowProblem[] = [];
	for (const field of WORKPERIOD_REQUIRED) {
		if (isMissing(row[field])) problems.push({ code: MISSING_CODE, message: `Required field missing: ${field}` });
	}
	if (!isMissing(row.WorkDate) && !isDmyDate(row.WorkDate)) {
		problems.push({ code: PARSE_CODE, message: 'Date invalid for Workperiods.WorkDate. Format: 20-02-2016' });
	}
	for (const field of ['BeginTime', 'EndTime', 'TotalTime']) {
		if (!isMissing(row[field]) && !isHiTime(row[field])) {
			problems.push({ code: PARSE_CODE, message: `Time invalid for Workperiods.${field}. Format: 07:08` });
		}
	}
	const value = normaliseValue(row) as OutSmartRecord;
	for (const field of ['HourType', 'EmployeeNr']) {
		const checked = checkLength(`Workperiods.${field}`, value[field], 55, PARSE_CODE, options);
		value[field] = checked.value ?? null;
		if (checked.problem) problems.push(checked.problem);
	}
	return { problems, value };
}

const asRows = (value: unknown): Array<Record<string, unknown>> | undefined =>
	Array.isArray(value) && value.every((row) => typeof row === 'object' && row !== null && !Array.isArray(row))
		? (value as Array<Record<string, unknown>>)
		: undefined;

/** Validates one posted work order (header, Materials, Workperiods) and normalises it for storage. */
export function validateWorkorderRow(
	row: Record<string, unknown>,
	options: Pick<ResolvedOptions, 'overlongValues' | 'unknownFields'>,
): { problems: RowProblem[]; value: OutSmartRecord } {
	const problems: RowProblem[] = [];
	for (const field of WORKORDER_REQUIRED) {
		if (isMissing(row[field])) problems.push({ code: MISSING_CODE, message: `Required field missing: ${field}` });
	}
	problems.push(...unknownWorkorderFields(row, options));
	const value: OutSmartRecord = {};
	for (const [field, raw] of Object.entries(row)) {
		if (field === 'Materials' || field === 'Workperiods') continue;
		problems.push(...headerFieldProblems(field, raw));
		let normalised = normaliseValue(raw);
		if (typeof normalised === 'string' && !TEXT_FIELDS.has(field)) {
			const checked = checkLength(field, normalised, 255, PARSE_CODE, options);
			normalised = checked.value;
			if (checked.problem) problems.push(checked.problem);
		}
		value[field] = normalised;
	}
	for (const [field, validate] of [
		['Materials', (r: Record<string, unknown>) => validateMaterialRow(r, MISSING_CODE)],
		['Workperiods', (r: Record<string, unknown>) => validateWorkperiod(r, options)],
	] as const) {
		if (row[field] === undefined || row[field] === null) continue;
		const rows = asRows(row[field]);
		if (!rows) {
			problems.push({ code: PARSE_CODE, message: `${field} must be an array of objects` });
			continue;
		}
		value[field] = rows.map((sub) => {
			const result = validate(sub);
			problems.push(...result.problems);
			return result.value;
		});
	}
	return { problems, value };
}

/** What GetWorkorder(s) answer for a stored order: no internal row_id, list fields always present. */
export function presentWorkorder(order: OutSmartRecord): OutSmartRecord {
	const { row_id: _internal, ...rest } = structuredClone(order);
	const lists = ['Photos', 'Workperiods', 'Materials', 'Documents', 'Forms', 'Employees', 'WorkObjects'];
	for (const list of lists) rest[list] = rest[list] ?? [];
	return rest;
}
