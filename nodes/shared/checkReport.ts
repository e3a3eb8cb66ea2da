import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { redactValue } from './redact';

/**
 * The Check Connection output of the Bouwsoft and the OutSmart node: one item per check, for a person who
 * reads them in the editor before publishing anything. `ok` = works as the sync expects; `warning` = works,
 * through a fallback or with something to look at; `problem` = the sync will fail or leave records out until
 * it is fixed.
 */
type CheckStatus = 'ok' | 'warning' | 'problem';

export interface CheckItem {
	/** What was checked, in a few words. */
	check: string;
	status: CheckStatus;
	/** What the check saw. */
	found: string;
	/** What it means for the sync: what the sync will use, what happens to the records. */
	meaning: string;
	/** What to do about it; '' when nothing. */
	fix: string;
	/** Stable name of the check (for an IF node, or to compare two runs). */
	id: string;
	/** The number the check is about, where it counts records. */
	count?: number;
}

const STATUS_ORDER: CheckStatus[] = ['problem', 'warning', 'ok'];

function plural(n: number, word: string): string {
	return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One line for the execution hint: how many problems and warnings, and what to do next. */
function checkSummary(system: string, items: CheckItem[]): string {
	const counts = Object.fromEntries(STATUS_ORDER.map((s) => [s, items.filter((i) => i.status === s).length])) as Record<CheckStatus, number>;
	const tally = `${plural(counts.problem, 'problem')}, ${plural(counts.warning, 'warning')}, ${counts.ok} ok`;
	if (counts.problem > 0) return `${system} Check Connection: ${tally}. Fix the problems (see "fix" in each item) before you publish the sync.`;
	if (counts.warning > 0) return `${system} Check Connection: ${tally}. The sync works; read the warnings for what it will do differently.`;
	return `${system} Check Connection: ${tally}. Everything the sync needs works.`;
}

/** The items as the node's output (paired with the first input item, redacted) plus the summary hint. */
export function checkOutput(ctx: IExecuteFunctions, system: string, items: CheckItem[], secrets: string[]): INodeExecutionData[][] {
	ctx.addExecutionHints({ message: checkSummary(system, items), location: 'outputPane' });
	return [items.map((item) => ({ json: redactValue(inReadingOrder(item), secrets), pairedItem: { item: 0 } }))];
}

/** The editor's table shows columns in key order: what, how bad, what was seen, what it means, what to do. */
function inReadingOrder(item: CheckItem): IDataObject {
	const { check, status, found, meaning, fix, id, count } = item;
	return { check, status, found, meaning, fix, id, ...(count !== undefined ? { count } : {}) };
}

/** A failure in plain words for an item: the message and, when there is one, n8n's description (which names the fix). */
export function failureText(error: unknown): { message: string; description: string } {
	const e = error as { message?: unknown; description?: unknown };
	const message = typeof e?.message === 'string' && e.message.trim() ? e.message.trim() : String(error);
	const description = typeof e?.description === 'string' ? e.description.trim() : '';
	return { message, description };
}
