import type { IDataObject } from 'n8n-workflow';

/** `Content-Range: <first>-<last>/<total>` (zero-based, inclusive), found in the body and maybe a header. */
interface ContentRange {
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
 *
 * No `Records` array is malformed (retried, never read as "nothing", which would skip data), unless
 * Content-Range says the result is empty (`*\/0`). An empty `Records` array is a valid empty answer even
 * when Content-Range announces records: whether its total counts the filtered result or the whole table is
 * unknown, and under keyset paging (`id gt <last>`) or at an offset an empty answer proves nothing follows.
 */
export function readListEnvelope(body: unknown, headers: Record<string, unknown> = {}): ListPage {
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
	return { records: objectsOf(raw), received: raw.length, range };
}

function objectsOf(raw: unknown[]): IDataObject[] {
	return raw.filter((r) => r && typeof r === 'object' && !Array.isArray(r)) as IDataObject[];
}

/** Entries in `Records` as sent (objects or not). */
export function entriesReceived(page: ListPage): number {
	return page.received ?? page.records.length;
}

/**
 * Bouwsoft's documentation shows 5 records served for `limit=5` (`"0-4/8241"`): a server that caps the page
 * size serves at least this many whenever more match, so a page with fewer is the last one.
 */
const MIN_PAGE_SERVED = 5;

/**
 * Whether more records may follow this page. An empty page ends the result, and so does a page shorter
 * than any server serves (`MIN_PAGE_SERVED`). Otherwise Content-Range decides when present, so a server that
 * clamps `limit` below ours does not end the read early (its total may count the whole table rather than
 * the filter: then the read ends on the empty answer after the last page); without it a short page is the
 * last one.
 */
export function hasMoreRecords(page: ListPage, limit: number): boolean {
	const received = entriesReceived(page);
	if (received < Math.min(limit, MIN_PAGE_SERVED)) return false;
	if (page.range) return page.range.last + 1 < page.range.total;
	return received >= limit;
}

/** Whether this page ended the result set (see `hasMoreRecords`). */
export function isLastPage(page: ListPage, limit: number): boolean {
	return !hasMoreRecords(page, limit);
}

/**
 * A page with fewer records than asked while Content-Range announces more: either a server that caps the
 * page size, or a total that counts the whole table. Only the next answer (empty or not) tells which.
 */
export function isShortPageAnnouncingMore(page: ListPage, limit: number): boolean {
	return hasMoreRecords(page, limit) && entriesReceived(page) < limit;
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
