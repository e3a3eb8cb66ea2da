import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { errorOutputItem, resultItem } from '../../shared/items';
import { text } from '../mapping/common';
import { missingAddressFields } from '../mapping/relations';
import type { ItemPlan, UpsertSettings, UpsertSummary, WriteAction } from './types';

/** "Bouwsoft materials 12 (OutSmart key M12)", or "item 3" for items that did not come from Bouwsoft. */
export function describeItem(plan: ItemPlan): string {
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

/**
 * The relation address fields an item sent as the Address Placeholder: the ones its Bouwsoft record (`input`)
 * leaves empty, when the option is set and the item writes a relation ("From Bouwsoft Record" only).
 */
export function placeholderOf(plan: ItemPlan, settings: UpsertSettings, input: IDataObject | undefined): string[] {
	const on = settings.mappingMode === 'bouwsoft' && text(settings.mapping.addressPlaceholder) !== '';
	return on && input && plan.writes.some((write) => write.kind === 'relations') ? missingAddressFields(input) : [];
}

/** One output item per input item (same order, paired), with every string redacted. */
export function buildOutput(
	plans: ItemPlan[],
	settings: UpsertSettings,
	secrets: string[],
	toErrorOutput: boolean,
	/** The input items' json, by item index (for the Address Placeholder fields). */
	inputs: IDataObject[] = [],
): INodeExecutionData[] {
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
		const placeholder = placeholderOf(plan, settings, inputs[plan.index]);
		if (placeholder.length) json.placeholder = placeholder;
		if (settings.dryRun) json.dryRun = true;
		if (plan.sync) json.bouwsoft = { category: plan.sync.category, id: plan.sync.id };
		if (plan.failure) {
			json.error = plan.failure.message;
			json.fix = plan.failure.fix;
			if (plan.failure.code !== undefined) json.code = plan.failure.code;
			if (toErrorOutput) {
				const details = { ...json };
				delete details.error;
				return errorOutputItem(`${describeItem(plan)}: ${plan.failure.message}`, plan.failure.fix, details, plan.index, secrets);
			}
		}
		return resultItem(json, plan.index, secrets);
	});
}

export function summarise(plans: ItemPlan[], requests: number): UpsertSummary {
	const summary: UpsertSummary = { created: 0, updated: 0, unchanged: 0, upserted: 0, merged: 0, skipped: 0, failed: 0, requests };
	for (const plan of plans) summary[itemAction(plan) as keyof Omit<UpsertSummary, 'requests'>]++;
	return summary;
}
