import { NodeApiError } from 'n8n-workflow';
import type { Failure, INode, JsonObject } from 'n8n-workflow';

import { redactText } from '../../shared/redact';
import { MALFORMED_ANSWER } from './paging';

/** What we could learn from a failed request, without keeping the request itself (it carries tokens). */
export interface RequestFailure {
	status?: number;
	code?: string;
	retryAfterMs?: number;
	serverMessage?: string;
}

interface ErrorLike {
	httpCode?: string | null;
	code?: string;
	message?: string;
	response?: { status?: number; statusCode?: number; headers?: Record<string, unknown>; data?: unknown; body?: unknown };
	cause?: unknown;
	context?: { data?: unknown };
}

/**
 * Walks an n8n/axios error chain for the HTTP status, error code, Retry-After and server message. Every
 * `response` in the chain is read: n8n wraps the axios error in a NodeApiError whose `httpCode` already
 * gives the status, but only the inner response carries Retry-After and Bouwsoft's own message.
 */
export function inspectFailure(error: unknown): RequestFailure & { retryAfterRaw?: unknown } {
	const out: RequestFailure & { retryAfterRaw?: unknown } = {};
	let current: unknown = error;
	for (let depth = 0; current && typeof current === 'object' && depth < 6; depth++) {
		const e = current as ErrorLike;
		const response = e.response && typeof e.response === 'object' ? e.response : undefined;
		if (response) {
			const status = response.status ?? response.statusCode;
			if (out.status === undefined && typeof status === 'number') out.status = status;
			const headers = response.headers && typeof response.headers === 'object' ? response.headers : {};
			const retryAfter = Object.entries(headers).find(([k]) => k.toLowerCase() === 'retry-after')?.[1];
			if (out.retryAfterRaw === undefined && retryAfter !== undefined) out.retryAfterRaw = retryAfter;
			out.serverMessage ??= messageFromBody(response.data ?? response.body);
		}
		if (out.status === undefined && e.httpCode && /^\d{3}$/.test(String(e.httpCode))) out.status = Number(e.httpCode);
		if (!out.code && typeof e.code === 'string' && /^[A-Z_]+$/.test(e.code)) out.code = e.code;
		if (!out.code && typeof e.message === 'string') {
			if (/timeout/i.test(e.message)) out.code = 'ETIMEDOUT';
			else if (/socket hang up/i.test(e.message)) out.code = 'ECONNRESET';
			else if (/JSON/.test(e.message) && /(parse|unexpected|invalid)/i.test(e.message)) out.code = 'MALFORMED_JSON';
		}
		if (!out.serverMessage && out.code === MALFORMED_ANSWER && typeof e.message === 'string') {
			out.serverMessage = e.message.replace(/^Malformed Bouwsoft answer: /, '');
		}
		current = e.cause;
	}
	return out;
}

/** Longest server text we quote; HTML error pages are reduced to their text. */
const MAX_SERVER_MESSAGE = 300;
/** Long unbroken letter/digit runs look like tokens (a Bouwsoft access token is 50 letters): never quoted. */
const TOKEN_LIKE = /[A-Za-z0-9_-]{32,}/g;

function messageFromBody(body: unknown): string | undefined {
	if (typeof body === 'string') return cleanServerText(body);
	if (body && typeof body === 'object') {
		const b = body as Record<string, unknown>;
		const candidate = b.error ?? b.message ?? b.Message ?? b.error_description;
		if (typeof candidate === 'string') return cleanServerText(candidate);
		if (candidate && typeof candidate === 'object' && typeof (candidate as Record<string, unknown>).message === 'string') {
			return cleanServerText(String((candidate as Record<string, unknown>).message));
		}
	}
	return undefined;
}

function cleanServerText(text: string): string | undefined {
	const plain = text
		.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
		.replace(/<[^>]*>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim()
		.replace(TOKEN_LIKE, '[redacted]');
	return plain ? plain.slice(0, MAX_SERVER_MESSAGE) : undefined;
}

/**
 * A NodeApiError with the HTTP status, a sentence that names the Bouwsoft resource and what to do, and
 * nothing from the original request (whose headers hold the access token).
 */
export function bouwsoftApiError(
	node: INode,
	failure: RequestFailure,
	resource: string,
	secrets: ReadonlyArray<string | undefined>,
	attempts = 1,
): NodeApiError {
	const { status, code, retryAfterMs } = failure;
	const server = failure.serverMessage ? redactText(failure.serverMessage, secrets) : undefined;
	const said = server ? ` Bouwsoft said: "${server}".` : '';
	const tried = attempts > 1 ? ` (tried ${attempts} times)` : '';
	let message: string;
	let description: string;
	let failureInfo: Failure;
	if (status === 401 || status === 403) {
		message = `Bouwsoft refused access to ${resource} (HTTP ${status})`;
		description =
			`Bouwsoft did not accept the access token even after a fresh one was requested.${said} ` +
			'Open the Bouwsoft credential and check the Client Number and Refresh Token; if the refresh token was revoked, request a new one.';
		failureInfo = { cause: 'credential-invalid' };
	} else if (status === 404) {
		message = `Bouwsoft has no ${resource} here (HTTP 404)`;
		description = `The Bouwsoft server does not know this resource or record.${said} Check that your Bouwsoft licence includes it.`;
		failureInfo = { cause: 'configuration-invalid' };
	} else if (status === 400) {
		message = `Bouwsoft rejected the request for ${resource} (HTTP 400)`;
		description =
			`Bouwsoft could not process the query.${said} If "Extended Filter Syntax" is on, switch it off: ` +
			'your Bouwsoft server may not support lt/ge/le/or. Otherwise check the filter values in the node.';
		failureInfo = { cause: 'configuration-invalid' };
	} else if (status === 429) {
		message = `Bouwsoft is limiting requests for ${resource} (HTTP 429)${tried}`;
		description = `Bouwsoft asked us to slow down.${said} The next poll will try again; use a longer poll interval if this repeats.`;
		failureInfo = { cause: 'rate-limited', ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
	} else if (status !== undefined && status >= 500) {
		message = `Bouwsoft failed to answer for ${resource} (HTTP ${status})${tried}`;
		description = `The Bouwsoft server had a problem.${said} Nothing was changed; the next poll will try again.`;
		failureInfo = { cause: 'temporarily-unavailable' };
	} else if (code === 'AUTH_UNAVAILABLE') {
		message = `Could not get a Bouwsoft access token for ${resource}${tried}`;
		description = `${server ?? 'The authentication server did not answer.'} Nothing was changed; the next poll will try again.`;
		failureInfo = { cause: 'temporarily-unavailable' };
	} else if (code === 'MALFORMED_JSON') {
		message = `Bouwsoft sent an unreadable answer for ${resource}${tried}`;
		description = 'The response was not valid JSON. Nothing was changed; the next poll will try again.';
		failureInfo = { cause: 'temporarily-unavailable' };
	} else if (code === MALFORMED_ANSWER) {
		message = `Bouwsoft sent an incomplete answer for ${resource}${tried}`;
		description =
			`The answer had no readable list of records${server ? ` (${server})` : ''}, so records could have been skipped. ` +
			'Nothing was changed and the cursor did not move; the next poll will try again.';
		failureInfo = { cause: 'temporarily-unavailable' };
	} else if (status !== undefined) {
		message = `Bouwsoft answered HTTP ${status} for ${resource}`;
		description = `${said.trim() || 'Unexpected answer.'} Check the node settings and the Bouwsoft credential.`;
		failureInfo = { cause: 'configuration-invalid' };
	} else {
		message = `Could not reach Bouwsoft for ${resource}${code ? ` (${code})` : ''}${tried}`;
		description =
			'The connection to the Bouwsoft server failed or timed out. Nothing was changed; the next poll will try again. ' +
			'If this persists, check your network and the credential.';
		failureInfo = { cause: 'temporarily-unavailable' };
	}
	const plain: JsonObject = { message: redactText(message, secrets), ...(status ? { httpCode: String(status) } : {}) };
	return new NodeApiError(node, plain, {
		message: redactText(message, secrets),
		description: redactText(description, secrets),
		...(status ? { httpCode: String(status) } : {}),
		failure: failureInfo,
	});
}

/** Messages thrown by the credential's preAuthentication (see credentials/BouwsoftApi.credentials.ts). */
const AUTH_MESSAGE = /(Bouwsoft did not accept Client Number|The Bouwsoft (Client Number|Refresh Token) is empty|Bouwsoft authentication server|Authentication Server URL)/;
const AUTH_TRANSIENT = /(authentication server answered HTTP 5\d\d|Could not reach the Bouwsoft authentication server)/;

/** A failure of the token call: `permanent` ones need the user to fix the credential. */
export function authFailure(error: unknown): { message: string; permanent: boolean } | undefined {
	let current: unknown = error;
	for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
		const message = (current as { message?: unknown }).message;
		if (typeof message === 'string' && AUTH_MESSAGE.test(message)) {
			return { message, permanent: !AUTH_TRANSIENT.test(message) };
		}
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

export function bouwsoftCredentialError(node: INode, message: string, secrets: ReadonlyArray<string | undefined>): NodeApiError {
	const text = redactText(message, secrets);
	return new NodeApiError(node, { message: text } as JsonObject, {
		message: text,
		description: 'Open the Bouwsoft credential, correct it and test it.',
		httpCode: '401',
		failure: { cause: 'credential-invalid' },
	});
}
