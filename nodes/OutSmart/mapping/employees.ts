import type { IDataObject } from 'n8n-workflow';

import { Problems, RecordBuilder, firstText, flag, result, text, type MappingResult } from './common';

/** Bouwsoft Employees record → OutSmart employee (number = the Bouwsoft employee number `nr`). */
export function mapEmployee(employee: IDataObject): MappingResult {
	const warnings: string[] = [];
	const problems = new Problems();
	const number = problems.need(
		text(employee.nr) === '0' ? '' : text(employee.nr),
		'number',
		'nr',
		'give the employee an employee number in Bouwsoft.',
	);
	// Bouwsoft keeps the full name in `name`; split it when first name or surname is empty.
	const fullName = text(employee.name).split(/\s+/).filter(Boolean);
	const firstname = problems.need(
		firstText(employee.firstname, fullName.length > 1 ? fullName[0] : fullName.join(' ')),
		'firstname',
		'firstname',
		'fill the first name of the employee in Bouwsoft.',
	);
	const lastname = problems.need(
		firstText(employee.surname, fullName.length > 1 ? fullName.slice(1).join(' ') : ''),
		'lastname',
		'surname',
		'fill the surname of the employee in Bouwsoft.',
	);
	const context = `Employee ${number || text(employee.id)}`;
	const builder = new RecordBuilder('employees', warnings, context)
		.set('number', number, 'nr')
		.set('firstname', firstname)
		.set('lastname', lastname)
		.set('active', flag(employee.active))
		.set('email', text(employee.email))
		.set('mobile', firstText(employee.gsm, employee.telephone))
		.set('address', text(employee.address))
		.set('zipcode', text(employee.zipcode))
		.set('city', text(employee.city))
		.set('country', text(employee.countrycode));
	return result(problems, [builder.build()], warnings);
}
