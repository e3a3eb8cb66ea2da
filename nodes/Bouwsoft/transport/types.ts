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
	/** Offset paging for reads that have no id (distinct column reads). */
	paging?: 'keyset' | 'offset';
	columns?: string[];
	distinct?: boolean;
}

/**
 * What Bouwsoft's answers showed about its paging. `served`: the largest page served per resource for a
 * request with a `limit` (its page cap is at least that). `totalsCountTable`: a read ended on an empty answer
 * right after a page whose Content-Range announced more, so the total counts more than the selection.
 */
export interface PagingKnowledge {
	served: Record<string, number>;
	totalsCountTable: boolean;
}

export interface Page {
	records: IDataObject[];
	/** Highest id on this page (keyset position after it). */
	lastId?: number;
	done: boolean;
}
