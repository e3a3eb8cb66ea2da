import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { redactText } from '../../shared/redact';
import { resourceSpec, kindLabel, WRITE_KINDS, type WriteKind } from '../schema';
import { loadCredential } from '../transport/request';
import type { KindRunStats } from '../upsert/masterData';
import { kindsOf, planItems } from '../upsert/plan';
import { writePlans } from '../upsert/run';
import type { ItemPlan, PlannedWrite } from '../upsert/types';
import { differences } from './compare';
import { readOutSmartTable } from './existing';
import { checkCompleteInput, inputCategories, unreadChildren } from './input';
import { buildReconcileOutput, reconcileHints, type SentWrite } from './output';
import { Ownership } from './ownership';
import { executeRemovals } from './remove';
import { applyBrake, checkBrake, planRemovals, unownedCounts } from './removals';
import type { ReconcileSettings } from './types';

/**
 * Reconcile one resource: read every OutSmart record of its kinds, send what is missing or different
 * (the Upsert's writes, parents first), then remove or report OutSmart records of ours that no Bouwsoft
 * record wants any more (children first), behind the safety brake. Dry Run reads only.
 */
export async function runReconcile(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	settings: ReconcileSettings,
): Promise<INodeExecutionData[][]> {
	if (settings.mappingMode !== 'bouwsoft') {
		throw new NodeOperationError(this.getNode(), 'Reconcile works with Mapping "From Bouwsoft Record" only', {
			description: 'Set Mapping to "From Bouwsoft Record" and feed the node from a Bouwsoft node (Get Many, Scope All).',
		});
	}
	checkCompleteInput(this, items, settings.resource);
	const credential = await loadCredential(this);
	for (const notice of settings.notices) this.logger?.warn(`OutSmart node option: ${notice}`);
	const unread = unreadChildren(items, reconciledKinds(settings));
	const kinds = reconciledKinds(settings).filter((kind) => !unread.has(kind));
	if (kinds.length === 0) {
		throw new NodeOperationError(this.getNode(), [...unread.values()].join(' '), { description: 'Nothing was changed in OutSmart.' });
	}
	settings.notices.push(...unread.values());
	const upsertSettings = { ...settings, skipUnchanged: false, detectExisting: false };
	const plans = planItems(this, items, upsertSettings);

	// OutSmart's side, every kind before anything is written: a table that cannot be read stops the run.
	const tables = new Map<WriteKind, Map<string, IDataObject>>();
	const sameKey = new Map<string, IDataObject[]>();
	for (const kind of kinds) tables.set(kind, await readOutSmartTable(this, credential, kind, settings.retry, kind === 'workorders' ? sameKey : undefined));
	const stats: KindRunStats = { requests: kinds.length };

	const changed = new Map<PlannedWrite, string[]>();
	const inSync = (write: PlannedWrite): boolean => {
		const row = tables.get(write.kind)?.get(write.key);
		if (!row) return false;
		const fields = differences(write.kind, write.record, row, settings.updateOrderDetails);
		if (fields.length) changed.set(write, fields);
		return fields.length === 0;
	};
	await writePlans(this, credential, plans, upsertSettings, stats, inSync);
	const sent = sentWrites(plans, tables);

	const wanted = wantedKeys(plans, kinds);
	const categories = inputCategories(items, settings.resource);
	const ownership = new Ownership(this.getWorkflowStaticData('node'), settings.ownership, categories, wanted);
	const removalInput = {
		kinds,
		tables,
		wanted,
		ownership,
		action: settings.removed,
		inputCount: items.length,
		primary: resourceSpec(settings.resource).primary,
		sameKey,
	};
	const removals = planRemovals(removalInput);
	const brake = checkBrake(removals, removalInput, settings.brakePercent);
	applyBrake(removals, brake, settings.brakePercent);
	if (settings.dryRun) {
		for (const removal of removals) if ((removal.action === 'delete' || removal.action === 'deactivate') && !removal.status) removal.status = 'dryRun';
	} else {
		await executeRemovals(
			{
				ctx: this,
				credential,
				settings: upsertSettings,
				stats,
				wantedLinks: wanted.get('material_categories'),
			},
			removals,
		);
	}

	// Before the ledger drops what this run deleted: those were ours.
	const unowned = unownedCounts(removalInput);
	for (const kind of kinds) {
		const gone = new Set(removals.filter((r) => r.kind === kind && r.action === 'delete' && r.status === 'done').map((r) => r.key));
		const written = settings.dryRun ? [] : sent.filter((s) => s.write.kind === kind && s.write.action !== 'failed').map((s) => s.write.key);
		ownership.update(kind, [...(tables.get(kind)?.keys() ?? []), ...written], wanted.get(kind) ?? new Set(), gone);
	}
	ownership.save();

	const toErrorOutput = this.getNode().onError === 'continueErrorOutput';
	const output = buildReconcileOutput({ plans, sent, changed, removals, settings, secrets: credential.secrets, toErrorOutput });
	const hints = reconcileHints({ plans, sent, removals, brake, tables, kinds, settings, unowned, requests: stats.requests, inputCount: items.length });
	this.addExecutionHints(
		...hints.map((message) => ({ message, location: 'outputPane' as const })),
		...settings.notices.map((notice) => ({ message: notice, type: 'warning' as const, location: 'outputPane' as const })),
	);
	this.logger?.info(hints[0] ?? 'OutSmart reconcile', { resource: settings.resource });

	const problem = firstProblem(plans, removals, brake, settings.brakePercent);
	if (problem && !this.continueOnFail()) {
		throw new NodeOperationError(this.getNode(), redactText(problem.message, credential.secrets), {
			description: redactText(problem.fix, credential.secrets),
		});
	}
	return [output];
}

/** The kinds this resource writes with the node's options (a kind it does not write is never reconciled). */
function reconciledKinds(settings: ReconcileSettings): WriteKind[] {
	return kindsOf(settings).filter((kind) => {
		if (kind === 'material_categories') return settings.mapping.linkCategories;
		if (kind === 'contactpersons' && settings.resource === 'relation') return settings.mapping.includeContactPersons;
		if (kind === 'project_activities' && settings.resource === 'project') return settings.mapping.includeActivities;
		if (kind === 'workorders' && settings.resource === 'project') return settings.mapping.createWorkOrder;
		return true;
	});
}

/** Keys the input wants per kind: every planned write, and the keys of records whose mapping failed. */
function wantedKeys(plans: ItemPlan[], kinds: WriteKind[]): Map<WriteKind, Set<string>> {
	const wanted = new Map<WriteKind, Set<string>>(kinds.map((kind) => [kind, new Set<string>()]));
	for (const plan of plans) {
		for (const write of plan.writes) if (write.key) wanted.get(write.kind)?.add(write.key);
		for (const claim of plan.claims ?? []) wanted.get(claim.kind)?.add(claim.key);
	}
	return wanted;
}

/** Writes that were sent (or in a dry run would be), as created when OutSmart did not hold the key. */
function sentWrites(plans: ItemPlan[], tables: Map<WriteKind, Map<string, IDataObject>>): SentWrite[] {
	const sent: SentWrite[] = [];
	for (const plan of plans) {
		for (const write of plan.writes) {
			if (!write.action || write.action === 'unchanged' || write.action === 'skipped' || write.action === 'merged') continue;
			const existed = tables.get(write.kind)?.has(write.key) ?? false;
			sent.push({ write, plan, created: !existed });
		}
	}
	return sent;
}

function firstProblem(
	plans: ItemPlan[],
	removals: ReturnType<typeof planRemovals>,
	brake: ReturnType<typeof checkBrake>,
	brakePercent: number,
): { message: string; fix: string } | undefined {
	const tripped = brake.filter((check) => check.tripped);
	if (tripped.length) {
		const what = tripped
			.map((check) => `${check.removals} of ${check.ours} OutSmart ${kindLabel(check.kind)} (${check.percent.toFixed(1)}%)`)
			.join(', ');
		return {
			message: `Reconcile stopped before removing anything: ${what} would be removed, more than the safety brake's ${brakePercent}%`,
			fix: 'Check the Bouwsoft read (a changed filter, a wrong list or group, a Bouwsoft outage) and the held items in the output. If the removals are right, raise Safety Brake (%) for one run, or run with Dry Run first.',
		};
	}
	const failedPlans = plans.filter((plan) => plan.failure);
	const failedRemovals = removals.filter((removal) => removal.status === 'failed');
	const total = failedPlans.length + failedRemovals.length;
	if (!total) return undefined;
	const first = failedPlans[0]?.failure
		? { message: failedPlans[0].failure.message, fix: failedPlans[0].failure.fix }
		: { message: `${WRITE_KINDS[failedRemovals[0].kind].label} ${failedRemovals[0].key}: ${failedRemovals[0].error ?? ''}`, fix: failedRemovals[0].fix ?? '' };
	return { message: `Reconcile: ${total} record${total > 1 ? 's' : ''} could not be reconciled. First: ${first.message}`, fix: `${first.fix} The next Reconcile run tries again.`.trim() };
}
