import type { IDataObject } from 'n8n-workflow';

import { NUMBER_OPTIONS, boundedNumber } from '../../../nodes/OutSmart/settings';
import { resolveDuplicates, sortableTimestamp } from '../../../nodes/OutSmart/upsert/duplicates';
import type { ItemPlan, PlannedWrite } from '../../../nodes/OutSmart/upsert/types';
import { isNeverCut } from '../../../nodes/OutSmart/schema';
import { DEFAULT_MAPPING_OPTIONS, MAPPERS, RecordBuilder, characterCount, cutToCharacters } from '../../../nodes/OutSmart/mapping';
import type { MappingContext } from '../../../nodes/OutSmart/mapping';
import { product } from '../../node/outsmart/helpers';

const everything: MappingContext = { options: DEFAULT_MAPPING_OPTIONS, wants: () => true };
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('text lengths in characters', () => {
	it('counts code points, as utf8mb4 VARCHAR does', () => {
		expect(characterCount('🏗'.repeat(200))).toBe(200);
		expect('🏗'.repeat(200).length).toBe(400);
		expect(characterCount('e\u0301')).toBe(2);
		expect(cutToCharacters('a🏗b🏗', 2)).toBe('a🏗');
	});

	it('cuts a long text by whole characters and says how many it had', () => {
		const warnings: string[] = [];
		const record = new RecordBuilder('relations', warnings, 'Relation 1').set('name', '🏗'.repeat(300)).build().record;
		expect(Array.from(String(record.name))).toHaveLength(255);
		expect(String(record.name)).not.toMatch(LONE_SURROGATE);
		expect(warnings).toEqual(['Relation 1: "name" was cut to 255 characters (it had 300); OutSmart does not store more.']);
	});

	it('leaves 200 emoji (400 UTF-16 units) whole', () => {
		const warnings: string[] = [];
		const record = new RecordBuilder('relations', warnings, 'Relation 1').set('name', '🏗'.repeat(200)).build().record;
		expect(record.name).toBe('🏗'.repeat(200));
		expect(warnings).toEqual([]);
	});
});

describe('keys are never cut', () => {
	it('knows key fields and key references', () => {
		expect(isNeverCut('materials', 'code')).toBe(true);
		expect(isNeverCut('material_categories', 'mct_cat_code')).toBe(true);
		expect(isNeverCut('contactpersons', 'cpn_debtor_nr')).toBe(true);
		expect(isNeverCut('workorders', 'EmployeeNr')).toBe(true);
		expect(isNeverCut('materials', 'barcode')).toBe(false);
		expect(isNeverCut('relations', 'name')).toBe(false);
	});

	it('an article number over 255 characters fails the product, naming nr1 and the limit', () => {
		const nr1 = 'A'.repeat(262);
		const result = MAPPERS.materials(product(nr1), everything);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.problems).toEqual([
			expect.objectContaining({ outSmartField: 'code', bouwsoftField: 'nr1', tooLong: { length: 262, max: 255 } }),
			// The link carries the same key: named as well.
			expect.objectContaining({ outSmartField: 'mct_mat_code', bouwsoftField: 'nr1' }),
		]);
	});

	it('a key of exactly 255 characters is fine', () => {
		const result = MAPPERS.materials(product('B'.repeat(255)), everything);
		expect(result.ok).toBe(true);
	});

	it('a work order key over its limit is named by its Bouwsoft field', () => {
		const builder = new RecordBuilder('workorders', [], 'Work order').set('EmployeeNr', '9'.repeat(56), 'employee.nr');
		expect(builder.build().problems).toEqual([
			expect.objectContaining({ outSmartField: 'EmployeeNr', bouwsoftField: 'employee.nr', tooLong: { length: 56, max: 55 } }),
		]);
		expect(builder.record.EmployeeNr).toBe('9'.repeat(56));
	});
});

describe('numeric options', () => {
	it.each([
		[undefined, 500, 0],
		['', 500, 0],
		[50, 50, 0],
		['50', 50, 0],
		[2.7, 2, 1],
		['many', 500, 1],
		[Number.NaN, 500, 1],
		[Number.POSITIVE_INFINITY, 500, 1],
		[{}, 500, 1],
		[0, 1, 1],
		[-5, 1, 1],
		[1e9, 5000, 1],
	])('batch size %p → %p (%p notices)', (value, expected, noticeCount) => {
		const notices: string[] = [];
		expect(boundedNumber(value, NUMBER_OPTIONS.batchSize, notices)).toBe(expected);
		expect(notices).toHaveLength(noticeCount);
		if (noticeCount) expect(notices[0]).toMatch(/^Batch Size .*(1–5000|whole number)/);
	});

	it('time-outs may have fractions', () => {
		const notices: string[] = [];
		expect(boundedNumber(1.5, NUMBER_OPTIONS.timeoutSeconds, notices)).toBe(1.5);
		expect(boundedNumber('soon', NUMBER_OPTIONS.timeoutSeconds, notices)).toBe(60);
		expect(notices).toEqual(['Time-Out (Seconds) "soon" is not a number; used the default 60 (allowed: 1–3600).']);
	});
});

describe('one record per key', () => {
	it('reads the ts_lastupdate forms Bouwsoft items carry', () => {
		expect(sortableTimestamp('2025-03-01 09:05:07')).toBe('2025-03-01 09:05:07');
		expect(sortableTimestamp('2025-03-01T09:05:07+02:00')).toBe('2025-03-01 09:05:07');
		expect(sortableTimestamp('2025-03-01')).toBe('2025-03-01 00:00:00');
		expect(sortableTimestamp('31/03/2025 10:00')).toBe('2025-03-31 10:00:00');
		expect(sortableTimestamp('')).toBe('');
		expect(sortableTimestamp('gisteren')).toBe('');
		expect(sortableTimestamp(undefined)).toBe('');
	});

	function plansFor(timestamps: string[]): { plans: ItemPlan[]; writes: PlannedWrite[] } {
		const plans = timestamps.map((ts, index): ItemPlan => {
			const write: PlannedWrite = { item: index, kind: 'materials', key: 'K', record: { code: 'K', n: index } as IDataObject };
			return { index, writes: [write], warnings: [], sync: { category: 'materials', id: String(index), ts_lastupdate: ts, reason: 'changed' } };
		});
		return { plans, writes: plans.map((p) => p.writes[0]) };
	}

	it.each([
		[['2025-03-01 10:00:00', '2025-03-02 08:00:00', '2025-02-01 00:00:00'], 1],
		[['2025-03-02 08:00:00', '2025-03-01 10:00:00'], 0],
		[['2025-03-01 10:00:00', '2025-03-01 10:00:00'], 1],
		[['2025-03-01 10:00:00', ''], 0],
		[['', ''], 1],
		[['01/04/2025 10:00', '2025-03-31 23:59:59'], 0],
	])('%j → item %p wins', (timestamps, winner) => {
		const { plans, writes } = plansFor(timestamps);
		const { winners, merged } = resolveDuplicates(writes, plans);
		expect(winners.map((w) => w.item)).toEqual([winner]);
		expect(merged.map((w) => w.item).sort()).toEqual(timestamps.map((_, i) => i).filter((i) => i !== winner));
		for (const write of merged) expect(write.mergedInto).toBe(writes[winner]);
	});

	it('different keys or kinds never merge', () => {
		const { plans, writes } = plansFor(['', '']);
		writes[1].key = 'L';
		const { winners, merged } = resolveDuplicates(writes, plans);
		expect(winners).toHaveLength(2);
		expect(merged).toEqual([]);
	});
});
