import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { CLIENT_FIELDS, PROJECT_FIELDS } from '../rules/projectFields';
import { PROJECT_STATUSES } from '../rules/projectStatus';
import { CONDITION_LABELS, RULE_CONDITIONS } from '../rules/projectRules';

/** `field` value that shows the free-text Custom Field parameter. */
export const CUSTOM_FIELD = '__custom';

const fieldOptions: INodePropertyOptions[] = [
	...[...PROJECT_FIELDS, ...CLIENT_FIELDS].map((f) => ({ name: f.displayName, value: f.name, description: `${f.name} (${f.type})` })),
	{ name: 'Custom Field…', value: CUSTOM_FIELD, description: 'Type a field name, e.g. client.vatnr' },
];

const conditionDescriptions: Record<string, string> = {
	equal: 'Same value: text ignores case and accents, numbers numerically, dates by day (or to the second when a time is given)',
	notEqual: 'Any other value, or the field is missing',
	moreThan: 'Larger number, later date, or alphabetically after',
	lessThan: 'Smaller number, earlier date, or alphabetically before',
	has: 'Contains the value (ignoring case and accents); with an empty value: the field is set (not empty, not 0 for a reference)',
};

export const projectFilterProperties: INodeProperties[] = [
	{
		displayName: 'All Projects',
		name: 'allProjects',
		type: 'boolean',
		default: false,
		description:
			'Whether to also keep offers, rejected and completed projects. Off: only projects that are approved and not completed are kept.',
	},
	{
		displayName: 'Rules',
		name: 'rules',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Rule',
		default: {},
		description: 'Extra conditions on the project fields; a project must also pass the approved/not completed rule unless All Projects is on',
		options: [
			{
				displayName: 'Rule',
				name: 'rule',
				values: [
					{
						displayName: 'Field',
						name: 'field',
						type: 'options',
						options: fieldOptions,
						default: 'pnr',
						description: 'Project field (Bouwsoft name), the derived status, or a field of the client',
					},
					{
						displayName: 'Custom Field',
						name: 'customField',
						type: 'string',
						default: '',
						placeholder: 'client.vatnr',
						description: 'Bouwsoft Projects field name, or client.&lt;field&gt; for a field of the client',
						displayOptions: { show: { field: [CUSTOM_FIELD] } },
					},
					{
						displayName: 'Condition',
						name: 'condition',
						type: 'options',
						options: RULE_CONDITIONS.map((c) => ({ name: CONDITION_LABELS[c], value: c, description: conditionDescriptions[c] })),
						default: 'equal',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: `Text, a number (20240012), a date (2024-05-01 or 01-05-2024), true/false, or a status (${PROJECT_STATUSES.join(', ')})`,
					},
				],
			},
		],
	},
	{
		displayName: 'Combine Rules',
		name: 'combinator',
		type: 'options',
		options: [
			{ name: 'All Rules Match (AND)', value: 'and' },
			{ name: 'Any Rule Matches (OR)', value: 'or' },
		],
		default: 'and',
	},
];
