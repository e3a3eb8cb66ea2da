/**
 * The OutSmart node's Address Placeholder (Relation, "From Bouwsoft Record") against the OutSmart simulator,
 * which requires street, postal code and city on relations like OutSmart does.
 */
import type { IDataObject } from 'n8n-workflow';

import { startOutSmartSimulator } from '../../simulators/outsmart';
import type { OutSmartSimulator } from '../../simulators/outsmart';
import * as bs from '../../fixtures/bouwsoftItems';
import { runOutSmart } from './helpers';

const hints = (result: Awaited<ReturnType<typeof runOutSmart>>) =>
	(result.run.data.resultData.runData.OutSmart?.[0]?.hints ?? []).map((hint) => hint.message).join('\n');

/** A Bouwsoft client without street, postal code and city, with one contact. */
const withoutAddress = (clientnr: number, o: IDataObject = {}) =>
	bs.client(clientnr, { address: '', zipcode: '', city: '', contacts: [bs.contact(clientnr * 10)], ...o });

describe('OutSmart node: Address Placeholder for relations without an address', () => {
	let sim: OutSmartSimulator;
	beforeAll(async () => {
		sim = await startOutSmartSimulator();
	});
	afterAll(async () => await sim.close());
	beforeEach(() => sim.reset());

	const run = (items: IDataObject[], addressPlaceholder?: string, options: Record<string, boolean> = {}) =>
		runOutSmart(sim, {
			parameters: {
				resource: 'relation',
				operation: 'upsert',
				mappingMode: 'bouwsoft',
				...(addressPlaceholder === undefined ? {} : { addressPlaceholder }),
				options,
			},
			items,
			continueOnFail: true,
		});

	it('off (the default): the relation fails naming the Bouwsoft fields and the option; nothing reaches OutSmart', async () => {
		const result = await run([withoutAddress(1003)]);
		const [item] = result.outputs[0];
		expect(item.json).toMatchObject({ action: 'failed', resource: 'relation' });
		expect(String(item.json.error)).toContain('"street" (Bouwsoft "address"), "postal_code" (Bouwsoft "zipcode"), "city" (Bouwsoft "city")');
		expect(String(item.json.fix)).toContain('fill the street and house number of the relation in Bouwsoft (or set Address Placeholder on the OutSmart node).');
		expect(item.json).not.toHaveProperty('placeholder');
		expect(sim.store.count('relations')).toBe(0);
		expect(sim.store.count('contactpersons')).toBe(0);
		expect(sim.requests.filter((r) => r.method === 'POST')).toEqual([]);
		expect(hints(result)).toContain('0 created, 0 updated, 0 unchanged, 1 failed (0 requests).');
		expect(hints(result)).not.toMatch(/placeholder/);
	});

	it('on: the relation and its contact person are written with the placeholder, a warning and `placeholder` on the item', async () => {
		const result = await run([withoutAddress(1003)], 'Onbekend');
		const [item] = result.outputs[0];
		expect(result.error).toBeUndefined();
		expect(item.json).toMatchObject({
			action: 'upserted',
			key: '1003',
			record: { debtor_number: '1003', name: 'Bouwwerken Van Damme BV', street: 'Onbekend', postal_code: 'Onbekend', city: 'Onbekend' },
			placeholder: ['street', 'postal_code', 'city'],
			warnings: ['Relation 1003: no street, postal code, city in Bouwsoft; sent "Onbekend".'],
		});
		expect(item.json.related).toEqual([expect.objectContaining({ resource: 'contactpersons', key: 'C-10030', action: 'upserted' })]);
		expect(sim.store.get('relations', '1003')).toMatchObject({ street: 'Onbekend', postal_code: 'Onbekend', city: 'Onbekend', name: 'Bouwwerken Van Damme BV' });
		expect(sim.store.get('contactpersons', 'C-10030')).toMatchObject({ cpn_debtor_nr: '1003', cpn_name: 'Els Van Damme' });
		expect(hints(result)).toContain('1 upserted, 0 failed, 1 relation with a placeholder address (2 requests).');
	});

	it('a mixed run: only the empty fields are filled, a full address is unchanged, the hint counts the relations with a placeholder', async () => {
		const items = [
			withoutAddress(1003, { city: 'Brugge' }),
			bs.client(1001, { contacts: [bs.contact(71)] }),
			withoutAddress(1004),
			bs.client(1005, { zipcode: ' ' }),
		];
		const result = await run(items, 'Onbekend');
		const out = result.outputs[0].map((item) => item.json);
		expect(out.map((json) => json.action)).toEqual(['upserted', 'upserted', 'upserted', 'upserted']);
		expect(out.map((json) => json.placeholder ?? null)).toEqual([['street', 'postal_code'], null, ['street', 'postal_code', 'city'], ['postal_code']]);
		expect(out[0].warnings).toEqual(['Relation 1003: no street, postal code in Bouwsoft; sent "Onbekend".']);
		expect(out[1]).not.toHaveProperty('warnings');
		expect(sim.store.get('relations', '1003')).toMatchObject({ street: 'Onbekend', postal_code: 'Onbekend', city: 'Brugge' });
		expect(sim.store.get('relations', '1001')).toMatchObject({ street: 'Stationsstraat 45', postal_code: '8000', city: 'Brugge', contact: 'Els Van Damme' });
		expect(sim.store.get('relations', '1005')).toMatchObject({ street: 'Stationsstraat 45', postal_code: 'Onbekend', city: 'Brugge' });
		expect(sim.store.count('contactpersons')).toBe(3);
		expect(hints(result)).toContain('4 upserted, 0 failed, 3 relations with a placeholder address (2 requests).');
	});

	it('a relation without a name still fails (the name is never replaced), the others are written', async () => {
		const result = await run([withoutAddress(1006, { name: '' }), withoutAddress(1007)], 'Onbekend');
		const [nameless, written] = result.outputs[0].map((item) => item.json);
		expect(nameless).toMatchObject({ action: 'failed' });
		expect(String(nameless.error)).toContain('"name" (Bouwsoft "name")');
		expect(nameless).not.toHaveProperty('placeholder');
		expect(written).toMatchObject({ action: 'upserted', placeholder: ['street', 'postal_code', 'city'] });
		expect(sim.store.has('relations', '1006')).toBe(false);
		expect(hints(result)).toContain('1 failed, 1 relation with a placeholder address');
	});

	it('dry run: predicts the placeholder without sending', async () => {
		const result = await run([withoutAddress(1008)], 'Onbekend', { dryRun: true });
		expect(result.outputs[0][0].json).toMatchObject({ dryRun: true, placeholder: ['street', 'postal_code', 'city'], record: { street: 'Onbekend' } });
		expect(sim.store.count('relations')).toBe(0);
		expect(hints(result)).toContain('OutSmart dry run (nothing sent)');
		expect(hints(result)).toContain('1 relation with a placeholder address');
	});
});
