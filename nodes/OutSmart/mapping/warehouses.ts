import type { IDataObject } from 'n8n-workflow';

import { Problems, RecordBuilder, firstText, result, text, type MappingResult } from './common';

/** Derived Bouwsoft stock location `{ code, name, stock_locationid, stock_location }` → OutSmart warehouse. */
export function mapWarehouse(location: IDataObject): MappingResult {
	const warnings: string[] = [];
	const problems = new Problems();
	const code = problems.need(
		firstText(location.code, location.stock_locationid),
		'wse_code',
		'stock_locationid',
		'the stock location has no id in Bouwsoft.',
	);
	const name = problems.need(
		firstText(location.name, location.stock_location),
		'wse_description',
		'stock_location',
		'give the stock location a name in Bouwsoft.',
	);
	const builder = new RecordBuilder('warehouses', warnings, `Warehouse ${code}`)
		.set('wse_code', code, 'stock_locationid')
		.set('wse_description', name)
		.set('wse_external_id', text(location.stock_locationid));
	return result(problems, [builder.build()], warnings);
}
