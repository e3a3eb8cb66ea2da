import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readExportMeta, type AcknowledgeResult } from '../../shared/workOrderExport';
import { describeFailure, type OutSmartFailure } from '../transport/errors';
import { callOutSmart, type CredentialSecrets } from '../transport/request';
import { contentHash } from './fingerprint';
import { DEFAULT_READY_STATUS, type AcknowledgeSettings } from './settings';
import { scalarText } from '../../shared/text';

/**
 * Marking one booked work order as exported in OutSmart, so the trigger stops sending it.
 *
 * Only an item whose booking Bouwsoft fully accepted (`exported === true`, from the Book operation) with a
 * row id is marked; anything else stays ready, so the trigger sends it again and the next run completes it.
 *
 * Before marking, the order is read back (update_status=false). It is NOT marked when:
 * - it no longer exists (deleted in OutSmart): nothing to mark;
 * - it went back from the status the trigger read it in (a technician reopened it): marking it would hide the work
 *   still to come; when it is completed again the trigger sends it again and Book adds only new lines;
 * - its work periods, materials or remark differ from what the trigger read: Bouwsoft lacks the change, and
 *   marking (Afgehandeld) would take the order out of the trigger's reach for good. The trigger sees the
 *   change and sends it again at once.
 * These are no errors (nothing is wrong, the next run settles them): the item says so with
 * `acknowledged: false`. An order that already carries the mark counts as acknowledged without a request.
 *
 * Marking twice is harmless: GetWorkorder with update_status=true on an Afgehandeld order changes nothing,
 * and UpdateWorkorder with the work status it already has answers 1503 "no data changed", which counts as
 * success. So a retried request, or a run repeated after a lost answer, never does harm. (A reopen in the
 * moment between the read and the mark cannot be told apart; the window is one request long.)
 */

const AFGEHANDELD = 'Afgehandeld';

export interface OrderAcknowledgement extends AcknowledgeResult {
	/** Set for outcomes that go to the error output (or stop the node): notExported, failed. */
	failure?: { message: string; fix: string; code?: number };
	requests: number;
}

export async function acknowledgeOrder(
	ctx: IExecuteFunctions,
	credential: CredentialSecrets,
	json: IDataObject,
	index: number,
	settings: AcknowledgeSettings,
): Promise<OrderAcknowledgement> {
	const meta = readExportMeta(json);
	const workorderNo = scalarText(json.workorderNo) || meta?.workorderNo || '';
	const rowId = scalarText(json.rowId) || meta?.rowId || '';
	const set = settings.mode === 'afgehandeld' ? AFGEHANDELD : settings.workStatusCode;
	const name = workorderNo || (rowId ? `the work order with row id ${rowId}` : `item ${index}`);
	let requests = 0;
	const result = (outcome: AcknowledgeResult['outcome'], message: string, failure?: OrderAcknowledgement['failure']): OrderAcknowledgement => ({
		workorderNo,
		rowId,
		acknowledged: outcome === 'acknowledged' || outcome === 'alreadyAcknowledged',
		set,
		outcome,
		message,
		...(failure ? { failure } : {}),
		requests,
	});

	if (json.exported !== true) {
		const said = scalarText(json.message) ? ` Bouwsoft node: ${scalarText(json.message)}` : '';
		if (json.exported === false) {
			const fix = 'it stays ready for export and the next run completes it';
			return result('notExported', `Bouwsoft did not accept every line of ${name}; ${fix}.${said}`, {
				message: `Bouwsoft did not accept every line of ${name}`,
				fix: `${fix.charAt(0).toUpperCase()}${fix.slice(1)}.${said}`,
			});
		}
		const fix = "Connect Mark as Exported to the output of the Bouwsoft node's Book operation; only orders it booked completely are marked.";
		return result('notExported', `${name} was not marked as exported: the item has no booking result ("exported" is missing). ${fix}`, {
			message: `${name} has no booking result ("exported" is missing)`,
			fix,
		});
	}
	if (!rowId) {
		const fix = "Pass the Book operation's items on unchanged: they carry rowId and _export from the OutSmart Trigger.";
		return result('notExported', `${name} was not marked as exported: the item has no OutSmart row id. ${fix}`, { message: `${name} has no OutSmart row id`, fix });
	}

	const failed = (failure: OutSmartFailure, step: string): OrderAcknowledgement => {
		const fix = `${failure.fix} ${name} stays ready for export; the next run marks it (Bouwsoft already holds its lines, so nothing is booked twice).`;
		return result('failed', `Could not ${step} ${name}: ${describeFailure({ ...failure, fix })}`, {
			message: `Could not ${step} ${name}: ${failure.message}`,
			fix,
			...(failure.code !== undefined ? { code: failure.code } : {}),
		});
	};
	const gone = () => result('gone', `${name} no longer exists in OutSmart; nothing to mark.`);

	const read = await callOutSmart<unknown>(ctx, credential, { method: 'GET', endpoint: 'GetWorkorder', qs: { row_id: rowId, update_status: 'false' } }, settings.policy);
	requests += read.attempts;
	if (!read.ok) return read.failure.kind === 'notFound' ? gone() : failed(read.failure, 'read');
	const current = (read.response && typeof read.response === 'object' && !Array.isArray(read.response) ? read.response : {}) as IDataObject;
	const status = scalarText(current.status);
	const workStatus = scalarText(current.WorkStatus);
	const already = settings.mode === 'afgehandeld' ? status === AFGEHANDELD : workStatus === settings.workStatusCode;
	if (already) {
		const mark = settings.mode === 'afgehandeld' ? 'status Afgehandeld' : `work status ${set}`;
		return result('alreadyAcknowledged', `${name} already has ${mark} in OutSmart; nothing sent.`);
	}
	const readyStatus = meta?.status || DEFAULT_READY_STATUS;
	// Moved on to Afgehandeld in the office meanwhile is no reopen: the work status is still set.
	if (status !== readyStatus && status !== AFGEHANDELD) {
		return result(
			'reopened',
			`${name} is "${status || 'unknown'}" in OutSmart now, no longer "${readyStatus}" (reopened in the app), so it was not marked as exported. What was booked stays in Bouwsoft; when the order is completed again the trigger sends it again and only new lines are booked.`,
		);
	}
	if (meta?.contentHash && contentHash(current) !== meta.contentHash) {
		return result(
			'changed',
			`${name} changed in OutSmart after it was read for booking (work periods, materials or remark), so it was not marked as exported. The trigger sends it again and the next run books the difference.`,
		);
	}

	const mark =
		settings.mode === 'afgehandeld'
			? await callOutSmart(ctx, credential, { method: 'GET', endpoint: 'GetWorkorder', qs: { row_id: rowId, update_status: 'true' } }, settings.policy)
			: await callOutSmart(ctx, credential, { method: 'GET', endpoint: 'UpdateWorkorder', qs: { row_id: rowId, workstatus: set } }, settings.policy);
	requests += mark.attempts;
	// 1503 "no data changed": the work status was set already (e.g. by a retry whose answer got lost).
	if (mark.ok || mark.failure.kind === 'noChange') {
		const what = settings.mode === 'afgehandeld' ? 'status Afgehandeld' : `work status ${set}`;
		return result('acknowledged', `${name} is marked as exported in OutSmart (${what}).`);
	}
	return mark.failure.kind === 'notFound' ? gone() : failed(mark.failure, 'mark as exported');
}
