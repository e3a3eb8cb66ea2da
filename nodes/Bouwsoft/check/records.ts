import type { IDataObject } from 'n8n-workflow';

import type { CheckItem } from '../../shared/checkReport';
import { missingAddressFields } from '../../OutSmart/mapping/relations';
import { relations, SKIP_NO_CLIENT_NUMBER, SKIP_NO_NAME } from '../imports/relations';
import { DEFAULT_CATEGORY_OPTIONS } from '../imports/types';
import { evaluateAssignmentFilter, parseKeywords } from '../rules/keywords';
import { evaluateProjectFilter } from '../rules/projectRules';
import { normalizeText, plainTextOf } from '../rules/text';
import type { BouwsoftClient } from '../transport/client';

/**
 * Record counts per import category (what each of the 8 imports selects) and the data the sync would leave
 * out or send incomplete, decided by the sync's own rules: the relations seed rule (imports/relations.ts), the
 * relation address OutSmart requires (the OutSmart mapping's `missingAddressFields`), the Project Filter's
 * default and the Assignment Filter's keyword rule (rules/).
 */

/** Records of a whole resource: Content-Range of a one-record read when the server sends it, else every record. */
export async function countAll(client: BouwsoftClient, resource: string): Promise<number> {
	const page = await client.list(resource, { limit: 1 });
	if (page.range) return page.range.total;
	return (await client.readAll(resource)).length;
}

interface CountRow {
	category: string;
	/** What the category is called for a person. */
	label: string;
	template: string;
}

export const COUNT_ROWS: CountRow[] = [
	{ category: 'employees', label: 'Employees', template: 'Employees' },
	{ category: 'hourTypes', label: 'Hour types (Bouwsoft Jobs)', template: 'Hour Types' },
	{ category: 'warehouses', label: 'Warehouses (stock locations)', template: 'Warehouses' },
	{ category: 'categories', label: 'Material categories (lists and groups)', template: 'Categories' },
	{ category: 'materials', label: 'Materials (Bouwsoft Products)', template: 'Materials' },
	{ category: 'relations', label: 'Relations (Bouwsoft Addresses)', template: 'Relations' },
	{ category: 'projects', label: 'Projects', template: 'Projects' },
	{ category: 'assignments', label: 'Assignments', template: 'Assignments' },
];

export function countItem(row: CountRow, count: number, detail = '', status: CheckItem['status'] = 'ok', fix = ''): CheckItem {
	return {
		check: row.label,
		status,
		found: `${count} to import${detail ? `; ${detail}` : ''}`,
		meaning: `What the ${row.template} template's first run reads from Bouwsoft (later polls read only changes).`,
		fix,
		id: `bouwsoft.count.${row.category}`,
		count,
	};
}

function label(record: IDataObject): string {
	const name = String(record.name ?? '').trim();
	const nr = Number(record.clientnr);
	return `${Number.isFinite(nr) && nr > 0 ? `client ${nr}` : `id ${String(record.id)}`}${name ? ` "${name}"` : ''}`;
}

function examples(records: IDataObject[], max = 5): string {
	return `${records.slice(0, max).map(label).join(', ')}${records.length > max ? ` (+${records.length - max} more)` : ''}`;
}

/** The relations seed rule on every address: which are selected, which are not and why. */
export function relationSelection(addresses: IDataObject[]): { selected: IDataObject[]; noClientNumber: IDataObject[]; noName: IDataObject[] } {
	const out = { selected: [] as IDataObject[], noClientNumber: [] as IDataObject[], noName: [] as IDataObject[] };
	for (const address of addresses) {
		const why = relations.precheck?.(address, DEFAULT_CATEGORY_OPTIONS);
		if (why === SKIP_NO_CLIENT_NUMBER) out.noClientNumber.push(address);
		else if (why === SKIP_NO_NAME) out.noName.push(address);
		else out.selected.push(address);
	}
	return out;
}

export function relationSelectionItem(addresses: IDataObject[]): CheckItem {
	const { selected, noClientNumber, noName } = relationSelection(addresses);
	return {
		check: 'Relations: client number and name',
		status: noName.length ? 'warning' : 'ok',
		found:
			`${addresses.length} addresses: ${selected.length} selected as relations, ${noClientNumber.length} without a client number` +
			`${noName.length ? `, ${noName.length} with a client number but no name (${examples(noName)})` : ', none without a name'}`,
		meaning:
			'Only addresses with a client number above 0 and a name become OutSmart relations; the others (suppliers, prospects) are left out' +
			`${noName.length ? ', so these clients never reach OutSmart, and neither do their projects and work orders.' : '.'}`,
		fix: noName.length
			? 'Fill the name of these clients in Bouwsoft. Give an address a client number in Bouwsoft only if it should reach OutSmart.'
			: '',
		id: 'bouwsoft.quality.relationSelection',
		count: noClientNumber.length + noName.length,
	};
}

export function relationAddressItem(addresses: IDataObject[]): CheckItem {
	const { selected } = relationSelection(addresses);
	const lacking = selected.map((record) => ({ record, missing: missingAddressFields(record) })).filter((r) => r.missing.length > 0);
	const perField = (field: string) => lacking.filter((r) => (r.missing as string[]).includes(field)).length;
	return {
		check: 'Relations: street, postal code and city',
		status: lacking.length ? 'warning' : 'ok',
		found: lacking.length
			? `${lacking.length} of ${selected.length} relations lack one of them (street ${perField('street')}, postal code ${perField('postal_code')}, city ${perField('city')}): ${examples(lacking.map((r) => r.record))}`
			: `All ${selected.length} relations have street, postal code and city`,
		meaning: lacking.length
			? "OutSmart requires all three: without them these relations fail, unless the OutSmart node's Address Placeholder fills them (the templates set it to \"Onbekend\")."
			: 'OutSmart requires all three; every relation has them.',
		fix: lacking.length
			? "Fill the address of these clients in Bouwsoft, or keep Address Placeholder set on the OutSmart node (Relation resource)."
			: '',
		id: 'bouwsoft.quality.relationAddress',
		count: lacking.length,
	};
}

/** Projects the Project Filter keeps with its default rule (approved and not completed), as in the templates. */
export function projectsItem(row: CountRow, projects: IDataObject[]): CheckItem {
	const config = { allProjects: false, rules: [], combinator: 'and' as const };
	const kept = projects.filter((p) => evaluateProjectFilter(p, config).kept).length;
	const none = projects.length > 0 && kept === 0;
	return countItem(
		row,
		projects.length,
		`the Project Filter's default rule (approved and not completed) keeps ${kept}`,
		none ? 'warning' : 'ok',
		none ? 'No project is approved and open: approve projects in Bouwsoft, or turn on All Projects in the Project Filter.' : '',
	);
}

/** Technician notes: how many are empty, and how many the Assignment Filter's keywords keep. */
export function technicianNotesItem(assignments: IDataObject[], keywordText: string): CheckItem {
	const empty = assignments.filter((a) => normalizeText(plainTextOf(a.note_technician)) === '').length;
	const keywords = parseKeywords(keywordText);
	const kept = keywords.length
		? assignments.filter((a) => evaluateAssignmentFilter(a, { noFilter: false, keywords, match: 'any' }).kept).length
		: undefined;
	const all = assignments.length > 0 && empty === assignments.length;
	const noneKept = kept === 0 && assignments.length > 0;
	const keptText = kept === undefined ? '' : `; the keywords ${keywords.map((k) => `"${k}"`).join(', ')} keep ${kept}`;
	return {
		check: 'Assignments: technician notes',
		status: all || noneKept ? 'warning' : 'ok',
		found: `${empty} of ${assignments.length} assignments have an empty technician note${keptText}`,
		meaning:
			"The Assignment Filter's keyword rule keeps an assignment only when its technician note holds a keyword: the empty ones never become work orders" +
			`${all ? '. Every note is empty, so no assignment reaches OutSmart.' : noneKept ? '. No note holds a keyword, so no assignment reaches OutSmart.' : '.'}`,
		fix:
			all || noneKept
				? 'Write the keyword in the technician note of the assignments that should go to OutSmart, or set the Assignment Filter to No Filter.'
				: '',
		id: 'bouwsoft.quality.technicianNotes',
		count: empty,
	};
}
