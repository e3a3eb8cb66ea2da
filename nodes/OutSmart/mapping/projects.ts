import type { IDataObject } from 'n8n-workflow';

import {
	Problems,
	RecordBuilder,
	decimal,
	firstText,
	flag,
	isoDate,
	positiveId,
	recordOf,
	result,
	text,
	workOrderDate,
	type MappedWrite,
	type MappingResult,
} from './common';
import type { MappingContext } from './context';
import { debtorNumber } from './relations';
import { setCustomerFields } from './workOrderParties';

/** Work order number of a Bouwsoft project. */
function projectWorkOrderNo(pnr: unknown): string {
	const nr = text(pnr);
	return nr && nr !== '0' ? `P-${nr}` : '';
}

/** OutSmart project status text from Bouwsoft's flags (Bouwsoft has no single status field). */
export function projectStatus(project: IDataObject): string {
	if (project.completed === true) return 'Afgerond';
	if (project.rejected === true) return 'Afgewezen';
	if (project.approved === true) return 'Goedgekeurd';
	return 'Offerte';
}

/**
 * Bouwsoft Projects record (+ `client`, + `activities`) → OutSmart project (code = `pnr`), its activities
 * and a work order `P-<pnr>`, in that order.
 */
export function mapProject(project: IDataObject, context: MappingContext): MappingResult {
	const { options } = context;
	const warnings: string[] = [];
	const problems = new Problems();
	const code = problems.need(
		positiveId(project.pnr) ? String(project.pnr) : '',
		'code',
		'pnr',
		'the project has no project number in Bouwsoft.',
	);
	const label = `Project ${code || `id ${text(project.id)}`}`;
	const client = recordOf(project.client);
	const writes: MappedWrite[] = [];

	if (context.wants('projects')) {
		const debtor = problems.need(
			debtorNumber(client),
			'debtor_number',
			client ? 'client.clientnr' : 'client_addressid',
			client
				? 'give the project client a client number in Bouwsoft.'
				: 'link the project to a client in Bouwsoft (and sync relations first).',
		);
		const name = problems.need(text(project.name), 'name', 'name', 'give the project a name in Bouwsoft.');
		const start = problems.need(
			firstText(isoDate(project.date_approved), isoDate(project.date_created)),
			'date_start',
			'date_approved',
			'the project has neither an approval nor a creation date in Bouwsoft.',
		);
		writes.push(
			new RecordBuilder('projects', warnings, label)
				.set('code', code, 'pnr')
				.set('code_ext', positiveId(project.unr) ? String(project.unr) : '')
				.set('name', name)
				.set('debtor_number', debtor, 'client.clientnr')
				.set('debtor_number_invoice', debtor, 'client.clientnr')
				.set('status', projectStatus(project))
				.set('date_start', start)
				.set('date_end', isoDate(project.date_completed))
				.set('description', text(project.yourreference))
				.set('active', project.completed === true ? 0 : flag(project.active))
				.build(),
		);
	}

	if (context.wants('project_activities') && options.includeActivities && code) {
		const activities = Array.isArray(project.activities) ? (project.activities as IDataObject[]) : [];
		activities.forEach((activity, index) => {
			const mapped = mapActivity(activity, code, index, warnings);
			if (mapped) writes.push(mapped);
		});
	}

	if (context.wants('workorders') && options.createWorkOrder) {
		const builder = new RecordBuilder('workorders', warnings, label);
		builder
			.set('WorkorderNo', projectWorkOrderNo(code), 'pnr')
			.set('ProjectNr', code, 'pnr')
			.set('ExternProjectNr', positiveId(project.unr) ? String(project.unr) : '')
			.set('OrderNr', text(project.ordernr))
			.set('ShortWorkDescription', text(project.name))
			.set('WorkDescription', text(project.name))
			.set('WorkDeadline', workOrderDate(project.date_completed));
		setCustomerFields(
			builder,
			problems,
			{
				client,
				site: {
					name: firstText(client?.name, project.client_name),
					street: project.address,
					zip: project.zipcode,
					city: project.city,
					phone: firstText(project.telephone1, project.gsm),
				},
				siteFields: { street: 'address', zip: 'zipcode', city: 'city' },
				contactName: '',
				clientField: 'client_addressid',
			},
			options,
		);
		writes.push(builder.build());
	}
	return result(problems, writes, warnings);
}

/** ProjectPhases (`PH-<id>`) or ActualCostItems (`AC-<id>`) → OutSmart project activity. */
function mapActivity(activity: IDataObject, projectCode: string, index: number, warnings: string[]): MappedWrite | undefined {
	if (!activity || typeof activity !== 'object') return undefined;
	const id = positiveId(activity.id);
	if (!id) {
		warnings.push(`Project ${projectCode}: an activity without id was left out.`);
		return undefined;
	}
	const isPhase = 'title' in activity || 'projectphase_id' in activity || 'date_deadline' in activity;
	const code = `${isPhase ? 'PH' : 'AC'}-${id}`;
	const name = isPhase
		? firstText(activity.title, `Fase ${id}`)
		: firstText(activity.description, activity.description_localized, activity.nr1, `Post ${id}`);
	const hours = decimal(isPhase ? activity.estimatedwork_hours : activity.hours);
	return new RecordBuilder('project_activities', warnings, `Activity ${code}`)
		.set('pra_code', code, 'activities.id')
		.set('pra_pro_code', projectCode, 'pnr')
		.set('pra_name', name)
		.set('pra_description', isPhase ? text(activity.note) : text(activity.nr1))
		.set('pra_date_end', isPhase ? isoDate(activity.date_deadline) : '')
		.set('pra_order', index + 1)
		.set('pra_budget_hours', hours !== undefined ? String(hours) : undefined)
		.build();
}
