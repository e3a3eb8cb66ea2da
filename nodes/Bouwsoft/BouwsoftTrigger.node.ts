import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';

import { runTriggerPoll } from './sync/runTrigger';
import { CATEGORY_OPTIONS, categoryFields, transportOptions } from './descriptions/categoryFields';
import * as loadOptions from './methods/loadOptions';

export class BouwsoftTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bouwsoft Trigger',
		name: 'bouwsoftTrigger',
		icon: { light: 'file:bouwsoft.svg', dark: 'file:bouwsoft.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"Import: " + $parameter["category"]}}',
		description: 'Starts the workflow when records of one Bouwsoft import category change',
		defaults: { name: 'Bouwsoft Trigger' },
		credentials: [{ name: 'bouwsoftApi', required: true }],
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName: 'Import',
				name: 'category',
				type: 'options',
				noDataExpression: true,
				required: true,
				options: CATEGORY_OPTIONS,
				default: 'materials',
				description: 'Which Bouwsoft data this trigger imports; one trigger per category',
			},
			...categoryFields('category'),
			{
				displayName: 'First Run',
				name: 'firstRun',
				type: 'options',
				options: [
					{ name: 'Import Everything', value: 'full', description: 'The first poll emits every record the filters select' },
					{ name: 'Changes From a Date', value: 'fromDate', description: 'Emit records changed after a date' },
					{
						name: 'Only Future Changes',
						value: 'baseline',
						description:
							'Remember the newest change in Bouwsoft at activation and emit only later changes. If n8n restarts before the first change was emitted, the changes of the last Restart Catch-Up hours are sent once (see Options).',
					},
				],
				default: 'full',
				description:
					'What the first poll (and the first poll after the import or its filters changed) emits. Only Future Changes keeps its starting point in memory until the first change is emitted (n8n stores trigger data only with an execution); after an n8n restart in that time it re-sends the recent changes instead of losing them.',
			},
			{
				displayName: 'Changes Since',
				name: 'firstRunDate',
				type: 'dateTime',
				default: '',
				required: true,
				displayOptions: { show: { firstRun: ['fromDate'] } },
				description: 'Emit records changed after this moment (in the Time Zone option)',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Max Records per Poll',
						name: 'maxRecordsPerPoll',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 10000,
						description:
							'Emit at most this many records per poll; the next poll continues where this one stopped. 0 = no limit.',
					},
					{
						displayName: 'Overlap (Minutes)',
						name: 'overlapMinutes',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 5,
						description:
							'How far back each poll looks again, to catch records saved with the same second or committed while the previous poll read. Records already emitted are not emitted twice.',
					},
					{
						displayName: 'Restart Catch-Up (Hours)',
						name: 'restartCatchUpHours',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 24,
						displayOptions: { show: { '/firstRun': ['baseline'] } },
						description:
							'Only Future Changes: when n8n restarted before the first change was emitted, the starting point is lost; the trigger then sends the changes of this many hours before the newest change in Bouwsoft once (OutSmart upserts make a repeat harmless). Nothing is lost as long as n8n was down for less than this. 0 = take a new starting point instead.',
					},
					...transportOptions,
				],
			},
		],
	};

	methods = { loadOptions };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await runTriggerPoll(this);
	}
}
