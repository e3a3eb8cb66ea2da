/**
 * Bouwsoft data for the reliability runs: the deterministic seed, cleaned so every record in scope can be
 * mapped (faults, not data problems, are what the matrix measures; bad data has its own suite), and a
 * seeded generator of realistic edits (changed fields, new records) that land during faults and polls.
 */
import type { BouwsoftSimulator } from '../../simulators/bouwsoft';
import { isCustomer } from './expected';
import type { Rng } from './rng';

type Rec = Record<string, unknown>;
const blank = (v: unknown) => v === undefined || v === null || String(v).trim() === '';

/** Make every in-scope record mappable: unique article numbers, names, units, addresses, project clients. */
export function cleanSeed(bs: BouwsoftSimulator): void {
	const seen = new Set<string>();
	for (const p of bs.store.all('Products') as readonly Rec[]) {
		const patch: Rec = {};
		if (seen.has(String(p.nr1)) || blank(p.nr1)) patch.nr1 = `ART-${p.id}`;
		if (blank(p.description)) patch.description = `Product ${p.id}`;
		if (blank(p.unit)) patch.unit = 'st';
		seen.add(String(patch.nr1 ?? p.nr1));
		if (Object.keys(patch).length) bs.store.update('Products', p.id as number, patch as never);
	}
	for (const e of bs.store.all('Employees') as readonly Rec[]) {
		if (blank(e.firstname) || blank(e.surname)) bs.store.update('Employees', e.id as number, { firstname: 'Piet', surname: `Janssens ${e.id}` });
	}
	const customers: number[] = [];
	for (const a of bs.store.all('Addresses') as readonly Rec[]) {
		if (!isCustomer(a)) continue;
		customers.push(a.id as number);
		if (blank(a.address) || blank(a.zipcode) || blank(a.city)) {
			bs.store.update('Addresses', a.id as number, { address: 'Kerkstraat 1', zipcode: '9000', city: 'Gent' });
		}
	}
	const projects = bs.store.all('Projects') as readonly Rec[];
	projects.forEach((p, i) => {
		const client = bs.store.get('Addresses', p.client_addressid as number) as Rec | undefined;
		const patch: Rec = {};
		if (!client || !isCustomer(client)) patch.client_addressid = customers[i % customers.length];
		if (blank(p.name)) patch.name = `Project ${p.pnr}`;
		if (blank(p.date_created) || String(p.date_created).startsWith('0000')) patch.date_created = '2025-01-15';
		if (Object.keys(patch).length) bs.store.update('Projects', p.id as number, patch as never);
	});
}

const WORDS = ['Muurverf', 'Kraan', 'Buis', 'Kabel', 'Tegel', 'Lijm', 'Schroef', 'Plaat', 'Isolatie', 'Dakpan'];
const CITIES = ['Gent', 'Brugge', 'Leuven', 'Antwerpen', 'Hasselt', 'Mechelen', 'Kortrijk', 'Aalst'];

/** One random edit of a record the category syncs (or a new one). Returns a short description. */
export function randomEdit(bs: BouwsoftSimulator, category: string, rng: Rng, stamp: number): string {
	if (category === 'materials') {
		const products = bs.store.all('Products') as readonly Rec[];
		if (rng.chance(0.05)) {
			const id = (products[products.length - 1]?.id as number) + 1;
			const source = rng.pick(products);
			bs.store.insert('Products', { ...source, id, nr1: `NEW-${id}`, description: `${rng.pick(WORDS)} nieuw ${stamp}`, ts_lastupdate: undefined } as never);
			return `insert Products ${id}`;
		}
		const p = rng.pick(products);
		if (rng.chance(0.5)) bs.store.update('Products', p.id as number, { description: `${rng.pick(WORDS)} ${stamp}` });
		else bs.store.update('Products', p.id as number, { price_catalogue: Math.round(rng.next() * 20000) / 100 });
		return `update Products ${p.id}`;
	}
	if (category === 'employees') {
		const e = rng.pick(bs.store.all('Employees') as readonly Rec[]);
		bs.store.update('Employees', e.id as number, { surname: `Janssens ${stamp}` });
		return `update Employees ${e.id}`;
	}
	if (category === 'relations') {
		const customers = (bs.store.all('Addresses') as readonly Rec[]).filter(isCustomer);
		const a = rng.pick(customers);
		if (rng.chance(0.5)) bs.store.update('Addresses', a.id as number, { city: `${rng.pick(CITIES)} ${stamp}` });
		else bs.store.update('Addresses', a.id as number, { name: `Klant ${a.clientnr} v${stamp}` });
		return `update Addresses ${a.id}`;
	}
	if (category === 'projects') {
		const p = rng.pick(bs.store.all('Projects') as readonly Rec[]);
		bs.store.update('Projects', p.id as number, { name: `Project ${p.pnr} v${stamp}` });
		return `update Projects ${p.id}`;
	}
	throw new Error(`no edits for ${category}`);
}

const maxOf = (records: readonly Rec[], field: string) => records.reduce((m, r) => Math.max(m, Number(r[field]) || 0), 0);

/**
 * A new record of the category, as Bouwsoft creates one (ts_lastupdate = the simulator's clock), copied from
 * a mappable one with a new id and a new OutSmart key: new projects bring new work orders, new relations,
 * materials and employees (a new relation with a new contact person) are created in OutSmart rather than
 * updated. Returns a short description.
 */
export function insertRecord(bs: BouwsoftSimulator, category: string, rng: Rng, stamp: number): string {
	const store = bs.store;
	if (category === 'materials') {
		const products = store.all('Products') as readonly Rec[];
		const id = maxOf(products, 'id') + 1;
		store.insert('Products', { ...rng.pick(products), id, nr1: `NEW-${id}`, description: `${rng.pick(WORDS)} nieuw ${stamp}`, ts_lastupdate: undefined } as never);
		return `insert Products ${id}`;
	}
	if (category === 'employees') {
		const employees = store.all('Employees') as readonly Rec[];
		const id = maxOf(employees, 'id') + 1;
		store.insert('Employees', { ...rng.pick(employees), id, nr: maxOf(employees, 'nr') + 1, firstname: 'Nieuwe', surname: `Collega ${stamp}`, ts_lastupdate: undefined } as never);
		return `insert Employees ${id}`;
	}
	if (category === 'relations') {
		const addresses = store.all('Addresses') as readonly Rec[];
		const id = maxOf(addresses, 'id') + 1;
		const source = rng.pick(addresses.filter(isCustomer));
		store.insert('Addresses', { ...source, id, clientnr: maxOf(addresses, 'clientnr') + 1, name: `Nieuwe klant ${stamp}`, ts_lastupdate: undefined } as never);
		// With its contact person (a new OutSmart contact person, not one OutSmart already holds).
		store.insert('AddressContacts', { address_id: id, contact_name: `Contact nieuwe klant ${stamp}`, contact_default: true });
		return `insert Addresses ${id} with a contact`;
	}
	if (category === 'projects') {
		const projects = store.all('Projects') as readonly Rec[];
		const id = maxOf(projects, 'id') + 1;
		const pnr = maxOf(projects, 'pnr') + 1;
		store.insert('Projects', { ...rng.pick(projects), id, pnr, unr: pnr % 10000, parent_id: 0, name: `Nieuw project ${stamp}`, ts_lastupdate: undefined } as never);
		return `insert Projects ${id}`;
	}
	throw new Error(`no inserts for ${category}`);
}
