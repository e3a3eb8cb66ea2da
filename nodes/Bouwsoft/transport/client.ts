import { sleep } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

import { authFailure, bouwsoftApiError, bouwsoftCredentialError, inspectFailure } from './errors';
import type { RequestFailure } from './errors';
import { canPushDown, CONFIRMED_DIALECT, toFilterString } from './query';
import type { FilterDialect, FilterExpr } from './query';
import { decideRetry, parseRetryAfter, type RetryPolicy } from '../../shared/http/retry';
import { KeyedReads } from './lookup';
import { buildQueryString, entriesReceived, MalformedAnswerError, readListEnvelope } from './paging';
import type { ListPage } from './paging';
import type { ClientOptions, ListCallOptions, ListQuery, Page, PageOptions } from './types';
import { CAPABILITIES, emptyKnowledge, readKnowledge } from './capabilities';
import type { Capability, ServerKnowledge } from './capabilities';
import { openRead } from './pageReads';
import type { Chunk } from './pageReads';
import { noProvenFeatures, type ProvenFeatures, type ReadHost } from './shapeProbes';

type BouwsoftContext = IPollFunctions | IExecuteFunctions | ILoadOptionsFunctions;

const CREDENTIAL_TYPE = 'bouwsoftApi';

/**
 * Bouwsoft documents no rate limits; 429, 5xx, time-outs and dropped connections are retried (shared/http),
 * and so are answers we could not read. A Retry-After beyond a minute is not waited for inside a poll.
 */
export const BOUWSOFT_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 5,
	baseDelayMs: 500,
	maxDelayMs: 15_000,
	maxRetryAfterMs: 60_000,
	transientCodes: ['MALFORMED_JSON', 'MALFORMED_ANSWER', 'AUTH_UNAVAILABLE'],
};

const DEFAULT_CLIENT_OPTIONS: ClientOptions = {
	dialect: CONFIRMED_DIALECT,
	pageSize: 1000,
	retry: BOUWSOFT_RETRY_POLICY,
	concurrency: 4,
	timeoutMs: 60_000,
	perIdLookupLimit: 10,
	orBatchSize: 40,
};

/**
 * Bouwsoft REST client for one node run: retries, paging, batched lookups and request accounting.
 * Requests go through `httpRequestWithAuthentication`, so n8n's preAuthentication fetches the access
 * token when it is empty and refreshes it once on a 401.
 */
export class BouwsoftClient implements ReadHost {
	readonly options: ClientOptions;

	requestCount = 0;

	retryCount = 0;

	readonly requestsByResource: Record<string, number> = {};

	/** What this server was seen to support (transport/capabilities.ts); remembered per credential by the caller. */
	readonly known: ServerKnowledge = emptyKnowledge();

	/** Capabilities this run relied on or learned (for the run summary). */
	readonly used = new Set<Capability>();

	/** Whether this run read smaller pages than asked because the server refused a larger `limit`. */
	usedMaxLimit = false;

	/** Request features answered in this run (transport/pageReads.ts): not probed again. */
	readonly proven: ProvenFeatures = noProvenFeatures();

	private readonly fullReads = new Map<string, Promise<IDataObject[]>>();

	private readonly keyedReads = new KeyedReads(this);

	private readonly byIdCache = new Map<string, Map<string, IDataObject | null>>();

	constructor(
		private readonly ctx: BouwsoftContext,
		options: Partial<ClientOptions> = {},
	) {
		this.options = { ...DEFAULT_CLIENT_OPTIONS, ...options };
	}

	get dialect(): FilterDialect {
		return this.options.dialect;
	}

	canPushDown(expr: FilterExpr): boolean {
		return canPushDown(expr, this.options.dialect);
	}

	/**
	 * Adds what an earlier run learned about this server (stored JSON, checked field by field; a legacy
	 * `{served, totalsCountTable}` of the trigger's state reads the same way).
	 */
	rememberServer(stored: unknown): void {
		const known = readKnowledge(stored);
		Object.assign(this.known.capabilities, known.capabilities);
		if (known.maxLimit !== undefined) this.known.maxLimit = Math.min(known.maxLimit, this.known.maxLimit ?? known.maxLimit);
		for (const [resource, size] of Object.entries(known.served)) this.noteServed(resource, size);
		if (known.totalsCountTable) this.known.totalsCountTable = true;
	}

	/** Whether the server does `cap`; undefined until some run tried. Asking marks it used (run summary). */
	can(cap: Capability): boolean | undefined {
		const known = this.known.capabilities[cap];
		if (known !== undefined) this.used.add(cap);
		return known;
	}

	/** Records what a request showed (a fallback is taken by the caller at once). */
	learn(cap: Capability, works: boolean): void {
		this.known.capabilities[cap] = works;
		this.used.add(cap);
	}

	/** A larger `limit` was refused, this one answered. */
	learnMaxLimit(limit: number): void {
		this.known.maxLimit = limit;
		this.usedMaxLimit = true;
	}

	/** The page size to ask for: the caller's (else the node's), at most what the server was seen to accept. */
	limitFor(pageSize: number | undefined): number {
		const wanted = Math.max(1, pageSize ?? this.options.pageSize);
		if (this.known.maxLimit === undefined || wanted <= this.known.maxLimit) return wanted;
		this.usedMaxLimit = true;
		return this.known.maxLimit;
	}

	/** What this run relied on, for the run summary (`describeKnowledge`): the capabilities used, and the page cap. */
	knowledgeUsed(): ServerKnowledge {
		const capabilities = Object.fromEntries(CAPABILITIES.filter((c) => this.used.has(c)).map((c) => [c, this.known.capabilities[c]]));
		return { ...this.known, capabilities, maxLimit: this.usedMaxLimit ? this.known.maxLimit : undefined };
	}

	node(): INode {
		return this.ctx.getNode();
	}

	private noteServed(resource: string, entries: number): void {
		if (entries > (this.known.served[resource] ?? 0)) this.known.served[resource] = entries;
	}

	/** One GET of a list resource; `call.attempts` caps the attempts for a probe (see `ListCallOptions`). */
	async list(resource: string, query: ListQuery = {}, call: ListCallOptions = {}): Promise<ListPage> {
		if (query.filter && !this.canPushDown(query.filter)) {
			throw new Error(`Internal error: filter for ${resource} cannot be sent in this dialect`);
		}
		const qs = buildQueryString({
			filter: query.filter ? toFilterString(query.filter) : undefined,
			sort: query.sort,
			limit: query.limit,
			offset: query.offset,
			columns: query.columns?.join('|'),
			distinct: query.distinct ? 'true' : undefined,
		});
		const path = `/${resource}/${qs ? `?${qs}` : ''}`;
		// Read inside the retry loop: an answer without its records is retried like unreadable JSON.
		const page = await this.get(resource, path, (body, headers) => readListEnvelope(body, headers), [], call.attempts);
		if (query.limit !== undefined) this.noteServed(resource, entriesReceived(page));
		return page;
	}

	/**
	 * `GET /<resource>/<id>`; undefined when Bouwsoft answers 404 or an empty list. An answer that holds only
	 * other records is malformed (retried), never read as "gone": a linked change would silently drop its parent.
	 */
	async getById(resource: string, id: string | number): Promise<IDataObject | undefined> {
		const readRecord = (body: unknown, headers: Record<string, unknown>) => {
			const page = readListEnvelope(body, headers);
			const record = page.records.find((r) => String(r.id) === String(id));
			if (!record && page.records.length > 0) throw new MalformedAnswerError(`asked for id ${id}, got other records`);
			return record;
		};
		return await this.get(resource, `/${resource}/${encodeURIComponent(String(id))}`, readRecord, [404]);
	}

	/**
	 * Pages through a resource in ascending id order (transport/pageReads.ts: keyset `sort=id` + `id gt
	 * <last>` where the server filters on id, else offsets, each fallback learned at run time; distinct
	 * column reads by offset). An empty answer ends the read. A short page while Content-Range announces more
	 * (capped page size, or a total that counts the whole table) is confirmed by reading the next page before
	 * it is handed out, so the caller sees `done` on the real last page and a read costs at most one request
	 * more than its pages.
	 */
	async *pages(resource: string, options: PageOptions = {}): AsyncGenerator<Page> {
		const read = openRead(this, resource, options);
		let current = await read.next();
		for (;;) {
			let done = !current.more;
			let ahead: Chunk | undefined;
			if (!done && current.short) {
				// Always confirmed by the next answer, never by what earlier polls saw: a server may lower its page
				// cap at any time, and ending a read early would lose records.
				ahead = await read.next();
				// Nothing more: the short page was the last one. More: a capped server; the read goes on.
				done = ahead.records.length === 0 && !ahead.more;
				// The end right after a page that announced more: this server's total counts the table.
				if (done) this.known.totalsCountTable = true;
			}
			yield { records: current.records, lastId: current.lastId, done };
			if (done) return;
			current = ahead ?? (await read.next());
		}
	}

	async readAll(resource: string, options: PageOptions = {}): Promise<IDataObject[]> {
		const all: IDataObject[] = [];
		for await (const page of this.pages(resource, options)) all.push(...page.records);
		return all;
	}

	/** The whole resource if this run read it already (or is reading it). */
	keptFullRead(resource: string): Promise<IDataObject[]> | undefined {
		return this.fullReads.get(resource);
	}

	/** The whole resource, read once per client (i.e. once per poll). */
	async readAllCached(resource: string): Promise<IDataObject[]> {
		let pending = this.fullReads.get(resource);
		if (!pending) {
			pending = this.readAll(resource);
			this.fullReads.set(resource, pending);
		}
		return await pending;
	}

	/**
	 * Records of `resource` whose `field` equals one of `values`, grouped by that value. A read kept for
	 * the run that already holds them costs nothing; otherwise the cheapest safe query for the dialect and
	 * the values (`chooseLookup`: a range for dense ids, `or` batches, one request per value for a few, or
	 * everything from the smallest value on).
	 */
	async lookup(resource: string, field: string, values: Array<string | number>): Promise<Map<string, IDataObject[]>> {
		const wantedSet = new Set(values.map(String).filter((v) => v !== '' && v !== '0'));
		const wanted = [...wantedSet];
		const result = new Map<string, IDataObject[]>();
		if (wanted.length === 0) return result;
		const add = (record: IDataObject) => {
			const key = String(record[field]);
			if (!wantedSet.has(key)) return;
			const list = result.get(key) ?? [];
			list.push(record);
			result.set(key, list);
		};
		const cache = field === 'id' ? this.cacheFor(resource) : undefined;
		const missing = cache ? wanted.filter((v) => !cache.has(v)) : wanted;
		if (cache) {
			for (const v of wanted) {
				const hit = cache.get(v);
				if (hit) add(hit);
			}
		}
		if (missing.length === 0) return result;
		const fetched = await this.keyedReads.matching(resource, field, missing);
		const missingSet = new Set(missing);
		for (const record of fetched) {
			if (cache && record.id !== undefined) cache.set(String(record.id), record);
			if (!cache || missingSet.has(String(record[field]))) add(record);
		}
		if (cache) for (const v of missing) if (!cache.has(v)) cache.set(v, null);
		return result;
	}

	/** Single records by id (each value → its record or undefined). */
	async byIds(resource: string, ids: Array<string | number>): Promise<Map<string, IDataObject>> {
		const grouped = await this.lookup(resource, 'id', ids);
		const out = new Map<string, IDataObject>();
		for (const [k, v] of grouped) out.set(k, v[0]);
		return out;
	}

	private cacheFor(resource: string): Map<string, IDataObject | null> {
		let cache = this.byIdCache.get(resource);
		if (!cache) {
			cache = new Map();
			this.byIdCache.set(resource, cache);
		}
		return cache;
	}

	/** The credential's secret values, for redacting what a caller quotes from Bouwsoft. */
	async secrets(): Promise<string[]> {
		try {
			const credentials = await this.ctx.getCredentials(CREDENTIAL_TYPE);
			return [credentials.refreshToken, credentials.accessToken].filter((s): s is string => typeof s === 'string');
		} catch {
			return [];
		}
	}

	/**
	 * One request as given, counted like the reads but never repeated here: a write that may have reached
	 * Bouwsoft must not be sent twice, so transport/write.ts decides what is tried again.
	 */
	async sendOnce(resource: string, request: Pick<IHttpRequestOptions, 'method' | 'url'>): Promise<{ body: unknown }> {
		this.requestCount++;
		this.requestsByResource[resource] = (this.requestsByResource[resource] ?? 0) + 1;
		const options: IHttpRequestOptions = {
			...request,
			json: true,
			returnFullResponse: true,
			timeout: this.options.timeoutMs,
			headers: { Accept: 'application/json' },
		};
		const response = (await this.ctx.helpers.httpRequestWithAuthentication.call(this.ctx, CREDENTIAL_TYPE, options)) as { body: unknown };
		return { body: response.body };
	}

	/**
	 * GET with retries. `read` turns the answer into a result and may throw a malformed-answer error, which
	 * is retried like any transient failure. `allowStatus` lists statuses returned as undefined instead of thrown.
	 */
	private async get<T>(
		resource: string,
		path: string,
		read: (body: unknown, headers: Record<string, unknown>) => T,
		allowStatus?: [],
		probeAttempts?: number,
	): Promise<T>;
	private async get<T>(
		resource: string,
		path: string,
		read: (body: unknown, headers: Record<string, unknown>) => T,
		allowStatus: number[],
		probeAttempts?: number,
	): Promise<T | undefined>;
	private async get<T>(
		resource: string,
		path: string,
		read: (body: unknown, headers: Record<string, unknown>) => T,
		allowStatus: number[] = [],
		probeAttempts?: number,
	): Promise<T | undefined> {
		for (let attempt = 1; ; attempt++) {
			this.requestCount++;
			this.requestsByResource[resource] = (this.requestsByResource[resource] ?? 0) + 1;
			let failure: RequestFailure;
			try {
				const options: IHttpRequestOptions = {
					method: 'GET',
					url: path,
					json: true,
					returnFullResponse: true,
					timeout: this.options.timeoutMs,
					headers: { Accept: 'application/json' },
				};
				const response = (await this.ctx.helpers.httpRequestWithAuthentication.call(
					this.ctx,
					CREDENTIAL_TYPE,
					options,
				)) as { body: unknown; headers?: Record<string, unknown> };
				let body = response.body;
				if (typeof body === 'string') {
					if (body.trim() === '') body = {};
					else {
						try {
							body = JSON.parse(body);
						} catch {
							throw Object.assign(new Error('Unreadable JSON from Bouwsoft'), { code: 'MALFORMED_JSON' });
						}
					}
				}
				return read(body, response.headers ?? {});
			} catch (error) {
				const auth = authFailure(error);
				if (auth?.permanent) throw bouwsoftCredentialError(this.ctx.getNode(), auth.message, await this.secrets());
				const inspected = inspectFailure(error);
				if (auth) {
					inspected.code = 'AUTH_UNAVAILABLE';
					inspected.serverMessage = auth.message;
				}
				if (inspected.status !== undefined && allowStatus.includes(inspected.status)) {
					return undefined;
				}
				failure = {
					...inspected,
					retryAfterMs: parseRetryAfter(inspected.retryAfterRaw, Date.now()),
				};
			}
			const decision = decideRetry(attempt, failure, retryPolicyFor(this.options.retry, failure, probeAttempts));
			if (!decision.retry) {
				throw bouwsoftApiError(this.ctx.getNode(), failure, resource, await this.secrets(), attempt);
			}
			this.retryCount++;
			this.ctx.logger?.debug(
				`Bouwsoft ${resource}: attempt ${attempt} failed (${failure.status ?? failure.code ?? 'error'}), retrying in ${decision.delayMs} ms`,
			);
			await sleep(decision.delayMs);
		}
	}
}

/**
 * The policy for one failed attempt of a probe: a server error or a time-out may be the server refusing the
 * request's shape, so only `probeAttempts` are made; rate limits and dropped connections keep the policy.
 */
function retryPolicyFor(policy: RetryPolicy, failure: RequestFailure, probeAttempts: number | undefined): RetryPolicy {
	if (probeAttempts === undefined) return policy;
	const refusalLike = (failure.status !== undefined && failure.status >= 500) || TIMEOUT_CODES.includes(failure.code ?? '');
	return refusalLike ? { ...policy, maxAttempts: Math.max(1, Math.min(probeAttempts, policy.maxAttempts)) } : policy;
}

const TIMEOUT_CODES = ['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNABORTED', 'ERR_SOCKET_CONNECTION_TIMEOUT'];
