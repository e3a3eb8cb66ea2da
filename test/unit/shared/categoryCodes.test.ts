import { groupCategoryCode, listCategoryCode, productCategoryCode } from '../../../nodes/shared/categoryCodes';

describe('category codes', () => {
	it('never lets a list and a group with the same name collide', () => {
		expect(listCategoryCode('VERF')).not.toBe(groupCategoryCode('VERF', 'VERF'));
		expect(groupCategoryCode('VERF', 'Binnen')).not.toBe(groupCategoryCode('SANITAIR', 'Binnen'));
	});

	it('links a product to its group, or to its list when it has no group', () => {
		expect(productCategoryCode('VERF', '01 Levis')).toBe('G:VERF/01 Levis');
		expect(productCategoryCode('VERF', '')).toBe('L:VERF');
		expect(productCategoryCode(' VERF ', '  ')).toBe('L:VERF');
		expect(productCategoryCode('', 'x')).toBeUndefined();
		expect(productCategoryCode(undefined, undefined)).toBeUndefined();
	});
});
