/**
 * What OutSmart must hold after Reconcile, computed from the data (Bouwsoft's store, the history of what our
 * sync wrote, the users' own records) and the documented rules, never from the node's code or output:
 *
 * - every record Bouwsoft selects: present once, with its mapped fields (expected.ts, plus the active flags);
 * - a record whose mapping fails (claimed): left exactly as it was;
 * - every user-made record: exactly as the user made it;
 * - every record of ours whose source is gone: removed, deactivated or left, by the removal rules:
 *   Report changes nothing; Delete removes it, except work orders a technician has (not Klaargezet), project
 *   activities when OutSmart cannot delete them, and, with the learned ledger, unprefixed keys that no earlier
 *   production run saw; Deactivate sets `active` 0 on employees, relations and projects, deletes stale
 *   category links and leaves every other kind as it was;
 * - nothing else (a key outside all of these counts as an extra, a second work order with one number as a
 *   duplicate).
 */
import type { BouwsoftSimulator } from '../../simulators/bouwsoft';
import type { OutSmartRecord, OutSmartSimulator, StoredWorkorder } from '../../simulators/outsmart';
import { expectedEmployees, expectedMaterials, expectedProjects, expectedRelations, isCustomer } from './expected';
import type { UserRecord } from './reconcileData';
import { ALL_TABLES, deletesOf, RECONCILE_FLOWS } from './reconcileEnv';
import type { FlowName, ReconcileRun, RemovedAction, Table } from './reconcileEnv';

type Rec = Record<string, unknown>;
const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v).trim());
const flag = (v: unknown): string => (v === undefined || v === null || v === '' ? '1' : v === true || ['1', 'true'].includes(String(v).toLowerCase()) ? '1' : '0');

/** Tables whose keys are Bouwsoft's own numbers or codes: removable only once the ledger learned them. */
const UNPREFIXED: ReadonlySet<Table> = new Set<Table>(['employees', 'materials', 'relations', 'projects']);
/** Tables with an active flag (Deactivate). */
const FLAGGED: ReadonlySet<Table> = new Set<Table>(['employees', 'relations', 'projects']);

export const FLOW_OF: Record<Table, FlowName> = Object.fromEntries(
	RECONCILE_FLOWS.flatMap((flow) => flow.tables.map((table) => [table, flow.name])),
) as Record<Table, FlowName>;

/** What Bouwsoft selects now, per table: key → the fields OutSmart must hold. */
export function wantedNow(bs: BouwsoftSimulator): Map<Table, Map<string, Record<string, string>>> {
	const wanted = new Map<Table, Map<string, Record<string, string>>>(ALL_TABLES.map((t) => [t, new Map()]));
	const employees = new Map((bs.store.all('Employees') as readonly Rec[]).map((e) => [String(e.nr), e]));
	const addresses = new Map((bs.store.all('Addresses') as readonly Rec[]).filter(isCustomer).map((a) => [String(a.clientnr), a]));
	const projects = new Map((bs.store.all('Projects') as readonly Rec[]).map((p) => [String(p.pnr), p]));
	for (const e of [...expectedEmployees(bs), ...expectedRelations(bs), ...expectedMaterials(bs), ...expectedProjects(bs)]) {
		const fields = { ...e.fields };
		if (e.endpoint === 'employees') fields.active = flag(employees.get(e.key)?.active);
		if (e.endpoint === 'relations') fields.active = flag(addresses.get(e.key)?.active);
		if (e.endpoint === 'projects') fields.active = projects.get(e.key)?.completed === true ? '0' : flag(projects.get(e.key)?.active);
		wanted.get(e.endpoint as Table)?.set(e.key, fields);
	}
	const clients = new Map((bs.store.all('Addresses') as readonly Rec[]).map((a) => [a.id, a]));
	for (const p of projects.values()) {
		wanted.get('workorders')?.set(`P-${String(p.pnr)}`, { WorkorderNo: `P-${String(p.pnr)}`, ProjectNr: String(p.pnr), CustomerDebtorNr: str(clients.get(p.client_addressid)?.clientnr) });
	}
	return wanted;
}

/** OutSmart's tables as they are now (copies): master data by key, work orders by number (all of them). */
export interface Snapshot {
	tables: Map<Table, Map<string, OutSmartRecord[]>>;
	/** Accepted writes per table and key (the simulator's counter). */
	writes: Map<string, number>;
	/** Everything, as text: OutSmart "byte for byte" (every entity, every order, every write counter). */
	text: string;
}

const KEY_FIELDS: Record<Exclude<Table, 'workorders'>, string[]> = {
	employees: ['number'],
	materials: ['code'],
	material_categories: ['mct_mat_code', 'mct_cat_code'],
	relations: ['debtor_number'],
	contactpersons: ['cpn_code'],
	projects: ['code'],
	project_activities: ['pra_code'],
};

export function keyOf(table: Table, record: Rec): string {
	if (table === 'workorders') return str(record.WorkorderNo);
	return KEY_FIELDS[table].map((f) => str(record[f])).join('|');
}

const ENTITIES = ['employees', 'materials', 'categories', 'material_categories', 'warehouses', 'hourtypes', 'relations', 'contactpersons', 'addresses', 'projects', 'project_activities'] as const;

export function snapshot(os: OutSmartSimulator): Snapshot {
	const lists = new Map(ENTITIES.map((entity) => [entity, os.store.list(entity)]));
	const orders = os.store.workorders;
	const tables = new Map<Table, Map<string, OutSmartRecord[]>>();
	for (const table of ALL_TABLES) {
		const rows = table === 'workorders' ? (orders as unknown as OutSmartRecord[]) : (lists.get(table) ?? []);
		const map = new Map<string, OutSmartRecord[]>();
		for (const row of rows) map.set(keyOf(table, row), [...(map.get(keyOf(table, row)) ?? []), row]);
		tables.set(table, map);
	}
	const writes = new Map<string, number>();
	for (const [entity, rows] of lists) {
		if (entity === 'categories' || (ALL_TABLES as string[]).includes(entity)) {
			for (const row of rows) {
				const key = entity === 'categories' ? str(row.cat_code) : keyOf(entity as Table, row);
				writes.set(`${entity}:${key}`, os.store.writes(entity, key));
			}
		}
	}
	const text = JSON.stringify({ entities: [...lists], workorders: orders, writes: [...writes] });
	return { tables, writes, text };
}

/** One record's expectation. `fields`: these must match; `exact`: the whole record must be this one. */
type Expectation = { present: false } | { present: true; fields?: Record<string, string>; exact?: OutSmartRecord };

/** Why a gone record stays, for the messages. */
type Fate = 'removed' | 'deactivated' | 'kept';

/** The history of one environment: what our sync ever wanted, what the ledger learned, the users' records. */
export class History {
	/** Keys our sync wanted at some point (written by it): the records that are "ours". */
	readonly ours = new Map<Table, Set<string>>(ALL_TABLES.map((t) => [t, new Set()]));
	/** Unprefixed keys a production Reconcile run of the flow saw in Bouwsoft (the ledger's rule, restated). */
	readonly learned = new Map<Table, Set<string>>(ALL_TABLES.map((t) => [t, new Set()]));

	constructor(
		readonly bs: BouwsoftSimulator,
		readonly os: OutSmartSimulator,
		public user: UserRecord[] = [],
	) {}

	/** Remember what Bouwsoft selects now as ours (call before every run that writes). */
	noteWanted(wanted = wantedNow(this.bs)): void {
		for (const [table, keys] of wanted) for (const key of keys.keys()) this.ours.get(table)?.add(key);
	}

	/** A production Reconcile run of this flow read Bouwsoft and OutSmart: the ledger learns what Bouwsoft selects. */
	noteLearned(flow: FlowName, wanted = wantedNow(this.bs)): void {
		for (const table of RECONCILE_FLOWS.find((f) => f.name === flow)?.tables ?? []) {
			for (const key of wanted.get(table)?.keys() ?? []) this.learned.get(table)?.add(key);
		}
	}

	userKeys(table: Table): Set<string> {
		return new Set(this.user.filter((u) => u.table === table).map((u) => u.key));
	}
}

export interface ExpectOptions {
	mode: RemovedAction;
	/** The snapshot taken before the run(s) being judged (what a left record must still be). */
	before: Snapshot;
	/**
	 * OutSmart as it is now, for work orders: technicians change them while Reconcile runs, so the status that
	 * counts is the latest one, and a kept order must still be there with it. Default: `before`.
	 */
	latest?: Snapshot;
	/** Records whose mapping fails: key per table (they stay as they were). */
	claimed?: Map<Table, Set<string>>;
	/** Ledger state before the run (unprefixed keys it may remove); default: the history's. */
	learned?: Map<Table, Set<string>>;
	/** Flows whose safety brake holds every removal. */
	braked?: FlowName[];
	/** Whether OutSmart can delete project activities (the simulator's extraDeleteEntities). */
	activitiesDeletable: boolean;
	/** Only these flows ran (others keep their records as before). Default: all. */
	flows?: FlowName[];
}

/** The expected OutSmart state of every reconciled table. */
export function expectState(history: History, options: ExpectOptions): { expected: Map<Table, Map<string, Expectation>>; gone: Map<Table, Map<string, Fate>> } {
	const wanted = wantedNow(history.bs);
	const expected = new Map<Table, Map<string, Expectation>>();
	const gone = new Map<Table, Map<string, Fate>>();
	const learned = options.learned ?? history.learned;
	// Children first: a parent is only deleted when none of its children stays (the node's rule, restated).
	const order = [...ALL_TABLES].sort((a, b) => Number(!CHILD_TABLES.has(a)) - Number(!CHILD_TABLES.has(b)));
	const stays = (table: Table, key: string) => expected.get(table)?.get(key)?.present === true;
	for (const table of order) {
		const map = new Map<string, Expectation>();
		const fates = new Map<string, Fate>();
		const flow = FLOW_OF[table];
		const ran = !options.flows || options.flows.includes(flow);
		const before = options.before.tables.get(table) ?? new Map<string, OutSmartRecord[]>();
		const previous = (key: string): Expectation => {
			const rows = before.get(key);
			if (table === 'workorders') {
				const latest = options.latest?.tables.get(table)?.get(key)?.[0] ?? rows?.[0];
				return latest ? { present: true, fields: { WorkorderNo: key, status: str(latest.status) } } : { present: false };
			}
			return rows?.length ? { present: true, exact: rows[0] } : { present: false };
		};
		const claimed = options.claimed?.get(table) ?? new Set<string>();
		const user = history.userKeys(table);
		if (!ran) {
			for (const key of before.keys()) map.set(key, previous(key));
			expected.set(table, map);
			gone.set(table, fates);
			continue;
		}
		for (const [key, fields] of wanted.get(table) ?? []) if (!claimed.has(key)) map.set(key, { present: true, fields });
		for (const key of claimed) map.set(key, previous(key));
		for (const u of history.user) if (u.table === table) map.set(u.key, { present: true, exact: u.record });
		for (const key of history.ours.get(table) ?? []) {
			if (map.has(key) || user.has(key)) continue;
			const old = previous(key);
			let fate = fateOf(table, key, old, options, learned);
			if (fate === 'removed' && childStays(table, key, options.before, stays)) fate = 'deactivated';
			if (fate === 'removed' && table === 'material_categories' && hasUserLinks(key, options.before)) fate = 'kept';
			if (table === 'material_categories' && !wanted.get('materials')?.has(materialOf(key))) {
				// A link follows its material: kept while the material stays (deactivate, or a material not learned yet).
				const materialOurs = learned.get('materials')?.has(materialOf(key)) ?? false;
				if (fate === 'removed' && (options.mode !== 'delete' || !materialOurs)) fate = 'kept';
			}
			fates.set(key, fate);
			if (fate === 'removed' || !old.present) map.set(key, { present: false });
			else if (fate === 'deactivated') map.set(key, { present: true, fields: { ...textFields(old.exact), active: '0' } });
			else map.set(key, old);
		}
		expected.set(table, map);
		gone.set(table, fates);
	}
	return { expected, gone };
}

/** Tables whose records point at a parent in another table (their fates are settled first). */
const CHILD_TABLES: ReadonlySet<Table> = new Set<Table>(['workorders', 'project_activities', 'contactpersons', 'material_categories']);

function materialOf(linkKey: string): string {
	return linkKey.slice(0, linkKey.search(/\|[LG]:/));
}

/** A material that also has links made in OutSmart (a category not L:/G:): OutSmart deletes links only all at once, so its old link stays. */
function hasUserLinks(linkKey: string, before: Snapshot): boolean {
	const material = materialOf(linkKey);
	for (const [key, rows] of before.tables.get('material_categories') ?? []) {
		if (str(rows[0]?.mct_mat_code) === material && !/\|[LG]:/.test(key)) return true;
	}
	return false;
}

/** Whether a project or relation keeps a child in OutSmart (an order, an activity, a contact person): then it is deactivated, not deleted. */
function childStays(table: Table, key: string, before: Snapshot, stays: (table: Table, key: string) => boolean): boolean {
	const children = (childTable: Table, field: string) =>
		[...(before.tables.get(childTable) ?? [])].filter(([, rows]) => str(rows[0]?.[field]) === key).map(([childKey]) => childKey);
	if (table === 'projects') {
		return children('project_activities', 'pra_pro_code').some((k) => stays('project_activities', k)) || stays('workorders', `P-${key}`);
	}
	if (table === 'relations') return children('contactpersons', 'cpn_debtor_nr').some((k) => stays('contactpersons', k));
	return false;
}

function textFields(record: OutSmartRecord | undefined): Record<string, string> {
	return Object.fromEntries(Object.entries(record ?? {}).map(([k, v]) => [k, str(v)]));
}

function fateOf(table: Table, key: string, old: Expectation, options: ExpectOptions, learned: Map<Table, Set<string>>): Fate {
	if (options.mode === 'report') return 'kept';
	if (options.braked?.includes(FLOW_OF[table])) return 'kept';
	if (UNPREFIXED.has(table) && !(learned.get(table)?.has(key) ?? false)) return 'kept';
	const status = old.present ? str(old.exact?.status ?? old.fields?.status).toLowerCase() : '';
	if (table === 'workorders' && status !== '' && status !== 'klaargezet') return 'kept';
	if (options.mode === 'delete') {
		// OutSmart documents no delete for activities: reported, whatever the server could do.
		if (table === 'project_activities') return 'kept';
		return 'removed';
	}
	if (table === 'material_categories') return 'removed';
	return FLAGGED.has(table) ? 'deactivated' : 'kept';
}

export interface StateCheck {
	/** Records OutSmart must hold (present expectations). */
	records: number;
	/** Present expectations missing or different (a wanted record lost or not updated, a left one changed). */
	lost: number;
	/** A second work order with one number, or a key nobody expects. */
	duplicated: number;
	/** User-made records missing or changed. */
	userTouched: number;
	/** Gone records of ours the rules remove or deactivate that are still there (or still active). */
	goneLeft: number;
	problems: string[];
	/** Keys (`table:key`) behind lost / goneLeft, for matching against the run's failure items. */
	undone: Set<string>;
}

/** Compare OutSmart now with the expectation, field by field. */
export function checkState(history: History, options: ExpectOptions): StateCheck {
	const { expected, gone } = expectState(history, options);
	const now = snapshot(history.os);
	const problems: string[] = [];
	const undone = new Set<string>();
	let records = 0;
	let lost = 0;
	let duplicated = 0;
	let userTouched = 0;
	let goneLeft = 0;
	for (const table of ALL_TABLES) {
		const exp = expected.get(table) ?? new Map<string, Expectation>();
		const actual = now.tables.get(table) ?? new Map<string, OutSmartRecord[]>();
		const user = history.userKeys(table);
		const fates = gone.get(table) ?? new Map<string, Fate>();
		for (const [key, e] of exp) {
			const rows = actual.get(key) ?? [];
			const label = `${table} ${key}`;
			if (rows.length > 1) {
				duplicated += rows.length - 1;
				problems.push(`duplicated: ${label} ×${rows.length}`);
			}
			const fate = fates.get(key);
			if (!e.present) {
				if (rows.length) {
					goneLeft++;
					undone.add(`${table}:${key}`);
					problems.push(`gone but still there: ${label} (${fate ?? 'removed'})`);
				}
				continue;
			}
			records++;
			const row = rows[0];
			const diffs = row ? differencesOf(e, row) : [];
			if (row && diffs.length === 0) continue;
			const what = row ? `${label}: ${diffs.join(', ')}` : `${label} missing`;
			if (user.has(key)) {
				userTouched++;
				problems.push(`user record touched: ${what}`);
			} else if (fate === 'deactivated') {
				goneLeft++;
				undone.add(`${table}:${key}`);
				problems.push(`not deactivated: ${what}`);
			} else {
				lost++;
				undone.add(`${table}:${key}`);
				problems.push(`lost: ${what}`);
			}
		}
		for (const [key, rows] of actual) {
			if (exp.has(key)) continue;
			duplicated += rows.length;
			problems.push(`extra: ${table} ${key} (nobody made it)`);
		}
	}
	return { records, lost, duplicated, userTouched, goneLeft, problems, undone };
}

function differencesOf(e: Extract<Expectation, { present: true }>, row: OutSmartRecord): string[] {
	if (e.exact) {
		const a = JSON.stringify(sorted(e.exact));
		const b = JSON.stringify(sorted(row));
		return a === b ? [] : [`was ${a.slice(0, 160)}, now ${b.slice(0, 160)}`];
	}
	return Object.entries(e.fields ?? {})
		.filter(([field, value]) => str(row[field]) !== value)
		.map(([field, value]) => `${field} "${str(row[field])}" ≠ "${value}"`);
}

function sorted(record: Rec): Rec {
	return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

/** DeleteEntity entity name → table, and the key a call names (restated from OutSmart's reference §3.13). */
const DELETE_TABLE: Record<string, Table> = {
	employee: 'employees',
	material: 'materials',
	relation: 'relations',
	contactperson: 'contactpersons',
	project: 'projects',
	project_activity: 'project_activities',
	workorder: 'workorders',
};

export interface RequestAudit {
	/** DeleteEntity calls that named a record Bouwsoft selects (links: a link Bouwsoft wants, by both halves). */
	deletedWanted: string[];
	/** DeleteEntity calls that named a user-made record, and accepted writes of a user key. */
	userRequests: string[];
	/** Material links taken down with all their siblings and posted again (DeleteEntity by material code). */
	linkRepairs: string[];
	/** User-made links on those materials, posted again by the repair (deleted with their siblings first). */
	userLinksReposted: string[];
}

/**
 * What the requests of some runs did to records they must not touch. `wanted`: what Bouwsoft selected while
 * they ran; `writesBefore`: the write counters before them.
 */
export function auditRequests(history: History, runs: ReconcileRun[], wanted: ReturnType<typeof wantedNow>, writesBefore: Map<string, number>): RequestAudit {
	const deletedWanted: string[] = [];
	const userRequests: string[] = [];
	const linkRepairs: string[] = [];
	const userLinksReposted: string[] = [];
	const userKey = (table: Table | 'categories', key: string) => history.user.some((u) => u.table === table && u.key === key);
	for (const d of deletesOf(runs.flatMap((r) => r.requests))) {
		if (d.entity === 'material_category') {
			if (d.key === 'mct_mat_code') {
				if (wanted.get('materials')?.has(d.value)) linkRepairs.push(d.value);
				if (userKey('materials', d.value)) userRequests.push(`DeleteEntity material_category ${d.key}=${d.value}`);
			} else if (history.user.some((u) => u.table === 'categories' && u.key === d.value)) userRequests.push(`DeleteEntity material_category ${d.key}=${d.value}`);
			continue;
		}
		const table = DELETE_TABLE[d.entity];
		if (!table) continue;
		if (wanted.get(table)?.has(d.value)) deletedWanted.push(`${table} ${d.value}`);
		if (userKey(table, d.value)) userRequests.push(`DeleteEntity ${d.entity} ${d.key}=${d.value}`);
	}
	const userOrders = new Map(history.user.filter((u) => u.table === 'workorders').map((u) => [u.key, String(u.record.row_id ?? '')]));
	for (const r of runs.flatMap((run) => run.requests)) {
		if (r.endpoint !== 'UpdateWorkorder') continue;
		const no = String(r.query.workorder_no ?? '');
		const row = String(r.query.row_id ?? '');
		for (const [key, rowId] of userOrders) if (no === key || (row !== '' && row === rowId)) userRequests.push(`UpdateWorkorder ${key}`);
	}
	for (const u of history.user) {
		if (u.table === 'workorders') continue;
		const key = `${u.table}:${u.key}`;
		const written = (history.os.store.writes(u.table, u.key) ?? 0) - (writesBefore.get(key) ?? 0);
		if (written <= 0) continue;
		const repaired = u.table === 'material_categories' && linkRepairs.includes(String(u.record.mct_mat_code));
		(repaired ? userLinksReposted : userRequests).push(`${written} write(s) of ${u.table} ${u.key}`);
	}
	return { deletedWanted, userRequests, linkRepairs, userLinksReposted };
}
