import type { IDataObject, INode, IPollFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { redactText } from '../../shared/redact';
import { workOrderSource } from '../../shared/workOrderExport';
import { type OutSmartFailure } from '../transport/errors';
import { callOutSmart, type CredentialSecrets } from '../transport/request';
import type { TriggerSettings } from './settings';

/** What one read of the ready work orders found. */
interface ReadyRead {
	/** Orders to consider for export, as OutSmart returned them, in its order. */
	orders: IDataObject[];
	/** Returned by OutSmart but not ready for us, per reason. */
	left: { archived: number; notFromBouwsoft: number; excludedWorkStatus: number; noRowId: number };
	/** HTTP requests made (retries included). */
	requests: number;
}

/** The row id of an order as GetWorkorders answers it (`id`, a string); `row_id` as a fallback. */
export function rowIdOf(order: IDataObject): string {
	const id = order.id ?? order.row_id;
	return typeof id === 'string' || typeof id === 'number' ? String(id).trim() : '';
}

/**
 * `GetWorkorders?status=<status>&update_status=false[&workstatus=<code>]`. update_status=false always:
 * OutSmart's default (true) marks every returned order Afgehandeld, which would acknowledge orders nobody
 * booked. A failed read throws (nothing is emitted, no state changes; n8n records the error and polls again).
 */
export async function readReadyOrders(
	ctx: IPollFunctions,
	credential: CredentialSecrets,
	settings: TriggerSettings,
): Promise<ReadyRead> {
	const qs: IDataObject = { status: settings.status, update_status: 'false' };
	if (settings.workStatus) qs.workstatus = settings.workStatus;
	const result = await callOutSmart<unknown>(ctx, credential, { method: 'GET', endpoint: 'GetWorkorders', qs }, settings.policy);
	if (!result.ok) {
		// "No work order found" is how OutSmart may answer an empty selection: nothing ready, not an error.
		if (result.failure.kind === 'notFound' && result.failure.code === 1500 && result.failure.messages.length === 0) {
			return { orders: [], left: emptyLeft(), requests: result.attempts };
		}
		throw readError(ctx.getNode(), result.failure, result.attempts, settings, credential.secrets);
	}
	if (!Array.isArray(result.response)) {
		throw new NodeOperationError(ctx.getNode(), `OutSmart sent no list of work orders (status ${settings.status})`, {
			description: 'The answer to GetWorkorders was not a list, so orders could be missed. Nothing was emitted; the next poll tries again.',
		});
	}
	const left = emptyLeft();
	const orders: IDataObject[] = [];
	for (const raw of result.response) {
		if (!raw || typeof raw !== 'object' || Array.isArray(raw)) continue;
		const order = raw as IDataObject;
		if (!rowIdOf(order)) left.noRowId++;
		// OutSmart's own clients skip archived orders: they were put away in the office.
		else if (String(order.Archived ?? '0') === '1') left.archived++;
		else if (settings.onlyFromBouwsoft && workOrderSource(order.WorkorderNo).source === 'other') left.notFromBouwsoft++;
		else if (settings.excludeWorkStatus && String(order.WorkStatus ?? '') === settings.excludeWorkStatus) left.excludedWorkStatus++;
		else orders.push(order);
	}
	return { orders, left, requests: result.attempts };
}

function emptyLeft(): ReadyRead['left'] {
	return { archived: 0, notFromBouwsoft: 0, excludedWorkStatus: 0, noRowId: 0 };
}

function readError(node: INode, failure: OutSmartFailure, attempts: number, settings: TriggerSettings, secrets: string[]): Error {
	const tried = attempts > 1 ? ` (tried ${attempts} times)` : '';
	const message = redactText(`Could not read the ${settings.status} work orders from OutSmart: ${failure.message}${tried}`, secrets);
	const description = redactText(`${failure.fix} Nothing was emitted and the trigger's state did not change; the next poll reads again.`, secrets);
	if (failure.httpStatus) {
		const httpCode = String(failure.httpStatus);
		return new NodeApiError(node, { message, httpCode } as JsonObject, { message, description, httpCode });
	}
	return new NodeOperationError(node, message, { description });
}
