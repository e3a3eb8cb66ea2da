import { chunk, mapWithConcurrency } from '../../shared/http/concurrency';
import type { OutSmartFailure } from './errors';

export type SendResult = { ok: true } | { ok: false; failure: OutSmartFailure };
type RecordOutcome = { ok: true } | { ok: false; failure: OutSmartFailure };

/**
 * Per record of a rejected batch: true = OutSmart has it already, false = not written (it is sent again),
 * or a failure when that cannot be told (the record is not sent again and fails with it).
 */
export type RecheckResult = boolean | OutSmartFailure;

interface BatchOptions<T> {
	batchSize: number;
	/** Batches in flight at the same time. */
	concurrency: number;
	/**
	 * Asked when OutSmart rejects a batch of more than one record, before the batch is split: which of its
	 * records it wrote anyway (OutSmart may write the valid part of a rejected batch). For writes that are
	 * not idempotent (work orders); without it every record of a rejected batch is sent again.
	 */
	recheck?: (batch: T[]) => Promise<RecheckResult[]>;
}

interface BatchStats {
	requests: number;
	bisections: number;
	rechecks: number;
}

const OK: RecordOutcome = { ok: true };

/**
 * Write records in array batches. When OutSmart rejects a batch because of its content, the batch is split
 * in halves until the bad records are isolated: the good ones are written, each bad one gets OutSmart's
 * reason. With `recheck`, records a rejected batch wrote anyway settle as written and only the rest are
 * split and sent again. Failures that are not about the content (OutSmart down after retries, wrong
 * credential) stop the remaining batches at once, which then fail with the same reason instead of
 * hammering OutSmart.
 */
export async function writeInBatches<T>(
	records: T[],
	options: BatchOptions<T>,
	send: (batch: T[]) => Promise<SendResult>,
): Promise<{ outcomes: RecordOutcome[]; stats: BatchStats }> {
	const outcomes = new Array<RecordOutcome>(records.length);
	const stats: BatchStats = { requests: 0, bisections: 0, rechecks: 0 };
	let stopped: OutSmartFailure | undefined;

	const stopOn = (failure: OutSmartFailure) => {
		if (failure.kind === 'transient' || failure.kind === 'configuration') stopped ??= failure;
	};
	const settle = (indexes: number[], outcome: RecordOutcome) => {
		for (const i of indexes) outcomes[i] = outcome;
	};
	const batchOf = (indexes: number[]) => indexes.map((i) => records[i]);

	/** The records of a rejected batch that still have to be sent; the others are settled. */
	const notYetWritten = async (indexes: number[]): Promise<number[]> => {
		if (!options.recheck) return indexes;
		stats.rechecks++;
		const written = await options.recheck(batchOf(indexes));
		const rest: number[] = [];
		indexes.forEach((index, k) => {
			const answer = written[k];
			if (answer === true) outcomes[index] = OK;
			else if (answer === false || answer === undefined) rest.push(index);
			else {
				outcomes[index] = { ok: false, failure: answer };
				stopOn(answer);
			}
		});
		return rest;
	};

	const write = async (indexes: number[]): Promise<void> => {
		if (stopped) return settle(indexes, { ok: false, failure: stopped });
		stats.requests++;
		const result = await send(batchOf(indexes));
		if (result.ok) return settle(indexes, OK);
		const { failure } = result;
		if (failure.kind === 'rejected' && indexes.length > 1) {
			const rest = await notYetWritten(indexes);
			if (rest.length <= 1) return rest.length ? await write(rest) : undefined;
			stats.bisections++;
			const half = Math.ceil(rest.length / 2);
			await write(rest.slice(0, half));
			await write(rest.slice(half));
			return;
		}
		stopOn(failure);
		settle(indexes, { ok: false, failure });
	};

	const batches = chunk(
		Array.from({ length: records.length }, (_, i) => i),
		options.batchSize,
	);
	await mapWithConcurrency(batches, options.concurrency, write);
	return { outcomes, stats };
}
