import type { INodeProperties } from 'n8n-workflow';

import { upsertOperation } from '../upsertOperation';

/** Upsert OutSmart material category records (`categories`), matched on cat_code (L:<list> / G:<list>/<group>) or the material and category code pair. */
const resourceFields: INodeProperties[] = [
	{
		displayName: 'Record Type',
		name: 'recordType',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Category', value: 'category', description: 'A category of the material category tree' },
			{ name: 'Material Link', value: 'materialLink', description: 'A link between a material and a category' },
		],
		default: 'category',
		displayOptions: { show: { mappingMode: ['mapFields'] } },
	},
];

export const { description, execute } = upsertOperation('materialCategory', resourceFields);
