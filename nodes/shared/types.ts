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
export type EmitReason = 'changed' | 'full';

/**
 * The `_sync` block every Bouwsoft Trigger / Bouwsoft node item carries next to the Bouwsoft fields.
 * `id` is the Bouwsoft record id as a string (derived records such as categories and warehouses use a
 * stable derived id, e.g. `L:VERF`); `ts_lastupdate` is part of the version the OutSmart node's delivery
 * record keeps (nodes/OutSmart/upsert/delivered.ts).
 */
export interface SyncMeta {
	category: ImportCategory;
	id: string;
	ts_lastupdate: string;
	reason: EmitReason;
	/**
	 * Set by the Bouwsoft node's Get Many when the read held everything the filters select (Scope "All",
	 * Return All): only such items may feed the OutSmart node's Reconcile, which removes what they miss.
	 */
	complete?: boolean;
}

export const SYNC_META_FIELD = '_sync';
