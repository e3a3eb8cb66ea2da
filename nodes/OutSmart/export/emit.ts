import type { IDataObject } from 'n8n-workflow';

import type { ExportEmitReason } from '../../shared/workOrderExport';

/**
 * The OutSmart Trigger's emit decision and its state. Pure: the poll hands in what it read and the time.
 *
 * State, JSON-plain in the node's static data (`staticData.outSmartExport`), written only by poll():
 *
 *   {
 *     version: 1,
 *     emitted: { '<row id>': { fp: '<emit fingerprint>', at: '<ISO time of the last emit>' } },
 *   }
 *
 * One entry per order that is ready now and was emitted; entries of orders no longer ready (acknowledged,
 * reopened, deleted, filtered out) are dropped, so the state stays as small as the export backlog.
 *
 * A ready order is emitted when it is new, when its fingerprint changed (a corrected order goes again at
 * once), or when it was last emitted `Retry After` or longer ago: the workflow failed, Bouwsoft did not take
 * every line, or the acknowledgement did not arrive. A repeat is harmless, the Book operation matches lines
 * it already wrote. n8n saves the state when the poll emits; a quiet poll's drops may be lost and are simply
 * made again by the next poll.
 */

const STATE_FIELD = 'outSmartExport';
const STATE_VERSION = 1;

interface EmittedEntry {
	/** Emit fingerprint (fingerprint.ts) of the order when it was last emitted. */
	fp: string;
	/** When it was last emitted (ISO). */
	at: string;
}

export interface ExportState {
	version: number;
	emitted: Record<string, EmittedEntry>;
}

interface ReadyOrder {
	rowId: string;
	fingerprint: string;
}

interface EmitDecision {
	/** Row ids to emit, in the order read, with the reason. */
	emit: Array<{ rowId: string; reason: ExportEmitReason }>;
	/** Ready, unchanged and emitted less than Retry After ago: waiting for the acknowledgement (manual runs leave them out too). */
	waiting: number;
	/** The state to keep after this poll (the previous one, untouched, for a manual run). */
	state: ExportState;
}

export function emptyExportState(): ExportState {
	return { version: STATE_VERSION, emitted: {} };
}

/** The stored state; a missing or unreadable one comes back empty (every ready order is then new). */
export function loadExportState(staticData: IDataObject): ExportState {
	const stored = staticData[STATE_FIELD] as Partial<ExportState> | undefined;
	if (!stored || typeof stored !== 'object' || stored.version !== STATE_VERSION || !stored.emitted || typeof stored.emitted !== 'object') {
		return emptyExportState();
	}
	const emitted: Record<string, EmittedEntry> = {};
	for (const [rowId, entry] of Object.entries(stored.emitted)) {
		if (entry && typeof entry.fp === 'string' && typeof entry.at === 'string') emitted[rowId] = { fp: entry.fp, at: entry.at };
	}
	return { version: STATE_VERSION, emitted };
}

/** Writes the state only when it differs, so an unchanged poll stages no change for n8n to commit. */
export function saveExportState(staticData: IDataObject, state: ExportState): void {
	if (JSON.stringify(staticData[STATE_FIELD]) === JSON.stringify(state)) return;
	staticData[STATE_FIELD] = state as unknown as IDataObject;
}

export function decideEmits(
	ready: readonly ReadyOrder[],
	previous: ExportState,
	now: number,
	retryAfterMs: number,
	manual: boolean,
): EmitDecision {
	const seen = new Set<string>();
	const orders = ready.filter((order) => !seen.has(order.rowId) && seen.add(order.rowId));
	const recentlyEmitted = (rowId: string, fingerprint: string) => {
		const before = previous.emitted[rowId];
		const since = before ? now - Date.parse(before.at) : NaN;
		return before !== undefined && before.fp === fingerprint && since >= 0 && since < retryAfterMs;
	};
	// A manual run (Execute workflow / Fetch test event) books everything ready and remembers nothing, except the
	// orders the published workflow emitted less than Retry After ago: that execution may be booking them right now,
	// and two executions booking one order at once could both find a line missing and both write it.
	if (manual) {
		const emit = orders.filter(({ rowId, fingerprint }) => !recentlyEmitted(rowId, fingerprint)).map(({ rowId }) => ({ rowId, reason: 'manual' as const }));
		return { emit, waiting: orders.length - emit.length, state: previous };
	}

	const at = new Date(now).toISOString();
	const state = emptyExportState();
	const emit: EmitDecision['emit'] = [];
	let waiting = 0;
	for (const { rowId, fingerprint } of orders) {
		const before = previous.emitted[rowId];
		let reason: ExportEmitReason | undefined;
		if (!before) reason = 'new';
		else if (before.fp !== fingerprint) reason = 'changed';
		// An unreadable time (NaN) or one in the future (clock set back) counts as due: better once more than never.
		else if (!recentlyEmitted(rowId, fingerprint)) reason = 'retry';
		if (reason) {
			emit.push({ rowId, reason });
			state.emitted[rowId] = { fp: fingerprint, at };
		} else {
			waiting++;
			state.emitted[rowId] = before;
		}
	}
	return { emit, waiting, state };
}
