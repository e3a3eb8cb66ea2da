import { normalizeText, plainTextOf } from './text';

/**
 * Bouwsoft Assignment Filter ("order filter"): keep an assignment when its technician note
 * (`note_technician`) contains the keyword(s).
 *
 * - Matching ignores case and accents ("SPOED" finds "spoed", "reparatie" finds "Réparatie") and looks
 *   anywhere in the whole note; HTML or RTF markup is stripped first and line breaks count as spaces,
 *   so a keyword of several words also matches across a line break.
 * - `match: 'any'` keeps the assignment when one keyword is found, `'all'` when every keyword is found.
 * - `noFilter` keeps every assignment.
 * - An assignment without a technician note (absent, null or empty) is discarded unless `noFilter`; the
 *   reason tells an item without the field at all (not a Bouwsoft assignment as the nodes emit it) apart.
 */
export interface KeywordFilterConfig {
	noFilter: boolean;
	keywords: string[];
	match: 'any' | 'all';
}

interface KeywordFilterDecision {
	kept: boolean;
	reason?: string;
	/** The keywords that were not found (for a discarded assignment). */
	missing?: string[];
}

const TECHNICIAN_NOTE_FIELD = 'note_technician';

/** Keywords from one text: separated by commas, semicolons or new lines; blanks dropped. */
export function parseKeywords(text: string): string[] {
	return text
		.split(/[,;\n\r]+/)
		.map((k) => k.trim())
		.filter((k) => k.length > 0);
}

/** Problems with the configuration, each with the fix; [] when valid. */
export function validateKeywordFilter(config: KeywordFilterConfig): string[] {
	if (config.noFilter) return [];
	const problems: string[] = [];
	const usable = (config.keywords ?? []).filter((k) => normalizeText(k) !== '');
	if (usable.length === 0) problems.push('Order filter: add at least one keyword to look for in the technician note, or choose No Filter.');
	if (config.match !== 'any' && config.match !== 'all') problems.push(`Order filter: match "any" or "all" keywords, not "${String(config.match)}".`);
	return problems;
}

function list(words: string[]): string {
	return words.map((w) => `"${w}"`).join(', ');
}

/** Keep or discard one assignment item (Bouwsoft record or plain JSON with a `note_technician` field). */
export function evaluateAssignmentFilter(record: Record<string, unknown>, config: KeywordFilterConfig): KeywordFilterDecision {
	if (config.noFilter) return { kept: true };
	const problems = validateKeywordFilter(config);
	if (problems.length > 0) throw new Error(problems.join(' '));
	const keywords = config.keywords.map((k) => k.trim()).filter((k) => normalizeText(k) !== '');
	const note = normalizeText(plainTextOf(record[TECHNICIAN_NOTE_FIELD]));
	const missing = keywords.filter((k) => !note.includes(normalizeText(k)));
	const kept = config.match === 'all' ? missing.length === 0 : missing.length < keywords.length;
	if (kept) return { kept: true };
	if (!(TECHNICIAN_NOTE_FIELD in record)) {
		return {
			kept: false,
			missing,
			reason:
				`The item has no ${TECHNICIAN_NOTE_FIELD} field, so it has none of the keywords ${list(keywords)}. ` +
				`Items of the Bouwsoft Trigger and Get Many carry it; from another source, map the technician note to ${TECHNICIAN_NOTE_FIELD}.`,
		};
	}
	if (note === '') {
		return { kept: false, missing, reason: `Technician note is empty, so it has none of the keywords ${list(keywords)}.` };
	}
	if (config.match === 'all') {
		return { kept: false, missing, reason: `Technician note does not contain ${list(missing)} (all of ${list(keywords)} are required).` };
	}
	return { kept: false, missing, reason: `Technician note contains none of the keywords ${list(keywords)}.` };
}
