import { mapWithConcurrency } from '../../shared/http/concurrency';
import type { OutSmartFailure } from './errors';

export type SendResult = { ok: true } | { ok: false; failure: OutSmartFailure };
type RecordOutcome = { ok: true } | { ok: false; failure: OutSmartFailure };

interface BatchOptions {
	batchSize: number;
	/** Batches in flight at the same time. */
	concurrency: number;
}

interface BatchStats {
	requests: number;
	bisections: number;
}

/**
 * Write records in array batches. When OutSmart rejects a batch because of its content, the batch is split
 * in halves until the bad records are isolated: the good ones are written, each bad one gets OutSmart's
 * reason. Failures that are not about the content (OutSmart down after retries, wrong credential) stop the
 * remaining batches at once, which then fail with the same reason instead of hammering OutSmart.
 */
export async function writeInBatches<T>(
	records: T[],
	options: BatchOptions,
	send: (batch: T[]) => Promise<SendResult>,
): Promise<{ outcomes: RecordOutcome[]; stats: BatchStats }> {
	const outcomes = new Array<RecordOutcome>(records.length);
	const stats: BatchStats = { requests: 0, bisections: 0 };
	let stopped: OutSmartFailure | undefined;

	const settle = (start: number, count: number, outcome: RecordOutcome) => {
		for (let i = start; i < start + count; i++) outcomes[i] = outcome;
	};

	const writeRange = async (start: number, count: number): Promise<void> => {
		if (stopped) return settle(start, count, { ok: false, failure: stopped });
		stats.requests++;
		const result = await send(records.slice(start, start + count));
		if (result.ok) return settle(start, count, { ok: true });
		const { failure } = result;
		if (failure.kind === 'rejected' && count > 1) {
			stats.bisections++;
			const half = Math.ceil(count / 2);
			await writeRange(start, half);
			await writeRange(start + half, count - half);
			return;
		}
		if (failure.kind === 'transient' || failure.kind === 'configuration') stopped ??= failure;
		settle(start, count, { ok: false, failure });
	};

	const starts: number[] = [];
	for (let i = 0; i < records.length; i += Math.max(1, Math.floor(options.batchSize))) starts.push(i);
	await mapWithConcurrency(starts, options.concurrency, async (start) =>
		writeRange(start, Math.min(options.batchSize, records.length - start)),
	);
	return { outcomes, stats };
}
