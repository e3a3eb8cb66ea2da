import type { IDataObject } from 'n8n-workflow';

import type { ImportCategory } from '../../shared/types';
import { mapAssignment } from './assignments';
import { mapCategory } from './categories';
import type { Mapper } from './context';
import { mapEmployee } from './employees';
import { mapHourType } from './hourTypes';
import { mapMaterial } from './materials';
import { mapProject } from './projects';
import { mapRelation } from './relations';
import { mapWarehouse } from './warehouses';

export * from './common';
export * from './context';

/** One mapping module per Bouwsoft import category. */
export const MAPPERS: Record<ImportCategory, Mapper> = {
	employees: mapEmployee,
	materials: mapMaterial,
	categories: mapCategory,
	warehouses: mapWarehouse,
	hourTypes: mapHourType,
	relations: mapRelation,
	projects: mapProject,
	assignments: mapAssignment,
};

/**
 * The import category of a Bouwsoft item: its `_sync.category`, or recognised from its fields when the item
 * came from elsewhere (e.g. pinned data without `_sync`).
 */
export function categoryOf(item: IDataObject, candidates: ImportCategory[]): ImportCategory | undefined {
	const sync = item._sync as { category?: unknown } | undefined;
	if (sync && typeof sync.category === 'string') return sync.category as ImportCategory;
	const has = (field: string) => field in item;
	const guesses: Array<[ImportCategory, boolean]> = [
		['materials', has('nr1') && has('list')],
		['categories', has('code') && has('kind') && has('parent_code')],
		['warehouses', has('stock_locationid')],
		['hourTypes', has('code') && has('price_hour')],
		['relations', has('clientnr') && !has('pnr')],
		['projects', has('pnr') && has('client_addressid')],
		['assignments', has('note_technician') || (has('nr') && has('address_id'))],
		['employees', has('nr') && (has('firstname') || has('surname'))],
	];
	const guess = guesses.find(([, matches]) => matches)?.[0];
	return guess ?? (candidates.length === 1 ? candidates[0] : undefined);
}
