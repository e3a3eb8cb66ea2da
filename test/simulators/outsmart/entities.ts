/**
 * What the reference (shared/reference/outsmart-api.md §3) says about each master-data endpoint: key,
 * required fields, error codes, the documented fields (option `unknownFields`) and their types. Codes for
 * undocumented entities (warehouses, contact persons, addresses, project activities) are our choice, outside
 * OutSmart's documented range, and can be overridden with the `entityOverrides` option.
 */
import type { EntityName, EntityOverride, ResolvedOptions } from './types';

/**
 * varchar = Varchar(255); varchar55 = Varchar(55); text = Text(64kb), unchecked; decimal = number with dot
 * or comma; flag = 1/0; date = Y-m-d (optionally with H:i[:s]); untyped = a field the reference names without
 * a type or size we check (stored as sent).
 */
export type FieldType = 'varchar' | 'varchar55' | 'text' | 'decimal' | 'flag' | 'date' | 'untyped';

export interface EntitySpec {
	name: EntityName;
	/** Upsert key field(s); several = composite key. */
	key: string[];
	required: string[];
	missingCode: number;
	failedCode: number;
	/** Code for an unparsable flag, decimal or date. */
	invalidCode: number;
	/**
	 * Every field the reference (§3) names for the entity, POST or GET: the documented field list that
	 * `unknownFields: 'reject'` enforces, with the type checked on POST.
	 */
	fields: Record<string, FieldType>;
	/** Numbered field families the reference gives without an upper bound: `<prefix>1`, `<prefix>2`, … */
	numbered?: string[];
	/** Not documented by OutSmart: requiredness and codes are our choice. */
	undocumented?: boolean;
}

const freefields = (prefix: string, n: number): Record<string, FieldType> =>
	Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i + 1}`, 'varchar' as FieldType]));

const untyped = (...names: string[]): Record<string, FieldType> =>
	Object.fromEntries(names.map((name) => [name, 'untyped' as FieldType]));

const SPECS: Record<EntityName, EntitySpec> = {
	employees: {
		name: 'employees',
		key: ['number'],
		required: ['firstname', 'lastname', 'number'],
		missingCode: 1101,
		failedCode: 1100,
		invalidCode: 1100,
		fields: {
			firstname: 'varchar',
			lastname: 'varchar',
			number: 'varchar',
			active: 'flag',
			// S2 POST example; the rest: the current doc's GET list (whether POST takes them is UNKNOWN).
			...untyped('start_type', 'mobile', 'email', 'address', 'zipcode', 'city', 'country', 'latitude', 'longitude'),
			...untyped('warehouse', 'vehicle', 'birthday'),
		},
		numbered: ['emp_freefield_'],
	},
	materials: {
		name: 'materials',
		key: ['code'],
		required: ['code', 'description', 'price', 'unit'],
		missingCode: 1201,
		failedCode: 1200,
		invalidCode: 1200,
		fields: {
			code: 'varchar',
			description: 'text',
			price: 'decimal',
			unit: 'varchar',
			eancode: 'varchar55',
			barcode: 'varchar55',
			...freefields('freefield', 5),
			...untyped('note', 'vat_code'),
		},
	},
	categories: {
		name: 'categories',
		key: ['cat_code'],
		required: ['cat_code', 'cat_name', 'cat_display'],
		missingCode: 2401,
		failedCode: 2400,
		invalidCode: 2400,
		fields: {
			cat_code: 'varchar',
			cat_cat_code: 'varchar',
			cat_name: 'varchar',
			cat_image: 'varchar',
			cat_display: 'flag',
		},
	},
	material_categories: {
		name: 'material_categories',
		key: ['mct_mat_code', 'mct_cat_code'],
		required: ['mct_mat_code', 'mct_cat_code'],
		missingCode: 2501,
		failedCode: 2500,
		invalidCode: 2500,
		fields: { mct_mat_code: 'varchar', mct_cat_code: 'varchar' },
	},
	warehouses: {
		name: 'warehouses',
		key: ['wse_code'],
		required: ['wse_code', 'wse_description'],
		missingCode: 2901,
		failedCode: 2900,
		invalidCode: 2900,
		undocumented: true,
		fields: {
			wse_code: 'varchar55',
			wse_wse_code: 'varchar55',
			wse_type: 'varchar',
			wse_description: 'varchar',
			wse_image: 'varchar',
			wse_employee_nr: 'varchar',
			wse_external_id: 'varchar',
			...untyped('wse_order_message', 'wse_date_start', 'wse_date_end', 'wse_date_certification', 'wse_supplier', 'wse_remark'),
		},
	},
	hourtypes: {
		name: 'hourtypes',
		key: ['code'],
		required: ['code', 'name', 'cost_booking', 'sale_booking', 'sale_price'],
		missingCode: 1801,
		failedCode: 1800,
		invalidCode: 1801,
		fields: {
			code: 'varchar',
			name: 'varchar',
			cost_booking: 'flag',
			sale_booking: 'flag',
			sale_price: 'decimal',
			cost_price: 'decimal',
			active: 'flag',
		},
	},
	relations: {
		name: 'relations',
		key: ['debtor_number'],
		required: ['name', 'debtor_number', 'street', 'postal_code', 'city'],
		missingCode: 1301,
		failedCode: 1300,
		invalidCode: 1300,
		fields: {
			name: 'varchar',
			debtor_number: 'varchar',
			contact: 'varchar',
			phone_number: 'varchar',
			email: 'varchar',
			email_workorder: 'varchar',
			street: 'varchar',
			house_number: 'varchar',
			postal_code: 'varchar',
			city: 'varchar',
			country: 'varchar',
			remark: 'text',
			latitude: 'decimal',
			longitude: 'decimal',
			active: 'flag',
			// Extended fields (current doc's GET list, Postman POST example).
			...untyped('external_id', 'debtor_number_invoice', 'kvk_number', 'vat_number', 'debtor_type', 'language'),
			...untyped('accountmanager', 'mobile', 'status', 'pgp_code', 'source', 'lead_phase'),
		},
		numbered: ['val_value_'],
	},
	contactpersons: {
		name: 'contactpersons',
		key: ['cpn_code'],
		required: ['cpn_debtor_nr', 'cpn_code', 'cpn_name'],
		missingCode: 3101,
		failedCode: 3100,
		invalidCode: 3100,
		undocumented: true,
		fields: {
			cpn_debtor_nr: 'varchar',
			cpn_code: 'varchar',
			cpn_name: 'varchar',
			cpn_phone: 'varchar',
			cpn_email: 'varchar',
		},
	},
	addresses: {
		name: 'addresses',
		key: ['adr_code'],
		required: ['adr_debtor_nr', 'adr_code', 'adr_line_1', 'adr_zip', 'adr_city'],
		missingCode: 3201,
		failedCode: 3200,
		invalidCode: 3200,
		undocumented: true,
		fields: {
			adr_debtor_nr: 'varchar',
			adr_code: 'varchar',
			adr_cpn_code: 'varchar',
			adr_line_1: 'varchar',
			adr_zip: 'varchar',
			adr_city: 'varchar',
			adr_country: 'varchar',
			adr_remark: 'varchar',
			adr_latitude: 'decimal',
			adr_longitude: 'decimal',
		},
	},
	projects: {
		name: 'projects',
		key: ['code'],
		required: ['code', 'debtor_number', 'status', 'name', 'date_start'],
		missingCode: 1701,
		failedCode: 1700,
		invalidCode: 1701,
		fields: {
			code: 'varchar',
			code_ext: 'varchar',
			debtor_number: 'varchar',
			adr_code: 'varchar',
			cpn_code: 'varchar',
			debtor_number_invoice: 'varchar',
			status: 'varchar',
			name: 'varchar',
			description: 'text',
			progress: 'untyped',
			date_start: 'date',
			date_end: 'date',
			active: 'flag',
		},
	},
	project_activities: {
		name: 'project_activities',
		key: ['pra_code'],
		required: ['pra_code', 'pra_pro_code', 'pra_name'],
		missingCode: 3001,
		failedCode: 3000,
		invalidCode: 3000,
		undocumented: true,
		fields: {
			pra_code: 'varchar',
			pra_pro_code: 'varchar',
			pra_pra_code: 'varchar',
			pra_name: 'varchar',
			pra_description: 'text',
			pra_date_start: 'date',
			pra_date_end: 'date',
			pra_end_date: 'date',
			pra_order: 'untyped',
			pra_status: 'varchar',
			pra_budget_hours: 'decimal',
			pra_budget_hours_used: 'decimal',
			pra_budget_costs: 'decimal',
			pra_budget_costs_used: 'decimal',
			pra_budget_revenue: 'decimal',
			pra_budget_revenue_used: 'decimal',
			pra_material_type: 'varchar',
			pra_material_count: 'untyped',
			pra_visible_planboard: 'flag',
			// In the S2 POST example; internal ids, presumably read-only.
			...untyped('pra_id', 'pra_cus_id'),
		},
	},
	worktypes: {
		name: 'worktypes',
		key: ['wrt_name'],
		required: ['wrt_name', 'wrt_description', 'wrt_default_minutes', 'wrt_active'],
		missingCode: 2601,
		failedCode: 2600,
		invalidCode: 2600,
		fields: { wrt_name: 'varchar', wrt_description: 'varchar', wrt_default_minutes: 'untyped', wrt_active: 'flag' },
	},
	paymentmethods: {
		name: 'paymentmethods',
		key: ['pmd_description'],
		required: ['pmd_description'],
		missingCode: 2701,
		failedCode: 2700,
		invalidCode: 2700,
		fields: { pmd_description: 'varchar' },
	},
	workstatusses: {
		name: 'workstatusses',
		key: ['sta_code'],
		required: ['sta_code', 'sta_name'],
		missingCode: 2801,
		failedCode: 2800,
		invalidCode: 2800,
		fields: { sta_code: 'varchar', sta_name: 'varchar' },
	},
};

/** The spec for an entity with the run's overrides applied. */
export function entitySpec(name: EntityName, options?: Pick<ResolvedOptions, 'entityOverrides'>): EntitySpec {
	const base = SPECS[name];
	const override: EntityOverride = options?.entityOverrides?.[name] ?? {};
	return {
		...base,
		required: override.required ?? base.required,
		missingCode: override.missingCode ?? base.missingCode,
		failedCode: override.failedCode ?? base.failedCode,
		invalidCode: override.invalidCode ?? base.invalidCode,
	};
}

/** Whether the reference names this field for the entity (its `fields`, or a numbered family like `val_value_3`). */
export function isDocumentedField(spec: EntitySpec, field: string): boolean {
	if (Object.prototype.hasOwnProperty.call(spec.fields, field)) return true;
	return (spec.numbered ?? []).some((prefix) => field.startsWith(prefix) && /^[1-9]\d*$/.test(field.slice(prefix.length)));
}

/** Read-only filter endpoints that answer like GET on an entity endpoint (reference §2). */
export const FILTER_ENDPOINTS: Record<string, EntityName> = {
	category: 'categories',
	contactperson: 'contactpersons',
	address: 'addresses',
};

/** The upsert key of a record; composite keys joined with '|'. */
export function recordKey(spec: EntitySpec, record: Record<string, unknown>): string {
	return spec.key.map((field) => String(record[field] ?? '')).join('|');
}
