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

/** Upsert OutSmart project records (`projects`), matched on code (the Bouwsoft project number pnr). */
const properties: INodeProperties[] = [
	mappingModeProperty,
	{
		displayName: 'Create Work Order',
		name: 'createWorkOrder',
		type: 'boolean',
		default: true,
		description: 'Whether to also create a work order for each project, numbered P- followed by the project number (after the project)',
		displayOptions: { show: { mappingMode: ['bouwsoft'] } },
	},
	{
		displayName: 'Include Activities',
		name: 'includeActivities',
		type: 'boolean',
		default: true,
		description: "Whether to also write the project's activities (when the Bouwsoft item carries them) as OutSmart project activities",
		displayOptions: { show: { mappingMode: ['bouwsoft'] } },
	},
	typeOfWorkProperty('Project'),
	paymentMethodProperty,
	contactPersonFallbackProperty,
	columnsProperty(),
	optionsProperty,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['project'], operation: ['upsert'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[][]> {
	return await runUpsert.call(this, items, readSettings(this, 'project'));
}
