/**
 * List queries: filter → sort → columns/distinct → offset/limit, and the Content-Range value.
 * Order without `sort` is ascending id (the store keeps tables in id order, so that costs nothing).
 * `ListQuirks` (default: none) make it behave like a real server that lacks or differs in a feature.
 */
import { compileFilter, compareStrings, FilterError, parseFilter, stringNormaliser, type FilterNode } from './filterParser';
import { fieldType } from './schema';
import type {
	BouwsoftRecord,
	BouwsoftResource,
	BouwsoftValue,
	FilterSemantics,
	IdFilterSupport,
	ParameterSupport,
	SortSupport,
	SortSupportRule,
} from './types';

/** A refused list query: 400 `{"error": message}`, or (a quirk's `reject500`) a server error. */
export class QueryError extends Error {
	constructor(
		message: string,
		readonly status: 400 | 500 = 400,
	) {
		super(message);
	}
}

/** The list-query part of ServerQuirks, resolved for one resource. */
export interface ListQuirks {
	sortSupport: SortSupport;
	idFilter: IdFilterSupport;
	columnsSupport: ParameterSupport;
	distinctSupport: ParameterSupport;
	/** Lower-case fields left out of every row of the answer. */
	omitFields: readonly string[];
}

export const NO_LIST_QUIRKS: ListQuirks = {
	sortSupport: 'honour',
	idFilter: 'ok',
	columnsSupport: 'ok',
	distinctSupport: 'ok',
	omitFields: [],
};

export interface PagingOptions {
	defaultLimit: number | null;
	maxLimit: number;
	overMaxLimit: 'clamp' | 'error';
	emptyContentRange: 'star' | 'omit';
	/** What the total of Content-Range counts: the query's result, or every record of the resource. */
	contentRangeTotal: 'filtered' | 'table';
}

export interface QueryResult {
	records: Array<Record<string, BouwsoftValue>>;
	/** undefined when the empty-result option says to omit it. */
	contentRange: string | undefined;
	total: number;
}

interface SortKey {
	field: string;
	descending: boolean;
}

export function runListQuery(
	resource: BouwsoftResource,
	table: readonly BouwsoftRecord[],
	/** Changes whenever the table changes (BouwsoftStore.version). */
	version: number,
	query: Record<string, string>,
	semantics: FilterSemantics,
	paging: PagingOptions,
	quirks: ListQuirks = NO_LIST_QUIRKS,
): QueryResult {
	const predicate = compileOrThrow(resource, query.filter ?? '', semantics, quirks.idFilter);
	const sortKeys = sortKeysFor(resource, query.sort, quirks.sortSupport);
	const columns = parseColumns(resource, supportedParameter('columns', query.columns, quirks.columnsSupport));
	const distinct = parseBoolean('distinct', supportedParameter('distinct', query.distinct, quirks.distinctSupport));
	const offset = parseCount('offset', query.offset, 0) ?? 0;
	const limit = resolveLimit(query.limit, paging);
	const omit = quirks.omitFields;

	// The full result (before offset/limit) is cached until the table changes, so paging through one
	// query with growing offsets costs one page each, like a database would, and the benchmark measures
	// the client rather than the simulator.
	const cacheKey = JSON.stringify([resource, query.filter ?? '', quirks.idFilter, sortKeys, columns, omit, distinct, semantics]);
	const cached = resultCache.get(cacheKey);
	let projected: ReadonlyArray<Record<string, BouwsoftValue>>;
	if (cached && cached.table === table && cached.version === version) {
		projected = cached.rows;
	} else {
		// Sort the whole table first (also cached), then filter: filtering keeps the order.
		const ordered = orderedTable(resource, table, version, sortKeys, semantics);
		const rows: readonly BouwsoftRecord[] = predicate ? ordered.filter(predicate) : ordered;
		projected = columns ? rows.map((r) => project(r, columns)) : rows;
		if (omit.length > 0) projected = projected.map((r) => without(r, omit));
		if (distinct) projected = distinctRows(projected);
		remember(resultCache, cacheKey, { table, version, rows: projected });
	}

	// 'table': the whole resource, as if the server counted its table without the query (filter, distinct).
	const total = paging.contentRangeTotal === 'table' ? table.length : projected.length;
	const page = projected.slice(offset, limit === null ? undefined : offset + limit);
	return { records: page, total, contentRange: contentRange(offset, page.length, total, paging) };
}

export function contentRange(offset: number, count: number, total: number, paging: Pick<PagingOptions, 'emptyContentRange'>): string | undefined {
	if (count === 0) return paging.emptyContentRange === 'omit' ? undefined : `*/${total}`;
	return `${offset}-${offset + count - 1}/${total}`;
}

function compileOrThrow(resource: BouwsoftResource, filter: string, semantics: FilterSemantics, idFilter: IdFilterSupport) {
	try {
		const parsed = parseFilter(filter, semantics);
		const node = parsed && idFilter !== 'ok' && comparesId(parsed) ? idFilterQuirk(parsed, idFilter) : parsed;
		return node ? compileFilter(node, resource, semantics) : undefined;
	} catch (error) {
		if (error instanceof FilterError) throw new QueryError(`Invalid filter: ${error.message}`);
		throw error;
	}
}

function comparesId(node: FilterNode): boolean {
	return node.type === 'compare' ? node.field === 'id' : node.terms.some(comparesId);
}

/** A filter that compares `id`: refused, or that comparison dropped (true) — undefined when nothing is left. */
function idFilterQuirk(node: FilterNode, idFilter: Exclude<IdFilterSupport, 'ok'>): FilterNode | undefined {
	if (idFilter === 'reject400') throw new QueryError('Invalid filter');
	if (idFilter === 'reject500') throw new QueryError('Invalid filter', 500);
	const simplified = withoutIdComparisons(node);
	return simplified === true ? undefined : simplified;
}

function withoutIdComparisons(node: FilterNode): FilterNode | true {
	if (node.type === 'compare') return node.field === 'id' ? true : node;
	const terms = node.terms.map(withoutIdComparisons);
	if (node.type === 'or' && terms.includes(true)) return true;
	const rest = terms.filter((t): t is FilterNode => t !== true);
	if (rest.length === 0) return true;
	return rest.length === 1 ? rest[0] : { type: node.type, terms: rest };
}

/** A parameter the server does not support: dropped (`ignore`) or refused (`reject400`); blank = absent. */
function supportedParameter(name: string, value: string | undefined, support: ParameterSupport): string | undefined {
	if (support === 'ok' || value === undefined || value.trim() === '') return value;
	if (support === 'reject400') throw new QueryError(`Invalid ${name}`);
	return undefined;
}

/** The sort keys to apply, after the sortSupport quirk: all, none (ignored), or a refusal. */
function sortKeysFor(resource: BouwsoftResource, sort: string | undefined, support: SortSupport): SortKey[] {
	if (sort === undefined || sort.trim() === '' || support === 'honour') return parseSort(resource, sort);
	const rule: SortSupportRule = typeof support === 'string' ? { mode: support } : support;
	const matches = (key: SortKey, entries: string[] | undefined) => entries?.some((entry) => sortEntryMatches(entry, key));
	const hit = rawSortKeys(sort).some((key) => (rule.fields === undefined || matches(key, rule.fields)) && !matches(key, rule.exceptFields));
	if (!hit) return parseSort(resource, sort);
	if (rule.mode === 'ignore') return [];
	throw new QueryError('Invalid sort', rule.mode === 'reject500' ? 500 : 400);
}

function rawSortKeys(sort: string): SortKey[] {
	return sort.split(',').map((part) => {
		const trimmed = part.trim();
		const descending = trimmed.startsWith('-');
		return { field: trimmed.replace(/^[-+]/, '').trim().toLowerCase(), descending };
	});
}

/** `'field'` either direction, `'-field'` descending only, `'+field'` ascending only. */
function sortEntryMatches(entry: string, key: SortKey): boolean {
	const trimmed = entry.trim();
	const field = trimmed.replace(/^[-+]/, '').trim().toLowerCase();
	if (field !== key.field) return false;
	if (trimmed.startsWith('-')) return key.descending;
	if (trimmed.startsWith('+')) return !key.descending;
	return true;
}

/** `sort=name`, `sort=-ts_lastupdate`; several keys comma-separated (unconfirmed, accepted). */
function parseSort(resource: BouwsoftResource, sort: string | undefined): SortKey[] {
	if (sort === undefined || sort.trim() === '') return [];
	return sort.split(',').map((part) => {
		const trimmed = part.trim();
		const descending = trimmed.startsWith('-');
		const field = (descending ? trimmed.slice(1) : trimmed.replace(/^\+/, '')).trim().toLowerCase();
		if (!fieldType(resource, field)) throw new QueryError(`Invalid sort: unknown field '${field}' on ${resource}`);
		return { field, descending };
	});
}

function parseColumns(resource: BouwsoftResource, columns: string | undefined): string[] | undefined {
	if (columns === undefined || columns.trim() === '') return undefined;
	return columns.split('|').map((part) => {
		const field = part.trim().toLowerCase();
		if (!fieldType(resource, field)) throw new QueryError(`Invalid columns: unknown field '${field}' on ${resource}`);
		return field;
	});
}

function parseBoolean(name: string, value: string | undefined): boolean {
	if (value === undefined || value === '') return false;
	const lower = value.toLowerCase();
	if (lower === 'true') return true;
	if (lower === 'false') return false;
	throw new QueryError(`Invalid ${name}: '${value}'`);
}

function parseCount(name: string, value: string | undefined, min: number): number | undefined {
	if (value === undefined || value === '') return undefined;
	if (!/^\d+$/.test(value.trim()) || Number(value) < min) throw new QueryError(`Invalid ${name}: '${value}'`);
	return Number(value);
}

function resolveLimit(value: string | undefined, paging: PagingOptions): number | null {
	const requested = parseCount('limit', value, 1);
	if (requested === undefined) return paging.defaultLimit;
	if (requested <= paging.maxLimit) return requested;
	if (paging.overMaxLimit === 'error') throw new QueryError(`Invalid limit: maximum is ${paging.maxLimit}`);
	return paging.maxLimit;
}

interface CacheEntry<T> {
	table: readonly BouwsoftRecord[];
	version: number;
	rows: readonly T[];
}
const sortCache = new Map<string, CacheEntry<BouwsoftRecord>>();
const resultCache = new Map<string, CacheEntry<Record<string, BouwsoftValue>>>();

function remember<T>(cache: Map<string, CacheEntry<T>>, key: string, entry: CacheEntry<T>): void {
	if (cache.size >= 20) cache.delete(cache.keys().next().value as string);
	cache.set(key, entry);
}

/** Tables are kept in id order, so sorting on id alone is free (the common keyset-paging case). */
function orderedTable(
	resource: BouwsoftResource,
	table: readonly BouwsoftRecord[],
	version: number,
	keys: SortKey[],
	semantics: FilterSemantics,
): readonly BouwsoftRecord[] {
	if (keys.length === 0 || (keys.length === 1 && keys[0].field === 'id' && !keys[0].descending)) return table;
	const key = `${resource}|${keys.map((k) => (k.descending ? '-' : '') + k.field).join(',')}|${semantics.caseInsensitiveStrings}`;
	const cached = sortCache.get(key);
	if (cached && cached.table === table && cached.version === version) return cached.rows;
	const rows = sortRecords(table, keys, semantics);
	remember(sortCache, key, { table, version, rows });
	return rows;
}

/** Stable sort; ties broken on ascending id so paging with offset never repeats or skips a record. */
function sortRecords(rows: readonly BouwsoftRecord[], keys: SortKey[], semantics: FilterSemantics): BouwsoftRecord[] {
	const normalise = stringNormaliser({ sqlPadding: false, caseInsensitiveStrings: semantics.caseInsensitiveStrings });
	const compareValues = (a: BouwsoftValue, b: BouwsoftValue): number => {
		if (typeof a === 'number' && typeof b === 'number') return a - b;
		if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
		return compareStrings(normalise(String(a)), normalise(String(b)));
	};
	return [...rows].sort((a, b) => {
		for (const key of keys) {
			const cmp = compareValues(a[key.field], b[key.field]);
			if (cmp !== 0) return key.descending ? -cmp : cmp;
		}
		return a.id - b.id;
	});
}

function project(record: BouwsoftRecord, columns: string[]): Record<string, BouwsoftValue> {
	const row: Record<string, BouwsoftValue> = {};
	for (const column of columns) row[column] = record[column];
	return row;
}

function without(row: Record<string, BouwsoftValue>, omit: readonly string[]): Record<string, BouwsoftValue> {
	const out: Record<string, BouwsoftValue> = {};
	for (const key in row) if (!omit.includes(key)) out[key] = row[key];
	return out;
}

function distinctRows(rows: ReadonlyArray<Record<string, BouwsoftValue>>): Array<Record<string, BouwsoftValue>> {
	const seen = new Set<string>();
	return rows.filter((row) => {
		const key = JSON.stringify(Object.values(row));
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}
