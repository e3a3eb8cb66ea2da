import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAPPING_OPTIONS, type MappingOptions } from '../mapping/common';
import type { UpsertSettings } from '../helpers/interfaces';
import type { OutSmartResource } from '../helpers/resources';
import { DEFAULT_RETRY_POLICY } from '../transport/retry';

export const DEFAULT_BATCH_SIZE = 500;
export const DEFAULT_CONCURRENCY = 4;

export const mappingModeProperty: INodeProperties = {
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

export function columnsProperty(): INodeProperties {
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

export const typeOfWorkProperty = (defaultValue: string): INodeProperties => ({
	displayName: 'Type of Work',
	name: 'typeOfWork',
	type: 'string',
	default: defaultValue,
	description:
		'OutSmart work type (TypeOfWork, required) for the work orders, e.g. Installatie, Onderhoud, Project, Service, Storing. Must exist in OutSmart.',
	displayOptions: { show: { mappingMode: ['bouwsoft'] } },
});

export const paymentMethodProperty: INodeProperties = {
	displayName: 'Payment Method',
	name: 'paymentMethod',
	type: 'string',
	default: 'niet van toepassing',
	description:
		'OutSmart payment method (required) for the work orders: niet van toepassing, op rekening, contant voldaan, pin betaling or conform offerte',
	displayOptions: { show: { mappingMode: ['bouwsoft'] } },
};

export const contactPersonFallbackProperty: INodeProperties = {
	displayName: 'Contact Person Fallback',
	name: 'contactPersonFallback',
	type: 'string',
	default: '',
	description:
		'Contact person name for work orders whose Bouwsoft record has none (OutSmart requires one). Empty: use the customer name.',
	displayOptions: { show: { mappingMode: ['bouwsoft'] } },
};

export const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Batch Size',
			name: 'batchSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 5000 },
			default: DEFAULT_BATCH_SIZE,
			description: 'Records per OutSmart request. A rejected batch is split until the bad records are found.',
		},
		{
			displayName: 'Concurrent Requests',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 16 },
			default: DEFAULT_CONCURRENCY,
			description: 'How many OutSmart requests may run at the same time',
		},
		{
			displayName: 'Dry Run',
			name: 'dryRun',
			type: 'boolean',
			default: false,
			description:
				'Whether to only show what would be sent and the predicted action (created or updated with "Report Created vs Updated" on, else upserted); nothing is written to OutSmart (lookups still read)',
		},
		{
			displayName: 'Max Attempts',
			name: 'maxAttempts',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 10 },
			default: 4,
			description:
				'Attempts per request when OutSmart is busy or unreachable (HTTP 5xx/429, time-outs, code 1007), with growing pauses',
		},
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
				'Whether to skip records whose content equals what this node last wrote (hash per key in the workflow\'s static data; only kept by active workflows, not manual test runs)',
		},
		{
			displayName: 'Time-Out (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 60,
			description: 'Time limit of one OutSmart request',
		},
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

interface NumberRule {
	label: string;
	min: number;
	max: number;
	fallback: number;
	/** Whether a fraction is fine (seconds); otherwise the value is rounded down. */
	fractions?: boolean;
}

/** Limits of the numeric options (as in their typeOptions); values outside are clamped with a notice. */
export const NUMBER_OPTIONS = {
	batchSize: { label: 'Batch Size', min: 1, max: 5000, fallback: DEFAULT_BATCH_SIZE },
	concurrency: { label: 'Concurrent Requests', min: 1, max: 16, fallback: DEFAULT_CONCURRENCY },
	maxAttempts: { label: 'Max Attempts', min: 1, max: 10, fallback: DEFAULT_RETRY_POLICY.maxAttempts },
	timeoutSeconds: { label: 'Time-Out (Seconds)', min: 1, max: 3600, fallback: DEFAULT_RETRY_POLICY.timeoutMs / 1000, fractions: true },
} satisfies Record<string, NumberRule>;

/**
 * A numeric option as a whole number within its limits. An expression can hand us anything: a value that
 * is not a number falls back to the default, one out of range is clamped; both add a notice for the user.
 */
export function boundedNumber(value: unknown, rule: NumberRule, notices: string[]): number {
	if (value === undefined || value === null || value === '') return rule.fallback;
	const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
	if (!Number.isFinite(number)) {
		notices.push(
			`${rule.label} ${JSON.stringify(value)} is not a number; used the default ${rule.fallback} (allowed: ${rule.min}–${rule.max}).`,
		);
		return rule.fallback;
	}
	const rounded = rule.fractions ? number : Math.floor(number);
	const clamped = Math.min(rule.max, Math.max(rule.min, rounded));
	if (clamped !== number) {
		const why = rounded === clamped ? 'is not a whole number' : `is outside the allowed range ${rule.min}–${rule.max}`;
		notices.push(`${rule.label} ${number} ${why}; used ${clamped}.`);
	}
	return clamped;
}

/** Read every parameter the upsert needs, with defaults for the ones hidden for this resource. */
export function readSettings(ctx: IExecuteFunctions, resource: OutSmartResource): UpsertSettings {
	const get = <T>(name: string, fallback: T): T => ctx.getNodeParameter(name, 0, fallback) as T;
	const rawOptions = get<unknown>('options', {});
	const options = (rawOptions && typeof rawOptions === 'object' ? rawOptions : {}) as Record<string, unknown>;
	const opt = <T>(name: string, fallback: T): T => (options[name] ?? fallback) as T;
	const notices: string[] = [];
	const num = (name: keyof typeof NUMBER_OPTIONS) => boundedNumber(options[name], NUMBER_OPTIONS[name], notices);
	const mapping: MappingOptions = {
		priceField: get('priceField', DEFAULT_MAPPING_OPTIONS.priceField),
		defaultUnit: get('defaultUnit', DEFAULT_MAPPING_OPTIONS.defaultUnit),
		linkCategories: get('linkCategories', DEFAULT_MAPPING_OPTIONS.linkCategories),
		includeContactPersons: get('includeContactPersons', DEFAULT_MAPPING_OPTIONS.includeContactPersons),
		createWorkOrder: get('createWorkOrder', DEFAULT_MAPPING_OPTIONS.createWorkOrder),
		includeActivities: get('includeActivities', DEFAULT_MAPPING_OPTIONS.includeActivities),
		typeOfWork: get('typeOfWork', resource === 'project' ? 'Project' : DEFAULT_MAPPING_OPTIONS.typeOfWork),
		paymentMethod: get('paymentMethod', DEFAULT_MAPPING_OPTIONS.paymentMethod),
		contactPersonFallback: get('contactPersonFallback', DEFAULT_MAPPING_OPTIONS.contactPersonFallback),
	};
	return {
		resource,
		mappingMode: get('mappingMode', 'bouwsoft'),
		recordType: get('recordType', 'category'),
		mapping,
		batchSize: num('batchSize'),
		concurrency: num('concurrency'),
		skipUnchanged: opt('skipUnchanged', false),
		dryRun: opt('dryRun', false),
		detectExisting: opt('detectExisting', false),
		workOrderLookup: opt('workOrderLookup', 'auto'),
		updateOrderDetails: opt('updateOrderDetails', false),
		retry: {
			...DEFAULT_RETRY_POLICY,
			maxAttempts: num('maxAttempts'),
			timeoutMs: num('timeoutSeconds') * 1000,
		},
		notices,
	};
}
