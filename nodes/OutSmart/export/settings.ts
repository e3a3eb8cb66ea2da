import type { IDataObject, IExecuteFunctions, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { boundedNumber, DEFAULT_CONCURRENCY, NUMBER_OPTIONS } from '../settings';
import { DEFAULT_REQUEST_POLICY, type RequestPolicy } from '../transport/request';
import { scalarText } from '../../shared/text';

/** What the OutSmart Trigger and the Mark as Exported operation read from their parameters. */

export const DEFAULT_READY_STATUS = 'Compleet';
export const DEFAULT_RETRY_AFTER_MINUTES = 15;
const RETRY_AFTER = { label: 'Retry After (Minutes)', min: 1, max: 7 * 24 * 60, fallback: DEFAULT_RETRY_AFTER_MINUTES };

export interface TriggerSettings {
	/** GetWorkorders `status`. */
	status: string;
	/** GetWorkorders `workstatus` filter; '' = any. */
	workStatus: string;
	onlyFromBouwsoft: boolean;
	/** Orders whose WorkStatus equals this are not emitted; '' = none excluded. */
	excludeWorkStatus: string;
	retryAfterMs: number;
	policy: RequestPolicy;
	notices: string[];
}

export interface AcknowledgeSettings {
	/** 'afgehandeld': status Afgehandeld through GetWorkorder; 'workStatus': the work status code. */
	mode: 'afgehandeld' | 'workStatus';
	workStatusCode: string;
	policy: RequestPolicy;
	concurrency: number;
	notices: string[];
}

const objectOf = (value: unknown) => (value && typeof value === 'object' ? (value as IDataObject) : {});

function policyOf(options: IDataObject, notices: string[]): RequestPolicy {
	return {
		...DEFAULT_REQUEST_POLICY,
		maxAttempts: boundedNumber(options.maxAttempts, NUMBER_OPTIONS.maxAttempts, notices),
		timeoutMs: boundedNumber(options.timeoutSeconds, NUMBER_OPTIONS.timeoutSeconds, notices) * 1000,
	};
}

export function readTriggerSettings(ctx: IPollFunctions): TriggerSettings {
	const options = objectOf(ctx.getNodeParameter('options', {}));
	const notices: string[] = [];
	return {
		status: scalarText(ctx.getNodeParameter('status', DEFAULT_READY_STATUS)) || DEFAULT_READY_STATUS,
		workStatus: scalarText(ctx.getNodeParameter('workStatus', '')),
		onlyFromBouwsoft: options.onlyFromBouwsoft !== false,
		excludeWorkStatus: scalarText(options.excludeWorkStatus),
		retryAfterMs: boundedNumber(options.retryAfterMinutes, RETRY_AFTER, notices) * 60_000,
		policy: policyOf(options, notices),
		notices,
	};
}

export function readAcknowledgeSettings(ctx: IExecuteFunctions): AcknowledgeSettings {
	const mode = ctx.getNodeParameter('set', 0, 'afgehandeld') === 'workStatus' ? 'workStatus' : 'afgehandeld';
	const workStatusCode = mode === 'workStatus' ? scalarText(ctx.getNodeParameter('workStatusCode', 0, '')) : '';
	if (mode === 'workStatus' && !workStatusCode) {
		throw new NodeOperationError(ctx.getNode(), 'Work Status Code is empty', {
			description: 'Fill in the OutSmart work status code (sta_code) the exported work orders get, or set "Set" to Status Afgehandeld.',
		});
	}
	const notices: string[] = [];
	return {
		mode,
		workStatusCode,
		policy: policyOf(objectOf(ctx.getNodeParameter('options', 0, {})), notices),
		concurrency: DEFAULT_CONCURRENCY,
		notices,
	};
}
