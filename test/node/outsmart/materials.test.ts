import { startOutSmartSimulator } from '../../simulators/outsmart';
import type { OutSmartSimulator } from '../../simulators/outsmart';
import { everything, product, runOutSmart } from './helpers';

const MATERIAL = { resource: 'material', operation: 'upsert', options: { detectExisting: true } };

describe('OutSmart node: materials from Bouwsoft products', () => {
	let sim: OutSmartSimulator;
	beforeAll(async () => {
		sim = await startOutSmartSimulator();
	});
	afterAll(async () => await sim.close());
	beforeEach(() => sim.reset());

	it('creates materials with category links, then updates the same keys', async () => {
		const first = await runOutSmart(sim, {
			parameters: MATERIAL,
			items: [product('M100'), product('M101', { group: '', list: 'SANITAIR' })],
		});
		expect(first.error).toBeUndefined();
		expect(first.outputs[0].map((i) => [i.json.action, i.json.key])).toEqual([
			['created', 'M100'],
			['created', 'M101'],
		]);
		expect(sim.store.get('materials', 'M100')).toMatchObject({ description: 'Muurverf wit M100', price: '19.95', unit: 'L' });
		expect(sim.store.has('material_categories', 'M100|G:VERF/01 Levis')).toBe(true);
		expect(sim.store.has('material_categories', 'M101|L:SANITAIR')).toBe(true);
		expect(first.outputs[0].every((i, index) => (i.pairedItem as { item: number }).item === index)).toBe(true);

		const second = await runOutSmart(sim, {
			parameters: MATERIAL,
			items: [product('M100', { price_catalogue: '21,40', description: 'Muurverf wit mat' })],
		});
		expect(second.outputs[0][0].json.action).toBe('updated');
		expect(sim.store.count('materials')).toBe(2);
		expect(sim.store.get('materials', 'M100')).toMatchObject({ description: 'Muurverf wit mat', price: '21.40' });
		expect(everything(second)).not.toContain(sim.token);
		expect(everything(second)).not.toContain(sim.softwareToken);
	});
});
