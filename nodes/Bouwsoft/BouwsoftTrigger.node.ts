import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';

import { runTriggerPoll } from './actions/sync/runTrigger';
import { CATEGORY_OPTIONS, categoryFields, transportOptions } from './descriptions/categoryFields';
import { loadOptions } from './methods';

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
					{ name: 'Only Future Changes', value: 'baseline', description: 'Remember now and emit only later changes' },
				],
				default: 'full',
				description: 'What the first poll (and the first poll after the import or its filters changed) emits',
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
