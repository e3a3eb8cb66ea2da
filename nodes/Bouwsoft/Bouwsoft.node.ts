import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { runBook } from './booking/run';
import { runCheckConnection } from './check/run';
import { checkFields, CONNECTION_RESOURCE, CONNECTION_RESOURCE_OPTION } from './descriptions/check';
import { getMany } from './sync/getMany';
import { bookingFields, WORK_ORDER_RESOURCE, WORK_ORDER_RESOURCE_OPTION } from './descriptions/booking';
import { CATEGORY_OPTIONS, categoryFields, transportOptions } from './descriptions/categoryFields';
import * as loadOptions from './methods/loadOptions';

export class Bouwsoft implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bouwsoft',
		name: 'bouwsoft',
		icon: { light: 'file:bouwsoft.svg', dark: 'file:bouwsoft.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle:
			'={{$parameter["resource"] === "workOrder" ? "Book hours and materials" : $parameter["resource"] === "connection" ? "Check connection" : "Get many: " + $parameter["resource"]}}',
		description:
			'Read employees, materials, categories, warehouses, hour types, relations, projects or assignments from Visma Bouwsoft, book OutSmart work orders in it, or check what the sync needs from the server',
		defaults: { name: 'Bouwsoft' },
		usableAsTool: true,
		credentials: [{ name: 'bouwsoftApi', required: true }],
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [...CATEGORY_OPTIONS, WORK_ORDER_RESOURCE_OPTION, CONNECTION_RESOURCE_OPTION].sort((a, b) => a.name.localeCompare(b.name)),
				default: 'materials',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { hide: { resource: [WORK_ORDER_RESOURCE, CONNECTION_RESOURCE] } },
				options: [
					{ name: 'Get Many', value: 'getMany', action: 'Get many records', description: 'Read the records the filters select' },
				],
				default: 'getMany',
			},
			...bookingFields,
			...checkFields,
			{
				displayName: 'Records',
				name: 'scope',
				type: 'options',
				displayOptions: { show: { operation: ['getMany'] } },
				options: [
					{ name: 'All', value: 'all', description: 'Every record the filters select' },
					{ name: 'Changed Since', value: 'changedSince', description: 'Only records changed after a date' },
				],
				default: 'all',
			},
			{
				displayName: 'Changed Since',
				name: 'changedSince',
				type: 'dateTime',
				default: '',
				required: true,
				displayOptions: { show: { operation: ['getMany'], scope: ['changedSince'] } },
				description: 'Records whose ts_lastupdate is after this moment (in the Time Zone option). Categories and warehouses have no change date and are always read completely.',
			},
			...categoryFields('resource'),
			{
				displayName: 'Return All',
				name: 'returnAll',
				type: 'boolean',
				displayOptions: { show: { operation: ['getMany'] } },
				default: true,
				description: 'Whether to return all results or only up to a given limit',
			},
			{
				displayName: 'Limit',
				name: 'limit',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 50,
				description: 'Max number of results to return',
				displayOptions: { show: { operation: ['getMany'], returnAll: [false] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				displayOptions: { show: { operation: ['getMany'] } },
				placeholder: 'Add Option',
				default: {},
				options: transportOptions,
			},
		],
	};

	methods = { loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resource = this.getNodeParameter('resource', 0);
		if (resource === WORK_ORDER_RESOURCE) return await runBook.call(this);
		if (resource === CONNECTION_RESOURCE) return await runCheckConnection.call(this);
		return await getMany.call(this);
	}
}
