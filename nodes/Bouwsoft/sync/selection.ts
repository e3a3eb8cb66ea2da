import type { CategoryModule, CategoryOptions } from '../imports/types';
import type { BouwsoftClient } from '../transport/client';
import { and, splitForPushDown } from '../transport/query';
import type { FilterExpr } from '../transport/query';
import { normalizeTs } from './cursor/time';

interface Selection {
	/** Sent to Bouwsoft. */
	pushed?: FilterExpr;
	/** Evaluated on every record read (what the dialect cannot express). */
	local?: FilterExpr;
}

export function selectionFor(module: CategoryModule, options: CategoryOptions, client: BouwsoftClient): Selection {
	if (module.kind !== 'timestamp') return {};
	return splitForPushDown(module.selection(options, client.dialect), client.dialect);
}

export function changedSince(lower: string | null, pushed: FilterExpr | undefined): FilterExpr | undefined {
	return and(lower ? { field: 'ts_lastupdate', op: 'gt', value: lower } : undefined, pushed);
}

/**
 * The newest ts_lastupdate in the selection right now (`sort=-ts_lastupdate&limit=1`): the new cursor
 * never goes past it, so edits to pages already read while a long read runs stay in the next window.
 * Undefined when the server cannot sort on ts_lastupdate.
 */
export async function probeCeiling(
	client: BouwsoftClient,
	resource: string,
	pushed: FilterExpr | undefined,
): Promise<{ ceiling: string | null } | undefined> {
	const page = await client
		.list(resource, { filter: pushed, sort: '-ts_lastupdate', limit: 1 })
		.catch(async (error: unknown) => {
			if ((error as { httpCode?: string }).httpCode === '400') return undefined;
			return await Promise.reject(error);
		});
	if (!page) return undefined;
	return { ceiling: normalizeTs(page.records[0]?.ts_lastupdate) ?? null };
}
