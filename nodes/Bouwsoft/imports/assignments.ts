import type { IDataObject } from 'n8n-workflow';

import { idList } from './types';
import type { TimestampCategory } from './types';

/**
 * Bouwsoft Assignments, each with its address (Addresses by address_id), contact (AddressContacts by
 * addresscontact_id) and employee (Employees by employee_id); project references are flattened on the
 * record already (project_id, project_pnr, project_name). Three batched lookups per page.
 */
export const assignments: TimestampCategory = {
	kind: 'timestamp',
	category: 'assignments',
	resource: 'Assignments',
	resources: ['Assignments', 'Addresses', 'AddressContacts', 'Employees'],
	selection: () => undefined,
	enrich: async (records, run) => {
		const [addresses, contacts, employeesById] = await Promise.all([
			run.client.byIds('Addresses', idList(records, 'address_id')),
			run.client.byIds('AddressContacts', idList(records, 'addresscontact_id')),
			run.client.byIds('Employees', idList(records, 'employee_id')),
		]);
		return records.map(
			(record): IDataObject => ({
				...record,
				address: addresses.get(String(record.address_id)) ?? null,
				contact: contacts.get(String(record.addresscontact_id)) ?? null,
				employee: employeesById.get(String(record.employee_id)) ?? null,
			}),
		);
	},
	selectionKey: () => ({}),
};
