import type { IDataObject } from 'n8n-workflow';

import { Problems, RecordBuilder, result, text, type MappingResult } from './common';

/**
 * Derived Bouwsoft category `{ code, name, parent_code, kind, ... }` (a product list or group) → OutSmart
 * category. Lists are roots, groups point at their list; the node writes parents first.
 */
export function mapCategory(category: IDataObject): MappingResult {
	const warnings: string[] = [];
	const problems = new Problems();
	const code = problems.need(text(category.code), 'cat_code', 'code', 'the list or group has no name in Bouwsoft.');
	const name = problems.need(
		text(category.name) || text(category.group_name) || text(category.list_name),
		'cat_name',
		'name',
		'give the product list or group a name in Bouwsoft.',
	);
	const builder = new RecordBuilder('categories', warnings, `Category ${code}`)
		.set('cat_code', code, 'code')
		.set('cat_name', name)
		.set('cat_cat_code', text(category.parent_code), 'parent_code')
		.set('cat_display', 1);
	return result(problems, [builder.build()], warnings);
}
