import axios from 'axios';

import { buildBouwsoftSeed, startBouwsoftSimulator, type BouwsoftSimulator } from './index';
import { connect, type TestClient } from './testClient';

const seed = buildBouwsoftSeed({ products: 120 });
const products = seed.tables.Products;

describe('Bouwsoft simulator list queries', () => {
	let sim: BouwsoftSimulator;
	let client: TestClient;

	beforeAll(async () => {
		sim = await startBouwsoftSimulator({ seed: { products: 120 } });
		client = await connect(sim);
	});
	afterAll(() => sim.close());

	it('returns everything in id order without limit, with a zero-based inclusive Content-Range', async () => {
		const response = await client.get('/Products/');
		expect(response.status).toBe(200);
		expect(response.data['Content-Range']).toBe(`0-${products.length - 1}/${products.length}`);
		expect(response.data.Records.map((r) => r.id)).toEqual(products.map((p) => p.id));
		expect(response.headers['content-range']).toBeUndefined();
	});

	it('pages with offset/limit: full pages of exactly `limit`, then a short page', async () => {
		const seen: number[] = [];
		const ranges: string[] = [];
		for (let offset = 0; ; offset += 50) {
			const page = await client.get('/Products', { offset, limit: 50, sort: 'id' });
			ranges.push(page.data['Content-Range'] as string);
			seen.push(...page.data.Records.map((r) => r.id as number));
			if (page.data.Records.length < 50) break;
		}
		expect(ranges).toEqual(['0-49/120', '50-99/120', '100-119/120']);
		expect(seen).toEqual(products.map((p) => p.id));
	});

	it('reports an empty page as */<total>', async () => {
		const beyond = await client.get('/Products/', { offset: 500, limit: 10 });
		expect(beyond.data).toEqual({ 'Content-Range': '*/120', Records: [] });
		const none = await client.get('/Products/', { filter: "list eq 'NIETS'" });
		expect(none.data).toEqual({ 'Content-Range': '*/0', Records: [] });
	});

	it('filters over HTTP with %20-encoded spaces, counting totals after the filter', async () => {
		const expected = products.filter((p) => p.list === 'VERF' && p.active === true);
		const response = await client.get('/Products/', { filter: "list eq 'VERF' and active eq true", limit: 5 });
		expect(response.data.Records.map((r) => r.id)).toEqual(expected.slice(0, 5).map((p) => p.id));
		expect(response.data['Content-Range']).toBe(`0-4/${expected.length}`);
	});

	it('sorts ascending and descending with a stable tie-break on ascending id', async () => {
		const desc = await client.get('/Products/', { sort: '-ts_lastupdate' });
		const expected = [...products].sort((a, b) =>
			a.ts_lastupdate === b.ts_lastupdate ? a.id - b.id : a.ts_lastupdate < b.ts_lastupdate ? 1 : -1,
		);
		expect(desc.data.Records.map((r) => r.id)).toEqual(expected.map((p) => p.id));
		const tied = desc.data.Records.filter((r) => r.ts_lastupdate === seed.tieTimestamp).map((r) => r.id as number);
		expect(tied.length).toBeGreaterThanOrEqual(3);
		expect(tied).toEqual([...tied].sort((a, b) => a - b));

		const byPrice = await client.get('/Products/', { sort: 'price_catalogue', limit: 3 });
		const cheapest = [...products].sort((a, b) => (a.price_catalogue as number) - (b.price_catalogue as number) || a.id - b.id);
		expect(byPrice.data.Records.map((r) => r.id)).toEqual(cheapest.slice(0, 3).map((p) => p.id));
		expect((await client.get('/Products/', { sort: '-id', limit: 1 })).data.Records[0].id).toBe(120);
	});

	it('reflects store writes in the next sorted/filtered query (no stale cached results)', async () => {
		const params = { sort: '-ts_lastupdate', filter: "list ne 'NIETS'", limit: 1 };
		const before = (await client.get('/Products/', params)).data.Records[0];
		sim.clock.set(new Date('2030-01-01T00:00:00Z'));
		sim.store.update('Products', 42, { description: 'Nieuwste wijziging' });
		sim.clock.useRealTime();
		const after = (await client.get('/Products/', params)).data.Records[0];
		expect(before.id).not.toBe(42);
		expect(after).toMatchObject({ id: 42, description: 'Nieuwste wijziging', ts_lastupdate: '2030-01-01 01:00:00' });
		sim.store.update('Products', 42, { description: products[41].description as string, ts_lastupdate: products[41].ts_lastupdate as string });
	});

	it('returns only the requested columns, and distinct combinations with distinct=true', async () => {
		const lists = await client.get('/Products/', { columns: 'list', distinct: true });
		const expectedLists = [...new Set(products.map((p) => p.list))];
		expect(lists.data.Records).toEqual(expectedLists.map((list) => ({ list })));
		expect(lists.data['Content-Range']).toBe(`0-${expectedLists.length - 1}/${expectedLists.length}`);

		const pairs = await client.get('/ProductStock/', { columns: 'stock_locationid|stock_location', distinct: 'true', sort: 'stock_locationid' });
		expect(pairs.data.Records).toEqual(seed.stockLocations.map((l) => ({ stock_locationid: l.id, stock_location: l.name })));

		const notDistinct = await client.get('/Products/', { columns: 'list', limit: 2 });
		expect(notDistinct.data.Records).toEqual(products.slice(0, 2).map((p) => ({ list: p.list })));
	});

	it('answers a single-record GET with the same envelope, and 404 for an unknown id', async () => {
		const one = await client.get('/Products/7');
		expect(one.data).toEqual({ 'Content-Range': '0-0/1', Records: [products[6]] });
		const missing = await client.get('/Products/999999');
		expect(missing.status).toBe(404);
		expect(missing.data).toHaveProperty('error');
	});

	it('matches the documented resource paths with or without trailing slash; other casings only with pathCase insensitive', async () => {
		for (const path of ['/ProductStock/', '/ProductStock', '/ProductStock/1/', '/Addresses']) {
			expect([path, (await client.get(path)).status]).toEqual([path, 200]);
		}
		const otherCasings = ['/productstock/', '/Productstock', '/PRODUCTSTOCK/1/', '/addresses'];
		for (const path of otherCasings) expect([path, (await client.get(path)).status]).toEqual([path, 404]);
		sim.quirks.pathCase = 'insensitive';
		try {
			for (const path of otherCasings) expect([path, (await client.get(path)).status]).toEqual([path, 200]);
		} finally {
			sim.quirks.pathCase = 'sensitive';
		}
		expect((await client.get('/Warehouses/')).status).toBe(404);
		expect((await client.get('/Products/FieldInfo/')).status).toBe(404);
	});

	it.each([
		[{ filter: "colour eq 'red'" }, /Unknown field 'colour'/],
		[{ filter: "list eq 'VERF" }, /Unterminated/],
		[{ sort: 'kleur' }, /unknown field 'kleur'/],
		[{ columns: 'list|kleur' }, /unknown field 'kleur'/],
		[{ limit: 'abc' }, /Invalid limit/],
		[{ limit: 0 }, /Invalid limit/],
		[{ offset: -1 }, /Invalid offset/],
		[{ distinct: 'maybe' }, /Invalid distinct/],
	])('answers 400 with {"error": ...} for %p', async (params, message) => {
		const response = await client.get('/Products/', params as Record<string, string>);
		expect(response.status).toBe(400);
		expect(Object.keys(response.data)).toEqual(['error']);
		expect((response.data as unknown as { error: string }).error).toMatch(message);
	});

	it('clamps a limit above maxLimit (default 1000)', async () => {
		const response = await client.get('/Products/', { limit: 5000 });
		expect(response.data.Records.length).toBe(120);
		const small = await startBouwsoftSimulator({ seed: { products: 40 }, maxLimit: 25 });
		try {
			const clamped = await (await connect(small)).get('/Products/', { limit: 100 });
			expect(clamped.data.Records.length).toBe(25);
			expect(clamped.data['Content-Range']).toBe('0-24/40');
		} finally {
			await small.close();
		}
	});
});

describe('Bouwsoft simulator paging and dialect options', () => {
	let sim: BouwsoftSimulator;
	let client: TestClient;

	beforeAll(async () => {
		sim = await startBouwsoftSimulator({
			seed: { products: 30 },
			defaultLimit: 10,
			maxLimit: 20,
			overMaxLimit: 'error',
			emptyContentRange: 'omit',
			contentRangeHeader: true,
			dialect: { comparisons: false, or: false },
			quoteEscape: 'none',
		});
		client = await connect(sim);
	});
	afterAll(() => sim.close());

	it('uses defaultLimit when limit is absent and rejects limits over maxLimit', async () => {
		const page = await client.get('/Products/');
		expect(page.data.Records.length).toBe(10);
		expect(page.data['Content-Range']).toBe('0-9/30');
		expect(page.headers['content-range']).toBe('0-9/30');
		expect((await client.get('/Products/', { limit: 21 })).status).toBe(400);
		expect((await client.get('/Products/', { limit: 20 })).data.Records.length).toBe(20);
	});

	it('omits Content-Range on an empty page when configured', async () => {
		const empty = await client.get('/Products/', { offset: 100 });
		expect(empty.data).toEqual({ Records: [] });
		expect(empty.headers['content-range']).toBeUndefined();
	});

	it('answers 400 for the unconfirmed operators, or, parentheses and doubled quotes', async () => {
		for (const filter of ['id lt 5', 'id ge 5', 'id le 5', 'id eq 1 or id eq 2', '(id eq 1)', "description eq 'a''b'"]) {
			const response = await client.get('/Products/', { filter });
			expect([filter, response.status]).toEqual([filter, 400]);
		}
		const confirmed = await client.get('/Products/', { filter: 'id gt 25 and active ne false' });
		const expected = sim.store.all('Products').filter((p) => p.id > 25 && p.active !== false);
		expect(confirmed.data.Records.map((r) => r.id)).toEqual(expected.map((p) => p.id));
	});

	it('answers 405 for writes (read-only simulator)', async () => {
		const response = await axios.post(`${sim.dataUrl}/Products/`, {}, {
			headers: { Clientnr: String(sim.clientNr), AccessToken: client.accessToken },
			validateStatus: () => true,
		});
		expect(response.status).toBe(405);
	});
});

describe('Bouwsoft simulator contentRangeTotal option', () => {
	it("'table' counts every record of the resource, whatever the filter, distinct or page", async () => {
		const sim = await startBouwsoftSimulator({ seed: { products: 120 }, contentRangeTotal: 'table' });
		try {
			const client = await connect(sim);
			const verf = products.filter((p) => p.list === 'VERF');
			expect(verf.length).toBeGreaterThan(5);
			const filtered = await client.get('/Products/', { filter: "list eq 'VERF'", limit: 5 });
			// The records still follow the filter; only the total does not.
			expect(filtered.data.Records.map((r) => r.id)).toEqual(verf.slice(0, 5).map((p) => p.id));
			expect(filtered.data['Content-Range']).toBe('0-4/120');
			const rest = await client.get('/Products/', { filter: "list eq 'VERF'", limit: 500, offset: 5 });
			expect(rest.data['Content-Range']).toBe(`5-${verf.length - 1}/120`);
			const none = await client.get('/Products/', { filter: "list eq 'NIETS'" });
			expect(none.data).toEqual({ 'Content-Range': '*/120', Records: [] });
			const lists = await client.get('/Products/', { columns: 'list', distinct: true });
			const distinctLists = new Set(products.map((p) => p.list));
			expect(lists.data.Records.length).toBe(distinctLists.size);
			expect(lists.data['Content-Range']).toBe(`0-${distinctLists.size - 1}/120`);
			expect((await client.get(`/Products/${products[3].id}`)).data['Content-Range']).toBe('0-0/120');
		} finally {
			await sim.close();
		}
	});

	it("'filtered' (default) counts what the query selects", async () => {
		const sim = await startBouwsoftSimulator({ seed: { products: 120 } });
		try {
			const client = await connect(sim);
			const verf = products.filter((p) => p.list === 'VERF');
			expect((await client.get('/Products/', { filter: "list eq 'VERF'", limit: 5 })).data['Content-Range']).toBe(`0-4/${verf.length}`);
			expect((await client.get('/Products/', { filter: "list eq 'NIETS'" })).data['Content-Range']).toBe('*/0');
			expect((await client.get(`/Products/${products[3].id}`)).data['Content-Range']).toBe('0-0/1');
		} finally {
			await sim.close();
		}
	});
});
