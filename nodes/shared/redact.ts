/**
 * Redaction of credentials. Tokens must never appear in an error message, description, log line or output
 * item. Two layers: known secret values (from the credential) are replaced wherever they appear, and
 * secret-shaped parameters/headers are masked even when the value is not known (e.g. a token that a
 * server echoes back in a URL).
 */
export const REDACTED = '[redacted]';

/** Query parameters, header names and JSON keys whose values are secrets. */
const SECRET_NAMES = [
	'software_token',
	'token',
	'refreshtoken',
	'refresh_token',
	'accesstoken',
	'access_token',
	'authorization',
];

const NAME_ALTERNATION = SECRET_NAMES.map((n) => n.replace(/_/g, '[_-]?')).join('|');
/** `token=abc` / `software_token=abc` in URLs and query strings. */
const QUERY_PATTERN = new RegExp(`([?&;\\s]|^)(${NAME_ALTERNATION})=([^&\\s"'#]+)`, 'gi');
/** `"AccessToken": "abc"` in JSON and `RefreshToken: abc` in header dumps. */
const JSON_PATTERN = new RegExp(`(["']?)(${NAME_ALTERNATION})\\1(\\s*:\\s*)(["']?)(Bearer\\s+)?([^"',\\s}&]+)`, 'gi');

/** Values shorter than this are not treated as secrets (avoids masking "1" or "yes" everywhere). */
const MIN_SECRET_LENGTH = 6;

export function redactText(text: string, secrets: ReadonlyArray<string | undefined | null> = []): string {
	let result = text;
	for (const secret of secrets) {
		if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
		result = result.split(secret).join(REDACTED);
		const encoded = encodeURIComponent(secret);
		if (encoded !== secret) result = result.split(encoded).join(REDACTED);
	}
	result = result.replace(QUERY_PATTERN, (_m, lead: string, name: string) => `${lead}${name}=${REDACTED}`);
	result = result.replace(
		JSON_PATTERN,
		(_m, q1: string, name: string, sep: string, q2: string) => `${q1}${name}${q1}${sep}${q2}${REDACTED}`,
	);
	return result;
}

/** Deep copy of a value with every string redacted (for error bodies, request dumps, output items). */
export function redactValue<T>(value: T, secrets: ReadonlyArray<string | undefined | null> = []): T {
	const seen = new WeakMap<object, unknown>();
	const walk = (v: unknown): unknown => {
		if (typeof v === 'string') return redactText(v, secrets);
		if (v === null || typeof v !== 'object') return v;
		if (seen.has(v)) return seen.get(v);
		if (Array.isArray(v)) {
			const out: unknown[] = [];
			seen.set(v, out);
			for (const x of v) out.push(walk(x));
			return out;
		}
		const out: Record<string, unknown> = {};
		seen.set(v, out);
		for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
			out[k] = SECRET_NAMES.includes(k.toLowerCase().replace(/-/g, '_')) && x ? REDACTED : walk(x);
		}
		return out;
	};
	return walk(value) as T;
}
