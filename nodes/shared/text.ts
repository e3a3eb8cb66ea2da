/** A string or number field as trimmed text; '' for anything else (null, objects, booleans). */
export function scalarText(value: unknown): string {
	return typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
}
