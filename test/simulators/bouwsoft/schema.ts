/**
 * Field lists per resource (reference §5), as a blank record: the key order is the order records are
 * serialised in, and the type of each blank value is the field's type for filtering and sorting.
 * A field that is not here is unknown to the server (400 in filter/sort/columns).
 */
import { BOUWSOFT_RESOURCES, type BouwsoftRecord, type BouwsoftResource, type BouwsoftValue } from './types';

type Blank = Record<string, BouwsoftValue>;

const employees: Blank = {
	id: 0, name: '', initials: '', firstname: '', surname: '', username: '', nr: 0, groups: '',
	address: '', addressline2: '', countrycode: '', zipcode: '', city: '', state: '', telephone: '', fax: '',
	gsm: '', email: '', company_id: 1, company_name: '', function: '', function_localized: '',
	date_in_service: '', date_no_longer_in_service: '', date_birth: '', place_birth: '', language: '',
	gender: '', iban: '', bic: '', personnel_nr: '', active: true, ts_lastupdate: '',
};

const products: Blank = {
	id: 0, list: '', group: '', nr1: '', nr2: '', description: '', price_cost: 0, price_catalogue: 0,
	price_sales1: 0, price_sales2: 0, price_sales3: 0, margin_catalogue: 0, margin1: 0, margin2: 0, margin3: 0,
	discount1: 0, discount2: 0, discount3: 0, brand: '', type: '', unit: '', salesunit_id: 0, salesunit: '',
	purchaseunit_id: 0, purchaseunit: '', unit_localized: '', active: true, barcode: '', activesupplier_id: 0,
	activesupplier_name: '', ts_lastupdate: '',
};

const productLists: Blank = {
	id: 0, name: '', name_localized: '', active: true, used: false, productlist: '', inactive: false,
};

const productGroups: Blank = { id: 0, name: '', list_id: 0, list_name: '', list_active: true, used: false };

const productStock: Blank = {
	id: 0, list: '', group: '', nr1: '', nr2: '', brand: '', description: '', lot_id: 0, lot_nr: '',
	lot_description: '', lot_stocklocationid: 0, stock_location: '', stock_locationid: 0, barcode: '',
	lotprice_unit: 0, lotprice_total: 0, quantity: 0, quantity_reserved: 0, quantity_available: 0, unit: '',
	purchase_price: 0, purchase_unit: '', product_id: 0,
};

const jobs: Blank = {
	id: 0, code: '', name: '', price_hour: 0, price_hour_saturday: 0, price_hour_sunday: 0, price_km: 0,
	ts_lastupdate: '',
};

const addresses: Blank = {
	id: 0, clientnr: 0, suppliernr: 0, groups: '', salutation: '', language_id: 0, name: '', address: '',
	addressline2: '', countrycode: '', zipcode: '', city: '', state: '', telephone1: '', telephone2: '', fax: '',
	gsm: '', shippingaddress_id: 0, shippingaddress_address: '', shippingaddress_addressline2: '',
	shippingaddress_countrycode: '', shippingaddress_zipcode: '', shippingaddress_city: '',
	shippingaddress_state: '', email: '', website: '', contact_id: 0, project_id: 0, vatnr: '',
	vatregistered: false, gln: '', be_rpr: '', iban1: '', bic1: '', iban2: '', bic2: '', term_of_payment: '',
	date_created: '', active: true, risk: false, prospect_datefirstaction: '', prospect_source_id: 0,
	prospect_currentstatus_id: 0, ts_lastupdate: '',
};

const addressContacts: Blank = {
	id: 0, address_id: 0, address_name: '', contact_salutation: '', contact_name: '', contact_function: '',
	contact_department: '', contact_note: '', contact_address: '', contact_addressline2: '',
	contact_countrycode: '', contact_zipcode: '', contact_city: '', contact_state: '', contact_email: '',
	contact_telephone: '', contact_fax: '', contact_gsm: '', address_active: true, contact_default: false,
	ts_lastupdate: '',
};

const projects: Blank = {
	id: 0, pnr: 0, unr: 0, name: '', yourreference: '', list: '', group: '', address: '', addressline2: '',
	telephone1: '', gsm: '', countrycode: '', zipcode: '', city: '', state: '', distance: 0,
	client_addressid: 0, client_name: '', client_telephone: '', client_gsm: '', client_email: '',
	client_readonly: false, date_created: '', date_approved: '', date_rejected: '', date_completed: '',
	ordernr: '', contractamount: 0, iscostplusproject: false, isrealestateproject: false,
	hasactualcosts: false, archivenr: '', lotnr: '', company_id: 1, company_name: '', executiontime: 0,
	approved: false, rejected: false, completed: false, parent_id: 0, currentphase_id: 0,
	currentphase_title: '', active: true, ts_lastupdate: '',
};

const projectPhases: Blank = {
	id: 0, project_id: 0, project_pnr: 0, project_unr: 0, project_name: '', projectphase_id: 0, title: '',
	date_executed: '', estimatedwork_hours: 0, date_deadline: '', note: '',
};

const actualCostItems: Blank = {
	id: 0, project_id: 0, project_pnr: 0, project_unr: 0, project_name: '', actualcost_id: 0, nr1: '', nr2: '',
	description: '', description_localized: '', hours: 0, unit: '', unit_localized: '', yield: 0,
	company_id: 1, estimatedyield: 0, bar_barcode: '', ts_lastupdate: '',
};

const assignments: Blank = {
	id: 0, maintenancesheet_id: 0, company_id: 1, company_name: '', date: '', dateplanned: '', nr: 0,
	title: '', subject: '', status: '', planned: false, executed: false, checked: false, invoiced: false,
	finished: false, sent: false, reschedule: false, readonly: false, executed_on: '', sent_on: '',
	employee_id: 0, employee_name: '', machine_id: 0, machine_nr: '', machine_description: '', execute: true,
	description_customer: '', note_technician: '', address_id: 0, address_name: '', address_address: '',
	address_addressline2: '', address_countrycode: '', address_zipcode: '', address_city: '',
	addresscontact_id: 0, contact_salutation: '', contact_name: '', project_id: 0, project_pnr: 0,
	project_unr: 0, project_name: '', yourreference: '', actualcost_id: 0, actualcost_nr: '',
	actualcost_datestart: '', actualcostitem_id: 0, actualcostitem_description: '',
	actualcostitem_description_localized: '', ts_lastupdate: '',
};

const assignmentProducts: Blank = {
	id: 0, assignment_id: 0, actualcostproducts_id_mapping: 0, date: '', product_id: 0, nr: '',
	description: '', unit: '', unit_localized: '', quantity: 0, job_id: 0, job_code: '', job_name: '',
	ok: false, invoice_id: 0, invoice_nr: '',
};

const assignmentLabor: Blank = {
	id: 0, assignment_id: 0, actualcosttimeworked_id_mapping: 0, date: '', employee_id: 0, address_id: 0,
	name: '', responsible: false, job_id: 0, job_code: '', job_name: '', ok: false, from: 0, to: 0, break: 0,
	invoice_id: 0, invoice_nr: '', ts_lastupdate: '',
};

const BLANKS: Record<BouwsoftResource, Blank> = {
	Employees: employees,
	Products: products,
	ProductLists: productLists,
	ProductGroups: productGroups,
	ProductStock: productStock,
	Jobs: jobs,
	Addresses: addresses,
	AddressContacts: addressContacts,
	Projects: projects,
	ProjectPhases: projectPhases,
	ActualCostItems: actualCostItems,
	Assignments: assignments,
	AssignmentProducts: assignmentProducts,
	AssignmentLabor: assignmentLabor,
};

export type FieldType = 'string' | 'number' | 'boolean';

export function fieldType(resource: BouwsoftResource, field: string): FieldType | undefined {
	const blank = BLANKS[resource];
	if (!Object.prototype.hasOwnProperty.call(blank, field)) return undefined;
	return typeof blank[field] as FieldType;
}

export function fieldNames(resource: BouwsoftResource): string[] {
	return Object.keys(BLANKS[resource]);
}

/** Resources that carry ts_lastupdate (reference §4); the others are fully re-read by clients. */
export function hasTimestamp(resource: BouwsoftResource): boolean {
	return 'ts_lastupdate' in BLANKS[resource];
}

/** A complete record: blank values for every field not given, in schema key order; unknown keys rejected. */
export function completeRecord(resource: BouwsoftResource, values: Partial<BouwsoftRecord>): BouwsoftRecord {
	const blank = BLANKS[resource];
	// Spread clones the blank's hidden class, and assigning existing keys keeps it: every record of a
	// resource shares one compact shape (Object.assign into {} would fall back to slow dictionary objects).
	const record: Record<string, BouwsoftValue> = { ...blank };
	for (const key in values) {
		if (!(key in blank)) throw new Error(`Unknown field ${key} on ${resource}`);
		const value = values[key];
		if (value !== undefined) record[key] = value;
	}
	return record as BouwsoftRecord;
}

/** True when the record already has exactly the resource's fields (e.g. from the seed): no copy needed. */
export function isCompleteRecord(resource: BouwsoftResource, values: Partial<BouwsoftRecord>): values is BouwsoftRecord {
	const blank = BLANKS[resource];
	let count = 0;
	for (const key in values) {
		if (!(key in blank)) return false;
		count++;
	}
	return count === FIELD_COUNTS[resource] && typeof values.id === 'number';
}

const FIELD_COUNTS = Object.fromEntries(BOUWSOFT_RESOURCES.map((r) => [r, Object.keys(BLANKS[r]).length])) as Record<BouwsoftResource, number>;

const BY_LOWER_NAME = new Map<string, BouwsoftResource>(BOUWSOFT_RESOURCES.map((r) => [r.toLowerCase(), r]));

/** Case-insensitive resource path segment → canonical name (reference Q11: `/Productstock/`, `/addresses/`). */
export function resolveResource(segment: string): BouwsoftResource | undefined {
	return BY_LOWER_NAME.get(segment.toLowerCase());
}
