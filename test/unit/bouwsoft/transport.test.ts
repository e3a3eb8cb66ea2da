import { NodeApiError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

import { bouwsoftApiError, inspectFailure } from '../../../nodes/Bouwsoft/transport/errors';
import {
	buildQueryString,
	entriesReceived,
	hasMoreRecords,
	isLastPage,
	isShortPageAnnouncingMore,
	MALFORMED_ANSWER,
	MalformedAnswerError,
	parseContentRange,
	readListEnvelope,
} from '../../../nodes/Bouwsoft/transport/paging';
import { backoffDelay as backoffDelayMs, decideRetry, parseRetryAfter } from '../../../nodes/shared/http/retry';
import { BOUWSOFT_RETRY_POLICY as DEFAULT_RETRY_POLICY } from '../../../nodes/Bouwsoft/transport/client';
import { bouwsoftApiBaseUrl, resolveBouwsoftUrl } from '../../../nodes/Bouwsoft/transport/serverUrl';
import { chunk, mapWithConcurrency } from '../../../nodes/shared/http/concurrency';
import { readClientOptions } from '../../../nodes/Bouwsoft/sync/settings';

const node: INode = { id: '1', name: 'Bouwsoft', type: 'bouwsoft', typeVersion: 1, position: [0, 0], parameters: {} };

describe('server URL', () => {
	it('prepends https unless the server name has a scheme', () => {
		expect(bouwsoftApiBaseUrl('Osiris.bouwsoft.be')).toBe('https://Osiris.bouwsoft.be/api/v1');
		expect(bouwsoftApiBaseUrl('ra')).toBe('https://ra.bouwsoft.be/api/v1');
		expect(bouwsoftApiBaseUrl('http://127.0.0.1:4000')).toBe('http://127.0.0.1:4000/api/v1');
		expect(bouwsoftApiBaseUrl('https://x.bouwsoft.be/api/v1/')).toBe('https://x.bouwsoft.be/api/v1');
	});
	it('resolves relative paths and leaves absolute ones', () => {
		const base = 'https://ra.bouwsoft.be/api/v1';
		expect(resolveBouwsoftUrl(base, undefined, '/Products/?limit=1')).toBe(`${base}/Products/?limit=1`);
		expect(resolveBouwsoftUrl(base, undefined, 'Jobs')).toBe(`${base}/Jobs`);
		expect(resolveBouwsoftUrl(base, undefined, 'http://other/x')).toBe('http://other/x');
	});
});

describe('paging', () => {
	it('parses Content-Range from the body or a header, and empty ranges', () => {
		expect(parseContentRange('158-162/5052')).toEqual({ first: 158, last: 162, total: 5052 });
		expect(parseContentRange('*/0')).toEqual({ first: 0, last: -1, total: 0 });
		expect(parseContentRange(undefined)).toBeUndefined();
		expect(readListEnvelope({ Records: [{ id: 1 }] }, { 'content-range': '0-0/1' }).range?.total).toBe(1);
	});
	it('reads an empty Records list as empty, whatever Content-Range announces; */0 without Records too', () => {
		expect(readListEnvelope({ 'Content-Range': '*/0', Records: [] }).records).toEqual([]);
		expect(readListEnvelope({ Records: [] }).records).toEqual([]);
		expect(readListEnvelope({ 'Content-Range': '*/0' }).records).toEqual([]);
		expect(readListEnvelope({ 'Content-Range': '*/120', Records: [] }).records).toEqual([]);
		// A total that counts the whole table, not the filter: the empty answer is still the end.
		const tableTotal = readListEnvelope({ 'Content-Range': '*/60', Records: [] });
		expect(tableTotal.records).toEqual([]);
		expect(isLastPage(tableTotal, 10)).toBe(true);
		expect(readListEnvelope([{ id: 1 }, 'x']).records).toEqual([{ id: 1 }]);
	});
	it('refuses an answer without a Records list, instead of reading it as "nothing"', () => {
		const malformed = (body: unknown) => {
			try {
				readListEnvelope(body, {});
			} catch (error) {
				expect(error).toBeInstanceOf(MalformedAnswerError);
				return (error as MalformedAnswerError).code;
			}
			return 'read';
		};
		expect(malformed({ 'Content-Range': '*/60' })).toBe(MALFORMED_ANSWER); // page without Records
		expect(malformed({})).toBe(MALFORMED_ANSWER);
		expect(malformed(null)).toBe(MALFORMED_ANSWER);
		expect(malformed('')).toBe(MALFORMED_ANSWER);
		expect(malformed({ Records: 'none', 'Content-Range': '0-0/1' })).toBe(MALFORMED_ANSWER);
		expect(malformed({ Records: null })).toBe(MALFORMED_ANSWER);
		expect(malformed({ Records: {}, 'Content-Range': '*/0' })).toBe(MALFORMED_ANSWER);
		expect(malformed({ Records: [], 'Content-Range': '*/60' })).toBe('read');
	});
	it('knows the last page by Content-Range when present, else by a short page; an empty page always ends', () => {
		expect(isLastPage({ records: [{}, {}] }, 3)).toBe(true);
		expect(isLastPage({ records: [{}, {}, {}] }, 3)).toBe(false);
		expect(isLastPage({ records: [{}, {}, {}], range: { first: 0, last: 2, total: 3 } }, 3)).toBe(true);
		// A server that clamps limit: 25 of 500 asked, 40 exist → not the end.
		expect(hasMoreRecords({ records: new Array(25).fill({}), range: { first: 0, last: 24, total: 40 } }, 500)).toBe(true);
		// Offset paging: the page ends where Content-Range says.
		expect(hasMoreRecords({ records: [{}], range: { first: 39, last: 39, total: 40 } }, 10)).toBe(false);
		// Entries that are not objects still count for a full page.
		expect(hasMoreRecords({ records: [{}], received: 3 }, 3)).toBe(true);
		expect(hasMoreRecords({ records: [], received: 0, range: { first: 0, last: -1, total: 500 } }, 10)).toBe(false);
	});
	it('calls a short page ambiguous only while Content-Range announces more', () => {
		const short = { records: new Array(5).fill({}), range: { first: 0, last: 4, total: 300 } };
		expect(isShortPageAnnouncingMore(short, 10)).toBe(true);
		expect(isShortPageAnnouncingMore({ ...short, range: { first: 0, last: 4, total: 5 } }, 10)).toBe(false);
		expect(isShortPageAnnouncingMore({ records: new Array(5).fill({}) }, 10)).toBe(false);
		expect(isShortPageAnnouncingMore({ records: new Array(10).fill({}), range: { first: 0, last: 9, total: 300 } }, 10)).toBe(false);
		expect(entriesReceived({ records: [{}], received: 3 })).toBe(3);
	});
	it('encodes spaces as %20 and keeps quotes readable', () => {
		expect(buildQueryString({ filter: "list eq 'VERF'", limit: 5, empty: '' })).toBe("filter=list%20eq%20'VERF'&limit=5");
	});
});

describe('retry policy', () => {
	it('retries 429/5xx/timeouts with growing jittered delays, not 4xx', () => {
		const p = DEFAULT_RETRY_POLICY;
		expect(decideRetry(1, { status: 400 }, p)).toEqual({ retry: false });
		expect(decideRetry(1, { status: 401 }, p)).toEqual({ retry: false });
		expect(decideRetry(1, { status: 503 }, p, () => 1)).toEqual({ retry: true, delayMs: 500 });
		expect(decideRetry(3, { code: 'ECONNRESET' }, p, () => 1)).toEqual({ retry: true, delayMs: 2000 });
		expect(decideRetry(p.maxAttempts, { status: 503 }, p)).toEqual({ retry: false });
		expect(backoffDelayMs(2, p, undefined, () => 0)).toBe(500);
		expect(backoffDelayMs(20, p, undefined, () => 1)).toBe(p.maxDelayMs);
	});
	it('honours Retry-After (seconds or date) and gives up on very long ones', () => {
		expect(parseRetryAfter('3', 0)).toBe(3000);
		expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:10 GMT', 0)).toBe(10_000);
		expect(decideRetry(1, { status: 429, retryAfterMs: 4000 }, DEFAULT_RETRY_POLICY, () => 0)).toEqual({ retry: true, delayMs: 4000 });
		expect(decideRetry(1, { status: 429, retryAfterMs: 3_600_000 }, DEFAULT_RETRY_POLICY)).toEqual({ retry: false });
	});
});

describe('errors', () => {
	it('finds status, Retry-After and server message in an error chain', () => {
		const axiosLike = { message: 'Request failed', response: { status: 429, headers: { 'Retry-After': '2' }, data: { error: 'slow down' } } };
		const wrapped = { message: 'x', cause: axiosLike };
		expect(inspectFailure(wrapped)).toMatchObject({ status: 429, retryAfterRaw: '2', serverMessage: 'slow down' });
		expect(inspectFailure({ message: 'timeout of 100ms exceeded' }).code).toBe('ETIMEDOUT');
	});
	it('reads the inner response even when the outer NodeApiError already gives the status (n8n wraps axios errors)', () => {
		const axiosError = Object.assign(new Error('Request failed with status code 429'), {
			response: { status: 429, headers: { 'retry-after': '3' }, data: { error: 'Too many requests, wait 3 s' } },
		});
		const wrapped = new NodeApiError(node, axiosError as never);
		expect(wrapped.httpCode).toBe('429');
		const failure = inspectFailure(wrapped);
		expect(failure).toMatchObject({ status: 429, retryAfterRaw: '3', serverMessage: 'Too many requests, wait 3 s' });
		expect(bouwsoftApiError(node, failure, 'Products', [], 5).description).toContain('Too many requests, wait 3 s');
	});
	it('quotes HTML error pages as text and never a token-shaped word', () => {
		const token = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWX';
		const html = `<html><head><style>p{}</style></head><body><h1>Service Unavailable</h1><p>token ${token}</p></body></html>`;
		const failure = inspectFailure({ message: 'x', response: { status: 503, data: html } });
		expect(failure.serverMessage).toBe('Service Unavailable token [redacted]');
	});
	it('names a malformed list answer and retries it', () => {
		const failure = inspectFailure(new MalformedAnswerError('no "Records" list'));
		expect(failure.code).toBe(MALFORMED_ANSWER);
		expect(decideRetry(1, failure, DEFAULT_RETRY_POLICY).retry).toBe(true);
		const error = bouwsoftApiError(node, failure, 'Products', [], 5);
		expect(error.message).toBe('Bouwsoft sent an incomplete answer for Products (tried 5 times)');
		expect(error.description).toContain('no "Records" list');
	});
	it('builds a NodeApiError with the status and a plain sentence, without any token', () => {
		const secret = 'accessTokenValueThatMustNotLeak123';
		const error = bouwsoftApiError(node, { status: 500, serverMessage: `boom AccessToken: ${secret}` }, 'Products', [secret], 3);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('500');
		expect(error.message).toContain('Products');
		const dump = JSON.stringify({ m: error.message, d: error.description, c: error.context });
		expect(dump).not.toContain(secret);
		const auth = bouwsoftApiError(node, { status: 401 }, 'Employees', []);
		expect(auth.description).toContain('Refresh Token');
	});
});

describe('bounded concurrency', () => {
	it('never runs more than the limit at once and keeps order', async () => {
		let inFlight = 0;
		let peak = 0;
		const out = await mapWithConcurrency([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
			inFlight++;
			peak = Math.max(peak, inFlight);
			await new Promise((r) => setImmediate(r));
			inFlight--;
			return n * 2;
		});
		expect(out).toEqual([2, 4, 6, 8, 10, 12, 14]);
		expect(peak).toBe(3);
		expect(chunk([1, 2, 3], 2)).toEqual([[1, 2], [3]]);
	});
	it('stops on the first failure', async () => {
		await expect(mapWithConcurrency([1, 2, 3], 1, async (n) => { if (n === 2) throw new Error('no'); return n; })).rejects.toThrow('no');
	});
});

describe('client options', () => {
	it('Timeout (Seconds): default 60, clamped to 1–600, unreadable values fall back to the default', () => {
		const timeout = (timeoutSeconds: unknown) => readClientOptions(timeoutSeconds === undefined ? {} : { timeoutSeconds } as never).timeoutMs;
		expect(timeout(undefined)).toBe(60_000);
		expect(timeout(2)).toBe(2_000);
		expect(timeout(0)).toBe(1_000);
		expect(timeout(-5)).toBe(1_000);
		expect(timeout(1e9)).toBe(600_000);
		expect(timeout('abc')).toBe(60_000);
		expect(timeout('')).toBe(60_000);
		expect(timeout('2.5')).toBe(2_500);
	});
});
