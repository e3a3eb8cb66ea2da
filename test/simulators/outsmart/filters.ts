/**
 * Query helpers: the simple filter (`key`/`value`, or `key[]`/`value[]`) and the advanced filter
 * (`operator[]` with li, eq, ne, gt, ge, lt, le), reference §1.6. Indexed forms (`key[0]`) are accepted
 * too, as one public client sends them.
 */

export type FilterOperator = 'li' | 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export interface FilterCondition {
	key: string;
	value: string;
	operator: FilterOperator;
}

const OPERATORS: readonly FilterOperator[] = ['li', 'eq', 'ne', 'gt', 'ge', 'lt', 'le'];

/** All values of a parameter given as `name`, `name[]` or `name[<index>]`, in index order. */
export function arrayParam(query: URLSearchParams, name: string): string[] {
	const plain: string[] = [];
	const indexed: Array<[number, string]> = [];
	for (const [param, value] of query) {
		if (param === name || param === `${name}[]`) plain.push(value);
		const match = /^(.+)\[(\d+)\]$/.exec(param);
		if (match && match[1] === name) indexed.push([Number(match[2]), value]);
	}
	indexed.sort((a, b) => a[0] - b[0]);
	return [...plain, ...indexed.map(([, value]) => value)];
}

/** Parses the filter; an error message when keys, values and operators do not line up. */
export function parseFilter(query: URLSearchParams): { conditions: FilterCondition[]; error?: string } {
	const keys = arrayParam(query, 'key');
	const values = arrayParam(query, 'value');
	const operators = arrayParam(query, 'operator');
	if (keys.length !== values.length) return { conditions: [], error: 'Number of keys and values differ' };
	const conditions: FilterCondition[] = [];
	for (let i = 0; i < keys.length; i++) {
		const operator = (operators[i] ?? 'eq') as FilterOperator;
		if (!OPERATORS.includes(operator)) return { conditions: [], error: `Unknown operator: ${operator}` };
		conditions.push({ key: keys[i], value: values[i], operator });
	}
	return { conditions };
}

function compare(actual: string, expected: string): number {
	const a = Number(actual.replace(',', '.'));
	const b = Number(expected.replace(',', '.'));
	if (actual.trim() !== '' && expected.trim() !== '' && !Number.isNaN(a) && !Number.isNaN(b)) return a - b;
	return actual < expected ? -1 : actual > expected ? 1 : 0;
}

/** True when the record satisfies every condition (AND), like a SQL WHERE on the columns. */
export function matchesFilter(record: Record<string, unknown>, conditions: FilterCondition[]): boolean {
	return conditions.every(({ key, value, operator }) => {
		const raw = record[key];
		if (raw === undefined || raw === null) return operator === 'ne';
		const actual = String(raw);
		switch (operator) {
			case 'li':
				return actual.toLowerCase().includes(value.replace(/%/g, '').toLowerCase());
			case 'eq':
				return actual === value;
			case 'ne':
				return actual !== value;
			case 'gt':
				return compare(actual, value) > 0;
			case 'ge':
				return compare(actual, value) >= 0;
			case 'lt':
				return compare(actual, value) < 0;
			case 'le':
				return compare(actual, value) <= 0;
		}
		return false;
	});
}

/** `true`/`1` → true, `false`/`0` → false, absent → the default. */
export function booleanParam(query: URLSearchParams, name: string, defaultValue: boolean): boolean {
	const value = query.get(name);
	if (value === null || value === '') return defaultValue;
	return !['false', '0', 'no'].includes(value.trim().toLowerCase());
}
