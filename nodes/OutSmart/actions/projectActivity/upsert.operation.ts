import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runUpsert } from '../../helpers/upsert';
import {
	columnsProperty,
	mappingModeProperty,
	optionsProperty,
	readSettings,
} from '../common.descriptions';

/** Upsert OutSmart project activity records (`project_activities`), matched on pra_code (PH-<phase id> or AC-<cost item id>). */
const properties: INodeProperties[] = [
	mappingModeProperty,
	columnsProperty(),
	optionsProperty,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['projectActivity'], operation: ['upsert'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[][]> {
	return await runUpsert.call(this, items, readSettings(this, 'projectActivity'));
}
