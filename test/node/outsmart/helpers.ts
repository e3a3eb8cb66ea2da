/** Shared set-up for OutSmart node tests: simulator, credential, runner, Bouwsoft-shaped items. */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { OutSmart } from '../../../nodes/OutSmart/OutSmart.node';
import { runNode } from '../../harness';
import type { RunNodeResult } from '../../harness';
import type { OutSmartSimulator } from '../../simulators/outsmart';

export const node = new OutSmart();

export function credentialsFor(sim: OutSmartSimulator) {
	return { outSmartApi: { baseUrl: sim.baseUrl, token: sim.token, softwareToken: sim.softwareToken } };
}

export interface RunOptions {
	parameters: INodeParameters;
	items: IDataObject[];
	continueOnFail?: boolean;
	staticData?: IDataObject;
	mode?: 'trigger' | 'manual';
	credentials?: Record<string, IDataObject>;
}

/** Fast retries so "OutSmart down" tests do not wait for production back-off. */
export const FAST_OPTIONS = { maxAttempts: 2, timeoutSeconds: 5 };

export async function runOutSmart(sim: OutSmartSimulator, options: RunOptions): Promise<RunNodeResult> {
	const parameters = { ...options.parameters };
	parameters.options = { ...FAST_OPTIONS, ...((parameters.options as IDataObject) ?? {}) };
	return await runNode({
		node,
		parameters,
		inputItems: options.items.map((json): INodeExecutionData => ({ json })),
		credentials: (options.credentials as never) ?? credentialsFor(sim),
		continueOnFail: options.continueOnFail,
		workflowStaticData: options.staticData,
		mode: options.mode ?? 'trigger',
	});
}

export function sync(category: string, id: string | number): IDataObject {
	return { category, id: String(id), ts_lastupdate: '2025-03-01 10:00:00', reason: 'changed' };
}

export function product(nr1: string, overrides: IDataObject = {}): IDataObject {
	return {
		id: Number(nr1.replace(/\D/g, '')) || 1,
		list: 'VERF',
		group: '01 Levis',
		nr1,
		nr2: '',
		description: `Muurverf wit ${nr1}`,
		price_cost: 10.5,
		price_catalogue: 19.95,
		price_sales1: 17.5,
		unit: 'L',
		active: true,
		barcode: '5410000000000',
		ts_lastupdate: '2025-03-01 10:00:00',
		_sync: sync('materials', Number(nr1.replace(/\D/g, '')) || 1),
		...overrides,
	};
}

/** Every string in outputs, error and logs, to check that no secret leaks. */
export function everything(result: RunNodeResult): string {
	return JSON.stringify({
		outputs: result.outputs,
		error: result.error ? { message: result.error.message, description: (result.error as { description?: unknown }).description, stack: result.error.stack } : null,
		logs: result.logs,
		hints: result.run.data.resultData.runData,
	});
}
