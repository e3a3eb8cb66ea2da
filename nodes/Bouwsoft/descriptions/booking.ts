import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** The Book operation's resource and fields on the Bouwsoft node (the way back: OutSmart → Bouwsoft). */
export const WORK_ORDER_RESOURCE = 'workOrder';

export const WORK_ORDER_RESOURCE_OPTION: INodePropertyOptions = {
	name: 'OutSmart Work Order',
	value: WORK_ORDER_RESOURCE,
	description: 'Completed OutSmart work orders (from the OutSmart Trigger): book their hours and materials in Bouwsoft',
};

const showForBook = { show: { resource: [WORK_ORDER_RESOURCE], operation: ['book'] } };

export const bookingFields: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [WORK_ORDER_RESOURCE] } },
		options: [
			{
				name: 'Book Hours and Materials',
				value: 'book',
				action: 'Book hours and materials of work orders',
				description:
					'Book the work periods and materials of each completed work order on its Bouwsoft assignment, exactly once, and append the technician’s remark',
			},
		],
		default: 'book',
	},
	{
		displayName:
			'Each input item is one OutSmart work order (as the OutSmart Trigger emits it). A-&lt;nr&gt; orders are booked on that Bouwsoft assignment; P-&lt;pnr&gt; orders on an assignment made once per work order under the project. Lines already in Bouwsoft are never written twice. Send the output to the OutSmart node’s Work Order → Mark as Exported: it marks only orders Bouwsoft holds completely (exported = true).',
		name: 'bookNotice',
		type: 'notice',
		default: '',
		displayOptions: showForBook,
	},
	{
		displayName: 'Unknown Employees',
		name: 'unknownEmployees',
		type: 'options',
		options: [
			{ name: 'Fail the Work Order', value: 'fail', description: 'Book nothing; the item says which technician number is missing in Bouwsoft' },
			{
				name: 'Book Without Employee',
				value: 'withoutEmployee',
				description: 'Book the hours without employee (employee_id 0) and name the technician in the remark',
			},
		],
		default: 'fail',
		description: 'What to do when a work period’s technician number is not an employee number (nr) in Bouwsoft',
		displayOptions: showForBook,
	},
	{
		displayName: 'Unknown Materials',
		name: 'unknownMaterials',
		type: 'options',
		options: [
			{ name: 'Fail the Work Order', value: 'fail', description: 'Book nothing; the item says which material code is missing in Bouwsoft' },
			{
				name: 'Book as Free Text',
				value: 'freeText',
				description: 'Book a free-text line (product_id 0) with the material’s name and code, its unit and quantity',
			},
		],
		default: 'fail',
		description: 'What to do when a material code is not an article number (nr1) in Bouwsoft',
		displayOptions: showForBook,
	},
	{
		displayName: 'Hour Rounding',
		name: 'hourRounding',
		type: 'options',
		options: [
			{ name: 'None', value: 'none', description: 'Book the times as the technician wrote them' },
			{ name: 'Up to 5 Minutes', value: 'up5' },
			{ name: 'Up to 15 Minutes', value: 'up15' },
			{ name: 'Up to 30 Minutes', value: 'up30' },
		],
		default: 'none',
		description:
			'Round the worked time (end − begin − break) of each work period up to this step by moving the end later; a line never ends after 24:00',
		displayOptions: showForBook,
	},
	{
		displayName: 'Default Job Code',
		name: 'defaultJobCode',
		type: 'string',
		default: '',
		placeholder: '01',
		description:
			'Bouwsoft job (hour type) code for work periods without an hour type. Empty: such hours are booked without job.',
		displayOptions: showForBook,
	},
	{
		displayName: 'Options',
		name: 'bookOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showForBook,
		options: [
			{
				displayName: 'Concurrent Work Orders',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10 },
				default: 4,
				description: 'How many work orders are booked at the same time (the lines of one work order are always written one after the other)',
			},
			{
				displayName: 'Extended Filter Syntax',
				name: 'extendedFilterSyntax',
				type: 'boolean',
				default: false,
				description:
					'Whether your Bouwsoft server accepts or in filters (not documented by Bouwsoft): products are then looked up 40 codes a request',
			},
			{
				displayName: 'Time Zone',
				name: 'timeZone',
				type: 'string',
				default: 'Europe/Brussels',
				description: 'Zone for the date of a work order that has no date of its own (its read time is used), as an IANA name',
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeoutSeconds',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 600 },
				default: 60,
				description:
					'How long to wait for one Bouwsoft answer. A write whose answer does not come in time is never sent again blindly: the lines are read again first.',
			},
		],
	},
];
