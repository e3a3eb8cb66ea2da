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

const has = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	// The resource first: with an unknown one, n8n cannot even resolve the operation parameter.
	const resource = String(this.getNodeParameter('resource', 0));
	if (!has(RESOURCE_MODULES, resource)) {
		throw new NodeOperationError(this.getNode(), `Unknown resource "${resource}"`, {
			description: `Valid resources: ${Object.keys(RESOURCE_MODULES).join(', ')}. Choose one in the node's Resource field.`,
		});
	}
	const operations = RESOURCE_MODULES[resource as OutSmartResource];
	const operation = String(this.getNodeParameter('operation', 0));
	if (!has(operations, operation)) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported for "${resource}"`, {
			description: `Valid operations: ${Object.keys(operations).join(', ')}.`,
		});
	}
	return await operations[operation].execute.call(this, items);
}
