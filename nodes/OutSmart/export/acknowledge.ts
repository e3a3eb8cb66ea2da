import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { mapWithConcurrency } from '../../shared/http/concurrency';
import { errorOutputItem, resultItem } from '../../shared/items';
import { redactText } from '../../shared/redact';
import { EXPORT_META_FIELD, type AcknowledgeOutcome, type AcknowledgeResult } from '../../shared/workOrderExport';
import { loadCredential } from '../transport/request';
import { acknowledgeOrder, type OrderAcknowledgement } from './acknowledgeOrder';
import type { AcknowledgeSettings } from './settings';

/**
 * Work Order → Mark as Exported: one result per input item (same order, paired), `_export` passed through.
 * Failures (not a complete booking, OutSmart refused) follow the Upsert: with "continue (using error
 * output)" they go to the error output, with "continue" they stay in the main output, otherwise the node
 * stops after every other item was handled, naming the first one.
 */
export async function runAcknowledge(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	settings: AcknowledgeSettings,
): Promise<INodeExecutionData[][]> {
	const credential = await loadCredential(this);
	for (const notice of settings.notices) this.logger?.warn(`OutSmart node option: ${notice}`);
	const results = await mapWithConcurrency(items, settings.concurrency, async (item, index) =>
		await acknowledgeOrder(this, credential, item.json ?? {}, index, settings),
	);
	const toErrorOutput = this.getNode().onError === 'continueErrorOutput';
	const output = results.map((result, index) => outputItem(result, items[index]?.json ?? {}, index, toErrorOutput, credential.secrets));

	const count = (...outcomes: AcknowledgeOutcome[]) => results.filter((r) => outcomes.includes(r.outcome)).length;
	const requests = results.reduce((sum, r) => sum + r.requests, 0);
	const set = settings.mode === 'afgehandeld' ? 'status Afgehandeld' : `work status ${settings.workStatusCode}`;
	this.addExecutionHints(
		{
			message:
				`OutSmart mark as exported (${set}): ${count('acknowledged')} marked, ${count('alreadyAcknowledged')} already marked, ` +
				`${count('notExported')} not booked completely, ${count('gone', 'reopened', 'changed')} left as they are (deleted, reopened or changed), ` +
				`${count('failed')} failed (${requests} requests).`,
			location: 'outputPane',
		},
		...settings.notices.map((notice) => ({ message: notice, type: 'warning' as const, location: 'outputPane' as const })),
	);

	const failed = results.findIndex((r) => r.failure);
	if (failed >= 0 && !this.continueOnFail()) {
		const first = results[failed];
		const n = results.filter((r) => r.failure).length;
		throw new NodeOperationError(
			this.getNode(),
			redactText(`${n} work order${n > 1 ? 's were' : ' was'} not marked as exported. First: ${first.failure?.message}`, credential.secrets),
			{ itemIndex: failed, description: redactText(first.failure?.fix ?? '', credential.secrets) },
		);
	}
	return [output];
}

function outputItem(
	result: OrderAcknowledgement,
	input: IDataObject,
	index: number,
	toErrorOutput: boolean,
	secrets: string[],
): INodeExecutionData {
	const { workorderNo, rowId, acknowledged, set, outcome, message } = result;
	const json: IDataObject = { workorderNo, rowId, acknowledged, set, outcome, message } satisfies AcknowledgeResult;
	if (input[EXPORT_META_FIELD] !== undefined) json[EXPORT_META_FIELD] = input[EXPORT_META_FIELD];
	if (result.failure?.code !== undefined) json.code = result.failure.code;
	if (result.failure && toErrorOutput) return errorOutputItem(result.failure.message, result.failure.fix, json, index, secrets);
	return resultItem(json, index, secrets);
}
