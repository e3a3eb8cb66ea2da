/**
 * The way back, OutSmart → Bouwsoft: the item shapes handed from the OutSmart Trigger (work orders ready for
 * export) to the Bouwsoft node's Book operation and from there to the OutSmart node's Acknowledge operation.
 * This module is the only owner of these shapes; each node reads and writes them through it.
 */
import { scalarText } from './text';

/** The block the OutSmart Trigger adds to each work order item (the rest is the order as OutSmart returns it). */
export const EXPORT_META_FIELD = '_export';

/** Where an OutSmart work order came from, read from the number our import gave it. */
export type WorkOrderSource = 'assignment' | 'project' | 'other';

/** Why the trigger emitted a work order. */
export type ExportEmitReason = 'new' | 'changed' | 'retry' | 'manual';

export interface ExportMeta {
	/** OutSmart's row id of the order (`id` in GetWorkorders), as a string. */
	rowId: string;
	workorderNo: string;
	source: WorkOrderSource;
	/** The Bouwsoft assignment `nr` (A-<nr>) or project `pnr` (P-<pnr>); '' for other orders. */
	sourceNr: string;
	/** OutSmart `status` when read (Compleet by default) and the account's work status code. */
	status: string;
	workStatus: string;
	/** When the trigger read it (ISO). */
	readAt: string;
	reason: ExportEmitReason;
	/**
	 * Hash of the order's work periods, materials and remark (`Comment`) as read. The Acknowledge operation
	 * compares it with the order it reads back, so an order a technician changed after it was booked is not
	 * marked as exported. Absent (older items, hand-made items): that check is left out.
	 */
	contentHash?: string;
}

/** The `_export` block of an item (its json), or undefined when the item has none or it is not readable. */
export function readExportMeta(json: unknown): ExportMeta | undefined {
	if (!json || typeof json !== 'object') return undefined;
	const meta = (json as Record<string, unknown>)[EXPORT_META_FIELD];
	if (!meta || typeof meta !== 'object' || Array.isArray(meta)) return undefined;
	const m = meta as Record<string, unknown>;
	const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');
	if (!text(m.rowId) && !text(m.workorderNo)) return undefined;
	const reasons: ExportEmitReason[] = ['new', 'changed', 'retry', 'manual'];
	const sources: WorkOrderSource[] = ['assignment', 'project', 'other'];
	return {
		rowId: text(m.rowId),
		workorderNo: text(m.workorderNo),
		source: sources.includes(m.source as WorkOrderSource) ? (m.source as WorkOrderSource) : workOrderSource(m.workorderNo).source,
		sourceNr: text(m.sourceNr),
		status: text(m.status),
		workStatus: text(m.workStatus),
		readAt: text(m.readAt),
		reason: reasons.includes(m.reason as ExportEmitReason) ? (m.reason as ExportEmitReason) : 'new',
		...(typeof m.contentHash === 'string' && m.contentHash ? { contentHash: m.contentHash } : {}),
	};
}

/** `A-1001` → assignment 1001, `P-20230012` → project 20230012, anything else → other. */
export function workOrderSource(workorderNo: unknown): { source: WorkOrderSource; sourceNr: string } {
	const text = scalarText(workorderNo);
	const match = /^([AP])-(\d+)$/.exec(text);
	if (!match) return { source: 'other', sourceNr: '' };
	return { source: match[1] === 'A' ? 'assignment' : 'project', sourceNr: match[2] };
}

/** What happened to one line (a work period or a material) of a work order. */
export type BookingLineState =
	/** Written to Bouwsoft by this run (201). */
	| 'written'
	/** Already on the Bouwsoft assignment (an earlier run, or typed in by the office): not written again. */
	| 'alreadyThere'
	/** Bouwsoft refused it or could not be reached; not on the assignment. */
	| 'failed'
	/** Not attempted (the work order failed before this line). */
	| 'notWritten';

export interface BookingLine {
	kind: 'hours' | 'material';
	/** The natural key the line is matched on in Bouwsoft (see nodes/Bouwsoft/booking). */
	key: string;
	state: BookingLineState;
	/** The Bouwsoft row id, when known. */
	bouwsoftId?: number;
	/** The Bouwsoft columns of the line (what was or would be written). */
	columns: Record<string, string | number | boolean>;
	error?: string;
}

/**
 * The Bouwsoft node's Book output for one work order (top-level fields of the item, next to `_export`).
 * `exported` is the one thing the Acknowledge operation trusts: true only when Bouwsoft holds every line.
 */
export interface BookingResult {
	workorderNo: string;
	rowId: string;
	status: 'booked' | 'skipped' | 'failed';
	exported: boolean;
	assignment?: { id: number; nr: number; projectPnr: number; created: boolean };
	hours: { written: number; alreadyThere: number; failed: number };
	materials: { written: number; alreadyThere: number; failed: number };
	/** The technician's remark in the assignment's `note_technician`. */
	remark: 'appended' | 'alreadyThere' | 'none' | 'failed';
	lines: BookingLine[];
	/** Plain words for a person: what was done, or why not and the fix. */
	message: string;
	/** For a failed work order: what to do about it (also at the end of `message`). */
	fix?: string;
	warnings: string[];
}

/** What the Acknowledge operation (OutSmart node, Work Order → Mark as Exported) did with one work order. */
export type AcknowledgeOutcome =
	/** Marked now. */
	| 'acknowledged'
	/** It already carried the mark (an earlier run, or someone in the office): nothing sent. */
	| 'alreadyAcknowledged'
	/** Not marked: the item is not a complete booking (`exported` not true, or no row id). An error. */
	| 'notExported'
	/** Not marked: the order no longer exists in OutSmart. */
	| 'gone'
	/** Not marked: the order left the status it was read in (a technician reopened it). */
	| 'reopened'
	/** Not marked: its work periods, materials or remark changed after the trigger read it. */
	| 'changed'
	/** Not marked: OutSmart refused or could not be reached (after retries). An error. */
	| 'failed';

/** The Acknowledge operation's output for one work order (top-level fields of the item, next to `_export`). */
export interface AcknowledgeResult {
	workorderNo: string;
	rowId: string;
	/** True when the order carries the mark now (`acknowledged` or `alreadyAcknowledged`). */
	acknowledged: boolean;
	/** The mark: 'Afgehandeld' (the status) or the work status code. */
	set: string;
	outcome: AcknowledgeOutcome;
	/** Plain words for a person: what was done, or why not and what happens next. */
	message: string;
}
