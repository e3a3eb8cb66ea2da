import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';

import { MAX_ATTEMPTS_OPTION, TIMEOUT_OPTION } from './description';
import { runExportPoll } from './export/poll';
import { DEFAULT_READY_STATUS, DEFAULT_RETRY_AFTER_MINUTES } from './export/settings';

/** Work orders ready for export (completed in the app), for booking in Bouwsoft. The poll is export/poll.ts. */
export class OutSmartTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OutSmart Trigger',
		name: 'outSmartTrigger',
		icon: { light: 'file:outsmart.svg', dark: 'file:outsmart.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"Work orders: " + $parameter["status"]}}',
		description: 'Starts the workflow when OutSmart work orders are ready for export (completed by the technician)',
		defaults: { name: 'OutSmart Trigger' },
		credentials: [{ name: 'outSmartApi', required: true }],
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName:
					'Reads the work orders without marking them as handled. Add the Mark as Exported operation of the OutSmart node after booking, so an order stops being sent once Bouwsoft has all of it. A manual run leaves out orders the published workflow sent less than Retry After ago (it may be booking them right now).',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Afgehandeld (Handled)', value: 'Afgehandeld', description: 'Orders the office has handled already; combine with Exclude Work Status' },
					{ name: 'Compleet (Completed)', value: 'Compleet', description: 'Orders the technician completed and sent to the office' },
				],
				default: DEFAULT_READY_STATUS,
				description: 'Which OutSmart status means "ready for export"',
			},
			{
				displayName: 'Work Status',
				name: 'workStatus',
				type: 'string',
				default: '',
				placeholder: 'e.g. GEREED',
				description: 'Only work orders with this OutSmart work status code (sta_code). Empty: any work status.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Exclude Work Status',
						name: 'excludeWorkStatus',
						type: 'string',
						default: '',
						placeholder: 'e.g. EXPORTED',
						description:
							'Work orders with this work status code are not emitted. Use the code Mark as Exported sets when it sets a work status instead of Afgehandeld.',
					},
					MAX_ATTEMPTS_OPTION,
					{
						displayName: 'Only Work Orders From Bouwsoft',
						name: 'onlyFromBouwsoft',
						type: 'boolean',
						default: true,
						description:
							'Whether to emit only work orders the Bouwsoft import created (numbered A- plus the assignment number or P- plus the project number); others, such as orders typed in the app, are left out',
					},
					{
						displayName: 'Retry After (Minutes)',
						name: 'retryAfterMinutes',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: DEFAULT_RETRY_AFTER_MINUTES,
						description:
							'A work order that is still ready this long after it was emitted is emitted again (its booking failed or it was not marked as exported). A changed order goes again at once.',
					},
					TIMEOUT_OPTION,
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await runExportPoll(this);
	}
}
