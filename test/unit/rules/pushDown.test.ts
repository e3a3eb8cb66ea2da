import { evaluateProjectFilter, projectFilterPushDown, validateProjectFilter, type ProjectFilterConfig, type ProjectRule, type RuleCondition } from '../../../nodes/Bouwsoft/rules/projectRules';
import { CONFIRMED_DIALECT, EXTENDED_DIALECT, evaluateFilter, toFilterString, type FilterDialect } from '../../../nodes/Bouwsoft/transport/query';

const rule = (field: string, condition: RuleCondition, value: string): ProjectRule => ({ field, condition, value });
const cfg = (allProjects: boolean, rules: ProjectRule[] = [], combinator: 'and' | 'or' = 'and'): ProjectFilterConfig => ({ allProjects, rules, combinator });
const BASE = 'approved eq true and completed eq false';

function pushed(config: ProjectFilterConfig, dialect: FilterDialect): string | undefined {
	const expr = projectFilterPushDown(config, dialect);
	return expr && toFilterString(expr);
}

describe('projectFilterPushDown', () => {
	test.each([
		['default only', cfg(false), BASE, BASE],
		['All projects, no rules', cfg(true), undefined, undefined],
		['number More Than + text Equal (text stays local)', cfg(true, [rule('pnr', 'moreThan', '20240010'), rule('city', 'equal', 'Gent')]), 'pnr gt 20240010', 'pnr gt 20240010'],
		['Less Than needs the extended dialect', cfg(false, [rule('pnr', 'lessThan', '20240020')]), BASE, `${BASE} and pnr lt 20240020`],
		['number Equal / Not Equal', cfg(true, [rule('pnr', 'equal', '20240003'), rule('unr', 'notEqual', '4')]), 'pnr eq 20240003 and unr ne 4', 'pnr eq 20240003 and unr ne 4'],
		[
			'OR needs the extended dialect',
			cfg(false, [rule('pnr', 'equal', '20240001'), rule('pnr', 'equal', '20240002')], 'or'),
			BASE,
			`${BASE} and (pnr eq 20240001 or pnr eq 20240002)`,
		],
		['OR with a local-only branch is not pushed', cfg(false, [rule('pnr', 'equal', '20240001'), rule('city', 'has', 'gent')], 'or'), BASE, BASE],
		['status Equal → its flags', cfg(true, [rule('status', 'equal', 'Approved')]), 'completed eq false and rejected eq false and approved eq true', 'completed eq false and rejected eq false and approved eq true'],
		['status Not Equal Completed', cfg(true, [rule('status', 'notEqual', 'completed')]), 'completed eq false', 'completed eq false'],
		['status Not Equal Offer stays local', cfg(true, [rule('status', 'notEqual', 'Offer')]), undefined, undefined],
		[
			'status inside OR is parenthesised',
			cfg(true, [rule('status', 'equal', 'Offer'), rule('pnr', 'equal', '5')], 'or'),
			undefined,
			'(completed eq false and rejected eq false and approved eq false) or pnr eq 5',
		],
		['booleans', cfg(true, [rule('active', 'equal', 'no'), rule('hasactualcosts', 'notEqual', 'true')]), 'active eq false and hasactualcosts eq false', 'active eq false and hasactualcosts eq false'],
		['Has empty on a reference id → ne 0', cfg(true, [rule('client_addressid', 'has', '')]), 'client_addressid ne 0', 'client_addressid ne 0'],
		['decimal numbers stay local', cfg(true, [rule('contractamount', 'moreThan', '1500.5')]), undefined, undefined],
		['whole numbers on amounts are pushed', cfg(true, [rule('contractamount', 'moreThan', '1500')]), 'contractamount gt 1500', 'contractamount gt 1500'],
		['client fields stay local', cfg(true, [rule('client.clientnr', 'equal', '1001')]), undefined, undefined],
		['dates stay local', cfg(true, [rule('date_created', 'moreThan', '2024-01-01')]), undefined, undefined],
		['Has with a value stays local', cfg(true, [rule('pnr', 'has', '2024')]), undefined, undefined],
		['an invalid rule is left out of an AND', cfg(true, [rule('nope', 'equal', '1'), rule('pnr', 'equal', '7')]), 'pnr eq 7', 'pnr eq 7'],
		['an invalid rule disables an OR', cfg(true, [rule('nope', 'equal', '1'), rule('pnr', 'equal', '7')], 'or'), undefined, undefined],
	] as Array<[string, ProjectFilterConfig, string | undefined, string | undefined]>)('%s', (_name, config, confirmed, extended) => {
		expect(pushed(config, CONFIRMED_DIALECT)).toBe(confirmed);
		expect(pushed(config, EXTENDED_DIALECT)).toBe(extended);
	});
});

/** Small deterministic PRNG (mulberry32) so a failure reproduces. */
function prng(seed: number): () => number {
	let a = seed;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

describe('push-down is never narrower than the local evaluation (random projects and rules)', () => {
	const random = prng(42);
	const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
	const pick = <T>(list: readonly T[]): T => list[int(0, list.length - 1)];
	const cities = ['Gent', 'gent', 'Liège', 'Antwerpen', 'Brugge', ''];

	function randomProject(id: number): Record<string, unknown> {
		const approved = random() < 0.5;
		return {
			id,
			pnr: 20240000 + int(0, 30),
			unr: int(0, 30),
			city: pick(cities),
			approved,
			rejected: !approved && random() < 0.4,
			completed: random() < 0.4,
			active: random() < 0.5,
			hasactualcosts: random() < 0.5,
			client_addressid: pick([0, 3, 7]),
			parent_id: pick([0, 1]),
			contractamount: int(0, 10) * 500,
			date_created: `2024-0${int(1, 9)}-1${int(0, 9)}`,
		};
	}

	const numberFields = ['pnr', 'unr', 'contractamount', 'client_addressid', 'parent_id'];
	function randomRule(): ProjectRule {
		switch (int(0, 4)) {
			case 0:
				return rule(pick(numberFields), pick(['equal', 'notEqual', 'moreThan', 'lessThan'] as RuleCondition[]), String(pick([0, 7, 1500, 20240010, 20240020, 15])));
			case 1:
				return rule(pick(['active', 'hasactualcosts', 'approved', 'completed', 'rejected']), pick(['equal', 'notEqual'] as RuleCondition[]), pick(['true', 'false']));
			case 2:
				return rule('status', pick(['equal', 'notEqual'] as RuleCondition[]), pick(['Offer', 'Approved', 'Rejected', 'Completed']));
			case 3:
				return rule(pick(['client_addressid', 'parent_id', 'city']), 'has', pick(['', 'en']));
			default:
				return rule(pick(['city', 'date_created']), pick(['equal', 'notEqual', 'moreThan'] as RuleCondition[]), pick(['gent', 'Brugge', '2024-05-01']));
		}
	}

	test('500 random configurations × 60 projects × both dialects', () => {
		const projects = Array.from({ length: 60 }, (_, i) => randomProject(i + 1));
		let narrowed = 0;
		let kept = 0;
		let tested = 0;
		for (let n = 0; n < 500; n++) {
			const config = cfg(random() < 0.5, Array.from({ length: int(0, 3) }, randomRule), random() < 0.5 ? 'and' : 'or');
			if (validateProjectFilter(config).length > 0) continue; // e.g. a date rule with a city name
			tested++;
			for (const dialect of [CONFIRMED_DIALECT, EXTENDED_DIALECT]) {
				const expr = projectFilterPushDown(config, dialect);
				for (const project of projects) {
					const local = evaluateProjectFilter(project, config).kept;
					const server = expr === undefined || evaluateFilter(project, expr);
					if (local) {
						kept++;
						expect({ config, dialect, project, server }).toEqual({ config, dialect, project, server: true });
					}
					if (!server) narrowed++;
				}
			}
		}
		// the property is only meaningful if both sides actually select something
		expect(tested).toBeGreaterThan(300);
		expect(kept).toBeGreaterThan(1000);
		expect(narrowed).toBeGreaterThan(1000);
	});
});
