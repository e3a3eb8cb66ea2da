import type { ImportCategory } from '../shared/types';

/** The OutSmart record kinds the node writes, named after their endpoints. */
export type WriteKind =
	| 'employees'
	| 'materials'
	| 'categories'
	| 'material_categories'
	| 'warehouses'
	| 'hourtypes'
	| 'relations'
	| 'contactpersons'
	| 'projects'
	| 'project_activities'
	| 'workorders';

export type FieldType = 'string' | 'number' | 'boolean';

export interface FieldSpec {
	id: string;
	displayName: string;
	required?: boolean;
	type?: FieldType;
	/** OutSmart's column length; longer texts are cut with a warning (keys and key references never). */
	maxLength?: number;
	/** Holds another record's key: never cut, since a cut value would point at a different record. */
	keyRef?: boolean;
}

interface WriteKindSpec {
	kind: WriteKind;
	label: string;
	/** Fields that together identify a record (OutSmart's upsert key). */
	keyFields: string[];
	fields: FieldSpec[];
	/** Write order within one run: parents before children. */
	phase: number;
}

const V255 = 255;
const TEXT = 65_535;

const f = (id: string, displayName: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
	id,
	displayName,
	maxLength: V255,
	type: 'string',
	...extra,
});
const req = (id: string, displayName: string, extra: Partial<FieldSpec> = {}) =>
	f(id, displayName, { required: true, ...extra });

export const WRITE_KINDS: Record<WriteKind, WriteKindSpec> = {
	categories: {
		kind: 'categories',
		label: 'category',
		keyFields: ['cat_code'],
		phase: 0,
		fields: [
			req('cat_code', 'Category Code'),
			req('cat_name', 'Name'),
			f('cat_cat_code', 'Parent Category Code', { keyRef: true }),
			req('cat_display', 'Display (1/0)', { type: 'number', maxLength: undefined }),
			f('cat_image', 'Image URL'),
		],
	},
	employees: {
		kind: 'employees',
		label: 'employee',
		keyFields: ['number'],
		phase: 1,
		fields: [
			req('number', 'Employee Number'),
			req('firstname', 'First Name'),
			req('lastname', 'Last Name'),
			f('active', 'Active (1/0)', { type: 'number', maxLength: undefined }),
			f('email', 'Email'),
			f('mobile', 'Mobile'),
			f('address', 'Address'),
			f('zipcode', 'Zip Code'),
			f('city', 'City'),
			f('country', 'Country'),
		],
	},
	warehouses: {
		kind: 'warehouses',
		label: 'warehouse',
		keyFields: ['wse_code'],
		phase: 1,
		fields: [
			req('wse_code', 'Warehouse Code', { maxLength: 55 }),
			req('wse_description', 'Name'),
			f('wse_wse_code', 'Parent Warehouse Code', { maxLength: 55, keyRef: true }),
			f('wse_type', 'Type'),
			f('wse_employee_nr', 'Employee Number', { keyRef: true }),
			f('wse_external_id', 'External ID'),
			f('wse_remark', 'Remark'),
		],
	},
	hourtypes: {
		kind: 'hourtypes',
		label: 'hour type',
		keyFields: ['code'],
		phase: 1,
		fields: [
			req('code', 'Code'),
			req('name', 'Name'),
			req('cost_booking', 'Cost Booking (1/0)', { type: 'number', maxLength: undefined }),
			req('sale_booking', 'Sale Booking (1/0)', { type: 'number', maxLength: undefined }),
			req('sale_price', 'Sale Price', { type: 'number', maxLength: undefined }),
			f('cost_price', 'Cost Price', { type: 'number', maxLength: undefined }),
			f('active', 'Active (1/0)', { type: 'number', maxLength: undefined }),
		],
	},
	materials: {
		kind: 'materials',
		label: 'material',
		keyFields: ['code'],
		phase: 1,
		fields: [
			req('code', 'Material Code'),
			req('description', 'Description', { maxLength: TEXT }),
			req('price', 'Price', { type: 'number', maxLength: undefined }),
			req('unit', 'Unit'),
			f('eancode', 'EAN Code', { maxLength: 55 }),
			f('barcode', 'Barcode', { maxLength: 55 }),
			f('vat_code', 'VAT Code'),
			f('note', 'Note', { maxLength: TEXT }),
			f('freefield1', 'Free Field 1'),
			f('freefield2', 'Free Field 2'),
			f('freefield3', 'Free Field 3'),
			f('freefield4', 'Free Field 4'),
			f('freefield5', 'Free Field 5'),
		],
	},
	material_categories: {
		kind: 'material_categories',
		label: 'material category link',
		keyFields: ['mct_mat_code', 'mct_cat_code'],
		phase: 2,
		fields: [req('mct_mat_code', 'Material Code'), req('mct_cat_code', 'Category Code')],
	},
	relations: {
		kind: 'relations',
		label: 'relation',
		keyFields: ['debtor_number'],
		phase: 3,
		fields: [
			req('debtor_number', 'Debtor Number'),
			req('name', 'Name'),
			req('street', 'Street'),
			f('house_number', 'House Number'),
			req('postal_code', 'Postal Code'),
			req('city', 'City'),
			f('country', 'Country'),
			f('contact', 'Contact'),
			f('phone_number', 'Phone Number'),
			f('mobile', 'Mobile'),
			f('email', 'Email'),
			f('email_workorder', 'Email for Work Orders'),
			f('vat_number', 'VAT Number'),
			f('remark', 'Remark', { maxLength: TEXT }),
			f('active', 'Active (1/0)', { type: 'number', maxLength: undefined }),
		],
	},
	contactpersons: {
		kind: 'contactpersons',
		label: 'contact person',
		keyFields: ['cpn_code'],
		phase: 4,
		fields: [
			req('cpn_code', 'Contact Person Code'),
			req('cpn_debtor_nr', 'Relation Debtor Number', { keyRef: true }),
			req('cpn_name', 'Name'),
			f('cpn_phone', 'Phone'),
			f('cpn_email', 'Email'),
		],
	},
	projects: {
		kind: 'projects',
		label: 'project',
		keyFields: ['code'],
		phase: 5,
		fields: [
			req('code', 'Project Code'),
			req('name', 'Name'),
			req('debtor_number', 'Debtor Number', { keyRef: true }),
			req('status', 'Status'),
			req('date_start', 'Start Date (YYYY-MM-DD)'),
			f('date_end', 'End Date (YYYY-MM-DD)'),
			f('code_ext', 'External Code'),
			f('description', 'Description', { maxLength: TEXT }),
			f('adr_code', 'Address Code', { keyRef: true }),
			f('cpn_code', 'Contact Person Code', { keyRef: true }),
			f('debtor_number_invoice', 'Invoice Debtor Number', { keyRef: true }),
			f('progress', 'Progress', { type: 'number', maxLength: undefined }),
			f('active', 'Active (1/0)', { type: 'number', maxLength: undefined }),
		],
	},
	project_activities: {
		kind: 'project_activities',
		label: 'project activity',
		keyFields: ['pra_code'],
		phase: 6,
		fields: [
			req('pra_code', 'Activity Code'),
			req('pra_pro_code', 'Project Code', { keyRef: true }),
			req('pra_name', 'Name'),
			f('pra_description', 'Description', { maxLength: TEXT }),
			f('pra_date_start', 'Start Date (YYYY-MM-DD)'),
			f('pra_date_end', 'End Date (YYYY-MM-DD)'),
			f('pra_order', 'Order', { type: 'number', maxLength: undefined }),
			f('pra_status', 'Status'),
			f('pra_budget_hours', 'Budget Hours', { type: 'number', maxLength: undefined }),
		],
	},
	workorders: {
		kind: 'workorders',
		label: 'work order',
		keyFields: ['WorkorderNo'],
		phase: 7,
		fields: [
			req('WorkorderNo', 'Work Order Number'),
			req('CustomerName', 'Customer Name'),
			req('CustomerDebtorNr', 'Customer Debtor Number', { keyRef: true }),
			req('CustomerStreet', 'Customer Street'),
			f('CustomerStreetNo', 'Customer Street Number'),
			req('CustomerZIP', 'Customer ZIP'),
			req('CustomerCity', 'Customer City'),
			req('CustomerContactPerson', 'Customer Contact Person'),
			f('CustomerPhone', 'Customer Phone'),
			f('CustomerEmail', 'Customer Email'),
			req('CustomerNameInvoice', 'Invoice Name'),
			req('CustomerDebtorNrInvoice', 'Invoice Debtor Number', { keyRef: true }),
			req('CustomerStreetInvoice', 'Invoice Street'),
			req('CustomerZIPInvoice', 'Invoice ZIP'),
			req('CustomerCityInvoice', 'Invoice City'),
			req('CustomerContactPersonInvoice', 'Invoice Contact Person'),
			f('CustomerPhoneInvoice', 'Invoice Phone'),
			f('CustomerEmailInvoice', 'Invoice Email'),
			req('TypeOfWork', 'Type of Work'),
			req('PaymentMethod', 'Payment Method'),
			f('WorkDescription', 'Work Description (Customer)', { maxLength: TEXT }),
			f('InternalWorkDescription', 'Internal Work Description', { maxLength: TEXT }),
			f('ShortWorkDescription', 'Short Work Description'),
			f('OrderNr', 'Order Number'),
			f('ProjectNr', 'Project Number', { keyRef: true }),
			f('ExternProjectNr', 'External Project Number'),
			f('EmployeeNr', 'Employee Number', { maxLength: 55, keyRef: true }),
			f('WorkDate', 'Work Date (DD-MM-YYYY)'),
			f('WorkTime', 'Work Time (HH:MM)'),
			f('WorkDeadline', 'Deadline'),
			f('CpnCode', 'Contact Person Code', { keyRef: true }),
			f('AdrCode', 'Address Code', { keyRef: true }),
		],
	},
};

interface ResourceSpec {
	name: string;
	/** The record kind an item of this resource primarily becomes (the only one in Map Fields mode). */
	primary: WriteKind;
	/** Every record kind a Bouwsoft item of this resource becomes, in "From Bouwsoft Record" mode; primary first. */
	writes: WriteKind[];
	/** Bouwsoft import categories whose items this resource accepts in "From Bouwsoft Record" mode. */
	categories: ImportCategory[];
	/** What OutSmart matches an existing record on, for the user. */
	matchedOn: string;
}

/**
 * The node's resources: one row each. Everything else (the Resource list, the Upsert operation, the
 * categories a resource accepts, the record kinds it writes) is derived from this table; resource-specific
 * node fields are in description.ts, the mapping per Bouwsoft category in mapping/.
 */
export const RESOURCES = {
	employee: {
		name: 'Employee',
		primary: 'employees',
		writes: ['employees'],
		categories: ['employees'],
		matchedOn: 'number (the Bouwsoft employee number)',
	},
	material: {
		name: 'Material',
		primary: 'materials',
		writes: ['materials', 'material_categories'],
		categories: ['materials'],
		matchedOn: 'code (the Bouwsoft article number nr1)',
	},
	materialCategory: {
		name: 'Material Category',
		primary: 'categories',
		writes: ['categories'],
		categories: ['categories'],
		matchedOn: 'cat_code (L:<list> / G:<list>/<group>) or the material and category code pair',
	},
	warehouse: {
		name: 'Warehouse',
		primary: 'warehouses',
		writes: ['warehouses'],
		categories: ['warehouses'],
		matchedOn: 'wse_code (the Bouwsoft stock location id)',
	},
	hourType: {
		name: 'Hour Type',
		primary: 'hourtypes',
		writes: ['hourtypes'],
		categories: ['hourTypes'],
		matchedOn: 'code (the Bouwsoft labour category code)',
	},
	relation: {
		name: 'Relation',
		primary: 'relations',
		writes: ['relations', 'contactpersons'],
		categories: ['relations'],
		matchedOn: 'debtor_number (the Bouwsoft client number)',
	},
	contactPerson: {
		name: 'Contact Person',
		primary: 'contactpersons',
		writes: ['contactpersons'],
		categories: ['relations'],
		matchedOn: 'cpn_code (C-<Bouwsoft contact id>)',
	},
	project: {
		name: 'Project',
		primary: 'projects',
		writes: ['projects', 'project_activities', 'workorders'],
		categories: ['projects'],
		matchedOn: 'code (the Bouwsoft project number pnr)',
	},
	projectActivity: {
		name: 'Project Activity',
		primary: 'project_activities',
		writes: ['project_activities'],
		categories: ['projects'],
		matchedOn: 'pra_code (PH-<phase id> or AC-<cost item id>)',
	},
	workOrder: {
		name: 'Work Order',
		primary: 'workorders',
		writes: ['workorders'],
		categories: ['assignments', 'projects'],
		matchedOn: 'WorkorderNo (A-<assignment nr>, P-<project nr>)',
	},
} satisfies Record<string, ResourceSpec>;

/** The node's Resource parameter values. */
export type OutSmartResource = keyof typeof RESOURCES;

export const RESOURCE_NAMES = Object.keys(RESOURCES) as OutSmartResource[];

export function isResource(value: string): value is OutSmartResource {
	return Object.prototype.hasOwnProperty.call(RESOURCES, value);
}

export function resourceSpec(resource: OutSmartResource): ResourceSpec {
	return RESOURCES[resource];
}

/** The resource that takes a Bouwsoft category's items first (the first row of the table that accepts it). */
export function resourceForCategory(category: ImportCategory): OutSmartResource | undefined {
	return RESOURCE_NAMES.find((resource) => (RESOURCES[resource].categories as ImportCategory[]).includes(category));
}

/** Whether a field of this kind must never be cut: a key field or a reference to another record's key. */
export function isNeverCut(kind: WriteKind, field: string): boolean {
	const spec = WRITE_KINDS[kind];
	return spec.keyFields.includes(field) || spec.fields.some((x) => x.id === field && x.keyRef === true);
}

/** The key of a record of this kind, or '' when a key field is empty. */
export function recordKey(kind: WriteKind, record: Record<string, unknown>): string {
	const parts = WRITE_KINDS[kind].keyFields.map((field) => {
		const value = record[field];
		return value === undefined || value === null ? '' : String(value).trim();
	});
	return parts.some((p) => p === '') ? '' : parts.join('|');
}

/** "material", "materials", "project activities": a record kind's label for a count. */
export function kindLabel(kind: WriteKind, count = 2): string {
	const label = WRITE_KINDS[kind].label;
	if (count === 1) return label;
	return label.endsWith('y') ? `${label.slice(0, -1)}ies` : `${label}s`;
}
