import type { IDataObject } from 'n8n-workflow';

import type { CheckItem } from '../../shared/checkReport';
import { CAPABILITY_TEXT, type Capability } from '../transport/capabilities';
import type { BouwsoftClient } from '../transport/client';
import { inspectFailure } from '../transport/errors';
import type { FilterExpr } from '../transport/query';

/**
 * Items for what the probes showed about the server: each capability in `client.known` (CAPABILITY_TEXT's
 * words), the page cap, what Content-Range totals count, and whether the extended filter syntax works.
 */

const NOTHING_TO_FIX = 'Nothing to fix: the sync takes this path by itself, and a published workflow remembers it per credential.';

/** CAPABILITY_TEXT reads "<what was seen>: <what the sync does>"; the item shows the two apart. */
function split(text: string): { found: string; meaning?: string } {
	const at = text.indexOf(': ');
	return at < 0 ? { found: text } : { found: text.slice(0, at), meaning: text.slice(at + 2) };
}

function sentence(text: string): string {
	const trimmed = text.trim();
	return trimmed ? `${trimmed[0].toUpperCase()}${trimmed.slice(1)}${/[.!?]$/.test(trimmed) ? '' : '.'}` : '';
}

/** A capability the sync only uses when another works: the id filter goes with sort=id, distinct with columns=. */
const MASKED_BY: Partial<Record<Capability, Capability>> = { idFilter: 'sortById', distinct: 'columns' };

export function capabilityItem(client: BouwsoftClient, cap: Capability, reads: string): CheckItem {
	const text = CAPABILITY_TEXT[cap];
	const base = { check: text.topic, id: `bouwsoft.capability.${cap}` };
	const value = client.known.capabilities[cap];
	if (value === undefined) {
		const masked = MASKED_BY[cap];
		const why = masked && client.known.capabilities[masked] === false ? `: ${split(CAPABILITY_TEXT[masked].no).found}` : '';
		return {
			...base,
			status: 'ok',
			found: `Not needed on this server${why}`,
			meaning: `Reading ${reads} did not use it; the sync takes the same path.`,
			fix: '',
		};
	}
	const { found, meaning } = split(value ? text.yes : text.no);
	return value
		? { ...base, status: 'ok', found, meaning: sentence(meaning ?? 'The sync uses it.'), fix: '' }
		: { ...base, status: 'warning', found, meaning: sentence(`The sync uses the fallback: ${meaning ?? 'it works without'}; nothing is lost`), fix: NOTHING_TO_FIX };
}

export function pageSizeItem(client: BouwsoftClient, total: number | undefined): CheckItem {
	const asked = client.options.pageSize;
	const base = { check: 'Page size', id: 'bouwsoft.pageSize' };
	const max = client.known.maxLimit;
	const got = client.known.served.Products ?? 0;
	if (max !== undefined && max < asked) {
		return {
			...base,
			status: 'warning',
			found: `Bouwsoft refuses a limit above ${max} (asked ${asked})`,
			meaning: `The sync asks for ${max} records per request.`,
			fix: `Optional: set Page Size to ${max} in the Options of the Bouwsoft nodes, so no run asks for more first.`,
		};
	}
	if (total !== undefined && total > got && got > 0 && got < asked) {
		return {
			...base,
			status: 'warning',
			found: `Asked for ${asked} records per request; Bouwsoft served ${got} of ${total} products`,
			meaning: `Bouwsoft caps its pages at ${got}: the sync reads on until every record is read (more requests, nothing missed).`,
			fix: `Optional: set Page Size to ${got} in the Options of the Bouwsoft nodes (one request less per read).`,
		};
	}
	const onePage = total !== undefined && total <= asked;
	return {
		...base,
		status: 'ok',
		found: onePage ? `All ${total} products came in one page (page size ${asked})` : got >= asked ? `Bouwsoft served full pages of ${asked} records` : 'Not determined',
		meaning: onePage
			? 'No page cap below the page size: a cap would only show on a table larger than one page.'
			: 'The sync reads with this page size; a server that serves less is paged to the end all the same.',
		fix: '',
	};
}

/** What Content-Range totals count, from a filtered read with a short last page; and whether that read got what it should. */
export function changedSinceItem(client: BouwsoftClient, since: string | undefined, got: IDataObject[] | undefined, expected: string[]): CheckItem {
	const base = { check: 'Change filter and Content-Range totals', id: 'bouwsoft.changedSince' };
	if (since === undefined || got === undefined) {
		return {
			...base,
			status: 'ok',
			found: 'Not determined: too few relations with different change dates to read a short selection',
			meaning: 'The sync handles either kind of total; nothing depends on it.',
			fix: '',
		};
	}
	const ids = got.map((r) => String(r.id)).sort();
	const wanted = [...expected].sort();
	const missing = wanted.filter((id) => !ids.includes(id));
	const extra = ids.filter((id) => !wanted.includes(id));
	if (missing.length || extra.length) {
		return {
			...base,
			status: 'problem',
			found: `ts_lastupdate gt '${since}' returned ${ids.length} relations, ${wanted.length} expected${missing.length ? `; missing ids ${missing.slice(0, 10).join(', ')}` : ''}${extra.length ? `; unexpected ids ${extra.slice(0, 10).join(', ')}` : ''}`,
			meaning: 'Every poll finds changes with this filter: changes could be missed or sent twice.',
			fix: 'Ask Bouwsoft support how "ts_lastupdate gt" compares change dates on your server, and report it with this item.',
		};
	}
	const table = client.known.totalsCountTable;
	return {
		...base,
		status: table ? 'warning' : 'ok',
		found: `ts_lastupdate gt '${since}' returned the ${ids.length} relations changed since; Content-Range totals count ${table ? 'the whole table, not the filtered selection' : 'the filtered selection'}`,
		meaning: table
			? 'A filtered read (every poll) ends with one more, empty request to confirm nothing follows; nothing is missed.'
			: 'Polls find changes with this filter, and a filtered read ends on its last page.',
		fix: table ? NOTHING_TO_FIX : '',
	};
}

const EARLY = '1900-01-01 00:00:00';

/** lt, ge, or and parentheses in one filter that selects every record. */
const EXTENDED_FILTER: FilterExpr = {
	and: [
		{ or: [{ field: 'ts_lastupdate', op: 'lt', value: EARLY }, { field: 'ts_lastupdate', op: 'ge', value: EARLY }] },
		{ field: 'ts_lastupdate', op: 'gt', value: EARLY },
	],
};

/**
 * Whether the option Extended Filter Syntax may be switched on. A refusal (400, or a 500 while the same read
 * without the syntax works) says no; the sync never needs it (off, it filters locally with the same result).
 */
export async function filterSyntaxItem(extended: BouwsoftClient, plain: BouwsoftClient, optionOn: boolean): Promise<CheckItem> {
	const base = { check: 'Extended Filter Syntax', id: 'bouwsoft.filterSyntax' };
	const works = await extended.list('Employees', { filter: EXTENDED_FILTER, limit: 1 }, { attempts: 1 }).then(
		() => true,
		async (error: unknown) => {
			const status = inspectFailure(error).status;
			if (status !== 400 && !(status !== undefined && status >= 500)) return await Promise.reject(error);
			// The control read fails too: Bouwsoft is down, and its error says so.
			if (status !== 400) await plain.list('Employees', { limit: 1 });
			return false;
		},
	);
	if (works) {
		return {
			...base,
			status: 'ok',
			found: 'lt/ge/le, or and parentheses work in filters',
			meaning: 'You may switch Extended Filter Syntax on in the Options of the Bouwsoft nodes: linked records are then looked up with fewer requests. Off, the sync filters the rest itself with the same result.',
			fix: '',
		};
	}
	return {
		...base,
		status: optionOn ? 'problem' : 'ok',
		found: 'Bouwsoft refuses lt/ge/le, or or parentheses in filters (only the documented eq/ne/gt and and work)',
		meaning: optionOn
			? 'Reads that use the extended syntax fail on this server.'
			: 'The sync sends only the documented syntax (Extended Filter Syntax off, the default) and filters the rest itself.',
		fix: optionOn ? 'Switch Extended Filter Syntax off in the Options of every Bouwsoft node.' : '',
	};
}
