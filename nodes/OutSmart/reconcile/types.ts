import type { IDataObject } from 'n8n-workflow';

import type { WriteKind } from '../schema';
import type { UpsertSettings } from '../upsert/types';

/** What Reconcile does with an OutSmart record of ours whose Bouwsoft source is gone or no longer selected. */
export type RemovalAction = 'report' | 'deactivate' | 'delete';

/** Which OutSmart records Reconcile may remove: see ownership.ts. */
export type OwnershipMode = 'learned' | 'all';

export interface ReconcileSettings extends UpsertSettings {
	removed: RemovalAction;
	/** Stop the category's removals when more than this share of its OutSmart records would go (0–100). */
	brakePercent: number;
	ownership: OwnershipMode;
}

/** One OutSmart record of ours that no input item wants any more, and what happens to it. */
export interface Removal {
	kind: WriteKind;
	key: string;
	/** The record as OutSmart answered it. */
	row: IDataObject;
	/**
	 * `delete`/`deactivate`: what is (or in a dry run would be) done. `report`: listed only (the chosen action,
	 * or the only one OutSmart offers for this kind). `keep`: left alone on purpose (e.g. a work order a
	 * technician is working on). `hold`: the safety brake stopped the category. `restore`: a link of ours that a
	 * link repair took along and posted again (listed only when that failed).
	 */
	action: 'delete' | 'deactivate' | 'report' | 'keep' | 'hold' | 'restore';
	reason: string;
	/** Work orders: every order OutSmart holds under this number (they are checked and deleted one by one). */
	rows?: IDataObject[];
	/** With `hold`: what the brake stopped. */
	held?: 'delete' | 'deactivate';
	status?: 'done' | 'dryRun' | 'failed' | 'alreadyInactive';
	error?: string;
	fix?: string;
}

/** What the safety brake decided for one record kind. */
export interface BrakeCheck {
	kind: WriteKind;
	ours: number;
	removals: number;
	percent: number;
	tripped: boolean;
}
