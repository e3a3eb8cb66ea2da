import type { IDataObject } from 'n8n-workflow';

import { Problems, RecordBuilder, decimal, money, result, text, type MappingResult } from './common';

/** Bouwsoft Jobs (labour category) → OutSmart hour type; sale price = `price_hour`. */
export function mapHourType(job: IDataObject): MappingResult {
	const warnings: string[] = [];
	const problems = new Problems();
	const code = problems.need(text(job.code), 'code', 'code', 'give the labour category (Jobs) a code in Bouwsoft.');
	const name = problems.need(text(job.name), 'name', 'name', 'give the labour category (Jobs) a name in Bouwsoft.');
	const context = `Hour type ${code || text(job.id)}`;
	let price = decimal(job.price_hour);
	if (price === undefined) {
		price = 0;
		if (code) warnings.push(`${context}: Bouwsoft "price_hour" is empty; sent sale price 0.00.`);
	}
	const builder = new RecordBuilder('hourtypes', warnings, context)
		.set('code', code, 'code')
		.set('name', name)
		.set('cost_booking', 1)
		.set('sale_booking', 1)
		.set('sale_price', money(price))
		.set('active', 1);
	return result(problems, [builder.build()], warnings);
}
