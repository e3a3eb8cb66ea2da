/**
 * What one Bouwsoft server was seen to support, where the reference (shared/reference/bouwsoft-api.md) only
 * infers or does not know. Learned at run time by the request that needed it (the fallback is taken at once
 * and nothing is lost), then remembered per credential (sync/serverMemory.ts owns the stored format), so
 * later runs go straight to what works. Every value is also a line in the run summary (`paths`) and in the
 * Check Connection output.
 *
 * A capability is undefined until a run needed it; `true` = the inferred behaviour works; `false` = the
 * fallback is used.
 */
export type Capability =
	/** `sort=-ts_lastupdate` honoured: the newest change is one request. Else `ts_lastupdate gt` scans. */
	| 'sortByChange'
	/** `id gt N` filters honoured: keyset paging. Else offset paging with one record of overlap (transport/offsetPaging.ts). */
	| 'idFilter'
	/** `sort=id` honoured. Else pages in the server's order, each checked to run in id order (else the read fails). */
	| 'sortById'
	/** `columns=` honoured on list reads. Else full records are read and the columns taken here. */
	| 'columns'
	/** `distinct=true` honoured. Else duplicates are removed here (always done anyway). */
	| 'distinct'
	/** `GET /ProductLists/` exists. Else list names are taken from the products. */
	| 'productLists'
	/** Assignments list records carry `note_technician`. Else the note is read per assignment. */
	| 'listNotes';

export const CAPABILITIES: readonly Capability[] = ['sortByChange', 'idFilter', 'sortById', 'columns', 'distinct', 'productLists', 'listNotes'];

/** Plain words for a person: what the sync uses with and without the capability. */
export const CAPABILITY_TEXT: Record<Capability, { topic: string; yes: string; no: string }> = {
	sortByChange: {
		topic: 'Newest change',
		yes: 'sort=-ts_lastupdate works: the newest change is found with one request',
		no: 'sort=-ts_lastupdate does not work: the newest change is found by reading "ts_lastupdate gt" until nothing newer comes back',
	},
	idFilter: {
		topic: 'Paging',
		yes: 'filters on id work: pages are read by id (id gt <last id>)',
		no: 'filters on id do not work: pages are read by offset, each overlapping the one before by a record, so none is skipped',
	},
	sortById: {
		topic: 'Order',
		yes: 'sort=id works',
		no: 'sort=id does not work: pages are read by offset in the order the server gives, each checked to run in id order',
	},
	columns: {
		topic: 'Columns',
		yes: 'columns= works: warehouses and list names read only the columns they need',
		no: 'columns= does not work: whole records are read and the columns taken from them',
	},
	distinct: {
		topic: 'Distinct',
		yes: 'distinct=true works',
		no: 'distinct=true does not work: duplicates are removed by the node',
	},
	productLists: {
		topic: 'Product lists',
		yes: 'GET /ProductLists/ works',
		no: 'GET /ProductLists/ does not exist on this server: list names are taken from the products and groups',
	},
	listNotes: {
		topic: 'Technician notes',
		yes: 'assignment lists carry note_technician',
		no: 'assignment lists lack note_technician: the note is read per assignment (one request each)',
	},
};

/**
 * Everything learned about one server. `served` / `totalsCountTable` are what its paging showed (see
 * transport/paging.ts): the largest page served per resource for a request with a `limit`, and whether
 * Content-Range totals count the whole table. `maxLimit`: a larger `limit` was refused.
 */
export interface ServerKnowledge {
	capabilities: Partial<Record<Capability, boolean>>;
	maxLimit?: number;
	served: Record<string, number>;
	totalsCountTable: boolean;
}

export function emptyKnowledge(): ServerKnowledge {
	return { capabilities: {}, served: {}, totalsCountTable: false };
}

/** Stored JSON back to knowledge, field by field (anything odd is dropped: it is only re-learned). */
export function readKnowledge(stored: unknown): ServerKnowledge {
	const out = emptyKnowledge();
	if (!stored || typeof stored !== 'object') return out;
	const s = stored as Record<string, unknown>;
	const caps = s.capabilities;
	if (caps && typeof caps === 'object') {
		for (const cap of CAPABILITIES) {
			const v = (caps as Record<string, unknown>)[cap];
			if (typeof v === 'boolean') out.capabilities[cap] = v;
		}
	}
	if (typeof s.maxLimit === 'number' && Number.isInteger(s.maxLimit) && s.maxLimit > 0) out.maxLimit = s.maxLimit;
	if (s.served && typeof s.served === 'object') {
		for (const [resource, size] of Object.entries(s.served as Record<string, unknown>)) {
			if (typeof size === 'number' && Number.isInteger(size) && size > 0) out.served[resource] = size;
		}
	}
	if (s.totalsCountTable === true) out.totalsCountTable = true;
	return out;
}

/** One line per capability a run used or learned, for the run summary and logs. */
export function describeKnowledge(known: ServerKnowledge): string[] {
	const lines: string[] = [];
	for (const cap of CAPABILITIES) {
		const v = known.capabilities[cap];
		if (v !== undefined) lines.push(`${CAPABILITY_TEXT[cap].topic}: ${v ? CAPABILITY_TEXT[cap].yes : CAPABILITY_TEXT[cap].no}`);
	}
	if (known.maxLimit !== undefined) lines.push(pageSizeLine(known.maxLimit));
	return lines;
}

function pageSizeLine(maxLimit: number): string {
	return `Page size: a larger limit was refused, pages of at most ${maxLimit} records are read`;
}

/** Whether a line of `describeKnowledge` names a fallback (a capability that does not work, a refused page size). */
export function isFallbackPath(line: string): boolean {
	if (line.startsWith('Page size: ')) return true;
	return CAPABILITIES.some((cap) => line === `${CAPABILITY_TEXT[cap].topic}: ${CAPABILITY_TEXT[cap].no}`);
}
