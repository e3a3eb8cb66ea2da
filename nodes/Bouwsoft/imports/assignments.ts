import type { IDataObject } from 'n8n-workflow';

import { mapWithConcurrency } from '../../shared/http/concurrency';
import type { BouwsoftClient } from '../transport/client';
import { idList } from './types';
import type { TimestampCategory } from './types';

const TECHNICIAN_NOTE = 'note_technician';

/**
 * Bouwsoft Assignments, each with its address (Addresses by address_id), contact (AddressContacts by
 * addresscontact_id) and employee (Employees by employee_id); project references are flattened on the
 * record already (project_id, project_pnr, project_name). Three batched lookups per page, and the
 * technician note per assignment where the list answers lack it.
 */
export const assignments: TimestampCategory = {
	kind: 'timestamp',
	category: 'assignments',
	resource: 'Assignments',
	resources: ['Assignments', 'Addresses', 'AddressContacts', 'Employees'],
	selection: () => undefined,
	enrich: async (records, run) => {
		const [addresses, contacts, employeesById, withNotes] = await Promise.all([
			run.client.byIds('Addresses', idList(records, 'address_id')),
			run.client.byIds('AddressContacts', idList(records, 'addresscontact_id')),
			run.client.byIds('Employees', idList(records, 'employee_id')),
			withTechnicianNotes(run.client, records),
		]);
		return withNotes.map(
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

/**
 * The records with their technician note. Whether list answers carry `note_technician` is unconfirmed (the
 * GET Assignments page was not seen): a record without the key (not an empty note) is read on its own,
 * `GET /Assignments/<id>`, so the Assignment Filter and the work order see the real note instead of none.
 * Checked on every page (it costs nothing), so a server that starts sending the note is followed at once;
 * the outcome is learned as `listNotes` for the run summary and Check Connection.
 */
async function withTechnicianNotes(client: BouwsoftClient, records: IDataObject[]): Promise<IDataObject[]> {
	const lacking = records.filter((r) => !(TECHNICIAN_NOTE in r));
	if (lacking.length === 0) {
		if (client.known.capabilities.listNotes !== true) client.learn('listNotes', true);
		else client.can('listNotes');
		return records;
	}
	client.learn('listNotes', false);
	const single = await mapWithConcurrency(lacking, client.options.concurrency, async (r) => await client.getById('Assignments', String(r.id)));
	const notes = new Map<IDataObject, IDataObject | undefined>(lacking.map((r, i) => [r, single[i]]));
	return records.map((record) => {
		const alone = notes.get(record);
		// Gone since the list was read, or no note on the single record either: the record stays as it was.
		if (!alone || !(TECHNICIAN_NOTE in alone)) return record;
		return { ...record, [TECHNICIAN_NOTE]: alone[TECHNICIAN_NOTE] };
	});
}
