import type { IDataObject } from 'n8n-workflow';

import type { SyncMeta } from '../../shared/types';
import type { MappingOptions } from '../mapping/common';
import type { OutSmartResource, WriteKind } from '../schema';
import type { RequestPolicy } from '../transport/request';

/**
 * What happened to one record. `upserted`: written, but OutSmart's existing records were not looked up.
 * `merged`: another item of the run has the same OutSmart key and its record was written (upsert/duplicates.ts).
 */
export type WriteAction = 'created' | 'updated' | 'unchanged' | 'upserted' | 'merged' | 'failed' | 'skipped';

export interface WriteFailure {
	message: string;
	fix: string;
	code?: number;
	/**
	 * Set when the data itself has to change (mapping failed, OutSmart rejected the values). Unset: transient
	 * (network, time-out, OutSmart down, wrong credential): a later run sends the record again.
	 */
	dataProblem?: boolean;
}

export interface UpsertSettings {
	resource: OutSmartResource;
	mappingMode: 'bouwsoft' | 'mapFields';
	/** For Material Category in Map Fields mode: categories or material↔category links. */
	recordType: 'category' | 'materialLink';
	mapping: MappingOptions;
	batchSize: number;
	concurrency: number;
	skipUnchanged: boolean;
	dryRun: boolean;
	/**
	 * Look up OutSmart's existing keys first, to report created vs updated: one GET of the whole OutSmart
	 * table per record kind and run. Off (default): items say "upserted".
	 */
	detectExisting: boolean;
	workOrderLookup: 'auto' | 'perOrder' | 'bulk';
	/** Also send the order's other fields to UpdateWorkorder (undocumented by OutSmart; off by default). */
	updateOrderDetails: boolean;
	retry: RequestPolicy;
	/** What the node changed about the options (e.g. a batch size out of range), shown as hints. */
	notices: string[];
}

/** One OutSmart record to write, with its fate. */
export interface PlannedWrite {
	item: number;
	kind: WriteKind;
	key: string;
	record: IDataObject;
	action?: WriteAction;
	failure?: WriteFailure;
	/** Extra facts for the output (work order row id, the update sent, why nothing was done). */
	details?: IDataObject;
	/** The write of the same kind and key that is sent instead of this one. */
	mergedInto?: PlannedWrite;
}

/** One input item and the records it became. */
export interface ItemPlan {
	index: number;
	sync?: SyncMeta;
	writes: PlannedWrite[];
	warnings: string[];
	/** Set when mapping failed or a write failed. */
	failure?: WriteFailure;
	/** Set when the item needs no write (e.g. a relation without contacts for Contact Person). */
	skipReason?: string;
	unchanged?: boolean;
	hash?: string;
	/** When mapping failed: the OutSmart keys the record would have had (Reconcile keeps those records). */
	claims?: Array<{ kind: WriteKind; key: string }>;
	/** The record shown in the output when mapping failed (the Bouwsoft/mapped input). */
	input?: IDataObject;
}

export interface UpsertSummary {
	created: number;
	updated: number;
	unchanged: number;
	upserted: number;
	merged: number;
	skipped: number;
	failed: number;
	requests: number;
}
