import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OutSmartResource } from '../helpers/resources';
import { runUpsert } from '../helpers/upsert';
import { columnsProperty, mappingModeProperty, optionsProperty, readSettings } from './common.descriptions';

/**
 * One resource's Upsert operation: its description (mapping mode, the resource's own fields, the Map
 * Fields columns, the options) and its execute(). Every resource runs the same upsert engine; what differs
 * is the mapping and the fields, so each `upsert.operation.ts` only declares those.
 */
export function upsertOperation(resource: OutSmartResource, resourceFields: INodeProperties[] = []) {
	return {
		description: updateDisplayOptions({ show: { resource: [resource], operation: ['upsert'] } }, [
			mappingModeProperty,
			...resourceFields,
			columnsProperty(),
			optionsProperty,
		]),
		async execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[][]> {
			return await runUpsert.call(this, items, readSettings(this, resource));
		},
	};
}
