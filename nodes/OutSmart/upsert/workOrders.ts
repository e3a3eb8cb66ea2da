import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { groupBy } from '../../shared/groupBy';
import { recordKey } from '../schema';
import { mapWithConcurrency } from '../../shared/http/concurrency';
import { writeInBatches, type RecheckResult } from '../transport/batch';
import type { OutSmartFailure } from '../transport/errors';
import { callOutSmart, type CredentialSecrets } from '../transport/request';
import type { PlannedWrite, UpsertSettings } from './types';
import { toWriteFailure, type KindRunStats } from './masterData';

/**
 * Work orders. OutSmart's behaviour on a re-posted WorkorderNo is unknown (it may update, duplicate or
 * reject), so every order is looked up first and only new ones are posted; existing ones are rescheduled
 * with UpdateWorkorder. A rejected PostWorkorders batch may still have written its valid orders, so they
 * are looked up again before the rest of the batch is re-posted. Every lookup sends update_status=false:
 * OutSmart's default marks the order as handled ("Afgehandeld").
 */

interface ExistingOrder {
	rowId: string;
	status: string;
}

/** Statuses after which we leave an order alone: the technician finished it. */
const FINISHED = ['compleet', 'afgehandeld'];

/** Above this many orders one GetWorkorders call is cheaper than one GetWorkorder per order. */
const BULK_THRESHOLD = 25;

type LookupResult = { found: Map<string, ExistingOrder>; failed: Map<string, OutSmartFailure> };

function orderOf(row: unknown): { no: string; order: ExistingOrder } | undefined {
	if (!row || typeof row !== 'object') return undefined;
	const r = row as IDataObject;
	const no = String(r.WorkorderNo ?? r.workorder_no ?? '').trim();
	if (!no) return undefined;
	return { no, order: { rowId: String(r.id ?? r.row_id ?? ''), status: String(r.status ?? r.Status ?? '') } };
}

async function lookupWorkOrders(
	ctx: IExecuteFunctions,
	credential: CredentialSecrets,
	keys: string[],
	settings: UpsertSettings,
	stats: KindRunStats,
): Promise<LookupResult> {
	const found = new Map<string, ExistingOrder>();
	const failed = new Map<string, OutSmartFailure>();
	const bulk =
		settings.workOrderLookup === 'bulk' || (settings.workOrderLookup === 'auto' && keys.length > BULK_THRESHOLD);
	if (bulk && keys.length) {
		stats.requests++;
		const result = await callOutSmart<unknown>(
			ctx,
			credential,
			{ method: 'GET', endpoint: 'GetWorkorders', qs: { status: 'Alle', update_status: 'false' } },
			settings.retry,
		);
		if (result.ok && Array.isArray(result.response)) {
			const wanted = new Set(keys);
			for (const row of result.response) {
				const order = orderOf(row);
				if (order && wanted.has(order.no) && !found.has(order.no)) found.set(order.no, order.order);
			}
			return { found, failed };
		}
		// Fall back to one lookup per order.
	}
	// Once OutSmart is unreachable after retries, the remaining orders fail with the same reason at once.
	let down: OutSmartFailure | undefined;
	await mapWithConcurrency(keys, settings.concurrency, async (key) => {
		if (down) {
			failed.set(key, down);
			return;
		}
		stats.requests++;
		const result = await callOutSmart<unknown>(
			ctx,
			credential,
			{ method: 'GET', endpoint: 'GetWorkorder', qs: { workorder_no: key, update_status: 'false' } },
			settings.retry,
		);
		if (result.ok) {
			const order = orderOf(result.response);
			if (order) found.set(key, order.order);
		} else if (result.failure.kind !== 'notFound') {
			failed.set(key, result.failure);
			if (result.failure.kind === 'transient' || result.failure.kind === 'configuration') down ??= result.failure;
		}
	});
	return { found, failed };
}

/** Longest query string we send to UpdateWorkorder; longer detail fields are left out. */
const MAX_QUERY_CHARS = 6000;

/**
 * What an existing order is updated with: the schedule (OutSmart's documented UpdateWorkorder parameters)
 * and, when asked, the other fields as extra query parameters.
 */
function scheduleUpdate(record: IDataObject, withDetails = false): IDataObject {
	const update: IDataObject = {};
	if (record.WorkDate) update.workdate = record.WorkDate;
	if (record.WorkTime) update.worktime = record.WorkTime;
	if (record.EmployeeNr) update.employee_nr = record.EmployeeNr;
	if (!withDetails) return update;
	let length = JSON.stringify(update).length;
	for (const [field, value] of Object.entries(record)) {
		if (['WorkorderNo', 'WorkDate', 'WorkTime', 'EmployeeNr'].includes(field)) continue;
		if (value === undefined || value === null || typeof value === 'object') continue;
		const text = String(value);
		if (length + field.length + text.length > MAX_QUERY_CHARS) continue;
		length += field.length + text.length;
		update[field] = text;
	}
	return update;
}

export async function upsertWorkOrders(
	ctx: IExecuteFunctions,
	credential: CredentialSecrets,
	writes: PlannedWrite[],
	settings: UpsertSettings,
	stats: KindRunStats,
): Promise<void> {
	const byKey = groupBy(writes, (write) => write.key);
	const latest = (key: string) => {
		const list = byKey.get(key) ?? [];
		return list[list.length - 1];
	};
	const settle = (key: string, apply: (write: PlannedWrite) => void) => (byKey.get(key) ?? []).forEach(apply);
	const fail = (key: string, failure: OutSmartFailure) =>
		settle(key, (w) => {
			w.action = 'failed';
			w.failure = toWriteFailure(failure);
		});

	let pending = [...byKey.keys()];
	// Round 2 only runs for orders whose create may or may not have reached OutSmart.
	for (let round = 1; round <= 2 && pending.length; round++) {
		const lookup = await lookupWorkOrders(ctx, credential, pending, settings, stats);
		for (const [key, failure] of lookup.failed) fail(key, failure);
		const toCreate = pending.filter((key) => !lookup.found.has(key) && !lookup.failed.has(key));
		const toUpdate = pending.filter((key) => lookup.found.has(key));

		await mapWithConcurrency(toUpdate, settings.concurrency, async (key) => {
			const existing = lookup.found.get(key) as ExistingOrder;
			if (round === 2) {
				// Our earlier create did reach OutSmart.
				return settle(key, (w) => {
					w.action = 'created';
					w.details = { rowId: existing.rowId };
				});
			}
			const update = scheduleUpdate(latest(key).record, settings.updateOrderDetails);
			if (FINISHED.includes(existing.status.toLowerCase())) {
				return settle(key, (w) => {
					w.action = 'unchanged';
					w.details = { rowId: existing.rowId, note: `Order is "${existing.status}" in OutSmart; left as it is.` };
				});
			}
			if (!Object.keys(update).length) {
				return settle(key, (w) => {
					w.action = 'unchanged';
					w.details = { rowId: existing.rowId, note: 'Exists in OutSmart; no planned date, time or employee to update.' };
				});
			}
			if (settings.dryRun) {
				return settle(key, (w) => {
					w.action = 'updated';
					w.details = { rowId: existing.rowId, update };
				});
			}
			stats.requests++;
			const identify: IDataObject = existing.rowId ? { row_id: existing.rowId } : { workorder_no: key };
			const result = await callOutSmart(
				ctx,
				credential,
				{ method: 'GET', endpoint: 'UpdateWorkorder', qs: { ...identify, ...update } },
				settings.retry,
			);
			if (result.ok || result.failure.kind === 'noChange') {
				settle(key, (w) => {
					w.action = result.ok ? 'updated' : 'unchanged';
					w.details = { rowId: existing.rowId, update };
				});
			} else fail(key, result.failure);
		});

		if (settings.dryRun) {
			for (const key of toCreate) settle(key, (w) => (w.action = 'created'));
			return;
		}
		const records = toCreate.map((key) => latest(key).record);
		const rowIds = new Map<string, string>();
		// OutSmart may write the valid orders of a batch it rejects: look them up again before sending the
		// rest, or they would be created twice.
		const recheck = async (batch: IDataObject[]): Promise<RecheckResult[]> => {
			const keys = batch.map((record) => recordKey('workorders', record));
			const again = await lookupWorkOrders(ctx, credential, keys, settings, stats);
			return keys.map((key) => {
				const found = again.found.get(key);
				if (found) rowIds.set(key, found.rowId);
				return found ? true : (again.failed.get(key) ?? false);
			});
		};
		const { outcomes, stats: batchStats } = await writeInBatches(
			records,
			{ batchSize: settings.batchSize, concurrency: settings.concurrency, recheck },
			async (batch) => {
				const result = await callOutSmart<unknown>(
					ctx,
					credential,
					{ method: 'POST', endpoint: 'PostWorkorders', body: batch, idempotent: false },
					settings.retry,
				);
				if (!result.ok) return { ok: false, failure: result.failure };
				if (Array.isArray(result.response)) {
					for (const row of result.response as IDataObject[]) {
						if (row?.workorder_no !== undefined) rowIds.set(String(row.workorder_no), String(row.row_id ?? ''));
					}
				}
				return { ok: true };
			},
		);
		stats.requests += batchStats.requests;
		const uncertain: string[] = [];
		toCreate.forEach((key, index) => {
			const outcome = outcomes[index];
			if (outcome.ok) {
				settle(key, (w) => {
					w.action = 'created';
					if (rowIds.has(key)) w.details = { rowId: rowIds.get(key) };
				});
			} else if (outcome.failure.kind === 'transient' && round === 1) {
				uncertain.push(key);
				fail(key, outcome.failure);
			} else fail(key, outcome.failure);
		});
		pending = uncertain;
	}
}
