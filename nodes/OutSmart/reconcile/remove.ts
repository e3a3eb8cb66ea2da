import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { groupBy } from '../../shared/groupBy';
import { mapWithConcurrency } from '../../shared/http/concurrency';
import { kindLabel, WRITE_KINDS, type WriteKind } from '../schema';
import { writeInBatches } from '../transport/batch';
import { callOutSmart, type CredentialSecrets } from '../transport/request';
import type { OutSmartFailure } from '../transport/errors';
import { upsertMasterData, type KindRunStats } from '../upsert/masterData';
import type { PlannedWrite, UpsertSettings } from '../upsert/types';
import { splitOurLink } from './ownership';
import { ACTIVE_FLAG, DELETE_ENTITY, orderInUse, orderStatus } from './removals';
import type { Removal } from './types';

/**
 * Carries out the removals, in the order given (children first): GET DeleteEntity per record, or a re-post
 * of the record as OutSmart holds it with its active flag 0. A material's stale category link can only go
 * with all links of that material (DeleteEntity takes one half of the pair), so the material's other links
 * are posted again right after. Every outcome is written on its removal; nothing throws.
 */

interface RemovalContext {
	ctx: IExecuteFunctions;
	credential: CredentialSecrets;
	settings: UpsertSettings;
	stats: KindRunStats;
	/** The links the input wants, by the same key. */
	wantedLinks?: Set<string>;
	/** The same links by material (built once per run, for the repairs). */
	wantedLinksOf?: Map<string, string[]>;
}

/** `mat|cat` keys by material (a material code may hold a "|": the category half starts with L: or G:). */
function linksByMaterial(keys: Set<string> | undefined): Map<string, string[]> {
	const byMaterial = new Map<string, string[]>();
	for (const key of keys ?? []) {
		const link = splitOurLink(key);
		if (link) byMaterial.set(link.material, [...(byMaterial.get(link.material) ?? []), link.category]);
	}
	return byMaterial;
}

async function deleteEntity(run: RemovalContext, entity: string, key: string, value: string): Promise<OutSmartFailure | undefined> {
	run.stats.requests++;
	const result = await callOutSmart(
		run.ctx,
		run.credential,
		{ method: 'GET', endpoint: 'DeleteEntity', qs: { delete_all: 'false', entity, key, value } },
		run.settings.retry,
	);
	return result.ok ? undefined : result.failure;
}

function fail(removal: Removal, failure: OutSmartFailure): void {
	removal.status = 'failed';
	removal.error = failure.message;
	removal.fix = failure.fix;
}

/** OutSmart refusing the entity itself (1600 "Entity: … not found"): its API cannot delete this kind. */
function cannotDelete(failure: OutSmartFailure): boolean {
	return failure.code === 1600 && failure.messages.some((message) => /entity/i.test(message) && /not found/i.test(message));
}

/** The record as OutSmart holds it, reduced to the fields we write, with its active flag off. */
function deactivated(kind: WriteKind, row: IDataObject): IDataObject {
	const record: IDataObject = {};
	for (const field of WRITE_KINDS[kind].fields) {
		const value = row[field.id];
		if (value !== undefined && value !== null && value !== '') record[field.id] = value;
	}
	record[ACTIVE_FLAG[kind] as string] = 0;
	return record;
}

async function deactivate(run: RemovalContext, kind: WriteKind, removals: Removal[]): Promise<void> {
	const writes: PlannedWrite[] = removals.map((removal, item) => ({ item, kind, key: removal.key, record: deactivated(kind, removal.row) }));
	await upsertMasterData(run.ctx, run.credential, kind, writes, { ...run.settings, detectExisting: false, dryRun: false }, run.stats);
	writes.forEach((write, index) => {
		const removal = removals[index];
		if (write.action === 'failed' && write.failure) {
			removal.status = 'failed';
			removal.error = write.failure.message;
			removal.fix = write.failure.fix;
		} else removal.status = 'done';
	});
}

/**
 * A material's stale links (planned only for materials without links made in OutSmart, removals.ts). OutSmart
 * deletes links only per material, all at once: all go, then the ones Bouwsoft wants are posted again. Both
 * steps are idempotent: after a lost answer the wanted links are posted anyway, and a failure names the fix.
 */
async function repairLinks(run: RemovalContext, byMaterial: Map<string, Removal[]>, removals: Removal[]): Promise<void> {
	const materials = [...byMaterial.keys()];
	const deleteFailures = await mapWithConcurrency(materials, run.settings.concurrency, async (material) => await deleteEntity(run, 'material_category', 'mct_mat_code', material));
	materials.forEach((material, index) => {
		for (const removal of byMaterial.get(material) ?? []) {
			const failure = deleteFailures[index];
			if (failure) fail(removal, failure);
			else removal.status = 'done';
		}
	});
	// The links Bouwsoft wants of every repaired material, in batches (posted even after a lost delete answer: harmless).
	const keep = materials.flatMap((material) => (run.wantedLinksOf?.get(material) ?? []).map((category) => ({ mct_mat_code: material, mct_cat_code: category })));
	if (keep.length === 0) return;
	const { outcomes, stats } = await writeInBatches(keep, { batchSize: run.settings.batchSize, concurrency: run.settings.concurrency }, async (batch) => {
		const result = await callOutSmart(run.ctx, run.credential, { method: 'POST', endpoint: 'material_categories', body: batch }, run.settings.retry);
		return result.ok ? { ok: true } : { ok: false, failure: result.failure };
	});
	run.stats.requests += stats.requests;
	// A link Bouwsoft wants that went with an old one and could not be posted again is named; the next run sends it.
	keep.forEach((link, index) => {
		const outcome = outcomes[index];
		if (outcome.ok) return;
		const restore: Removal = {
			kind: 'material_categories',
			key: `${link.mct_mat_code}|${link.mct_cat_code}`,
			row: link,
			action: 'restore',
			reason: `Removed with the material's old category link, to be posted again`,
		};
		fail(restore, outcome.failure);
		restore.fix = `${outcome.failure.fix} The next Reconcile run sends the missing link.`.trim();
		removals.push(restore);
	});
}

/**
 * Work orders: every order of the number is looked at again right before it is deleted (a technician may
 * have picked it up since the read) and deleted by its row, so an order sharing the number is never taken along.
 */
async function removeWorkOrder(run: RemovalContext, removal: Removal): Promise<void> {
	const rows = removal.rows ?? [removal.row];
	const now: IDataObject[] = [];
	for (const row of rows) {
		run.stats.requests++;
		const rowId = String(row.id ?? row.row_id ?? '');
		const result = await callOutSmart<IDataObject | IDataObject[]>(
			run.ctx,
			run.credential,
			{ method: 'GET', endpoint: 'GetWorkorder', qs: { row_id: rowId, update_status: 'false' } },
			run.settings.retry,
		);
		if (!result.ok && result.failure.kind === 'notFound') continue;
		if (!result.ok) return fail(removal, result.failure);
		const answer = Array.isArray(result.response) ? result.response[0] : result.response;
		// An answer without a status is no news: the order counts as it was read.
		now.push({ ...row, status: orderStatus(answer ?? {}) || orderStatus(row) });
	}
	const busy = orderInUse(now);
	if (busy) {
		removal.action = 'keep';
		removal.reason = `${removal.reason}; ${busy} since the read; left as it is`;
		return;
	}
	for (const row of now) {
		const failure = await deleteEntity(run, 'workorder', 'db_row', String(row.id ?? row.row_id ?? ''));
		if (failure) return fail(removal, failure);
	}
	removal.status = 'done';
}

async function remove(run: RemovalContext, removal: Removal): Promise<void> {
	if (removal.kind === 'workorders') return await removeWorkOrder(run, removal);
	const target = DELETE_ENTITY[removal.kind];
	if (!target) {
		removal.action = 'report';
		return;
	}
	const { entity, key } = target;
	// Children first: a material's links, a category's links.
	if (removal.kind === 'materials' || removal.kind === 'categories') {
		const half = removal.kind === 'materials' ? 'mct_mat_code' : 'mct_cat_code';
		const failure = await deleteEntity(run, 'material_category', half, removal.key);
		if (failure) return fail(removal, failure);
	}
	const failure = await deleteEntity(run, entity, key, removal.key);
	if (!failure) {
		removal.status = 'done';
		return;
	}
	if (cannotDelete(failure)) {
		removal.action = 'report';
		removal.reason = `${removal.reason}; OutSmart's API cannot delete ${kindLabel(removal.kind)} (${failure.messages.join(' ') || failure.message}): remove it in OutSmart`;
		return;
	}
	fail(removal, failure);
}

/** Runs every delete and deactivation of the plan; phases one after the other, records of a phase concurrently. */
export async function executeRemovals(run: RemovalContext, removals: Removal[]): Promise<void> {
	const active = removals.filter((r) => (r.action === 'delete' || r.action === 'deactivate') && r.status !== 'alreadyInactive');
	// The links of a material that is deleted go with it (remove() deletes them first).
	const deletedMaterials = new Map(active.filter((r) => r.kind === 'materials' && r.action === 'delete').map((r) => [r.key, r]));
	const withMaterial = new Set(active.filter((r) => r.kind === 'material_categories' && deletedMaterials.has(String(r.row.mct_mat_code ?? ''))));
	const phases = groupBy(active, (r) => `${WRITE_KINDS[r.kind].phase}`);
	for (const list of phases.values()) {
		const byKind = groupBy(list, (r) => r.kind);
		for (const [kind, ofKind] of byKind) {
			const deactivations = ofKind.filter((r) => r.action === 'deactivate');
			if (deactivations.length) await deactivate(run, kind, deactivations);
			const deletes = ofKind.filter((r) => r.action === 'delete' && !withMaterial.has(r));
			if (kind === 'material_categories') {
				const byMaterial = groupBy(deletes, (r) => String(r.row.mct_mat_code ?? r.key.split('|')[0]));
				run.wantedLinksOf ??= linksByMaterial(run.wantedLinks);
				const restores: Removal[] = [];
				await repairLinks(run, byMaterial, restores);
				removals.push(...restores);
			} else if (kind === 'categories') {
				// Deeper categories first (the list is ordered), one at a time: a parent waits for its children.
				for (const removal of deletes) await remove(run, removal);
			} else {
				await mapWithConcurrency(deletes, run.settings.concurrency, async (removal) => await remove(run, removal));
			}
		}
	}
	for (const link of withMaterial) {
		const material = deletedMaterials.get(String(link.row.mct_mat_code ?? '')) as Removal;
		link.status = material.status;
		if (material.status === 'failed') {
			link.error = material.error;
			link.fix = material.fix;
		}
		link.reason = `Its material ${material.key} is gone: ${material.reason.charAt(0).toLowerCase()}${material.reason.slice(1)}`;
	}
}
