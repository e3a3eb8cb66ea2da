import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { RESOURCE_NAMES, RESOURCES, type OutSmartResource } from './schema';
import { DEFAULT_BATCH_SIZE, DEFAULT_CONCURRENCY } from './settings';

/**
 * The OutSmart node's parameters. Every resource has the operation Upsert, with the same mapping mode,
 * Map Fields columns and options; the table below holds what one resource adds. Work orders also have
 * Mark as Exported (acknowledge). Adding a resource: a row in schema.ts RESOURCES, its fields here (if
 * any), its mapping in mapping/.
 */

const mappingModeProperty: INodeProperties = {
	displayName: 'Mapping',
	name: 'mappingMode',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'From Bouwsoft Record',
			value: 'bouwsoft',
			description: 'Input items come from the Bouwsoft Trigger or Bouwsoft node; the built-in mapping fills OutSmart',
		},
		{
			name: 'Map Fields',
			value: 'mapFields',
			description: 'Set each OutSmart field yourself (data from any source)',
		},
	],
	default: 'bouwsoft',
};

function columnsProperty(): INodeProperties {
	return {
		displayName: 'Fields',
		name: 'columns',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: ['resource', 'recordType'],
			resourceMapper: {
				resourceMapperMethod: 'getOutSmartFields',
				mode: 'add',
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: true,
			},
		},
		displayOptions: { show: { mappingMode: ['mapFields'] } },
	};
}

/** What work orders are sent with unless the user sets otherwise (the templates keep these); Check Connection looks them up. */
const PROJECT_TYPE_OF_WORK = 'Project';
const WORK_ORDER_TYPE_OF_WORK = 'Service';
const PAYMENT_METHOD = 'niet van toepassing';

const typeOfWorkProperty = (defaultValue: string): INodeProperties => ({
	displayName: 'Type of Work',
	name: 'typeOfWork',
	type: 'string',
	default: defaultValue,
	description:
		'OutSmart work type (TypeOfWork, required) for the work orders, e.g. Installatie, Onderhoud, Project, Service, Storing. Must exist in OutSmart.',
	displayOptions: { show: { mappingMode: ['bouwsoft'] } },
});

const paymentMethodProperty: INodeProperties = {
	displayName: 'Payment Method',
	name: 'paymentMethod',
	type: 'string',
	default: PAYMENT_METHOD,
	description:
		'OutSmart payment method (required) for the work orders: niet van toepassing, op rekening, contant voldaan, pin betaling or conform offerte',
	displayOptions: { show: { mappingMode: ['bouwsoft'] } },
};

const contactPersonFallbackProperty: INodeProperties = {
	displayName: 'Contact Person Fallback',
	name: 'contactPersonFallback',
	type: 'string',
	default: '',
	description:
		'Contact person name for work orders whose Bouwsoft record has none (OutSmart requires one). Empty: use the customer name.',
	displayOptions: { show: { mappingMode: ['bouwsoft'] } },
};

/** The request options every OutSmart call offers: the node's operations and the OutSmart Trigger. */
export const MAX_ATTEMPTS_OPTION: INodeProperties = {
	displayName: 'Max Attempts',
	name: 'maxAttempts',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 10 },
	default: 4,
	description:
		'Attempts per request when OutSmart is busy or unreachable (HTTP 5xx/429, time-outs, code 1007), with growing pauses',
};

export const TIMEOUT_OPTION: INodeProperties = {
	displayName: 'Time-Out (Seconds)',
	name: 'timeoutSeconds',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 60,
	description: 'Time limit of one OutSmart request',
};

/** The Options of operations that only read or mark (Mark as Exported, Check): attempts and time-out. */
const ATTEMPTS_AND_TIMEOUT_OPTIONS: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [MAX_ATTEMPTS_OPTION, TIMEOUT_OPTION],
};

const BATCH_SIZE_OPTION: INodeProperties = {
	displayName: 'Batch Size',
	name: 'batchSize',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 5000 },
	default: DEFAULT_BATCH_SIZE,
	description: 'Records per OutSmart request. A rejected batch is split until the bad records are found.',
};

const CONCURRENCY_OPTION: INodeProperties = {
	displayName: 'Concurrent Requests',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 16 },
	default: DEFAULT_CONCURRENCY,
	description: 'How many OutSmart requests may run at the same time',
};

const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		BATCH_SIZE_OPTION,
		CONCURRENCY_OPTION,
		{
			displayName: 'Dry Run',
			name: 'dryRun',
			type: 'boolean',
			default: false,
			description:
				'Whether to only show what would be sent and the predicted action (created or updated with "Report Created vs Updated" on, else upserted); nothing is written to OutSmart (lookups still read)',
		},
		MAX_ATTEMPTS_OPTION,
		{
			displayName: 'Report Created vs Updated',
			name: 'detectExisting',
			type: 'boolean',
			default: false,
			description:
				'Whether each item should say "created" or "updated" instead of "upserted". Costs one read of the whole OutSmart table per record type on every run (megabytes for large tables, also for a run with a few changes). Work orders are always looked up.',
		},
		{
			displayName: 'Skip Unchanged',
			name: 'skipUnchanged',
			type: 'boolean',
			default: false,
			description:
				"Whether to skip records whose current Bouwsoft version OutSmart has already accepted from this node (kept in n8n's deduplication store, shared by every n8n process). Records without a Bouwsoft change date are always written.",
		},
		TIMEOUT_OPTION,
		{
			displayName: 'Update Details of Existing Work Orders',
			name: 'updateOrderDetails',
			type: 'boolean',
			default: false,
			description:
				'Whether to also send descriptions and customer fields of existing work orders to UpdateWorkorder. OutSmart documents only the planned date, time and employee there; use this only if your OutSmart account applies the other fields.',
			displayOptions: { show: { '/resource': ['workOrder', 'project'] } },
		},
		{
			displayName: 'Work Order Lookup',
			name: 'workOrderLookup',
			type: 'options',
			options: [
				{ name: 'Automatic', value: 'auto', description: 'One request per order for a few orders, one list request for many' },
				{ name: 'One Request per Order', value: 'perOrder' },
				{ name: 'One List Request', value: 'bulk' },
			],
			default: 'auto',
			description: 'How existing work orders are found (always without marking them as handled)',
			displayOptions: { show: { '/resource': ['workOrder', 'project'] } },
		},
	],
};


/** Fields only one resource has ("From Bouwsoft Record" defaults, the Map Fields record type). */
const RESOURCE_FIELDS: Partial<Record<OutSmartResource, INodeProperties[]>> = {
	material: [
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
	],
	materialCategory: [
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
	],
	relation: [
		{
			displayName: 'Include Contact Persons',
			name: 'includeContactPersons',
			type: 'boolean',
			default: true,
			description: "Whether to also write the relation's contacts (when the Bouwsoft item carries them) as OutSmart contact persons, after the relation",
			displayOptions: { show: { mappingMode: ['bouwsoft'] } },
		},
		{
			displayName: 'Address Placeholder',
			name: 'addressPlaceholder',
			type: 'string',
			default: '',
			placeholder: 'e.g. Onbekend',
			description:
				"Text for the street, postal code and city OutSmart requires when the Bouwsoft relation has none, e.g. 'Onbekend'. Empty: such relations fail and name the field to fill in Bouwsoft.",
			displayOptions: { show: { mappingMode: ['bouwsoft'] } },
		},
	],
	project: [
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
		typeOfWorkProperty(PROJECT_TYPE_OF_WORK),
		paymentMethodProperty,
		contactPersonFallbackProperty,
	],
	workOrder: [typeOfWorkProperty(WORK_ORDER_TYPE_OF_WORK), paymentMethodProperty, contactPersonFallbackProperty],
};

/**
 * Work Order → Mark as Exported (export/acknowledge.ts): after the Bouwsoft node's Book operation, marks the
 * orders Bouwsoft fully accepted so the OutSmart Trigger stops sending them.
 */
const acknowledgeOperation: INodePropertyOptions = {
	name: 'Mark as Exported',
	value: 'acknowledge',
	description: 'Mark work orders booked completely in Bouwsoft as handled in OutSmart, so they are not sent again',
	action: 'Mark work orders as exported',
};

const acknowledgeProperties: INodeProperties[] = [
	{
		displayName: 'Set',
		name: 'set',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Status Afgehandeld',
				value: 'afgehandeld',
				description: "The order's status becomes Afgehandeld (handled), as OutSmart's own export does",
			},
			{
				name: 'Work Status',
				value: 'workStatus',
				description: 'The order gets a work status code and keeps its status; exclude that code in the OutSmart Trigger',
			},
		],
		default: 'afgehandeld',
		description: 'How OutSmart records that a work order was exported',
	},
	{
		displayName: 'Work Status Code',
		name: 'workStatusCode',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. EXPORTED',
		description: "OutSmart work status code (sta_code) for exported orders; it must exist in OutSmart. Set the trigger's Exclude Work Status to the same code.",
		displayOptions: { show: { set: ['workStatus'] } },
	},
	ATTEMPTS_AND_TIMEOUT_OPTIONS,
];

/**
 * Reconcile (reconcile/run.ts): the whole Bouwsoft selection against everything OutSmart holds; sends what is
 * missing or different, and reports, deactivates or deletes OutSmart records of ours whose source is gone.
 */
const reconcileProperties: INodeProperties[] = [
	{
		displayName:
			'Feed this node from a Bouwsoft node with Get Many, Scope "All" and Return All: every OutSmart record of ours that the input lacks counts as gone. Run it with Dry Run first.',
		name: 'reconcileNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Records Gone From Bouwsoft',
		name: 'removedAction',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Report Only',
				value: 'report',
				description: 'List them in the output; change nothing in OutSmart',
			},
			{
				name: 'Deactivate',
				value: 'deactivate',
				description:
					'Set them inactive where OutSmart has an active flag (employees, hour types, relations, projects; categories are hidden). Others are reported.',
			},
			{
				name: 'Delete',
				value: 'delete',
				description:
					'Delete them with DeleteEntity, children first; a record whose child stays is deactivated instead. Work orders only while no technician has picked them up; warehouses and activities (no delete in the API) are reported.',
			},
		],
		default: 'report',
		description:
			'What happens to OutSmart records that came from Bouwsoft when their Bouwsoft record is deleted, inactive or no longer selected. Records made in OutSmart are never touched.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			BATCH_SIZE_OPTION,
			CONCURRENCY_OPTION,
			{
				displayName: 'Dry Run',
				name: 'dryRun',
				type: 'boolean',
				default: false,
				description: 'Whether to only list what would be created, updated, deleted or deactivated; nothing is written to OutSmart',
			},
			MAX_ATTEMPTS_OPTION,
			{
				displayName: 'Records From Bouwsoft',
				name: 'ownership',
				type: 'options',
				options: [
					{
						name: 'Seen on Both Sides by an Earlier Run',
						value: 'learned',
						description:
							'A record counts as ours once a published run of this node saw its key in Bouwsoft and in OutSmart (or wrote it). Codes only our import makes (L:, G:, C-, PH-, AC-, A-, P-) always count.',
					},
					{
						name: 'Every Record in OutSmart',
						value: 'all',
						description: 'Only if nobody creates these records in OutSmart by hand: every record of the kind may be removed',
					},
				],
				default: 'learned',
				description: 'Which OutSmart records Reconcile may deactivate or delete',
			},
			{
				displayName: 'Safety Brake (%)',
				name: 'brakePercent',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 100 },
				default: 10,
				description:
					"Stop this category's removals, and fail the run saying why, when more than this share of its OutSmart records would be deleted or deactivated",
			},
			TIMEOUT_OPTION,
			{
				displayName: 'Update Details of Existing Work Orders',
				name: 'updateOrderDetails',
				type: 'boolean',
				default: false,
				description:
					'Whether descriptions and customer fields of existing work orders count and are sent to UpdateWorkorder too. OutSmart documents only the planned date, time and employee there.',
				displayOptions: { show: { '/resource': ['workOrder', 'project'] } },
			},
		],
	},
];

/** Upsert and Reconcile for every resource; Mark as Exported for work orders (alphabetical, as the editor lists them). */
function operationOptions(resource: OutSmartResource): INodePropertyOptions[] {
	const upsert: INodePropertyOptions = {
		name: 'Create or Update',
		value: 'upsert',
		description: 'Create a new record, or update the current one if it already exists (upsert)',
		action: `Upsert ${RESOURCES[resource].name.toLowerCase()} records`,
	};
	const reconcile: INodePropertyOptions = {
		name: 'Reconcile',
		value: 'reconcile',
		description: 'Compare everything Bouwsoft selects with OutSmart: send what is missing or different, report or remove what is gone',
		action: `Reconcile ${RESOURCES[resource].name.toLowerCase()} records`,
	};
	return resource === 'workOrder' ? [upsert, acknowledgeOperation, reconcile] : [upsert, reconcile];
}

/** The "From Bouwsoft Record" fields of a resource, for Reconcile (which has no Mapping choice). */
function reconcileResourceFields(resource: OutSmartResource): INodeProperties[] {
	return (RESOURCE_FIELDS[resource] ?? [])
		.filter((property) => property.displayOptions?.show?.mappingMode?.includes('bouwsoft'))
		.map((property) => ({ ...property, displayOptions: undefined }));
}

/** One resource's Operation field and each operation's fields (Upsert for every resource). */
function resourceProperties(resource: OutSmartResource): INodeProperties[] {
	return [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource] } },
			options: operationOptions(resource),
			default: 'upsert',
		},
		...updateDisplayOptions({ show: { resource: [resource], operation: ['upsert'] } }, [
			mappingModeProperty,
			...(RESOURCE_FIELDS[resource] ?? []),
			columnsProperty(),
			optionsProperty,
		]),
		...(resource === 'workOrder' ? updateDisplayOptions({ show: { resource: [resource], operation: ['acknowledge'] } }, acknowledgeProperties) : []),
		...updateDisplayOptions({ show: { resource: [resource], operation: ['reconcile'] } }, [
			...reconcileResourceFields(resource),
			...reconcileProperties,
		]),
	];
}

/** Connection → Check (check/run.ts): a read-only pre-flight of the OutSmart account. */
export const CONNECTION_RESOURCE = 'connection';

const connectionProperties: INodeProperties[] = updateDisplayOptions({ show: { resource: [CONNECTION_RESOURCE] } }, [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Check',
				value: 'check',
				description:
					'Read-only pre-flight: tokens, every endpoint the templates write to and what it holds, the type of work and payment method values, required fields',
				action: 'Check connection',
			},
		],
		default: 'check',
	},
	{
		displayName:
			'Run this once before you publish the sync: it only reads from OutSmart. Each output item is one check with its status (ok, warning, problem), what was found, what it means and the fix.',
		name: 'checkNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Types of Work',
		name: 'typesOfWork',
		type: 'string',
		default: `${PROJECT_TYPE_OF_WORK}, ${WORK_ORDER_TYPE_OF_WORK}`,
		description: 'The Type of Work values your OutSmart nodes send on work orders, separated by commas (the templates use these)',
	},
	{
		displayName: 'Payment Methods',
		name: 'paymentMethods',
		type: 'string',
		default: PAYMENT_METHOD,
		description: 'The Payment Method values your OutSmart nodes send on work orders, separated by commas',
	},
	ATTEMPTS_AND_TIMEOUT_OPTIONS,
]);

export const outSmartProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			...RESOURCE_NAMES.map((value) => ({ name: RESOURCES[value].name, value })),
			{ name: 'Connection', value: CONNECTION_RESOURCE },
		].sort((a, b) => a.name.localeCompare(b.name)),
		default: 'material',
	},
	...RESOURCE_NAMES.flatMap(resourceProperties),
	...connectionProperties,
];
