import type { IDataObject } from 'n8n-workflow';

import { evaluateProjectFilter, projectFilterPushDown } from '../rules/projectRules';
import { byNumericId, idList } from './types';
import type { TimestampCategory } from './types';

const ACTIVITY_RESOURCES = { projectPhases: 'ProjectPhases', actualCostItems: 'ActualCostItems' } as const;

/**
 * Bouwsoft Projects, each with its client (Addresses by client_addressid) and optionally its activities
 * (ProjectPhases or ActualCostItems by project_id), so a work order can be built from the item alone.
 * The project filter rules are pushed down as far as the dialect allows and always evaluated locally
 * (after enrichment, because rules may look at the client).
 *
 * Changes of activities: ActualCostItems carry ts_lastupdate, so an edited or new cost item re-sends its
 * project. ProjectPhases have no ts_lastupdate; finding phase edits would mean reading every phase on every
 * poll, so a phase edit reaches OutSmart with the next change of its project (or a full sync with the
 * Bouwsoft node). The trigger shows this as a notice when phases are chosen.
 */
export const projects: TimestampCategory = {
	kind: 'timestamp',
	category: 'projects',
	resource: 'Projects',
	resources: ['Projects', 'Addresses', 'ProjectPhases', 'ActualCostItems'],
	selection: (options, dialect) => projectFilterPushDown(options.projectFilter, dialect),
	enrich: async (records, run) => {
		const activityResource = ACTIVITY_RESOURCES[run.options.activitySource] ?? 'ProjectPhases';
		// Clients and activities are read side by side: two independent chains of pages.
		const [clients, activities] = await Promise.all([
			run.client.byIds('Addresses', idList(records, 'client_addressid')),
			run.options.includeActivities ? run.client.lookup(activityResource, 'project_id', idList(records, 'id')) : undefined,
		]);
		return records.map((record): IDataObject => {
			const enriched: IDataObject = { ...record, client: clients.get(String(record.client_addressid)) ?? null };
			if (activities) enriched.activities = [...(activities.get(String(record.id)) ?? [])].sort(byNumericId);
			return enriched;
		});
	},
	postcheck: (record, options) => {
		const decision = evaluateProjectFilter(record, options.projectFilter);
		return decision.kept ? undefined : `filtered out by the project rules${decision.rule ? ` (${decision.rule})` : ''}`;
	},
	linked: (options) =>
		options.includeActivities && options.activitySource === 'actualCostItems'
			? [{ resource: ACTIVITY_RESOURCES.actualCostItems, parentField: 'project_id' }]
			: [],
	selectionKey: (options) => ({
		projectFilter: options.projectFilter,
		activities: options.includeActivities ? options.activitySource : false,
	}),
};
