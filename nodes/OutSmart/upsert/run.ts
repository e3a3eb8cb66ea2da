import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { postGlobalPatches } from '../../shared/staticDataMailbox';
import type { GlobalPatch } from '../../shared/staticDataMailbox';
import { ledgerPatches, pendingEntry, recordFailure, recordSuccess } from '../../shared/syncLedger';
import type { ImportCategory } from '../../shared/types';
import { redactText } from '../../shared/redact';
import { WRITE_KINDS, type WriteKind } from '../schema';
import { loadCredential } from '../transport/request';
import { resolveDuplicates, settleMerged } from './duplicates';
import { writesHash, forgetAllHashes, forgetHash, HASH_FIELD, rememberHash, storedHash } from './hash';
import type { ItemPlan, PlannedWrite, UpsertSettings } from './types';
import { upsertMasterData, type KindRunStats } from './masterData';
import { buildOutput, describeItem, summarise } from './output';
import { kindsOf, planItems, writesByKind } from './plan';
import { upsertWorkOrders } from './workOrders';

/**
 * The Upsert operation for every resource: map → skip unchanged → write per record kind, parents first →
 * per-item results, sync ledger, content hashes, run summary.
 */
export async function runUpsert(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	settings: UpsertSettings,
): Promise<INodeExecutionData[][]> {
	const credential = await loadCredential(this);
	for (const notice of settings.notices) this.logger?.warn(`OutSmart node option: ${notice}`);
	const plans = planItems(this, items, settings);
	const globalData = this.getWorkflowStaticData('global');
	const nodeName = this.getNode().name;
	const hashScope = `${settings.resource}:${settings.mappingMode}:${kindsOf(settings).join('+')}`;

	// Content hashes only serve Skip Unchanged: without it they would only cost CPU and static data.
	if (settings.skipUnchanged) {
		for (const plan of plans) {
			if (plan.failure || plan.skipReason) continue;
			plan.hash = writesHash(plan.writes);
			const primaryKey = plan.writes[0]?.key;
			if (primaryKey && storedHash(globalData, nodeName, hashScope, primaryKey) === plan.hash) plan.unchanged = true;
		}
	}

	const stats: KindRunStats = { requests: 0 };
	const byKind = writesByKind(plans);
	const kinds = (Object.keys(WRITE_KINDS) as WriteKind[]).sort((a, b) => WRITE_KINDS[a].phase - WRITE_KINDS[b].phase);
	for (const kind of kinds) {
		// One record per key and kind; unchanged items take part, so a stale duplicate never overwrites them.
		const { winners, merged } = resolveDuplicates(openWrites(byKind.get(kind) ?? [], plans), plans);
		const writes = winners.filter((write) => !plans[write.item].unchanged);
		// Categories: a parent written in the same run goes before its children.
		for (const layer of kind === 'categories' ? categoryLayers(writes) : writes.length ? [writes] : []) {
			if (kind === 'workorders') await upsertWorkOrders(this, credential, layer, settings, stats);
			else await upsertMasterData(this, credential, kind, layer, settings, stats);
		}
		settleMerged(kind, merged, plans);
		for (const write of writes.concat(merged)) {
			if (write.action === 'failed' && write.failure) {
				const plan = plans[write.item];
				plan.failure ??= {
					...write.failure,
					message: `${capitalise(WRITE_KINDS[kind].label)} ${write.key}: ${write.failure.message}`,
				};
			}
		}
	}

	const output = buildOutput(plans, settings, credential.secrets, this.getNode().onError === 'continueErrorOutput');
	if (!settings.dryRun) updateState.call(this, plans, globalData, hashScope, settings.skipUnchanged);
	const summary = summarise(plans, stats.requests);
	this.addExecutionHints(
		{
			message: `OutSmart ${settings.dryRun ? 'dry run (nothing sent)' : 'upsert'}: ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged${summary.upserted ? `, ${summary.upserted} upserted` : ''}${summary.merged ? `, ${summary.merged} merged into another item's record (same OutSmart key)` : ''}${summary.skipped ? `, ${summary.skipped} skipped` : ''}, ${summary.failed} failed (${summary.requests} requests).`,
			location: 'outputPane',
		},
		...settings.notices.map((notice) => ({ message: notice, type: 'warning' as const, location: 'outputPane' as const })),
	);

	const failed = plans.filter((plan) => plan.failure);
	if (failed.length && !this.continueOnFail()) {
		const first = failed[0];
		throw new NodeOperationError(
			this.getNode(),
			redactText(
				`${failed.length} record${failed.length > 1 ? 's' : ''} could not be written to OutSmart. First: ${describeItem(first)}: ${first.failure?.message}`,
				credential.secrets,
			),
			{ itemIndex: first.index, description: redactText(first.failure?.fix ?? '', credential.secrets) },
		);
	}
	return [output];
}

function capitalise(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Writes of one kind not settled yet, of items that neither failed nor were skipped (unchanged ones included). */
function openWrites(writes: PlannedWrite[], plans: ItemPlan[]): PlannedWrite[] {
	return writes.filter((write) => !write.action && !plans[write.item].failure && !plans[write.item].skipReason);
}

/** Categories grouped by depth in this run: roots first, then their children, and so on. */
export function categoryLayers(writes: PlannedWrite[]): PlannedWrite[][] {
	const parentOf = new Map(writes.map((w) => [w.key, String(w.record.cat_cat_code ?? '')]));
	const depth = (key: string, seen = new Set<string>()): number => {
		const parent = parentOf.get(key);
		if (!parent || !parentOf.has(parent) || seen.has(key)) return 0;
		seen.add(key);
		return 1 + depth(parent, seen);
	};
	const layers: PlannedWrite[][] = [];
	for (const write of writes) (layers[depth(write.key)] ??= []).push(write);
	return layers.filter(Boolean);
}

/**
 * Sync ledger (failed keys are re-read by the trigger: data problems after a growing pause, transient ones
 * on the next poll) and the content hashes for Skip Unchanged, both in the global static data.
 *
 * In an execution started by an active poll (mode `trigger`) the changes are also posted to the static data
 * mailbox: n8n runs the execution on a copy of the static data loaded from the database, while the active
 * poller keeps its own copy and overwrites the stored one with it whenever it emits. The Bouwsoft Trigger
 * replays the posted changes into that copy (see staticDataMailbox.ts).
 */
function updateState(
	this: IExecuteFunctions,
	plans: ItemPlan[],
	globalData: IDataObject,
	hashScope: string,
	keepHashes: boolean,
): void {
	const nodeName = this.getNode().name;
	const hashChanges: GlobalPatch[] = [];
	const touched: Array<{ category: ImportCategory; id: string }> = [];
	// Hashes of earlier versions lived in the node's own static data: no longer read, so not kept either.
	const legacy = this.getWorkflowStaticData('node');
	if (HASH_FIELD in legacy) delete legacy[HASH_FIELD];
	if (!keepHashes) {
		const dropped = forgetAllHashes(globalData, nodeName);
		if (dropped) hashChanges.push(dropped);
	}
	for (const plan of plans) {
		const key = plan.writes[0]?.key ?? '';
		if (plan.failure) {
			if (plan.sync) {
				recordFailure(globalData, plan.sync.category, plan.sync.id, key, `${plan.failure.message}. ${plan.failure.fix}`, {
					kind: plan.failure.dataProblem ? 'data' : 'transient',
				});
				touched.push(plan.sync);
			}
			if (key && keepHashes) hashChanges.push(forgetHash(globalData, nodeName, hashScope, key));
			continue;
		}
		if (plan.sync) {
			// Only a record that was pending changes the ledger (and needs its removal handed to the poller).
			if (pendingEntry(globalData, plan.sync.category, plan.sync.id)) touched.push(plan.sync);
			recordSuccess(globalData, plan.sync.category, plan.sync.id);
		}
		// A merged item's key holds another item's record: only the winner's content hash belongs to it.
		const merged = plan.writes[0]?.action === 'merged';
		if (plan.hash && key && !plan.skipReason && !merged) {
			hashChanges.push(rememberHash(globalData, nodeName, hashScope, key, plan.hash));
		}
	}
	if (this.getMode() === 'trigger') {
		const workflowId = this.getWorkflow().id;
		postGlobalPatches(workflowId, [...ledgerPatches(globalData, touched), ...hashChanges]);
	}
}
