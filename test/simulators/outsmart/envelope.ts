/**
 * OutSmart's response envelope `{code, messages, response}` (always HTTP 200), the code table from the
 * reference §1.4, and what every endpoint handler receives.
 */
import type { OutSmartStore } from './store';
import type { EndpointCounter, ResolvedOptions } from './types';

export interface Envelope {
	code: number;
	messages: string[];
	response: unknown;
}

/** The code table's wording (S1 README), used as the message for codes without a specific one. */
export const CODE_MEANINGS: Record<number, string> = {
	1000: 'The URL being called is not containing an endpoint.',
	1001: 'The endpoint being provided is unknown on our side.',
	1002: 'Request is missing the GET parameter: token.',
	1003: 'Request is missing the GET parameter: software_token.',
	1004: 'Client token provided is unauthorized to execute this request.',
	1005: "Software token provided is unauthorized to execute this request. Either the token is not correct or it's not matched to the client token.",
	1006: 'All endpoints should use https.',
	1007: 'A general uncaught error occured. Please let WorkorderApp know.',
	1008: 'Unable to fetch body',
	1009: 'Unable to parse body',
	1500: 'Workorder not found by given criteria.',
	1502: 'Update workorder request is missing update data.',
	1503: 'No data changed.',
	1600: 'Delete of an entity failed.',
};

export const ok = (response: unknown): Envelope => ({ code: 200, messages: [], response });

export const fail = (code: number, messages: string[] = [CODE_MEANINGS[code] ?? `Error ${code}`]): Envelope => ({
	code,
	messages,
	response: null,
});

/** Calls with update_status not false on GetWorkorder(s): the trap our client must never fall into. */
export interface StatusFlipCall {
	endpoint: 'GetWorkorder' | 'GetWorkorders';
	query: Record<string, string>;
	/** Orders whose status this call set to Afgehandeld. */
	flippedRowIds: number[];
}

export interface SimState {
	options: ResolvedOptions;
	store: OutSmartStore;
	statusFlipCalls: StatusFlipCall[];
}

export interface HandlerContext {
	method: string;
	endpoint: string;
	query: URLSearchParams;
	body: Buffer;
	state: SimState;
	counter: EndpointCounter;
}

export type Handler = (context: HandlerContext) => Envelope;

/** Reads a POST body as a batch: a JSON array of objects (or one object when allowed). */
export function parseBatch(
	body: Buffer,
	acceptSingleObject: boolean,
): { rows: Array<Record<string, unknown>> } | { error: Envelope } {
	const text = body.toString('utf8');
	if (text.trim() === '') return { error: fail(1008) };
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		return { error: fail(1009) };
	}
	const isObject = (value: unknown): value is Record<string, unknown> =>
		typeof value === 'object' && value !== null && !Array.isArray(value);
	if (Array.isArray(parsed) && parsed.every(isObject)) return { rows: parsed };
	if (acceptSingleObject && isObject(parsed)) return { rows: [parsed] };
	return { error: fail(1009) };
}

/** Number of rows in a POST body, for the request log; null when it is not a JSON array/object. */
export function batchSizeOf(body: Buffer): number | null {
	if (body.length === 0) return null;
	try {
		const parsed: unknown = JSON.parse(body.toString('utf8'));
		if (Array.isArray(parsed)) return parsed.length;
		return typeof parsed === 'object' && parsed !== null ? 1 : null;
	} catch {
		return null;
	}
}

/** `Y-m-d H:i` in local time, as GetWorkorder shows CreationDate. */
export function formatCreationDate(date: Date): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
