/**
 * In-memory tables per resource, each kept in ascending id order. Writes replace the record object (the
 * old one stays unchanged for whoever holds it) and stamp `ts_lastupdate` from the simulator clock, at
 * one-second precision, in the simulator's zone — so a test can create equal-timestamp ties on purpose.
 */
import { formatTimestamp } from './clock';
import { completeRecord, hasTimestamp, isCompleteRecord, resolveResource } from './schema';
import { BOUWSOFT_RESOURCES, type BouwsoftRecord, type BouwsoftResource, type BouwsoftTables, type SimClock } from './types';

export class BouwsoftStore {
	private readonly tables = new Map<BouwsoftResource, BouwsoftRecord[]>();
	private readonly versions = new Map<BouwsoftResource, number>();

	constructor(
		private readonly clock: SimClock,
		readonly timeZone: string,
		initial: Partial<BouwsoftTables> = {},
	) {
		for (const resource of BOUWSOFT_RESOURCES) this.replaceAll(resource, initial[resource] ?? []);
	}

	/** The live table in id order. Treat as read-only; use the write methods to change it. */
	all(resource: BouwsoftResource | string): readonly BouwsoftRecord[] {
		return this.table(resource);
	}

	get(resource: BouwsoftResource | string, id: number): BouwsoftRecord | undefined {
		const table = this.table(resource);
		const index = findIndex(table, id);
		return index >= 0 ? table[index] : undefined;
	}

	count(resource: BouwsoftResource | string): number {
		return this.table(resource).length;
	}

	/** Increases on every write to the table (lets the server cache sorted views). */
	version(resource: BouwsoftResource | string): number {
		return this.versions.get(canonical(resource)) ?? 0;
	}

	/** The simulator clock as a ts_lastupdate string. */
	timestamp(): string {
		return formatTimestamp(this.clock.now(), this.timeZone);
	}

	/** Add a record; id defaults to max+1; ts_lastupdate defaults to the clock. */
	insert(resource: BouwsoftResource | string, values: Partial<BouwsoftRecord> = {}): BouwsoftRecord {
		const name = canonical(resource);
		const table = this.table(name);
		const id = values.id ?? (table.length ? table[table.length - 1].id + 1 : 1);
		if (findIndex(table, id) >= 0) throw new Error(`${name} ${id} already exists`);
		const stamp = hasTimestamp(name) && values.ts_lastupdate === undefined ? { ts_lastupdate: this.timestamp() } : {};
		const record = completeRecord(name, { ...values, ...stamp, id });
		table.splice(insertionPoint(table, id), 0, record);
		this.bump(name);
		return record;
	}

	/** Change fields of a record; ts_lastupdate is set from the clock unless the patch gives one. */
	update(resource: BouwsoftResource | string, id: number, patch: Partial<BouwsoftRecord> = {}): BouwsoftRecord {
		const name = canonical(resource);
		const table = this.table(name);
		const index = findIndex(table, id);
		if (index < 0) throw new Error(`${name} ${id} does not exist`);
		const stamp = hasTimestamp(name) && patch.ts_lastupdate === undefined ? { ts_lastupdate: this.timestamp() } : {};
		const record = completeRecord(name, { ...table[index], ...patch, ...stamp, id });
		table[index] = record;
		this.bump(name);
		return record;
	}

	/** Update with no field changes: only ts_lastupdate moves (what any edit in Bouwsoft does). */
	touch(resource: BouwsoftResource | string, id: number): BouwsoftRecord {
		return this.update(resource, id);
	}

	remove(resource: BouwsoftResource | string, id: number): boolean {
		const table = this.table(resource);
		const index = findIndex(table, id);
		if (index < 0) return false;
		table.splice(index, 1);
		this.bump(canonical(resource));
		return true;
	}

	/** Replace a whole table (records completed with blank values, sorted by id). */
	replaceAll(resource: BouwsoftResource | string, records: ReadonlyArray<Partial<BouwsoftRecord>>): void {
		const name = canonical(resource);
		const complete = records.map((r, i) => (isCompleteRecord(name, r) ? r : completeRecord(name, { ...r, id: r.id ?? i + 1 })));
		const sorted = isSortedById(complete) ? complete : complete.sort((a, b) => a.id - b.id);
		for (let i = 1; i < sorted.length; i++) {
			if (sorted[i].id === sorted[i - 1].id) throw new Error(`Duplicate ${name} id ${sorted[i].id}`);
		}
		this.tables.set(name, sorted);
		this.bump(name);
	}

	private bump(resource: BouwsoftResource): void {
		this.versions.set(resource, (this.versions.get(resource) ?? 0) + 1);
	}

	private table(resource: BouwsoftResource | string): BouwsoftRecord[] {
		return this.tables.get(canonical(resource)) as BouwsoftRecord[];
	}
}

function canonical(resource: string): BouwsoftResource {
	const name = resolveResource(resource);
	if (!name) throw new Error(`Unknown Bouwsoft resource ${resource}`);
	return name;
}

function isSortedById(records: BouwsoftRecord[]): boolean {
	for (let i = 1; i < records.length; i++) if (records[i].id < records[i - 1].id) return false;
	return true;
}

/** Binary search; -1 when absent. */
function findIndex(table: BouwsoftRecord[], id: number): number {
	const index = insertionPoint(table, id);
	return table[index]?.id === id ? index : -1;
}

function insertionPoint(table: BouwsoftRecord[], id: number): number {
	let lo = 0;
	let hi = table.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (table[mid].id < id) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}
