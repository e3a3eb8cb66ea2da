import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runUpsert } from '../../helpers/upsert';
import {
	columnsProperty,
	contactPersonFallbackProperty,
	mappingModeProperty,
	optionsProperty,
	paymentMethodProperty,
	readSettings,
	typeOfWorkProperty,
} from '../common.descriptions';

/** Upsert OutSmart work order records (`workorders`), matched on WorkorderNo (A-<assignment nr>, P-<project nr>). */
const properties: INodeProperties[] = [
	mappingModeProperty,
	typeOfWorkProperty('Service'),
	paymentMethodProperty,
	contactPersonFallbackProperty,
	columnsProperty(),
	optionsProperty,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['workOrder'], operation: ['upsert'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[][]> {
	return await runUpsert.call(this, items, readSettings(this, 'workOrder'));
}
