/**
 * Work-order endpoints (reference §3.12): PostWorkorders, GetWorkorder, GetWorkorders and
 * UpdateWorkorder (GET reschedule, POST materials). GetWorkorder(s) default `update_status=true` flips
 * orders to Afgehandeld and every such call is recorded in `statusFlipCalls`.
 */
import { fail, formatCreationDate, ok, parseBatch } from './envelope';
import type { Envelope, Handler, HandlerContext } from './envelope';
import { booleanParam, matchesFilter, parseFilter } from './filters';
import { WORKORDER_STATUSES } from './types';
import type { OutSmartRecord, StoredWorkorder } from './types';
import { isDmyDate, isHiTime, validateBatch } from './validation';
import type { RowProblem } from './validation';
import {
	headerFieldProblems,
	MISSING_CODE,
	PARSE_CODE,
	presentWorkorder,
	validateMaterialRow,
	validateWorkorderRow,
	WORKORDER_FIELDS,
} from './workorderFields';

const methodNotSupported = (context: HandlerContext) =>
	fail(1001, [`Method ${context.method} not supported on ${context.endpoint}`]);

export const postWorkorders: Handler = (context) => {
	if (context.method !== 'POST') return methodNotSupported(context);
	const { options, store } = context.state;
	const parsed = parseBatch(context.body, options.acceptSingleObject);
	if ('error' in parsed) return parsed.error;
	context.counter.rowsReceived += parsed.rows.length;

	const existing = new Set(store.liveWorkorders().map((order) => order.WorkorderNo));
	const seenInBatch = new Set<string>();
	const outcome = validateBatch(parsed.rows, (row) => {
		const result = validateWorkorderRow(row, options);
		const number = String(result.value.WorkorderNo ?? '');
		if (options.duplicateWorkorderNo === 'reject' && number !== '') {
			if (existing.has(number) || seenInBatch.has(number)) {
				result.problems.push({
					code: options.duplicateWorkorderCode,
					message: `Workorder already exists: ${number}`,
				});
			}
		}
		seenInBatch.add(number);
		return result;
	});
	if (outcome.code !== null && options.batchValidation === 'all-or-nothing') {
		return fail(outcome.code, outcome.messages);
	}

	const created: Array<{ workorder_no: string; row_id: number }> = [];
	const creationDate = formatCreationDate(options.now());
	for (const { value } of outcome.valid) {
		const number = String(value.WorkorderNo);
		const target =
			options.duplicateWorkorderNo === 'update'
				? store.liveWorkorders().find((order) => order.WorkorderNo === number)
				: undefined;
		if (target) {
			replaceFields(target, value, options.omittedFieldsOnUpdate === 'keep');
			created.push({ workorder_no: number, row_id: target.row_id });
		} else {
			const order = store.insertWorkorder(value, creationDate);
			created.push({ workorder_no: number, row_id: order.row_id });
		}
	}
	context.counter.rowsWritten += outcome.valid.length;
	if (outcome.code !== null) return fail(outcome.code, outcome.messages);
	return ok(created);
};

/** Fields OutSmart owns; a re-post in 'update' mode never overwrites them. */
const SYSTEM_FIELDS = new Set(['row_id', 'id', 'status', 'CreationDate', 'Archived', 'WorkFinished']);

function replaceFields(order: StoredWorkorder, value: OutSmartRecord, keepOmitted: boolean): void {
	if (!keepOmitted) {
		for (const field of Object.keys(order)) if (!SYSTEM_FIELDS.has(field)) delete order[field];
	}
	for (const [field, fieldValue] of Object.entries(value)) {
		if (!SYSTEM_FIELDS.has(field)) order[field] = fieldValue;
	}
	order.WorkorderNo = String(value.WorkorderNo);
}

/** The order a request identifies by row_id or workorder_no (the oldest one when numbers repeat). */
function findOrder(context: HandlerContext): StoredWorkorder | undefined | 'no-criteria' {
	const rowId = context.query.get('row_id');
	const number = context.query.get('workorder_no');
	const orders = context.state.store.liveWorkorders();
	if (rowId) return orders.find((order) => String(order.row_id) === rowId.trim());
	if (number) return orders.find((order) => order.WorkorderNo === number);
	return 'no-criteria';
}

function recordStatusFlip(context: HandlerContext, orders: StoredWorkorder[]): void {
	const query: Record<string, string> = {};
	for (const [name, value] of context.query) {
		if (name !== 'token' && name !== 'software_token') query[name] = value;
	}
	context.state.statusFlipCalls.push({
		endpoint: context.endpoint as 'GetWorkorder' | 'GetWorkorders',
		query,
		flippedRowIds: orders.map((order) => order.row_id),
	});
}

export const getWorkorder: Handler = (context) => {
	if (context.method !== 'GET') return methodNotSupported(context);
	const updateStatus = booleanParam(context.query, 'update_status', true);
	const found = findOrder(context);
	const order = found === 'no-criteria' ? undefined : found;
	if (updateStatus) recordStatusFlip(context, order ? [order] : []);
	if (found === 'no-criteria') return fail(1500, ['row_id or workorder_no is required']);
	if (!order) return fail(1500, []);
	const answer = presentWorkorder(order);
	if (updateStatus) order.status = 'Afgehandeld';
	return ok(answer);
};

export const getWorkorders: Handler = (context) => {
	if (context.method !== 'GET') return methodNotSupported(context);
	const updateStatus = booleanParam(context.query, 'update_status', true);
	const status = context.query.get('status');
	const { conditions, error } = parseFilter(context.query);
	const problem = !status
		? 'Missing GET parameter: status'
		: status !== 'Alle' && !(WORKORDER_STATUSES as readonly string[]).includes(status)
			? `Unknown status: ${status}`
			: error;
	if (problem) {
		if (updateStatus) recordStatusFlip(context, []);
		return fail(1500, [problem]);
	}
	const workstatus = context.query.get('workstatus');
	const orders = context.state.store
		.liveWorkorders()
		.filter((order) => status === 'Alle' || order.status === status)
		.filter((order) => !workstatus || order.WorkStatus === workstatus)
		.filter((order) => matchesFilter(order, conditions));
	if (updateStatus) recordStatusFlip(context, orders);
	const answer = orders.map(presentWorkorder);
	if (updateStatus) for (const order of orders) order.status = 'Afgehandeld';
	return ok(answer);
};

/** GET UpdateWorkorder query params and the stored fields they set. */
const RESCHEDULE_PARAMS: Record<string, string> = {
	workdate: 'WorkDate',
	worktime: 'WorkTime',
	employee_nr: 'EmployeeNr',
	workstatus: 'WorkStatus',
};

function rescheduleProblems(context: HandlerContext, updates: Record<string, string>): RowProblem[] {
	const problems: RowProblem[] = [];
	if (context.query.has('workdate') && !isDmyDate(updates.WorkDate)) {
		problems.push({ code: PARSE_CODE, message: 'Date invalid. Format: 20-02-2016' });
	}
	if (context.query.has('worktime') && !isHiTime(updates.WorkTime)) {
		problems.push({ code: PARSE_CODE, message: 'Time invalid. Format: 07:08' });
	}
	if (context.query.has('employee_nr') && !context.state.store.has('employees', updates.EmployeeNr)) {
		problems.push({ code: PARSE_CODE, message: 'Employee not updated' });
	}
	return problems;
}

function updateWorkorderGet(context: HandlerContext): Envelope {
	const found = findOrder(context);
	if (found === 'no-criteria') return fail(1500, ['row_id or workorder_no is required']);
	if (!found) return fail(1500, []);

	const updates: Record<string, string> = {};
	for (const [param, field] of Object.entries(RESCHEDULE_PARAMS)) {
		const value = context.query.get(param);
		if (value !== null) updates[field] = value;
	}
	const problems = rescheduleProblems(context, updates);
	if (context.state.options.updateWorkorderExtraFields) {
		for (const field of WORKORDER_FIELDS) {
			const value = context.query.get(field);
			if (value === null || field === 'WorkorderNo') continue;
			updates[field] = value;
			problems.push(...headerFieldProblems(field, value));
		}
	}
	if (Object.keys(updates).length === 0) return fail(1502);
	if (problems.length > 0) return fail(PARSE_CODE, problems.map((problem) => problem.message));

	const changed = Object.entries(updates).filter(([field, value]) => found[field] !== value);
	if (changed.length === 0) return fail(1503);
	for (const [field, value] of changed) found[field] = value;
	context.counter.rowsWritten += 1;
	return ok(null);
}

/** POST UpdateWorkorder: add (or with ClearMaterials=true replace) the order's material lines. */
function updateWorkorderMaterials(context: HandlerContext): Envelope {
	const found = findOrder(context);
	if (found === 'no-criteria') return fail(1500, ['row_id or workorder_no is required']);
	if (!found) return fail(1500, []);
	const parsed = parseBatch(context.body, context.state.options.acceptSingleObject);
	if ('error' in parsed) return parsed.error;
	context.counter.rowsReceived += parsed.rows.length;
	const outcome = validateBatch(parsed.rows, (row) => validateMaterialRow(row, MISSING_CODE));
	if (outcome.code !== null) return fail(outcome.code, outcome.messages);
	const lines = outcome.valid.map(({ value }) => value);
	const clear = booleanParam(context.query, 'ClearMaterials', false);
	const current = Array.isArray(found.Materials) ? (found.Materials as OutSmartRecord[]) : [];
	found.Materials = clear ? lines : [...current, ...lines];
	context.counter.rowsWritten += lines.length;
	return ok(null);
}

export const updateWorkorder: Handler = (context) => {
	if (context.method === 'GET') return updateWorkorderGet(context);
	if (context.method === 'POST') return updateWorkorderMaterials(context);
	return methodNotSupported(context);
};
