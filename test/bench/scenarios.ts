/** The three benchmark scenarios: which workflows import them, what changes, how the lower bound is shaped. */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { NodeOverrides } from './config';
import type { WorkflowSpec } from './pipeline';

export type ScenarioName = 'materials' | 'relations' | 'projects';

export interface Scenario {
	name: ScenarioName;
	title: string;
	/** Workflows in import order (parents first); the last one carries the scenario's records. */
	workflows: WorkflowSpec[];
	/** Change this field of N records for the incremental poll. */
	mutate: { resource: string; field: string };
	/** Bouwsoft resources read (for the payload and the page chains of the lower bound). */
	bouwsoftResources: string[];
	outsmartEndpoints: string[];
	/** OutSmart dependency levels after the last read. */
	writeLevels: number;
	naiveCategory: ScenarioName;
	/** Naive sample as a share of the materials sample (slower per record, same extrapolation). */
	naiveShare: number;
}

function triggerOptions(o: NodeOverrides): IDataObject {
	const options: IDataObject = {};
	if (o.pageSize !== undefined) options.pageSize = o.pageSize;
	if (o.bouwsoftConcurrency !== undefined) options.concurrency = o.bouwsoftConcurrency;
	if (o.maxRecordsPerPoll !== undefined) options.maxRecordsPerPoll = o.maxRecordsPerPoll;
	return options;
}

function outsmartOptions(o: NodeOverrides): IDataObject {
	const options: IDataObject = {};
	if (o.batchSize !== undefined) options.batchSize = o.batchSize;
	if (o.concurrency !== undefined) options.concurrency = o.concurrency;
	if (o.detectExisting !== undefined) options.detectExisting = o.detectExisting;
	if (o.skipUnchanged !== undefined) options.skipUnchanged = o.skipUnchanged;
	return options;
}

function workflow(label: string, trigger: INodeParameters, outsmart: INodeParameters, o: NodeOverrides): WorkflowSpec {
	return {
		label,
		// One n8n workflow per category, as the templates are: its own row in n8n's deduplication store.
		workflowId: `bench-${label}`,
		trigger: { ...trigger, options: triggerOptions(o) as INodeParameters },
		outsmart: { operation: 'upsert', mappingMode: 'bouwsoft', ...outsmart, options: outsmartOptions(o) as INodeParameters },
	};
}

export function scenario(name: ScenarioName, o: NodeOverrides): Scenario {
	switch (name) {
		case 'materials':
			return {
				name,
				title: 'Materials (with lists/groups as categories and category links)',
				workflows: [
					workflow('categories', { category: 'categories' }, { resource: 'materialCategory' }, o),
					workflow('materials', { category: 'materials' }, { resource: 'material', linkCategories: true }, o),
				],
				mutate: { resource: 'Products', field: 'price_catalogue' },
				bouwsoftResources: ['Products', 'ProductLists', 'ProductGroups'],
				outsmartEndpoints: ['categories', 'materials', 'material_categories'],
				writeLevels: 2,
				naiveCategory: 'materials',
				naiveShare: 1,
			};
		case 'relations':
			return {
				name,
				title: 'Relations with contacts',
				workflows: [
					workflow('relations', { category: 'relations', includeContacts: true }, { resource: 'relation', includeContactPersons: true }, o),
				],
				mutate: { resource: 'Addresses', field: 'telephone2' },
				bouwsoftResources: ['Addresses', 'AddressContacts'],
				outsmartEndpoints: ['relations', 'contactpersons'],
				writeLevels: 2,
				naiveCategory: 'relations',
				naiveShare: 0.25,
			};
		case 'projects':
			return {
				name,
				title: 'Projects with client, activities and a work order each',
				workflows: [
					workflow(
						'projects',
						{ category: 'projects', includeActivities: true, activitySource: 'projectPhases' },
						{ resource: 'project', includeActivities: true, createWorkOrder: true },
						o,
					),
				],
				mutate: { resource: 'Projects', field: 'yourreference' },
				bouwsoftResources: ['Projects', 'ProjectPhases', 'Addresses'],
				outsmartEndpoints: ['projects', 'project_activities', 'workorders'],
				writeLevels: 2,
				naiveCategory: 'projects',
				naiveShare: 0.125,
			};
	}
}
