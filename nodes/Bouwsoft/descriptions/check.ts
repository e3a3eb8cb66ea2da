import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { transportOptions } from './categoryFields';

/** Connection → Check on the Bouwsoft node: a read-only pre-flight of the customer's server (check/run.ts). */
export const CONNECTION_RESOURCE = 'connection';

export const CONNECTION_RESOURCE_OPTION: INodePropertyOptions = {
	name: 'Connection',
	value: CONNECTION_RESOURCE,
	description: 'Check what the sync needs from this Bouwsoft server, before you publish anything',
};

/** The keyword of the templates' Assignment Filter: the check counts the assignments it keeps. */
export const TEMPLATE_KEYWORD = 'OutSmart';

const show = { show: { resource: [CONNECTION_RESOURCE] } };

export const checkFields: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: show,
		options: [
			{
				name: 'Check',
				value: 'check',
				action: 'Check connection',
				description:
					'Read-only pre-flight: authentication, server name, how this server pages, sorts and filters (and what the sync will use instead where it does not), record counts per category, and the data the sync would leave out',
			},
		],
		default: 'check',
	},
	{
		displayName:
			'Run this once before you publish the sync: it only reads from Bouwsoft, about what the first full import of relations, projects and assignments reads. Each output item is one check with its status (ok, warning, problem), what was found, what it means for the sync and the fix.',
		name: 'checkNotice',
		type: 'notice',
		default: '',
		displayOptions: show,
	},
	{
		displayName: 'Options',
		name: 'checkOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		options: [
			{
				displayName: 'Technician Note Keywords',
				name: 'keywords',
				type: 'string',
				default: TEMPLATE_KEYWORD,
				description:
					"The Assignment Filter's keywords (separated by commas): the check counts the assignments they keep. Empty: only assignments without a technician note are counted.",
			},
			...transportOptions.filter((option) => option.name !== 'timeZone'),
		],
	},
];
