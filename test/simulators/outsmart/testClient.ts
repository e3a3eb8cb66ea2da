/**
 * Test helpers for the OutSmart simulator: an axios client that signs every call like our credential
 * does, and valid example rows per endpoint (taken from the reference's examples).
 */
import axios from 'axios';
import type { AxiosResponse } from 'axios';

import type { EntityName, OutSmartSimulator } from './index';

/** The envelope as tests read it: `response` is whatever the endpoint answers. */
export interface TestEnvelope {
	code: number;
	messages: string[];
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	response: any;
}

export interface OutSmartTestClient {
	get(endpoint: string, params?: Record<string, unknown>): Promise<AxiosResponse<TestEnvelope>>;
	post(endpoint: string, body: unknown, params?: Record<string, unknown>): Promise<AxiosResponse<TestEnvelope>>;
	/** POST with a raw string body (for empty / broken JSON). */
	postRaw(endpoint: string, body: string): Promise<AxiosResponse<TestEnvelope>>;
}

export function outSmartClient(sim: OutSmartSimulator, options: { bearer?: string | false } = {}): OutSmartTestClient {
	const bearer = options.bearer === undefined ? sim.token : options.bearer;
	const http = axios.create({
		baseURL: sim.baseUrl,
		validateStatus: () => true,
		headers: bearer ? { Authorization: `Bearer ${bearer}` } : {},
	});
	const auth = { token: sim.token, software_token: sim.softwareToken };
	return {
		get: (endpoint, params = {}) => http.get(`/${endpoint}/`, { params: { ...auth, ...params } }),
		post: (endpoint, body, params = {}) => http.post(`/${endpoint}/`, body, { params: { ...auth, ...params } }),
		postRaw: (endpoint, body) =>
			http.post(`/${endpoint}/`, body, {
				params: auth,
				headers: { 'Content-Type': 'application/json' },
				transformRequest: [(data: unknown) => data],
			}),
	};
}

/** One valid row per master-data endpoint, as the reference documents the fields. */
export const VALID_ROWS: Record<EntityName, Record<string, unknown>> = {
	employees: { firstname: 'Jan', lastname: 'Klaassen', number: '123' },
	materials: { code: 'MAT-001', description: 'Gipsplaat 12,5 mm', price: '4,55', unit: 'M2', eancode: '8712345678906' },
	categories: { cat_code: 'L:Bouwmaterialen', cat_cat_code: '', cat_name: 'Bouwmaterialen', cat_display: 1 },
	material_categories: { mct_mat_code: 'MAT-001', mct_cat_code: 'L:Bouwmaterialen' },
	warehouses: { wse_code: '7', wse_description: 'Magazijn Gent', wse_type: 'BUILDING' },
	hourtypes: { code: '001', name: 'Normale uren', cost_booking: '0', sale_booking: '1', sale_price: '50.00', cost_price: '25.00', active: '1' },
	relations: { name: 'Bouwbedrijf De Vries', debtor_number: '1001', street: 'Kerkstraat 5', postal_code: '9000', city: 'Gent' },
	contactpersons: { cpn_debtor_nr: '1001', cpn_code: 'C-55', cpn_name: 'Piet de Vries', cpn_email: 'piet@example.com' },
	addresses: { adr_debtor_nr: '1001', adr_code: 'A-1', adr_line_1: 'Kerkstraat 5', adr_zip: '9000', adr_city: 'Gent' },
	projects: { code: '2024001', debtor_number: '1001', status: 'Nieuw', name: 'Renovatie Kerkstraat', date_start: '2024-03-01', active: 1 },
	project_activities: { pra_code: 'PH-9', pra_pro_code: '2024001', pra_name: 'Ruwbouw', pra_date_end: '2024-05-01' },
	worktypes: { wrt_name: 'Installatie', wrt_description: 'Installatie', wrt_default_minutes: 60, wrt_active: 1 },
	paymentmethods: { pmd_description: 'op rekening' },
	workstatusses: { sta_code: '001', sta_name: 'Wacht op materiaal' },
};

/** A work order with every required field (reference §3.12.1). */
export function validWorkorder(workorderNo: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		WorkorderNo: workorderNo,
		CustomerName: 'Bouwbedrijf De Vries',
		CustomerDebtorNr: '1001',
		CustomerStreet: 'Kerkstraat',
		CustomerStreetNo: '5',
		CustomerZIP: '9000',
		CustomerCity: 'Gent',
		CustomerContactPerson: 'Piet de Vries',
		CustomerNameInvoice: 'Bouwbedrijf De Vries',
		CustomerDebtorNrInvoice: '1001',
		CustomerStreetInvoice: 'Kerkstraat',
		CustomerZIPInvoice: '9000',
		CustomerCityInvoice: 'Gent',
		CustomerContactPersonInvoice: 'Piet de Vries',
		TypeOfWork: 'Project',
		PaymentMethod: 'op rekening',
		...extra,
	};
}
