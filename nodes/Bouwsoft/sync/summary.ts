import type { IDataObject } from 'n8n-workflow';

import { SYNC_META_FIELD } from '../../shared/types';
import type { ImportCategory } from '../../shared/types';
import { isFallbackPath } from '../transport/capabilities';

/**
 * What one run did. Where it goes (decided in the trigger, see BouwsoftTrigger.node.ts): `this.logger`
 * always, the node state (`lastRun`), and `_sync.summary` on the FIRST emitted item only — never a
 * separate summary item, which downstream nodes would take for a record.
 */
export interface RunSummary {
	category: ImportCategory;
	mode: 'poll' | 'manual' | 'read';
	/** Records read from Bouwsoft (main resource). */
	fetched: number;
	emitted: number;
	/** Already delivered by an earlier poll with the same ts and content. */
	duplicates: number;
	/** Records read but not emitted, by reason. */
	skipped: Record<string, number>;
	/** Records emitted again because a linked record (contact, cost item) changed. */
	resent: number;
	/** Changed linked records read, per resource (e.g. AddressContacts). */
	linkedChanges: Record<string, number>;
	cursorBefore: string | null;
	cursorAfter: string | null;
	/** False when max records per poll / the poll budget stopped the read; the next poll continues. */
	complete: boolean;
	/** The cursor was reset (first run, configuration changed). */
	reset?: string;
	notes: string[];
	/**
	 * How this run read Bouwsoft where the API leaves a choice (`describeKnowledge` of what it relied on, e.g.
	 * "Paging: filters on id do not work: pages are read by offset …"). The log line names them when one is a
	 * fallback.
	 */
	paths: string[];
	requests: number;
	httpRetries: number;
	durationMs: number;
}

export function newSummary(category: ImportCategory, mode: RunSummary['mode']): RunSummary {
	return {
		category,
		mode,
		fetched: 0,
		emitted: 0,
		duplicates: 0,
		skipped: {},
		resent: 0,
		linkedChanges: {},
		cursorBefore: null,
		cursorAfter: null,
		complete: true,
		notes: [],
		paths: [],
		requests: 0,
		httpRetries: 0,
		durationMs: 0,
	};
}

export function countSkip(summary: RunSummary, reason: string): void {
	summary.skipped[reason] = (summary.skipped[reason] ?? 0) + 1;
}

export function summaryText(s: RunSummary): string {
	const skipped = Object.entries(s.skipped)
		.map(([reason, n]) => `${n} ${reason}`)
		.join(', ');
	const parts = [
		`Bouwsoft ${s.category} (${s.mode}): fetched ${s.fetched}, emitted ${s.emitted}`,
		s.duplicates ? `unchanged ${s.duplicates}` : '',
		skipped ? `skipped ${skipped}` : '',
		s.resent ? `re-sent ${s.resent} for changed ${Object.keys(s.linkedChanges).join(', ')}` : '',
		s.mode === 'poll' ? `cursor ${s.cursorBefore ?? '(none)'} → ${s.cursorAfter ?? '(none)'}` : '',
		s.complete ? '' : 'more to read next poll',
		s.reset ? `reset: ${s.reset}` : '',
		`${s.requests} requests`,
	];
	const fallbacks = s.paths.filter(isFallbackPath);
	const paths = fallbacks.length ? ` Read with fallbacks: ${fallbacks.join('; ')}.` : '';
	return parts.filter(Boolean).join('; ') + (s.notes.length ? `. ${s.notes.join(' ')}` : '') + paths;
}

export function summaryJson(s: RunSummary): IDataObject {
	return JSON.parse(JSON.stringify(s)) as IDataObject;
}

/** The run summary rides on the first item only (`_sync.summary`), never as an item of its own. */
export function attachSummary(items: IDataObject[], summary: RunSummary): void {
	const first = items[0];
	const meta = first?.[SYNC_META_FIELD] as IDataObject | undefined;
	if (meta) first[SYNC_META_FIELD] = { ...meta, summary: summaryJson(summary) };
}
