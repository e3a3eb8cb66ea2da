/**
 * The OutSmart state a finished sync must reach, computed from the Bouwsoft simulator's store with the
 * mapping the contracts and the node descriptions document (written here independently of the node code),
 * and the comparison: lost = a Bouwsoft record whose OutSmart record is missing or differs in a mapped
 * field; duplicated = an OutSmart record that exists more than once (work orders) or has no Bouwsoft source.
 */
import { groupCategoryCode, listCategoryCode } from '../../../nodes/shared/categoryCodes';
import type { BouwsoftSimulator } from '../../simulators/bouwsoft';
import type { OutSmartSimulator } from '../../simulators/outsmart';

type Rec = Record<string, unknown>;
type Endpoint = 'materials' | 'material_categories' | 'relations' | 'contactpersons' | 'projects' | 'project_activities' | 'employees';

export interface ExpectedRecord {
	endpoint: Endpoint;
	key: string;
	/** Bouwsoft source, for messages. */
	source: string;
	fields: Record<string, string>;
	/** ts_lastupdate of the Bouwsoft record the item is read for (a contact's relation, a link's product). */
	changed: string;
}

export interface Comparison {
	/** Bouwsoft records in scope (one per emitted record: product, relation, contact, project, ...). */
	records: number;
	lost: number;
	duplicated: number;
	problems: string[];
	/** With `changedAfter`: records missing or outdated in OutSmart that changed before it (not in `lost`). */
	outsideWindow: number;
}

const str = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'string' ? v.trim() : String(v));
const money = (v: unknown): string => {
	const n = typeof v === 'number' ? v : Number(String(v ?? '').replace(',', '.'));
	return (Math.round((Number.isFinite(n) ? n : 0) * 100) / 100).toFixed(2);
};

/** Is this Addresses record a customer the relations import syncs (clientnr > 0, a name)? */
export function isCustomer(a: Rec): boolean {
	return Number(a.clientnr) > 0 && str(a.name) !== '';
}

export interface Scope {
	/** Materials: only products of these lists (the trigger's Product Lists). */
	productLists?: string[];
	/**
	 * OutSmart keys that may exist without a Bouwsoft record in scope: the sync never deletes, so a record
	 * deleted in Bouwsoft or moved out of the selection stays in OutSmart (documented).
	 */
	leftovers?: Set<string>;
	/**
	 * Only records whose Bouwsoft record (the one the item is read for) changed after this wall-clock time
	 * (`yyyy-MM-dd HH:mm:ss`) must be in OutSmart; the others are counted in `outsideWindow` when missing or
	 * outdated. Extras are judged against every record in scope all the same.
	 */
	changedAfter?: string;
}

export function expectedMaterials(bs: BouwsoftSimulator, scope: Scope = {}): ExpectedRecord[] {
	const out: ExpectedRecord[] = [];
	const lists = scope.productLists;
	for (const p of bs.store.all('Products') as readonly Rec[]) {
		if (lists && !lists.includes(String(p.list))) continue;
		const code = str(p.nr1);
		out.push({
			endpoint: 'materials',
			key: code,
			source: `Products ${p.id}`,
			fields: { code, description: str(p.description), price: money(p.price_catalogue), unit: str(p.unit) || 'st' },
			changed: str(p.ts_lastupdate),
		});
		const list = str(p.list);
		if (list) {
			const cat = str(p.group) ? groupCategoryCode(list, str(p.group)) : listCategoryCode(list);
			out.push({ endpoint: 'material_categories', key: `${code}|${cat}`, source: `Products ${p.id} link`, fields: { mct_mat_code: code, mct_cat_code: cat }, changed: str(p.ts_lastupdate) });
		}
	}
	return out;
}

export function expectedEmployees(bs: BouwsoftSimulator): ExpectedRecord[] {
	return (bs.store.all('Employees') as readonly Rec[]).map((e) => ({
		endpoint: 'employees' as const,
		key: String(e.nr),
		source: `Employees ${e.id}`,
		fields: { number: String(e.nr), firstname: str(e.firstname), lastname: str(e.surname) },
		changed: str(e.ts_lastupdate),
	}));
}

export function expectedRelations(bs: BouwsoftSimulator): ExpectedRecord[] {
	const out: ExpectedRecord[] = [];
	const contacts = bs.store.all('AddressContacts') as readonly Rec[];
	for (const a of (bs.store.all('Addresses') as readonly Rec[]).filter(isCustomer)) {
		const debtor = String(a.clientnr);
		out.push({
			endpoint: 'relations',
			key: debtor,
			source: `Addresses ${a.id}`,
			fields: { debtor_number: debtor, name: str(a.name), street: str(a.address), postal_code: str(a.zipcode), city: str(a.city) },
			changed: str(a.ts_lastupdate),
		});
		for (const c of contacts.filter((x) => x.address_id === a.id && str(x.contact_name) !== '')) {
			out.push({
				endpoint: 'contactpersons',
				key: `C-${c.id}`,
				source: `AddressContacts ${c.id}`,
				fields: { cpn_code: `C-${c.id}`, cpn_debtor_nr: debtor, cpn_name: str(c.contact_name) },
				changed: str(a.ts_lastupdate),
			});
		}
	}
	return out;
}

export function expectedProjects(bs: BouwsoftSimulator): ExpectedRecord[] {
	const out: ExpectedRecord[] = [];
	const addresses = new Map((bs.store.all('Addresses') as readonly Rec[]).map((a) => [a.id, a]));
	const phases = bs.store.all('ProjectPhases') as readonly Rec[];
	for (const p of bs.store.all('Projects') as readonly Rec[]) {
		const code = String(p.pnr);
		const client = addresses.get(p.client_addressid as number);
		out.push({
			endpoint: 'projects',
			key: code,
			source: `Projects ${p.id}`,
			fields: { code, name: str(p.name), debtor_number: String(client?.clientnr ?? '') },
			changed: str(p.ts_lastupdate),
		});
		for (const ph of phases.filter((x) => x.project_id === p.id)) {
			out.push({
				endpoint: 'project_activities',
				key: `PH-${ph.id}`,
				source: `ProjectPhases ${ph.id}`,
				fields: { pra_code: `PH-${ph.id}`, pra_pro_code: code, pra_name: str(ph.title) || `Fase ${ph.id}` },
				changed: str(p.ts_lastupdate),
			});
		}
	}
	return out;
}

export function expectedFor(category: string, bs: BouwsoftSimulator, scope: Scope = {}): ExpectedRecord[] {
	if (category === 'materials') return expectedMaterials(bs, scope);
	if (category === 'relations') return expectedRelations(bs);
	if (category === 'projects') return expectedProjects(bs);
	if (category === 'employees') return expectedEmployees(bs);
	throw new Error(`no expectation for ${category}`);
}

/** Compare the OutSmart simulator with what Bouwsoft holds now, field by field. */
export function compareState(category: string, bs: BouwsoftSimulator, os: OutSmartSimulator, scope: Scope = {}): Comparison {
	const expected = expectedFor(category, bs, scope);
	const problems: string[] = [];
	let lost = 0;
	let duplicated = 0;
	let outsideWindow = 0;
	const inWindow = (changed: string) => scope.changedAfter === undefined || changed > scope.changedAfter;
	const expectedKeys = new Map<Endpoint, Set<string>>();
	for (const e of expected) {
		(expectedKeys.get(e.endpoint) ?? expectedKeys.set(e.endpoint, new Set()).get(e.endpoint)!).add(e.key);
		const actual = os.store.get(e.endpoint, e.key) as Rec | undefined;
		const diffs = actual ? Object.entries(e.fields).filter(([f, v]) => str(actual[f]) !== v) : [];
		if (actual && diffs.length === 0) continue;
		if (!inWindow(e.changed)) {
			outsideWindow++;
			continue;
		}
		lost++;
		if (!actual) problems.push(`lost: ${e.source} → ${e.endpoint} ${e.key} missing`);
		else problems.push(`lost update: ${e.source} → ${e.endpoint} ${e.key}: ${diffs.map(([f, v]) => `${f} "${str(actual[f])}" ≠ "${v}"`).join(', ')}`);
	}
	for (const [endpoint, keys] of expectedKeys) {
		for (const key of (os.store.list(endpoint) as readonly Rec[]).map((r) => keyOf(endpoint, r))) {
			if (!keys.has(key) && !scope.leftovers?.has(key)) {
				duplicated++;
				problems.push(`extra: ${endpoint} ${key} has no Bouwsoft source`);
			}
		}
	}
	if (category === 'projects') {
		const projects = bs.store.all('Projects') as readonly Rec[];
		for (const p of projects) {
			const orders = os.store.workordersByNo(`P-${p.pnr}`);
			if (orders.length === 0 && !inWindow(str(p.ts_lastupdate))) outsideWindow++;
			else if (orders.length === 0) {
				lost++;
				problems.push(`lost: Projects ${p.id} → work order P-${p.pnr} missing`);
			} else if (orders.length > 1) {
				duplicated += orders.length - 1;
				problems.push(`duplicated: work order P-${p.pnr} exists ${orders.length} times`);
			}
		}
		const numbers = new Set(projects.map((p) => `P-${p.pnr}`));
		for (const o of os.store.workorders as Rec[]) {
			if (!numbers.has(String(o.WorkorderNo))) {
				duplicated++;
				problems.push(`extra: work order ${o.WorkorderNo}`);
			}
		}
	}
	const records = expected.length + (category === 'projects' ? (bs.store.all('Projects') as readonly Rec[]).length : 0);
	return { records, lost, duplicated, problems, outsideWindow };
}

function keyOf(endpoint: Endpoint, r: Rec): string {
	switch (endpoint) {
		case 'materials':
			return str(r.code);
		case 'material_categories':
			return `${str(r.mct_mat_code)}|${str(r.mct_cat_code)}`;
		case 'relations':
			return str(r.debtor_number);
		case 'contactpersons':
			return str(r.cpn_code);
		case 'projects':
			return str(r.code);
		case 'project_activities':
			return str(r.pra_code);
		case 'employees':
			return str(r.number);
	}
}
