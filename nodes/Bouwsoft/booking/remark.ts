import type { IDataObject } from 'n8n-workflow';

import { toDayMonthYear } from './time';
import { scalarText } from '../../shared/text';

/**
 * The technician's remark on the Bouwsoft assignment (`note_technician`). It is appended below what is there,
 * never replacing the office's text, as a block that starts with a marker line:
 *
 *   [OutSmart A-1001, 12-03-2026]
 *   Leiding vervangen, klant tevreden
 *
 * The remark is a list of parts (the order's comment, each period's remark, our own notes). A part that is
 * already in the note below a marker of this work order is not added again: a re-run adds nothing, and an
 * order reopened and completed again adds only its new remarks, under a marker with its new work date.
 */
export function remarkMarker(workorderNo: string, workDate: string): string {
	return `[OutSmart ${workorderNo}, ${toDayMonthYear(workDate)}]`;
}

/** Line breaks, spacing and case as Bouwsoft or the office may have changed them do not count. */
function comparable(text: string): string {
	return text.replace(/\r\n?/g, '\n').replace(/[ \t]+/g, ' ').replace(/ ?\n ?/g, '\n').replace(/\n+/g, '\n').trim().toLowerCase();
}

/** The order's `Comment` and the periods' `WorkRemark`s, then our own notes: trimmed, each once, in order. */
export function remarkParts(order: IDataObject, notes: readonly string[] = []): string[] {
	const periods = Array.isArray(order.Workperiods) ? (order.Workperiods as IDataObject[]) : [];
	const parts = [scalarText(order.Comment), ...periods.map((p) => scalarText(p?.WorkRemark)), ...notes.map(scalarText)];
	const seen = new Set<string>();
	const kept: string[] = [];
	for (const part of parts) {
		const key = comparable(part);
		if (!key || seen.has(key)) continue;
		seen.add(key);
		kept.push(part.replace(/\r\n?/g, '\n'));
	}
	return kept;
}

/** The parts the note does not hold yet below a marker of this work order (all of them when it has none). */
export function partsMissingFrom(note: unknown, workorderNo: string, parts: readonly string[]): string[] {
	const text = comparable(scalarText(note));
	const at = text.indexOf(comparable(`[OutSmart ${workorderNo},`));
	if (at < 0) return [...parts];
	const ours = text.slice(at);
	return parts.filter((part) => !ours.includes(comparable(part)));
}

export function remarkBlock(marker: string, parts: readonly string[]): string {
	return [marker, ...parts].join('\n');
}

/** The office's note with the block below it (a blank line between). */
export function appendToNote(note: unknown, block: string): string {
	const current = typeof note === 'string' ? note.replace(/\s+$/, '') : '';
	return current ? `${current}\n\n${block}` : block;
}
