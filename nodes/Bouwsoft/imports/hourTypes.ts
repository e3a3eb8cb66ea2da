import type { TimestampCategory } from './types';

/** Bouwsoft Jobs (labour categories: code, name, price_hour) → OutSmart hour types. */
export const hourTypes: TimestampCategory = {
	kind: 'timestamp',
	category: 'hourTypes',
	resource: 'Jobs',
	resources: ['Jobs'],
	selection: () => undefined,
	selectionKey: () => ({}),
};
