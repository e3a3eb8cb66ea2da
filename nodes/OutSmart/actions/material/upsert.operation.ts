import type { INodeProperties } from 'n8n-workflow';

import { upsertOperation } from '../upsertOperation';

/** Upsert OutSmart material records (`materials`), matched on code (the Bouwsoft article number nr1). */
const resourceFields: INodeProperties[] = [
	{
		displayName: 'Sales Price',
		name: 'priceField',
		type: 'options',
		options: [
			{ name: 'Catalogue Price', value: 'price_catalogue' },
			{ name: 'Sales Price 1', value: 'price_sales1' },
			{ name: 'Sales Price 2', value: 'price_sales2' },
			{ name: 'Sales Price 3', value: 'price_sales3' },
		],
		default: 'price_catalogue',
		description: 'Which Bouwsoft price becomes the OutSmart material price',
		displayOptions: { show: { mappingMode: ['bouwsoft'] } },
	},
	{
		displayName: 'Default Unit',
		name: 'defaultUnit',
		type: 'string',
		default: 'st',
		description: 'Unit for products without one in Bouwsoft (OutSmart requires a unit)',
		displayOptions: { show: { mappingMode: ['bouwsoft'] } },
	},
	{
		displayName: 'Link to Categories',
		name: 'linkCategories',
		type: 'boolean',
		default: true,
		description: 'Whether to link each material to the category of its Bouwsoft group (or list when it has no group). Sync Material Categories first.',
		displayOptions: { show: { mappingMode: ['bouwsoft'] } },
	},
];

export const { description, execute } = upsertOperation('material', resourceFields);
