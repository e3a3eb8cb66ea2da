import { buildBouwsoftSeed } from './seed';
import { NOTE_VARIANTS } from './seedWork';
import { BOUWSOFT_RESOURCES } from './types';
import { hasTimestamp } from './schema';

const TS_FORMAT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

describe('Bouwsoft seed', () => {
	const seed = buildBouwsoftSeed();
	const t = seed.tables;

	it('is deterministic and does not reshuffle other tables when one size changes', () => {
		expect(buildBouwsoftSeed().tables).toEqual(t);
		const other = buildBouwsoftSeed({ products: 200 });
		expect(other.tables.Employees).toEqual(t.Employees);
		expect(other.tables.Products.slice(0, 60)).toEqual(t.Products);
		expect(buildBouwsoftSeed({ seed: 7 }).tables.Products).not.toEqual(t.Products);
	});

	it('has small default sizes and every resource filled', () => {
		for (const resource of BOUWSOFT_RESOURCES) {
			expect([resource, t[resource].length > 0]).toEqual([resource, true]);
			expect(t[resource].length).toBeLessThanOrEqual(80);
		}
	});

	it('gives ts_lastupdate only to resources that have it, in the Bouwsoft format, with ties', () => {
		for (const resource of BOUWSOFT_RESOURCES) {
			for (const record of t[resource]) {
				if (hasTimestamp(resource)) expect(record.ts_lastupdate).toMatch(TS_FORMAT);
				else expect(record).not.toHaveProperty('ts_lastupdate');
			}
		}
		expect(t.Products.filter((p) => p.ts_lastupdate === seed.tieTimestamp).length).toBeGreaterThanOrEqual(3);
		expect(t.Products.filter((p) => p.ts_lastupdate === seed.dstAmbiguousTimestamp)).toHaveLength(2);
	});

	it('uses empty strings and 0 instead of null everywhere', () => {
		for (const resource of BOUWSOFT_RESOURCES) {
			for (const record of t[resource]) expect(Object.values(record).some((v) => v === null || v === undefined)).toBe(false);
		}
	});

	it('links records consistently (ids and flattened names)', () => {
		const addresses = new Map(t.Addresses.map((a) => [a.id, a]));
		for (const project of t.Projects) {
			if (project.client_addressid === 0) expect(project.client_name).toBe('');
			else expect(addresses.get(project.client_addressid as number)?.name).toBe(project.client_name);
		}
		const projects = new Map(t.Projects.map((p) => [p.id, p]));
		for (const phase of t.ProjectPhases) expect(projects.get(phase.project_id as number)?.pnr).toBe(phase.project_pnr);
		for (const contact of t.AddressContacts) expect(addresses.get(contact.address_id as number)?.name).toBe(contact.address_name);
		const products = new Map(t.Products.map((p) => [p.id, p]));
		for (const stock of t.ProductStock) expect(products.get(stock.product_id as number)?.nr1).toBe(stock.nr1);
		const groups = new Set(t.ProductGroups.map((g) => `${g.list_name}/${g.name}`));
		for (const product of t.Products) if (product.group !== '') expect(groups.has(`${product.list}/${product.group}`)).toBe(true);
	});

	it('contains the documented edge cases', () => {
		expect(t.Employees.some((e) => e.active === false && e.groups === 'Niet actief')).toBe(true);
		expect(t.Employees.some((e) => e.firstname === '')).toBe(true);
		expect(t.Products.some((p) => p.group === '')).toBe(true);
		expect(t.Products.some((p) => p.active === false)).toBe(true);
		const listsByNr1 = new Map<string, Set<string>>();
		for (const p of t.Products) listsByNr1.set(p.nr1 as string, (listsByNr1.get(p.nr1 as string) ?? new Set()).add(p.list as string));
		expect([...listsByNr1.values()].some((lists) => lists.size > 1)).toBe(true);
		expect(t.ProductGroups.filter((g) => g.name === 'Toebehoren').map((g) => g.list_name)).toEqual(['SANITAIR', 'ELEKTRO']);
		expect(t.ProductLists.some((l) => l.active === false && l.used === false)).toBe(true);
		expect(t.Addresses.some((a) => a.clientnr === 0)).toBe(true);
		expect(t.Addresses.some((a) => (a.clientnr as number) > 0 && String(a.name).trim() === '')).toBe(true);
		expect(t.Addresses.map((a) => a.name)).toContain("Bakkerij 't Hoekske");
		expect(t.Addresses.some((a) => /[éëèß]/.test(a.name as string))).toBe(true);
		expect(t.Jobs.find((j) => j.id === 1)).toMatchObject({ code: '02', name: 'TRANSPORT', price_hour: 69 });
		expect(t.Jobs.some((j) => j.name === '')).toBe(true);
	});

	it('has projects in every state', () => {
		const states = new Set(t.Projects.map((p) => `${p.approved}/${p.rejected}/${p.completed}`));
		expect(states).toEqual(new Set(['false/false/false', 'true/false/false', 'false/true/false', 'false/false/true', 'true/false/true']));
		expect(t.Projects.some((p) => p.client_addressid === 0)).toBe(true);
	});

	it('has assignments with the keyword in different spellings and without it', () => {
		const normalise = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
		const notes = t.Assignments.map((a) => a.note_technician as string);
		const withKeyword = notes.filter((n) => normalise(n).includes('outsmart'));
		expect(new Set(withKeyword.map((n) => n.match(/o[uú]tsmart/i)?.[0]))).toEqual(new Set(['OutSmart', 'outsmart', 'OUTSMART', 'oútsmart']));
		expect(notes.some((n) => n !== '' && !normalise(n).includes('outsmart'))).toBe(true);
		expect(notes).toContain('');
		expect(notes.some((n) => /\p{Extended_Pictographic}/u.test(n))).toBe(true);
		expect(NOTE_VARIANTS.length).toBe(8);
	});

	it('has 4 stock locations, each used by several ProductStock rows', () => {
		const perLocation = new Map<number, number>();
		for (const row of t.ProductStock) perLocation.set(row.stock_locationid as number, (perLocation.get(row.stock_locationid as number) ?? 0) + 1);
		expect([...perLocation.keys()].sort()).toEqual([1, 2, 3, 4]);
		for (const count of perLocation.values()) expect(count).toBeGreaterThan(1);
		for (const row of t.ProductStock) expect(seed.stockLocations.find((l) => l.id === row.stock_locationid)?.name).toBe(row.stock_location);
	});

	it('builds the benchmark sizes', () => {
		const big = buildBouwsoftSeed({ products: 100_000, addresses: 10_000, projects: 5_000 });
		expect(big.tables.Products).toHaveLength(100_000);
		expect(big.tables.Addresses).toHaveLength(10_000);
		expect(big.tables.Projects).toHaveLength(5_000);
		expect(big.tables.AddressContacts.length).toBeGreaterThan(10_000);
		expect(big.tables.ProjectPhases.length).toBeGreaterThan(5_000);
		expect(new Set(big.tables.Products.map((p) => p.id)).size).toBe(100_000);
	});
});
