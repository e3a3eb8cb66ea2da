/**
 * Secret audit for the whole reliability suite: every result (outputs, errors with description, stack,
 * cause and context, execution hints, captured log lines) is added here, and `assertNoSecrets()` at the
 * end of each file checks them all against every token the suite handed out or saw issued.
 */
const SECRETS = new Set<string>();
const TEXTS: Array<{ label: string; text: string }> = [];

/** Bouwsoft access tokens are 50 letters; catch one even if it slipped past the capture. */
const ACCESS_TOKEN_SHAPE = /(?<![A-Za-z])[A-Za-z]{50}(?![A-Za-z])/g;

export function addSecret(value: unknown): void {
	if (typeof value === 'string' && value.length >= 6) SECRETS.add(value);
}

export function knownSecrets(): string[] {
	return [...SECRETS];
}

function errorFields(error: unknown, depth = 0): unknown {
	if (!error || typeof error !== 'object' || depth > 4) return error;
	const e = error as Record<string, unknown>;
	return {
		name: e.name,
		message: e.message,
		description: e.description,
		stack: e.stack,
		context: e.context,
		httpCode: e.httpCode,
		messages: e.messages,
		cause: errorFields(e.cause, depth + 1),
		errorResponse: e.errorResponse,
	};
}

/** JSON of anything, with Error objects expanded (message/description/stack/cause) and cycles cut. */
export function dumpAll(value: unknown): string {
	const seen = new WeakSet<object>();
	return JSON.stringify(value, (_key, v: unknown) => {
		if (v instanceof Error) return errorFields(v);
		if (typeof v === 'bigint') return String(v);
		if (v && typeof v === 'object') {
			if (seen.has(v)) return '[cycle]';
			seen.add(v);
		}
		return v;
	});
}

interface AnyResult {
	output?: unknown;
	outputs?: unknown;
	error?: unknown;
	nodeErrors?: unknown;
	logs?: unknown;
	run?: { data?: { resultData?: unknown } };
}

/** Add a harness result (runPoll / runNode / runWorkflow) or any value to the audit. */
export function audit(label: string, result: AnyResult | unknown): void {
	const r = result as AnyResult;
	const text =
		r && typeof r === 'object' && ('logs' in r || 'outputs' in r || 'output' in r)
			? dumpAll({
					output: r.output,
					outputs: r.outputs,
					error: r.error,
					nodeErrors: r.nodeErrors,
					logs: r.logs,
					resultData: r.run?.data?.resultData,
				})
			: dumpAll(result);
	TEXTS.push({ label, text });
}

export interface SecretFinding {
	label: string;
	secret: string;
	excerpt: string;
}

/** Secrets (known values, or the shape of a Bouwsoft access token) found in one text. */
export function scanText(label: string, text: string): SecretFinding[] {
	const findings: SecretFinding[] = [];
	for (const secret of knownSecrets()) {
		const at = text.indexOf(secret);
		if (at >= 0) findings.push({ label, secret: `${secret.slice(0, 4)}…`, excerpt: text.slice(Math.max(0, at - 80), at + 20).replace(secret, '<SECRET>') });
	}
	for (const match of text.matchAll(ACCESS_TOKEN_SHAPE)) {
		findings.push({ label, secret: `${match[0].slice(0, 4)}… (access-token shape)`, excerpt: text.slice(Math.max(0, (match.index ?? 0) - 80), (match.index ?? 0) + 20) });
	}
	return findings;
}

export function findSecrets(): SecretFinding[] {
	return TEXTS.flatMap(({ label, text }) => scanText(label, text));
}

export function auditStats(): { texts: number; characters: number; secrets: number } {
	return { texts: TEXTS.length, characters: TEXTS.reduce((n, t) => n + t.text.length, 0), secrets: SECRETS.size };
}
