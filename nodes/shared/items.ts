import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { redactValue } from './redact';

/**
 * The output items of our writing nodes (OutSmart Upsert and Mark as Exported, Bouwsoft Book): paired with
 * their input item and redacted. One place for n8n's rule that an item goes to the error output (On Error
 * "continue (using error output)") only when its json is exactly `{ error, message, details }`.
 */
export function resultItem(json: IDataObject, index: number, secrets: string[]): INodeExecutionData {
	return { json: redactValue(json, secrets), pairedItem: { item: index } };
}

export function errorOutputItem(error: string, message: string, details: IDataObject, index: number, secrets: string[]): INodeExecutionData {
	return resultItem({ error, message, details }, index, secrets);
}
