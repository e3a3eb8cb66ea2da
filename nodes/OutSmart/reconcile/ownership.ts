import type { IDataObject } from 'n8n-workflow';

import type { ImportCategory } from '../../shared/types';
import type { WriteKind } from '../schema';
import type { OwnershipMode } from './types';

/**
 * Which OutSmart records came from Bouwsoft, so Reconcile never touches one a user made in OutSmart.
 *
 * - Kinds whose keys we make up carry their origin in the key: categories `L:`/`G:`, contact persons `C-`,
 *   project activities `PH-`/`AC-`, work orders `A-` (assignments) / `P-` (projects), material links to one of
 *   our categories.
 * - The other kinds use the Bouwsoft key as it is (employee number, article number, client number…), which a
 *   user may also type in OutSmart. For them Reconcile keeps a ledger: every key it has seen on both sides at
 *   once (or written itself). Only a ledger key can later be removed, so a record deleted in Bouwsoft before
 *   the first Reconcile is reported, never removed, unless the user says that every record of the kind comes
 *   from Bouwsoft (mode `all`).
 *
 * Keys that are neither are left alone (a record deleted in Bouwsoft before the first run cannot be told apart
 * from one made in OutSmart); the run hint counts them. A category link is ours when its category is ours
 * and its material is (in Bouwsoft, or learned).
 *
 * The ledger is the node's static data (the only owner of its format: this file). n8n saves it after every
 * production run, in regular and queue mode, and not after a manual run (which still reads it); it only ever
 * holds keys that OutSmart has, so a run that stops half-way or a dry run leaves nothing wrong behind.
 */

const LEDGER_FIELD = 'reconcileLedger';
const LEDGER_VERSION = 1;

interface StoredLedger {
	version: number;
	/** Per record kind, the keys joined by newlines (a compact JSON string instead of an array of 100,000). */
	keys: Partial<Record<WriteKind, string>>;
}

const OUR_CATEGORY = /^[LG]:/;

/**
 * A category link key `<material>|<category>` split at its category half when that is one of our categories
 * (a material code may itself hold a "|"); undefined for a link to a category made in OutSmart.
 */
export function splitOurLink(key: string): { material: string; category: string } | undefined {
	const at = key.search(/\|[LG]:/);
	return at < 0 ? undefined : { material: key.slice(0, at), category: key.slice(at + 1) };
}

/** Keys that say they are ours; undefined for kinds whose keys say nothing (those use the ledger). */
export function ownedByShape(kind: WriteKind, key: string, categories: ImportCategory[]): boolean | undefined {
	switch (kind) {
		case 'categories':
			return OUR_CATEGORY.test(key);
		case 'material_categories':
			// `<material>|<category>`; a material code may itself hold a "|".
			return splitOurLink(key) !== undefined;
		case 'contactpersons':
			return key.startsWith('C-');
		case 'project_activities':
			return key.startsWith('PH-') || key.startsWith('AC-');
		case 'workorders':
			return (categories.includes('assignments') && key.startsWith('A-')) || (categories.includes('projects') && key.startsWith('P-'));
		default:
			return undefined;
	}
}

export class Ownership {
	private readonly ledger = new Map<WriteKind, Set<string>>();

	constructor(
		private readonly staticData: IDataObject,
		private readonly mode: OwnershipMode,
		private readonly categories: ImportCategory[],
		/** Keys the Bouwsoft input holds per kind (a link is ours only when its material is). */
		private readonly present: Map<WriteKind, Set<string>> = new Map(),
	) {
		const stored = staticData[LEDGER_FIELD] as StoredLedger | undefined;
		if (stored && typeof stored === 'object' && stored.version === LEDGER_VERSION && stored.keys && typeof stored.keys === 'object') {
			for (const [kind, joined] of Object.entries(stored.keys)) {
				if (typeof joined === 'string' && joined) this.ledger.set(kind as WriteKind, new Set(joined.split('\n')));
			}
		}
	}

	/** Whether Reconcile may act on this OutSmart record when no input item wants it. */
	isOurs(kind: WriteKind, key: string): boolean {
		const shape = ownedByShape(kind, key, this.categories);
		if (shape === false) return false;
		// A link to one of our categories on a material made in OutSmart is the user's.
		if (kind === 'material_categories') {
			const material = splitOurLink(key)?.material ?? '';
			return (this.present.get('materials')?.has(material) ?? false) || this.isOurs('materials', material);
		}
		if (shape !== undefined) return shape;
		return this.mode === 'all' || (this.ledger.get(kind)?.has(key) ?? false);
	}

	/**
	 * The ledger after a run: of the keys OutSmart holds now (as read, plus what this run wrote), those we knew
	 * and those Bouwsoft also has; keys OutSmart no longer has drop out. A dry run passes what it read only.
	 */
	update(kind: WriteKind, inOutSmart: Iterable<string>, fromBouwsoft: Set<string>, gone: Set<string>): void {
		if (ownedByShape(kind, '', this.categories) !== undefined) return;
		const known = this.ledger.get(kind) ?? new Set<string>();
		const next = new Set<string>();
		for (const key of inOutSmart) {
			if (!gone.has(key) && !key.includes('\n') && (known.has(key) || fromBouwsoft.has(key))) next.add(key);
		}
		this.ledger.set(kind, next);
	}

	/** How many keys the ledger holds for a kind (the run summary shows it). */
	size(kind: WriteKind): number {
		return this.ledger.get(kind)?.size ?? 0;
	}

	save(): void {
		const keys: StoredLedger['keys'] = {};
		for (const [kind, set] of this.ledger) if (set.size) keys[kind] = [...set].join('\n');
		this.staticData[LEDGER_FIELD] = { version: LEDGER_VERSION, keys } satisfies StoredLedger as unknown as IDataObject;
	}
}
