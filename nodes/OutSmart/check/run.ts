import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { checkOutput, type CheckItem } from '../../shared/checkReport';
import { kindLabel, WRITE_KINDS, type WriteKind } from '../schema';
import { boundedNumber, NUMBER_OPTIONS } from '../settings';
import { callOutSmart, DEFAULT_REQUEST_POLICY, loadCredential, type CredentialSecrets, type RequestPolicy } from '../transport/request';
import { checkLookupValues, PAYMENT_METHOD_LIST, TYPE_OF_WORK_LIST } from './lookups';

/**
 * Connection → Check: a read-only pre-flight of the OutSmart account (GETs only; work orders always with
 * update_status=false, which OutSmart's default would flip to Afgehandeld). One item per check: the tokens,
 * every record kind the templates write (does the endpoint answer, how many records it holds), the type-of-work
 * and payment-method values work orders use, and the required fields Bouwsoft may leave empty.
 */

/** Which template writes a kind, for the user. */
const USED_BY: Record<WriteKind, string> = {
	employees: 'the Employees template',
	materials: 'the Materials template',
	categories: 'the Categories template',
	material_categories: 'the Materials template (Link to Categories)',
	warehouses: 'the Warehouses template',
	hourtypes: 'the Hour Types template',
	relations: 'the Relations template',
	contactpersons: 'the Relations template (Include Contact Persons)',
	projects: 'the Projects template',
	project_activities: 'the Projects template (Include Activities)',
	workorders: 'the Projects and Assignments templates, and the way back (OutSmart Trigger → Bouwsoft)',
};

/** The read of a kind as Reconcile does it: the whole table; work orders through GetWorkorders without marking them. */
function readRequest(kind: WriteKind) {
	return kind === 'workorders'
		? { method: 'GET' as const, endpoint: 'GetWorkorders', qs: { status: 'Alle', update_status: 'false' } }
		: { method: 'GET' as const, endpoint: kind };
}

/** The node fields that fill OutSmart's required fields when Bouwsoft has nothing for them. */
const REQUIRED_FILLED_BY: Array<{ kind: WriteKind; fields: string[]; how: string }> = [
	{
		kind: 'relations',
		fields: ['street', 'postal_code', 'city'],
		how:
			"A Bouwsoft relation without street, postal code or city fails, unless the OutSmart node's Address Placeholder (Relation resource) is set: the templates set it to \"Onbekend\" and the run summary counts the relations that got it. The Bouwsoft node's Check Connection counts the relations without an address.",
	},
	{
		kind: 'workorders',
		fields: ['CustomerStreet', 'CustomerZIP', 'CustomerCity', 'CustomerContactPerson', 'TypeOfWork', 'PaymentMethod'],
		how:
			"Street, postal code and city come from the work address or the client in Bouwsoft (no placeholder: a work order without them fails and names the field to fill in Bouwsoft); the contact person falls back to Contact Person Fallback, else the customer name; Type of Work and Payment Method come from the node's fields (checked above).",
	},
	{ kind: 'materials', fields: ['unit'], how: "A product without a unit gets the OutSmart node's Default Unit (the templates use \"st\")." },
];

function readPolicy(ctx: IExecuteFunctions): RequestPolicy {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const notices: string[] = [];
	return {
		...DEFAULT_REQUEST_POLICY,
		maxAttempts: boundedNumber(options.maxAttempts, NUMBER_OPTIONS.maxAttempts, notices),
		timeoutMs: boundedNumber(options.timeoutSeconds, NUMBER_OPTIONS.timeoutSeconds, notices) * 1000,
	};
}

function valuesOf(ctx: IExecuteFunctions, parameter: string): string[] {
	const raw = String(ctx.getNodeParameter(parameter, 0, '') ?? '');
	return [...new Set(raw.split(/[,;\n]+/).map((v) => v.trim()).filter(Boolean))];
}

async function checkTokens(ctx: IExecuteFunctions, credential: CredentialSecrets, policy: RequestPolicy): Promise<{ item: CheckItem; employees?: unknown }> {
	const base = { check: 'OutSmart tokens', id: 'outsmart.tokens' };
	const result = await callOutSmart<unknown>(ctx, credential, readRequest('employees'), policy);
	if (result.ok) {
		return {
			item: {
				...base,
				status: 'ok',
				found: `OutSmart at ${credential.baseUrl} accepted the token and the software token`,
				meaning: 'Every OutSmart request of the sync carries both; they work.',
				fix: '',
			},
			employees: result.response,
		};
	}
	const unreachable = result.failure.kind === 'transient';
	return {
		item: {
			...base,
			status: 'problem',
			found: result.failure.message,
			meaning: unreachable
				? 'OutSmart could not be reached, so nothing else was checked.'
				: 'OutSmart refuses every request with this credential, so nothing else was checked.',
			fix: result.failure.fix,
		},
	};
}

async function checkKind(ctx: IExecuteFunctions, credential: CredentialSecrets, policy: RequestPolicy, kind: WriteKind, answered?: unknown): Promise<CheckItem> {
	const request = readRequest(kind);
	const base = { check: `OutSmart ${kindLabel(kind)}`, id: `outsmart.records.${kind}` };
	const result = answered !== undefined ? { ok: true as const, response: answered } : await callOutSmart<unknown>(ctx, credential, request, policy);
	let rows: unknown;
	if (result.ok) rows = result.response ?? [];
	else if (result.failure.kind === 'notFound') rows = [];
	else {
		return {
			...base,
			status: 'problem',
			found: `GET ${request.endpoint} failed: ${result.failure.message}`,
			meaning: `${USED_BY[kind]} cannot write ${kindLabel(kind)} to this OutSmart account.`,
			fix: `${result.failure.fix} This matters only if you publish ${USED_BY[kind]}.`,
		};
	}
	if (!Array.isArray(rows)) {
		return {
			...base,
			status: 'problem',
			found: `GET ${request.endpoint} did not answer with a list`,
			meaning: `Reconcile and "Report Created vs Updated" cannot read the ${kindLabel(kind)} OutSmart holds.`,
			fix: "Check the credential's Base URL (it must end with /openapi/8).",
		};
	}
	const count = rows.length;
	return {
		...base,
		status: 'ok',
		found: `GET ${request.endpoint} answers: ${count} ${kindLabel(kind, count)}`,
		meaning: `Written by ${USED_BY[kind]}.`,
		fix: '',
		count,
	};
}

function requiredFieldItems(): CheckItem[] {
	return REQUIRED_FILLED_BY.map(({ kind, fields, how }) => {
		const required = WRITE_KINDS[kind].fields.filter((f) => f.required).map((f) => f.id);
		return {
			check: `Required fields of ${kindLabel(kind)}`,
			status: 'ok',
			found: `OutSmart requires ${required.join(', ')}; Bouwsoft may leave ${fields.join(', ')} empty`,
			meaning: how,
			fix: '',
			id: `outsmart.required.${kind}`,
		};
	});
}

export async function runCheckConnection(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const credential = await loadCredential(this);
	const policy = readPolicy(this);
	const tokens = await checkTokens(this, credential, policy);
	const items: CheckItem[] = [tokens.item];
	if (tokens.item.status === 'ok') {
		for (const kind of Object.keys(WRITE_KINDS) as WriteKind[]) {
			items.push(await checkKind(this, credential, policy, kind, kind === 'employees' ? tokens.employees : undefined));
		}
		items.push(...(await checkLookupValues(this, credential, policy, TYPE_OF_WORK_LIST, valuesOf(this, 'typesOfWork'))));
		items.push(...(await checkLookupValues(this, credential, policy, PAYMENT_METHOD_LIST, valuesOf(this, 'paymentMethods'))));
		items.push(...requiredFieldItems());
	}
	return checkOutput(this, 'OutSmart', items, credential.secrets);
}
