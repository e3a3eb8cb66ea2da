import { deriveProjectStatus } from './projectStatus';

/**
 * The fields a project rule can test: the Bouwsoft Projects fields (reference §5.8), the derived
 * `status`, and `client.<field>` for the client (an Addresses record, §5.6) the trigger attaches to each
 * project. Anything else is an unknown field, so a typo is reported instead of silently matching nothing.
 */
type ProjectFieldType = 'text' | 'number' | 'date' | 'boolean' | 'status';

export interface ProjectField {
	/** Key on the item (`client.city` for the client's fields). */
	name: string;
	displayName: string;
	type: ProjectFieldType;
	/** A reference to another record where Bouwsoft writes 0 for "none" (counts as not set for Has). */
	zeroIsNone?: boolean;
	/** A real Projects column Bouwsoft's `filter` parameter can test (not derived, not on the client). */
	serverSide: boolean;
}

type FieldSpec = [name: string, displayName: string, type: ProjectFieldType, zeroIsNone?: boolean];

/** In the order the editor offers them: the ones users filter on most first. */
const PROJECT_FIELD_SPECS: FieldSpec[] = [
	['pnr', 'Project Number (pnr)', 'number'],
	['unr', 'Short Number (unr)', 'number'],
	['name', 'Project Name', 'text'],
	['client_name', 'Client Name', 'text'],
	['city', 'City (Site)', 'text'],
	['zipcode', 'Zip Code (Site)', 'text'],
	['status', 'Status (Offer / Approved / Rejected / Completed)', 'status'],
	['approved', 'Approved', 'boolean'],
	['completed', 'Completed', 'boolean'],
	['rejected', 'Rejected', 'boolean'],
	['active', 'Active', 'boolean'],
	['currentphase_title', 'Current Phase', 'text'],
	['date_created', 'Date Created', 'date'],
	['date_approved', 'Date Approved', 'date'],
	['date_completed', 'Date Completed', 'date'],
	['date_rejected', 'Date Rejected', 'date'],
	['yourreference', 'Your Reference', 'text'],
	['ordernr', 'Order Number', 'text'],
	['contractamount', 'Contract Amount', 'number'],
	['list', 'List', 'text'],
	['group', 'Group', 'text'],
	['company_name', 'Company Name', 'text'],
	['company_id', 'Company ID', 'number', true],
	['id', 'Project ID', 'number'],
	['address', 'Address (Site)', 'text'],
	['addressline2', 'Address Line 2 (Site)', 'text'],
	['countrycode', 'Country Code (Site)', 'text'],
	['state', 'State (Site)', 'text'],
	['telephone1', 'Telephone (Site)', 'text'],
	['gsm', 'Mobile (Site)', 'text'],
	['distance', 'Distance', 'number'],
	['client_addressid', 'Client Address ID', 'number', true],
	['client_telephone', 'Client Telephone', 'text'],
	['client_gsm', 'Client Mobile', 'text'],
	['client_email', 'Client Email', 'text'],
	['client_readonly', 'Client Read-Only', 'boolean'],
	['iscostplusproject', 'Is Cost-Plus Project', 'boolean'],
	['isrealestateproject', 'Is Real-Estate Project', 'boolean'],
	['hasactualcosts', 'Has Actual Costs', 'boolean'],
	['archivenr', 'Archive Number', 'text'],
	['cadaster_department', 'Cadaster Department', 'text'],
	['cadaster_section', 'Cadaster Section', 'text'],
	['cadaster_nr', 'Cadaster Number', 'text'],
	['be_gewestplan', 'Gewestplan (BE)', 'text'],
	['be_werkplaatsnr30bis', 'Werkplaatsnr 30bis (BE)', 'text'],
	['be_bpa', 'BPA (BE)', 'text'],
	['be_rup', 'RUP (BE)', 'text'],
	['lotnr', 'Lot Number', 'text'],
	['executiontime', 'Execution Time', 'number'],
	['parent_id', 'Parent Project ID', 'number', true],
	['currentphase_id', 'Current Phase ID', 'number', true],
	['ts_lastupdate', 'Last Updated', 'date'],
];

/** Addresses fields (§5.6), reachable as `client.<field>`. */
const CLIENT_FIELD_SPECS: FieldSpec[] = [
	['clientnr', 'Client Number', 'number'],
	['name', 'Name', 'text'],
	['city', 'City', 'text'],
	['zipcode', 'Zip Code', 'text'],
	['countrycode', 'Country Code', 'text'],
	['address', 'Address', 'text'],
	['addressline2', 'Address Line 2', 'text'],
	['state', 'State', 'text'],
	['email', 'Email', 'text'],
	['website', 'Website', 'text'],
	['telephone1', 'Telephone 1', 'text'],
	['telephone2', 'Telephone 2', 'text'],
	['fax', 'Fax', 'text'],
	['gsm', 'Mobile', 'text'],
	['vatnr', 'VAT Number', 'text'],
	['vatregistered', 'VAT Registered', 'boolean'],
	['groups', 'Groups', 'text'],
	['salutation', 'Salutation', 'text'],
	['language_id', 'Language ID', 'number', true],
	['suppliernr', 'Supplier Number', 'number'],
	['gln', 'GLN', 'text'],
	['be_rpr', 'RPR (BE)', 'text'],
	['iban1', 'IBAN 1', 'text'],
	['bic1', 'BIC 1', 'text'],
	['iban2', 'IBAN 2', 'text'],
	['bic2', 'BIC 2', 'text'],
	['term_of_payment', 'Term of Payment', 'text'],
	['date_created', 'Date Created', 'date'],
	['active', 'Active', 'boolean'],
	['risk', 'Risk', 'boolean'],
	['id', 'ID', 'number'],
	['contact_id', 'Default Contact ID', 'number', true],
	['project_id', 'Project ID', 'number', true],
	['shippingaddress_id', 'Shipping Address ID', 'number', true],
	['ts_lastupdate', 'Last Updated', 'date'],
];

const CLIENT_PREFIX = 'client.';

export const PROJECT_FIELDS: readonly ProjectField[] = PROJECT_FIELD_SPECS.map(([name, displayName, type, zeroIsNone]) => ({
	name,
	displayName,
	type,
	zeroIsNone,
	serverSide: type !== 'status',
}));

export const CLIENT_FIELDS: readonly ProjectField[] = CLIENT_FIELD_SPECS.map(([name, displayName, type, zeroIsNone]) => ({
	name: CLIENT_PREFIX + name,
	displayName: `Client: ${displayName}`,
	type,
	zeroIsNone,
	serverSide: false,
}));

const BY_NAME = new Map<string, ProjectField>([...PROJECT_FIELDS, ...CLIENT_FIELDS].map((f) => [f.name, f]));

/** The field a rule names (case and surrounding spaces ignored), or undefined when it is unknown. */
export function findProjectField(name: string): ProjectField | undefined {
	return BY_NAME.get(name.trim().toLowerCase().replace(/\s*\.\s*/, '.'));
}

/** The raw value of a field on a project item; undefined or null when it is absent. */
export function projectFieldValue(record: Record<string, unknown>, field: ProjectField): unknown {
	if (field.type === 'status') return deriveProjectStatus(record);
	if (field.name.startsWith(CLIENT_PREFIX)) {
		const client = record.client;
		if (client === null || typeof client !== 'object' || Array.isArray(client)) return undefined;
		return (client as Record<string, unknown>)[field.name.slice(CLIENT_PREFIX.length)];
	}
	return record[field.name];
}
