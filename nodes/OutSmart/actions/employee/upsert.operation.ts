import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runUpsert } from '../../helpers/upsert';
import {
	columnsProperty,
	mappingModeProperty,
	optionsProperty,
	readSettings,
} from '../common.descriptions';

/** Upsert OutSmart employee records (`employees`), matched on number (the Bouwsoft employee number). */
const properties: INodeProperties[] = [
	mappingModeProperty,
	columnsProperty(),
	optionsProperty,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['employee'], operation: ['upsert'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[][]> {
	return await runUpsert.call(this, items, readSettings(this, 'employee'));
}
