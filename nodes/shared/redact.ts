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

const SECRET_NAME_SET = new Set(SECRET_NAMES);

/** The strings to replace for the known secrets, in order: each secret, then its URL-encoded form. */
function secretForms(secrets: ReadonlyArray<string | undefined | null>): string[] {
	const forms: string[] = [];
	for (const secret of secrets) {
		if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
		forms.push(secret);
		const encoded = encodeURIComponent(secret);
		if (encoded !== secret) forms.push(encoded);
	}
	return forms;
}

/**
 * Fast path: a string without a known secret needs the patterns only if it has a `=` (QUERY_PATTERN) or a
 * `:` (JSON_PATTERN); most strings of a record have neither and are returned as they are.
 */
function redactWithForms(text: string, forms: readonly string[]): string {
	let result = text;
	for (const form of forms) {
		if (result.includes(form)) result = result.split(form).join(REDACTED);
	}
	if (result.includes('=')) {
		result = result.replace(QUERY_PATTERN, (_m, lead: string, name: string) => `${lead}${name}=${REDACTED}`);
	}
	if (result.includes(':')) {
		result = result.replace(
			JSON_PATTERN,
			(_m, q1: string, name: string, sep: string, q2: string) => `${q1}${name}${q1}${sep}${q2}${REDACTED}`,
		);
	}
	return result;
}

export function redactText(text: string, secrets: ReadonlyArray<string | undefined | null> = []): string {
	return redactWithForms(text, secretForms(secrets));
}

/** Deep copy of a value with every string redacted (for error bodies, request dumps, output items). */
export function redactValue<T>(value: T, secrets: ReadonlyArray<string | undefined | null> = []): T {
	const forms = secretForms(secrets);
	const seen = new WeakMap<object, unknown>();
	const walk = (v: unknown): unknown => {
		if (typeof v === 'string') return redactWithForms(v, forms);
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
		for (const k of Object.keys(v)) {
			const x = (v as Record<string, unknown>)[k];
			out[k] = x && SECRET_NAME_SET.has(k.toLowerCase().replace(/-/g, '_')) ? REDACTED : walk(x);
		}
		return out;
	};
	return walk(value) as T;
}
