import type { IDataObject } from 'n8n-workflow';

import {
	Problems,
	RecordBuilder,
	firstText,
	positiveId,
	recordOf,
	result,
	text,
	workOrderDate,
	workOrderTime,
	type MappingResult,
} from './common';
import type { MappingContext } from './context';
import { contactPersonCode } from './relations';
import { setCustomerFields } from './workOrderParties';

function assignmentWorkOrderNo(nr: unknown): string {
	const value = text(nr);
	return value && value !== '0' ? `A-${value}` : '';
}

/**
 * Bouwsoft Assignments record (+ `address`, `contact`, `employee`) → OutSmart work order `A-<nr>`: the
 * technician note becomes the internal description, `description_customer` the customer description, the
 * planned date and employee the schedule.
 */
export function mapAssignment(assignment: IDataObject, context: MappingContext): MappingResult {
	const { options } = context;
	const warnings: string[] = [];
	const problems = new Problems();
	const workorderNo = problems.need(
		assignmentWorkOrderNo(assignment.nr),
		'WorkorderNo',
		'nr',
		'the assignment has no number in Bouwsoft.',
	);
	const label = `Work order ${workorderNo || `assignment id ${text(assignment.id)}`}`;
	const address = recordOf(assignment.address);
	const contact = recordOf(assignment.contact);
	const employee = recordOf(assignment.employee);
	const builder = new RecordBuilder('workorders', warnings, label);
	builder
		.set('WorkorderNo', workorderNo, 'nr')
		.set('ShortWorkDescription', firstText(assignment.title, assignment.subject))
		.set('WorkDescription', text(assignment.description_customer))
		.set('InternalWorkDescription', text(assignment.note_technician))
		.set('OrderNr', text(assignment.yourreference))
		.set('ProjectNr', positiveId(assignment.project_pnr) ? String(assignment.project_pnr) : '', 'project_pnr')
		.set('WorkDate', workOrderDate(firstText(assignment.dateplanned, assignment.date)))
		.set('WorkTime', workOrderTime(assignment.timeplanned ?? assignment.time))
		.set('EmployeeNr', positiveId(employee?.nr) ? String(employee?.nr) : '', 'employee.nr')
		.set('CpnCode', contact ? contactPersonCode(contact.id) : '', 'contact.id');
	if (positiveId(assignment.employee_id) && !employee) {
		warnings.push(`${label}: employee ${text(assignment.employee_id)} was not found in Bouwsoft; the order is not scheduled for anyone.`);
	}
	setCustomerFields(
		builder,
		problems,
		{
			client: address,
			site: {
				name: firstText(assignment.address_name, address?.name),
				street: assignment.address_address,
				zip: assignment.address_zipcode,
				city: assignment.address_city,
				phone: firstText(address?.telephone1, address?.gsm),
				email: address?.email,
			},
			siteFields: { street: 'address_address', zip: 'address_zipcode', city: 'address_city' },
			contactName: firstText(contact?.contact_name, assignment.contact_name),
			clientField: 'address_id',
		},
		options,
	);
	return result(problems, [builder.build()], warnings);
}
