import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { redactText } from '../../shared/redact';
import { WRITE_KINDS, recordKey, type WriteKind } from '../schema';
import { callOutSmart, type CredentialSecrets, type RequestPolicy } from '../transport/request';

/**
 * Everything OutSmart holds of one record kind, by our key. OutSmart documents no paging: a list GET answers
 * the whole table (work orders: GetWorkorders with status Alle, always with update_status=false, since
 * OutSmart's default would mark every order as handled). With several work orders of one number, the oldest
 * (first) counts, as OutSmart's own lookups do.
 */
export async function readOutSmartTable(
	ctx: IExecuteFunctions,
	credential: CredentialSecrets,
	kind: WriteKind,
	policy: RequestPolicy,
	/** Filled with every row per key that OutSmart holds more than once (work orders may share a number). */
	sameKey?: Map<string, IDataObject[]>,
): Promise<Map<string, IDataObject>> {
	const request =
		kind === 'workorders'
			? { method: 'GET' as const, endpoint: 'GetWorkorders', qs: { status: 'Alle', update_status: 'false' } }
			: { method: 'GET' as const, endpoint: kind };
	const result = await callOutSmart<unknown>(ctx, credential, request, policy);
	const label = WRITE_KINDS[kind].label;
	// "Nothing found" (1500) is an empty table, not a failure.
	if (!result.ok && result.failure.kind === 'notFound') return new Map();
	if (!result.ok) {
		throw new NodeOperationError(ctx.getNode(), redactText(`Reconcile could not read OutSmart's ${label} records: ${result.failure.message}`, credential.secrets), {
			description: redactText(`${result.failure.fix} Nothing was changed in OutSmart: Reconcile compares complete lists only.`, credential.secrets),
		});
	}
	// OutSmart answers "no records" as 1500/empty in places; an empty list is a list.
	const rows = result.response === null || result.response === undefined ? [] : result.response;
	if (!Array.isArray(rows)) {
		throw new NodeOperationError(ctx.getNode(), `Reconcile could not read OutSmart's ${label} records: the answer was not a list`, {
			description: 'Nothing was changed in OutSmart. Check the credential\'s Base URL, then run again.',
		});
	}
	const table = new Map<string, IDataObject>();
	for (const row of rows) {
		if (!row || typeof row !== 'object') continue;
		const key = recordKey(kind, row as IDataObject);
		if (!key) continue;
		if (!table.has(key)) table.set(key, row as IDataObject);
		else if (sameKey) sameKey.set(key, [...(sameKey.get(key) ?? [table.get(key) as IDataObject]), row as IDataObject]);
	}
	return table;
}
