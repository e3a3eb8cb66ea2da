import type { IDataObject } from 'n8n-workflow';

import type { CategoryRun } from '../imports/types';
import type { CursorSettings, FirstRunPolicy } from './cursor/pass';
import type { SyncState } from './cursor/state';
import type { RunSummary } from './summary';

/* What the poll engine's passes (timestamp, linked, derived, read) hand each other. */

export interface PollSettings extends CursorSettings {
	firstRun: FirstRunPolicy;
	/** Wall-clock start for the `fromDate` policy. */
	firstRunDate?: string;
	/** 0 = no limit. */
	maxRecordsPerPoll: number;
	/** Stop reading new pages after this many ms once something was emitted (from getPollBudgetMs). */
	softBudgetMs?: number;
	/**
	 * Set by the trigger when a baseline was never stored and n8n restarted (see runTrigger): instead of a
	 * new baseline, emit what changed in the last this-many hours.
	 */
	catchUpHours?: number;
}

export interface PollInput {
	run: CategoryRun;
	settings: PollSettings;
	state: SyncState;
	summary: RunSummary;
	now: () => Date;
}

export interface PollOutput {
	items: IDataObject[];
	state: SyncState;
}

/** Id → the raw record emitted in this run; the same id with other content is new. */
export type EmittedIds = Map<string, IDataObject>;
