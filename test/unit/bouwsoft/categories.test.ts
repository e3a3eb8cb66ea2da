import { buildCategoryTree } from '../../../nodes/Bouwsoft/imports/materialCategories';
import { parseGroupValue, productSelection } from '../../../nodes/Bouwsoft/imports/productSelection';
import { relations, SKIP_NO_CLIENT_NUMBER, SKIP_NO_NAME } from '../../../nodes/Bouwsoft/imports/relations';
import { DEFAULT_CATEGORY_OPTIONS } from '../../../nodes/Bouwsoft/imports/types';
import { distinctStockLocations } from '../../../nodes/Bouwsoft/imports/warehouses';
import { CONFIRMED_DIALECT, EXTENDED_DIALECT, splitForPushDown, toFilterString } from '../../../nodes/Bouwsoft/transport/query';

describe('material selection', () => {
	it('one list is pushed down in the confirmed dialect; several need or (extended) or stay local', () => {
		const one = productSelection(['VERF'], []);
		expect(toFilterString(splitForPushDown(one, CONFIRMED_DIALECT).pushed!)).toBe("list eq 'VERF'");
		const two = productSelection(['VERF', 'BOUW'], ['G:SANI/01 Kranen']);
		expect(splitForPushDown(two, CONFIRMED_DIALECT)).toEqual({ pushed: undefined, local: two });
		expect(toFilterString(splitForPushDown(two, EXTENDED_DIALECT).pushed!)).toBe(
			"list eq 'VERF' or list eq 'BOUW' or (list eq 'SANI' and group eq '01 Kranen')",
		);
		expect(productSelection([], [])).toBeUndefined();
		// a group of a list that is selected as a whole adds nothing
		expect(productSelection(['VERF'], ['G:VERF/01 Levis'])).toEqual({ field: 'list', op: 'eq', value: 'VERF' });
		expect(parseGroupValue('G:VERF/01/02')).toEqual({ list: 'VERF', group: '01/02' });
		expect(parseGroupValue('L:VERF')).toBeUndefined();
	});
	it('a value with a quote is never sent, only evaluated locally', () => {
		const sel = productSelection(["O'NEIL"], []);
		expect(splitForPushDown(sel, CONFIRMED_DIALECT).pushed).toBeUndefined();
	});
});

describe('categories tree', () => {
	const lists = [
		{ id: 5, name: 'VERF' },
		{ id: 6, name: 'BOUW' },
	];
	const groups = [
		{ id: 19, name: '01 Levis', list_id: 5, list_name: 'VERF' },
		{ id: 20, name: 'VERF', list_id: 6, list_name: 'BOUW' },
		{ id: 21, name: 'Orphan', list_id: 9, list_name: 'LOST' },
	];
	it('lists are roots, groups children, codes never collide, parents come first', () => {
		const tree = buildCategoryTree(lists, groups, DEFAULT_CATEGORY_OPTIONS);
		const codes = tree.map((c) => c.code);
		expect(new Set(codes).size).toBe(codes.length);
		expect(tree.find((c) => c.code === 'G:BOUW/VERF')).toMatchObject({ parent_code: 'L:BOUW', kind: 'group', group_name: 'VERF', bouwsoft_id: 20 });
		expect(tree.find((c) => c.code === 'L:VERF')).toMatchObject({ parent_code: null, kind: 'list', bouwsoft_id: 5 });
		// a group whose list is not in ProductLists still gets its parent
		expect(codes).toContain('L:LOST');
		const firstGroup = tree.findIndex((c) => c.kind === 'group');
		expect(tree.slice(firstGroup).every((c) => c.kind === 'group')).toBe(true);
	});
	it('narrows to the selected lists and groups', () => {
		const tree = buildCategoryTree(lists, groups, { productLists: [], productGroups: ['G:VERF/01 Levis'] });
		expect(tree.map((c) => c.code).sort()).toEqual(['G:VERF/01 Levis', 'L:VERF']);
	});
});

describe('warehouses', () => {
	it('distinct stock locations, without location 0, sorted by id', () => {
		const rows = [
			{ stock_locationid: 2, stock_location: 'Magazijn Gent' },
			{ stock_locationid: 1, stock_location: 'Hoofdmagazijn' },
			{ stock_locationid: 2, stock_location: 'Magazijn Gent' },
			{ stock_locationid: 0, stock_location: '' },
		];
		expect(distinctStockLocations(rows)).toEqual([
			{ code: '1', name: 'Hoofdmagazijn', stock_locationid: 1, stock_location: 'Hoofdmagazijn' },
			{ code: '2', name: 'Magazijn Gent', stock_locationid: 2, stock_location: 'Magazijn Gent' },
		]);
	});
});

describe('relations eligibility', () => {
	it('needs a client number above 0 and a non-blank name', () => {
		const check = (r: object) => relations.precheck!(r as never, DEFAULT_CATEGORY_OPTIONS);
		expect(check({ clientnr: 12, name: 'Bouwbedrijf Peeters' })).toBeUndefined();
		expect(check({ clientnr: 0, name: 'Leverancier' })).toBe(SKIP_NO_CLIENT_NUMBER);
		expect(check({ clientnr: '', name: 'X' })).toBe(SKIP_NO_CLIENT_NUMBER);
		expect(check({ clientnr: 3, name: '  ' })).toBe(SKIP_NO_NAME);
	});
});
