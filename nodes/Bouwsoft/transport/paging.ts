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
	records: IDataObject[];
	range?: ContentRange;
}

/** Reads Bouwsoft's list envelope; a missing or empty `Records` means "nothing". */
export function readListEnvelope(body: unknown, headers: Record<string, unknown> = {}): ListPage {
	const envelope = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as IDataObject;
	const raw = Array.isArray(body) ? body : envelope.Records ?? envelope.records;
	const records = Array.isArray(raw) ? (raw.filter((r) => r && typeof r === 'object') as IDataObject[]) : [];
	const headerRange = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-range')?.[1];
	const range = parseContentRange(envelope['Content-Range']) ?? parseContentRange(headerRange);
	return { records, range };
}

/** Whether this page ended the result set (short page, or Content-Range says so). */
export function isLastPage(page: ListPage, limit: number): boolean {
	if (page.records.length < limit) return true;
	if (page.range && page.range.total <= page.range.last + 1) return true;
	return false;
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
