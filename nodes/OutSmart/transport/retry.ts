/** Retry timing: exponential backoff with full jitter, never shorter than what Retry-After asks for. */
export interface RetryPolicy {
	/** Attempts in total, the first one included. */
	maxAttempts: number;
	/** Delay before the first retry; doubles with every further attempt. */
	baseDelayMs: number;
	/** Upper bound of one delay (also caps Retry-After, so a silly header cannot stall the run). */
	maxDelayMs: number;
	/** Time limit of one HTTP request. */
	timeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 4,
	baseDelayMs: 500,
	maxDelayMs: 30_000,
	timeoutMs: 60_000,
};

/** Delay before retry number `attempt` (1 = first retry). */
export function backoffDelay(
	attempt: number,
	policy: RetryPolicy,
	retryAfterMs?: number,
	random: () => number = Math.random,
): number {
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
	// Half fixed, half random: spreads concurrent retries without ever retrying immediately.
	const jittered = ceiling / 2 + random() * (ceiling / 2);
	const floor = retryAfterMs !== undefined ? Math.min(retryAfterMs, policy.maxDelayMs) : 0;
	return Math.round(Math.max(jittered, floor));
}

/** Retry-After as seconds or an HTTP date → milliseconds; undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, now: Date = new Date()): number | undefined {
	const raw = Array.isArray(value) ? value[0] : value;
	if (raw === undefined || raw === null || raw === '') return undefined;
	const text = String(raw).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const at = Date.parse(text);
	if (Number.isNaN(at)) return undefined;
	return Math.max(0, at - now.getTime());
}
