import type { IDataObject } from 'n8n-workflow';

import { firstText, text, type MappingOptions, type Problems, type RecordBuilder } from './common';
import { debtorNumber } from './relations';

/** Where the work happens (site) and who pays (client), in Bouwsoft fields. */
interface WorkOrderParties {
	client: IDataObject | null | undefined;
	site: { name?: unknown; street?: unknown; zip?: unknown; city?: unknown; phone?: unknown; email?: unknown };
	/** Field names used in messages, e.g. 'address_zipcode' or 'zipcode'. */
	siteFields: { street: string; zip: string; city: string };
	contactName: string;
	/** Bouwsoft field holding the client link, for messages ('client_addressid' or 'address_id'). */
	clientField: string;
}

/**
 * Fills OutSmart's required customer and invoice fields: the work location from the site (falling back to
 * the client's address), the invoice fields from the client; the contact person falls back to the node's
 * "Contact Person Fallback" or, when that is empty, the customer name.
 */
export function setCustomerFields(
	builder: RecordBuilder,
	problems: Problems,
	parties: WorkOrderParties,
	options: MappingOptions,
): void {
	const client = parties.client ?? undefined;
	const fix = (what: string) => `fill ${what} in Bouwsoft.`;
	const debtor = problems.need(
		debtorNumber(client),
		'CustomerDebtorNr',
		client ? 'clientnr' : parties.clientField,
		client ? fix('the client number of the client') : 'link a client (with a client number) in Bouwsoft.',
	);
	const clientName = text(client?.name);
	const name = problems.need(firstText(parties.site.name, clientName), 'CustomerName', 'name', fix('the client name'));
	const street = problems.need(
		firstText(parties.site.street, client?.address),
		'CustomerStreet',
		parties.siteFields.street,
		fix('the street of the work address or of the client'),
	);
	const zip = problems.need(
		firstText(parties.site.zip, client?.zipcode),
		'CustomerZIP',
		parties.siteFields.zip,
		fix('the postal code of the work address or of the client'),
	);
	const city = problems.need(
		firstText(parties.site.city, client?.city),
		'CustomerCity',
		parties.siteFields.city,
		fix('the city of the work address or of the client'),
	);
	const contact = firstText(parties.contactName, options.contactPersonFallback, name);
	builder
		.set('CustomerName', name)
		.set('CustomerDebtorNr', debtor, 'clientnr')
		.set('CustomerStreet', street)
		.set('CustomerZIP', zip)
		.set('CustomerCity', city)
		.set('CustomerContactPerson', contact)
		.set('CustomerPhone', firstText(parties.site.phone, client?.telephone1, client?.gsm))
		.set('CustomerEmail', firstText(parties.site.email, client?.email));
	// Invoice party = the client; its address falls back to the work address.
	builder
		.set('CustomerNameInvoice', firstText(clientName, name))
		.set('CustomerDebtorNrInvoice', debtor, 'clientnr')
		.set('CustomerStreetInvoice', firstText(client?.address, street))
		.set('CustomerZIPInvoice', firstText(client?.zipcode, zip))
		.set('CustomerCityInvoice', firstText(client?.city, city))
		.set('CustomerContactPersonInvoice', firstText(parties.contactName, options.contactPersonFallback, clientName, name))
		.set('CustomerPhoneInvoice', firstText(client?.telephone1, client?.gsm))
		.set('CustomerEmailInvoice', text(client?.email));
	builder
		.set('TypeOfWork', problems.need(text(options.typeOfWork), 'TypeOfWork', '(node option Type of Work)', 'set "Type of Work" on the OutSmart node.'))
		.set(
			'PaymentMethod',
			problems.need(text(options.paymentMethod), 'PaymentMethod', '(node option Payment Method)', 'set "Payment Method" on the OutSmart node.'),
		);
}
