import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { runCheckConnection } from './check/run';
import { CONNECTION_RESOURCE, outSmartProperties } from './description';
import { resourceMapping } from './methods';
import { runAcknowledge } from './export/acknowledge';
import { readAcknowledgeSettings } from './export/settings';
import { runReconcile } from './reconcile/run';
import { readOperation, readReconcileSettings, readSettings } from './settings';
import { runUpsert } from './upsert/run';

/**
 * Writes to OutSmart: Upsert per resource (the write engine is upsert/run.ts; the resources are schema.ts),
 * Reconcile per resource (reconcile/run.ts: send what differs, remove what Bouwsoft no longer has), and for
 * work orders Mark as Exported after booking in Bouwsoft (export/acknowledge.ts); Connection → Check is a
 * read-only pre-flight of the account (check/run.ts).
 */
export class OutSmart implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OutSmart',
		name: 'outSmart',
		icon: { light: 'file:outsmart.svg', dark: 'file:outsmart.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["resource"] === "connection" ? "Check connection" : $parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create or update OutSmart (WerkbonApp) records, mapped from Bouwsoft or from any data, reconcile them with Bouwsoft, and mark booked work orders as exported',
		defaults: { name: 'OutSmart' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'outSmartApi', required: true }],
		properties: outSmartProperties,
	};

	methods = { resourceMapping };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		if (this.getNodeParameter('resource', 0) === CONNECTION_RESOURCE) return await runCheckConnection.call(this);
		const operation = readOperation(this);
		if (operation === 'acknowledge') {
			return await runAcknowledge.call(this, this.getInputData(), readAcknowledgeSettings(this));
		}
		if (operation === 'reconcile') return await runReconcile.call(this, this.getInputData(), readReconcileSettings(this));
		return await runUpsert.call(this, this.getInputData(), readSettings(this));
	}
}
