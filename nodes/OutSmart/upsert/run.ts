import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { dropLegacyState } from '../../shared/legacyState';
import { redactText } from '../../shared/redact';
import { WRITE_KINDS, type WriteKind } from '../schema';
import { loadCredential, type CredentialSecrets } from '../transport/request';
import { resolveDuplicates, settleMerged } from './duplicates';
import { changeVersion, factEntry, forgetDelivered, peekDelivered, recordDelivered } from './delivered';
import type { Fact, Peek } from './delivered';
import { writesHash } from './hash';
import type { ItemPlan, PlannedWrite, UpsertSettings } from './types';
import { upsertMasterData, type KindRunStats } from './masterData';
import { buildOutput, describeItem, placeholderOf, summarise } from './output';
import { kindsOf, planItems, writesByKind } from './plan';
import { upsertWorkOrders } from './workOrders';

/**
 * The Upsert operation for every resource: map → skip what OutSmart already has → write per record kind,
 * parents first → per-item results, delivery record, run summary.
 */
export async function runUpsert(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	settings: UpsertSettings,
): Promise<INodeExecutionData[][]> {
	const credential = await loadCredential(this);
	for (const notice of settings.notices) this.logger?.warn(`OutSmart node option: ${notice}`);
	const plans = planItems(this, items, settings);
	const hashScope = `${settings.resource}:${settings.mappingMode}:${kindsOf(settings).join('+')}`;

	// Skip Unchanged: items whose current version OutSmart has accepted before (delivered.ts).
	const facts = settings.skipUnchanged ? factsOf(plans, items, hashScope) : new Map<number, Fact>();
	const peek = facts.size ? await storeCall(this, settings, READ_FAILED, () => peekDelivered(this, [...facts.values()])) : undefined;
	for (const position of peek?.delivered ?? []) plans[position].unchanged = true;

	const stats: KindRunStats = { requests: 0 };
	await writePlans(this, credential, plans, settings, stats);

	if (!settings.dryRun) await updateDeliveryRecord(this, plans, facts, settings, peek);
	const inputs = items.map((item) => item.json ?? {});
	const output = buildOutput(plans, settings, credential.secrets, this.getNode().onError === 'continueErrorOutput', inputs);
	dropLegacyState(this.getWorkflowStaticData('global'));
	const summary = summarise(plans, stats.requests);
	const placeholders = plans.filter((plan) => !plan.failure && placeholderOf(plan, settings, inputs[plan.index]).length).length;
	this.addExecutionHints(
		{
			message: `OutSmart ${settings.dryRun ? 'dry run (nothing sent)' : 'upsert'}: ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged${summary.upserted ? `, ${summary.upserted} upserted` : ''}${summary.merged ? `, ${summary.merged} merged into another item's record (same OutSmart key)` : ''}${summary.skipped ? `, ${summary.skipped} skipped` : ''}, ${summary.failed} failed${placeholders ? `, ${placeholders} relation${placeholders > 1 ? 's' : ''} with a placeholder address` : ''} (${summary.requests} requests).`,
			location: 'outputPane',
		},
		...(settings.dryRun ? [] : deliveryNotes(plans, facts)).map((message) => ({ message, location: 'outputPane' as const })),
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

/**
 * The writes of every plan, per record kind, parents first: one record per key and kind (unchanged items take
 * part, so a stale duplicate never overwrites them), category parents before their children. `inSync` leaves a
 * write out that OutSmart already holds as it is (Reconcile compares before it writes); it ends as 'unchanged'.
 * Failed writes fail their item with the record named. Shared by Upsert and Reconcile.
 */
export async function writePlans(
	ctx: IExecuteFunctions,
	credential: CredentialSecrets,
	plans: ItemPlan[],
	settings: UpsertSettings,
	stats: KindRunStats,
	inSync: (write: PlannedWrite) => boolean = () => false,
): Promise<void> {
	const byKind = writesByKind(plans);
	const kinds = (Object.keys(WRITE_KINDS) as WriteKind[]).sort((a, b) => WRITE_KINDS[a].phase - WRITE_KINDS[b].phase);
	for (const kind of kinds) {
		const { winners, merged } = resolveDuplicates(openWrites(byKind.get(kind) ?? [], plans), plans);
		const writes: PlannedWrite[] = [];
		for (const write of winners) {
			if (plans[write.item].unchanged) continue;
			if (inSync(write)) write.action = 'unchanged';
			else writes.push(write);
		}
		for (const layer of kind === 'categories' ? categoryLayers(writes) : writes.length ? [writes] : []) {
			if (kind === 'workorders') await upsertWorkOrders(ctx, credential, layer, settings, stats);
			else await upsertMasterData(ctx, credential, kind, layer, settings, stats);
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

/** One fact per item that has a Bouwsoft change date and writes something, keyed by its position in `plans`. */
function factsOf(plans: ItemPlan[], items: INodeExecutionData[], hashScope: string): Map<number, Fact> {
	const facts = new Map<number, Fact>();
	plans.forEach((plan, position) => {
		const key = plan.writes[0]?.key;
		if (plan.failure || plan.skipReason || !key) return;
		const version = changeVersion(items[plan.index]?.json ?? {});
		if (!version) return;
		plan.hash = writesHash(plan.writes);
		facts.set(position, { item: position, entry: factEntry(hashScope, key, version, plan.hash) });
	});
	return facts;
}

/**
 * With Skip Unchanged the run knows which versions OutSmart had not accepted before it: say how many and since
 * when, and what is still pending after it (the next run of the template's re-send branch sends those again).
 */
function deliveryNotes(plans: ItemPlan[], facts: Map<number, Fact>): string[] {
	const since = (list: ItemPlan[]) => {
		const dates = list.map((plan) => plan.sync?.ts_lastupdate ?? '').filter(Boolean).sort();
		return dates.length ? `, oldest Bouwsoft change ${dates[0]}` : '';
	};
	const checked = [...facts.keys()].map((position) => plans[position]);
	if (checked.length === 0) return [];
	const sent = checked.filter((plan) => !plan.unchanged && !plan.failure);
	const pending = checked.filter((plan) => plan.failure);
	const notes = [`Delivery record: ${checked.length - sent.length - pending.length} of ${checked.length} already in OutSmart, ${sent.length} delivered now${since(sent)}.`];
	if (pending.length) notes.push(`${pending.length} not in OutSmart yet${since(pending)}: the next re-send run sends them again.`);
	return notes;
}

/**
 * After the writes: facts of what OutSmart accepted are recorded; facts of failed writes that the peek had
 * checked are removed once more. A merged item counts as delivered too: its key holds the newer item's record,
 * as the same-key rule wants, and its own other writes (category links) were accepted; left out, every re-read
 * would write its links again. A failed record whose fact the store kept from the check (`stuck`) and would
 * not remove now would be skipped by later runs with Skip Unchanged: its item says so and names the way out.
 */
async function updateDeliveryRecord(
	ctx: IExecuteFunctions,
	plans: ItemPlan[],
	facts: Map<number, Fact>,
	settings: UpsertSettings,
	peek: Peek | undefined,
): Promise<void> {
	const accepted: Fact[] = [];
	const failed: Fact[] = [];
	for (const [position, fact] of facts) {
		const plan = plans[position];
		if (plan.failure) {
			if (peek?.checked.has(position)) failed.push(fact);
		}
		else if (!plan.unchanged && !plan.skipReason) accepted.push(fact);
	}
	if (accepted.length) await storeCall(ctx, settings, RECORD_FAILED, () => recordDelivered(ctx, accepted, peek === undefined));
	if (failed.length === 0) return;
	const forgotten = await storeCall(ctx, settings, FORGET_FAILED, () => forgetDelivered(ctx, failed).then(() => true));
	if (forgotten) return;
	for (const fact of failed) {
		const failure = plans[fact.item].failure;
		if (!failure || !peek?.stuck.has(fact.item)) continue;
		failure.fix = `${failure.fix} n8n's deduplication store did not answer, so this version may count as delivered and later runs with Skip Unchanged would skip it: run this workflow once with Skip Unchanged off (or the full-sync template) after OutSmart answers again.`.trim();
	}
}

const READ_FAILED = "Skip Unchanged could not read n8n's deduplication store, so every record was written";
const RECORD_FAILED = "Skip Unchanged could not update n8n's deduplication store; the next run writes these records again";
const FORGET_FAILED = "Skip Unchanged could not clear the records OutSmart did not take from n8n's deduplication store";

/**
 * The delivery record only saves writes: when n8n's store cannot be used, everything is written (read) or the
 * next run writes again (record), and the run says so instead of failing.
 */
async function storeCall<T>(ctx: IExecuteFunctions, settings: UpsertSettings, notice: string, call: () => Promise<T>): Promise<T | undefined> {
	try {
		return await call();
	} catch (error) {
		const message = `${notice}: ${(error as Error).message}`;
		settings.notices.push(message);
		ctx.logger?.warn(`OutSmart node: ${message}`);
		return undefined;
	}
}
