/**
 * Text helpers shared by the project rules and the keyword filter: comparisons are case- and
 * accent-insensitive ("Café" = "cafe"), and technician notes may be HTML or RTF, so markup is stripped
 * before matching.
 */

/** Lower case, accents removed, whitespace runs collapsed to one space, trimmed. */
export function normalizeText(value: string): string {
	return value
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/ß/g, 'ss')
		.replace(/[æÆ]/g, 'ae')
		.replace(/[œŒ]/g, 'oe')
		.replace(/[øØ]/g, 'o')
		.toLowerCase()
		.replace(/\s+/g, ' ')
		.trim();
}

/** Any scalar as text (numbers and booleans as JavaScript prints them); objects and absent values as ''. */
export function scalarText(value: unknown): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return '';
}

const NAMED_ENTITIES: Record<string, string> = {
	amp: '&',
	lt: '<',
	gt: '>',
	quot: '"',
	apos: "'",
	nbsp: ' ',
	euro: '€',
	szlig: 'ss',
};

function decodeEntities(text: string): string {
	return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, code: string) => {
		if (code[0] === '#') {
			const n = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
			return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : ' ';
		}
		// &eacute; &euml; &ccedil; ... → the base letter (accents are ignored when matching anyway)
		const accented = /^([a-z])(acute|grave|circ|uml|tilde|cedil|ring|slash)$/i.exec(code);
		if (accented) return accented[1];
		return NAMED_ENTITIES[code.toLowerCase()] ?? whole;
	});
}

function stripRtf(text: string): string {
	return text
		.replace(/\\'([0-9a-f]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)))
		.replace(/\\u(-?\d+)\??/g, (_m, n: string) => String.fromCharCode((Number(n) + 0x10000) % 0x10000))
		.replace(/\\(par|line|tab)\b ?/g, ' ')
		.replace(/\\[a-z]+-?\d* ?/gi, '')
		.replace(/\\[{}\\]/g, ' ')
		.replace(/[{}]/g, ' ');
}

/**
 * The readable text of a note: RTF control words and HTML tags removed, entities decoded; line breaks
 * and block tags become spaces so words on either side of a `<br>` never run together.
 */
export function plainTextOf(note: unknown): string {
	let text = scalarText(note);
	if (/^\s*\{\\rtf/.test(text)) text = stripRtf(text);
	if (/<[a-z!/]/i.test(text)) {
		text = text
			.replace(/<(script|style)[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
			.replace(/<!--[\s\S]*?-->/g, ' ')
			// block-level tags separate words, inline ones (<b>Out</b><b>Smart</b>) do not
			.replace(/<\/?(p|div|br|li|ul|ol|tr|td|th|table|h[1-6]|hr|blockquote|pre|section|article)\b[^>]*>/gi, ' ')
			.replace(/<[^>]*>/g, '');
	}
	return decodeEntities(text);
}
