import type { IDataObject } from 'n8n-workflow';

import { toDayMonthYear } from './time';

/**
 * The technician's remark on the Bouwsoft assignment (`note_technician`). It is appended below what is there,
 * never replacing the office's text, as a block that starts with a marker line:
 *
 *   [OutSmart A-1001, 12-03-2026]
 *   Leiding vervangen, klant tevreden
 *
 * A re-run finds the same block (same marker, same text) and leaves the note alone. When the technician
 * changed the remark and the order is exported again, the new block is appended under the same marker, so
 * the office sees both versions.
 */
export function remarkMarker(workorderNo: string, workDate: string): string {
	return `[OutSmart ${workorderNo}, ${toDayMonthYear(workDate)}]`;
}

function textOf(value: unknown): string {
	return typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
}

/** The order's `Comment` and the periods' `WorkRemark`s, then our own notes: trimmed, each once, in order. */
export function technicianRemark(order: IDataObject, notes: readonly string[] = []): string {
	const periods = Array.isArray(order.Workperiods) ? (order.Workperiods as IDataObject[]) : [];
	const parts = [textOf(order.Comment), ...periods.map((p) => textOf(p?.WorkRemark)), ...notes.map(textOf)];
	const seen = new Set<string>();
	const kept: string[] = [];
	for (const part of parts) {
		const key = comparable(part);
		if (!key || seen.has(key)) continue;
		seen.add(key);
		kept.push(part.replace(/\r\n?/g, '\n'));
	}
	return kept.join('\n');
}

export function remarkBlock(marker: string, remark: string): string {
	return `${marker}\n${remark}`;
}

/** Line breaks and spacing as Bouwsoft or the office may have changed them do not count. */
function comparable(text: string): string {
	return text.replace(/\r\n?/g, '\n').replace(/[ \t]+/g, ' ').replace(/ ?\n ?/g, '\n').replace(/\n+/g, '\n').trim().toLowerCase();
}

export function noteHasBlock(note: unknown, block: string): boolean {
	return comparable(textOf(note)).includes(comparable(block));
}

/** The office's note with the block below it (a blank line between). */
export function appendToNote(note: unknown, block: string): string {
	const current = typeof note === 'string' ? note.replace(/\s+$/, '') : '';
	return current ? `${current}\n\n${block}` : block;
}
