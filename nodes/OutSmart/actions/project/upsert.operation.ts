import type { INodeProperties } from 'n8n-workflow';

import { contactPersonFallbackProperty, paymentMethodProperty, typeOfWorkProperty } from '../common.descriptions';
import { upsertOperation } from '../upsertOperation';

/** Upsert OutSmart project records (`projects`), matched on code (the Bouwsoft project number pnr). */
const resourceFields: INodeProperties[] = [
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
];

export const { description, execute } = upsertOperation('project', resourceFields);
