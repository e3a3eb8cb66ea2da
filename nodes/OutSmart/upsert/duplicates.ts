import { groupBy } from '../../shared/groupBy';
import { WRITE_KINDS, type WriteKind } from '../schema';
import type { ItemPlan, PlannedWrite } from './types';
import { stableStringify } from './hash';

/**
 * Several items of one run can map to the same OutSmart key of the same record kind: e.g. two Bouwsoft
 * products in different lists that share an article number (nr1) are one OutSmart material. OutSmart keeps
 * one record per key, so exactly one is written, chosen the same way whatever the item order:
 *
 * - the record of the item with the newest `_sync.ts_lastupdate` (Bouwsoft's last change) wins;
 * - ties, and items without a readable ts_lastupdate (they count as oldest), go to the later item;
 * - the other writes are not sent and are reported as `merged` into the winner's key. Only writes of the
 *   same kind and key merge: the category link of every product is still written (a material may be in
 *   several categories).
 */

/** Bouwsoft's ts_lastupdate as a sortable `yyyy-MM-dd HH:mm:ss`, or '' when it cannot be read. */
export function sortableTimestamp(value: unknown): string {
	if (typeof value !== 'string') return '';
	const text = value.trim();
	const pad = (part: string | undefined) => (part ?? '0').padStart(2, '0');
	const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?/.exec(text);
	if (iso) return `${iso[1]}-${pad(iso[2])}-${pad(iso[3])} ${pad(iso[4])}:${pad(iso[5])}:${pad(iso[6])}`;
	// Day first: 31/03/2025 10:00 or 31-03-2025 10:00:00.
	const dayFirst = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?/.exec(text);
	if (dayFirst) {
		return `${dayFirst[3]}-${pad(dayFirst[2])}-${pad(dayFirst[1])} ${pad(dayFirst[4])}:${pad(dayFirst[5])}:${pad(dayFirst[6])}`;
	}
	return '';
}

/**
 * Whether `later` (which comes after `best` in item order) wins the key: a newer ts_lastupdate, or the same
 * one (also within one item, e.g. a contact listed twice).
 */
function beats(later: PlannedWrite, best: PlannedWrite, plans: ItemPlan[]): boolean {
	const tsLater = sortableTimestamp(plans[later.item].sync?.ts_lastupdate);
	const tsBest = sortableTimestamp(plans[best.item].sync?.ts_lastupdate);
	return tsLater >= tsBest;
}

interface DuplicateResolution {
	/** One write per key, in the order of the first write of each key. */
	winners: PlannedWrite[];
	/** The writes that are not sent; each has `mergedInto` set to the winner. */
	merged: PlannedWrite[];
}

/** Picks one write per key among the writes of one kind, given in item order (see above), and marks the others. */
export function resolveDuplicates(writes: PlannedWrite[], plans: ItemPlan[]): DuplicateResolution {
	const byKey = groupBy(writes, (write) => write.key);
	const winners: PlannedWrite[] = [];
	const merged: PlannedWrite[] = [];
	for (const group of byKey.values()) {
		if (group.length === 1) {
			winners.push(group[0]);
			continue;
		}
		const winner = group.reduce((best, write) => (beats(write, best, plans) ? write : best));
		winners.push(winner);
		for (const write of group) {
			if (write === winner) continue;
			write.mergedInto = winner;
			merged.push(write);
		}
	}
	return { winners, merged };
}

/** Describes the item that won a key, for the merged item's output. */
function winnerOf(write: PlannedWrite, plans: ItemPlan[]): string {
	const plan = plans[write.item];
	return plan.sync ? `item ${write.item} (Bouwsoft ${plan.sync.category} ${plan.sync.id})` : `item ${write.item}`;
}

/**
 * Gives merged writes the outcome of their winner: `merged` when the winner was written (or left
 * unchanged), `failed` with the winner's failure when it was not, so the item is retried as well.
 */
export function settleMerged(kind: WriteKind, merged: PlannedWrite[], plans: ItemPlan[]): void {
	const label = WRITE_KINDS[kind].label;
	for (const write of merged) {
		const winner = write.mergedInto as PlannedWrite;
		if (winner.action === 'failed') {
			write.action = 'failed';
			write.failure = winner.failure;
			continue;
		}
		write.action = 'merged';
		write.details = { mergedInto: winner.key, mergedIntoItem: winner.item };
		if (winner.item !== write.item && stableStringify(winner.record) !== stableStringify(write.record)) {
			plans[write.item].warnings.push(
				`The ${label} ${write.key} of this item was not written: ${winnerOf(winner, plans)} maps to the same OutSmart key and wins (newer Bouwsoft ts_lastupdate; on a tie the later item), so its ${label} was written.`,
			);
		}
	}
}
