import type { IDataObject } from 'n8n-workflow';

import { productCategoryCode } from '../../shared/categoryCodes';
import { Problems, RecordBuilder, decimal, firstText, money, result, text, type MappedWrite, type MappingResult } from './common';
import type { MappingContext } from './context';

/**
 * Bouwsoft Products record → OutSmart material (code = `nr1`) and, when wanted, its link to the category of
 * its group (or its list when it has no group).
 */
export function mapMaterial(product: IDataObject, context: MappingContext): MappingResult {
	const { options } = context;
	const warnings: string[] = [];
	const problems = new Problems();
	const code = problems.need(text(product.nr1), 'code', 'nr1', 'give the product an article number (nr1) in Bouwsoft.');
	const label = `Material ${code || `id ${text(product.id)}`}`;
	const description = problems.need(
		firstText(product.description, product.description_localized),
		'description',
		'description',
		'give the product a description in Bouwsoft.',
	);
	let price = decimal(product[options.priceField]);
	if (price === undefined) {
		price = 0;
		warnings.push(`${label}: Bouwsoft "${options.priceField}" is empty; sent price 0.00.`);
	}
	const unit = firstText(product.unit, product.unit_localized, product.salesunit, options.defaultUnit);
	problems.need(unit, 'unit', 'unit', 'fill the product unit in Bouwsoft or set "Default Unit" on the OutSmart node.');
	if (product.active === false) {
		warnings.push(`${label}: inactive in Bouwsoft; OutSmart materials have no active flag, so it is written as it is.`);
	}
	const writes: MappedWrite[] = [];
	const material = new RecordBuilder('materials', warnings, label)
		.set('code', code, 'nr1')
		.set('description', description)
		.set('price', money(price))
		.set('unit', unit)
		.set('barcode', text(product.barcode))
		.build();
	if (context.wants('materials')) writes.push(material);
	if (context.wants('material_categories') && options.linkCategories && code) {
		const categoryCode = productCategoryCode(product.list, product.group);
		if (categoryCode) {
			writes.push(
				new RecordBuilder('material_categories', warnings, label)
					.set('mct_mat_code', code, 'nr1')
					.set('mct_cat_code', categoryCode, 'list/group')
					.build(),
			);
		} else {
			warnings.push(`${label}: no product list in Bouwsoft, so no category link.`);
		}
	}
	return result(problems, writes, warnings);
}
