import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { errorOutputItem, resultItem } from '../../shared/items';
import { kindLabel, WRITE_KINDS, type WriteKind } from '../schema';
import { describeItem } from '../upsert/output';
import type { ItemPlan, PlannedWrite } from '../upsert/types';
import type { BrakeCheck, ReconcileSettings, Removal } from './types';

/** A write Reconcile sent (or, in a dry run, would send). */
export interface SentWrite {
	write: PlannedWrite;
	plan: ItemPlan;
	created: boolean;
}

/**
 * One item per record Reconcile changed or would change, removed, reported or held, and per input item it
 * could not map; records OutSmart already holds as they are give no item (a nightly run of 100,000 materials
 * lists the few that changed). Failures go to the error output when the node has one.
 */
export function buildReconcileOutput(run: {
	plans: ItemPlan[];
	sent: SentWrite[];
	changed: Map<PlannedWrite, string[]>;
	removals: Removal[];
	settings: ReconcileSettings;
	secrets: string[];
	toErrorOutput: boolean;
}): INodeExecutionData[] {
	const { settings, secrets, toErrorOutput } = run;
	const status = settings.dryRun ? 'dryRun' : 'done';
	const out: INodeExecutionData[] = [];
	const failedItems = new Set<number>();
	for (const plan of run.plans) {
		if (!plan.failure || plan.writes.some((write) => write.action === 'failed')) continue;
		failedItems.add(plan.index);
		const json: IDataObject = {
			action: 'send',
			status: 'failed',
			kind: WRITE_KINDS[plan.writes[0]?.kind ?? kindOfClaim(plan)].label,
			key: plan.writes[0]?.key ?? plan.claims?.[0]?.key ?? '',
			error: plan.failure.message,
			fix: plan.failure.fix,
			...(plan.sync ? { bouwsoft: { category: plan.sync.category, id: plan.sync.id } } : {}),
		};
		out.push(failure(json, `${describeItem(plan)}: ${plan.failure.message}`, plan.failure.fix, plan.index));
	}
	for (const { write, plan, created } of run.sent) {
		const failed = write.action === 'failed';
		const json: IDataObject = {
			action: created ? 'create' : 'update',
			status: failed ? 'failed' : status,
			kind: WRITE_KINDS[write.kind].label,
			key: write.key,
			...(run.changed.has(write) ? { changed: run.changed.get(write) } : {}),
			record: write.record,
			...(write.details ? { details: write.details } : {}),
			...(plan.sync ? { bouwsoft: { category: plan.sync.category, id: plan.sync.id } } : {}),
		};
		if (failed && write.failure) {
			json.error = write.failure.message;
			json.fix = write.failure.fix;
			out.push(failure(json, `${WRITE_KINDS[write.kind].label} ${write.key}: ${write.failure.message}`, write.failure.fix, plan.index));
		} else out.push(resultItem(json, plan.index, secrets));
	}
	for (const removal of run.removals) {
		const json: IDataObject = {
			action: removal.action,
			status: removal.status ?? (removal.action === 'report' || removal.action === 'keep' ? 'reported' : removal.action === 'hold' ? 'held' : status),
			kind: WRITE_KINDS[removal.kind].label,
			key: removal.key,
			reason: removal.reason,
			...(removal.held ? { held: removal.held } : {}),
			record: removal.row,
		};
		if (removal.status === 'alreadyInactive') continue;
		if (removal.status === 'failed' || removal.action === 'hold') {
			const message = removal.error ?? `Held by the safety brake`;
			json.error = message;
			json.fix = removal.fix ?? 'Check the Bouwsoft read; raise Safety Brake (%) for one run if the removals are right.';
			out.push(failure(json, `${WRITE_KINDS[removal.kind].label} ${removal.key}: ${message}`, json.fix as string, 0));
		} else {
			if (removal.error) json.warning = `${removal.error} ${removal.fix ?? ''}`.trim();
			out.push(resultItem(json, 0, secrets));
		}
	}
	return out;

	function failure(json: IDataObject, message: string, fix: string, index: number): INodeExecutionData {
		if (!toErrorOutput) return resultItem(json, index, secrets);
		const details = { ...json };
		delete details.error;
		return errorOutputItem(message, fix, details, index, secrets);
	}
}

function kindOfClaim(plan: ItemPlan): WriteKind {
	return plan.claims?.[0]?.kind ?? 'materials';
}

function count<T>(list: T[], test: (value: T) => boolean): number {
	return list.reduce((n, value) => (test(value) ? n + 1 : n), 0);
}

/** The run in plain words: what each side holds, what was sent and removed, the brake, the ledger. */
export function reconcileHints(run: {
	plans: ItemPlan[];
	sent: SentWrite[];
	removals: Removal[];
	brake: BrakeCheck[];
	tables: Map<WriteKind, Map<string, IDataObject>>;
	kinds: WriteKind[];
	settings: ReconcileSettings;
	/** Records no input item wants that are not known as ours, per kind (left alone). */
	unowned?: Map<WriteKind, number>;
	requests: number;
	inputCount: number;
}): string[] {
	const { removals, sent, settings } = run;
	const would = settings.dryRun ? 'would be ' : '';
	const inOutSmart = run.kinds
		.map((kind) => {
			const size = run.tables.get(kind)?.size ?? 0;
			return `${size} ${kindLabel(kind, size)}`;
		})
		.join(', ');
	const sentOk = sent.filter((s) => s.write.action !== 'failed');
	const perKind = <T extends { kind: WriteKind }>(list: T[]) => {
		const counts = new Map<WriteKind, number>();
		for (const entry of list) counts.set(entry.kind, (counts.get(entry.kind) ?? 0) + 1);
		return counts.size ? [...counts].map(([kind, n]) => `${n} ${kindLabel(kind, n)}`).join(' + ') : '0';
	};
	const kindOf = (s: SentWrite) => ({ kind: s.write.kind });
	const parts = [
		`OutSmart reconcile${settings.dryRun ? ' (dry run, nothing changed)' : ''}: ${run.inputCount} Bouwsoft records; OutSmart held ${inOutSmart}`,
		`${would}created ${perKind(sentOk.filter((s) => s.created).map(kindOf))}`,
		`${would}updated ${perKind(sentOk.filter((s) => !s.created).map(kindOf))}`,
		`${would}deleted ${perKind(removals.filter((r) => r.action === 'delete' && r.status !== 'failed'))}`,
		`${would}deactivated ${perKind(removals.filter((r) => r.action === 'deactivate' && r.status !== 'failed' && r.status !== 'alreadyInactive'))}`,
		`reported ${perKind(removals.filter((r) => r.action === 'report' || r.action === 'keep'))}`,
	];
	const already = count(removals, (r) => r.status === 'alreadyInactive');
	if (already) parts.push(`${already} already inactive`);
	const held = count(removals, (r) => r.action === 'hold');
	if (held) parts.push(`${held} held by the safety brake`);
	const failed = count(run.plans, (p) => p.failure !== undefined) + count(removals, (r) => r.status === 'failed');
	parts.push(`${failed} failed (${run.requests} requests)`);
	const hints = [`${parts.join(', ')}.`];
	if (run.unowned?.size) {
		const list = [...run.unowned].map(([kind, n]) => `${n} ${kindLabel(kind, n)}`).join(', ');
		hints.push(
			`Left alone: ${list} in OutSmart that no Bouwsoft record read has and that are not known to come from Bouwsoft (made in OutSmart, or gone from Bouwsoft before this node learned them; see the option Records From Bouwsoft).`,
		);
	}
	for (const check of run.brake) {
		hints.push(
			`Safety brake, ${kindLabel(check.kind)}: ${check.removals} of ${check.ours} ours in OutSmart would go (${check.percent.toFixed(1)}%, limit ${settings.brakePercent}%)${check.tripped ? ': STOPPED, nothing removed' : ''}.`,
		);
	}
	return hints;
}
