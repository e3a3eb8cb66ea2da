/**
 * Check Connection in tests. What the Bouwsoft node's Check Connection must report for each real-server variant of the Bouwsoft simulator
 * (test/simulators/bouwsoft/variants.ts), and a simulator with every quirk switched on at once. Shared by the node
 * test (test/node/bouwsoft/checkConnection.test.ts) and the e2e test (test/e2e/checkConnection.e2e.test.ts).
 * The seed needs more products than the largest page cap (500) for the caps to show: `CHECK_SEED`.
 */
import type { BouwsoftSimulatorOptions } from '../../simulators/bouwsoft';
import type { OutSmartSimulatorOptions } from '../../simulators/outsmart';

export const CHECK_SEED = { products: 600 };

export interface QuirkReport {
	/** The item's id. */
	id: string;
	status: 'ok' | 'warning' | 'problem';
	/** What its `found` says. */
	found: RegExp;
}

const sortByChange: QuirkReport = { id: 'bouwsoft.capability.sortByChange', status: 'warning', found: /sort=-ts_lastupdate does not work/ };
const sortById: QuirkReport = { id: 'bouwsoft.capability.sortById', status: 'warning', found: /sort=id does not work/ };
const idFilter: QuirkReport = { id: 'bouwsoft.capability.idFilter', status: 'warning', found: /filters on id do not work/ };
const columns: QuirkReport = { id: 'bouwsoft.capability.columns', status: 'warning', found: /columns= does not work/ };
const distinct: QuirkReport = { id: 'bouwsoft.capability.distinct', status: 'warning', found: /distinct=true does not work/ };
const productLists: QuirkReport = { id: 'bouwsoft.capability.productLists', status: 'warning', found: /GET \/ProductLists\/ does not exist/ };
const listNotes: QuirkReport = { id: 'bouwsoft.capability.listNotes', status: 'warning', found: /assignment lists lack note_technician/ };
const pageCap = (n: number): QuirkReport => ({ id: 'bouwsoft.pageSize', status: 'warning', found: new RegExp(`Bouwsoft served ${n} of ${CHECK_SEED.products} products`) });
const tableTotals: QuirkReport = { id: 'bouwsoft.changedSince', status: 'warning', found: /Content-Range totals count the whole table/ };

/** Variant name → what the check reports (variants not listed change nothing the sync relies on: every item ok). */
export const QUIRK_REPORTS: Record<string, QuirkReport[]> = {
	'sort ignored': [sortByChange],
	'sort refused (400)': [sortByChange, sortById],
	'sort refused (500)': [sortByChange, sortById],
	'sort only on id': [sortByChange],
	'sort on -ts_lastupdate fails (500)': [sortByChange],
	'id filter refused (400)': [idFilter],
	'id filter refused (500)': [idFilter],
	'id filter ignored': [idFilter],
	'page cap 100': [pageCap(100)],
	'page cap 250': [pageCap(250)],
	'page cap 500': [pageCap(500)],
	'limit over 500 refused': [{ id: 'bouwsoft.pageSize', status: 'warning', found: /refuses a limit above 500/ }],
	'note_technician only on single GET': [listNotes],
	'no ProductLists': [productLists],
	'columns ignored': [columns],
	'columns refused': [columns],
	'distinct ignored': [distinct],
	'distinct refused': [distinct],
	'Content-Range total counts the table': [tableTotals],
	'confirmed only': [sortByChange, pageCap(500)],
};

/**
 * Every quirk at once, on top of the confirmed reference (bare ServerName over HTTPS, eq/ne/gt + lower-case and,
 * case-sensitive paths): sort on ts_lastupdate refused with a 500 (an HTML error page), id filters refused with a
 * 500, pages capped at 100 (and 100 without a limit), no note_technician in lists, no ProductLists, columns and
 * distinct ignored, Content-Range totals of the whole table, empty pages without Content-Range. Two quirks would
 * hide others, so they are the variant tests' alone: a refused `sort=id` (the id filter is then never sent) and
 * working columns with an ignored distinct (with columns ignored, distinct is never needed).
 */
export const ALL_QUIRKS: BouwsoftSimulatorOptions = {
	seed: CHECK_SEED,
	sortSupport: { mode: 'reject500', exceptFields: ['id'] },
	serverErrorBody: 'html',
	idFilter: 'reject500',
	maxLimit: 100,
	overMaxLimit: 'clamp',
	defaultLimit: 100,
	listOmitFields: { Assignments: ['note_technician'] },
	missingResources: ['ProductLists'],
	columnsSupport: 'ignore',
	distinctSupport: 'ignore',
	contentRangeTotal: 'table',
	emptyContentRange: 'omit',
};

/** The reports the all-quirks simulator must produce (one per quirk it has; distinct is not needed without columns). */
export const ALL_QUIRK_REPORTS: QuirkReport[] = [
	sortByChange,
	idFilter,
	pageCap(100),
	listNotes,
	productLists,
	columns,
	{ id: 'bouwsoft.capability.distinct', status: 'ok', found: /Not needed on this server: columns= does not work/ },
	tableTotals,
];

/** An OutSmart account with the documented default work types and payment methods (reference §3.12.1), as seed. */
export const OUTSMART_LOOKUPS: NonNullable<OutSmartSimulatorOptions['seed']> = {
	worktypes: ['Installatie', 'Garantie', 'Levering', 'Onderhoud', 'Project', 'Regie', 'Reparatie', 'Service', 'Storing', 'Verkoop', 'Verhuur'].map((name) => ({
		wrt_name: name,
		wrt_description: name,
		wrt_default_minutes: '60',
		wrt_active: '1',
	})),
	paymentmethods: ['niet van toepassing', 'op rekening', 'contant voldaan', 'pin betaling', 'conform offerte'].map((pmd_description) => ({ pmd_description })),
};
