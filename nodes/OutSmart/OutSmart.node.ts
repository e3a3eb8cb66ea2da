import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as contactPerson from './actions/contactPerson/ContactPerson.resource';
import * as employee from './actions/employee/Employee.resource';
import * as hourType from './actions/hourType/HourType.resource';
import * as material from './actions/material/Material.resource';
import * as materialCategory from './actions/materialCategory/MaterialCategory.resource';
import * as project from './actions/project/Project.resource';
import * as projectActivity from './actions/projectActivity/ProjectActivity.resource';
import * as relation from './actions/relation/Relation.resource';
import * as warehouse from './actions/warehouse/Warehouse.resource';
import * as workOrder from './actions/workOrder/WorkOrder.resource';
import { router } from './actions/router';
import { resourceMapping } from './methods';

/** Writes to OutSmart: Upsert per resource; the logic lives in actions/, helpers/, mapping/ and transport/. */
export class OutSmart implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OutSmart',
		name: 'outSmart',
		icon: { light: 'file:outsmart.svg', dark: 'file:outsmart.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create or update OutSmart (WerkbonApp) records, mapped from Bouwsoft or from any data',
		defaults: { name: 'OutSmart' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'outSmartApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Contact Person', value: 'contactPerson' },
					{ name: 'Employee', value: 'employee' },
					{ name: 'Hour Type', value: 'hourType' },
					{ name: 'Material', value: 'material' },
					{ name: 'Material Category', value: 'materialCategory' },
					{ name: 'Project', value: 'project' },
					{ name: 'Project Activity', value: 'projectActivity' },
					{ name: 'Relation', value: 'relation' },
					{ name: 'Warehouse', value: 'warehouse' },
					{ name: 'Work Order', value: 'workOrder' },
				],
				default: 'material',
			},
			...employee.description,
			...material.description,
			...materialCategory.description,
			...warehouse.description,
			...hourType.description,
			...relation.description,
			...contactPerson.description,
			...project.description,
			...projectActivity.description,
			...workOrder.description,
		],
	};

	methods = { resourceMapping };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
