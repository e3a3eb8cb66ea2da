/**
 * Named option sets, one per way the real Bouwsoft server may differ from the simulator's default on a
 * point the reference (shared/reference/bouwsoft-api.md) leaves inferred or unknown, for tests that run
 * the same scenario against every variant:
 *
 *   for (const variant of realServerVariants()) {
 *     const sim = await startBouwsoftSimulator({ seed: { products: 300 }, ...variant.options });
 *     // variant.tls: the client must trust sim.tls (https.Agent `ca`, or NODE_EXTRA_CA_CERTS=sim.tls.caPath
 *     // set before the Node process starts)
 *   }
 *
 * The default simulator already behaves like the confirmed reference (bare ServerName over HTTPS, filter
 * `eq`/`ne`/`gt` + lower-case `and`, case-sensitive paths); each variant adds one unknown on top of that. The
 * variants that only restate the default are kept (tests may name them) and marked `inDefault`.
 *
 * Every call returns fresh objects (mutating one does not change the next call's).
 */
import type { BouwsoftSimulatorOptions } from './types';

export interface SimulatorVariant {
	/** Short unique name, usable as a test title. */
	name: string;
	/** What the real server would do differently, and which reference point it covers. */
	description: string;
	/** Which unknown it covers (several variants can share one). */
	topic: 'sort' | 'idFilter' | 'paging' | 'listFields' | 'resources' | 'paths' | 'columns' | 'distinct' | 'serverName' | 'filterDialect' | 'contentRange' | 'combined';
	/** The client must trust `sim.tls` (the data server speaks HTTPS with a self-signed certificate). */
	tls: boolean;
	/** The default simulator already behaves like this (it is what the reference confirms): no test needs to run it separately. */
	inDefault: boolean;
	options: BouwsoftSimulatorOptions;
}

/**
 * A server that does only what the reference confirms, with the unknowns at their stricter setting:
 * filter `eq`/`ne`/`gt` + lower-case `and` only; `sort` only on `id` / `-id` (any other key → 400);
 * pages capped silently at 500 (the largest page a client was seen to use; a larger `limit` returns 500
 * records, Content-Range shows the real total); a bare ServerName over HTTPS; case-sensitive paths (the
 * evidence points to case-insensitive ones, so sensitive is the stricter choice). `columns`/`distinct` work
 * (confirmed). The first, third and last of these are the simulator's defaults; they are spelled out so the
 * set means the same on top of `reference: 'lenient'`.
 */
export function confirmedOnlyOptions(): BouwsoftSimulatorOptions {
	return {
		dialect: { comparisons: false, or: false, lowerCaseKeywords: true },
		sortSupport: { mode: 'reject400', exceptFields: ['id'] },
		maxLimit: 500,
		overMaxLimit: 'clamp',
		serverName: 'bare',
		pathCase: 'sensitive',
	};
}

export function realServerVariants(): SimulatorVariant[] {
	const variants: SimulatorVariant[] = [
		{ name: 'sort ignored', topic: 'sort', tls: true, inDefault: false, description: '`sort` accepted and ignored: every list in ascending id order (§3.3: only sort=id/-id confirmed)', options: { sortSupport: 'ignore' } },
		{ name: 'sort refused (400)', topic: 'sort', tls: true, inDefault: false, description: 'any `sort` → 400 {"error":"Invalid sort"}', options: { sortSupport: 'reject400' } },
		{ name: 'sort refused (500)', topic: 'sort', tls: true, inDefault: false, description: 'any `sort` → 500 (ASP.NET Web API body)', options: { sortSupport: 'reject500' } },
		{ name: 'sort only on id', topic: 'sort', tls: true, inDefault: false, description: 'sort on anything but id (e.g. -ts_lastupdate) → 400 (§4: sorting on ts_lastupdate is [I])', options: { sortSupport: { mode: 'reject400', exceptFields: ['id'] } } },
		{ name: 'sort on -ts_lastupdate fails (500)', topic: 'sort', tls: true, inDefault: false, description: 'only `sort=-ts_lastupdate` → 500 (HTML error page); other sorts work', options: { sortSupport: { mode: 'reject500', fields: ['-ts_lastupdate'] }, serverErrorBody: 'html' } },
		{ name: 'id filter refused (400)', topic: 'idFilter', tls: true, inDefault: false, description: 'a filter comparing `id` (e.g. `id gt 120`) → 400', options: { idFilter: 'reject400' } },
		{ name: 'id filter refused (500)', topic: 'idFilter', tls: true, inDefault: false, description: 'a filter comparing `id` → 500', options: { idFilter: 'reject500' } },
		{ name: 'id filter ignored', topic: 'idFilter', tls: true, inDefault: false, description: 'comparisons on `id` count as true; the rest of the filter applies', options: { idFilter: 'ignore' } },
		{ name: 'page cap 100', topic: 'paging', tls: true, inDefault: false, description: 'limit above 100 silently returns 100 records (Content-Range shows the real total) (§3.3 max limit [?])', options: { maxLimit: 100, overMaxLimit: 'clamp' } },
		{ name: 'page cap 250', topic: 'paging', tls: true, inDefault: false, description: 'limit above 250 silently returns 250 records', options: { maxLimit: 250, overMaxLimit: 'clamp' } },
		{ name: 'page cap 500', topic: 'paging', tls: true, inDefault: false, description: 'limit above 500 silently returns 500 records (500 is the largest page seen in use, S1)', options: { maxLimit: 500, overMaxLimit: 'clamp' } },
		{ name: 'limit over 500 refused', topic: 'paging', tls: true, inDefault: false, description: 'limit above 500 → 400', options: { maxLimit: 500, overMaxLimit: 'error' } },
		{ name: 'pages of 100 without limit', topic: 'paging', tls: true, inDefault: false, description: 'no `limit` → 100 records (default page size [?])', options: { defaultLimit: 100 } },
		{ name: 'note_technician only on single GET', topic: 'listFields', tls: true, inDefault: false, description: 'Assignments lists lack note_technician; /Assignments/<id> has it (GET Assignments page not seen)', options: { listOmitFields: { Assignments: ['note_technician'] } } },
		{ name: 'no ProductLists', topic: 'resources', tls: true, inDefault: false, description: '/ProductLists/ → 404 (its GET page was not found)', options: { missingResources: ['ProductLists'] } },
		{ name: 'case-sensitive paths', topic: 'paths', tls: true, inDefault: true, description: 'only /api/v1/ and the documented resource casing work (§2: case-insensitivity is [I])', options: { pathCase: 'sensitive' } },
		{ name: 'case-insensitive paths', topic: 'paths', tls: true, inDefault: false, description: '`/productstock/`, `/API/V1/…` work too (§2: case-insensitivity is [I], the likelier case)', options: { pathCase: 'insensitive' } },
		{ name: 'columns ignored', topic: 'columns', tls: true, inDefault: false, description: '`columns` ignored: full records', options: { columnsSupport: 'ignore' } },
		{ name: 'columns refused', topic: 'columns', tls: true, inDefault: false, description: '`columns` → 400', options: { columnsSupport: 'reject400' } },
		{ name: 'distinct ignored', topic: 'distinct', tls: true, inDefault: false, description: '`distinct` ignored: duplicates returned', options: { distinctSupport: 'ignore' } },
		{ name: 'distinct refused', topic: 'distinct', tls: true, inDefault: false, description: '`distinct` → 400', options: { distinctSupport: 'reject400' } },
		{ name: 'bare ServerName over HTTPS', topic: 'serverName', tls: true, inDefault: true, description: 'ServerName without scheme (confirmed, §2); the client prepends https://', options: { serverName: 'bare' } },
		{ name: 'confirmed filter dialect', topic: 'filterDialect', tls: true, inDefault: false, description: 'only eq/ne/gt and `and`, keywords in any case (`AND`, `EQ`, `TRUE` accepted; lt/ge/le, or, parentheses → 400)', options: { dialect: { comparisons: false, or: false, lowerCaseKeywords: false } } },
		{ name: 'confirmed filter dialect, lower-case keywords', topic: 'filterDialect', tls: true, inDefault: true, description: 'as above, and `AND`/`EQ`/`TRUE` → 400', options: { dialect: { comparisons: false, or: false, lowerCaseKeywords: true } } },
		{ name: "no '' escape in filter strings", topic: 'filterDialect', tls: true, inDefault: false, description: "a quote ends a string: `'a''b'` → 400 (§3.4: escaping [?])", options: { quoteEscape: 'none' } },
		{ name: 'case-insensitive string comparison', topic: 'filterDialect', tls: true, inDefault: false, description: "`list eq 'verf'` matches VERF, sort ignores case (SQL Server's usual collation [I])", options: { caseInsensitiveStrings: true } },
		{ name: 'Content-Range total counts the table', topic: 'contentRange', tls: true, inDefault: false, description: 'the total ignores the filter (§3.1: what it counts is [?])', options: { contentRangeTotal: 'table' } },
		{ name: 'empty page without Content-Range', topic: 'contentRange', tls: true, inDefault: false, description: 'an empty page has no Content-Range key (§3.1: empty value [?])', options: { emptyContentRange: 'omit' } },
		{ name: 'confirmed only', topic: 'combined', tls: true, inDefault: false, description: 'confirmedOnlyOptions(): only confirmed features, unknowns strict', options: confirmedOnlyOptions() },
	];
	return variants;
}
