/** The eight import categories OutSmart's own Bouwsoft import offers; one Bouwsoft category module each. */
export type ImportCategory =
	| 'employees'
	| 'materials'
	| 'categories'
	| 'warehouses'
	| 'hourTypes'
	| 'relations'
	| 'projects'
	| 'assignments';

/** Why the trigger / read node emitted a record. */
export type EmitReason = 'changed' | 'retry' | 'full';

/**
 * The `_sync` block every Bouwsoft Trigger / Bouwsoft node item carries next to the Bouwsoft fields.
 * `id` is the Bouwsoft record id as a string (derived records such as categories and warehouses use a
 * stable derived id, e.g. `L:VERF`), so the OutSmart node can report failures back to the sync ledger.
 */
export interface SyncMeta {
	category: ImportCategory;
	id: string;
	ts_lastupdate: string;
	reason: EmitReason;
}

export const SYNC_META_FIELD = '_sync';
