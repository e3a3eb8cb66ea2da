/**
 * What OutSmart must hold after a Bouwsoft -> OutSmart sync, computed from the Bouwsoft tables (the seed, or the
 * simulator's live store after edits) by restating the rules of the contracts and the design — deliberately NOT
 * by calling the package's mapping, filter or category code, so a broken mapping makes the e2e test fail.
 *
 * Rules (shared/design.md §5, briefs/contracts.md "OutSmart keys"):
 * - employees: number = String(nr); inactive employees are sent with active 0.
 * - hour types: Jobs with a code and a name; code = Jobs code, sale price = price_hour.
 * - warehouses: distinct stock locations of ProductStock; wse_code = String(stock_locationid).
 * - categories: ProductLists -> `L:<list>` roots, ProductGroups -> `G:<list>/<group>` under their list.
 * - materials: code = nr1, price = catalogue price, linked to the group's category (or the list's when no group).
 * - relations: Addresses with clientnr > 0 and a non-blank name; debtor_number = String(clientnr); contacts with a
 *   name become contact persons `C-<id>`.
 * - projects: approved and not completed (the Project Filter default), with a client that has a client number;
 *   code = String(pnr); phases `PH-<id>`; one work order `P-<pnr>`.
 * - assignments: technician note contains the keyword (case and accents ignored) and the address is a client;
 *   work order `A-<nr>`.
 */

export type Row = Record<string, unknown>;

/** Bouwsoft tables by resource name (`store.all(resource)` of the simulator, or `buildBouwsoftSeed().tables`). */
export type BouwsoftTablesLike = Record<string, ReadonlyArray<Row>>;

/** A field check: an exact text, a number (compared numerically), or a predicate with a description. */
export type FieldExpectation = string | number | { test: (actual: unknown) => boolean; description: string };

export interface EntityExpectation {
	/** Keys that must exist (exactly these, no others), each with the fields to compare. Several candidate field sets
	 * are allowed where Bouwsoft holds two records for one OutSmart key (the same article in two lists). */
	records: Map<string, Array<Record<string, FieldExpectation>>>;
}

/** Every OutSmart table the sync writes, in write order (parents first). */
export const ALL_ENTITIES = [
	'employees',
	'hourtypes',
	'warehouses',
	'categories',
	'materials',
	'material_categories',
	'relations',
	'contactpersons',
	'projects',
	'project_activities',
	'workorders',
] as const;

export type OutSmartEntity = (typeof ALL_ENTITIES)[number];

export type Expected = Partial<Record<OutSmartEntity, EntityExpectation>>;

const str = (value: unknown): string => (value === undefined || value === null ? '' : String(value).trim());
const positive = (value: unknown): boolean => Number.isInteger(Number(value)) && Number(value) > 0;
const nonEmpty: FieldExpectation = { test: (actual) => str(actual) !== '', description: 'not empty' };

/** Case- and accent-insensitive "contains". */
export function containsKeyword(note: unknown, keyword: string): boolean {
	const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
	return fold(str(note)).includes(fold(keyword));
}

/** `yyyy-MM-dd[ ...]` -> `dd-MM-yyyy` (OutSmart work-order dates); '' when empty. */
export function dmy(value: unknown): string {
	const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(str(value));
	return match && match[1] !== '0000' ? `${match[3]}-${match[2]}-${match[1]}` : '';
}

function entity(): EntityExpectation {
	return { records: new Map() };
}

function put(target: EntityExpectation, key: string, fields: Record<string, FieldExpectation>): void {
	const list = target.records.get(key) ?? [];
	list.push(fields);
	target.records.set(key, list);
}

const table = (tables: BouwsoftTablesLike, name: string): ReadonlyArray<Row> => tables[name] ?? [];

export function expectEmployees(tables: BouwsoftTablesLike): EntityExpectation {
	const out = entity();
	for (const e of table(tables, 'Employees')) {
		if (!positive(e.nr)) continue;
		put(out, String(e.nr), {
			number: String(e.nr),
			// Bouwsoft may leave the first name empty; OutSmart still needs one.
			firstname: str(e.firstname) || nonEmpty,
			lastname: str(e.surname) || nonEmpty,
			active: e.active === false ? '0' : '1',
			...(str(e.email) ? { email: str(e.email) } : {}),
		});
	}
	return out;
}

export function expectHourTypes(tables: BouwsoftTablesLike): EntityExpectation {
	const out = entity();
	for (const job of table(tables, 'Jobs')) {
		if (!str(job.code) || !str(job.name)) continue; // OutSmart requires a name
		put(out, str(job.code), { code: str(job.code), name: str(job.name), sale_price: Number(job.price_hour ?? 0) });
	}
	return out;
}

export function expectWarehouses(tables: BouwsoftTablesLike): EntityExpectation {
	const out = entity();
	const seen = new Set<string>();
	for (const row of table(tables, 'ProductStock')) {
		if (!positive(row.stock_locationid)) continue;
		const code = String(row.stock_locationid);
		if (seen.has(code)) continue;
		seen.add(code);
		put(out, code, { wse_code: code, wse_description: str(row.stock_location) });
	}
	return out;
}

export function expectCategories(tables: BouwsoftTablesLike): EntityExpectation {
	const out = entity();
	for (const list of table(tables, 'ProductLists')) {
		const name = str(list.name);
		if (name) put(out, `L:${name}`, { cat_code: `L:${name}`, cat_name: name, cat_display: '1' });
	}
	for (const group of table(tables, 'ProductGroups')) {
		const name = str(group.name);
		const listName = str(group.list_name);
		if (!name || !listName) continue;
		put(out, `G:${listName}/${name}`, {
			cat_code: `G:${listName}/${name}`,
			cat_name: name,
			cat_cat_code: `L:${listName}`,
			cat_display: '1',
		});
	}
	return out;
}

export function expectMaterials(tables: BouwsoftTablesLike): { materials: EntityExpectation; material_categories: EntityExpectation } {
	const materials = entity();
	const links = entity();
	for (const p of table(tables, 'Products')) {
		const code = str(p.nr1);
		if (!code) continue;
		put(materials, code, {
			code,
			description: str(p.description),
			unit: str(p.unit) || 'st',
			price: Number(p.price_catalogue ?? 0),
			...(str(p.barcode) ? { barcode: str(p.barcode) } : {}),
		});
		const list = str(p.list);
		const group = str(p.group);
		if (!list) continue;
		const category = group ? `G:${list}/${group}` : `L:${list}`;
		put(links, `${code}|${category}`, { mct_mat_code: code, mct_cat_code: category });
	}
	return { materials, material_categories: links };
}

/** Addresses OutSmart gets as relations (customers). */
export function eligibleRelations(tables: BouwsoftTablesLike): Row[] {
	return table(tables, 'Addresses').filter((a) => positive(a.clientnr) && str(a.name) !== '');
}

export function expectRelations(tables: BouwsoftTablesLike): { relations: EntityExpectation; contactpersons: EntityExpectation } {
	const relations = entity();
	const contacts = entity();
	const eligible = eligibleRelations(tables);
	const byAddress = new Map<string, Row[]>();
	for (const c of table(tables, 'AddressContacts')) {
		const list = byAddress.get(String(c.address_id)) ?? [];
		list.push(c);
		byAddress.set(String(c.address_id), list);
	}
	for (const a of eligible) {
		const debtor = String(a.clientnr);
		put(relations, debtor, {
			debtor_number: debtor,
			name: str(a.name),
			street: str(a.address),
			postal_code: str(a.zipcode),
			city: str(a.city),
			...(str(a.email) ? { email: str(a.email) } : {}),
		});
		for (const c of byAddress.get(String(a.id)) ?? []) {
			if (!str(c.contact_name)) continue;
			put(contacts, `C-${c.id}`, {
				cpn_code: `C-${c.id}`,
				cpn_debtor_nr: debtor,
				cpn_name: str(c.contact_name),
				...(str(c.contact_email) ? { cpn_email: str(c.contact_email) } : {}),
			});
		}
	}
	return { relations, contactpersons: contacts };
}

/** The Project Filter default: approved and not completed. */
export function projectKeptByDefault(project: Row): boolean {
	return project.approved === true && project.completed !== true;
}

export function expectProjects(tables: BouwsoftTablesLike): {
	projects: EntityExpectation;
	project_activities: EntityExpectation;
	workorders: EntityExpectation;
} {
	const projects = entity();
	const activities = entity();
	const orders = entity();
	const addresses = new Map(table(tables, 'Addresses').map((a) => [String(a.id), a]));
	for (const p of table(tables, 'Projects')) {
		if (!projectKeptByDefault(p)) continue;
		const client = addresses.get(String(p.client_addressid));
		if (!client || !positive(client.clientnr)) continue; // OutSmart needs the customer's debtor number
		const code = String(p.pnr);
		const debtor = String(client.clientnr);
		put(projects, code, {
			code,
			name: str(p.name),
			debtor_number: debtor,
			date_start: str(p.date_approved) || str(p.date_created),
			active: '1',
			status: nonEmpty,
		});
		for (const phase of table(tables, 'ProjectPhases')) {
			if (String(phase.project_id) !== String(p.id)) continue;
			put(activities, `PH-${phase.id}`, { pra_code: `PH-${phase.id}`, pra_pro_code: code, pra_name: str(phase.title) || nonEmpty });
		}
		put(orders, `P-${code}`, {
			WorkorderNo: `P-${code}`,
			ProjectNr: code,
			CustomerDebtorNr: debtor,
			CustomerName: nonEmpty,
			TypeOfWork: 'Project',
			PaymentMethod: 'niet van toepassing',
		});
	}
	return { projects, project_activities: activities, workorders: orders };
}

export function expectAssignmentOrders(tables: BouwsoftTablesLike, keyword = 'OutSmart'): EntityExpectation {
	const orders = entity();
	const addresses = new Map(table(tables, 'Addresses').map((a) => [String(a.id), a]));
	const employees = new Map(table(tables, 'Employees').map((e) => [String(e.id), e]));
	for (const a of table(tables, 'Assignments')) {
		if (!containsKeyword(a.note_technician, keyword)) continue;
		const address = addresses.get(String(a.address_id));
		// A work order needs the customer's debtor number and name.
		if (!address || !positive(address.clientnr) || !(str(a.address_name) || str(address.name))) continue;
		const employee = positive(a.employee_id) ? employees.get(String(a.employee_id)) : undefined;
		put(orders, `A-${a.nr}`, {
			WorkorderNo: `A-${a.nr}`,
			CustomerDebtorNr: String(address.clientnr),
			CustomerName: str(a.address_name) || str(address.name),
			InternalWorkDescription: str(a.note_technician),
			...(str(a.description_customer) ? { WorkDescription: str(a.description_customer) } : {}),
			...(employee && positive(employee.nr) ? { EmployeeNr: String(employee.nr) } : {}),
			...(positive(a.addresscontact_id) ? { CpnCode: `C-${a.addresscontact_id}` } : {}),
			...(dmy(a.dateplanned) || dmy(a.date) ? { WorkDate: dmy(a.dateplanned) || dmy(a.date) } : {}),
			TypeOfWork: 'Service',
			PaymentMethod: 'niet van toepassing',
		});
	}
	return orders;
}

/** Expected OutSmart state per import category (what that category's template writes). */
export function expectedForCategory(category: string, tables: BouwsoftTablesLike): Expected {
	switch (category) {
		case 'employees':
			return { employees: expectEmployees(tables) };
		case 'hourTypes':
			return { hourtypes: expectHourTypes(tables) };
		case 'warehouses':
			return { warehouses: expectWarehouses(tables) };
		case 'categories':
			return { categories: expectCategories(tables) };
		case 'materials':
			return expectMaterials(tables);
		case 'relations':
			return expectRelations(tables);
		case 'projects':
			return expectProjects(tables);
		case 'assignments':
			return { workorders: expectAssignmentOrders(tables) };
		default:
			throw new Error(`unknown category ${category}`);
	}
}

/** Everything the full-sync template writes (work orders of projects and assignments together). */
export function expectedFullSync(tables: BouwsoftTablesLike): Expected {
	const projects = expectProjects(tables);
	const workorders = entity();
	for (const source of [projects.workorders, expectAssignmentOrders(tables)]) {
		for (const [key, list] of source.records) for (const fields of list) put(workorders, key, fields);
	}
	return {
		employees: expectEmployees(tables),
		hourtypes: expectHourTypes(tables),
		warehouses: expectWarehouses(tables),
		categories: expectCategories(tables),
		...expectMaterials(tables),
		...expectRelations(tables),
		projects: projects.projects,
		project_activities: projects.project_activities,
		workorders,
	};
}

// ------------------------------------------------------------------------------------------ comparison

/** Minimal view of the OutSmart simulator this module compares against. */
export interface OutSmartStateLike {
	store: {
		byKey(entity: Exclude<OutSmartEntity, 'workorders'>): Map<string, Row>;
		workorders: Row[];
	};
}

function matches(expected: FieldExpectation, actual: unknown): boolean {
	if (typeof expected === 'number') {
		const n = Number(str(actual).replace(',', '.'));
		return Number.isFinite(n) && Math.abs(n - expected) < 0.005;
	}
	if (typeof expected === 'string') return str(actual) === expected;
	return expected.test(actual);
}

function describe(expected: FieldExpectation): string {
	return typeof expected === 'object' ? `(${expected.description})` : JSON.stringify(expected);
}

/** Current records of an entity by key; work orders by WorkorderNo (a list, to see duplicates). */
export function actualByKey(sim: OutSmartStateLike, name: OutSmartEntity): Map<string, Row[]> {
	if (name === 'workorders') {
		const map = new Map<string, Row[]>();
		for (const order of sim.store.workorders) {
			const key = String(order.WorkorderNo);
			map.set(key, [...(map.get(key) ?? []), order]);
		}
		return map;
	}
	return new Map([...sim.store.byKey(name)].map(([key, record]) => [key, [record]]));
}

/**
 * Differences between OutSmart's state and the expectation, as readable lines (empty = all good): missing keys,
 * unexpected keys, duplicated work orders, field mismatches. `only` limits work orders to a key prefix.
 */
export function compareState(sim: OutSmartStateLike, expected: Expected, options: { workorderPrefix?: string } = {}): string[] {
	const problems: string[] = [];
	for (const [name, expectation] of Object.entries(expected) as Array<[OutSmartEntity, EntityExpectation]>) {
		let actual = actualByKey(sim, name);
		if (name === 'workorders' && options.workorderPrefix) {
			actual = new Map([...actual].filter(([key]) => key.startsWith(options.workorderPrefix!)));
		}
		for (const key of actual.keys()) {
			if (!expectation.records.has(key)) problems.push(`${name}: unexpected key ${key}`);
		}
		for (const [key, candidates] of expectation.records) {
			const rows = actual.get(key);
			if (!rows?.length) {
				problems.push(`${name}: missing key ${key}`);
				continue;
			}
			if (rows.length > 1) problems.push(`${name}: ${rows.length} records for key ${key} (duplicates)`);
			const record = rows[0];
			const mismatchesPerCandidate = candidates.map((fields) =>
				Object.entries(fields)
					.filter(([field, want]) => !matches(want, record[field]))
					.map(([field, want]) => `${field}: expected ${describe(want)}, got ${JSON.stringify(record[field])}`),
			);
			if (!mismatchesPerCandidate.some((list) => list.length === 0)) {
				problems.push(`${name} ${key}: ${mismatchesPerCandidate[0].join('; ')}`);
			}
		}
	}
	return problems;
}

/** Keys per entity of an expectation (for counting and for "nothing else was written"). */
export function expectedKeys(expected: Expected): Partial<Record<OutSmartEntity, string[]>> {
	return Object.fromEntries(Object.entries(expected).map(([name, e]) => [name, [...(e as EntityExpectation).records.keys()]]));
}
