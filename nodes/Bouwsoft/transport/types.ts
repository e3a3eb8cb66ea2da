import type { IDataObject } from 'n8n-workflow';

import type { FilterDialect, FilterExpr } from './query';
import type { RetryPolicy } from '../../shared/http/retry';

/* The shapes the Bouwsoft client is configured and asked with, shared by the client and its keyed reads (lookup.ts). */

export interface ClientOptions {
	dialect: FilterDialect;
	pageSize: number;
	retry: RetryPolicy;
	/** Parallel requests for enrichment lookups. */
	concurrency: number;
	timeoutMs: number;
	/** Up to this many ids are looked up one request each (confirmed dialect); above it see `lookup`. */
	perIdLookupLimit: number;
	/** Ids per `id eq A or id eq B ...` request when the dialect allows `or`. */
	orBatchSize: number;
}

export interface ListQuery {
	/** Must be expressible in the client's dialect (use `splitForPushDown` first). */
	filter?: FilterExpr;
	sort?: string;
	limit?: number;
	offset?: number;
	columns?: string[];
	distinct?: boolean;
}

/**
 * Per call of `BouwsoftClient.list`. `attempts`: at most this many attempts when the answer is a server error
 * (5xx) or a time-out, for a request that may be refused for its shape (a 500 on an unsupported sort is
 * otherwise asked five times with back-off); 429s and dropped connections keep the normal policy.
 */
export interface ListCallOptions {
	attempts?: number;
}

export interface PageOptions {
	filter?: FilterExpr;
	/** Keyset position: continue after this id. */
	afterId?: number;
	pageSize?: number;
	/** Ignored: how a read pages is the client's choice (distinct column reads page by offset). */
	paging?: 'keyset' | 'offset';
	/** Only these fields of each record (`columns=`; taken here when the server does not do it). */
	columns?: string[];
	/** With `columns`: each combination once (`distinct=true`; duplicates removed here when the server does not). */
	distinct?: boolean;
}

export interface Page {
	records: IDataObject[];
	/** Highest id handed out so far, this page included (the keyset position after it). */
	lastId?: number;
	done: boolean;
}
