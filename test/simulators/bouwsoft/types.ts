/**
 * Public types of the Bouwsoft simulator. Everything a test, the e2e suite, the demo or the benchmark
 * needs to drive it is declared here; the implementation lives in the sibling modules.
 */
import type { BouwsoftSeedOptions } from './seed';

export const BOUWSOFT_RESOURCES = [
	'Employees',
	'Products',
	'ProductLists',
	'ProductGroups',
	'ProductStock',
	'Jobs',
	'Addresses',
	'AddressContacts',
	'Projects',
	'ProjectPhases',
	'ActualCostItems',
	'Assignments',
	'AssignmentProducts',
	'AssignmentLabor',
] as const;

export type BouwsoftResource = (typeof BOUWSOFT_RESOURCES)[number];

export type BouwsoftValue = string | number | boolean;
/** A flat Bouwsoft record: `id` always present, empty strings and 0 ids instead of null (reference Q6). */
export type BouwsoftRecord = { id: number } & Record<string, BouwsoftValue>;

export type BouwsoftTables = Record<BouwsoftResource, BouwsoftRecord[]>;

/** Which parts of the (partly unconfirmed) filter syntax the simulated server accepts. */
export interface SimFilterDialect {
	/** `lt`, `ge`, `le` besides the confirmed `eq`, `ne`, `gt`. Off → 400. */
	comparisons: boolean;
	/** `or` and parentheses. Off → 400. */
	or: boolean;
	/**
	 * Only lower-case keywords (`and`, `or`, `eq`…, `true`/`false`), as in every confirmed example (the
	 * default). Off: any case (`AND`, `Eq`, `TRUE`). On → an upper- or mixed-case keyword is a syntax error (400).
	 */
	lowerCaseKeywords?: boolean;
}

export interface FilterSemantics {
	dialect: SimFilterDialect;
	/** `'double'`: `''` inside a quoted string is one quote. `'none'`: a string ends at the first quote. */
	quoteEscape: 'double' | 'none';
	/** Compare strings ignoring case (SQL Server's usual collation). Default false (ordinal). */
	caseInsensitiveStrings: boolean;
	/** Ignore trailing spaces when comparing strings (SQL padding: `'' eq ' '`), so `name ne ' '` drops blank names. */
	sqlPadding: boolean;
}

export interface BouwsoftSimulatorOptions {
	/** Fixed ports; 0 (default) picks free ones, so auth and data never share a port. */
	authPort?: number;
	dataPort?: number;
	clientNr?: number; // default 115 (the value in Bouwsoft's own examples)
	refreshToken?: string; // default DEMO_REFRESH_TOKEN
	/** Access-token lifetime in seconds of simulator clock. Default 3600. */
	accessTokenTtlSeconds?: number;
	/** Zone of ts_lastupdate strings. Default 'Europe/Brussels'. */
	timeZone?: string;
	/** Seed options, or false for an empty store. Default: buildBouwsoftSeed() with this timeZone. */
	seed?: BouwsoftSeedOptions | false;
	/** Records that replace the seeded table of a resource. */
	records?: Partial<Record<BouwsoftResource, Array<Partial<BouwsoftRecord>>>>;
	dialect?: Partial<SimFilterDialect>;
	quoteEscape?: 'double' | 'none';
	caseInsensitiveStrings?: boolean;
	sqlPadding?: boolean; // default true
	/** Content-Range of an empty page: `'star'` → `"*\/<total>"` (default), `'omit'` → key left out. */
	emptyContentRange?: 'star' | 'omit';
	/**
	 * What the total in Content-Range counts (unknown for real Bouwsoft): `'filtered'` (default) the records
	 * the query selects; `'table'` every record of the resource, whatever the filter (or distinct).
	 */
	contentRangeTotal?: 'filtered' | 'table';
	/** Also send Content-Range as an HTTP header. Default false. */
	contentRangeHeader?: boolean;
	/** Page size when `limit` is absent; null (default) = everything. */
	defaultLimit?: number | null;
	/** Largest accepted `limit` (default 1000). */
	maxLimit?: number;
	/** What a `limit` above maxLimit does: `'clamp'` (default) or `'error'` (400). */
	overMaxLimit?: 'clamp' | 'error';
	/** Delay added to every request (both servers), in ms. Default 0. */
	latencyMs?: number;
	/**
	 * A write that sets a column the reference lists as Writeable = No (other than `assignment_id` on insert):
	 * `'ignore'` (default) drops it silently, `'reject'` answers 400 naming the column. Unknown for real Bouwsoft.
	 */
	nonWriteableColumns?: 'reject' | 'ignore';
	/** `PUT /Assignments/<id>` (unconfirmed): `'put'` (default) 200 + RecordChanges, `'unsupported'` → 405. */
	assignmentUpdates?: 'put' | 'unsupported';

	/**
	 * The base the options below start from. `'confirmed'` (default): only what the reference confirms — a bare
	 * ServerName served over HTTPS (`serverName: 'bare'`), filter `eq`/`ne`/`gt` + lower-case `and`
	 * (`dialect: { comparisons: false, or: false, lowerCaseKeywords: true }`), case-sensitive paths
	 * (`pathCase: 'sensitive'`). `'lenient'`: the simulator's original behaviour — `http://` ServerName, the
	 * extended dialect in any case (`lt/ge/le`, `or`, parentheses, `AND`), case-insensitive paths. Explicit
	 * options win over either.
	 */
	reference?: 'confirmed' | 'lenient';

	// Real-server variants for what the reference leaves unknown (see ServerQuirks and README "Real-server
	// variants"). They can be changed while running through `sim.quirks`.
	sortSupport?: SortSupport;
	idFilter?: IdFilterSupport;
	listOmitFields?: Record<string, string[]>;
	missingResources?: string[];
	pathCase?: 'insensitive' | 'sensitive';
	columnsSupport?: ParameterSupport;
	distinctSupport?: ParameterSupport;
	serverName?: 'url' | 'bare';
	serverErrorBody?: ServerErrorBody;
	/**
	 * The data server speaks HTTPS (self-signed certificate for 127.0.0.1, see `sim.tls`) instead of HTTP.
	 * Start-time only. Default: true when `serverName` is `'bare'` at start, else false.
	 */
	https?: boolean;
	/**
	 * Which certificate the HTTPS data server serves: `'shared'` (default) the machine's one simulator
	 * certificate (sharedCertificate.ts; what NODE_EXTRA_CA_CERTS points at in tests, e2e and the demo);
	 * `'fresh'` a new one per start, in a temp file `close()` removes (for tests about trust itself).
	 */
	certificate?: 'shared' | 'fresh';
}

/** How the server treats `sort`: honour it (default), ignore it (ascending id order), or refuse the request. */
export type SortSupportMode = 'honour' | 'ignore' | 'reject400' | 'reject500';

/**
 * A sort mode for some sort keys only. Key notation: `'field'` matches either direction, `'-field'` only
 * descending, `'+field'` only ascending. The mode applies to the whole request when one of its sort keys
 * matches `fields` (default: every key) and does not match `exceptFields`; otherwise the sort is honoured.
 */
export interface SortSupportRule {
	mode: Exclude<SortSupportMode, 'honour'>;
	fields?: string[];
	exceptFields?: string[];
}

export type SortSupport = SortSupportMode | SortSupportRule;

/** A filter comparing the field `id`: fine (default), refused with 400 / 500, or ignored (comparison = true). */
export type IdFilterSupport = 'ok' | 'reject400' | 'reject500' | 'ignore';

/** A list parameter (`columns`, `distinct`): honoured (default), ignored entirely, or refused with 400. */
export type ParameterSupport = 'ok' | 'ignore' | 'reject400';

/**
 * Body of a quirk's HTTP 500 (`reject500`): `'webapi'` (default) `{"Message":"An error has occurred."}` —
 * what ASP.NET Web API 2 sends a remote client for an unhandled exception; `'html'` the ASP.NET "Runtime
 * Error" page (text/html; an exception that escaped Web API); `'json'` `{"error":"Internal server error"}`.
 */
export type ServerErrorBody = 'webapi' | 'html' | 'json';

/**
 * Behaviour of the real server that the reference leaves open, one switch per possibility; the defaults are
 * what the reference confirms (ServerName, paths) or the simulator's original behaviour where it confirms
 * nothing. Mutable at run time (`sim.quirks`); `reset()` restores the start values.
 */
export interface ServerQuirks {
	/** `sort` on lists: `'honour'` (default) | `'ignore'` | `'reject400'` (`{"error":"Invalid sort"}`) | `'reject500'`, or a rule per sort key. */
	sortSupport: SortSupport;
	/** A `filter` comparing `id` anywhere (also inside `and`/`or`). `'ignore'`: that comparison counts as true. */
	idFilter: IdFilterSupport;
	/** Fields left out of list answers (GET `/Resource/`, also when named in `columns`); single-record GETs keep them. Keys: resource names, any case. */
	listOmitFields: Record<string, string[]>;
	/** Resources (any case) that answer 404 on every path and method, like an unknown resource. */
	missingResources: string[];
	/** `'sensitive'` (default): only `/api/v1/` and the canonical resource names (`/ProductStock/`) match; other casings → 404. */
	pathCase: 'insensitive' | 'sensitive';
	/** The `columns` parameter of a list GET: `'ignore'` → full records; `'reject400'` → 400. */
	columnsSupport: ParameterSupport;
	/** The `distinct` parameter of a list GET: `'ignore'` → duplicates returned; `'reject400'` → 400. */
	distinctSupport: ParameterSupport;
	/** ServerName of the token answer: `'bare'` (default) `'127.0.0.1:<port>'` (as the real API), `'url'` `'<scheme>://127.0.0.1:<port>'`. */
	serverName: 'url' | 'bare';
	/** Body of the 500 answers above. */
	serverErrorBody: ServerErrorBody;
}

/** Write behaviour for what the reference leaves open; mutable at run time (`sim.writeSettings`). */
export interface WriteSettings {
	nonWriteableColumns: 'reject' | 'ignore';
	assignmentUpdates: 'put' | 'unsupported';
}

/** A line that landed in a project's post-calculation (its `*_id_mapping` value). */
export interface PostCalculationEntry {
	/** The `actualcosttimeworked_id_mapping` / `actualcostproducts_id_mapping` value. */
	id: number;
	kind: 'hours' | 'products';
	projectId: number;
	projectPnr: number;
	assignmentId: number;
	resource: 'AssignmentLabor' | 'AssignmentProducts';
	/** Id of the AssignmentLabor / AssignmentProducts line. */
	lineId: number;
}

export interface SimClock {
	now(): Date;
	/** Freeze the clock at this instant. */
	set(date: Date): void;
	/** Move the clock (frozen or running) by n seconds. */
	advanceSeconds(seconds: number): void;
	/** Unfreeze: follow real time again (keeps no offset). */
	useRealTime(): void;
}

export type SimServerKind = 'auth' | 'data';

export interface RequestLogEntry {
	server: SimServerKind;
	method: string;
	/** Path without query string, as sent. */
	path: string;
	/** Canonical resource name ('Products'), 'Authorize' for the token call, or the raw segment when unknown. */
	resource: string;
	/** Record id for single-record GETs. */
	id?: number;
	query: Record<string, string>;
	/** HTTP status sent; 0 when the connection was dropped. */
	status: number;
	/** Simulator-clock time the request arrived. */
	at: Date;
	/** Name of the fault that answered it, if any. */
	fault?: string;
	/** Id of the record a write (POST/PUT) created or changed — set even when a fault then lost the answer. */
	writtenId?: number;
}

export interface RequestContext {
	server: SimServerKind;
	method: string;
	path: string;
	resource: string;
	id?: number;
	query: Record<string, string>;
	/** 1-based number of this request among all requests to the same resource (since the last reset). */
	resourceRequestNumber: number;
}

/** Runs before the response is computed (after latency, faults and the token check). May mutate the store. */
export type RequestHook = (context: RequestContext) => void | Promise<void>;

export interface FaultRule {
	/** Label used in the request log. */
	name?: string;
	/** Which server; default 'data'. */
	target?: SimServerKind | 'both';
	/** Canonical resource name, case-insensitive ('Products'); 'Authorize' for the token call. Default: any. */
	resource?: string;
	method?: string; // default: any
	/** Let this many matching requests through first. Default 0. */
	afterRequests?: number;
	/** Fire for this many matching requests, then stop. Default: forever. */
	times?: number;
	/** Extra predicate, e.g. only pages with offset > 0. */
	when?: (context: RequestContext) => boolean;
	/** Answer with this status (429, 500, 502, 503, ...) instead of the real response. */
	status?: number;
	/** Retry-After header (seconds) — set it with status 429/503. */
	retryAfterSeconds?: number;
	/** Body for `status`; default `{"error": "<reason phrase>"}`. */
	body?: unknown;
	/** Wait this long before answering (fault or real response) — provokes client timeouts. */
	delayMs?: number;
	/** Answer 200 with a truncated JSON body. */
	malformedJson?: boolean;
	/** Destroy the socket without answering. */
	dropConnection?: boolean;
	/**
	 * Handle the request for real first (a write is applied!), then the fault: `delayMs` holds the answer,
	 * then `dropConnection` / `malformedJson` / `status` replace it (none of them = the real answer, late).
	 * Without it a fault answers before the request is handled, so a write is never applied.
	 */
	afterProcessing?: boolean;
}

export interface FaultHandle {
	readonly rule: FaultRule;
	/** Matching requests seen so far (including the ones let through by afterRequests). */
	readonly seen: number;
	/** Requests this rule answered. */
	readonly fired: number;
	remove(): void;
}
