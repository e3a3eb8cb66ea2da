import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { CheckItem } from '../../shared/checkReport';
import { callOutSmart, type CredentialSecrets, type RequestPolicy } from '../transport/request';

/**
 * Whether the type-of-work and payment-method values the OutSmart node sends on work orders exist in this
 * account. OutSmart lists them at `worktypes` (`wrt_name`, `wrt_active`) and `paymentmethods`
 * (`pmd_description`), reference §3.12.6. Whether OutSmart refuses a work order with a value it does not list
 * is not documented, so an empty or unreadable list is "unknown – check in OutSmart", never "ok".
 */
interface LookupList {
	endpoint: 'worktypes' | 'paymentmethods';
	/** Singular words for the items. */
	label: string;
	nameField: string;
	activeField?: string;
	/** The node field that holds the value, for the fix. */
	field: string;
	idPrefix: string;
}

export const TYPE_OF_WORK_LIST: LookupList = {
	endpoint: 'worktypes',
	label: 'type of work',
	nameField: 'wrt_name',
	activeField: 'wrt_active',
	field: 'Type of Work',
	idPrefix: 'outsmart.typeOfWork',
};

export const PAYMENT_METHOD_LIST: LookupList = {
	endpoint: 'paymentmethods',
	label: 'payment method',
	nameField: 'pmd_description',
	field: 'Payment Method',
	idPrefix: 'outsmart.paymentMethod',
};

interface ListEntry {
	name: string;
	active: boolean;
}

const WHERE = 'the OutSmart node (Project and Work Order resources, Create or Update and Reconcile)';

function quoted(names: string[]): string {
	return names.length ? names.map((n) => `"${n}"`).join(', ') : '(none)';
}

/** One item per wanted value: present and active (ok), spelled differently or inactive (warning), absent (problem). */
export async function checkLookupValues(
	ctx: IExecuteFunctions,
	credential: CredentialSecrets,
	policy: RequestPolicy,
	list: LookupList,
	wanted: string[],
): Promise<CheckItem[]> {
	const result = await callOutSmart<unknown>(ctx, credential, { method: 'GET', endpoint: list.endpoint }, policy);
	const rows = result.ok && Array.isArray(result.response) ? (result.response as unknown[]) : undefined;
	const entries: ListEntry[] = (rows ?? [])
		.filter((row): row is IDataObject => !!row && typeof row === 'object')
		.map((row) => ({
			name: String(row[list.nameField] ?? '').trim(),
			active: list.activeField === undefined || !['0', 'false'].includes(String(row[list.activeField] ?? '1').trim().toLowerCase()),
		}))
		.filter((entry) => entry.name !== '');
	const known = entries.map((e) => e.name);
	return wanted.map((value): CheckItem => {
		const base = { check: `OutSmart ${list.label} "${value}"`, id: `${list.idPrefix}.${value}` };
		const unknown = (found: string): CheckItem => ({
			...base,
			status: 'warning',
			found,
			meaning: `unknown – check in OutSmart: work orders are sent with ${list.field} "${value}"; whether OutSmart accepts a value it does not list is not documented.`,
			fix: `Make sure ${list.label} "${value}" exists in OutSmart, or set ${list.field} in ${WHERE} to one that does.`,
		});
		if (!result.ok) return unknown(`OutSmart could not list its ${list.label} values (GET ${list.endpoint}): ${result.failure.message}`);
		if (!rows) return unknown(`GET ${list.endpoint} did not answer with a list`);
		if (entries.length === 0) return unknown(`OutSmart lists no ${list.label} values (GET ${list.endpoint} is empty)`);
		const exact = entries.find((e) => e.name === value);
		if (exact?.active) {
			return { ...base, status: 'ok', found: `"${value}" exists in OutSmart`, meaning: `Work orders are sent with ${list.field} "${value}".`, fix: '' };
		}
		if (exact) {
			return {
				...base,
				status: 'warning',
				found: `"${value}" exists in OutSmart but is not active`,
				meaning: `Work orders are sent with ${list.field} "${value}"; technicians may not be able to use an inactive ${list.label}.`,
				fix: `Activate ${list.label} "${value}" in OutSmart, or set ${list.field} in ${WHERE} to an active one.`,
			};
		}
		const sameLetters = entries.find((e) => e.name.toLowerCase() === value.toLowerCase());
		if (sameLetters) {
			return {
				...base,
				status: 'warning',
				found: `OutSmart spells it "${sameLetters.name}"`,
				meaning: `Work orders are sent with ${list.field} "${value}"; whether OutSmart matches it regardless of case is not documented.`,
				fix: `Set ${list.field} in ${WHERE} to "${sameLetters.name}".`,
			};
		}
		return {
			...base,
			status: 'problem',
			found: `"${value}" is not among OutSmart's ${list.label} values: ${quoted(known.slice(0, 20))}${known.length > 20 ? ` (+${known.length - 20} more)` : ''}`,
			meaning: `Work orders sent with ${list.field} "${value}" have a ${list.label} this OutSmart account does not know.`,
			fix: `Create ${list.label} "${value}" in OutSmart, or set ${list.field} in ${WHERE} to one of the values above.`,
		};
	});
}
