import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { BouwsoftTrigger } from '../../../nodes/Bouwsoft/BouwsoftTrigger.node';
import { CredentialStore, runPoll } from '../../harness';
import type { RunPollOptions, RunPollResult } from '../../harness/runPoll';
import { startBouwsoftSimulator } from '../../simulators/bouwsoft';
import type { BouwsoftSimulator, BouwsoftSimulatorOptions } from '../../simulators/bouwsoft';

export interface TriggerEnv {
	sim: BouwsoftSimulator;
	store: CredentialStore;
	staticData: IDataObject;
	poll(parameters: INodeParameters, extra?: Partial<RunPollOptions>): Promise<RunPollResult>;
	close(): Promise<void>;
}

export async function triggerEnv(options: BouwsoftSimulatorOptions = {}): Promise<TriggerEnv> {
	const sim = await startBouwsoftSimulator(options);
	const store = new CredentialStore({
		bouwsoftApi: { clientNr: sim.clientNr, refreshToken: sim.refreshToken, authUrl: sim.authUrl },
	});
	const staticData: IDataObject = {};
	return {
		sim,
		store,
		staticData,
		poll: async (parameters, extra = {}) =>
			await runPoll({
				node: new BouwsoftTrigger(),
				parameters,
				credentials: store,
				workflowStaticData: staticData,
				...extra,
			}),
		close: async () => await sim.close(),
	};
}

export function jsonOf(result: RunPollResult): IDataObject[] {
	if (result.error) throw result.error;
	return (result.output?.[0] ?? []).map((i: INodeExecutionData) => i.json);
}

export function syncOf(item: IDataObject): { category: string; id: string; ts_lastupdate: string; reason: string; summary?: IDataObject } {
	return item._sync as never;
}

export function ids(items: IDataObject[]): string[] {
	return items.map((i) => syncOf(i).id);
}
