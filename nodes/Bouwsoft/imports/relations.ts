import type { IDataObject } from 'n8n-workflow';

import { byNumericId, idList } from './types';
import type { TimestampCategory } from './types';

export const SKIP_NO_CLIENT_NUMBER = 'no client number (clientnr is 0 or empty)';
export const SKIP_NO_NAME = 'no name';

/**
 * Bouwsoft Addresses → OutSmart relations. Only customers: a client number above 0 and a name. The
 * others (suppliers, prospects, half-filled records) are read and counted, so the run summary can say
 * how many were left out and why.
 */
export const relations: TimestampCategory = {
	kind: 'timestamp',
	category: 'relations',
	resource: 'Addresses',
	resources: ['Addresses', 'AddressContacts'],
	selection: () => undefined,
	precheck: (record) => {
		const clientnr = Number(record.clientnr);
		if (!Number.isFinite(clientnr) || clientnr <= 0) return SKIP_NO_CLIENT_NUMBER;
		if (typeof record.name !== 'string' || record.name.trim() === '') return SKIP_NO_NAME;
		return undefined;
	},
	enrich: async (records, run) => {
		if (!run.options.includeContacts) return records;
		const contacts = await run.client.lookup('AddressContacts', 'address_id', idList(records, 'id'));
		return records.map((record): IDataObject => ({
			...record,
			contacts: [...(contacts.get(String(record.id)) ?? [])].sort(byNumericId),
		}));
	},
	// An edited or new contact re-sends its relation (with all its contacts).
	linked: (options) => (options.includeContacts ? [{ resource: 'AddressContacts', parentField: 'address_id' }] : []),
	// Turning Contacts on or off changes every item: the cursor starts again.
	selectionKey: (options) => ({ contacts: options.includeContacts }),
};
