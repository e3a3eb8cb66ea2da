/**
 * The one retry policy of both APIs (pure, unit-tested without a server): which failures are transient,
 * how long to wait before the next attempt, and how to read Retry-After. Bouwsoft and OutSmart differ only
 * in the numbers of their policies.
 */
export interface RetryPolicy {
	/** Attempts in total, the first one included. */
	maxAttempts: number;
	/** Delay before the first retry; doubles with every further attempt. */
	baseDelayMs: number;
	/** Upper bound of one backoff step. */
	maxDelayMs: number;
	/**
	 * A Retry-After longer than this is not waited for: the failure goes to the caller instead (a poll
	 * should not sleep for an hour). Unset: Retry-After is honoured but capped at `maxDelayMs`, so a silly
	 * header cannot stall a run.
	 */
	maxRetryAfterMs?: number;
	/** Error codes of this API's own answers that are worth another attempt (e.g. an unreadable body). */
	transientCodes?: readonly string[];
}

/** Network error codes: the request failed on the way, another attempt may succeed. */
const NETWORK_ERROR_CODES: readonly string[] = [
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNABORTED',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'UND_ERR_SOCKET',
	'ERR_BAD_RESPONSE',
];

/** Network error codes that mean the request never left this machine: repeating it is always safe. */
export const NOT_SENT_CODES: readonly string[] = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'];

export function isTransientStatus(status: number | undefined): boolean {
	return status === 429 || status === 408 || (status !== undefined && status >= 500 && status <= 599);
}

function isTransientCode(code: string | undefined, policy?: Pick<RetryPolicy, 'transientCodes'>): boolean {
	if (code === undefined) return false;
	const upper = code.toUpperCase();
	return NETWORK_ERROR_CODES.includes(upper) || (policy?.transientCodes ?? []).includes(upper);
}

/** The first network error code found on an error or its causes (also read from messages of wrapped errors). */
export function networkErrorCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const e = current as { code?: unknown; message?: unknown; cause?: unknown };
		if (typeof e.code === 'string' && NETWORK_ERROR_CODES.includes(e.code)) return e.code;
		if (typeof e.message === 'string') {
			const message = e.message;
			const found = NETWORK_ERROR_CODES.find((c) => message.includes(c));
			if (found) return found;
			if (/timeout|timed out/i.test(message)) return 'ETIMEDOUT';
			if (/socket hang up/i.test(message)) return 'ECONNRESET';
		}
		current = e.cause;
	}
	return undefined;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, now: Date | number = Date.now()): number | undefined {
	const raw = Array.isArray(value) ? value[0] : value;
	if (raw === undefined || raw === null) return undefined;
	const text = String(raw).trim();
	if (!text) return undefined;
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const at = Date.parse(text);
	if (Number.isNaN(at)) return undefined;
	return Math.max(0, at - (typeof now === 'number' ? now : now.getTime()));
}

/**
 * Wait before retry number `attempt` (1 = the first retry): exponential backoff, half fixed and half random
 * (spreads concurrent retries without ever retrying at once), never shorter than the server's Retry-After.
 */
export function backoffDelay(
	attempt: number,
	policy: RetryPolicy,
	retryAfterMs?: number,
	random: () => number = Math.random,
): number {
	const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
	const jittered = Math.round(step * (0.5 + random() * 0.5));
	if (retryAfterMs === undefined) return jittered;
	const floor = policy.maxRetryAfterMs === undefined ? Math.min(retryAfterMs, policy.maxDelayMs) : retryAfterMs;
	return Math.max(jittered, Math.round(floor));
}

type RetryDecision = { retry: true; delayMs: number } | { retry: false };

/** Whether a failed attempt is tried again, and after how long. */
export function decideRetry(
	attempt: number,
	failure: { status?: number; code?: string; retryAfterMs?: number },
	policy: RetryPolicy,
	random: () => number = Math.random,
): RetryDecision {
	if (attempt >= policy.maxAttempts) return { retry: false };
	if (!isTransientStatus(failure.status) && !isTransientCode(failure.code, policy)) return { retry: false };
	if (policy.maxRetryAfterMs !== undefined && failure.retryAfterMs !== undefined && failure.retryAfterMs > policy.maxRetryAfterMs) {
		return { retry: false };
	}
	return { retry: true, delayMs: backoffDelay(attempt, policy, failure.retryAfterMs, random) };
}
