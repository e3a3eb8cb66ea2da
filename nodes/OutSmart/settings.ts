import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_MAPPING_OPTIONS, type MappingOptions } from './mapping/common';
import { isResource, RESOURCE_NAMES, type OutSmartResource } from './schema';
import { DEFAULT_REQUEST_POLICY } from './transport/request';
import type { ReconcileSettings, RemovalAction } from './reconcile/types';
import type { UpsertSettings } from './upsert/types';

/** Everything the OutSmart node reads from its parameters: defaults, limits, and the checks with their fixes. */

export const DEFAULT_BATCH_SIZE = 500;
export const DEFAULT_CONCURRENCY = 4;

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
	maxAttempts: { label: 'Max Attempts', min: 1, max: 10, fallback: DEFAULT_REQUEST_POLICY.maxAttempts },
	timeoutSeconds: { label: 'Time-Out (Seconds)', min: 1, max: 3600, fallback: DEFAULT_REQUEST_POLICY.timeoutMs / 1000, fractions: true },
	brakePercent: { label: 'Safety Brake (%)', min: 0, max: 100, fallback: 10, fractions: true },
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

/** The node's operations: Upsert and Reconcile for every resource, Mark as Exported (acknowledge) for work orders. */
type OutSmartOperation = 'upsert' | 'acknowledge' | 'reconcile';

function operationsOf(resource: OutSmartResource): OutSmartOperation[] {
	return resource === 'workOrder' ? ['upsert', 'acknowledge', 'reconcile'] : ['upsert', 'reconcile'];
}

/** The node's Resource and Operation; an unknown one stops the node with the valid values. */
function readResource(ctx: IExecuteFunctions): { resource: OutSmartResource; operation: OutSmartOperation } {
	// The resource first: with an unknown one, n8n cannot even resolve the operation parameter.
	const resource = String(ctx.getNodeParameter('resource', 0));
	if (!isResource(resource)) {
		throw new NodeOperationError(ctx.getNode(), `Unknown resource "${resource}"`, {
			description: `Valid resources: ${RESOURCE_NAMES.join(', ')}. Choose one in the node's Resource field.`,
		});
	}
	const operation = String(ctx.getNodeParameter('operation', 0));
	const valid = operationsOf(resource);
	if (!(valid as string[]).includes(operation)) {
		throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" is not supported for "${resource}"`, {
			description: `Valid operations: ${valid.join(', ')}.`,
		});
	}
	return { resource, operation: operation as OutSmartOperation };
}

/** Which operation runs (the node dispatches on it); checks resource and operation first. */
export function readOperation(ctx: IExecuteFunctions): OutSmartOperation {
	return readResource(ctx).operation;
}

/** Read every parameter the upsert needs, with defaults for the ones hidden for this resource. */
export function readSettings(ctx: IExecuteFunctions): UpsertSettings {
	const { resource } = readResource(ctx);
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
		addressPlaceholder: get('addressPlaceholder', DEFAULT_MAPPING_OPTIONS.addressPlaceholder),
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
			...DEFAULT_REQUEST_POLICY,
			maxAttempts: num('maxAttempts'),
			timeoutMs: num('timeoutSeconds') * 1000,
		},
		notices,
	};
}

const REMOVAL_ACTIONS: RemovalAction[] = ['report', 'deactivate', 'delete'];

/** Reconcile's parameters: the Upsert's (mapping defaults, batch size, retries) plus removal, brake and ownership. */
export function readReconcileSettings(ctx: IExecuteFunctions): ReconcileSettings {
	const base = readSettings(ctx);
	const rawOptions = ctx.getNodeParameter('options', 0, {}) as unknown;
	const options = (rawOptions && typeof rawOptions === 'object' ? rawOptions : {}) as Record<string, unknown>;
	const removed = String(ctx.getNodeParameter('removedAction', 0, 'report')) as RemovalAction;
	if (!REMOVAL_ACTIONS.includes(removed)) {
		throw new NodeOperationError(ctx.getNode(), `Unknown value "${removed}" for Records Gone From Bouwsoft`, {
			description: `Valid values: ${REMOVAL_ACTIONS.join(', ')}.`,
		});
	}
	return {
		...base,
		mappingMode: 'bouwsoft',
		removed,
		brakePercent: boundedNumber(options.brakePercent, NUMBER_OPTIONS.brakePercent, base.notices),
		ownership: options.ownership === 'all' ? 'all' : 'learned',
	};
}
