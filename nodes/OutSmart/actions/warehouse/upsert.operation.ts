import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runUpsert } from '../../helpers/upsert';
import {
	columnsProperty,
	mappingModeProperty,
	optionsProperty,
	readSettings,
} from '../common.descriptions';

/** Upsert OutSmart warehouse records (`warehouses`), matched on wse_code (the Bouwsoft stock location id). */
const properties: INodeProperties[] = [
	mappingModeProperty,
	columnsProperty(),
	optionsProperty,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['warehouse'], operation: ['upsert'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[][]> {
	return await runUpsert.call(this, items, readSettings(this, 'warehouse'));
}
