/**
 * OutSmart quantities (`MaterialNr`) as numbers. OutSmart answers with what the account's locale wrote:
 * `2`, `2.5`, `"2,5"`, sometimes with thousands separators (`"1.250,5"`, `"1,250.5"`). A single separator is
 * always the decimal one (`"1,250"` is 1.25, as a Dutch or Belgian technician means it): quantities on a work
 * order are small, a thousands separator only appears together with a decimal one.
 */
export function parseQuantity(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value !== 'string') return undefined;
	const text = value.trim().replace(/\s+/g, '');
	let normalised: string | undefined;
	if (/^[-+]?\d+([.,]\d+)?$/.test(text)) normalised = text.replace(',', '.');
	else if (/^[-+]?\d{1,3}(\.\d{3})+(,\d+)?$/.test(text)) normalised = text.replace(/\./g, '').replace(',', '.');
	else if (/^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) normalised = text.replace(/,/g, '');
	else if (/^[-+]?[.,]\d+$/.test(text)) normalised = text.replace(',', '.').replace(/^([-+]?)\./, '$10.');
	if (normalised === undefined) return undefined;
	const n = Number(normalised);
	return Number.isFinite(n) ? n : undefined;
}

/** A quantity as a matching key: at most 6 decimals, no float noise (2.5 and 2.50000000001 are the same line). */
export function quantityKey(value: number): string {
	const rounded = Math.round(value * 1e6) / 1e6;
	return String(Object.is(rounded, -0) ? 0 : rounded);
}
