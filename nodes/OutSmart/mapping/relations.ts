import type { IDataObject } from 'n8n-workflow';

import {
	Problems,
	RecordBuilder,
	firstText,
	flag,
	positiveId,
	result,
	text,
	type MappedWrite,
	type MappingResult,
} from './common';
import type { MappingContext } from './context';

/** OutSmart contact person code of a Bouwsoft AddressContacts record. */
export function contactPersonCode(contactId: unknown): string {
	const id = positiveId(contactId);
	return id ? `C-${id}` : '';
}

/** OutSmart debtor number of a Bouwsoft Addresses record (its client number), or '' for non-clients. */
export function debtorNumber(address: IDataObject | undefined | null): string {
	const nr = positiveId(address?.clientnr);
	return nr ? String(nr) : '';
}

/**
 * Bouwsoft Addresses record (a client) → OutSmart relation (debtor_number = `clientnr`) and its contact
 * persons from `contacts` (AddressContacts), written after the relation.
 */
export function mapRelation(address: IDataObject, context: MappingContext): MappingResult {
	const warnings: string[] = [];
	const problems = new Problems();
	const debtor = problems.need(
		debtorNumber(address),
		'debtor_number',
		'clientnr',
		'give the relation a client number in Bouwsoft (only clients are synced).',
	);
	const label = `Relation ${debtor || `id ${text(address.id)}`}`;
	const writes: MappedWrite[] = [];
	if (context.wants('relations')) {
		const name = problems.need(text(address.name), 'name', 'name', 'fill the relation name in Bouwsoft.');
		const street = problems.need(
			text(address.address),
			'street',
			'address',
			'fill the street and house number of the relation in Bouwsoft.',
		);
		const zip = problems.need(text(address.zipcode), 'postal_code', 'zipcode', 'fill the postal code of the relation in Bouwsoft.');
		const city = problems.need(text(address.city), 'city', 'city', 'fill the city of the relation in Bouwsoft.');
		const contacts = Array.isArray(address.contacts) ? (address.contacts as IDataObject[]) : [];
		const main =
			contacts.find((c) => c && positiveId(c.id) === positiveId(address.contact_id)) ??
			contacts.find((c) => c && c.contact_default === true);
		writes.push(
			new RecordBuilder('relations', warnings, label)
				.set('debtor_number', debtor, 'clientnr')
				.set('name', name)
				.set('street', street)
				.set('postal_code', zip)
				.set('city', city)
				.set('country', text(address.countrycode))
				.set('contact', text(main?.contact_name))
				.set('phone_number', firstText(address.telephone1, address.telephone2, address.gsm))
				.set('mobile', text(address.gsm))
				.set('email', text(address.email))
				.set('vat_number', text(address.vatnr))
				.set('remark', text(address.addressline2))
				.set('active', flag(address.active))
				.build(),
		);
	}
	if (context.wants('contactpersons') && context.options.includeContactPersons && debtor) {
		writes.push(...mapContacts(address, debtor, warnings, label));
	}
	return result(problems, writes, warnings);
}

function mapContacts(address: IDataObject, debtor: string, warnings: string[], label: string): MappedWrite[] {
	const contacts = Array.isArray(address.contacts) ? (address.contacts as IDataObject[]) : [];
	const writes: MappedWrite[] = [];
	for (const contact of contacts) {
		if (!contact || typeof contact !== 'object') continue;
		const code = contactPersonCode(contact.id);
		const name = text(contact.contact_name);
		if (!code || !name) {
			warnings.push(`${label}: contact ${text(contact.id) || '(no id)'} has no name in Bouwsoft and was left out.`);
			continue;
		}
		writes.push(
			new RecordBuilder('contactpersons', warnings, `Contact person ${code}`)
				.set('cpn_code', code, 'contacts.id')
				.set('cpn_debtor_nr', debtor, 'clientnr')
				.set('cpn_name', name)
				.set('cpn_phone', firstText(contact.contact_telephone, contact.contact_gsm))
				.set('cpn_email', text(contact.contact_email))
				.build(),
		);
	}
	return writes;
}
