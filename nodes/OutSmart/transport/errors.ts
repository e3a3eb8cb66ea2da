/**
 * OutSmart result codes turned into sentences that say what to fix. OutSmart answers HTTP 200 with
 * `{ code, messages, response }`; anything but code 200 is an error.
 */

import { isTransientStatus } from '../../shared/http/retry';

/** How the caller should treat a failure. */
type OutSmartFailureKind =
	/** Worth retrying: OutSmart or the network had a hiccup (5xx, 429, timeouts, code 1007). */
	| 'transient'
	/** OutSmart refused the data itself (required field missing, bad value): bisect to find the record. */
	| 'rejected'
	/** The credential or base URL is wrong: nothing will work until the user fixes it. */
	| 'configuration'
	/** The looked-up record does not exist (1500) or there was nothing to change (1503). */
	| 'notFound'
	| 'noChange';

export interface OutSmartFailure {
	kind: OutSmartFailureKind;
	/** OutSmart's code, or undefined for HTTP/network failures. */
	code?: number;
	httpStatus?: number;
	/** OutSmart's own messages (already redacted). */
	messages: string[];
	/** One sentence: what went wrong. */
	message: string;
	/** What the user should do about it. */
	fix: string;
}

interface CodeInfo {
	kind: OutSmartFailureKind;
	what: string;
	fix: string;
}

const ENTITY_CODES: Record<number, string> = {
	11: 'employee',
	12: 'material',
	13: 'relation',
	17: 'project',
	18: 'hour type',
	19: 'object',
	20: 'supplier',
	21: 'part',
	22: 'object part',
	23: 'form',
	24: 'category',
	25: 'material category link',
	26: 'work type',
	27: 'payment method',
	28: 'work status',
	// Not documented by OutSmart; the codes its entity pattern suggests (the simulator uses the same).
	29: 'warehouse',
	30: 'project activity',
	31: 'contact person',
	32: 'address',
};

const FIXED_CODES: Record<number, CodeInfo> = {
	1000: {
		kind: 'configuration',
		what: 'The request URL contains no OutSmart endpoint',
		fix: 'Check the Base URL in the OutSmart credential: it must end with /openapi/8.',
	},
	1001: {
		kind: 'configuration',
		what: 'OutSmart does not know this endpoint',
		fix: 'Check the Base URL in the OutSmart credential (e.g. https://app.out-smart.com/openapi/8); your OutSmart plan may also lack this module.',
	},
	1002: {
		kind: 'configuration',
		what: 'The OutSmart token is missing',
		fix: 'Fill in "Token" in the OutSmart credential.',
	},
	1003: {
		kind: 'configuration',
		what: 'The OutSmart software token is missing',
		fix: 'Fill in "Software Token" in the OutSmart credential.',
	},
	1004: {
		kind: 'configuration',
		what: 'OutSmart does not recognise the token',
		fix: 'Copy the customer token again from OutSmart (Settings > Koppelingen) into "Token" of the OutSmart credential.',
	},
	1005: {
		kind: 'configuration',
		what: 'OutSmart does not accept the software token for this token',
		fix: 'Check "Software Token" in the OutSmart credential: it must be the one OutSmart issued for this integration and linked to your account.',
	},
	1006: {
		kind: 'configuration',
		what: 'OutSmart requires HTTPS',
		fix: 'Change the Base URL of the OutSmart credential to start with https://.',
	},
	1007: {
		kind: 'transient',
		what: 'OutSmart had an internal error',
		fix: 'Usually temporary: the record will be retried on the next run. If it keeps failing, contact OutSmart support with the record key.',
	},
	1008: {
		kind: 'rejected',
		what: 'OutSmart received no data',
		fix: 'The request body was empty; check that the mapped record has fields.',
	},
	1009: {
		kind: 'rejected',
		what: 'OutSmart could not read the data as JSON',
		fix: 'Check the mapped values for characters OutSmart cannot parse.',
	},
	1400: { kind: 'notFound', what: 'OutSmart found no location data', fix: 'Nothing to fix.' },
	1500: {
		kind: 'notFound',
		what: 'OutSmart found no work order with this number',
		fix: 'The work order does not exist in OutSmart (yet).',
	},
	1501: {
		kind: 'rejected',
		what: 'The work order misses a field OutSmart requires',
		fix: 'Fill the named field, or set a default for it in the OutSmart node options (Type of Work, Payment Method, Contact Person fallback).',
	},
	1502: {
		kind: 'rejected',
		what: 'The work order update contained nothing to update',
		fix: 'Map a planned date, time or employee for the work order.',
	},
	1503: { kind: 'noChange', what: 'Nothing changed on the work order', fix: 'Nothing to fix.' },
	1504: {
		kind: 'rejected',
		what: 'OutSmart could not use the work order schedule',
		fix: 'Dates must be day-month-year (31-12-2025), times hours:minutes (08:30), and the employee number must exist in OutSmart (sync employees first).',
	},
	1600: {
		kind: 'rejected',
		what: 'OutSmart could not delete the record',
		fix: 'Check the entity and key.',
	},
	1051: {
		kind: 'rejected',
		what: 'A required field is missing',
		fix: 'Fill the named field.',
	},
};

/** Translate an OutSmart result code (and its messages) into a failure with a plain-language fix. */
export function translateCode(code: number, messages: string[] = []): OutSmartFailure {
	const detail = messages.filter((m) => typeof m === 'string' && m.trim() !== '');
	const fixed = FIXED_CODES[code];
	if (fixed) {
		return {
			kind: fixed.kind,
			code,
			messages: detail,
			message: withDetail(`${fixed.what} (OutSmart code ${code})`, detail),
			fix: fixed.fix,
		};
	}
	const entity = ENTITY_CODES[Math.floor(code / 100)];
	if (entity && code % 100 <= 1) {
		const missing = code % 100 === 1;
		const fields = missingFields(detail);
		return {
			kind: 'rejected',
			code,
			messages: detail,
			message: withDetail(
				missing
					? `OutSmart rejected the ${entity}: a required field is missing or invalid (OutSmart code ${code})`
					: `OutSmart could not save the ${entity} (OutSmart code ${code})`,
				detail,
			),
			fix: missing
				? fields.length
					? `Fill ${fields.map((f) => `"${f}"`).join(', ')} for this ${entity} (map it, or fix it in Bouwsoft). Dates must be valid, flags 1 or 0, prices numbers.`
					: `Check the ${entity}'s required fields: they must be filled, dates valid, flags 1 or 0, prices numbers.`
				: `Check the ${entity}'s values (lengths, numbers, dates) and the records it refers to.`,
		};
	}
	return {
		kind: 'rejected',
		code,
		messages: detail,
		message: withDetail(`OutSmart refused the request (OutSmart code ${code})`, detail),
		fix: 'Check the record values; if it keeps failing, contact OutSmart support with this code.',
	};
}

/** Field names out of OutSmart's "Required field missing: <field>" messages. */
export function missingFields(messages: string[]): string[] {
	const fields: string[] = [];
	for (const m of messages) {
		const match = /required field missing:\s*([\w.\-[\]]+)/i.exec(m);
		if (match && !fields.includes(match[1])) fields.push(match[1]);
	}
	return fields;
}

function withDetail(text: string, detail: string[]): string {
	if (!detail.length) return text;
	const joined = detail.slice(0, 5).join('; ');
	return `${text}: ${joined}${detail.length > 5 ? ` (+${detail.length - 5} more)` : ''}`;
}

/** Failures of HTTP or the network (OutSmart never got to answer with a code). */
export function httpFailure(status: number, body?: string): OutSmartFailure {
	const transient = isTransientStatus(status);
	const snippet = body ? `: ${body.slice(0, 200)}` : '';
	if (status === 401 || status === 403) {
		return {
			kind: 'configuration',
			httpStatus: status,
			messages: [],
			message: `OutSmart refused access (HTTP ${status})${snippet}`,
			fix: 'Check Token and Software Token in the OutSmart credential.',
		};
	}
	if (status === 404) {
		return {
			kind: 'configuration',
			httpStatus: status,
			messages: [],
			message: `OutSmart answered "not found" (HTTP 404)`,
			fix: 'Check the Base URL in the OutSmart credential: it must end with /openapi/8.',
		};
	}
	return {
		kind: transient ? 'transient' : 'rejected',
		httpStatus: status,
		messages: [],
		message:
			status === 429
				? 'OutSmart asked us to slow down (HTTP 429)'
				: `OutSmart answered with HTTP ${status}${snippet}`,
		fix: transient
			? 'OutSmart is busy or temporarily unavailable; the record is kept for the next run.'
			: 'Check the record values and the Base URL of the OutSmart credential.',
	};
}

/** Network error codes in words (n8n rewrites error messages that contain raw codes such as ECONNRESET). */
const NETWORK_WORDS: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ENOTFOUND: 'host name not found',
	EAI_AGAIN: 'host name lookup failed',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
	ECONNRESET: 'connection closed unexpectedly',
	ETIMEDOUT: 'no answer in time',
	ECONNABORTED: 'no answer in time',
	ESOCKETTIMEDOUT: 'no answer in time',
	EPIPE: 'connection closed unexpectedly',
	UND_ERR_SOCKET: 'connection closed unexpectedly',
	ERR_BAD_RESPONSE: 'unreadable answer',
};

export function networkFailure(reason: string): OutSmartFailure {
	return {
		kind: 'transient',
		messages: [],
		message: `Could not reach OutSmart (${NETWORK_WORDS[reason] ?? reason.replace(/\bE[A-Z_]{4,}\b/g, 'network error')})`,
		fix: 'OutSmart or the network is unavailable; the record is kept and sent again on the next run. Check the Base URL if this persists.',
	};
}

export function unreadableFailure(): OutSmartFailure {
	return {
		kind: 'transient',
		messages: [],
		message: 'OutSmart sent an answer that is not valid JSON',
		fix: 'Usually temporary; the record is kept for the next run. Check the Base URL if this persists.',
	};
}

/** "message. fix" as one line for the user. */
export function describeFailure(failure: OutSmartFailure): string {
	return `${failure.message}. ${failure.fix}`;
}
