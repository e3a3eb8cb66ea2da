/** Realistic Bouwsoft Trigger items (contracts.md shapes) for OutSmart mapping and node tests. */
import type { IDataObject } from 'n8n-workflow';

import { groupCategoryCode, listCategoryCode } from '../../../nodes/shared/categoryCodes';

const TS = '2025-03-01 10:00:00';
const sync = (category: string, id: string | number, reason = 'changed'): IDataObject => ({
	category,
	id: String(id),
	ts_lastupdate: TS,
	reason,
});

export function employee(nr: number, o: IDataObject = {}): IDataObject {
	return {
		id: 500 + nr,
		nr,
		name: 'Jan Peeters',
		firstname: 'Jan',
		surname: 'Peeters',
		gsm: '+32 475 12 34 56',
		email: 'jan.peeters@bouwbedrijf.be',
		address: 'Kerkstraat 12',
		zipcode: '9000',
		city: 'Gent',
		countrycode: 'BE',
		active: true,
		ts_lastupdate: TS,
		_sync: sync('employees', 500 + nr),
		...o,
	};
}

export function category(list: string, group: string | null, o: IDataObject = {}): IDataObject {
	const code = group ? groupCategoryCode(list, group) : listCategoryCode(list);
	return {
		code,
		name: group ?? list,
		parent_code: group ? listCategoryCode(list) : null,
		kind: group ? 'group' : 'list',
		list_name: list,
		group_name: group,
		bouwsoft_id: 19,
		ts_lastupdate: TS,
		_sync: sync('categories', code),
		...o,
	};
}

export function warehouse(id: number, name: string): IDataObject {
	return { code: String(id), name, stock_locationid: id, stock_location: name, _sync: sync('warehouses', id) };
}

export function job(code: string, o: IDataObject = {}): IDataObject {
	return {
		id: 1,
		code,
		name: 'VOORBEREIDING',
		price_hour: 45,
		price_hour_saturday: 45,
		price_hour_sunday: 50,
		price_km: 0.98,
		ts_lastupdate: TS,
		_sync: sync('hourTypes', code),
		...o,
	};
}

export function contact(id: number, o: IDataObject = {}): IDataObject {
	return {
		id,
		address_id: 300,
		contact_name: 'Els Van Damme',
		contact_email: 'els@vandamme.be',
		contact_telephone: '',
		contact_gsm: '+32 476 00 11 22',
		contact_default: true,
		ts_lastupdate: TS,
		...o,
	};
}

export function client(clientnr: number, o: IDataObject = {}): IDataObject {
	return {
		id: 300 + clientnr,
		clientnr,
		suppliernr: 0,
		name: 'Bouwwerken Van Damme BV',
		address: 'Stationsstraat 45',
		addressline2: '',
		countrycode: 'BE',
		zipcode: '8000',
		city: 'Brugge',
		telephone1: '050 12 34 56',
		gsm: '',
		email: 'info@vandamme.be',
		vatnr: 'BE0123456789',
		active: true,
		ts_lastupdate: TS,
		_sync: sync('relations', 300 + clientnr),
		...o,
	};
}

export function project(pnr: number, o: IDataObject = {}): IDataObject {
	const c = client(1001);
	delete c._sync;
	return {
		id: pnr % 10000,
		pnr,
		unr: pnr % 1000,
		name: 'Renovatie woning Kerkstraat',
		yourreference: 'Offerte 2025-014',
		address: 'Kerkstraat 8',
		zipcode: '9000',
		city: 'Gent',
		client_addressid: c.id,
		client_name: c.name,
		date_created: '2025-01-10',
		date_approved: '2025-02-01',
		date_completed: '',
		approved: true,
		rejected: false,
		completed: false,
		active: true,
		ordernr: '',
		ts_lastupdate: TS,
		client: c,
		_sync: sync('projects', pnr % 10000),
		...o,
	};
}

export function phase(id: number, pnr: number, o: IDataObject = {}): IDataObject {
	return {
		id,
		project_id: pnr % 10000,
		project_pnr: pnr,
		title: 'Ruwbouw',
		date_executed: '',
		estimatedwork_hours: 40,
		date_deadline: '2025-05-30',
		note: 'Fundering en metselwerk',
		...o,
	};
}

export function assignment(nr: number, o: IDataObject = {}): IDataObject {
	const address = client(1001);
	delete address._sync;
	const emp = employee(7);
	delete emp._sync;
	return {
		id: 9000 + nr,
		nr,
		date: '2025-03-10',
		dateplanned: '2025-03-12',
		title: 'Lek in badkamer',
		subject: '',
		execute: true,
		employee_id: emp.id,
		employee_name: emp.name,
		description_customer: 'Herstelling lekkende kraan badkamer',
		note_technician: 'Sleutel bij de buren (nr 14). #spoed',
		address_id: address.id,
		address_name: address.name,
		address_address: 'Zandstraat 3',
		address_zipcode: '8200',
		address_city: 'Sint-Andries',
		addresscontact_id: 71,
		contact_name: 'Els Van Damme',
		project_id: 0,
		project_pnr: 0,
		ts_lastupdate: TS,
		address,
		contact: contact(71),
		employee: emp,
		_sync: sync('assignments', 9000 + nr),
		...o,
	};
}
