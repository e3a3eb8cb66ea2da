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
 * The address fields OutSmart requires on a relation, the Bouwsoft field that fills each and the fix when it is
 * empty. Only these may take the Address Placeholder: the name and the client number select the relation.
 */
const RELATION_ADDRESS = [
	{ field: 'street', bouwsoftField: 'address', fix: 'fill the street and house number of the relation in Bouwsoft' },
	{ field: 'postal_code', bouwsoftField: 'zipcode', fix: 'fill the postal code of the relation in Bouwsoft' },
	{ field: 'city', bouwsoftField: 'city', fix: 'fill the city of the relation in Bouwsoft' },
] as const;

type RelationAddressField = (typeof RELATION_ADDRESS)[number]['field'];

/** The relation address fields the Bouwsoft record leaves empty: the ones the Address Placeholder fills. */
export function missingAddressFields(address: IDataObject): RelationAddressField[] {
	return RELATION_ADDRESS.filter(({ bouwsoftField }) => !text(address[bouwsoftField])).map(({ field }) => field);
}

/**
 * Street, postal code and city of a relation. With a placeholder, each empty one takes it; without, each empty
 * one is a problem naming the Bouwsoft field to fill.
 */
function relationAddress(address: IDataObject, placeholder: string, problems: Problems): Record<RelationAddressField, string> {
	const values = {} as Record<RelationAddressField, string>;
	for (const { field, bouwsoftField, fix } of RELATION_ADDRESS) {
		const value = text(address[bouwsoftField]);
		values[field] =
			value || !placeholder
				? problems.need(value, field, bouwsoftField, `${fix} (or set Address Placeholder on the OutSmart node).`)
				: placeholder;
	}
	return values;
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
		const placeholder = text(context.options.addressPlaceholder);
		const place = relationAddress(address, placeholder, problems);
		const filled = placeholder ? missingAddressFields(address) : [];
		// Only when the relation is sent: a relation without a name fails with its own fix.
		if (filled.length && problems.empty) {
			const names = filled.map((field) => field.replace('_', ' ')).join(', ');
			warnings.push(`${label}: no ${names} in Bouwsoft; sent "${placeholder}".`);
		}
		const contacts = Array.isArray(address.contacts) ? (address.contacts as IDataObject[]) : [];
		const main =
			contacts.find((c) => c && positiveId(c.id) === positiveId(address.contact_id)) ??
			contacts.find((c) => c && c.contact_default === true);
		writes.push(
			new RecordBuilder('relations', warnings, label)
				.set('debtor_number', debtor, 'clientnr')
				.set('name', name)
				.set('street', place.street)
				.set('postal_code', place.postal_code)
				.set('city', place.city)
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
