/**
 * GET DeleteEntity (reference §3.13): `delete_all`, `entity`, `key`, `value`; answers the number of
 * affected rows. Entities OutSmart lists but the simulator does not store (objects, vehicles, …) always
 * delete 0 rows. Warehouses and project activities are not in OutSmart's list; option
 * `extraDeleteEntities` adds them (key `code`).
 */
import { fail, ok } from './envelope';
import type { Handler, HandlerContext } from './envelope';
import { booleanParam } from './filters';
import type { EntityName, OutSmartRecord } from './types';

interface DeletableEntity {
	/** Stored entity, or null for entities the simulator does not keep. */
	entity: EntityName | null;
	/** Allowed key → stored field ('db_row' = internal row id). */
	keys: Record<string, string>;
}

const DELETABLE: Record<string, DeletableEntity> = {
	employee: { entity: 'employees', keys: { db_row: 'db_row', number: 'number' } },
	material: { entity: 'materials', keys: { db_row: 'db_row', code: 'code', description: 'description' } },
	relation: { entity: 'relations', keys: { db_row: 'db_row', name: 'name', debtor_number: 'debtor_number' } },
	project: { entity: 'projects', keys: { code: 'code' } },
	hourtype: { entity: 'hourtypes', keys: { code: 'code' } },
	category: { entity: 'categories', keys: { code: 'cat_code' } },
	address: { entity: 'addresses', keys: { code: 'adr_code' } },
	contactperson: { entity: 'contactpersons', keys: { code: 'cpn_code' } },
	material_category: {
		entity: 'material_categories',
		keys: { mct_mat_code: 'mct_mat_code', mct_cat_code: 'mct_cat_code' },
	},
	object: { entity: null, keys: { code: 'code' } },
	location: { entity: null, keys: { identifier: 'identifier' } },
	error: { entity: null, keys: { code: 'code' } },
	priority: { entity: null, keys: { code: 'code' } },
	solution: { entity: null, keys: { code: 'code' } },
	region: { entity: null, keys: { code: 'code' } },
	vehicle: { entity: null, keys: { license_plate: 'license_plate' } },
	object_part: { entity: null, keys: { obj_code: 'obj_code', prt_code: 'prt_code', serial_number: 'serial_number' } },
};

const EXTRA_DELETABLE: Record<string, DeletableEntity> = {
	warehouse: { entity: 'warehouses', keys: { code: 'wse_code' } },
	project_activity: { entity: 'project_activities', keys: { code: 'pra_code' } },
};

const WORKORDER_KEYS: Record<string, string> = { db_row: 'row_id', workorder_no: 'WorkorderNo', order_no: 'OrderNr' };

function deleteWorkorders(context: HandlerContext, deleteAll: boolean, key: string, value: string) {
	if (deleteAll) return fail(1600, ['Delete all not allowed on Workorder entity']);
	const field = WORKORDER_KEYS[key];
	if (!field) return fail(1600, [`Key: ${key} not allowed for entity: workorder`]);
	const deleted = context.state.store.deleteWorkorders((order) => String(order[field] ?? '') === value);
	return ok(deleted);
}

export const deleteEntity: Handler = (context) => {
	if (context.method !== 'GET') return fail(1001, [`Method ${context.method} not supported on DeleteEntity`]);
	const { query, state } = context;
	if (!query.has('delete_all')) return fail(1600, ['Missing GET parameter: delete_all']);
	const deleteAll = booleanParam(query, 'delete_all', false);
	const entityName = query.get('entity') ?? '';
	const key = query.get('key') ?? '';
	const value = query.get('value') ?? '';
	if (!deleteAll && (key === '' || !query.has('value'))) return fail(1600, ['Missing GET parameter: key or value']);

	if (entityName === 'workorder') return deleteWorkorders(context, deleteAll, key, value);
	const known = DELETABLE[entityName] ?? (state.options.extraDeleteEntities ? EXTRA_DELETABLE[entityName] : undefined);
	if (!known) return fail(1600, [`Entity: ${entityName} not found`]);
	if (!deleteAll && !(key in known.keys)) return fail(1600, [`Key: ${key} not allowed for entity: ${entityName}`]);
	if (!known.entity) return ok(0);

	const field = known.keys[key];
	const matches = (record: OutSmartRecord, dbRow: number) =>
		deleteAll || (field === 'db_row' ? String(dbRow) === value : String(record[field] ?? '') === value);
	const deleted = state.store.deleteWhere(known.entity, matches);
	context.counter.rowsWritten += deleted;
	return ok(deleted);
};
