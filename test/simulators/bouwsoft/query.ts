/**
 * List queries: filter → sort → columns/distinct → offset/limit, and the Content-Range value.
 * Order without `sort` is ascending id (the store keeps tables in id order, so that costs nothing).
 */
import { compileFilter, compareStrings, FilterError, parseFilter, stringNormaliser } from './filterParser';
import { fieldType } from './schema';
import type { BouwsoftRecord, BouwsoftResource, BouwsoftValue, FilterSemantics } from './types';

export class QueryError extends Error {}

export interface PagingOptions {
	defaultLimit: number | null;
	maxLimit: number;
	overMaxLimit: 'clamp' | 'error';
	emptyContentRange: 'star' | 'omit';
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
	query: Record<string, string>,
	semantics: FilterSemantics,
	paging: PagingOptions,
): QueryResult {
	const predicate = compileOrThrow(resource, query.filter ?? '', semantics);
	const sortKeys = parseSort(resource, query.sort);
	const columns = parseColumns(resource, query.columns);
	const distinct = parseBoolean('distinct', query.distinct);
	const offset = parseCount('offset', query.offset, 0) ?? 0;
	const limit = resolveLimit(query.limit, paging);

	let rows: readonly BouwsoftRecord[] = predicate ? table.filter(predicate) : table;
	if (sortKeys.length > 0) rows = sortRecords(rows, sortKeys, semantics);
	let projected: Array<Record<string, BouwsoftValue>> = columns ? rows.map((r) => project(r, columns)) : (rows as BouwsoftRecord[]);
	if (distinct) projected = distinctRows(projected);

	const total = projected.length;
	const page = projected.slice(offset, limit === null ? undefined : offset + limit);
	return { records: page, total, contentRange: contentRange(offset, page.length, total, paging) };
}

export function contentRange(offset: number, count: number, total: number, paging: Pick<PagingOptions, 'emptyContentRange'>): string | undefined {
	if (count === 0) return paging.emptyContentRange === 'omit' ? undefined : `*/${total}`;
	return `${offset}-${offset + count - 1}/${total}`;
}

function compileOrThrow(resource: BouwsoftResource, filter: string, semantics: FilterSemantics) {
	try {
		const node = parseFilter(filter, semantics);
		return node ? compileFilter(node, resource, semantics) : undefined;
	} catch (error) {
		if (error instanceof FilterError) throw new QueryError(`Invalid filter: ${error.message}`);
		throw error;
	}
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

function distinctRows(rows: Array<Record<string, BouwsoftValue>>): Array<Record<string, BouwsoftValue>> {
	const seen = new Set<string>();
	return rows.filter((row) => {
		const key = JSON.stringify(Object.values(row));
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}
