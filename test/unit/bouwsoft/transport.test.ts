import { NodeApiError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

import { bouwsoftApiError, inspectFailure } from '../../../nodes/Bouwsoft/transport/errors';
import { buildQueryString, isLastPage, parseContentRange, readListEnvelope } from '../../../nodes/Bouwsoft/transport/paging';
import { backoffDelayMs, decideRetry, DEFAULT_RETRY_POLICY, parseRetryAfter } from '../../../nodes/Bouwsoft/transport/retry';
import { bouwsoftApiBaseUrl, resolveBouwsoftUrl } from '../../../nodes/Bouwsoft/transport/serverUrl';
import { chunk, mapWithConcurrency } from '../../../nodes/Bouwsoft/transport/concurrency';

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
	it('tolerates a missing Records key', () => {
		expect(readListEnvelope({ 'Content-Range': '*/0' }).records).toEqual([]);
		expect(readListEnvelope(null).records).toEqual([]);
	});
	it('knows the last page by a short page or by Content-Range', () => {
		expect(isLastPage({ records: [{}, {}] }, 3)).toBe(true);
		expect(isLastPage({ records: [{}, {}, {}] }, 3)).toBe(false);
		expect(isLastPage({ records: [{}, {}, {}], range: { first: 0, last: 2, total: 3 } }, 3)).toBe(true);
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
