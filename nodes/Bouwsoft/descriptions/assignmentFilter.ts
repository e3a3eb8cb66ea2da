import type { INodeProperties } from 'n8n-workflow';

export const assignmentFilterProperties: INodeProperties[] = [
	{
		displayName: 'Order Filter',
		name: 'orderFilter',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Keywords in Technician Note',
				value: 'keywords',
				description: 'Keep assignments whose technician note contains the keyword(s)',
			},
			{ name: 'No Filter', value: 'none', description: 'Keep every assignment' },
		],
		default: 'keywords',
	},
	{
		displayName: 'Keywords',
		name: 'keywords',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'outsmart, spoed',
		description:
			'Words to look for in the technician note, separated by commas. Case and accents are ignored; the whole note is searched.',
		displayOptions: { show: { orderFilter: ['keywords'] } },
	},
	{
		displayName: 'Match',
		name: 'match',
		type: 'options',
		options: [
			{ name: 'Any Keyword', value: 'any', description: 'Keep when the note contains at least one keyword' },
			{ name: 'All Keywords', value: 'all', description: 'Keep only when the note contains every keyword' },
		],
		default: 'any',
		displayOptions: { show: { orderFilter: ['keywords'] } },
	},
];
