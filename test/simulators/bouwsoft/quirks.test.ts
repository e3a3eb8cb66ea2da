/**
 * Real-server variants (ServerQuirks): sort, id filters, fields missing from lists, missing resources,
 * case-sensitive paths, columns/distinct support and the 500 bodies — all through real HTTP. One simulator,
 * its quirks changed while running (sim.quirks) and restored by reset() before each test.
 */
import axios from 'axios';

import { startBouwsoftSimulator, type BouwsoftRecord, type BouwsoftSimulator, type ServerQuirks } from './index';
import { connect, type TestClient } from './testClient';

/** The confirmed reference where it says something (paths, ServerName), the original behaviour elsewhere. */
const DEFAULT_QUIRKS: ServerQuirks = {
	sortSupport: 'honour',
	idFilter: 'ok',
	listOmitFields: {},
	missingResources: [],
	pathCase: 'sensitive',
	columnsSupport: 'ok',
	distinctSupport: 'ok',
	serverName: 'bare',
	serverErrorBody: 'webapi',
};

/** The inferred filter syntax (`lt/ge/le`, `or`, parentheses, keywords in any case), for tests about quirks inside it. */
const EXTENDED_DIALECT = { comparisons: true, or: true, lowerCaseKeywords: false };

const ids = (records: Array<Record<string, unknown>>) => records.map((r) => r.id as number);

describe('Bouwsoft simulator real-server variants (quirks)', () => {
	let sim: BouwsoftSimulator;
	let client: TestClient;
	let products: BouwsoftRecord[];

	beforeAll(async () => {
		sim = await startBouwsoftSimulator({ seed: { products: 120 } });
		products = sim.store.all('Products').map((p) => ({ ...p }));
	});
	afterAll(() => sim.close());
	beforeEach(async () => {
		sim.reset();
		client = await connect(sim);
	});

	/** A GET with a valid token on a raw path (prefix and resource casing as given). */
	const raw = (path: string) =>
		axios.get(`https://${sim.serverName}${path}`, {
			headers: { Clientnr: String(sim.clientNr), AccessToken: client.accessToken },
			validateStatus: () => true,
		});

	it('defaults to the confirmed reference (paths, ServerName) and the original behaviour elsewhere; reset() restores the start values', async () => {
		expect(sim.quirks).toEqual(DEFAULT_QUIRKS);
		sim.quirks.sortSupport = 'reject400';
		sim.quirks.listOmitFields.Products = ['description'];
		sim.quirks.missingResources.push('Jobs');
		sim.reset();
		expect(sim.quirks).toEqual(DEFAULT_QUIRKS);
		client = await connect(sim);
		expect((await client.get('/Jobs/', { sort: '-id' })).status).toBe(200);
	});

	describe('sortSupport', () => {
		it("'ignore': sort accepted (even an unknown field) and answered in ascending id order", async () => {
			sim.quirks.sortSupport = 'ignore';
			for (const sort of ['-id', '-ts_lastupdate', 'price_catalogue', 'kleur']) {
				const response = await client.get('/Products/', { sort, limit: 10, offset: 5 });
				expect([sort, response.status]).toEqual([sort, 200]);
				expect(ids(response.data.Records)).toEqual(products.slice(5, 15).map((p) => p.id));
				expect(response.data['Content-Range']).toBe('5-14/120');
			}
		});

		it("'reject400': any list request with sort → 400 {\"error\": \"Invalid sort\"}; without sort it works", async () => {
			sim.quirks.sortSupport = 'reject400';
			for (const sort of ['id', '-id', '-ts_lastupdate', 'kleur']) {
				const response = await client.get('/Products/', { sort, limit: 5 });
				expect([sort, response.status, response.data]).toEqual([sort, 400, { error: 'Invalid sort' }]);
			}
			expect((await client.get('/Products/', { limit: 5 })).status).toBe(200);
			expect((await client.get('/Products/', { sort: '', limit: 5 })).status).toBe(200); // blank = no sort
			expect((await client.get('/Products/7', { sort: '-id' })).status).toBe(200); // single-record GETs ignore query parameters
		});

		it("'reject500': any sort → 500 with the ASP.NET Web API body (default), the HTML error page or a JSON error", async () => {
			sim.quirks.sortSupport = 'reject500';
			const webapi = await client.get('/Products/', { sort: 'id' });
			expect(webapi.status).toBe(500);
			expect(webapi.headers['content-type']).toMatch(/^application\/json/);
			expect(webapi.data).toEqual({ Message: 'An error has occurred.' });

			sim.quirks.serverErrorBody = 'html';
			const html = await client.get('/Products/', { sort: 'id' });
			expect(html.status).toBe(500);
			expect(html.headers['content-type']).toMatch(/^text\/html/);
			expect(String(html.data)).toMatch(/<title>Runtime Error<\/title>/);
			expect(() => JSON.parse(String(html.data))).toThrow();

			sim.quirks.serverErrorBody = 'json';
			const json = await client.get('/Products/', { sort: 'id' });
			expect([json.status, json.data]).toEqual([500, { error: 'Internal server error' }]);
			expect((await client.get('/Products/', { limit: 1 })).status).toBe(200);
		});

		it('per sort key: only -ts_lastupdate refused; ascending ts_lastupdate and other fields still sorted', async () => {
			sim.quirks.sortSupport = { mode: 'reject400', fields: ['-ts_lastupdate'] };
			expect((await client.get('/Products/', { sort: '-ts_lastupdate', limit: 1 })).data).toEqual({ error: 'Invalid sort' });
			expect((await client.get('/Products/', { sort: 'description,-TS_LASTUPDATE', limit: 1 })).status).toBe(400);
			const ascending = await client.get('/Products/', { sort: 'ts_lastupdate', limit: 3 });
			const oldest = [...products].sort((a, b) => (a.ts_lastupdate < b.ts_lastupdate ? -1 : a.ts_lastupdate > b.ts_lastupdate ? 1 : a.id - b.id));
			expect(ids(ascending.data.Records)).toEqual(oldest.slice(0, 3).map((p) => p.id));
			expect(ids((await client.get('/Products/', { sort: '-id', limit: 2 })).data.Records)).toEqual([120, 119]);

			sim.quirks.sortSupport = { mode: 'reject500', fields: ['ts_lastupdate'] }; // either direction
			expect((await client.get('/Products/', { sort: 'ts_lastupdate' })).status).toBe(500);
			expect((await client.get('/Products/', { sort: '-ts_lastupdate' })).status).toBe(500);
			expect((await client.get('/Products/', { sort: '+ts_lastupdate' })).status).toBe(500);
			expect((await client.get('/Products/', { sort: 'nr1' })).status).toBe(200);

			sim.quirks.sortSupport = { mode: 'ignore', fields: ['+price_catalogue'] }; // ascending only
			const cheapest = [...products].sort((a, b) => (a.price_catalogue as number) - (b.price_catalogue as number) || a.id - b.id);
			expect(ids(cheapest.slice(0, 3))).not.toEqual([1, 2, 3]);
			expect(ids((await client.get('/Products/', { sort: 'price_catalogue', limit: 3 })).data.Records)).toEqual([1, 2, 3]);
			const dearest = [...products].sort((a, b) => (b.price_catalogue as number) - (a.price_catalogue as number) || a.id - b.id);
			expect(ids((await client.get('/Products/', { sort: '-price_catalogue', limit: 3 })).data.Records)).toEqual(dearest.slice(0, 3).map((p) => p.id));
		});

		it('exceptFields: only sort on id honoured, every other key refused', async () => {
			sim.quirks.sortSupport = { mode: 'reject400', exceptFields: ['id'] };
			expect(ids((await client.get('/Products/', { sort: '-id', limit: 2 })).data.Records)).toEqual([120, 119]);
			expect(ids((await client.get('/Products/', { sort: 'id', limit: 2 })).data.Records)).toEqual([1, 2]);
			expect((await client.get('/Products/', { sort: 'nr1' })).status).toBe(400);
			expect((await client.get('/Products/', { sort: 'id,-ts_lastupdate' })).status).toBe(400);
		});
	});

	describe('idFilter', () => {
		const verf = () => products.filter((p) => p.list === 'VERF');

		it("'reject400' / 'reject500': a filter comparing id, alone, inside and/or or in any case, is refused", async () => {
			sim.filterSemantics.dialect = { ...EXTENDED_DIALECT };
			sim.quirks.idFilter = 'reject400';
			for (const filter of ['id gt 120', "list eq 'VERF' and id gt 5", 'ID ge 5', "(list eq 'HOUT' or id eq 3)"]) {
				const response = await client.get('/Products/', { filter });
				expect([filter, response.status, response.data]).toEqual([filter, 400, { error: 'Invalid filter' }]);
			}
			expect((await client.get('/Products/', { filter: "list eq 'VERF'" })).data.Records.length).toBe(verf().length);
			// Other fields ending in _id are not `id`.
			expect((await client.get('/AssignmentLabor/', { filter: 'assignment_id gt 0' })).status).toBe(200);
			expect((await client.get('/Products/', { sort: 'id', limit: 1 })).status).toBe(200);

			sim.quirks.idFilter = 'reject500';
			const failed = await client.get('/Products/', { filter: "list eq 'VERF' and id gt 5" });
			expect([failed.status, failed.data]).toEqual([500, { Message: 'An error has occurred.' }]);
		});

		it("'ignore': id comparisons count as true, the rest of the filter applies (totals too)", async () => {
			sim.filterSemantics.dialect = { ...EXTENDED_DIALECT };
			sim.quirks.idFilter = 'ignore';
			const all = await client.get('/Products/', { filter: 'id gt 100', limit: 5 });
			expect(ids(all.data.Records)).toEqual([1, 2, 3, 4, 5]);
			expect(all.data['Content-Range']).toBe('0-4/120');

			const paint = await client.get('/Products/', { filter: "list eq 'VERF' and id gt 100" });
			expect(ids(paint.data.Records)).toEqual(verf().map((p) => p.id));
			expect(paint.data['Content-Range']).toBe(`0-${verf().length - 1}/${verf().length}`);

			// `or` with an ignored (true) comparison selects everything; a nested `and` keeps its other terms.
			expect((await client.get('/Products/', { filter: "id eq 1 or list eq 'NIETS'" })).data.Records.length).toBe(120);
			const nested = await client.get('/Products/', { filter: "(id lt 5 and list eq 'VERF') or list eq 'HOUT'" });
			expect(ids(nested.data.Records)).toEqual(products.filter((p) => p.list === 'VERF' || p.list === 'HOUT').map((p) => p.id));
			// The rest is still checked: an unknown field is a 400.
			expect((await client.get('/Products/', { filter: "id gt 1 and kleur eq 'rood'" })).status).toBe(400);
		});
	});

	describe('listOmitFields', () => {
		it('leaves a field out of list answers (with or without filter or columns) but not out of single-record GETs', async () => {
			sim.quirks.listOmitFields = { assignments: ['NOTE_TECHNICIAN'] }; // any case
			const assignments = sim.store.all('Assignments');
			const withNote = assignments.filter((a) => a.note_technician !== '');
			expect(withNote.length).toBeGreaterThan(0);

			const list = await client.get('/Assignments/');
			expect(list.data.Records.length).toBe(assignments.length);
			for (const record of list.data.Records) expect(record).not.toHaveProperty('note_technician');
			expect(list.data.Records[0]).toHaveProperty('description_customer');

			// Filtering and sorting on it still work server-side; the answer just lacks it.
			const filtered = await client.get('/Assignments/', { filter: "note_technician ne ''", sort: 'note_technician' });
			expect(ids(filtered.data.Records).sort((a, b) => a - b)).toEqual(withNote.map((a) => a.id));
			expect(filtered.data.Records.every((r) => !('note_technician' in r))).toBe(true);

			// Named in columns: left out too.
			const columns = await client.get('/Assignments/', { columns: 'id|note_technician', limit: 2 });
			expect(columns.data.Records).toEqual([{ id: assignments[0].id }, { id: assignments[1].id }]);

			const one = await client.get(`/Assignments/${withNote[0].id}`);
			expect(one.data.Records[0].note_technician).toBe(withNote[0].note_technician);
			expect((await client.get('/Products/', { limit: 1 })).data.Records[0]).toHaveProperty('description');
		});

		it('applies to every list answer of the resource, and can be given at start', async () => {
			const started = await startBouwsoftSimulator({ listOmitFields: { Assignments: ['note_technician', 'description_customer'] } });
			try {
				const c = await connect(started);
				const page = await c.get('/Assignments/', { limit: 3, offset: 2 });
				expect(page.data.Records[0]).not.toHaveProperty('note_technician');
				expect(page.data.Records[0]).not.toHaveProperty('description_customer');
				expect(page.data['Content-Range']).toBe(`2-4/${started.store.count('Assignments')}`);
				expect((await c.get(`/Assignments/${page.data.Records[0].id as number}`)).data.Records[0]).toHaveProperty('note_technician');
			} finally {
				await started.close();
			}
		});
	});

	describe('missingResources', () => {
		it('answers 404 for the resource on lists, single records, any casing and writes; others unaffected', async () => {
			sim.quirks.missingResources = ['productlists'];
			for (const path of ['/ProductLists/', '/ProductLists', '/ProductLists/1', '/productlists/']) {
				const response = await client.get(path);
				expect([path, response.status]).toEqual([path, 404]);
				expect(response.data).toHaveProperty('error');
			}
			expect((await client.write('POST', '/ProductLists', "name='X'")).status).toBe(404);
			expect((await client.get('/ProductGroups/')).status).toBe(200);
			expect(sim.requests.filter((r) => r.resource === 'ProductLists').every((r) => r.status === 404)).toBe(true);
			sim.quirks.missingResources = [];
			expect((await client.get('/ProductLists/')).status).toBe(200);
		});
	});

	describe('pathCase', () => {
		it("'sensitive' (default): only /api/v1/ and the canonical resource names match; the token path too", async () => {
			for (const path of ['/api/v1/ProductStock/', '/api/v1/ProductStock', '/api/v1/ProductStock/1', '/api/v1/AssignmentLabor/']) {
				expect([path, (await raw(path)).status]).toEqual([path, 200]);
			}
			for (const path of ['/api/v1/productstock/', '/api/v1/Productstock/', '/api/v1/PRODUCTSTOCK/1', '/API/v1/ProductStock/', '/api/V1/ProductStock/', '/api/v1/addresses']) {
				expect([path, (await raw(path)).status]).toEqual([path, 404]);
			}
			expect(sim.requests.find((r) => r.path === '/api/v1/productstock/')?.resource).toBe('productstock');
			const token = (path: string) =>
				axios.get(`${sim.authUrl}${path}`, { headers: { Clientnr: String(sim.clientNr), RefreshToken: sim.refreshToken }, validateStatus: () => true });
			expect((await token('/api/v1/Authorize/AccessToken')).status).toBe(200);
			expect((await token('/api/v1/authorize/accesstoken')).status).toBe(404);

			sim.quirks.pathCase = 'insensitive';
			expect((await raw('/API/V1/productstock/')).status).toBe(200);
		});
	});

	describe('columnsSupport / distinctSupport (the ProductStock warehouse read)', () => {
		const params = { columns: 'stock_locationid|stock_location', distinct: 'true', sort: 'stock_locationid' };

		it("'ok' (default): the distinct stock locations", async () => {
			const response = await client.get('/ProductStock/', params);
			const locations = new Set(sim.store.all('ProductStock').map((s) => s.stock_locationid));
			expect(response.data.Records.length).toBe(locations.size);
			expect(Object.keys(response.data.Records[0])).toEqual(['stock_locationid', 'stock_location']);
		});

		it("columns 'ignore': full records (distinct over whole records drops nothing); columns 'reject400': 400", async () => {
			const stock = sim.store.all('ProductStock');
			sim.quirks.columnsSupport = 'ignore';
			const full = await client.get('/ProductStock/', params);
			expect(full.data.Records.length).toBe(stock.length);
			expect(Object.keys(full.data.Records[0])).toEqual(Object.keys(stock[0]));
			expect((await client.get('/ProductStock/', { columns: 'kleur' })).status).toBe(200); // not even checked

			sim.quirks.columnsSupport = 'reject400';
			expect((await client.get('/ProductStock/', params)).data).toEqual({ error: 'Invalid columns' });
			expect((await client.get('/Products/', { columns: 'list' })).status).toBe(400);
			expect((await client.get('/ProductStock/', { columns: '', limit: 1 })).status).toBe(200);
		});

		it("distinct 'ignore': one row per record (duplicates); distinct 'reject400': 400 whenever the parameter is given", async () => {
			const stock = sim.store.all('ProductStock');
			sim.quirks.distinctSupport = 'ignore';
			const rows = await client.get('/ProductStock/', params);
			expect(rows.data.Records.length).toBe(stock.length);
			expect(new Set(rows.data.Records.map((r) => r.stock_locationid)).size).toBeLessThan(stock.length);
			expect(rows.data.Records.every((r) => Object.keys(r).length === 2)).toBe(true);
			expect(rows.data['Content-Range']).toBe(`0-${stock.length - 1}/${stock.length}`);

			sim.quirks.distinctSupport = 'reject400';
			expect((await client.get('/ProductStock/', params)).data).toEqual({ error: 'Invalid distinct' });
			expect((await client.get('/ProductStock/', { ...params, distinct: 'false' })).status).toBe(400);
			expect((await client.get('/ProductStock/', { columns: params.columns })).status).toBe(200);
		});
	});

	describe('filter dialect: lower-case keywords only', () => {
		it('refuses AND / EQ / TRUE but takes the confirmed lower-case forms (the default); any case with lowerCaseKeywords off', async () => {
			expect(sim.filterSemantics.dialect).toEqual({ comparisons: false, or: false, lowerCaseKeywords: true });
			const expected = products.filter((p) => p.list === 'VERF' && p.active === true).map((p) => p.id);
			expect(ids((await client.get('/Products/', { filter: "list eq 'VERF' and active eq true" })).data.Records)).toEqual(expected);
			for (const filter of ["list eq 'VERF' AND active eq true", "list EQ 'VERF'", 'active eq TRUE', "list eq 'VERF' And id gt 3"]) {
				expect([filter, (await client.get('/Products/', { filter })).status]).toEqual([filter, 400]);
			}
			for (const filter of ['id lt 5', "list eq 'A' or list eq 'B'", "(list eq 'A')"]) {
				expect([filter, (await client.get('/Products/', { filter })).status]).toEqual([filter, 400]);
			}
			sim.filterSemantics.dialect = { ...EXTENDED_DIALECT };
			expect(ids((await client.get('/Products/', { filter: "list EQ 'VERF' AND active eq TRUE" })).data.Records)).toEqual(expected);
			sim.reset();
			expect(sim.filterSemantics.dialect).toEqual({ comparisons: false, or: false, lowerCaseKeywords: true });
		});
	});
});
