/**
 * Public types of the OutSmart OpenAPI v8 simulator. Every behaviour the reference marks UNKNOWN is an
 * option here, with the default that is hardest on our client (see README.md in this folder).
 */

/** Master-data endpoints the simulator stores (the POST/GET entity endpoints). */
export const ENTITY_NAMES = [
	'employees',
	'materials',
	'categories',
	'material_categories',
	'warehouses',
	'hourtypes',
	'relations',
	'contactpersons',
	'addresses',
	'projects',
	'project_activities',
	'worktypes',
	'paymentmethods',
	'workstatusses',
] as const;

export type EntityName = (typeof ENTITY_NAMES)[number];

/** A stored master-data record: scalars as strings ("0"/"1" flags, numbers as strings), null for empty. */
export type OutSmartRecord = Record<string, unknown>;

export const WORKORDER_STATUSES = ['Klaargezet', 'Opgehaald', 'Compleet', 'Afgehandeld'] as const;
export type WorkorderStatus = (typeof WORKORDER_STATUSES)[number];

/** A stored work order: the posted fields (stringified) plus what OutSmart adds. */
export interface StoredWorkorder extends OutSmartRecord {
	/** Internal numeric id returned by PostWorkorders. */
	row_id: number;
	/** Same id as a string, as GetWorkorder returns it. */
	id: string;
	WorkorderNo: string;
	status: WorkorderStatus;
	CreationDate: string;
	Archived: string;
	WorkFinished: string;
}

export type BatchValidationMode = 'all-or-nothing' | 'partial';
export type DuplicateWorkorderMode = 'duplicate' | 'update' | 'reject';

/** Per-entity override of what the reference leaves open (required fields, error codes). */
export interface EntityOverride {
	required?: string[];
	/** "A required field is missing" code (x01). */
	missingCode?: number;
	/** "Insert or update failed" code (x00), used for over-long values. */
	failedCode?: number;
	/** Code for unparsable flag/decimal/date values (defaults per entity, see entities.ts). */
	invalidCode?: number;
}

export interface OutSmartSimulatorOptions {
	/** Port on 127.0.0.1; 0 (default) picks a free one. */
	port?: number;
	/** Valid customer token (query `token`, and Bearer value). Default 'sim-outsmart-token'. */
	token?: string;
	/** Valid software token (query `software_token`). Default 'sim-outsmart-software-token'. */
	softwareToken?: string;
	/** Reject requests without `Authorization: Bearer <token>` (code 1004). Default false. */
	requireBearer?: boolean;
	/** Answer every request with 1006 "All endpoints should use https." Default false. */
	requireHttps?: boolean;
	/** Accept a bare JSON object as a one-row batch on POST. Default true. */
	acceptSingleObject?: boolean;
	/** One bad row rejects the batch ('all-or-nothing', default) or only itself ('partial'). */
	batchValidation?: BatchValidationMode;
	/** Values longer than their Varchar size: 'reject' (default, entity x00 code) or 'truncate' silently. */
	overlongValues?: 'reject' | 'truncate';
	/**
	 * A POST row with a field the reference does not name for its entity (PostWorkorders: header fields and the
	 * rows of Materials, Workperiods, Forms, Attachments): 'store' (default) keeps it silently, 'reject' refuses
	 * the row like a validation error, entity x00 code (1504 for work orders), `Unknown field: <field>`.
	 */
	unknownFields?: 'store' | 'reject';
	/** Fields omitted when re-posting an existing key: 'keep' (default) their old value or 'clear' them. */
	omittedFieldsOnUpdate?: 'keep' | 'clear';
	/** PostWorkorders with an existing WorkorderNo. Default 'duplicate' (a second order, same number). */
	duplicateWorkorderNo?: DuplicateWorkorderMode;
	/** Envelope code for a rejected duplicate WorkorderNo (mode 'reject'). Default 1501. */
	duplicateWorkorderCode?: number;
	/** GET UpdateWorkorder also applies other work-order fields passed as query params. Default true. */
	updateWorkorderExtraFields?: boolean;
	/** DeleteEntity also knows `warehouse` (key code) and `project_activity` (key code). Default false. */
	extraDeleteEntities?: boolean;
	/** Delay before every answer, in ms (the benchmark uses 20). Default 0. */
	latencyMs?: number;
	/** First row_id handed out by PostWorkorders. Default 1001. */
	firstRowId?: number;
	/** Required fields / codes per entity, overriding entities.ts. */
	entityOverrides?: Partial<Record<EntityName, EntityOverride>>;
	/** Records present at start (stored as if posted, bypassing validation). */
	seed?: Partial<Record<EntityName, OutSmartRecord[]>>;
	/** Clock for CreationDate. Default () => new Date(). */
	now?: () => Date;
}

export type ResolvedOptions = Required<Omit<OutSmartSimulatorOptions, 'seed' | 'entityOverrides'>> & {
	entityOverrides: Partial<Record<EntityName, EntityOverride>>;
};

/** A fault rule: matched in insertion order, first active match wins. */
export interface OutSmartFaultRule {
	/** Exact endpoint name ('materials', 'PostWorkorders', …); omitted = every endpoint. */
	endpoint?: string;
	method?: 'GET' | 'POST';
	/** How many requests this rule hits; default unlimited (until faults.clear()). */
	times?: number;
	/** Let this many matching requests pass untouched before the rule starts hitting. Default 0. */
	afterRequests?: number;
	/** Answer with this HTTP status (e.g. 500, 502, 503, 429) and a non-envelope body. */
	status?: number;
	/** Retry-After header in seconds; default 1 for status 429, none otherwise. */
	retryAfter?: number;
	/** Answer HTTP 200 with this envelope error code (e.g. 1007). */
	code?: number;
	/** Message for `code` (default: the code table's meaning). */
	message?: string;
	/** Wait this long before answering (alone: a slow but correct answer). */
	delayMs?: number;
	/** Answer HTTP 200 with a truncated, unparsable JSON body. */
	malformedJson?: boolean;
	/** Destroy the connection without any answer. */
	dropConnection?: boolean;
	/** Run the real request first (store changes!), then answer with the fault: a lost response. */
	afterProcessing?: boolean;
}

export interface OutSmartRequestLog {
	seq: number;
	at: Date;
	method: string;
	/** Endpoint name ('' when the URL has none). */
	endpoint: string;
	path: string;
	/** Query with `token` / `software_token` values redacted. */
	query: Record<string, string | string[]>;
	/** Rows in a POST body (array length, 1 for a bare object), null otherwise or when unparsable. */
	batchSize: number | null;
	hasBearer: boolean;
	/** HTTP status sent (0 when the connection was dropped); set when the answer goes out. */
	httpStatus: number;
	/** Envelope code sent, null for non-envelope answers. */
	code: number | null;
	/** Description of the fault applied, if any. */
	fault?: string;
}

export interface EndpointCounter {
	requests: number;
	/** Rows received in POST bodies. */
	rowsReceived: number;
	/** Rows actually written (created or updated). */
	rowsWritten: number;
}
