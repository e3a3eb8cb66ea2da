import { chunk, mapWithConcurrency } from '../../../nodes/shared/http/concurrency';
import { backoffDelay, networkErrorCode, parseRetryAfter } from '../../../nodes/shared/http/retry';
import { writeInBatches, type SendResult } from '../../../nodes/OutSmart/transport/batch';
import {
	describeFailure,
	httpFailure,
	missingFields,
	networkFailure,
	translateCode,
	type OutSmartFailure,
} from '../../../nodes/OutSmart/transport/errors';

describe('translateCode', () => {
	it('tells a wrong token from a wrong software token, naming the credential field to fix', () => {
		const token = translateCode(1004);
		const software = translateCode(1005);
		expect(token.kind).toBe('configuration');
		expect(token.fix).toContain('"Token"');
		expect(token.fix).not.toContain('Software Token');
		expect(software.fix).toContain('"Software Token"');
		expect(describeFailure(software)).toMatch(/does not accept the software token/);
	});

	it.each([
		[1101, 'employee', 'firstname'],
		[1201, 'material', 'unit'],
		[1301, 'relation', 'postal_code'],
		[1701, 'project', 'date_start'],
		[1801, 'hour type', 'sale_price'],
		[2401, 'category', 'cat_name'],
		[2501, 'material category link', 'mct_cat_code'],
		[2901, 'warehouse', 'wse_description'],
		[3101, 'contact person', 'cpn_name'],
		[3001, 'project activity', 'pra_name'],
	])('code %i names the %s and the missing field', (code, entity, field) => {
		const failure = translateCode(code, [`Required field missing: ${field}`]);
		expect(failure.kind).toBe('rejected');
		expect(failure.message).toContain(`OutSmart rejected the ${entity}`);
		expect(failure.fix).toContain(`Fill "${field}" for this ${entity}`);
	});

	it('classifies transient, not-found and no-change codes', () => {
		expect(translateCode(1007).kind).toBe('transient');
		expect(translateCode(1500).kind).toBe('notFound');
		expect(translateCode(1503).kind).toBe('noChange');
		expect(translateCode(1504, ['Employee not updated']).fix).toMatch(/employee number must exist/);
		expect(translateCode(1200, ['Invalid decimal for price: cannot be parsed']).message).toContain('could not save the material');
		expect(translateCode(9999).kind).toBe('rejected');
	});

	it('reads field names out of OutSmart messages', () => {
		expect(missingFields(['Required field missing: code', 'Required field missing: unit', 'other'])).toEqual(['code', 'unit']);
	});

	it('HTTP and network failures', () => {
		expect(httpFailure(503).kind).toBe('transient');
		expect(httpFailure(429).message).toContain('slow down');
		expect(httpFailure(401).kind).toBe('configuration');
		expect(httpFailure(400).kind).toBe('rejected');
		expect(networkFailure('ECONNREFUSED').message).toBe('Could not reach OutSmart (connection refused)');
		expect(networkFailure('EWHATEVER').message).not.toMatch(/EWHATEVER/);
	});

	it('finds network codes on wrapped errors', () => {
		expect(networkErrorCode({ message: 'x', cause: { code: 'ECONNRESET' } })).toBe('ECONNRESET');
		expect(networkErrorCode(new Error('timeout of 5000ms exceeded'))).toBe('ETIMEDOUT');
		expect(networkErrorCode(new Error('Bad request'))).toBeUndefined();
	});
});

describe('retry timing', () => {
	const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000, timeoutMs: 1000 };
	it('grows exponentially with jitter inside [ceiling/2, ceiling] and is capped', () => {
		expect(backoffDelay(1, policy, undefined, () => 0)).toBe(50);
		expect(backoffDelay(1, policy, undefined, () => 1)).toBe(100);
		expect(backoffDelay(3, policy, undefined, () => 1)).toBe(400);
		expect(backoffDelay(10, policy, undefined, () => 1)).toBe(1000);
	});
	it('never waits less than Retry-After (capped at the maximum delay)', () => {
		expect(backoffDelay(1, policy, 700, () => 0)).toBe(700);
		expect(backoffDelay(1, policy, 60_000, () => 0)).toBe(1000);
	});
	it('parses Retry-After seconds and HTTP dates', () => {
		expect(parseRetryAfter('3')).toBe(3000);
		expect(parseRetryAfter(['2'])).toBe(2000);
		const now = new Date('2025-03-01T10:00:00Z');
		expect(parseRetryAfter('Sat, 01 Mar 2025 10:00:05 GMT', now)).toBe(5000);
		expect(parseRetryAfter('soon')).toBeUndefined();
		expect(parseRetryAfter(undefined)).toBeUndefined();
	});
});

describe('writeInBatches (bisection)', () => {
	const rejected = (message: string): OutSmartFailure => ({ kind: 'rejected', code: 1200, messages: [message], message, fix: 'fix it' });

	/** A fake OutSmart that rejects any batch containing a bad record, all-or-nothing. */
	function fakeOutSmart(bad: Set<number>) {
		const written: number[] = [];
		const sent: number[][] = [];
		const send = async (batch: number[]): Promise<SendResult> => {
			sent.push(batch);
			const culprit = batch.find((n) => bad.has(n));
			if (culprit !== undefined) return { ok: false, failure: rejected(`bad ${culprit}`) };
			written.push(...batch);
			return { ok: true };
		};
		return { written, sent, send };
	}

	it('isolates exactly the bad records and writes every good one', async () => {
		const records = Array.from({ length: 1000 }, (_, i) => i);
		const bad = new Set([0, 499, 500, 999]);
		const outSmart = fakeOutSmart(bad);
		const { outcomes, stats } = await writeInBatches(records, { batchSize: 200, concurrency: 3 }, outSmart.send);
		expect(outSmart.written.sort((a, b) => a - b)).toEqual(records.filter((n) => !bad.has(n)));
		const failedIndexes = outcomes.flatMap((o, i) => (o.ok ? [] : [i]));
		expect(failedIndexes).toEqual([0, 499, 500, 999]);
		expect(outcomes[499]).toEqual({ ok: false, failure: expect.objectContaining({ message: 'bad 499' }) });
		// Bisection stays logarithmic: far fewer requests than one per record.
		expect(stats.requests).toBeLessThan(100);
		expect(Math.max(...outSmart.sent.map((b) => b.length))).toBe(200);
	});

	it('stops sending once OutSmart is down, failing the rest with the same reason', async () => {
		const down: OutSmartFailure = { kind: 'transient', messages: [], message: 'Could not reach OutSmart', fix: 'later' };
		let calls = 0;
		const { outcomes } = await writeInBatches(Array.from({ length: 50 }, (_, i) => i), { batchSize: 10, concurrency: 1 }, async () => {
			calls++;
			return { ok: false, failure: down };
		});
		expect(calls).toBe(1);
		expect(outcomes.every((o) => !o.ok && o.failure === down)).toBe(true);
	});

	/** A fake OutSmart that writes the good records of a rejected batch anyway (partial batch validation). */
	function partialOutSmart(bad: Set<number>) {
		const written: number[] = [];
		const sent: number[][] = [];
		const send = async (batch: number[]): Promise<SendResult> => {
			sent.push(batch);
			written.push(...batch.filter((n) => !bad.has(n)));
			const culprit = batch.find((n) => bad.has(n));
			return culprit === undefined ? { ok: true } : { ok: false, failure: rejected(`bad ${culprit}`) };
		};
		const rechecked: number[][] = [];
		const recheck = async (batch: number[]) => {
			rechecked.push(batch);
			return batch.map((n) => written.includes(n));
		};
		return { written, sent, send, rechecked, recheck };
	}

	it('recheck: records a rejected batch wrote anyway are not sent again, only the rest is split', async () => {
		const records = Array.from({ length: 100 }, (_, i) => i);
		const bad = new Set([3, 42, 97]);
		const outSmart = partialOutSmart(bad);
		const { outcomes, stats } = await writeInBatches(
			records,
			{ batchSize: 20, concurrency: 2, recheck: outSmart.recheck },
			outSmart.send,
		);
		// Every good record written exactly once.
		expect([...outSmart.written].sort((a, b) => a - b)).toEqual(records.filter((n) => !bad.has(n)));
		expect(outcomes.flatMap((o, i) => (o.ok ? [] : [i]))).toEqual([3, 42, 97]);
		expect(outcomes[42]).toEqual({ ok: false, failure: expect.objectContaining({ message: 'bad 42' }) });
		// Each rejected batch is rechecked once, then only its bad record is sent again, alone.
		expect(outSmart.rechecked.map((b) => b.length)).toEqual([20, 20, 20]);
		expect(outSmart.sent.filter((b) => b.length === 1).sort()).toEqual([[3], [42], [97]]);
		expect(stats).toEqual({ requests: 5 + 3, bisections: 0, rechecks: 3 });
	});

	it('recheck finding nothing written (all-or-nothing OutSmart) keeps plain bisection', async () => {
		const records = Array.from({ length: 16 }, (_, i) => i);
		const outSmart = fakeOutSmart(new Set([5]));
		const rechecked: number[][] = [];
		const { outcomes, stats } = await writeInBatches(
			records,
			{
				batchSize: 8,
				concurrency: 1,
				recheck: async (batch) => {
					rechecked.push(batch);
					return batch.map(() => false);
				},
			},
			outSmart.send,
		);
		expect(outSmart.written.sort((a, b) => a - b)).toEqual(records.filter((n) => n !== 5));
		expect(outcomes.flatMap((o, i) => (o.ok ? [] : [i]))).toEqual([5]);
		// Rechecked at every rejected level with more than one record: [0..7], [4..7], [4, 5].
		expect(rechecked).toEqual([[0, 1, 2, 3, 4, 5, 6, 7], [4, 5, 6, 7], [4, 5]]);
		expect(stats.rechecks).toBe(3);
		expect(stats.bisections).toBe(3);
	});

	it('recheck: a record whose state cannot be told fails with that reason and is not sent again; OutSmart down stops the rest', async () => {
		const unknown: OutSmartFailure = { kind: 'transient', messages: [], message: 'Could not reach OutSmart', fix: 'later' };
		const sent: number[][] = [];
		const { outcomes } = await writeInBatches(
			[1, 2, 3, 4],
			{ batchSize: 4, concurrency: 1, recheck: async () => [true, unknown, false, true] },
			async (batch) => {
				sent.push(batch);
				return batch.length > 1 ? { ok: false, failure: rejected('bad 3') } : { ok: true };
			},
		);
		// OutSmart looked unreachable: nothing more is sent, so the unwritten record 3 fails with the same reason.
		expect(outcomes).toEqual([{ ok: true }, { ok: false, failure: unknown }, { ok: false, failure: unknown }, { ok: true }]);
		expect(sent).toEqual([[1, 2, 3, 4]]);
	});

	it('without recheck a rejected batch is sent again in halves, whatever it wrote', async () => {
		const outSmart = partialOutSmart(new Set([2]));
		await writeInBatches([0, 1, 2, 3], { batchSize: 4, concurrency: 1 }, outSmart.send);
		expect(outSmart.sent).toEqual([[0, 1, 2, 3], [0, 1], [2, 3], [2], [3]]);
	});

	it('handles empty input, odd batch sizes and keeps order with concurrency', async () => {
		expect((await writeInBatches([], { batchSize: 5, concurrency: 2 }, async () => ({ ok: true }))).outcomes).toEqual([]);
		expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
		const order = await mapWithConcurrency([30, 10, 20], 3, async (ms) => {
			await new Promise((resolve) => setTimeout(resolve, ms));
			return ms * 2;
		});
		expect(order).toEqual([60, 20, 40]);
	});
});
