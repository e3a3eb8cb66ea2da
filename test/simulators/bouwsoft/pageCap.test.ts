/**
 * A server whose page cap is below what the client asks (maxLimit 100 / 250, client asks 1000):
 * `overMaxLimit: 'clamp'` is the silent cap — full pages of maxLimit records, and Content-Range keeps the
 * real total, so a client can tell a capped page from the last one. Offsets keep working.
 */
import { startBouwsoftSimulator, type BouwsoftSimulator } from './index';
import { connect, type TestClient } from './testClient';

const PRODUCTS = 600;

const totalOf = (range: string | undefined) => Number(/\/(\d+)$/.exec(range ?? '')?.[1]);

describe.each([100, 250])('Bouwsoft simulator page cap %d (client asks 1000)', (cap) => {
	let sim: BouwsoftSimulator;
	let client: TestClient;

	beforeAll(async () => {
		sim = await startBouwsoftSimulator({ seed: { products: PRODUCTS }, maxLimit: cap });
		client = await connect(sim);
	});
	afterAll(() => sim.close());

	it('returns pages of exactly `cap` records with the real total in Content-Range', async () => {
		const first = await client.get('/Products/', { limit: 1000, sort: 'id' });
		expect(first.status).toBe(200);
		expect(first.data.Records.length).toBe(cap);
		expect(first.data['Content-Range']).toBe(`0-${cap - 1}/${PRODUCTS}`);
		// Short compared with the asked limit, yet the total says there is more: detectable.
		expect(first.data.Records.length).toBeLessThan(1000);
		expect(totalOf(first.data['Content-Range'])).toBeGreaterThan(first.data.Records.length);
	});

	it('pages through everything when the client advances by the records it got', async () => {
		const seen: number[] = [];
		const ranges: string[] = [];
		for (let offset = 0; offset < PRODUCTS; ) {
			const page = await client.get('/Products/', { offset, limit: 1000, sort: 'id' });
			ranges.push(page.data['Content-Range'] as string);
			seen.push(...page.data.Records.map((r) => r.id as number));
			expect(totalOf(page.data['Content-Range'])).toBe(PRODUCTS);
			offset += page.data.Records.length;
		}
		const expectedRanges: string[] = [];
		for (let start = 0; start < PRODUCTS; start += cap) expectedRanges.push(`${start}-${Math.min(start + cap, PRODUCTS) - 1}/${PRODUCTS}`);
		expect(ranges).toEqual(expectedRanges);
		expect(seen).toEqual(sim.store.all('Products').map((p) => p.id));
		const beyond = await client.get('/Products/', { offset: PRODUCTS, limit: 1000 });
		expect(beyond.data).toEqual({ 'Content-Range': `*/${PRODUCTS}`, Records: [] });
	});

	it('starts a capped page at any offset, and the last page is short', async () => {
		const middle = await client.get('/Products/', { offset: 150, limit: 1000 });
		expect(middle.data['Content-Range']).toBe(`150-${150 + cap - 1}/${PRODUCTS}`);
		expect(middle.data.Records[0].id).toBe(151);
		const tail = await client.get('/Products/', { offset: PRODUCTS - 30, limit: 1000 });
		expect(tail.data.Records.length).toBe(30);
		expect(tail.data['Content-Range']).toBe(`${PRODUCTS - 30}-${PRODUCTS - 1}/${PRODUCTS}`);
	});

	it('counts the filtered total under the cap, and the table total with contentRangeTotal table', async () => {
		const active = sim.store.all('Products').filter((p) => p.active === true);
		expect(active.length).toBeGreaterThan(cap);
		const page = await client.get('/Products/', { filter: 'active eq true', limit: 1000 });
		expect(page.data.Records.length).toBe(cap);
		expect(page.data['Content-Range']).toBe(`0-${cap - 1}/${active.length}`);
		sim.paging.contentRangeTotal = 'table';
		try {
			const table = await client.get('/Products/', { filter: 'active eq true', limit: 1000 });
			expect(table.data['Content-Range']).toBe(`0-${cap - 1}/${PRODUCTS}`);
		} finally {
			sim.paging.contentRangeTotal = 'filtered';
		}
	});

	it("with overMaxLimit 'error' (changed while running) a limit above the cap is a 400 instead", async () => {
		sim.paging.overMaxLimit = 'error';
		try {
			const refused = await client.get('/Products/', { limit: 1000 });
			expect([refused.status, refused.data]).toEqual([400, { error: `Invalid limit: maximum is ${cap}` }]);
			expect((await client.get('/Products/', { limit: cap })).data.Records.length).toBe(cap);
		} finally {
			sim.paging.overMaxLimit = 'clamp';
		}
		expect((await client.get('/Products/', { limit: 1000 })).data.Records.length).toBe(cap);
	});
});

describe('Bouwsoft simulator page cap changed while running', () => {
	it('follows sim.paging.maxLimit per request; reset() restores the start value', async () => {
		const sim = await startBouwsoftSimulator({ seed: { products: 300 } });
		try {
			let client = await connect(sim);
			expect((await client.get('/Products/', { limit: 1000 })).data.Records.length).toBe(300);
			sim.paging.maxLimit = 100;
			expect((await client.get('/Products/', { limit: 1000 })).data['Content-Range']).toBe('0-99/300');
			sim.reset();
			client = await connect(sim);
			expect(sim.paging.maxLimit).toBe(1000);
			expect((await client.get('/Products/', { limit: 1000 })).data.Records.length).toBe(300);
		} finally {
			await sim.close();
		}
	});
});
