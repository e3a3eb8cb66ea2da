import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { outSmartProperties } from './description';
import { resourceMapping } from './methods';
import { readSettings } from './settings';
import { runUpsert } from './upsert/run';

/** Writes to OutSmart: Upsert per resource. The write engine is upsert/run.ts; the resources are schema.ts. */
export class OutSmart implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OutSmart',
		name: 'outSmart',
		icon: { light: 'file:outsmart.svg', dark: 'file:outsmart.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create or update OutSmart (WerkbonApp) records, mapped from Bouwsoft or from any data',
		defaults: { name: 'OutSmart' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'outSmartApi', required: true }],
		properties: outSmartProperties,
	};

	methods = { resourceMapping };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runUpsert.call(this, this.getInputData(), readSettings(this));
	}
}
