import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { recordFailure, recordSuccess } from '../../shared/syncLedger';
import { redactText, redactValue } from '../../shared/redact';
import { loadCredential } from '../transport';
import { resolveDuplicates, settleMerged } from './duplicates';
import { contentHash, forgetHash, rememberHash, storedHash } from './hash';
import type { ItemPlan, PlannedWrite, RunSummary, UpsertSettings, WriteAction } from './interfaces';
import { upsertMasterData, type KindRunStats } from './masterData';
import { allWrites, kindsOf, planItems } from './plan';
import { WRITE_KINDS, type WriteKind } from './resources';
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
	const nodeData = this.getWorkflowStaticData('node');
	const hashScope = `${settings.resource}:${settings.mappingMode}:${kindsOf(settings).join('+')}`;

	for (const plan of plans) {
		if (plan.failure || plan.skipReason) continue;
		plan.hash = contentHash(plan.writes);
		const primaryKey = plan.writes[0]?.key;
		if (settings.skipUnchanged && primaryKey && storedHash(nodeData, hashScope, primaryKey) === plan.hash) {
			plan.unchanged = true;
		}
	}

	const stats: KindRunStats = { requests: 0 };
	const kinds = (Object.keys(WRITE_KINDS) as WriteKind[]).sort((a, b) => WRITE_KINDS[a].phase - WRITE_KINDS[b].phase);
	for (const kind of kinds) {
		// One record per key and kind; unchanged items take part, so a stale duplicate never overwrites them.
		const { winners, merged } = resolveDuplicates(
			openWrites(plans).filter((write) => write.kind === kind),
			plans,
		);
		const writes = winners.filter((write) => !plans[write.item].unchanged);
		// Categories: a parent written in the same run goes before its children.
		for (const layer of kind === 'categories' ? categoryLayers(writes) : writes.length ? [writes] : []) {
			if (kind === 'workorders') await upsertWorkOrders(this, credential, layer, settings, stats);
			else await upsertMasterData(this, credential, kind, layer, settings, stats);
		}
		settleMerged(kind, merged, plans);
		for (const write of [...writes, ...merged]) {
			if (write.action === 'failed' && write.failure) {
				const plan = plans[write.item];
				plan.failure ??= {
					...write.failure,
					message: `${capitalise(WRITE_KINDS[kind].label)} ${write.key}: ${write.failure.message}`,
				};
			}
		}
	}

	const output = buildOutput.call(this, plans, settings, credential.secrets);
	if (!settings.dryRun) updateState.call(this, plans, nodeData, hashScope);
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

/** Writes not settled yet, of items that neither failed nor were skipped (unchanged ones included). */
function openWrites(plans: ItemPlan[]): PlannedWrite[] {
	return allWrites(plans.filter((plan) => !plan.failure && !plan.skipReason)).filter((write) => !write.action);
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

function describeItem(plan: ItemPlan): string {
	const key = plan.writes[0]?.key;
	const source = plan.sync ? `Bouwsoft ${plan.sync.category} ${plan.sync.id}` : `item ${plan.index}`;
	return key ? `${source} (OutSmart key ${key})` : source;
}

function itemAction(plan: ItemPlan): WriteAction {
	if (plan.failure) return 'failed';
	if (plan.skipReason) return 'skipped';
	if (plan.unchanged) return 'unchanged';
	return plan.writes[0]?.action ?? 'unchanged';
}

function buildOutput(
	this: IExecuteFunctions,
	plans: ItemPlan[],
	settings: UpsertSettings,
	secrets: string[],
): INodeExecutionData[] {
	const toErrorOutput = this.getNode().onError === 'continueErrorOutput';
	return plans.map((plan) => {
		const primary = plan.writes[0];
		const json: IDataObject = {
			action: itemAction(plan),
			resource: settings.resource,
			key: primary?.key ?? '',
			record: primary?.record ?? plan.input ?? {},
		};
		if (primary?.details) Object.assign(json, primary.details);
		if (plan.writes.length > 1) {
			json.related = plan.writes.slice(1).map((write) => ({
				resource: write.kind,
				key: write.key,
				action: plan.unchanged && write.action !== 'merged' ? 'unchanged' : (write.action ?? 'skipped'),
				record: write.record,
				...(write.failure ? { error: write.failure.message } : {}),
			}));
		}
		if (plan.skipReason) json.reason = plan.skipReason;
		if (plan.warnings.length) json.warnings = plan.warnings;
		if (settings.dryRun) json.dryRun = true;
		if (plan.sync) json.bouwsoft = { category: plan.sync.category, id: plan.sync.id };
		if (plan.failure) {
			json.error = plan.failure.message;
			json.fix = plan.failure.fix;
			if (plan.failure.code !== undefined) json.code = plan.failure.code;
			if (toErrorOutput) {
				// n8n routes an item to the error output only when its json is { error, message, details }.
				const details = { ...json };
				delete details.error;
				return {
					json: redactValue({ error: `${describeItem(plan)}: ${plan.failure.message}`, message: plan.failure.fix, details }, secrets),
					pairedItem: { item: plan.index },
				};
			}
		}
		const item: INodeExecutionData = { json, pairedItem: { item: plan.index } };
		item.json = redactValue(json, secrets);
		return item;
	});
}

/** Sync ledger (failed keys are re-read by the trigger) and content hashes for Skip Unchanged. */
function updateState(this: IExecuteFunctions, plans: ItemPlan[], nodeData: IDataObject, hashScope: string): void {
	const globalData = this.getWorkflowStaticData('global');
	for (const plan of plans) {
		const key = plan.writes[0]?.key ?? '';
		if (plan.failure) {
			if (plan.sync) {
				recordFailure(globalData, plan.sync.category, plan.sync.id, key, `${plan.failure.message}. ${plan.failure.fix}`);
			}
			if (key) forgetHash(nodeData, hashScope, key);
			continue;
		}
		if (plan.sync) recordSuccess(globalData, plan.sync.category, plan.sync.id);
		// A merged item's key holds another item's record: only the winner's content hash belongs to it.
		const merged = plan.writes[0]?.action === 'merged';
		if (plan.hash && key && !plan.skipReason && !merged) rememberHash(nodeData, hashScope, key, plan.hash);
	}
}

function summarise(plans: ItemPlan[], requests: number): RunSummary {
	const summary: RunSummary = { created: 0, updated: 0, unchanged: 0, upserted: 0, merged: 0, skipped: 0, failed: 0, requests };
	for (const plan of plans) summary[itemAction(plan) as keyof Omit<RunSummary, 'requests'>]++;
	return summary;
}
