/**
 * Address Placeholder (mapping option `addressPlaceholder`): a Bouwsoft relation without street, postal code or
 * city still reaches OutSmart with the placeholder in each empty one, a warning naming them and `placeholder`
 * on the output item. Off (''), such relations fail naming the Bouwsoft field to fill, as before.
 */
import type { IDataObject } from 'n8n-workflow';

import { DEFAULT_MAPPING_OPTIONS, MAPPERS, describeProblems } from '../../../nodes/OutSmart/mapping';
import type { MappingContext, MappingResult } from '../../../nodes/OutSmart/mapping';
import { missingAddressFields } from '../../../nodes/OutSmart/mapping/relations';
import { buildOutput, placeholderOf } from '../../../nodes/OutSmart/upsert/output';
import type { ItemPlan, UpsertSettings } from '../../../nodes/OutSmart/upsert/types';
import * as bs from '../../fixtures/bouwsoftItems';

const context = (addressPlaceholder: string, wants: MappingContext['wants'] = () => true): MappingContext => ({
	options: { ...DEFAULT_MAPPING_OPTIONS, addressPlaceholder },
	wants,
});
const ok = (result: MappingResult) => {
	if (!result.ok) throw new Error(`mapping failed: ${JSON.stringify(result.problems)}`);
	return result;
};
const noAddress = (clientnr: number, o: IDataObject = {}) => bs.client(clientnr, { address: '', zipcode: null, city: '  ', ...o });

describe('Address Placeholder: mapping', () => {
	it('is off by default: a relation without an address fails naming each Bouwsoft field and the option', () => {
		expect(DEFAULT_MAPPING_OPTIONS.addressPlaceholder).toBe('');
		const result = MAPPERS.relations(noAddress(1003), context(''));
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.problems.map((p) => [p.outSmartField, p.bouwsoftField])).toEqual([
			['street', 'address'],
			['postal_code', 'zipcode'],
			['city', 'city'],
		]);
		expect(describeProblems(result.problems)).toContain(
			'OutSmart needs "street" but Bouwsoft "address" is empty: fill the street and house number of the relation in Bouwsoft (or set Address Placeholder on the OutSmart node).',
		);
		expect(result.warnings).toEqual([]);
	});

	it('a whitespace-only placeholder counts as off', () => {
		expect(MAPPERS.relations(noAddress(1003), context('   ')).ok).toBe(false);
	});

	it('fills only the empty fields, trimmed, and names them in one warning', () => {
		const { writes, warnings } = ok(MAPPERS.relations(bs.client(1003, { address: '', zipcode: ' ' }), context(' Onbekend ')));
		expect(writes[0].record).toMatchObject({ debtor_number: '1003', name: 'Bouwwerken Van Damme BV', street: 'Onbekend', postal_code: 'Onbekend', city: 'Brugge' });
		expect(warnings).toEqual(['Relation 1003: no street, postal code in Bouwsoft; sent "Onbekend".']);
	});

	it('all three empty: all three filled', () => {
		const { writes, warnings } = ok(MAPPERS.relations(noAddress(1004), context('Onbekend')));
		expect(writes[0].record).toMatchObject({ street: 'Onbekend', postal_code: 'Onbekend', city: 'Onbekend' });
		expect(warnings).toEqual(['Relation 1004: no street, postal code, city in Bouwsoft; sent "Onbekend".']);
	});

	it('a relation with a full address is mapped exactly as without the option, without a warning', () => {
		const item = bs.client(1001, { contacts: [bs.contact(71)] });
		const on = ok(MAPPERS.relations(item, context('Onbekend')));
		const off = ok(MAPPERS.relations(item, context('')));
		expect(on).toEqual(off);
		expect(on.warnings).toEqual([]);
		expect(on.writes[0].record).toMatchObject({ street: 'Stationsstraat 45', postal_code: '8000', city: 'Brugge' });
	});

	it('never replaces the name or the client number: those still fail, without a placeholder warning', () => {
		const nameless = MAPPERS.relations(noAddress(1005, { name: '' }), context('Onbekend'));
		expect(nameless.ok).toBe(false);
		if (!nameless.ok) expect(nameless.problems.map((p) => p.outSmartField)).toEqual(['name']);
		expect(nameless.warnings).toEqual([]);
		const noClient = MAPPERS.relations(noAddress(0), context('Onbekend'));
		expect(noClient.ok).toBe(false);
		if (!noClient.ok) expect(noClient.problems.map((p) => p.outSmartField)).toEqual(['debtor_number']);
	});

	it('contact persons follow the relation as before', () => {
		const { writes } = ok(MAPPERS.relations(noAddress(1006, { contacts: [bs.contact(81), bs.contact(82, { contact_name: 'Tom Claes' })] }), context('Onbekend')));
		expect(writes.map((w) => [w.kind, w.key])).toEqual([
			['relations', '1006'],
			['contactpersons', 'C-81'],
			['contactpersons', 'C-82'],
		]);
		expect(writes[1].record).toEqual({ cpn_code: 'C-81', cpn_debtor_nr: '1006', cpn_name: 'Els Van Damme', cpn_phone: '+32 476 00 11 22', cpn_email: 'els@vandamme.be' });
	});

	it('the Contact Person resource (no relation written) is not affected and says nothing about a placeholder', () => {
		const result = ok(MAPPERS.relations(noAddress(1007, { contacts: [bs.contact(83)] }), context('Onbekend', (kind) => kind === 'contactpersons')));
		expect(result.writes.map((w) => w.key)).toEqual(['C-83']);
		expect(result.warnings).toEqual([]);
	});

	it('a placeholder longer than OutSmart stores is cut like any text, with the usual warning', () => {
		const long = 'x'.repeat(300);
		const { writes, warnings } = ok(MAPPERS.relations(bs.client(1008, { city: '' }), context(long)));
		expect(writes[0].record.city).toBe('x'.repeat(255));
		expect(warnings).toEqual([
			`Relation 1008: no city in Bouwsoft; sent "${long}".`,
			'Relation 1008: "city" was cut to 255 characters (it had 300); OutSmart does not store more.',
		]);
	});

	it('missingAddressFields names the OutSmart fields whose Bouwsoft source is empty', () => {
		expect(missingAddressFields(bs.client(1))).toEqual([]);
		expect(missingAddressFields(bs.client(1, { zipcode: 0 }))).toEqual([]);
		expect(missingAddressFields(bs.client(1, { address: null, city: undefined }))).toEqual(['street', 'city']);
	});
});

describe('Address Placeholder: output items', () => {
	const settings = (addressPlaceholder: string, mappingMode: UpsertSettings['mappingMode'] = 'bouwsoft') =>
		({ resource: 'relation', mappingMode, dryRun: false, mapping: { ...DEFAULT_MAPPING_OPTIONS, addressPlaceholder } }) as UpsertSettings;
	const relationPlan = (index: number, record: IDataObject, extra: Partial<ItemPlan> = {}): ItemPlan => ({
		index,
		writes: [{ item: index, kind: 'relations', key: String(record.debtor_number), record, action: 'upserted' }],
		warnings: [],
		...extra,
	});

	it('carries `placeholder` with the OutSmart fields filled; nothing on a full address, when off or in Map Fields mode', () => {
		const inputs = [bs.client(1003, { address: '', zipcode: '' }), bs.client(1001)];
		const plans = [
			relationPlan(0, { debtor_number: '1003', street: 'Onbekend', postal_code: 'Onbekend', city: 'Brugge' }),
			relationPlan(1, { debtor_number: '1001', street: 'Stationsstraat 45', postal_code: '8000', city: 'Brugge' }),
		];
		const [filled, full] = buildOutput(plans, settings('Onbekend'), [], false, inputs);
		expect(filled.json.placeholder).toEqual(['street', 'postal_code']);
		expect(full.json).not.toHaveProperty('placeholder');
		expect(buildOutput(plans, settings(''), [], false, inputs)[0].json).not.toHaveProperty('placeholder');
		expect(placeholderOf(plans[0], settings('Onbekend', 'mapFields'), inputs[0])).toEqual([]);
	});

	it('an item whose mapping failed (no relation written) carries none', () => {
		const failed: ItemPlan = { index: 0, writes: [], warnings: [], failure: { message: 'x', fix: 'y' } };
		expect(placeholderOf(failed, settings('Onbekend'), bs.client(1005, { name: '', address: '' }))).toEqual([]);
	});
});
