import type { IDataObject } from 'n8n-workflow';

/**
 * Fields versions before the delivery record kept in the workflow's global static data: the sync ledger and
 * the Skip Unchanged hashes. Nothing reads them any more; they are dropped so n8n stops loading and saving
 * them around every execution. The Bouwsoft Trigger drops them from the poller's copy (the one n8n saves
 * while a poller is active), the OutSmart node from its execution's copy.
 */
const LEGACY_GLOBAL_FIELDS = ['bouwsoftOutSmartLedger', 'outSmartHashes'];

export function dropLegacyState(globalStaticData: IDataObject): void {
	for (const field of LEGACY_GLOBAL_FIELDS) {
		if (field in globalStaticData) delete globalStaticData[field];
	}
}
