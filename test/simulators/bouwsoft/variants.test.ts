/**
 * realServerVariants() / confirmedOnlyOptions(): every variant starts, answers a plain list, and answers
 * a fixed set of probe requests differently from the default simulator (so no variant is a no-op).
 */
import { confirmedOnlyOptions, realServerVariants, startBouwsoftSimulator, type BouwsoftSimulatorOptions } from './index';
import { connect, fetchToken, type TestClient } from './testClient';

const SEED = { products: 520 };

const PROBES: Array<[string, Record<string, string | number>]> = [
	['/Products/', { sort: '-ts_lastupdate', limit: 3 }],
	['/Products/', { sort: '-id', limit: 3 }],
	['/Products/', { filter: "id gt 3 and list eq 'VERF'", limit: 3 }],
	['/Products/', { limit: 1000 }],
	['/Products/', {}],
	['/Assignments/', { limit: 2 }],
	['/ProductLists/', { limit: 2 }],
	['/productstock/', { limit: 2 }],
	['/ProductStock/', { columns: 'stock_locationid|stock_location', distinct: 'true' }],
	['/Products/', { filter: 'id lt 3' }],
	['/Products/', { filter: 'id eq 2', limit: 3 }],
	['/Products/', { filter: "list EQ 'VERF'", limit: 2 }],
	['/Products/', { filter: "list eq 'NIETS'" }],
	['/Products/', { filter: "list eq 'VERF'", limit: 2 }],
	['/Products/', { filter: "description eq 'a''b'" }],
	['/Products/', { filter: "list eq 'verf'", limit: 2 }],
];

/** Status and body of every probe, plus whether ServerName carries a scheme. */
async function fingerprint(options: BouwsoftSimulatorOptions): Promise<string[]> {
	const sim = await startBouwsoftSimulator({ seed: SEED, ...options });
	try {
		const client: TestClient = await connect(sim, { ca: sim.tls?.certPem });
		const out = [`ServerName scheme: ${/^https?:\/\//.test((await fetchToken(sim)).data.ServerName as string)}`];
		for (const [path, params] of PROBES) {
			const response = await client.get(path, params);
			out.push(`${path} ${JSON.stringify(params)} → ${response.status} ${JSON.stringify(response.data)}`);
		}
		return out;
	} finally {
		await sim.close();
	}
}

describe('Bouwsoft simulator realServerVariants()', () => {
	let baseline: string[];

	beforeAll(async () => {
		baseline = await fingerprint({});
	});

	it('has unique names, fresh objects on every call, and marks exactly the HTTPS variants as tls', () => {
		const variants = realServerVariants();
		expect(new Set(variants.map((v) => v.name)).size).toBe(variants.length);
		expect(variants.length).toBeGreaterThanOrEqual(20);
		// The default data server speaks HTTPS; only a variant that asks for a ServerName with scheme could leave it.
		for (const v of variants) expect([v.name, v.tls]).toEqual([v.name, v.options.https ?? v.options.serverName !== 'url']);
		expect(variants.filter((v) => v.inDefault).map((v) => v.name)).toEqual(['case-sensitive paths', 'bare ServerName over HTTPS', 'confirmed filter dialect, lower-case keywords']);
		const first = realServerVariants();
		first[0].options.sortSupport = 'honour';
		(first.find((v) => v.name === 'confirmed only')?.options.dialect as { or: boolean }).or = true;
		expect(realServerVariants()).toEqual(variants);
		expect(variants.map((v) => v.topic)).toEqual(expect.arrayContaining(['sort', 'idFilter', 'paging', 'listFields', 'resources', 'paths', 'columns', 'distinct', 'serverName', 'filterDialect']));
	});

	it.each(realServerVariants().map((v) => [v.name, v] as const))('%s: starts, lists, and differs from the default unless marked inDefault', async (_name, variant) => {
		const sim = await startBouwsoftSimulator({ seed: SEED, ...variant.options });
		try {
			expect(sim.tls !== undefined).toBe(variant.tls);
			const client = await connect(sim, { ca: sim.tls?.certPem });
			const page = await client.get('/Products/', { limit: 5 });
			expect(page.status).toBe(200);
			expect(page.data.Records.length).toBe(5);
		} finally {
			await sim.close();
		}
		const differences = (await fingerprint(variant.options)).filter((line, i) => line !== baseline[i]);
		if (variant.inDefault) expect(differences).toEqual([]);
		else expect(differences.length).toBeGreaterThan(0);
	});
});

describe('Bouwsoft simulator defaults', () => {
	it("behave like the confirmed reference: bare ServerName over HTTPS, eq/ne/gt + lower-case and, case-sensitive paths; reference 'lenient' is the original simulator", async () => {
		const confirmed = await fingerprint({});
		const sensitive = await fingerprint({ dialect: { comparisons: false, or: false, lowerCaseKeywords: true }, serverName: 'bare', pathCase: 'sensitive' });
		expect(confirmed).toEqual(sensitive);
		const sim = await startBouwsoftSimulator({ seed: SEED });
		try {
			expect(sim.serverName).toMatch(/^127\.0\.0\.1:\d+$/);
			expect(sim.dataUrl).toMatch(/^https:\/\//);
			expect([sim.filterSemantics.dialect, sim.quirks.pathCase, sim.quirks.serverName]).toEqual([{ comparisons: false, or: false, lowerCaseKeywords: true }, 'sensitive', 'bare']);
		} finally {
			await sim.close();
		}
		const lenient = await startBouwsoftSimulator({ seed: SEED, reference: 'lenient' });
		try {
			expect(lenient.tls).toBeUndefined();
			expect(lenient.serverName).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
			expect([lenient.filterSemantics.dialect, lenient.quirks.pathCase]).toEqual([{ comparisons: true, or: true, lowerCaseKeywords: false }, 'insensitive']);
			const client = await connect(lenient);
			expect((await client.get('/productstock/', { filter: "stock_locationid gt 0 OR stock_locationid le 0", limit: 1 })).status).toBe(200);
		} finally {
			await lenient.close();
		}
	});
});

describe('Bouwsoft simulator confirmedOnlyOptions()', () => {
	it('takes only the confirmed features: eq/ne/gt + lower-case and, sort on id, pages of 500, bare ServerName over HTTPS, case-sensitive paths', async () => {
		const sim = await startBouwsoftSimulator({ seed: SEED, ...confirmedOnlyOptions() });
		try {
			const client = await connect(sim, { ca: sim.tls?.certPem });
			expect(client.serverName).toMatch(/^127\.0\.0\.1:\d+$/);
			const ok = await client.get('/Products/', { filter: "list ne 'VERF' and active eq true and id gt 3", sort: '-id', limit: 2 });
			expect(ok.status).toBe(200);
			expect((ok.data.Records[0].id as number) > (ok.data.Records[1].id as number)).toBe(true);
			const refused: Array<Record<string, string>> = [{ sort: '-ts_lastupdate' }, { filter: 'id ge 3' }, { filter: "list eq 'A' or list eq 'B'" }, { filter: "list eq 'VERF' AND active eq true" }];
			for (const params of refused) {
				expect([params, (await client.get('/Products/', params)).status]).toEqual([params, 400]);
			}
			const capped = await client.get('/Products/', { limit: 1000 });
			expect(capped.data.Records.length).toBe(500);
			expect(capped.data['Content-Range']).toBe(`0-499/${SEED.products}`);
			const lists = await client.get('/Products/', { columns: 'list', distinct: 'true' });
			expect(lists.status).toBe(200);
			expect((await client.get('/productstock/', { limit: 1 })).status).toBe(404);
			expect((await client.get('/ProductStock/', { limit: 1 })).status).toBe(200);
		} finally {
			await sim.close();
		}
	});
});
