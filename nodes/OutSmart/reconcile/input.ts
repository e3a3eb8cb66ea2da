import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { SYNC_META_FIELD, type ImportCategory } from '../../shared/types';
import { categoryOf } from '../mapping';
import { kindLabel, resourceSpec, type OutSmartResource, type WriteKind } from '../schema';

/**
 * Reconcile removes what its input does not hold, so the input must be everything Bouwsoft selects: items
 * of the Bouwsoft node's Get Many with Scope "All" and Return All (those carry `_sync.complete`). Trigger
 * items, Changed Since reads and reads cut by a limit are refused, naming the fix.
 */
export function checkCompleteInput(ctx: IExecuteFunctions, items: INodeExecutionData[], resource: OutSmartResource): void {
	const spec = resourceSpec(resource);
	const accepted = spec.categories as ImportCategory[];
	items.forEach((item, index) => {
		const sync = (item.json ?? {})[SYNC_META_FIELD] as IDataObject | undefined;
		if (sync && typeof sync === 'object' && sync.complete === true) {
			if (accepted.includes(sync.category as ImportCategory)) return;
			// Every record of the resource would look gone.
			throw new NodeOperationError(ctx.getNode(), `Reconcile of ${spec.name} records got a Bouwsoft "${String(sync.category)}" record (input item ${index})`, {
				itemIndex: index,
				description: `Set Resource to the one that takes Bouwsoft ${String(sync.category)}, or read ${accepted.join(' / ')} in the Bouwsoft node. Nothing was changed in OutSmart.`,
			});
		}
		const what = !sync || typeof sync !== 'object'
			? 'is not a Bouwsoft record'
			: sync.reason === 'changed'
				? 'is a change (from the Bouwsoft Trigger or Changed Since)'
				: 'does not come from a complete read';
		throw new NodeOperationError(ctx.getNode(), `Reconcile needs every record Bouwsoft selects, but input item ${index} ${what}`, {
			itemIndex: index,
			description:
				'Feed Reconcile from a Bouwsoft node with Operation "Get Many", Scope "All" and Return All on (filter nodes in between are fine). A partial input would make every record it misses look deleted. Nothing was changed in OutSmart.',
		});
	});
}

/** The Bouwsoft categories the run reconciles: those of its items, or every category the resource takes. */
export function inputCategories(items: INodeExecutionData[], resource: OutSmartResource): ImportCategory[] {
	const accepted = resourceSpec(resource).categories as ImportCategory[];
	const found = new Set<ImportCategory>();
	for (const item of items) {
		const category = categoryOf(item.json ?? {}, accepted);
		if (category && accepted.includes(category)) found.add(category);
	}
	return found.size ? [...found] : accepted;
}

/** Where a Bouwsoft item carries its children, when the Bouwsoft node read them. */
const CHILDREN: Partial<Record<WriteKind, { field: string; option: string }>> = {
	contactpersons: { field: 'contacts', option: 'Contacts' },
	project_activities: { field: 'activities', option: 'Activities' },
};

/**
 * Child kinds the Bouwsoft read did not include (e.g. relations read without Contacts): without them every
 * contact person would look gone, so those kinds are not reconciled, and the run says why.
 */
export function unreadChildren(items: INodeExecutionData[], kinds: WriteKind[]): Map<WriteKind, string> {
	const unread = new Map<WriteKind, string>();
	for (const kind of kinds) {
		const child = CHILDREN[kind];
		if (!child || items.length === 0) continue;
		if (items.every((item) => Array.isArray((item.json ?? {})[child.field]))) continue;
		unread.set(
			kind,
			`${kindLabel(kind)} were not reconciled: the Bouwsoft node did not read them (turn on ${child.option} in the Bouwsoft node that feeds Reconcile).`,
		);
	}
	return unread;
}
