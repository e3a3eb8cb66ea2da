/**
 * Deterministic Bouwsoft seed: the same options always give the same records (seeded PRNG per table,
 * fixed base date), so tests, the e2e suite and the benchmark can compute expected results from it.
 * Generation is a single pass per table with shared constant strings, fast enough for 100,000 products.
 *
 * Edge cases included on purpose (positions are fixed so tests can rely on them at every size ≥ 20):
 * - Timestamps: records at index 2, 3 and 4 of every table with ts_lastupdate share TIE_TIMESTAMP;
 *   Products and Addresses at index 5 and 6 fall in the repeated hour of the October 2024 DST change
 *   (two different instants, the same local string '2024-10-27 02:30:00'). Everything else lies in the
 *   400 days before the base date, so both DST changes are crossed.
 * - Employees: every 5th (index % 5 === 4) is not active (date_no_longer_in_service, groups 'Niet actief');
 *   index 1 has an empty firstname (S1 skips those); unicode names (Zoë, Anaïs, Lefèvre, Weiß).
 * - Products: every 9th (index % 9 === 4) has no group; every 13th (index % 13 === 6) is inactive; every
 *   17th (index % 17 === 16) re-uses the nr1 of the product before it in a different list (same article in
 *   several lists); index 7 has a quote in its description, index 8 an ß/ü; some prices are 0.
 * - ProductLists: six used lists plus 'OUD ASSORTIMENT' (inactive, no groups, no products).
 *   ProductGroups: 'Toebehoren' exists in both SANITAIR and ELEKTRO.
 * - ProductStock: 4 stock locations, many rows per location; some products at two locations, some none.
 * - Jobs: fixed list incl. the reference example ('02' TRANSPORT) and one with a blank name.
 * - Addresses (see seedWork.ts): clients with clientnr > 0; every 10th a supplier with clientnr 0; index 8
 *   a prospect (clientnr 0, suppliernr 0); index 9 a client with name '' and index 11 one with name '  ';
 *   index 1 "Bakkerij 't Hoekske", index 3 'Müller & Weiß GmbH', index 4 'Crèmerie Noël'; every 7th only a
 *   gsm (telephone1 ''); index 12 inactive.
 * - AddressContacts: 0..max per relation, the first one default; some with an empty contact_name.
 * - Projects: state by index % 5 — 0 offer, 1 approved, 2 rejected, 3 completed only, 4 approved+completed;
 *   every 11th without client (client_addressid 0); index 1 named after "Bakkerij 't Hoekske"; one
 *   sub-project (index 6, parent_id = project 1). ProjectPhases 0..max per project, ActualCostItems 1..3.
 * - Assignments: note_technician = NOTE_VARIANTS[index % 8] (seedWork.ts): the keyword in several spellings
 *   ('OutSmart', 'outsmart', 'OUTSMART', accented 'oútsmart', 'Naar OutSmart 🔧' with an emoji) at
 *   index % 8 in {0, 1, 3, 5, 6}; no keyword at 2 and 7; empty at 4. index 4 has an emoji and quotes in
 *   description_customer. execute=false at index % 10 === 9, address_id 0 at index % 9 === 8, employee_id 0
 *   at index % 8 === 5. AssignmentProducts 1..2 per assignment (some free text, product_id 0);
 *   AssignmentLabor one per assignment with an employee.
 */
import { formatDate, formatTimestamp } from './clock';
import { completeRecord } from './schema';
import {
	createRandom,
	FIRST_NAMES,
	FUNCTIONS,
	JOBS,
	PRODUCT_CATALOGUE,
	STOCK_LOCATIONS,
	STREETS,
	CITIES,
	SURNAMES,
	type Random,
} from './seedData';
import { buildWork } from './seedWork';
import type { BouwsoftRecord, BouwsoftResource, BouwsoftTables } from './types';

export interface BouwsoftSeedOptions {
	/** PRNG seed. Default 20250331. */
	seed?: number;
	/** The newest seeded ts_lastupdate is just before this instant. Default 2025-03-31T08:00:00Z. */
	baseDate?: Date;
	timeZone?: string; // default 'Europe/Brussels'
	employees?: number; // default 14
	products?: number; // default 60
	addresses?: number; // default 30
	maxContactsPerAddress?: number; // default 3
	projects?: number; // default 20
	maxPhasesPerProject?: number; // default 4
	assignments?: number; // default 30
}

export interface BouwsoftSeed {
	tables: BouwsoftTables;
	options: Required<BouwsoftSeedOptions>;
	/** ts_lastupdate shared by index 2..4 of every timestamped table. */
	tieTimestamp: string;
	/** Local string that two different instants map to (DST fall-back). */
	dstAmbiguousTimestamp: string;
	stockLocations: ReadonlyArray<{ id: number; name: string }>;
}

export const DEFAULT_SEED_OPTIONS: Required<BouwsoftSeedOptions> = {
	seed: 20250331,
	baseDate: new Date('2025-03-31T08:00:00Z'),
	timeZone: 'Europe/Brussels',
	employees: 14,
	products: 60,
	addresses: 30,
	maxContactsPerAddress: 3,
	projects: 20,
	maxPhasesPerProject: 4,
	assignments: 30,
};

const DAY_MS = 86_400_000;
/** 2024-10-27 02:30 happens twice in Brussels: 00:30Z (CEST) and 01:30Z (CET). */
const DST_AMBIGUOUS_INSTANTS = [Date.UTC(2024, 9, 27, 0, 30), Date.UTC(2024, 9, 27, 1, 30)];

/** Shared helpers for the table builders. */
export interface SeedContext {
	options: Required<BouwsoftSeedOptions>;
	random(salt: string): Random;
	/** ts_lastupdate for the record at this index of a table (ties and DST cases at fixed positions). */
	stamp(random: Random, index: number, withDst?: boolean): string;
	/** A `yyyy-MM-dd` date `daysBefore` days before the base date. */
	day(daysBefore: number): string;
	tieTimestamp: string;
}

export function buildBouwsoftSeed(input: BouwsoftSeedOptions = {}): BouwsoftSeed {
	const options = { ...DEFAULT_SEED_OPTIONS, ...stripUndefined(input) };
	const base = options.baseDate.getTime();
	const tieTimestamp = formatTimestamp(base - 2 * DAY_MS + 3_723_000, options.timeZone);
	const context: SeedContext = {
		options,
		random: (salt) => createRandom(options.seed, salt),
		tieTimestamp,
		stamp: (random, index, withDst = false) => {
			if (index >= 2 && index <= 4) return tieTimestamp;
			if (withDst && (index === 5 || index === 6)) return formatTimestamp(DST_AMBIGUOUS_INSTANTS[index - 5], options.timeZone);
			return formatTimestamp(base - random.int(60, 400 * 86_400) * 1000, options.timeZone);
		},
		day: (daysBefore) => formatDate(base - daysBefore * DAY_MS, options.timeZone),
	};

	const catalogue = buildCatalogue(context);
	const employees = buildEmployees(context);
	const work = buildWork(context, { employees, products: catalogue.Products, jobs: catalogue.Jobs });
	const tables: BouwsoftTables = { ...catalogue, Employees: employees, ...work };
	return {
		tables,
		options,
		tieTimestamp,
		dstAmbiguousTimestamp: formatTimestamp(DST_AMBIGUOUS_INSTANTS[0], options.timeZone),
		stockLocations: STOCK_LOCATIONS,
	};
}

function stripUndefined<T extends object>(value: T): Partial<T> {
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function record(resource: BouwsoftResource, values: Partial<BouwsoftRecord>): BouwsoftRecord {
	return completeRecord(resource, values);
}

function buildEmployees(context: SeedContext): BouwsoftRecord[] {
	const random = context.random('Employees');
	const rows: BouwsoftRecord[] = [];
	for (let i = 0; i < context.options.employees; i++) {
		const id = i + 1;
		const firstname = i === 1 ? '' : i === 6 ? 'Jürgen' : FIRST_NAMES[(i * 7 + random.int(0, 3)) % FIRST_NAMES.length];
		const surname = i === 6 ? 'Weiß' : SURNAMES[(i * 11 + random.int(0, 5)) % SURNAMES.length];
		const inactive = i % 5 === 4;
		const place = random.pick(CITIES);
		const login = `${firstname || 'medewerker'}.${surname}`.toLowerCase().replace(/[^a-z.]/g, '');
		rows.push(
			record('Employees', {
				id,
				name: `${firstname} ${surname}`.trim(),
				initials: `${firstname.charAt(0)}${surname.charAt(0)}`.toUpperCase(),
				firstname,
				surname,
				username: login,
				nr: 100 + id,
				groups: inactive ? 'Niet actief' : random.pick(['Arbeiders', 'Bedienden', 'Arbeiders;Werfleiders']),
				address: `${random.pick(STREETS)} ${random.int(1, 180)}`,
				countrycode: place.countrycode,
				zipcode: place.zipcode,
				city: place.city,
				telephone: i % 3 === 0 ? '' : `09 ${random.int(200, 399)} ${random.int(10, 99)} ${random.int(10, 99)}`,
				gsm: `0475 ${random.int(10, 99)} ${random.int(10, 99)} ${random.int(10, 99)}`,
				email: `${login}@demobouw.be`,
				company_name: 'Demo Bouw NV',
				function: FUNCTIONS[i % FUNCTIONS.length],
				function_localized: FUNCTIONS[i % FUNCTIONS.length],
				date_in_service: context.day(random.int(400, 6000)),
				date_no_longer_in_service: inactive ? context.day(random.int(10, 300)) : '',
				date_birth: context.day(random.int(20 * 365, 60 * 365)),
				language: 'NL',
				gender: random.pick(['M', 'V']),
				personnel_nr: String(5000 + id),
				active: !inactive,
				ts_lastupdate: context.stamp(random, i),
			}),
		);
	}
	return rows;
}

type CatalogueTables = Pick<BouwsoftTables, 'ProductLists' | 'ProductGroups' | 'Products' | 'ProductStock' | 'Jobs'>;

function buildCatalogue(context: SeedContext): CatalogueTables {
	const random = context.random('Products');
	const ProductLists: BouwsoftRecord[] = [];
	const ProductGroups: BouwsoftRecord[] = [];
	const slots: Array<{ list: string; group: (typeof PRODUCT_CATALOGUE)[number]['groups'][number] }> = [];
	PRODUCT_CATALOGUE.forEach((entry, listIndex) => {
		const listId = listIndex + 1;
		ProductLists.push(record('ProductLists', { id: listId, name: entry.list, name_localized: entry.list, active: true, used: true, productlist: entry.list }));
		for (const group of entry.groups) {
			ProductGroups.push(record('ProductGroups', { id: 10 + ProductGroups.length + 1, name: group.name, list_id: listId, list_name: entry.list, list_active: true, used: true }));
			slots.push({ list: entry.list, group });
		}
	});
	ProductLists.push(record('ProductLists', { id: PRODUCT_CATALOGUE.length + 1, name: 'OUD ASSORTIMENT', name_localized: 'OUD ASSORTIMENT', active: false, used: false, productlist: 'OUD ASSORTIMENT', inactive: true }));

	const Products: BouwsoftRecord[] = [];
	const ProductStock: BouwsoftRecord[] = [];
	for (let i = 0; i < context.options.products; i++) {
		const id = i + 1;
		const slot = slots[(i * 5 + random.int(0, 2)) % slots.length];
		const item = slot.group.items[random.int(0, slot.group.items.length - 1)];
		const previous = Products[i - 1];
		const duplicate = i % 17 === 16 && previous !== undefined;
		const list = duplicate ? otherList(previous.list as string, i) : slot.list;
		const group = i % 9 === 4 || duplicate ? '' : slot.group.name;
		const cost = i % 23 === 10 ? 0 : Math.round(random.int(50, 40000)) / 100;
		const catalogue = Math.round(cost * 1.35 * 100) / 100;
		let description = `${item} ${slot.group.brand}`.trim();
		if (i === 7) description = "Afdichtingskit voor 't sanitair 310ml";
		if (i === 8) description = 'Rückstauklappe DN100 (Straße-model)';
		const product = record('Products', {
			id,
			list,
			group,
			nr1: duplicate ? (previous.nr1 as string) : `${slot.list.slice(0, 2)}${String(100000 + id * 7)}`,
			nr2: i % 4 === 0 ? `LEV-${random.int(1000, 9999)}` : '',
			description,
			price_cost: cost,
			price_catalogue: catalogue,
			price_sales1: Math.round(catalogue * 0.95 * 100) / 100,
			price_sales2: Math.round(catalogue * 0.9 * 100) / 100,
			price_sales3: Math.round(catalogue * 0.85 * 100) / 100,
			margin_catalogue: cost ? 35 : 0,
			brand: slot.group.brand,
			unit: slot.group.unit,
			salesunit: slot.group.unit,
			purchaseunit: slot.group.unit,
			unit_localized: slot.group.unit,
			active: i % 13 !== 6,
			barcode: i % 3 === 0 ? String(5400000000000 + id * 13) : '',
			activesupplier_id: 0,
			ts_lastupdate: context.stamp(random, i, true),
		});
		Products.push(product);
		if (i % 5 < 3) addStock(ProductStock, product, random, i % 10 === 0 ? 2 : 1);
	}

	const Jobs = JOBS.map(([code, name, price], i) =>
		record('Jobs', {
			id: i + 1,
			code,
			name,
			price_hour: price,
			price_hour_saturday: Math.round(price * 1.5 * 100) / 100,
			price_hour_sunday: price * 2,
			price_km: 0.98,
			ts_lastupdate: i === 0 ? '2020-10-19 08:38:45' : context.stamp(random, i),
		}),
	);
	return { ProductLists, ProductGroups, Products, ProductStock, Jobs };
}

function otherList(list: string, i: number): string {
	const lists = PRODUCT_CATALOGUE.map((c) => c.list).filter((l) => l !== list);
	return lists[i % lists.length];
}

function addStock(rows: BouwsoftRecord[], product: BouwsoftRecord, random: Random, locations: number): void {
	const first = random.int(0, STOCK_LOCATIONS.length - 1);
	for (let k = 0; k < locations; k++) {
		const location = STOCK_LOCATIONS[(first + k) % STOCK_LOCATIONS.length];
		const quantity = random.int(0, 250);
		const reserved = Math.min(quantity, random.int(0, 20));
		rows.push(
			record('ProductStock', {
				id: rows.length + 1,
				list: product.list,
				group: product.group,
				nr1: product.nr1,
				nr2: product.nr2,
				brand: product.brand,
				description: product.description,
				lot_stocklocationid: location.id,
				stock_location: location.name,
				stock_locationid: location.id,
				barcode: product.barcode,
				lotprice_unit: product.price_cost,
				lotprice_total: Math.round((product.price_cost as number) * quantity * 100) / 100,
				quantity,
				quantity_reserved: reserved,
				quantity_available: quantity - reserved,
				unit: product.unit,
				purchase_price: product.price_cost,
				purchase_unit: product.unit,
				product_id: product.id,
			}),
		);
	}
}
