import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { redactText, redactValue } from '../../shared/redact';
import {
	httpFailure,
	networkFailure,
	translateCode,
	unreadableFailure,
	type OutSmartFailure,
} from './errors';
import { backoffDelay, networkErrorCode, NOT_SENT_CODES, parseRetryAfter, type RetryPolicy } from '../../shared/http/retry';

/** Every context that talks to OutSmart: the node's runs, its load-options and the OutSmart Trigger's polls. */
type OutSmartContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/** OutSmart's retry policy (shared/http/retry.ts) plus the time limit of one request. */
export interface RequestPolicy extends RetryPolicy {
	timeoutMs: number;
}

export const DEFAULT_REQUEST_POLICY: RequestPolicy = {
	maxAttempts: 4,
	baseDelayMs: 500,
	maxDelayMs: 30_000,
	timeoutMs: 60_000,
};

export const CREDENTIAL_TYPE = 'outSmartApi';

interface OutSmartRequest {
	method: IHttpRequestMethods;
	/** Endpoint below the base URL, e.g. 'materials' or 'GetWorkorder'. */
	endpoint: string;
	qs?: IDataObject;
	body?: unknown;
	/**
	 * False for writes that must not be repeated blindly (PostWorkorders): such a request is retried only
	 * when it certainly did not reach OutSmart (connection refused, 429); the caller looks up and decides.
	 */
	idempotent?: boolean;
}

type OutSmartResult<T = unknown> =
	| { ok: true; response: T; attempts: number }
	| { ok: false; failure: OutSmartFailure; attempts: number; mayHaveReachedOutSmart: boolean };

interface Envelope {
	code: number;
	messages?: unknown;
	response?: unknown;
}

/** Secrets of the OutSmart credential, for redaction of anything we show. */
export interface CredentialSecrets {
	baseUrl: string;
	secrets: string[];
}

export async function loadCredential(ctx: OutSmartContext): Promise<CredentialSecrets> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	const baseUrl = String(credentials.baseUrl ?? '').replace(/\/+$/, '');
	return {
		baseUrl,
		secrets: [credentials.token, credentials.softwareToken].filter(
			(s): s is string => typeof s === 'string' && s !== '',
		),
	};
}

function httpStatusOf(error: unknown): number | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const e = current as { httpCode?: unknown; status?: unknown; response?: { status?: unknown }; cause?: unknown };
		for (const candidate of [e.response?.status, e.status, e.httpCode]) {
			const n = Number(candidate);
			if (Number.isInteger(n) && n >= 100 && n < 600) return n;
		}
		current = e.cause;
	}
	return undefined;
}

interface SingleOutcome {
	result: { ok: true; response: unknown } | { ok: false; failure: OutSmartFailure };
	retryAfterMs?: number;
	/** False when OutSmart certainly did not process the request. */
	reached: boolean;
}

async function sendOnce(
	ctx: OutSmartContext,
	credential: CredentialSecrets,
	request: OutSmartRequest,
	policy: RequestPolicy,
): Promise<SingleOutcome> {
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${credential.baseUrl}/${request.endpoint}`,
		qs: request.qs,
		headers: { Accept: 'application/json' },
		json: true,
		timeout: policy.timeoutMs,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
	if (request.body !== undefined) options.body = request.body as IDataObject;
	let raw: { body?: unknown; headers?: IDataObject; statusCode?: number };
	try {
		raw = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, options)) as typeof raw;
	} catch (error) {
		const network = networkErrorCode(error);
		const status = httpStatusOf(error);
		if (!network && status) return { result: { ok: false, failure: httpFailure(status) }, reached: true };
		return {
			result: { ok: false, failure: networkFailure(network ?? redactText(String((error as Error)?.message ?? error), credential.secrets)) },
			reached: !network || !NOT_SENT_CODES.includes(network),
		};
	}
	const status = raw.statusCode ?? 200;
	const retryAfterMs = parseRetryAfter(raw.headers?.['retry-after']);
	let body = raw.body;
	if (typeof body === 'string') {
		try {
			body = JSON.parse(body);
		} catch {
			if (status !== 200) {
				return { result: { ok: false, failure: httpFailure(status, body as string) }, retryAfterMs, reached: status !== 429 };
			}
			return { result: { ok: false, failure: unreadableFailure() }, reached: true };
		}
	}
	if (status !== 200 && !isEnvelope(body)) {
		return { result: { ok: false, failure: httpFailure(status) }, retryAfterMs, reached: status !== 429 };
	}
	if (!isEnvelope(body)) return { result: { ok: false, failure: unreadableFailure() }, reached: true };
	if (Number(body.code) === 200) return { result: { ok: true, response: body.response }, reached: true };
	const messages = Array.isArray(body.messages) ? body.messages.map((m) => String(m)) : [];
	return {
		result: { ok: false, failure: translateCode(Number(body.code), messages) },
		retryAfterMs,
		reached: true,
	};
}

function isEnvelope(body: unknown): body is Envelope {
	return !!body && typeof body === 'object' && !Array.isArray(body) && 'code' in body;
}

/**
 * One OutSmart call with retries of transient failures (5xx, 429, timeouts, connection errors, code 1007).
 * Never throws: the caller decides whether a failure fails one record, a batch, or the node. Everything in
 * the result is redacted.
 */
export async function callOutSmart<T = unknown>(
	ctx: OutSmartContext,
	credential: CredentialSecrets,
	request: OutSmartRequest,
	policy: RequestPolicy = DEFAULT_REQUEST_POLICY,
): Promise<OutSmartResult<T>> {
	const idempotent = request.idempotent !== false;
	let reachedOnce = false;
	for (let attempt = 1; ; attempt++) {
		const outcome = await sendOnce(ctx, credential, request, policy);
		reachedOnce ||= outcome.reached;
		if (outcome.result.ok) return { ok: true, response: outcome.result.response as T, attempts: attempt };
		const failure = redactValue(outcome.result.failure, credential.secrets);
		const retryable = failure.kind === 'transient' && (idempotent || !outcome.reached);
		if (!retryable || attempt >= policy.maxAttempts) {
			return { ok: false, failure, attempts: attempt, mayHaveReachedOutSmart: reachedOnce };
		}
		const delay = backoffDelay(attempt, policy, outcome.retryAfterMs);
		ctx.logger?.debug(
			redactText(`OutSmart ${request.endpoint}: ${failure.message}; retry ${attempt} in ${delay} ms`, credential.secrets),
		);
		await sleep(delay);
	}
}
