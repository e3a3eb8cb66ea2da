import type { IDataObject } from 'n8n-workflow';

import { startOutSmartSimulator } from '../../simulators/outsmart';
import type { OutSmartSimulator } from '../../simulators/outsmart';
import { everything, product, runOutSmart } from './helpers';

const complete = (item: IDataObject): IDataObject => ({ ...item, _sync: { ...(item._sync as IDataObject), reason: 'full', complete: true } });
const materials = (...codes: string[]) => codes.map((code) => complete(product(code)));
const RECONCILE = (removedAction: string, options: IDataObject = {}) => ({ resource: 'material', operation: 'reconcile', removedAction, options });

describe('OutSmart node: Reconcile materials', () => {
	let sim: OutSmartSimulator;
	beforeAll(async () => {
		sim = await startOutSmartSimulator();
	});
	afterAll(async () => await sim.close());
	beforeEach(() => sim.reset());

	it('smoke: creates, learns, then deletes what Bouwsoft lost', async () => {
		const staticData: IDataObject = {};
		const first = await runOutSmart(sim, { parameters: RECONCILE('delete'), items: materials('M1', 'M2', 'M3'), staticData });
		expect(first.error).toBeUndefined();
		console.log(JSON.stringify(first.outputs[0].map((i) => i.json)).slice(0, 800), JSON.stringify(staticData));
		const second = await runOutSmart(sim, { parameters: RECONCILE('delete', { brakePercent: 50 }), items: materials('M1', 'M2'), staticData });
		expect(second.error).toBeUndefined();
		console.log(JSON.stringify(second.outputs[0].map((i) => i.json)).slice(0, 1500));
		console.log(JSON.stringify(second.run.data.resultData.runData));
		expect(sim.store.has('materials', 'M3')).toBe(false);
		expect(everything(second)).not.toContain(sim.token);
	});
});
