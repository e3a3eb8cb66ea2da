import type { IDataObject } from 'n8n-workflow';

import { kindLabel, WRITE_KINDS, type WriteKind } from '../schema';
import { splitOurLink, type Ownership } from './ownership';
import type { BrakeCheck, Removal, RemovalAction } from './types';

/**
 * Which OutSmart records of ours no input item wants any more, what may be done to each, and the safety
 * brake. No requests here: remove.ts carries the plan out.
 */

/** The flag that switches a record off in OutSmart, per kind (reference §3.13); kinds without one can only be deleted. */
export const ACTIVE_FLAG: Partial<Record<WriteKind, string>> = {
	employees: 'active',
	hourtypes: 'active',
	relations: 'active',
	projects: 'active',
	categories: 'cat_display',
};

/**
 * DeleteEntity's entity and key per kind (reference §3.13). OutSmart documents no delete for warehouses and
 * project activities: Reconcile reports those, so a dry run says exactly what the real run does.
 */
export const DELETE_ENTITY: Partial<Record<WriteKind, { entity: string; key: string }>> = {
	employees: { entity: 'employee', key: 'number' },
	materials: { entity: 'material', key: 'code' },
	categories: { entity: 'category', key: 'code' },
	material_categories: { entity: 'material_category', key: 'mct_mat_code' },
	hourtypes: { entity: 'hourtype', key: 'code' },
	relations: { entity: 'relation', key: 'debtor_number' },
	contactpersons: { entity: 'contactperson', key: 'code' },
	projects: { entity: 'project', key: 'code' },
	workorders: { entity: 'workorder', key: 'db_row' },
};

/** Work orders a technician has not picked up yet: the only ones Reconcile may delete (no status: unknown, kept). */
const NOT_STARTED = ['klaargezet'];

export function inactive(row: IDataObject, flag: string): boolean {
	const value = String(row[flag] ?? '').trim().toLowerCase();
	return value === '0' || value === 'false';
}

export interface RemovalInput {
	kinds: WriteKind[];
	/** OutSmart's records per kind, by key. */
	tables: Map<WriteKind, Map<string, IDataObject>>;
	/** Keys the input items want (or claim, when their mapping failed), per kind. */
	wanted: Map<WriteKind, Set<string>>;
	ownership: Ownership;
	action: RemovalAction;
	/** How many Bouwsoft records came in, for the reason text. */
	inputCount: number;
	/** The kind an item of the resource primarily becomes; the others are its children. */
	primary: WriteKind;
	/** Work orders: every order per number OutSmart holds more than once. */
	sameKey?: Map<string, IDataObject[]>;
}

function reasonFor(kind: WriteKind, input: RemovalInput): string {
	if (kind === input.primary) {
		return `Not among the ${input.inputCount} Bouwsoft records read: deleted in Bouwsoft, or no longer selected by the filters`;
	}
	if (kind === 'material_categories') return 'The material is no longer in this Bouwsoft list or group';
	return `No Bouwsoft record read has this ${WRITE_KINDS[kind].label} any more`;
}

/** The status OutSmart gives a work order, trimmed. */
export function orderStatus(row: IDataObject): string {
	return String(row.status ?? row.Status ?? '').trim();
}

/** Why an order may not be deleted now, or undefined when every order of the number is still Klaargezet. */
export function orderInUse(rows: IDataObject[]): string | undefined {
	const busy = rows.find((row) => !NOT_STARTED.includes(orderStatus(row).toLowerCase()));
	if (!busy) return undefined;
	const status = orderStatus(busy);
	return status ? `the work order is "${status}" in OutSmart (a technician has it)` : 'OutSmart gave no status for the work order';
}

type Decision = Pick<Removal, 'action' | 'reason' | 'status'>;

/** The materials that have category links not to one of our categories (made in OutSmart): one pass over the links. */
function materialsWithUserLinks(links: Map<string, IDataObject> | undefined): Set<string> {
	const materials = new Set<string>();
	for (const [key, row] of links ?? []) if (!splitOurLink(key)) materials.add(String(row.mct_mat_code ?? ''));
	return materials;
}

function decide(kind: WriteKind, key: string, row: IDataObject, input: RemovalInput, userLinked: () => Set<string>): Decision {
	const action = input.action;
	if (action === 'report') return { action: 'report', reason: '' };
	if (kind === 'material_categories') {
		// A link of a material that is gone follows its material; a link of a material Bouwsoft still has moved.
		const material = String(row.mct_mat_code ?? splitOurLink(key)?.material ?? '');
		const materialGone = !(input.wanted.get('materials')?.has(material) ?? true);
		if (materialGone && action !== 'delete') return { action: 'report', reason: 'its material stays in OutSmart' };
		if (!materialGone && userLinked().has(material)) {
			// OutSmart deletes links only all at once: the user's links would have to be posted back, and could be lost.
			return { action: 'report', reason: 'the material also has category links made in OutSmart, and OutSmart deletes links only all at once: remove the old link in OutSmart' };
		}
		return { action: 'delete', reason: '' };
	}
	if (kind === 'workorders') {
		const busy = orderInUse(input.sameKey?.get(key) ?? [row]);
		if (busy) return { action: 'keep', reason: `${busy}; left as it is` };
		if (action === 'deactivate') return { action: 'report', reason: 'OutSmart work orders have no active flag; choose Delete to remove orders not picked up yet' };
		return { action: 'delete', reason: '' };
	}
	if (action === 'deactivate') {
		const flag = ACTIVE_FLAG[kind];
		if (!flag) return { action: 'report', reason: `OutSmart ${kindLabel(kind)} have no active flag; choose Delete to remove them` };
		return inactive(row, flag) ? { action: 'deactivate', reason: '', status: 'alreadyInactive' } : { action: 'deactivate', reason: '' };
	}
	if (!DELETE_ENTITY[kind]) return { action: 'report', reason: `OutSmart's API documents no delete for ${kindLabel(kind)}: remove it in OutSmart` };
	return { action: 'delete', reason: '' };
}

/** Every OutSmart record of ours that no input item wants, children before parents (the order of removal). */
export function planRemovals(input: RemovalInput): Removal[] {
	const removals: Removal[] = [];
	let userLinked: Set<string> | undefined;
	const materialsUserLinked = () => (userLinked ??= materialsWithUserLinks(input.tables.get('material_categories')));
	for (const kind of input.kinds) {
		const table = input.tables.get(kind);
		if (!table) continue;
		const wanted = input.wanted.get(kind) ?? new Set<string>();
		for (const [key, row] of table) {
			if (wanted.has(key) || !input.ownership.isOurs(kind, key)) continue;
			const decision = decide(kind, key, row, input, materialsUserLinked);
			const why = reasonFor(kind, input);
			const rows = kind === 'workorders' ? input.sameKey?.get(key) : undefined;
			removals.push({ kind, key, row, ...decision, reason: decision.reason ? `${why}; ${decision.reason}` : why, ...(rows ? { rows } : {}) });
		}
	}
	keepParentsOfStayingChildren(removals, input);
	return orderForRemoval(removals);
}

/** The OutSmart records that point at a parent record: activities and the P- order of a project, contacts of a relation. */
function childrenOf(kind: WriteKind, key: string, tables: RemovalInput['tables']): Array<{ kind: WriteKind; key: string }> {
	const children: Array<{ kind: WriteKind; key: string }> = [];
	const collect = (childKind: WriteKind, field: string) => {
		for (const [childKey, row] of tables.get(childKind) ?? []) if (String(row[field] ?? '') === key) children.push({ kind: childKind, key: childKey });
	};
	if (kind === 'projects') {
		collect('project_activities', 'pra_pro_code');
		if (tables.get('workorders')?.has(`P-${key}`)) children.push({ kind: 'workorders', key: `P-${key}` });
	}
	if (kind === 'relations') collect('contactpersons', 'cpn_debtor_nr');
	return children;
}

/**
 * A parent is deleted only when all its children go with it (a work order a technician has, an activity
 * OutSmart cannot delete, a contact person made in OutSmart): otherwise it is deactivated instead, so no
 * OutSmart record is left pointing at a record that is gone.
 */
function keepParentsOfStayingChildren(removals: Removal[], input: RemovalInput): void {
	const deleted = new Set(removals.filter((r) => r.action === 'delete').map((r) => `${r.kind}:${r.key}`));
	for (const removal of removals) {
		if (removal.action !== 'delete') continue;
		const staying = childrenOf(removal.kind, removal.key, input.tables).filter((child) => !deleted.has(`${child.kind}:${child.key}`));
		if (staying.length === 0) continue;
		const names = staying.slice(0, 3).map((child) => `${WRITE_KINDS[child.kind].label} ${child.key}`).join(', ') + (staying.length > 3 ? ` and ${staying.length - 3} more` : '');
		const flag = ACTIVE_FLAG[removal.kind] as string;
		removal.action = 'deactivate';
		removal.reason = `${removal.reason}; deactivated instead of deleted: ${names} stay${staying.length === 1 ? 's' : ''} in OutSmart`;
		if (inactive(removal.row, flag)) removal.status = 'alreadyInactive';
	}
}

/**
 * OutSmart records no input item wants that are not known as ours, per kind: made in OutSmart, or gone from
 * Bouwsoft before this node learned them. Left alone; the run hint counts them.
 */
export function unownedCounts(input: Pick<RemovalInput, 'kinds' | 'tables' | 'wanted' | 'ownership'>): Map<WriteKind, number> {
	const counts = new Map<WriteKind, number>();
	for (const kind of input.kinds) {
		const wanted = input.wanted.get(kind) ?? new Set<string>();
		let n = 0;
		for (const key of input.tables.get(kind)?.keys() ?? []) if (!wanted.has(key) && !input.ownership.isOurs(kind, key)) n++;
		if (n) counts.set(kind, n);
	}
	return counts;
}

/** Children before parents: later write phases first; deeper categories before their parents. */
export function orderForRemoval(removals: Removal[]): Removal[] {
	const categoryDepth = depthsOf(removals.filter((r) => r.kind === 'categories'));
	return [...removals].sort(
		(a, b) =>
			WRITE_KINDS[b.kind].phase - WRITE_KINDS[a.kind].phase ||
			(categoryDepth.get(b.key) ?? 0) - (categoryDepth.get(a.key) ?? 0),
	);
}

function depthsOf(categories: Removal[]): Map<string, number> {
	const parent = new Map(categories.map((r) => [r.key, String(r.row.cat_cat_code ?? '')]));
	const depth = new Map<string, number>();
	for (const { key } of categories) {
		let d = 0;
		const seen = new Set<string>();
		for (let at = parent.get(key); at && parent.has(at) && !seen.has(at); at = parent.get(at)) {
			seen.add(at);
			d++;
		}
		depth.set(key, d);
	}
	return depth;
}

/** Removals that change OutSmart (the brake counts them): deletes and deactivations of active records. */
export function isDestructive(removal: Removal): boolean {
	return (removal.action === 'delete' || removal.action === 'deactivate') && removal.status !== 'alreadyInactive';
}

/**
 * The safety brake, per record kind: the share of our OutSmart records the run would delete or deactivate.
 * Material links are repaired, not counted: a product moved to another group moves its link.
 */
export function checkBrake(removals: Removal[], input: Pick<RemovalInput, 'kinds' | 'tables' | 'ownership'>, brakePercent: number): BrakeCheck[] {
	const checks: BrakeCheck[] = [];
	for (const kind of input.kinds) {
		if (kind === 'material_categories') continue;
		const count = removals.filter((r) => r.kind === kind && isDestructive(r)).length;
		if (count === 0) continue;
		let ours = 0;
		for (const key of input.tables.get(kind)?.keys() ?? []) if (input.ownership.isOurs(kind, key)) ours++;
		const percent = ours ? (count / ours) * 100 : 100;
		// Whole numbers: 7 of 100 at 7 % must not trip on a rounding error.
		checks.push({ kind, ours, removals: count, percent, tripped: ours ? count * 100 > brakePercent * ours : true });
	}
	return checks;
}

/** When the brake trips for any kind, the whole category keeps its records: every destructive removal is held. */
export function applyBrake(removals: Removal[], checks: BrakeCheck[], brakePercent: number): void {
	const tripped = checks.filter((check) => check.tripped);
	if (!tripped.length) return;
	const why = tripped
		.map((check) => `${check.removals} of ${check.ours} ${kindLabel(check.kind)} (${check.percent.toFixed(1)}%)`)
		.join(', ');
	for (const removal of removals) {
		if (!isDestructive(removal)) continue;
		removal.reason = `${removal.reason}; held by the safety brake: ${why} would be removed, more than ${brakePercent}%`;
		removal.held = removal.action as 'delete' | 'deactivate';
		removal.action = 'hold';
	}
}
