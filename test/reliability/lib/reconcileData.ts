/**
 * The Reconcile matrix's data: what the office changes in Bouwsoft after OutSmart was filled (a few % deleted,
 * taken out of the selection, deactivated, changed, added), the records users made in OutSmart themselves
 * (keys Bouwsoft never had), and the work orders technicians have picked up. Every choice comes from a seeded
 * generator, so every row of the matrix starts from the same state.
 */
import type { BouwsoftSimulator } from '../../simulators/bouwsoft';
import type { OutSmartRecord, OutSmartSimulator } from '../../simulators/outsmart';
import { validWorkorder } from '../../simulators/outsmart/testClient';
import { isCustomer } from './expected';
import type { Table } from './reconcileEnv';
import type { Rng } from './rng';

type Rec = Record<string, unknown>;

const byId = (a: Rec, b: Rec) => Number(a.id) - Number(b.id);
const all = (bs: BouwsoftSimulator, resource: string) => [...(bs.store.all(resource) as readonly Rec[])].sort(byId);
const maxOf = (records: readonly Rec[], field: string) => records.reduce((max, r) => Math.max(max, Number(r[field]) || 0), 0);

/** Pick `n` distinct records that pass `ok`, and are not in `taken`. */
function pickSome(rng: Rng, records: readonly Rec[], n: number, taken: Set<unknown>, ok: (r: Rec) => boolean = () => true): Rec[] {
	const pool = records.filter((r) => ok(r) && !taken.has(r.id));
	const chosen: Rec[] = [];
	while (chosen.length < n && pool.length) {
		const [r] = pool.splice(rng.int(pool.length), 1);
		taken.add(r.id);
		chosen.push(r);
	}
	if (chosen.length < n) throw new Error(`only ${chosen.length} of ${n} records fit`);
	return chosen;
}

/** A user-made OutSmart record: its table and key, and the record as the user typed it. */
export interface UserRecord {
	table: Table | 'categories';
	key: string;
	record: OutSmartRecord;
}

/** What the edits did, for the expectations and the row texts. */
export interface Edits {
	/** Product whose group changed (its old category link is stale; a user linked it to their own category, so the old link is reported). */
	movedProduct: { id: number; code: string; oldCategory: string };
	/** Product whose group changed, without a user's link (its links are repaired). */
	repairedProduct: { id: number; code: string; oldCategory: string };
	/** A project whose P- work order a technician has picked up (Opgehaald) and which Bouwsoft deleted. */
	deletedProjectInProgress: string;
	/** A project Bouwsoft deleted whose P- work order is still Klaargezet. */
	deletedProjectReady: string;
	/** Work orders of surviving projects a technician has (Opgehaald / Compleet). */
	ordersInProgress: string[];
	/** The employee the office deleted (the record as it was), to bring back. */
	deletedEmployee: Record<string, unknown>;
	/** The address that is no longer a client (clientnr set to 0), with its client number. */
	notClient: { id: number; clientnr: number };
	/** Employees, products, relations, projects the office deleted (or took out of the selection). */
	summary: string[];
}

export interface Scenario {
	edits: Edits;
	user: UserRecord[];
}

/**
 * The office's changes after the first sync, and the users' own records. Run after OutSmart holds the
 * baseline (the P- orders exist, so their statuses can be set as a technician would).
 */
export function applyScenario(bs: BouwsoftSimulator, os: OutSmartSimulator, rng: Rng): Scenario {
	const summary: string[] = [];
	const store = bs.store;

	// ── materials: 3 deleted, 2 moved to another group, 3 changed, 1 inactive, 2 new ──
	const products = all(bs, 'Products');
	const taken = new Set<unknown>();
	const movable = (p: Rec) => products.some((q) => q.list === p.list && q.group !== p.group && String(q.group ?? '') !== '') && String(p.group ?? '') !== '';
	const [moved] = pickSome(rng, products, 1, taken, movable);
	const newGroup = String(products.find((q) => q.list === moved.list && q.group !== moved.group && String(q.group ?? '') !== '')?.group);
	const movedProduct = { id: Number(moved.id), code: String(moved.nr1), oldCategory: `G:${String(moved.list).trim()}/${String(moved.group).trim()}` };
	store.update('Products', movedProduct.id, { group: newGroup } as never);
	// A second moved product without links of a user: its links are repaired (all deleted, the wanted one posted again).
	const [moved2] = pickSome(rng, products, 1, taken, movable);
	const newGroup2 = String(products.find((q) => q.list === moved2.list && q.group !== moved2.group && String(q.group ?? '') !== '')?.group);
	const repairedProduct = { id: Number(moved2.id), code: String(moved2.nr1), oldCategory: `G:${String(moved2.list).trim()}/${String(moved2.group).trim()}` };
	store.update('Products', repairedProduct.id, { group: newGroup2 } as never);
	for (const p of pickSome(rng, products, 3, taken)) store.remove('Products', Number(p.id));
	const [d1, d2, priced, inactive] = pickSome(rng, products, 4, taken);
	store.update('Products', Number(d1.id), { description: `${String(d1.description)} (nieuw model)` } as never);
	store.update('Products', Number(d2.id), { description: `${String(d2.description)} - 5 stuks` } as never);
	store.update('Products', Number(priced.id), { price_catalogue: Number(priced.price_catalogue) + 7.25 } as never);
	store.update('Products', Number(inactive.id), { active: false } as never);
	const productId = maxOf(products, 'id');
	for (const [i, template] of pickSome(rng, products, 2, taken).entries()) {
		store.insert('Products', { ...template, id: productId + 1 + i, nr1: `NEW-${productId + 1 + i}`, description: `Nieuw artikel ${i + 1}`, ts_lastupdate: undefined } as never);
	}
	summary.push(`materials: 3 deleted, 2 moved to another group (one with a user's link), 3 changed, 1 inactive, 2 new`);

	// ── employees: 1 deleted, 1 deactivated, 1 renamed, 1 new ──
	const employees = all(bs, 'Employees');
	const et = new Set<unknown>();
	const [gone, leaving, renamed, template] = pickSome(rng, employees, 4, et, (e) => e.active === true);
	store.remove('Employees', Number(gone.id));
	store.update('Employees', Number(leaving.id), { active: false } as never);
	store.update('Employees', Number(renamed.id), { surname: `${String(renamed.surname)}-Peeters` } as never);
	const employeeId = maxOf(employees, 'id') + 1;
	store.insert('Employees', { ...template, id: employeeId, nr: maxOf(employees, 'nr') + 1, firstname: 'Lotte', surname: 'Nieuwkomer', active: true, ts_lastupdate: undefined } as never);
	summary.push('employees: 1 deleted, 1 deactivated, 1 renamed, 1 new');

	// ── relations: 1 deleted (with its contacts), 1 no longer a client, 1 contact deleted, 1 renamed, 1 new contact ──
	const addresses = all(bs, 'Addresses').filter(isCustomer);
	const contacts = all(bs, 'AddressContacts');
	const contactsOf = (a: Rec) => contacts.filter((c) => c.address_id === a.id);
	const at = new Set<unknown>();
	// Clients of projects stay clients: a project without a client is a mapping failure, a row of its own.
	const projectClients = new Set(all(bs, 'Projects').map((p) => p.client_addressid));
	const few = (a: Rec) => contactsOf(a).length >= 1 && contactsOf(a).length <= 2 && !projectClients.has(a.id);
	const [deletedRelation, notClient] = pickSome(rng, addresses, 2, at, few);
	for (const c of contactsOf(deletedRelation)) store.remove('AddressContacts', Number(c.id));
	store.remove('Addresses', Number(deletedRelation.id));
	store.update('Addresses', Number(notClient.id), { clientnr: 0 } as never);
	const [withGoneContact, renamedRelation, withNewContact, userContactHost] = pickSome(rng, addresses, 4, at, (a) => contactsOf(a).length >= 2);
	store.remove('AddressContacts', Number(contactsOf(withGoneContact)[0].id));
	store.update('Addresses', Number(renamedRelation.id), { name: `${String(renamedRelation.name)} BV`, email: 'info@example.be' } as never);
	store.insert('AddressContacts', { ...contactsOf(withNewContact)[0], id: maxOf(contacts, 'id') + 1, contact_name: 'Sofie Nieuw', ts_lastupdate: undefined } as never);
	store.touch('Addresses', Number(withNewContact.id));
	summary.push('relations: 1 deleted with its contacts, 1 no longer a client, 1 contact deleted, 1 renamed, 1 contact added');

	// ── projects: 2 deleted (one order ready, one picked up), 1 phase deleted, 1 renamed, 1 new ──
	const projects = all(bs, 'Projects');
	const phases = all(bs, 'ProjectPhases');
	const phasesOf = (p: Rec) => phases.filter((ph) => ph.project_id === p.id);
	const pt = new Set<unknown>();
	const [ready, inProgress] = pickSome(rng, projects, 2, pt, (p) => phasesOf(p).length === 1);
	const [phaseLoser, renamedProject, picked, completed, userActivityHost] = pickSome(rng, projects, 5, pt, (p) => phasesOf(p).length >= 2);
	for (const p of [ready, inProgress]) {
		for (const ph of phasesOf(p)) store.remove('ProjectPhases', Number(ph.id));
		store.remove('Projects', Number(p.id));
	}
	store.remove('ProjectPhases', Number(phasesOf(phaseLoser)[0].id));
	store.touch('Projects', Number(phaseLoser.id));
	store.update('Projects', Number(renamedProject.id), { name: `${String(renamedProject.name)} fase 2` } as never);
	const projectId = maxOf(projects, 'id') + 1;
	const pnr = maxOf(projects, 'pnr') + 1;
	store.insert('Projects', { ...renamedProject, id: projectId, pnr, unr: pnr % 10000, name: `Nieuwbouw ${pnr}`, ts_lastupdate: undefined } as never);
	store.insert('ProjectPhases', { ...phasesOf(renamedProject)[0], id: maxOf(phases, 'id') + 1, project_id: projectId, project_pnr: pnr, title: 'Ruwbouw' } as never);
	// Technicians have some P- orders: one of a deleted project, two of surviving ones.
	const status = (pnrOf: Rec, value: string) => {
		const [order] = os.store.workordersByNo(`P-${String(pnrOf.pnr)}`);
		if (!order) throw new Error(`no work order P-${String(pnrOf.pnr)} to give status ${value}`);
		os.store.patchWorkorder(order.row_id, { status: value as never });
	};
	status(inProgress, 'Opgehaald');
	status(picked, 'Opgehaald');
	status(completed, 'Compleet');
	summary.push('projects: 2 deleted (one work order ready, one picked up), 1 phase deleted, 1 renamed, 1 new');

	// ── records users made in OutSmart (keys Bouwsoft never had) ──
	const user: UserRecord[] = [
		{ table: 'categories', key: 'USR-CAT', record: { cat_code: 'USR-CAT', cat_name: 'Eigen categorie', cat_cat_code: '', cat_display: '1' } },
		{ table: 'materials', key: 'USR-M1', record: { code: 'USR-M1', description: 'Kitpistool (eigen artikel)', price: '12.50', unit: 'st' } },
		{ table: 'materials', key: 'USR-M2', record: { code: 'USR-M2', description: 'Huurcontainer', price: '95.00', unit: 'dag' } },
		{ table: 'material_categories', key: 'USR-M1|USR-CAT', record: { mct_mat_code: 'USR-M1', mct_cat_code: 'USR-CAT' } },
		// A user's own link on one of our materials, the one whose group changes (so its old link is only reported).
		{ table: 'material_categories', key: `${movedProduct.code}|USR-CAT`, record: { mct_mat_code: movedProduct.code, mct_cat_code: 'USR-CAT' } },
		{ table: 'employees', key: '9901', record: { number: '9901', firstname: 'Stagiair', lastname: 'Peeters', active: '1' } },
		{ table: 'relations', key: '990001', record: { debtor_number: '990001', name: 'Particulier De Smet', street: 'Dorpsstraat 1', postal_code: '9000', city: 'Gent', active: '1' } },
		{ table: 'contactpersons', key: 'USR-CP1', record: { cpn_code: 'USR-CP1', cpn_debtor_nr: '990001', cpn_name: 'An De Smet' } },
		{ table: 'contactpersons', key: 'JAN-1', record: { cpn_code: 'JAN-1', cpn_debtor_nr: String(userContactHost.clientnr), cpn_name: 'Jan (eigen contact)' } },
		{ table: 'contactpersons', key: 'JAN-2', record: { cpn_code: 'JAN-2', cpn_debtor_nr: String(deletedRelation.clientnr), cpn_name: 'Jan (bij een verwijderde klant)' } },
		{ table: 'projects', key: 'USR-P1', record: { code: 'USR-P1', name: 'Eigen klusje', debtor_number: '990001', status: 'Open', date_start: '2025-01-01', active: '1' } },
		{ table: 'project_activities', key: 'USR-A1', record: { pra_code: 'USR-A1', pra_pro_code: String(userActivityHost.pnr), pra_name: 'Meerwerk (eigen)' } },
		{ table: 'project_activities', key: 'USR-A2', record: { pra_code: 'USR-A2', pra_pro_code: String(ready.pnr), pra_name: 'Meerwerk bij een verwijderd project' } },
	];
	for (const u of user) if (u.table !== 'workorders') os.store.seed(u.table, [u.record]);
	for (const no of ['W-77', 'A-777777']) {
		const order = os.addWorkorder(validWorkorder(no) as OutSmartRecord);
		user.push({ table: 'workorders', key: no, record: order as unknown as OutSmartRecord });
	}
	// Stored values are strings: keep the records as OutSmart holds them, for exact comparison.
	for (const u of user) if (u.table !== 'workorders') u.record = os.store.get(u.table, u.key) as OutSmartRecord;

	return {
		user,
		edits: {
			movedProduct,
			repairedProduct,
			deletedProjectInProgress: `P-${String(inProgress.pnr)}`,
			deletedProjectReady: `P-${String(ready.pnr)}`,
			ordersInProgress: [`P-${String(picked.pnr)}`, `P-${String(completed.pnr)}`],
			deletedEmployee: { ...gone },
			notClient: { id: Number(notClient.id), clientnr: Number(notClient.clientnr) },
			summary,
		},
	};
}
