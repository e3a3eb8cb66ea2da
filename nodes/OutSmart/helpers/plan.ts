import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { SYNC_META_FIELD, type SyncMeta } from '../../shared/types';
import {
	MAPPERS,
	RecordBuilder,
	categoryOf,
	describeProblems,
	problemMessage,
	type MappingContext,
	type MappingProblem,
} from '../mapping';
import type { ItemPlan, PlannedWrite, UpsertSettings } from './interfaces';
import { RESOURCES, WRITE_KINDS, keyOf, type OutSmartResource, type WriteKind } from './resources';

/** The record kinds a resource writes, primary first. */
export function kindsOf(settings: Pick<UpsertSettings, 'resource' | 'mappingMode' | 'recordType'>): WriteKind[] {
	const { resource } = settings;
	if (settings.mappingMode === 'mapFields') {
		if (resource === 'materialCategory') {
			return [settings.recordType === 'materialLink' ? 'material_categories' : 'categories'];
		}
		return [RESOURCES[resource].primary];
	}
	switch (resource) {
		case 'material':
			return ['materials', 'material_categories'];
		case 'relation':
			return ['relations', 'contactpersons'];
		case 'project':
			return ['projects', 'project_activities', 'workorders'];
		default:
			return [RESOURCES[resource].primary];
	}
}

const CATEGORY_RESOURCE: Record<string, OutSmartResource> = {
	employees: 'employee',
	materials: 'material',
	categories: 'materialCategory',
	warehouses: 'warehouse',
	hourTypes: 'hourType',
	relations: 'relation',
	projects: 'project',
	assignments: 'workOrder',
};

function syncOf(json: IDataObject): SyncMeta | undefined {
	const sync = json[SYNC_META_FIELD] as SyncMeta | undefined;
	return sync && typeof sync === 'object' && typeof sync.id === 'string' && typeof sync.category === 'string'
		? sync
		: undefined;
}

/** Required OutSmart fields that are empty in a record, as a failure message. */
export function missingRequired(kind: WriteKind, record: IDataObject): string[] {
	return WRITE_KINDS[kind].fields
		.filter((field) => field.required)
		.filter((field) => {
			const value = record[field.id];
			return value === undefined || value === null || String(value).trim() === '';
		})
		.map((field) => field.id);
}

/** Turn every input item into the OutSmart records it becomes (no requests). */
export function planItems(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	settings: UpsertSettings,
): ItemPlan[] {
	const kinds = kindsOf(settings);
	const mappingContext: MappingContext = { options: settings.mapping, wants: (kind) => kinds.includes(kind) };
	const resourceSpec = RESOURCES[settings.resource];
	return items.map((item, index) => {
		const json = item.json ?? {};
		const plan: ItemPlan = { index, sync: syncOf(json), writes: [], warnings: [] };
		if (settings.mappingMode === 'mapFields') {
			const { record, problems } = mappedFields(ctx, index, json, kinds[0], plan.warnings);
			plan.input = record;
			if (problems.length) {
				plan.failure = {
					message: problemMessage(problems),
					fix: 'Map a shorter value: OutSmart keys are never cut, since a cut key could merge two records.',
					dataProblem: true,
				};
				return plan;
			}
			plan.writes.push({ item: index, kind: kinds[0], key: keyOf(kinds[0], record), record });
		} else {
			const category = categoryOf(json, resourceSpec.categories);
			if (!category || !resourceSpec.categories.includes(category)) {
				const suggestion = category ? CATEGORY_RESOURCE[category] : undefined;
				plan.input = stripSync(json);
				plan.failure = {
					message: category
						? `This item is a Bouwsoft "${category}" record, but the node's Resource is "${resourceSpec.name}"`
						: `This item is not a Bouwsoft record the "${resourceSpec.name}" resource understands`,
					fix: suggestion
						? `Set Resource to "${RESOURCES[suggestion].name}", or set Mapping to "Map Fields".`
						: 'Connect a Bouwsoft Trigger or Bouwsoft node of the matching category, or set Mapping to "Map Fields".',
				};
				return plan;
			}
			// The mappers read named fields only, so `_sync` can stay: no copy per record.
			const mapped = MAPPERS[category](json, mappingContext);
			if (mapped.warnings.length) plan.warnings.push(...mapped.warnings);
			if (!mapped.ok) {
				plan.input = stripSync(json);
				plan.failure = { message: problemMessage(mapped.problems), fix: describeProblems(mapped.problems), dataProblem: true };
				return plan;
			}
			for (const write of mapped.writes) plan.writes.push({ item: index, ...write });
			if (plan.writes.length === 0) {
				plan.skipReason = `Nothing to write for "${resourceSpec.name}" from this record`;
				return plan;
			}
		}
		for (const write of plan.writes) {
			const missing = missingRequired(write.kind, write.record);
			if (missing.length) {
				plan.failure = {
					message: `The ${WRITE_KINDS[write.kind].label} ${write.key || '(no key)'} misses required OutSmart field${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}`,
					fix:
						settings.mappingMode === 'mapFields'
							? 'Map a value for each required field (marked in the field list).'
							: 'Fill the matching Bouwsoft fields or the node defaults.',
					dataProblem: true,
				};
				break;
			}
		}
		return plan;
	});
}

function stripSync(json: IDataObject): IDataObject {
	const rest = { ...json };
	delete rest[SYNC_META_FIELD];
	return rest;
}

/** A record from the Map Fields resource mapper (defined below, or the input's matching fields). */
function mappedFields(
	ctx: IExecuteFunctions,
	index: number,
	json: IDataObject,
	kind: WriteKind,
	warnings: string[],
): { record: IDataObject; problems: MappingProblem[] } {
	const mode = ctx.getNodeParameter('columns.mappingMode', index, 'defineBelow') as string;
	const known = WRITE_KINDS[kind].fields.map((field) => field.id);
	const source =
		mode === 'autoMapInputData'
			? json
			: ((ctx.getNodeParameter('columns.value', index, {}, { skipValidation: true }) as IDataObject) ?? {});
	const builder = new RecordBuilder(kind, warnings, `Item ${index}`);
	for (const [field, value] of Object.entries(source)) {
		if (!known.includes(field)) continue;
		if (typeof value === 'boolean') builder.set(field, value ? 1 : 0);
		else if (typeof value === 'number') builder.set(field, value);
		else if (typeof value === 'string') builder.set(field, value.trim());
	}
	return { record: builder.record, problems: builder.problems };
}

/** Every planned write, grouped by record kind in item order (built once per run). */
export function writesByKind(plans: ItemPlan[]): Map<WriteKind, PlannedWrite[]> {
	const byKind = new Map<WriteKind, PlannedWrite[]>();
	for (const plan of plans) {
		for (const write of plan.writes) {
			const list = byKind.get(write.kind);
			if (list) list.push(write);
			else byKind.set(write.kind, [write]);
		}
	}
	return byKind;
}
