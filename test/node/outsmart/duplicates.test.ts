/**
 * Several items of one run with the same OutSmart key (two Bouwsoft products in different lists sharing
 * nr1): one material per key, the record of the newest Bouwsoft change, whatever the item order; the other
 * items are reported `merged`, and every item's category link is written.
 */
import type { IDataObject } from 'n8n-workflow';

import { startOutSmartSimulator } from '../../simulators/outsmart';
import type { OutSmartSimulator } from '../../simulators/outsmart';
import { product, runOutSmart, sync } from './helpers';

/** With "Report Created vs Updated" (off by default), so the winner says created. */
const MATERIAL = { resource: 'material', operation: 'upsert', options: { detectExisting: true } };

/** A product with its own Bouwsoft id and change time. */
function edition(id: number, nr1: string, list: string, group: string, ts: string, description: string): IDataObject {
	return product(nr1, { id, list, group, description, ts_lastupdate: ts, _sync: { ...sync('materials', id), ts_lastupdate: ts } });
}

describe('OutSmart node: items that share an OutSmart key', () => {
	let sim: OutSmartSimulator;
	beforeAll(async () => {
		sim = await startOutSmartSimulator();
	});
	afterAll(async () => await sim.close());
	beforeEach(() => sim.reset());

	const older = edition(11, 'DUP-1', 'VERF', '01 Levis', '2025-03-01 09:00:00', 'Oude omschrijving');
	const newer = edition(12, 'DUP-1', 'SANITAIR', 'Kranen', '2025-03-02 08:00:00', 'Nieuwe omschrijving');
	const other = edition(13, 'OTHER-1', 'VERF', '01 Levis', '2025-03-01 09:00:00', 'Iets anders');

	it.each([
		['newest item last', [older, other, newer], 0, 2],
		['newest item first', [newer, other, older], 2, 0],
	])('%s: the newest Bouwsoft change is written, the other item is merged, both links are written', async (_order, items, olderIndex, newerIndex) => {
		const staticData: IDataObject = {};
		const result = await runOutSmart(sim, { parameters: MATERIAL, items, staticData });
		expect(result.error).toBeUndefined();
		const out = result.outputs[0];
		// OutSmart holds one material for the key, with the newer product's content.
		expect(sim.store.count('materials')).toBe(2);
		expect(sim.store.get('materials', 'DUP-1')).toMatchObject({ description: 'Nieuwe omschrijving' });
		// A material may be in several categories: both products' links exist.
		expect(sim.store.has('material_categories', 'DUP-1|G:VERF/01 Levis')).toBe(true);
		expect(sim.store.has('material_categories', 'DUP-1|G:SANITAIR/Kranen')).toBe(true);
		expect(out[newerIndex].json).toMatchObject({ action: 'created', key: 'DUP-1' });
		expect(out[olderIndex].json).toMatchObject({ action: 'merged', key: 'DUP-1', mergedInto: 'DUP-1', mergedIntoItem: newerIndex });
		expect(out[olderIndex].json.related).toEqual([
			expect.objectContaining({ resource: 'material_categories', key: 'DUP-1|G:VERF/01 Levis', action: 'created' }),
		]);
		expect(JSON.stringify(out[olderIndex].json.warnings)).toMatch(/not written.*Bouwsoft materials 12/);
		expect(out[1].json).toMatchObject({ action: 'created', key: 'OTHER-1' });
		// The material was posted once, not twice.
		const posted = sim.requests.filter((r) => r.method === 'POST' && r.endpoint === 'materials');
		expect(posted.reduce((sum, r) => sum + (r.batchSize ?? 0), 0)).toBe(2);
		expect(JSON.stringify(result.run.data.resultData.runData)).toContain('1 merged into another item');
	});

	it('equal ts_lastupdate: the later item wins', async () => {
		const first = edition(21, 'TIE-1', 'VERF', '01 Levis', '2025-03-01 09:00:00', 'Eerste');
		const second = edition(22, 'TIE-1', 'SANITAIR', 'Kranen', '2025-03-01 09:00:00', 'Tweede');
		const result = await runOutSmart(sim, { parameters: MATERIAL, items: [first, second] });
		expect(sim.store.get('materials', 'TIE-1')).toMatchObject({ description: 'Tweede' });
		expect(result.outputs[0].map((i) => i.json.action)).toEqual(['merged', 'created']);
	});

	it('an unreadable ts_lastupdate counts as the oldest', async () => {
		const dated = edition(31, 'TS-1', 'VERF', '01 Levis', '31/03/2025 10:00', 'Met datum');
		const undated = edition(32, 'TS-1', 'SANITAIR', 'Kranen', '', 'Zonder datum');
		const result = await runOutSmart(sim, { parameters: MATERIAL, items: [dated, undated] });
		expect(sim.store.get('materials', 'TS-1')).toMatchObject({ description: 'Met datum' });
		expect(result.outputs[0].map((i) => i.json.action)).toEqual(['created', 'merged']);
	});

	it('skip unchanged: a stale duplicate never overwrites the unchanged winner in a later run', async () => {
		const staticData: IDataObject = {};
		const parameters = { ...MATERIAL, options: { skipUnchanged: true } };
		await runOutSmart(sim, { parameters, items: [older, newer], staticData });
		// The winner is unchanged in Bouwsoft, so it is not sent again…
		sim.resetRequests();
		const again = await runOutSmart(sim, { parameters, items: [older, newer], staticData });
		expect(again.error).toBeUndefined();
		// the merged item was delivered too (its key holds the newer record, its link was written): a re-read
		// of the same versions writes nothing, not even its category link
		expect(again.outputs[0].map((i) => i.json.action)).toEqual(['unchanged', 'unchanged']);
		expect(sim.requests.filter((r) => r.method === 'POST')).toEqual([]);
		// …and the older product does not sneak its description in.
		expect(sim.store.get('materials', 'DUP-1')).toMatchObject({ description: 'Nieuwe omschrijving' });
	});

	it('when the winner cannot be written, the merged item fails with it and is retried too', async () => {
		const staticData: IDataObject = {};
		sim.faults.add({ endpoint: 'materials', method: 'POST', code: 1200 });
		const result = await runOutSmart(sim, { parameters: MATERIAL, items: [older, newer], staticData, continueOnFail: true });
		expect(result.outputs[0].map((i) => i.json.action)).toEqual(['failed', 'failed']);
		expect(String(result.outputs[0][0].json.error)).toMatch(/Material DUP-1: .*1200/);
		expect(sim.store.has('materials', 'DUP-1')).toBe(false);
		// Nothing was recorded as delivered: once OutSmart accepts the values, a run with Skip Unchanged writes it.
		sim.faults.clear();
		const again = await runOutSmart(sim, { parameters: { ...MATERIAL, options: { skipUnchanged: true } }, items: [older, newer], staticData, continueOnFail: true });
		expect(again.outputs[0].map((i) => i.json.action)).toEqual(['merged', 'upserted']);
		expect(sim.store.get('materials', 'DUP-1')).toMatchObject({ description: 'Nieuwe omschrijving' });
	});

	it('the same contact listed twice in one relation is written once', async () => {
		const contact = { id: 77, contact_name: 'Els Claes', contact_email: 'els@example.be' };
		const relation = {
			id: 901,
			clientnr: 4001,
			name: 'Bouw NV',
			address: 'Stationsstraat 1',
			zipcode: '9000',
			city: 'Gent',
			contacts: [contact, { ...contact, contact_email: 'els.claes@example.be' }],
			_sync: { ...sync('relations', 901) },
		};
		const result = await runOutSmart(sim, { parameters: { resource: 'relation', operation: 'upsert', options: { detectExisting: true } }, items: [relation] });
		expect(result.error).toBeUndefined();
		expect(sim.store.count('contactpersons')).toBe(1);
		// Same item, same time: the later entry wins.
		expect(sim.store.get('contactpersons', 'C-77')).toMatchObject({ cpn_email: 'els.claes@example.be' });
		expect((result.outputs[0][0].json.related as IDataObject[]).map((r) => r.action)).toEqual(['merged', 'created']);
	});
});
