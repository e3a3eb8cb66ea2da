/**
 * Retry policy for Bouwsoft requests (pure, so it is unit-tested without a server). Bouwsoft documents no
 * rate limits; we still treat 429, 5xx, timeouts, dropped connections and unreadable bodies as transient.
 */
export interface RetryPolicy {
	/** Total attempts including the first. */
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** A Retry-After longer than this is not waited for inside the poll: the error goes to n8n instead. */
	maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 5,
	baseDelayMs: 500,
	maxDelayMs: 15_000,
	maxRetryAfterMs: 60_000,
};

const TRANSIENT_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'ENOTFOUND',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'UND_ERR_SOCKET',
	'ERR_BAD_RESPONSE',
	'MALFORMED_JSON',
	'MALFORMED_ANSWER',
	'AUTH_UNAVAILABLE',
]);

export function isTransientStatus(status: number | undefined): boolean {
	return status === 429 || status === 408 || (status !== undefined && status >= 500 && status <= 599);
}

export function isTransientCode(code: string | undefined): boolean {
	return code !== undefined && TRANSIENT_CODES.has(code.toUpperCase());
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: unknown, nowMs: number): number | undefined {
	if (value === undefined || value === null) return undefined;
	const text = String(Array.isArray(value) ? value[0] : value).trim();
	if (!text) return undefined;
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const at = Date.parse(text);
	if (Number.isNaN(at)) return undefined;
	return Math.max(0, at - nowMs);
}

/**
 * Wait before attempt `attempt + 1` (attempt counts from 1): exponential backoff with jitter in
 * [50%, 100%] of the step, never shorter than the server's Retry-After.
 */
export function backoffDelayMs(
	attempt: number,
	policy: RetryPolicy,
	retryAfterMs: number | undefined,
	random: () => number = Math.random,
): number {
	const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
	const jittered = Math.round(step * (0.5 + random() * 0.5));
	return Math.max(jittered, retryAfterMs ?? 0);
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false };

export function decideRetry(
	attempt: number,
	failure: { status?: number; code?: string; retryAfterMs?: number },
	policy: RetryPolicy,
	random: () => number = Math.random,
): RetryDecision {
	if (attempt >= policy.maxAttempts) return { retry: false };
	if (!isTransientStatus(failure.status) && !isTransientCode(failure.code)) return { retry: false };
	if (failure.retryAfterMs !== undefined && failure.retryAfterMs > policy.maxRetryAfterMs) return { retry: false };
	return { retry: true, delayMs: backoffDelayMs(attempt, policy, failure.retryAfterMs, random) };
}
