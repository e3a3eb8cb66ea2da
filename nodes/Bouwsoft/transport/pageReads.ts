import { NodeApiError } from 'n8n-workflow';
import type { IDataObject, JsonObject } from 'n8n-workflow';

import { nextOffset, placePage, startPosition } from './offsetPaging';
import type { OffsetPosition } from './offsetPaging';
import { entriesReceived, hasMoreRecords, isShortPageAnnouncingMore, numericId } from './paging';
import type { ListPage } from './paging';
import { and, evaluateFilter } from './query';
import type { FilterExpr } from './query';
import { ShapeRequests } from './shapeProbes';
import type { ReadHost, Shape } from './shapeProbes';
import type { PageOptions } from './types';

/*
 * How the client reads a resource page by page on a server whose support for the unconfirmed request
 * features (reference §3.3: `id gt N` filters, `sort=id`, `limit` above 100, `columns`, `distinct`) is
 * learned at run time (transport/capabilities.ts; refusals are diagnosed in transport/shapeProbes.ts). The
 * feature that fails is learned as not working and the read goes on with its fallback, which loses nothing:
 *
 *   id filter      keyset on id  →  offset paging with one record of overlap (transport/offsetPaging.ts)
 *   sort=id        sorted        →  unsorted offset paging, every page checked to run in id order
 *   limit > 100    the page size →  500, 250 or 100 (`maxLimit`)
 *   columns        some columns  →  whole records, the columns taken here
 *   distinct       distinct rows →  every row (id paging), duplicates removed here
 *
 * Answers are checked for features a server accepts and ignores (records at or below the keyset position,
 * pages out of id order, columns not asked for, duplicate rows), with the same fallbacks.
 */

/** Requests in a row without a new record before the read is given up as not paging. */
const MAX_IDLE_REQUESTS = 64;

/** What one step of a read hands out. */
export interface Chunk {
	records: IDataObject[];
	/** Highest id handed out so far. */
	lastId?: number;
	/** The answer it came from announced more records. */
	more: boolean;
	/** ... while holding fewer than asked (a capped page, or a total counting the table): see `BouwsoftClient.pages`. */
	short: boolean;
}

interface PageRead {
	next(): Promise<Chunk>;
}

/** A read of `resource` as the options ask, with the fallbacks above. */
export function openRead(host: ReadHost, resource: string, options: PageOptions): PageRead {
	if (options.distinct && options.columns?.length) return new DistinctRead(host, resource, options, options.columns);
	return new IdPagedRead(host, resource, options);
}

/** Top-level `and` terms on `id`, apart from the rest of the filter. */
function splitIdTerms(filter: FilterExpr | undefined): { rest?: FilterExpr; idTerms?: FilterExpr } {
	if (!filter) return {};
	const terms = 'and' in filter ? filter.and : [filter];
	const onId = terms.filter((t) => 'field' in t && t.field === 'id');
	const rest = terms.filter((t) => !('field' in t && t.field === 'id'));
	return { rest: and(...rest), idTerms: and(...onId) };
}

/** The largest id the caller's id terms allow (`id lt`/`le`/`eq`): a read by offset ends after it. */
function upperBound(idTerms: FilterExpr | undefined): number | undefined {
	if (!idTerms) return undefined;
	let upper: number | undefined;
	for (const t of 'and' in idTerms ? idTerms.and : [idTerms]) {
		if (!('field' in t) || typeof t.value !== 'number') continue;
		const bound = t.op === 'lt' ? Math.ceil(t.value) - 1 : t.op === 'le' || t.op === 'eq' ? Math.floor(t.value) : undefined;
		if (bound !== undefined) upper = upper === undefined ? bound : Math.min(upper, bound);
	}
	return upper;
}

function project(record: IDataObject, columns: readonly string[]): IDataObject {
	const out: IDataObject = {};
	for (const column of columns) if (column in record) out[column] = record[column];
	return out;
}

function hasOtherColumns(records: IDataObject[], sent: readonly string[]): boolean {
	return records.some((r) => Object.keys(r).some((k) => !sent.includes(k)));
}

/**
 * A read of records with ids, in ascending id order: keyset (`sort=id`, `id gt <last>`) where the server
 * filters on id, else offsets (transport/offsetPaging.ts). Hands out every record once, ids above
 * `options.afterId` only, and checks every answer for a server that ignores what it was asked.
 */
class IdPagedRead implements PageRead {
	private readonly requests: ShapeRequests;

	private readonly filter?: FilterExpr;

	/** The caller's own terms on id (a range of a keyed lookup): sent with the keyset term, else evaluated here. */
	private readonly callerIdTerms?: FilterExpr;

	private readonly upper?: number;

	/** The last id handed out (the keyset position). */
	private lastId?: number;

	/** Ids handed out by this read; with no `afterId`, where an offset read picks up a keyset read. */
	private handed = 0;

	/** Set once the read pages by offset. */
	private position?: OffsetPosition;

	private previous?: { offset: number; ids: string };

	private idle = 0;

	constructor(
		private readonly host: ReadHost,
		private readonly resource: string,
		private readonly options: PageOptions,
	) {
		this.requests = new ShapeRequests(host, resource);
		const { rest, idTerms } = splitIdTerms(options.filter);
		this.filter = rest;
		this.callerIdTerms = idTerms;
		this.upper = upperBound(idTerms);
		this.lastId = options.afterId;
	}

	async next(): Promise<Chunk> {
		for (;;) {
			const sort = this.host.can('sortById') !== false;
			const keyset = !this.position && sort && this.host.can('idFilter') !== false;
			const chunk = keyset ? await this.keysetStep() : await this.offsetStep(sort);
			if (chunk) return chunk;
			if (++this.idle > MAX_IDLE_REQUESTS) throw this.notPaging();
		}
	}

	/** The columns sent: the caller's and `id` (paging needs it), unless the server does not do `columns`. */
	private sentColumns(): string[] | undefined {
		const { columns } = this.options;
		if (!columns?.length || this.host.can('columns') === false) return undefined;
		return columns.includes('id') ? columns : [...columns, 'id'];
	}

	private async keysetStep(): Promise<Chunk | undefined> {
		const after: FilterExpr | undefined = this.lastId === undefined ? undefined : { field: 'id', op: 'gt', value: this.lastId };
		const shape: Shape = {
			filter: this.filter,
			idTerms: and(this.callerIdTerms, after),
			sort: true,
			limit: this.host.limitFor(this.options.pageSize),
			columns: this.sentColumns(),
			distinct: false,
		};
		const page = await this.requests.send(shape);
		if (!page) return undefined;
		const ids = page.records.map(numericId);
		this.assertAscending(ids);
		if (shape.idTerms && page.records.some((r) => numericId(r) !== undefined && !evaluateFilter(r, shape.idTerms!))) {
			// Records the id terms exclude: the server ignores filters on id.
			this.host.learn('idFilter', false);
			return undefined;
		}
		if (shape.idTerms && page.records.length > 0 && this.host.known.capabilities.idFilter !== true) this.host.learn('idFilter', true);
		this.learnSorted(shape, ids);
		return this.handOut(page, shape, 0);
	}

	private async offsetStep(sort: boolean): Promise<Chunk | undefined> {
		// Pages overlap by one record, so an offset read needs two at least.
		const limit = Math.max(2, this.host.limitFor(this.options.pageSize));
		this.position ??= startPosition(this.options.afterId === undefined ? this.handed - 1 : 0, limit);
		const offset = nextOffset(this.position);
		const shape: Shape = { filter: this.filter, sort, limit, offset, columns: this.sentColumns(), distinct: false };
		const page = await this.requests.send(shape);
		if (!page) return undefined;
		const ids = page.records.map(numericId);
		if (page.records.length > 0 && ids.every((id) => id === undefined)) throw this.notPaging();
		this.assertAscending(ids);
		this.assertMoving(offset, ids);
		this.learnSorted(shape, ids);
		const placed = placePage(this.position, offset, ids, this.lastId, limit);
		this.position = placed.position;
		const { place } = placed;
		if (place.kind === 'end') return { records: [], lastId: this.lastId, more: false, short: false };
		if (place.kind === 'new') return this.handOut(page, shape, place.from);
		if (place.kind === 'behind' && !hasMoreRecords(page, limit)) return { records: [], lastId: this.lastId, more: false, short: false };
		return undefined;
	}

	/** The records of `page` from index `from` on (new ones), filtered by the caller's id terms and projected. */
	private handOut(page: ListPage, shape: Shape, from: number): Chunk {
		this.idle = 0;
		let records = page.records.slice(from);
		for (const record of records) {
			const id = numericId(record);
			if (id === undefined) continue;
			this.handed++;
			if (this.lastId === undefined || id > this.lastId) this.lastId = id;
		}
		if (this.position && this.callerIdTerms) records = records.filter((r) => evaluateFilter(r, this.callerIdTerms!));
		records = this.projected(records, shape);
		const ended = this.upper !== undefined && this.lastId !== undefined && this.lastId >= this.upper;
		return {
			records,
			lastId: this.lastId,
			more: !ended && hasMoreRecords(page, shape.limit),
			short: !ended && isShortPageAnnouncingMore(page, shape.limit),
		};
	}

	private projected(records: IDataObject[], shape: Shape): IDataObject[] {
		const { columns } = this.options;
		if (!columns?.length) return records;
		if (shape.columns && records.length > 0) {
			// Columns not asked for: the server ignores `columns` (the result is the same, taken here).
			if (hasOtherColumns(records, shape.columns)) this.host.learn('columns', false);
			else if (this.host.known.capabilities.columns === undefined) this.host.learn('columns', true);
		}
		return records.map((r) => project(r, columns));
	}

	private learnSorted(shape: Shape, ids: Array<number | undefined>): void {
		if (shape.sort && ids.filter((id) => id !== undefined).length > 1 && this.host.known.capabilities.sortById === undefined) {
			this.host.learn('sortById', true);
		}
	}

	/** Ids must ascend within a page (and across pages: each offset page repeats the last record before it). */
	private assertAscending(ids: Array<number | undefined>): void {
		let previous: number | undefined;
		for (const id of ids) {
			if (id === undefined) continue;
			if (previous !== undefined && id <= previous) {
				if (this.host.known.capabilities.sortById !== false) this.host.learn('sortById', false);
				throw this.unordered();
			}
			previous = id;
		}
	}

	/** The same records at another offset: the server ignores `offset` as well, no way to page remains. */
	private assertMoving(offset: number, ids: Array<number | undefined>): void {
		const key = ids.join(',');
		const repeated = this.previous && this.previous.offset !== offset && ids.length > 1 && this.previous.ids === key;
		this.previous = { offset, ids: key };
		if (repeated) throw this.notPaging();
	}

	private notPaging(): NodeApiError {
		return new NodeApiError(this.host.node(), { message: 'paging ignored' } as JsonObject, {
			message: `Bouwsoft did not page ${this.resource} by id, so records could be skipped`,
			description:
				`Bouwsoft answered ${this.resource} with the same records for different pages although more were announced. Nothing was changed and ` +
				'the cursor did not move; the next poll will try again. If this repeats, ask Bouwsoft support whether the REST API honours ' +
				'"offset" and "filter=id gt <id>" on list requests for your client number.',
		});
	}

	private unordered(): NodeApiError {
		const idFilter = this.host.known.capabilities.idFilter === false ? ' nor filters on id (id gt <id>)' : '';
		return new NodeApiError(this.host.node(), { message: 'pages out of id order' } as JsonObject, {
			message: `Bouwsoft neither sorts nor pages ${this.resource} by id, so a complete read cannot be guaranteed`,
			description:
				`This Bouwsoft server answers ${this.resource} out of id order: it refuses or ignores "sort=id"${idFilter}, so paging could skip ` +
				'records. Nothing was changed and the cursor did not move. Ask Bouwsoft support to make the REST API honour "sort=id" on list ' +
				'requests (documented for GET lists) for your client number; until then this import cannot read its records completely.',
		});
	}
}

/**
 * `columns=…&distinct=true` (warehouses, list names): the distinct rows, paged by offset (rows have no id).
 * A server that refuses or ignores either parameter is read as whole records or rows with ids instead
 * (`IdPagedRead`, lossless), the columns taken and duplicates removed here; rows already handed out are
 * never handed out again.
 */
class DistinctRead implements PageRead {
	private readonly requests: ShapeRequests;

	private readonly seen = new Set<string>();

	private offset = 0;

	private fallback?: IdPagedRead;

	constructor(
		private readonly host: ReadHost,
		private readonly resource: string,
		private readonly options: PageOptions,
		private readonly columns: string[],
	) {
		this.requests = new ShapeRequests(host, resource);
	}

	async next(): Promise<Chunk> {
		for (;;) {
			if (this.fallback) return this.unseen(await this.fallback.next());
			if (this.host.can('columns') === false || this.host.can('distinct') === false) {
				this.fallback = new IdPagedRead(this.host, this.resource, { filter: this.options.filter, pageSize: this.options.pageSize, columns: this.columns });
				continue;
			}
			const limit = this.host.limitFor(this.options.pageSize);
			const shape: Shape = { filter: this.options.filter, sort: false, limit, offset: this.offset, columns: this.columns, distinct: true };
			const page = await this.requests.send(shape);
			if (!page) continue;
			if (page.records.length > 0) {
				if (hasOtherColumns(page.records, this.columns)) {
					this.host.learn('columns', false);
					continue;
				}
				if (this.host.known.capabilities.columns === undefined) this.host.learn('columns', true);
			}
			const keys = page.records.map((r) => JSON.stringify(project(r, this.columns)));
			if (new Set(keys).size < keys.length || keys.some((k) => this.seen.has(k))) {
				this.host.learn('distinct', false);
				continue;
			}
			if (page.records.length > 0 && this.host.known.capabilities.distinct === undefined) this.host.learn('distinct', true);
			for (const key of keys) this.seen.add(key);
			this.offset += entriesReceived(page);
			return { records: page.records, more: hasMoreRecords(page, limit), short: isShortPageAnnouncingMore(page, limit) };
		}
	}

	private unseen(chunk: Chunk): Chunk {
		const records = chunk.records.filter((r) => {
			const key = JSON.stringify(project(r, this.columns));
			if (this.seen.has(key)) return false;
			this.seen.add(key);
			return true;
		});
		return { ...chunk, records, lastId: undefined };
	}
}
