import type { IDataObject } from 'n8n-workflow';

import type { ClientOptions, PageOptions } from './types';
import { chunk, mapWithConcurrency } from '../../shared/http/concurrency';
import type { FilterDialect, FilterExpr, FilterScalar } from './query';

/**
 * How `BouwsoftClient.lookup` reads the records whose `field` is one of many values (a page of relations'
 * contacts, projects' clients and phases). Costs in round trips, P = page size, c = parallel requests:
 *
 * - `range`    `field gt <min-1> and field lt <max+1>`: the records of every value in between, sequential
 *              pages. Needs `lt` (extended dialect); chosen when the values are dense, e.g. the ids of one
 *              keyset page of a first import: 1,000 relations → 2 requests instead of 25 `or` batches.
 * - `orBatches` `field eq A or field eq B …`, 40 values a request, c in parallel (extended dialect).
 * - `perValue` one `eq` request per value, c in parallel: only for a few values.
 * - `tail`     `field gt <min-1>` (confirmed dialect): everything from the smallest value on, kept for the
 *              run, so a later lookup of larger values (the next keyset page) costs nothing. Never more than
 *              a full read, and far less when the values are recent (new relations, new projects).
 * - `full`     the whole resource, kept for the run (values that are not whole numbers).
 *
 * The caller keeps only the records whose field matches (the others are the price of a cheap query).
 */
type LookupStrategy = 'range' | 'orBatches' | 'perValue' | 'tail' | 'full';

/** A range is read when it spans at most this many values per value looked up. */
const DENSE_SPAN_PER_VALUE = 2;

/** The values as whole numbers, or undefined when one of them is not one (a range would not mean much). */
export function wholeNumbers(values: readonly string[]): number[] | undefined {
	const numbers: number[] = [];
	for (const value of values) {
		if (!/^-?\d{1,15}$/.test(value)) return undefined;
		numbers.push(Number(value));
	}
	return numbers;
}

function valueSpan(numbers: readonly number[]): { min: number; max: number } {
	let min = Number.POSITIVE_INFINITY;
	let max = Number.NEGATIVE_INFINITY;
	for (const n of numbers) {
		if (n < min) min = n;
		if (n > max) max = n;
	}
	return { min, max };
}

export function isDense(numbers: readonly number[]): boolean {
	if (numbers.length === 0) return false;
	const { min, max } = valueSpan(numbers);
	return max - min + 1 <= DENSE_SPAN_PER_VALUE * numbers.length;
}

export function chooseLookup(
	count: number,
	numbers: readonly number[] | undefined,
	dialect: FilterDialect,
	perValueLimit: number,
): LookupStrategy {
	if (numbers && dialect.comparisons && count > 1 && isDense(numbers)) return 'range';
	if (dialect.or) return 'orBatches';
	if (count <= perValueLimit) return 'perValue';
	return numbers ? 'tail' : 'full';
}

/**
 * Records by id on a server that refuses or ignores filters on id: `range` and `orBatches` would filter on
 * id, `perValue` reads `/<resource>/<id>` and `tail` is paged by offset from the smallest id on.
 */
function idsWithoutIdFilter(count: number, numbers: readonly number[] | undefined, perValueLimit: number): LookupStrategy {
	if (count <= perValueLimit) return 'perValue';
	return numbers ? 'tail' : 'full';
}

/** `field gt <after>` (and `field lt <before>`); on `id` the keyset position does the lower bound. */
export function boundedRead(field: string, after: number, before?: number): { afterId?: number; filter?: FilterExpr } {
	const upper: FilterExpr | undefined = before === undefined ? undefined : { field, op: 'lt', value: before };
	if (field === 'id') return { afterId: after, filter: upper };
	const lower: FilterExpr = { field, op: 'gt', value: after };
	return { filter: upper ? { and: [lower, upper] } : lower };
}

function asScalar(value: string): FilterScalar {
	return /^-?\d+$/.test(value) ? Number(value) : value;
}

export function anyOf(field: string, values: readonly string[]): FilterExpr {
	if (values.length === 1) return { field, op: 'eq', value: asScalar(values[0]) };
	return { or: values.map((v) => ({ field, op: 'eq' as const, value: asScalar(v) })) };
}

/** What `KeyedReads` needs from the client. */
interface KeyedReadSource {
	readonly options: Pick<ClientOptions, 'dialect' | 'perIdLookupLimit' | 'orBatchSize' | 'concurrency'>;
	can(cap: 'idFilter'): boolean | undefined;
	readAll(resource: string, options?: PageOptions): Promise<IDataObject[]>;
	readAllCached(resource: string): Promise<IDataObject[]>;
	keptFullRead(resource: string): Promise<IDataObject[]> | undefined;
	getById(resource: string, id: string | number): Promise<IDataObject | undefined>;
}

/** The reads behind `BouwsoftClient.lookup`, with the `tail` reads kept for the run. */
export class KeyedReads {
	/** `field gt <after>` reads, by `resource|field`. */
	private readonly tails = new Map<string, { after: number; records: Promise<IDataObject[]> }>();

	constructor(private readonly source: KeyedReadSource) {}

	/** Records that include every record whose `field` is one of `values` (others too: the caller filters). */
	async matching(resource: string, field: string, values: string[]): Promise<IDataObject[]> {
		const { source } = this;
		const numbers = wholeNumbers(values);
		const span = numbers ? valueSpan(numbers) : undefined;
		const kept = this.keptCovering(resource, field, span?.min);
		if (kept) return await kept;
		const strategy =
			field === 'id' && source.can('idFilter') === false
				? idsWithoutIdFilter(values.length, numbers, source.options.perIdLookupLimit)
				: chooseLookup(values.length, numbers, source.options.dialect, source.options.perIdLookupLimit);
		if (strategy === 'range' && span) return await source.readAll(resource, boundedRead(field, span.min - 1, span.max + 1));
		if (strategy === 'tail' && span) return await this.readTail(resource, field, span.min - 1);
		if (strategy === 'full') return await source.readAllCached(resource);
		const fetched: IDataObject[] = [];
		if (strategy === 'orBatches') {
			await mapWithConcurrency(chunk(values, source.options.orBatchSize), source.options.concurrency, async (batch) => {
				fetched.push(...(await source.readAll(resource, { filter: anyOf(field, batch) })));
			});
			return fetched;
		}
		await mapWithConcurrency(values, source.options.concurrency, async (v) => {
			if (field === 'id') {
				const record = await source.getById(resource, v);
				if (record) fetched.push(record);
			} else {
				fetched.push(...(await source.readAll(resource, { filter: anyOf(field, [v]) })));
			}
		});
		return fetched;
	}

	/** A read kept for the run that holds every record with `field` ≥ `min` (or every record). */
	private keptCovering(resource: string, field: string, min: number | undefined): Promise<IDataObject[]> | undefined {
		const full = this.source.keptFullRead(resource);
		if (full) return full;
		const tail = this.tails.get(`${resource}|${field}`);
		return tail && min !== undefined && tail.after < min ? tail.records : undefined;
	}

	/** Every record with `field gt <after>`, kept for the run (a lower `after` replaces it). */
	private async readTail(resource: string, field: string, after: number): Promise<IDataObject[]> {
		const records = this.source.readAll(resource, boundedRead(field, after));
		this.tails.set(`${resource}|${field}`, { after, records });
		return await records;
	}
}
