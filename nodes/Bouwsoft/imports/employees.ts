import type { TimestampCategory } from './types';

/** Bouwsoft Employees → OutSmart employees (number = Employees.nr). */
export const employees: TimestampCategory = {
	kind: 'timestamp',
	category: 'employees',
	resource: 'Employees',
	resources: ['Employees'],
	selection: () => undefined,
	selectionKey: () => ({}),
};
