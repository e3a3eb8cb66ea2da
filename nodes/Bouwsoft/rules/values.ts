/**
 * Parsing of rule values (typed by a user, or produced by an expression) and of record values (Bouwsoft
 * JSON, or plain JSON from another source that may carry numbers and flags as strings).
 */

const DECIMAL = /^[+-]?(\d+([.,]\d+)?|[.,]\d+)$/;

/** A finite number from a JSON number or a plain decimal string ("12", "-3.5", "3,5"). */
export function parseNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value !== 'string') return undefined;
	const text = value.trim().replace(/\s+/g, '');
	if (!DECIMAL.test(text)) return undefined;
	return Number(text.replace(',', '.'));
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'ja', 'j', 'oui', 'waar', 'on']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'nee', 'non', 'onwaar', 'off']);

/** true/false, yes/no, 1/0 (and ja/nee, oui/non) in any case; JSON booleans and 0/1 numbers. */
export function parseBoolean(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') return value;
	if (value === 1 || value === 0) return value === 1;
	if (typeof value !== 'string') return undefined;
	const word = value.trim().toLowerCase();
	if (TRUE_WORDS.has(word)) return true;
	if (FALSE_WORDS.has(word)) return false;
	return undefined;
}

/**
 * A zone-less wall-clock moment, as Bouwsoft writes them. `at` counts milliseconds as if the wall clock
 * were UTC (only used for ordering), `day` is the same for midnight of that day, `hasTime` says whether a
 * time of day was written.
 */
export interface WallClock {
	at: number;
	day: number;
	hasTime: boolean;
}

const YEAR_FIRST =
	/^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?$/i;
const DAY_FIRST = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

function wallClock(y: number, mo: number, d: number, h?: string, mi?: string, s?: string): WallClock | undefined {
	const hour = h === undefined ? 0 : Number(h);
	const minute = mi === undefined ? 0 : Number(mi);
	const second = s === undefined ? 0 : Number(s);
	if (hour > 23 || minute > 59 || second > 59) return undefined;
	const day = Date.UTC(y, mo - 1, d);
	const check = new Date(day);
	// Date.UTC rolls 31-02 over into March: reject dates that do not exist
	if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return undefined;
	return { day, at: day + ((hour * 60 + minute) * 60 + second) * 1000, hasTime: h !== undefined };
}

/**
 * Dates as Bouwsoft writes them (`yyyy-MM-dd`, `yyyy-MM-dd HH:mm:ss`), ISO 8601 (`2024-05-01T10:00:00Z`;
 * the wall-clock part is used, an offset is ignored because Bouwsoft's own timestamps carry none), and
 * the Belgian/Dutch day-first form (`01-05-2024`, `1/5/2024`, `01.05.2024 14:30`). Empty strings and
 * Bouwsoft's "no date" placeholders (`0000-00-00`) give undefined.
 */
export function parseDate(value: unknown): WallClock | undefined {
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) return undefined;
		const at = value.getTime();
		return { at, day: Date.UTC(value.getUTCFullYear(), value.getUTCMonth(), value.getUTCDate()), hasTime: true };
	}
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	let m = YEAR_FIRST.exec(text);
	if (m) return wallClock(Number(m[1]), Number(m[2]), Number(m[3]), m[4], m[5], m[6]);
	m = DAY_FIRST.exec(text);
	if (m) return wallClock(Number(m[3]), Number(m[2]), Number(m[1]), m[4], m[5], m[6]);
	return undefined;
}

/** True when a string is empty or only whitespace. */
export function isBlank(value: unknown): boolean {
	return typeof value === 'string' && value.trim() === '';
}
