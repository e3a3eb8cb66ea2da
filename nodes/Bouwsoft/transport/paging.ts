import type { IDataObject } from 'n8n-workflow';

/** `Content-Range: <first>-<last>/<total>` (zero-based, inclusive), found in the body and maybe a header. */
export interface ContentRange {
	first: number;
	last: number;
	total: number;
}

export function parseContentRange(value: unknown): ContentRange | undefined {
	if (typeof value !== 'string') return undefined;
	const match = /(\d+)\s*-\s*(\d+)\s*\/\s*(\d+)/.exec(value);
	if (match) return { first: Number(match[1]), last: Number(match[2]), total: Number(match[3]) };
	// An empty result may come back as "*/0" or "0-0/0".
	const empty = /\*\s*\/\s*(\d+)/.exec(value);
	if (empty) return { first: 0, last: -1, total: Number(empty[1]) };
	return undefined;
}

export interface ListPage {
	/** The object records of the answer (anything else in `Records` is ignored). */
	records: IDataObject[];
	/** Entries in `Records` as sent, objects or not: a short page is judged by this, not by `records`. */
	received?: number;
	range?: ContentRange;
}

/** Error code of a 200 answer that is not a list envelope; retried like unreadable JSON. */
export const MALFORMED_ANSWER = 'MALFORMED_ANSWER';

/** A 200 answer that cannot be read as a list: never taken for "no records" (that would skip data). */
export class MalformedAnswerError extends Error {
	readonly code = MALFORMED_ANSWER;

	constructor(detail: string) {
		super(`Malformed Bouwsoft answer: ${detail}`);
		this.name = 'MalformedAnswerError';
	}
}

/**
 * Reads Bouwsoft's list envelope `{"Content-Range": "...", "Records": [...]}` (a bare array is accepted too).
 * `offset` is where the answer should start in the result (the `offset` sent, else 0).
 *
 * Anything that could make a reader skip records is malformed instead of "nothing": no `Records` array
 * (unless Content-Range says the result is empty, `*\/0`), or an empty `Records` while Content-Range says
 * records exist from `offset` on. An empty result is `Records: []` with `*\/0`, `*\/<offset>` or no range.
 */
export function readListEnvelope(body: unknown, headers: Record<string, unknown> = {}, offset = 0): ListPage {
	if (Array.isArray(body)) return { records: objectsOf(body), received: body.length };
	const envelope = (body && typeof body === 'object' ? body : undefined) as IDataObject | undefined;
	const headerRange = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-range')?.[1];
	const range = parseContentRange(envelope?.['Content-Range']) ?? parseContentRange(headerRange);
	const raw = envelope?.Records ?? envelope?.records;
	if (!Array.isArray(raw)) {
		if (range && range.total === 0 && (raw === undefined || raw === null)) return { records: [], received: 0, range };
		const what = envelope === undefined ? 'no JSON object' : raw === undefined ? 'no "Records" list' : '"Records" is not a list';
		throw new MalformedAnswerError(what);
	}
	if (raw.length === 0 && range && range.total > offset) {
		throw new MalformedAnswerError(`no records, although Content-Range says ${range.total} exist`);
	}
	return { records: objectsOf(raw), received: raw.length, range };
}

function objectsOf(raw: unknown[]): IDataObject[] {
	return raw.filter((r) => r && typeof r === 'object' && !Array.isArray(r)) as IDataObject[];
}

/**
 * Whether more records follow this page. `offset` is where the page started in the result (0 for keyset
 * pages, whose filter already starts after the last id). Content-Range decides when present, so a server
 * that clamps `limit` below ours does not end the read early; without it a short page is the last one.
 */
export function hasMoreRecords(page: ListPage, limit: number, offset = 0): boolean {
	const received = page.received ?? page.records.length;
	if (page.range) {
		const end = received > 0 ? page.range.last + 1 : offset;
		return end < page.range.total;
	}
	return received >= limit;
}

/** Whether this page ended the result set (see `hasMoreRecords`). */
export function isLastPage(page: ListPage, limit: number, offset = 0): boolean {
	return !hasMoreRecords(page, limit, offset);
}

/** Query string the way Bouwsoft's own clients send it: spaces as %20, quotes readable. */
export function buildQueryString(qs: Record<string, string | number | boolean | undefined>): string {
	const parts: string[] = [];
	for (const [key, value] of Object.entries(qs)) {
		if (value === undefined || value === '') continue;
		parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value)).replace(/%27/g, "'")}`);
	}
	return parts.join('&');
}

export function numericId(record: IDataObject): number | undefined {
	const id = record.id;
	const n = typeof id === 'number' ? id : typeof id === 'string' && id.trim() !== '' ? Number(id) : NaN;
	return Number.isFinite(n) ? n : undefined;
}
