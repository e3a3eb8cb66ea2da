import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { groupBy } from '../../shared/groupBy';
import { recordKey, type WriteKind } from '../schema';
import { writeInBatches } from '../transport/batch';
import { describeFailure, type OutSmartFailure } from '../transport/errors';
import { callOutSmart, type CredentialSecrets } from '../transport/request';
import type { PlannedWrite, UpsertSettings, WriteFailure } from './types';

/**
 * A transport failure as the failure of a write. OutSmart refusing the values (validation codes such as
 * 1200/1201, 1501, HTTP 400) needs a fix in the data; everything else (network, time-outs, 5xx, 429, 1007,
 * a wrong credential or Base URL) is transient: a later run sends the record again.
 */
export function toWriteFailure(failure: OutSmartFailure): WriteFailure {
	return {
		message: failure.message,
		fix: failure.fix,
		code: failure.code ?? failure.httpStatus,
		...(failure.kind === 'rejected' ? { dataProblem: true } : {}),
	};
}

const CREDENTIAL_CODES = [1002, 1003, 1004, 1005, 1006, 401, 403];

export interface KindRunStats {
	requests: number;
}

/**
 * The keys OutSmart already has for a record kind (one GET of the list endpoint), or undefined when the
 * list cannot be read; then writes are reported as "upserted".
 */
async function existingKeys(
	ctx: IExecuteFunctions,
	credential: CredentialSecrets,
	kind: WriteKind,
	settings: UpsertSettings,
	stats: KindRunStats,
): Promise<{ keys?: Set<string>; unreachable?: OutSmartFailure }> {
	stats.requests++;
	const result = await callOutSmart<unknown>(ctx, credential, { method: 'GET', endpoint: kind }, settings.retry);
	// Down, or a credential problem: writing would fail the same way. (An endpoint that cannot be listed,
	// code 1001, only means we cannot tell created from updated.)
	if (!result.ok && (result.failure.kind === 'transient' || CREDENTIAL_CODES.includes(result.failure.code ?? result.failure.httpStatus ?? 0))) {
		return { unreachable: result.failure };
	}
	if (!result.ok || !Array.isArray(result.response)) {
		ctx.logger?.debug(
			`OutSmart ${kind}: could not list existing records (${result.ok ? 'not a list' : describeFailure(result.failure)}); reporting "upserted".`,
		);
		return {};
	}
	const keys = new Set<string>();
	for (const row of result.response) {
		if (row && typeof row === 'object') {
			const key = recordKey(kind, row as IDataObject);
			if (key) keys.add(key);
		}
	}
	return { keys };
}

/**
 * Upsert master-data records of one kind: array POSTs in batches, bisection of rejected batches, bounded
 * concurrency. Keys arrive unique (upsert/duplicates.ts picks one record per key); any repeat shares the outcome.
 */
export async function upsertMasterData(
	ctx: IExecuteFunctions,
	credential: CredentialSecrets,
	kind: WriteKind,
	writes: PlannedWrite[],
	settings: UpsertSettings,
	stats: KindRunStats,
): Promise<void> {
	const byKey = groupBy(writes, (write) => write.key);
	const unique = [...byKey.values()].map((list) => list[list.length - 1]);
	const lookup = settings.detectExisting ? await existingKeys(ctx, credential, kind, settings, stats) : {};
	if (lookup.unreachable) {
		// OutSmart is down or the credential is wrong: writing would only fail again after more retries.
		for (const write of writes) {
			write.action = 'failed';
			write.failure = toWriteFailure(lookup.unreachable);
		}
		return;
	}
	const existing = lookup.keys;
	const predicted = (key: string) => (existing ? (existing.has(key) ? 'updated' : 'created') : 'upserted');

	if (settings.dryRun) {
		for (const write of writes) write.action = predicted(write.key);
		return;
	}
	const { outcomes, stats: batchStats } = await writeInBatches(
		unique.map((write) => write.record),
		{ batchSize: settings.batchSize, concurrency: settings.concurrency },
		async (batch) => {
			const result = await callOutSmart(ctx, credential, { method: 'POST', endpoint: kind, body: batch }, settings.retry);
			return result.ok ? { ok: true } : { ok: false, failure: result.failure };
		},
	);
	stats.requests += batchStats.requests;
	unique.forEach((write, index) => {
		const outcome = outcomes[index];
		for (const same of byKey.get(write.key) ?? []) {
			if (outcome.ok) same.action = predicted(write.key);
			else {
				same.action = 'failed';
				same.failure = toWriteFailure(outcome.failure);
			}
		}
	});
}
