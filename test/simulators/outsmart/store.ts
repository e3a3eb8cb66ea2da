/**
 * In-memory OutSmart data. Master data is keyed by the upsert key (reference §1.7); work orders are a
 * list because a re-posted WorkorderNo may create a second order (option `duplicateWorkorderNo`).
 * Accessors return copies, so a test cannot change the simulator's data by accident.
 */
import { entitySpec, recordKey } from './entities';
import { normaliseValue } from './validation';
import { ENTITY_NAMES } from './types';
import type { EntityName, OutSmartRecord, ResolvedOptions, StoredWorkorder } from './types';

interface StoredRow {
	/** OutSmart's internal row id (DeleteEntity key `db_row`). */
	dbRow: number;
	record: OutSmartRecord;
	/** How many accepted POST rows wrote this key (1 = created only). */
	writes: number;
}

export type UpsertResult = 'created' | 'updated';

const copy = <T>(value: T): T => structuredClone(value);

export class OutSmartStore {
	private tables = new Map<EntityName, Map<string, StoredRow>>();
	private orders: StoredWorkorder[] = [];
	private nextDbRow = 1;
	private nextRowId: number;

	constructor(private readonly options: () => ResolvedOptions) {
		this.nextRowId = options().firstRowId;
		for (const name of ENTITY_NAMES) this.tables.set(name, new Map());
	}

	// ── master data: read ────────────────────────────────────────────────────────────────────────

	/** Current records of an entity by upsert key (composite keys joined with '|'). */
	byKey(entity: EntityName): Map<string, OutSmartRecord> {
		return new Map([...this.table(entity)].map(([key, row]) => [key, copy(row.record)]));
	}

	list(entity: EntityName): OutSmartRecord[] {
		return [...this.table(entity).values()].map((row) => copy(row.record));
	}

	get(entity: EntityName, key: string): OutSmartRecord | undefined {
		const row = this.table(entity).get(key);
		return row ? copy(row.record) : undefined;
	}

	has(entity: EntityName, key: string): boolean {
		return this.table(entity).has(key);
	}

	/** How often a key was written (0 = never). Lets tests see that an unchanged record was not re-sent. */
	writes(entity: EntityName, key: string): number {
		return this.table(entity).get(key)?.writes ?? 0;
	}

	count(entity: EntityName): number {
		return this.table(entity).size;
	}

	get employees() { return this.byKey('employees'); }
	get materials() { return this.byKey('materials'); }
	get categories() { return this.byKey('categories'); }
	get material_categories() { return this.byKey('material_categories'); }
	get warehouses() { return this.byKey('warehouses'); }
	get hourtypes() { return this.byKey('hourtypes'); }
	get relations() { return this.byKey('relations'); }
	get contactpersons() { return this.byKey('contactpersons'); }
	get addresses() { return this.byKey('addresses'); }
	get projects() { return this.byKey('projects'); }
	get project_activities() { return this.byKey('project_activities'); }

	// ── master data: write ───────────────────────────────────────────────────────────────────────

	/** Inserts or updates by key; `value` must already be validated and normalised. */
	upsert(entity: EntityName, value: OutSmartRecord): UpsertResult {
		const spec = entitySpec(entity);
		const key = recordKey(spec, value);
		const table = this.table(entity);
		const existing = table.get(key);
		if (!existing) {
			table.set(key, { dbRow: this.nextDbRow++, record: copy(value), writes: 1 });
			return 'created';
		}
		const keep = this.options().omittedFieldsOnUpdate === 'keep';
		existing.record = keep ? { ...existing.record, ...copy(value) } : copy(value);
		existing.writes++;
		return 'updated';
	}

	/** Puts records in place as if posted earlier (no validation, values normalised to strings). */
	seed(entity: EntityName, records: OutSmartRecord[]): void {
		for (const record of records) this.upsert(entity, normaliseValue(record) as OutSmartRecord);
	}

	/** Deletes rows whose record (or db_row) matches; returns the number deleted. */
	deleteWhere(entity: EntityName, match: (record: OutSmartRecord, dbRow: number) => boolean): number {
		const table = this.table(entity);
		let deleted = 0;
		for (const [key, row] of [...table]) {
			if (match(row.record, row.dbRow)) {
				table.delete(key);
				deleted++;
			}
		}
		return deleted;
	}

	// ── work orders ──────────────────────────────────────────────────────────────────────────────

	/** All work orders in creation order, duplicates included. */
	get workorders(): StoredWorkorder[] {
		return this.orders.map(copy);
	}

	workordersByNo(workorderNo: string): StoredWorkorder[] {
		return this.orders.filter((order) => order.WorkorderNo === workorderNo).map(copy);
	}

	workorder(rowId: number): StoredWorkorder | undefined {
		const order = this.orders.find((candidate) => candidate.row_id === rowId);
		return order ? copy(order) : undefined;
	}

	/** Adds a work order and assigns its row_id; returns the live record (for handlers). */
	insertWorkorder(fields: OutSmartRecord, creationDate: string): StoredWorkorder {
		const rowId = this.nextRowId++;
		const order: StoredWorkorder = {
			...fields,
			row_id: rowId,
			id: String(rowId),
			WorkorderNo: String(fields.WorkorderNo),
			status: 'Klaargezet',
			CreationDate: creationDate,
			Archived: '0',
			WorkFinished: '0',
		};
		this.orders.push(order);
		return order;
	}

	/** Live work-order records for the handlers (not copies). */
	liveWorkorders(): StoredWorkorder[] {
		return this.orders;
	}

	/** Test control: change an order as the app would (e.g. status 'Compleet'). */
	patchWorkorder(rowId: number, patch: Partial<StoredWorkorder>): void {
		const order = this.orders.find((candidate) => candidate.row_id === rowId);
		if (!order) throw new Error(`No work order with row_id ${rowId}`);
		const { row_id: _ignored, ...rest } = patch;
		Object.assign(order, rest);
	}

	deleteWorkorders(match: (order: StoredWorkorder) => boolean): number {
		const before = this.orders.length;
		this.orders = this.orders.filter((order) => !match(order));
		return before - this.orders.length;
	}

	clear(): void {
		for (const table of this.tables.values()) table.clear();
		this.orders = [];
		this.nextDbRow = 1;
		this.nextRowId = this.options().firstRowId;
	}

	private table(entity: EntityName): Map<string, StoredRow> {
		const table = this.tables.get(entity);
		if (!table) throw new Error(`Unknown OutSmart entity: ${entity}`);
		return table;
	}
}
