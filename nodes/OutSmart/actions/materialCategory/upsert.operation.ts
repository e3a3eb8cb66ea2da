import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runUpsert } from '../../helpers/upsert';
import {
	columnsProperty,
	mappingModeProperty,
	optionsProperty,
	readSettings,
} from '../common.descriptions';

/** Upsert OutSmart material category records (`categories`), matched on cat_code (L:<list> / G:<list>/<group>) or the material and category code pair. */
const properties: INodeProperties[] = [
	mappingModeProperty,
	{
		displayName: 'Record Type',
		name: 'recordType',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Category', value: 'category', description: 'A category of the material category tree' },
			{ name: 'Material Link', value: 'materialLink', description: 'A link between a material and a category' },
		],
		default: 'category',
		displayOptions: { show: { mappingMode: ['mapFields'] } },
	},
	columnsProperty(),
	optionsProperty,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['materialCategory'], operation: ['upsert'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[][]> {
	return await runUpsert.call(this, items, readSettings(this, 'materialCategory'));
}
