import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { groupBy } from '../../shared/groupBy';
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
import type { ItemPlan, PlannedWrite, UpsertSettings } from './types';
import { WRITE_KINDS, recordKey, resourceForCategory, resourceSpec, type WriteKind } from '../schema';

/** The record kinds a resource writes, primary first. */
export function kindsOf(settings: Pick<UpsertSettings, 'resource' | 'mappingMode' | 'recordType'>): WriteKind[] {
	const spec = resourceSpec(settings.resource);
	if (settings.mappingMode === 'bouwsoft') return spec.writes;
	if (settings.resource === 'materialCategory' && settings.recordType === 'materialLink') return ['material_categories'];
	return [spec.primary];
}

function syncOf(json: IDataObject): SyncMeta | undefined {
	const sync = json[SYNC_META_FIELD] as SyncMeta | undefined;
	return sync && typeof sync === 'object' && typeof sync.id === 'string' && typeof sync.category === 'string'
		? sync
		: undefined;
}

/** Required OutSmart fields that are empty in a record, as a failure message. */
function missingRequired(kind: WriteKind, record: IDataObject): string[] {
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
	const spec = resourceSpec(settings.resource);
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
			plan.writes.push({ item: index, kind: kinds[0], key: recordKey(kinds[0], record), record });
		} else {
			const category = categoryOf(json, spec.categories);
			if (!category || !spec.categories.includes(category)) {
				const suggestion = category ? resourceForCategory(category) : undefined;
				plan.input = stripSync(json);
				plan.failure = {
					message: category
						? `This item is a Bouwsoft "${category}" record, but the node's Resource is "${spec.name}"`
						: `This item is not a Bouwsoft record the "${spec.name}" resource understands`,
					fix: suggestion
						? `Set Resource to "${resourceSpec(suggestion).name}", or set Mapping to "Map Fields".`
						: 'Connect a Bouwsoft Trigger or Bouwsoft node of the matching category, or set Mapping to "Map Fields".',
				};
				return plan;
			}
			// The mappers read named fields only, so `_sync` can stay: no copy per record.
			const mapped = MAPPERS[category](json, mappingContext);
			if (mapped.warnings.length) plan.warnings.push(...mapped.warnings);
			if (!mapped.ok) {
				plan.claims = mapped.claims;
				plan.input = stripSync(json);
				plan.failure = { message: problemMessage(mapped.problems), fix: describeProblems(mapped.problems), dataProblem: true };
				return plan;
			}
			for (const write of mapped.writes) plan.writes.push({ item: index, ...write });
			if (plan.writes.length === 0) {
				plan.skipReason = `Nothing to write for "${spec.name}" from this record`;
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
	return groupBy(
		plans.flatMap((plan) => plan.writes),
		(write) => write.kind,
	);
}
