import type { IDataObject } from 'n8n-workflow';

import type { DerivedCategory } from '../imports/types';
import { contentHash } from './cursor/state';
import { withSync } from './records';
import type { PollInput, PollOutput } from './types';

/**
 * Categories without ts_lastupdate (material categories, warehouses): read everything, emit what is new
 * or whose content hash changed. State: `hashes` (code → hash). A removed code is simply forgotten.
 */
export async function pollDerivedCategory(module: DerivedCategory, input: PollInput): Promise<PollOutput> {
	const { run, summary, settings } = input;
	const state = JSON.parse(JSON.stringify(input.state)) as PollOutput['state'];
	const records = await module.readAll(run);
	summary.fetched += records.length;
	const previous = state.hashes ?? {};
	const hashes: Record<string, string> = {};
	const firstRun = !state.initialized;
	// No change dates to catch up from after a restart lost the baseline: send them all once (they are few).
	const silent = settings.firstRun === 'baseline' && settings.catchUpHours === undefined;
	const items: IDataObject[] = [];
	for (const record of records) {
		const code = String(record.code);
		const hash = contentHash(record);
		hashes[code] = hash;
		let reason: 'full' | 'changed' | undefined;
		if (firstRun) reason = silent ? undefined : 'full';
		else if (previous[code] !== hash) reason = 'changed';
		if (!reason) {
			summary.duplicates++;
			continue;
		}
		items.push(withSync(record, module.category, code, reason));
	}
	summary.emitted += items.length;
	if (firstRun && silent) summary.notes.push('First run: baseline; only later changes will be emitted.');
	if (firstRun && !silent && settings.firstRun === 'baseline') {
		summary.notes.push(`No stored baseline after an n8n restart: ${module.category} have no change date, so all are sent once.`);
	}
	if (firstRun && settings.firstRun === 'fromDate') {
		summary.notes.push(`${module.category} have no change date in Bouwsoft: the first run imports all of them.`);
	}
	return { items, state: { ...state, initialized: true, hashes } };
}
