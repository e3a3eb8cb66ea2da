import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runUpsert } from '../../helpers/upsert';
import {
	columnsProperty,
	mappingModeProperty,
	optionsProperty,
	readSettings,
} from '../common.descriptions';

/** Upsert OutSmart relation records (`relations`), matched on debtor_number (the Bouwsoft client number). */
const properties: INodeProperties[] = [
	mappingModeProperty,
	{
		displayName: 'Include Contact Persons',
		name: 'includeContactPersons',
		type: 'boolean',
		default: true,
		description: "Whether to also write the relation's contacts (when the Bouwsoft item carries them) as OutSmart contact persons, after the relation",
		displayOptions: { show: { mappingMode: ['bouwsoft'] } },
	},
	columnsProperty(),
	optionsProperty,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['relation'], operation: ['upsert'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[][]> {
	return await runUpsert.call(this, items, readSettings(this, 'relation'));
}
