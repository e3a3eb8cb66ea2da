/**
 * Push-down and local evaluation select exactly the same projects from the Bouwsoft simulator's seeded
 * data: for each configuration, the projects the server returns for `filter=<push-down>` and then pass the
 * local evaluation are the projects that pass the local evaluation when read without any filter.
 * Run against a simulator that only understands the confirmed syntax (eq/ne/gt, and: anything else is
 * a 400) and against one with the extended syntax (lt/ge/le, or, parentheses).
 */
import { evaluateProjectFilter, projectFilterPushDown, type ProjectFilterConfig, type ProjectRule, type RuleCondition } from '../../../nodes/Bouwsoft/rules/projectRules';
import { CONFIRMED_DIALECT, EXTENDED_DIALECT, toFilterString, type FilterDialect } from '../../../nodes/Bouwsoft/transport/query';
import { startBouwsoftSimulator, type BouwsoftSimulator } from '../../simulators/bouwsoft';
import { connect, type TestClient } from '../../simulators/bouwsoft/testClient';

type Project = Record<string, unknown>;
const rule = (field: string, condition: RuleCondition, value: string): ProjectRule => ({ field, condition, value });
const cfg = (allProjects: boolean, rules: ProjectRule[] = [], combinator: 'and' | 'or' = 'and'): ProjectFilterConfig => ({ allProjects, rules, combinator });

async function readProjects(client: TestClient, filter?: string): Promise<Project[]> {
	const params: Record<string, string | number> = { sort: 'id', limit: 1000 };
	if (filter) params.filter = filter;
	const response = await client.get('/Projects/', params);
	if (response.status !== 200) throw new Error(`GET /Projects/?filter=${filter} → ${response.status} ${JSON.stringify(response.data)}`);
	return response.data.Records;
}

/** Attach the client as the trigger does, so client.<field> rules see it. */
function withClients(projects: Project[], addresses: Project[]): Project[] {
	const byId = new Map(addresses.map((a) => [a.id, a]));
	return projects.map((p) => ({ ...p, client: byId.get(p.client_addressid) ?? null }));
}

const dialects: Array<[string, FilterDialect]> = [
	['confirmed', CONFIRMED_DIALECT],
	['extended', EXTENDED_DIALECT],
];

describe.each(dialects)('push-down = local evaluation on seeded projects (%s dialect)', (_name, dialect) => {
	let sim: BouwsoftSimulator;
	let client: TestClient;
	let all: Project[];
	let addresses: Project[];

	beforeAll(async () => {
		sim = await startBouwsoftSimulator({ seed: { projects: 120, addresses: 40 }, dialect });
		client = await connect(sim);
		addresses = (await client.get('/Addresses/', { sort: 'id', limit: 1000 })).data.Records;
		all = withClients(await readProjects(client), addresses);
	});
	afterAll(async () => sim?.close());

	function configs(): Array<[string, ProjectFilterConfig]> {
		const pnrs = all.map((p) => Number(p.pnr)).sort((a, b) => a - b);
		const median = pnrs[Math.floor(pnrs.length / 2)];
		const someCity = String(all[3].city).toUpperCase();
		return [
			['default', cfg(false)],
			['All projects', cfg(true)],
			['default + pnr More Than median', cfg(false, [rule('pnr', 'moreThan', String(median))])],
			['status Offer', cfg(true, [rule('status', 'equal', 'Offer')])],
			['status Rejected OR pnr Less Than median', cfg(true, [rule('status', 'equal', 'Rejected'), rule('pnr', 'lessThan', String(median))], 'or')],
			['default + city (upper case) AND amount', cfg(false, [rule('city', 'equal', someCity), rule('contractamount', 'moreThan', '50000')])],
			['not active AND has a client', cfg(true, [rule('active', 'equal', 'no'), rule('client_addressid', 'has', '')])],
			['three numbers OR', cfg(true, [rule('pnr', 'equal', String(pnrs[0])), rule('pnr', 'equal', String(pnrs[5])), rule('unr', 'equal', '3')], 'or')],
			['not completed AND created after', cfg(true, [rule('status', 'notEqual', 'Completed'), rule('date_created', 'moreThan', String(all[10].date_created))])],
			['client city has AND sub-project', cfg(true, [rule('client.city', 'has', 'e'), rule('parent_id', 'has', '')])],
			['name with a quote', cfg(false, [rule('name', 'has', "'t hoekske")])],
			['no reference AND approved', cfg(true, [rule('yourreference', 'has', ''), rule('approved', 'equal', 'true')])],
			['status Approved OR Completed', cfg(true, [rule('status', 'equal', 'Approved'), rule('status', 'equal', 'Completed')], 'or')],
		];
	}

	test('every configuration selects the same projects either way', async () => {
		let narrowedByServer = 0;
		for (const [name, config] of configs()) {
			const localOnly = all.filter((p) => evaluateProjectFilter(p, config).kept).map((p) => p.id);
			const expr = projectFilterPushDown(config, dialect);
			const fromServer = withClients(await readProjects(client, expr && toFilterString(expr)), addresses);
			const viaPushDown = fromServer.filter((p) => evaluateProjectFilter(p, config).kept).map((p) => p.id);
			expect({ name, ids: viaPushDown }).toEqual({ name, ids: localOnly });
			if (fromServer.length < all.length) narrowedByServer++;
		}
		// the comparison only means something if the server really filtered in several cases
		expect(narrowedByServer).toBeGreaterThanOrEqual(dialect.or ? 9 : 7);
	});

	test('the default rule keeps exactly the approved, not completed projects of the seed', async () => {
		// seed: state by index % 5 — 0 offer, 1 approved, 2 rejected, 3 completed, 4 approved + completed
		const expected = all.filter((p) => (Number(p.id) - 1) % 5 === 1).map((p) => p.id);
		const expr = projectFilterPushDown(cfg(false), dialect);
		expect(expr && toFilterString(expr)).toBe('approved eq true and completed eq false');
		const fromServer = await readProjects(client, expr && toFilterString(expr));
		expect(fromServer.map((p) => p.id)).toEqual(expected);
		expect(fromServer.filter((p) => evaluateProjectFilter(p, cfg(false)).kept).map((p) => p.id)).toEqual(expected);
		expect(expected.length).toBe(24);
	});

	test('the simulator enforces the dialect, so a push-down beyond it would fail the test', async () => {
		const lt = await client.get('/Projects/', { filter: 'pnr lt 20240005' });
		const or = await client.get('/Projects/', { filter: 'pnr eq 1 or pnr eq 2' });
		expect([lt.status, or.status]).toEqual(dialect.or ? [200, 200] : [400, 400]);
	});

	test('the status rule matches the seeded state of every project', () => {
		const states = ['Offer', 'Approved', 'Rejected', 'Completed', 'Completed'];
		for (const project of all) {
			const state = states[(Number(project.id) - 1) % 5];
			expect(evaluateProjectFilter(project, cfg(true, [rule('status', 'equal', state)])).kept).toBe(true);
		}
	});
});
