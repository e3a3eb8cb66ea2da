import { productSelection } from './productSelection';
import type { TimestampCategory } from './types';

/** Bouwsoft Products → OutSmart materials (code = nr1), optionally only some lists / groups. */
export const materials: TimestampCategory = {
	kind: 'timestamp',
	category: 'materials',
	resource: 'Products',
	resources: ['Products'],
	selection: (options) => productSelection(options.productLists, options.productGroups),
	selectionKey: (options) => ({
		lists: [...options.productLists].sort(),
		groups: [...options.productGroups].sort(),
	}),
};
