import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { CLIENT_FIELDS, PROJECT_FIELDS } from '../rules/projectFields';
import { CONDITION_LABELS, RULE_CONDITIONS } from '../rules/projectRules';

/** The eight import categories, as the Import (trigger) / Resource (read node) options. */
export const CATEGORY_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Assignment', value: 'assignments', description: 'Assignments (work orders) with address, contact and employee' },
	{ name: 'Category', value: 'categories', description: 'Material categories: product lists and their groups' },
	{ name: 'Employee', value: 'employees', description: 'Employees' },
	{ name: 'Hour Type', value: 'hourTypes', description: 'Labour categories (Bouwsoft Jobs)' },
	{ name: 'Material', value: 'materials', description: 'Products, optionally only some lists or groups' },
	{ name: 'Project', value: 'projects', description: 'Projects with their client and optionally their activities' },
	{ name: 'Relation', value: 'relations', description: 'Customers (client number and name filled), optionally with contacts' },
	{ name: 'Warehouse', value: 'warehouses', description: 'Stock locations' },
];

const ruleFieldOptions: INodePropertyOptions[] = [...PROJECT_FIELDS, ...CLIENT_FIELDS].map((f) => ({
	name: f.displayName,
	value: f.name,
}));

/** Trigger only: ProjectPhases have no change date, so a phase edit alone does not re-send its project. */
const phasesNotice: INodeProperties = {
	displayName:
		'Bouwsoft project phases have no change date: editing only a phase does not re-send its project. The project (with all its phases) is sent again when the project itself changes. To follow activity edits, choose Actual Cost Items (edits and new items re-send their project), or run a full sync with the Bouwsoft node on a schedule.',
	name: 'phasesNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { category: ['projects'], includeActivities: [true], activitySource: ['projectPhases'] } },
};

/**
 * Category-specific fields shared by the trigger and the read node. `selector` is the parameter that
 * holds the category (`category` in the trigger, `resource` in the read node).
 */
export function categoryFields(selector: 'category' | 'resource'): INodeProperties[] {
	const showFor = (...categories: string[]) => ({ show: { [selector]: categories } });
	return [
		{
			displayName: 'Product List Names or IDs',
			name: 'productLists',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getProductLists' },
			default: [],
			description:
				'Only products of these lists. Nothing selected (and no groups) imports all. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			displayOptions: showFor('materials', 'categories'),
		},
		{
			displayName: 'Product Group Names or IDs',
			name: 'productGroups',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getProductGroups', loadOptionsDependsOn: ['productLists'] },
			default: [],
			description:
				'Also (or only) products of these groups, as G:&lt;list&gt;/&lt;group&gt;. Combined with the lists: a product in a selected list OR a selected group is imported. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			displayOptions: showFor('materials', 'categories'),
		},
		{
			displayName: 'Contacts',
			name: 'includeContacts',
			type: 'boolean',
			default: false,
			description:
				'Whether to add the relation’s contact persons (Bouwsoft AddressContacts) as `contacts`. In the trigger, an edited or new contact sends its relation again, with all its contacts.',
			displayOptions: showFor('relations'),
		},
		{
			displayName: 'Project Activities',
			name: 'includeActivities',
			type: 'boolean',
			default: false,
			description: 'Whether to add the project’s activities as `activities`',
			displayOptions: showFor('projects'),
		},
		{
			displayName: 'Activity Source',
			name: 'activitySource',
			type: 'options',
			options: [
				{ name: 'Project Phases', value: 'projectPhases', description: 'Bouwsoft ProjectPhases (title, deadline, estimated hours)' },
				{ name: 'Actual Cost Items', value: 'actualCostItems', description: 'Bouwsoft ActualCostItems (the items hours are booked on)' },
			],
			default: 'projectPhases',
			displayOptions: { show: { [selector]: ['projects'], includeActivities: [true] } },
		},
		...(selector === 'category' ? [phasesNotice] : []),
		{
			displayName: 'Only Approved, Not Completed',
			name: 'onlyApprovedOpen',
			type: 'boolean',
			default: false,
			description:
				'Whether to read only approved projects that are not completed. Off: all projects (the Bouwsoft Project Filter node can decide later).',
			displayOptions: showFor('projects'),
		},
		{
			displayName: 'Project Rules',
			name: 'projectRules',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Rule',
			default: {},
			description: 'Read only projects that match these rules; what Bouwsoft can filter is sent along, the rest is checked here',
			displayOptions: showFor('projects'),
			options: [
				{
					displayName: 'Rule',
					name: 'rule',
					values: [
						{ displayName: 'Field', name: 'field', type: 'options', options: ruleFieldOptions, default: 'pnr' },
						{
							displayName: 'Condition',
							name: 'condition',
							type: 'options',
							options: RULE_CONDITIONS.map((c) => ({ name: CONDITION_LABELS[c], value: c })),
							default: 'equal',
						},
						{ displayName: 'Value', name: 'value', type: 'string', default: '' },
					],
				},
			],
		},
		{
			displayName: 'Combine Rules',
			name: 'projectRulesCombinator',
			type: 'options',
			options: [
				{ name: 'All Rules Match (AND)', value: 'and' },
				{ name: 'Any Rule Matches (OR)', value: 'or' },
			],
			default: 'and',
			displayOptions: showFor('projects'),
		},
	];
}

/** Transport options shared by both nodes (inside their Options collection). */
export const transportOptions: INodeProperties[] = [
	{
		displayName: 'Extended Filter Syntax',
		name: 'extendedFilterSyntax',
		type: 'boolean',
		default: false,
		description:
			'Whether your Bouwsoft server accepts lt/ge/le and or in filters (not documented by Bouwsoft). Off: only the documented eq/ne/gt and and are sent; the rest is filtered here, with the same result.',
	},
	{
		displayName: 'Page Size',
		name: 'pageSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 1000 },
		default: 1000,
		description: 'Records per Bouwsoft request. A server that answers with smaller pages is paged to the end all the same.',
	},
	{
		displayName: 'Parallel Requests',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 10 },
		default: 4,
		description: 'Maximum Bouwsoft requests in flight when looking up linked records',
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 600 },
		default: 60,
		description:
			'How long to wait for one Bouwsoft answer before trying again (up to 5 attempts); the poll fails only when every attempt timed out',
	},
	{
		displayName: 'Time Zone',
		name: 'timeZone',
		type: 'string',
		default: 'Europe/Brussels',
		description: 'Zone of Bouwsoft’s timestamps (ts_lastupdate has none), as an IANA name',
	},
];
