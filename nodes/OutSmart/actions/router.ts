import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { OutSmartResource } from '../helpers/resources';
import * as contactPerson from './contactPerson/ContactPerson.resource';
import * as employee from './employee/Employee.resource';
import * as hourType from './hourType/HourType.resource';
import * as material from './material/Material.resource';
import * as materialCategory from './materialCategory/MaterialCategory.resource';
import * as project from './project/Project.resource';
import * as projectActivity from './projectActivity/ProjectActivity.resource';
import * as relation from './relation/Relation.resource';
import * as warehouse from './warehouse/Warehouse.resource';
import * as workOrder from './workOrder/WorkOrder.resource';

type Operation = { execute: (this: IExecuteFunctions, items: INodeExecutionData[]) => Promise<INodeExecutionData[][]> };

const RESOURCE_MODULES: Record<OutSmartResource, Record<string, Operation>> = {
	employee: { upsert: employee.upsert },
	material: { upsert: material.upsert },
	materialCategory: { upsert: materialCategory.upsert },
	warehouse: { upsert: warehouse.upsert },
	hourType: { upsert: hourType.upsert },
	relation: { upsert: relation.upsert },
	contactPerson: { upsert: contactPerson.upsert },
	project: { upsert: project.upsert },
	projectActivity: { upsert: projectActivity.upsert },
	workOrder: { upsert: workOrder.upsert },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as OutSmartResource;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = RESOURCE_MODULES[resource]?.[operation];
	if (!handler) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported for "${resource}"`);
	}
	return await handler.execute.call(this, items);
}
