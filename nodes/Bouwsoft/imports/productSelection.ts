import { GROUP_PREFIX } from '../../shared/categoryCodes';
import type { FilterExpr } from '../transport/query';

/** A group option value `G:<list>/<group>` → its list and group name. */
export function parseGroupValue(value: string): { list: string; group: string } | undefined {
	if (!value.startsWith(GROUP_PREFIX)) return undefined;
	const rest = value.slice(GROUP_PREFIX.length);
	const slash = rest.indexOf('/');
	if (slash <= 0) return undefined;
	return { list: rest.slice(0, slash), group: rest.slice(slash + 1) };
}

/**
 * Products in any selected list, plus products in any selected group (a union: pick whole lists and
 * single groups of other lists). Nothing selected = all products.
 */
export function productSelection(lists: string[], groups: string[]): FilterExpr | undefined {
	const terms: FilterExpr[] = [];
	for (const list of lists) terms.push({ field: 'list', op: 'eq', value: list });
	for (const value of groups) {
		const parsed = parseGroupValue(value);
		if (!parsed || lists.includes(parsed.list)) continue;
		terms.push({
			and: [
				{ field: 'list', op: 'eq', value: parsed.list },
				{ field: 'group', op: 'eq', value: parsed.group },
			],
		});
	}
	if (terms.length === 0) return undefined;
	return terms.length === 1 ? terms[0] : { or: terms };
}
