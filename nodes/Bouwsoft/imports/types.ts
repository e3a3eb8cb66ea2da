import type { IDataObject } from 'n8n-workflow';

import type { ImportCategory } from '../../shared/types';
import type { ProjectFilterConfig } from '../rules/projectRules';
import type { BouwsoftClient } from '../transport/client';
import type { FilterDialect, FilterExpr } from '../transport/query';

export type ActivitySource = 'projectPhases' | 'actualCostItems';

/** The node parameters the category modules read (same for the trigger and the read node). */
export interface CategoryOptions {
	/** Materials / categories: list names; nothing selected = all. */
	productLists: string[];
	/** Materials / categories: group codes `G:<list>/<group>`; nothing selected = all. */
	productGroups: string[];
	/** Relations: add `contacts` (AddressContacts) to each relation. */
	includeContacts: boolean;
	/** Projects: add `activities`. */
	includeActivities: boolean;
	activitySource: ActivitySource;
	/** Projects: filter rules (default: all projects). */
	projectFilter: ProjectFilterConfig;
}

export const DEFAULT_CATEGORY_OPTIONS: CategoryOptions = {
	productLists: [],
	productGroups: [],
	includeContacts: false,
	includeActivities: false,
	activitySource: 'projectPhases',
	projectFilter: { allProjects: true, rules: [], combinator: 'and' },
};

export interface CategoryRun {
	client: BouwsoftClient;
	options: CategoryOptions;
}

/**
 * Records of another resource that are part of an emitted item (a relation's contacts, a project's cost
 * items). An edit of one of them changes the item, so the trigger follows their ts_lastupdate too and
 * emits the parent (`parentField` → the main resource's id) again, with all its linked records.
 */
export interface LinkedResource {
	resource: string;
	parentField: string;
}

/** A category read incrementally on `ts_lastupdate`. */
export interface TimestampCategory {
	kind: 'timestamp';
	category: ImportCategory;
	/** The Bouwsoft resource whose records are emitted. */
	resource: string;
	/** Every Bouwsoft resource a run may read (for request accounting and docs). */
	resources: string[];
	/** Which records belong to the import; the engine pushes down what the dialect can express. */
	selection(options: CategoryOptions, dialect: FilterDialect): FilterExpr | undefined;
	/** Reason to skip a record before enrichment (eligibility), or undefined to keep it. */
	precheck?(record: IDataObject, options: CategoryOptions): string | undefined;
	/** Adds linked records to one page of records, with batched lookups (not one request per record). */
	enrich?(records: IDataObject[], run: CategoryRun): Promise<IDataObject[]>;
	/** Reason to skip a record after enrichment (rules that look at linked data), or undefined. */
	postcheck?(record: IDataObject, options: CategoryOptions): string | undefined;
	/** Linked resources with ts_lastupdate whose edits re-send the parent (given the options). */
	linked?(options: CategoryOptions): LinkedResource[];
	/** What in the options selects records or shapes an item: a change resets the cursor. */
	selectionKey(options: CategoryOptions): unknown;
}

/** A category derived from resources without `ts_lastupdate`; changes are found by content hash. */
export interface DerivedCategory {
	kind: 'derived';
	category: ImportCategory;
	resources: string[];
	/** All derived records, each with a stable `code` (the `_sync.id`). */
	readAll(run: CategoryRun): Promise<IDataObject[]>;
	selectionKey(options: CategoryOptions): unknown;
}

export type CategoryModule = TimestampCategory | DerivedCategory;

export function idList(records: IDataObject[], field: string): string[] {
	const ids = new Set<string>();
	for (const record of records) {
		const value = record[field];
		if (value === undefined || value === null || value === '' || value === 0 || value === '0') continue;
		ids.add(String(value));
	}
	return [...ids];
}

export function byNumericId(a: IDataObject, b: IDataObject): number {
	return Number(a.id) - Number(b.id);
}
