/**
 * Seed for relations and work: Addresses, AddressContacts, Projects, ProjectPhases, ActualCostItems,
 * Assignments, AssignmentProducts, AssignmentLabor. Edge cases are listed in seed.ts.
 */
import { completeRecord as record } from './schema';
import type { SeedContext } from './seed';
import {
	ASSIGNMENT_STATUSES,
	ASSIGNMENT_TITLES,
	CITIES,
	COMPANY_PATTERNS,
	COST_ITEMS,
	FIRST_NAMES,
	PHASE_TITLES,
	PROJECT_KINDS,
	STREETS,
	SURNAMES,
	type Random,
} from './seedData';
import type { BouwsoftRecord, BouwsoftTables } from './types';

type WorkTables = Pick<
	BouwsoftTables,
	'Addresses' | 'AddressContacts' | 'Projects' | 'ProjectPhases' | 'ActualCostItems' | 'Assignments' | 'AssignmentProducts' | 'AssignmentLabor'
>;

/** Technician notes by assignment index % NOTE_VARIANTS.length; the keyword is 'OutSmart' in any case/accent. */
export const NOTE_VARIANTS = [
	'Klant verwittigen vooraf. OutSmart',
	'outsmart - werkbon meegeven',
	'Sleutel bij buren (nr 12)',
	'OUTSMART: dringend!',
	'',
	'Opvolgen via oútsmart aub',
	'Naar OutSmart 🔧 graag foto’s van de lekkage',
	'Materiaal ophalen in magazijn Gent',
] as const;

const SPECIAL_NAMES: Record<number, string> = {
	1: "Bakkerij 't Hoekske",
	3: 'Müller & Weiß GmbH',
	4: 'Crèmerie Noël',
	9: '',
	11: '  ',
};

export function buildWork(
	context: SeedContext,
	refs: { employees: BouwsoftRecord[]; products: BouwsoftRecord[]; jobs: BouwsoftRecord[] },
): WorkTables {
	const { Addresses, AddressContacts } = buildAddresses(context);
	const clients = Addresses.filter((a) => (a.clientnr as number) > 0 && String(a.name).trim() !== '');
	const { Projects, ProjectPhases, ActualCostItems } = buildProjects(context, clients);
	const assignments = buildAssignments(context, { ...refs, addresses: Addresses, contacts: AddressContacts, projects: Projects, costItems: ActualCostItems });
	return { Addresses, AddressContacts, Projects, ProjectPhases, ActualCostItems, ...assignments };
}

function phone(random: Random): string {
	return `0${random.int(2, 9)} ${random.int(200, 899)} ${random.int(10, 99)} ${random.int(10, 99)}`;
}

function gsm(random: Random): string {
	return `04${random.int(70, 99)} ${random.int(10, 99)} ${random.int(10, 99)} ${random.int(10, 99)}`;
}

function buildAddresses(context: SeedContext): Pick<WorkTables, 'Addresses' | 'AddressContacts'> {
	const random = context.random('Addresses');
	const contactRandom = context.random('AddressContacts');
	const Addresses: BouwsoftRecord[] = [];
	const AddressContacts: BouwsoftRecord[] = [];
	let clientnr = 1000;
	let suppliernr = 5000;
	for (let i = 0; i < context.options.addresses; i++) {
		const id = i + 1;
		const place = random.pick(CITIES);
		const surname = random.pick(SURNAMES);
		const isSupplier = i % 10 === 7;
		const isProspect = i === 8;
		const isPerson = !isSupplier && i % 3 === 0;
		const name =
			SPECIAL_NAMES[i] ??
			(isPerson ? `${surname} ${random.pick(FIRST_NAMES)}` : random.pick(COMPANY_PATTERNS).replace('{s}', surname).replace('{c}', place.city));
		const slug = (String(name).trim() || `relatie${id}`).toLowerCase().normalize('NFD').replace(/[^a-z]/g, '').slice(0, 20);
		const onlyGsm = i % 7 === 2;
		const address = record('Addresses', {
			id,
			clientnr: isSupplier || isProspect ? 0 : ++clientnr,
			suppliernr: isSupplier ? ++suppliernr : 0,
			groups: isSupplier ? 'Leveranciers' : isProspect ? 'Prospecten' : 'Klanten',
			salutation: isPerson ? random.pick(['Dhr.', 'Mevr.', 'Fam.']) : '',
			language_id: 1,
			name,
			address: `${random.pick(STREETS)} ${random.int(1, 250)}${random.chance(0.1) ? ' bus 2' : ''}`,
			countrycode: place.countrycode,
			zipcode: place.zipcode,
			city: place.city,
			telephone1: onlyGsm ? '' : phone(random),
			gsm: gsm(random),
			email: `info@${slug || 'relatie'}.be`,
			website: isPerson ? '' : `www.${slug}.be`,
			vatnr: isPerson ? '' : `BE0${random.int(400, 899)}.${random.int(100, 999)}.${random.int(100, 999)}`,
			vatregistered: !isPerson,
			iban1: `BE${random.int(10, 99)} ${random.int(1000, 9999)} ${random.int(1000, 9999)} ${random.int(1000, 9999)}`,
			term_of_payment: '30 dagen einde maand',
			date_created: context.day(random.int(30, 3000)),
			active: i !== 12,
			prospect_datefirstaction: isProspect ? context.day(20) : '',
			ts_lastupdate: context.stamp(random, i, true),
		});
		const contactCount = isSupplier ? 1 : contactRandom.int(0, context.options.maxContactsPerAddress);
		for (let k = 0; k < contactCount; k++) {
			const contactId = AddressContacts.length + 1;
			const first = contactRandom.pick(FIRST_NAMES);
			const emptyName = contactId % 13 === 5;
			AddressContacts.push(
				record('AddressContacts', {
					id: contactId,
					address_id: id,
					address_name: name,
					contact_salutation: contactRandom.pick(['Dhr.', 'Mevr.', '']),
					contact_name: emptyName ? '' : `${first} ${contactRandom.pick(SURNAMES)}`,
					contact_function: contactRandom.pick(['Zaakvoerder', 'Boekhouding', 'Aankoop', 'Syndicus', '']),
					contact_address: address.address,
					contact_countrycode: place.countrycode,
					contact_zipcode: place.zipcode,
					contact_city: place.city,
					contact_email: emptyName ? '' : `${first.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}@${slug || 'relatie'}.be`,
					contact_telephone: k % 2 === 0 ? '' : phone(contactRandom),
					contact_gsm: gsm(contactRandom),
					address_active: address.active,
					contact_default: k === 0,
					ts_lastupdate: context.stamp(contactRandom, contactId - 1),
				}),
			);
		}
		if (contactCount > 0) address.contact_id = AddressContacts.length - contactCount + 1;
		Addresses.push(address);
	}
	return { Addresses, AddressContacts };
}

type ProjectState = 'offer' | 'approved' | 'rejected' | 'completed' | 'approvedCompleted';
const PROJECT_STATES: ProjectState[] = ['offer', 'approved', 'rejected', 'completed', 'approvedCompleted'];

function buildProjects(context: SeedContext, clients: BouwsoftRecord[]): Pick<WorkTables, 'Projects' | 'ProjectPhases' | 'ActualCostItems'> {
	const random = context.random('Projects');
	const Projects: BouwsoftRecord[] = [];
	const ProjectPhases: BouwsoftRecord[] = [];
	const ActualCostItems: BouwsoftRecord[] = [];
	const yearCounters = new Map<number, number>();
	for (let i = 0; i < context.options.projects; i++) {
		const id = i + 1;
		const state = PROJECT_STATES[i % PROJECT_STATES.length];
		const client = i % 11 === 10 || clients.length === 0 ? undefined : clients[(i * 3 + random.int(0, 2)) % clients.length];
		const createdDaysAgo = random.int(20, 700);
		const year = Number(context.day(createdDaysAgo).slice(0, 4));
		const unr = (yearCounters.get(year) ?? 0) + 1;
		yearCounters.set(year, unr);
		const pnr = year * 10000 + unr;
		const place = random.pick(CITIES);
		const kind = random.pick(PROJECT_KINDS);
		const name = i === 1 ? "Verbouwing Bakkerij 't Hoekske" : `${kind} ${client ? String(client.name).trim() : place.city}`;
		const approved = state === 'approved' || state === 'approvedCompleted';
		const completed = state === 'completed' || state === 'approvedCompleted';
		const rejected = state === 'rejected';
		const project = record('Projects', {
			id,
			pnr,
			unr,
			name,
			yourreference: i % 4 === 0 ? `REF-${random.int(100, 999)}` : '',
			list: 'WERVEN',
			group: kind.startsWith('Nieuwbouw') ? 'Nieuwbouw' : 'Renovatie',
			address: `${random.pick(STREETS)} ${random.int(1, 200)}`,
			countrycode: place.countrycode,
			zipcode: place.zipcode,
			city: place.city,
			distance: random.int(2, 80),
			client_addressid: client?.id ?? 0,
			client_name: client?.name ?? '',
			client_telephone: client?.telephone1 ?? '',
			client_gsm: client?.gsm ?? '',
			client_email: client?.email ?? '',
			date_created: context.day(createdDaysAgo),
			date_approved: approved ? context.day(createdDaysAgo - 10) : '',
			date_rejected: rejected ? context.day(createdDaysAgo - 12) : '',
			date_completed: completed ? context.day(Math.max(1, createdDaysAgo - 15)) : '',
			ordernr: approved ? `BST-${pnr}` : '',
			contractamount: random.int(2, 400) * 500,
			hasactualcosts: approved,
			company_name: 'Demo Bouw NV',
			executiontime: random.int(5, 120),
			approved,
			rejected,
			completed,
			parent_id: i === 6 ? 1 : 0,
			active: !completed && !rejected,
			ts_lastupdate: context.stamp(random, i),
		});
		const phaseCount = random.int(0, context.options.maxPhasesPerProject);
		for (let k = 0; k < phaseCount; k++) {
			ProjectPhases.push(
				record('ProjectPhases', {
					id: ProjectPhases.length + 1,
					project_id: id,
					project_pnr: pnr,
					project_unr: unr,
					project_name: name,
					projectphase_id: k + 1,
					title: PHASE_TITLES[(k + random.int(0, 1)) % PHASE_TITLES.length],
					date_executed: completed || k === 0 ? context.day(Math.max(1, createdDaysAgo - 20 - k * 7)) : '',
					estimatedwork_hours: random.int(4, 120),
					date_deadline: context.day(Math.max(-60, createdDaysAgo - 30 - k * 14)),
					note: k === 1 ? 'Let op: asbestinventaris nodig vóór afbraak' : '',
				}),
			);
		}
		if (phaseCount > 0) {
			const current = ProjectPhases[ProjectPhases.length - 1 - random.int(0, phaseCount - 1)];
			project.currentphase_id = current.id;
			project.currentphase_title = current.title;
		}
		const costCount = random.int(1, 3);
		for (let k = 0; k < costCount; k++) {
			const description = COST_ITEMS[(i + k * 2) % COST_ITEMS.length];
			ActualCostItems.push(
				record('ActualCostItems', {
					id: ActualCostItems.length + 1,
					project_id: id,
					project_pnr: pnr,
					project_unr: unr,
					project_name: name,
					actualcost_id: id,
					nr1: `${k + 1}.${random.int(1, 9)}`,
					description,
					description_localized: description,
					hours: random.int(2, 200),
					unit: 'u',
					unit_localized: 'u',
					yield: 1,
					estimatedyield: 1,
					ts_lastupdate: context.stamp(random, ActualCostItems.length),
				}),
			);
		}
		Projects.push(project);
	}
	return { Projects, ProjectPhases, ActualCostItems };
}

interface AssignmentRefs {
	employees: BouwsoftRecord[];
	products: BouwsoftRecord[];
	jobs: BouwsoftRecord[];
	addresses: BouwsoftRecord[];
	contacts: BouwsoftRecord[];
	projects: BouwsoftRecord[];
	costItems: BouwsoftRecord[];
}

function buildAssignments(context: SeedContext, refs: AssignmentRefs): Pick<WorkTables, 'Assignments' | 'AssignmentProducts' | 'AssignmentLabor'> {
	const random = context.random('Assignments');
	const Assignments: BouwsoftRecord[] = [];
	const AssignmentProducts: BouwsoftRecord[] = [];
	const AssignmentLabor: BouwsoftRecord[] = [];
	const activeEmployees = refs.employees.filter((e) => e.active);
	const firstContact = firstBy(refs.contacts, 'address_id');
	const firstCostItem = firstBy(refs.costItems, 'project_id');
	const namedJobs = refs.jobs.filter((j) => j.name !== '');
	for (let i = 0; i < context.options.assignments; i++) {
		const id = i + 1;
		const address = i % 9 === 8 || refs.addresses.length === 0 ? undefined : refs.addresses[(i * 7 + random.int(0, 3)) % refs.addresses.length];
		const contact = address ? firstContact.get(address.id) : undefined;
		const employee = i % 8 === 5 || activeEmployees.length === 0 ? undefined : activeEmployees[i % activeEmployees.length];
		const project = i % 3 === 0 && refs.projects.length > 0 ? refs.projects[i % refs.projects.length] : undefined;
		const costItem = project ? firstCostItem.get(project.id) : undefined;
		const statusIndex = random.int(0, ASSIGNMENT_STATUSES.length - 1);
		const daysAgo = random.int(-20, 200);
		const assignment = record('Assignments', {
			id,
			company_name: 'Demo Bouw NV',
			date: context.day(daysAgo),
			dateplanned: statusIndex >= 1 ? context.day(daysAgo - 3) : '',
			nr: 24000 + id,
			title: ASSIGNMENT_TITLES[i % ASSIGNMENT_TITLES.length],
			subject: i % 2 === 0 ? 'Herstelling' : 'Onderhoud',
			status: ASSIGNMENT_STATUSES[statusIndex],
			planned: statusIndex >= 1,
			executed: statusIndex >= 3,
			finished: statusIndex === 4,
			executed_on: statusIndex >= 3 ? context.day(Math.max(daysAgo - 5, -10)) : '',
			employee_id: employee?.id ?? 0,
			employee_name: employee?.name ?? '',
			execute: i % 10 !== 9,
			description_customer: i === 4 ? 'Klant vraagt: "graag vóór 10u" — bel eerst 😊' : `${ASSIGNMENT_TITLES[i % ASSIGNMENT_TITLES.length]} ter plaatse uitvoeren.`,
			note_technician: NOTE_VARIANTS[i % NOTE_VARIANTS.length],
			address_id: address?.id ?? 0,
			address_name: address?.name ?? '',
			address_address: address?.address ?? '',
			address_countrycode: address?.countrycode ?? '',
			address_zipcode: address?.zipcode ?? '',
			address_city: address?.city ?? '',
			addresscontact_id: contact?.id ?? 0,
			contact_salutation: contact?.contact_salutation ?? '',
			contact_name: contact?.contact_name ?? '',
			project_id: project?.id ?? 0,
			project_pnr: project?.pnr ?? 0,
			project_unr: project?.unr ?? 0,
			project_name: project?.name ?? '',
			actualcost_id: costItem?.actualcost_id ?? 0,
			actualcostitem_id: costItem?.id ?? 0,
			actualcostitem_description: costItem?.description ?? '',
			actualcostitem_description_localized: costItem?.description ?? '',
			ts_lastupdate: context.stamp(random, i),
		});
		Assignments.push(assignment);
		const lineCount = refs.products.length > 0 ? random.int(1, 2) : 0;
		for (let k = 0; k < lineCount; k++) {
			const product = k === 1 && i % 4 === 0 ? undefined : refs.products[(i * 13 + k * 5) % refs.products.length];
			const job = namedJobs[(i + k) % namedJobs.length];
			AssignmentProducts.push(
				record('AssignmentProducts', {
					id: AssignmentProducts.length + 1,
					assignment_id: id,
					date: assignment.date,
					product_id: product?.id ?? 0,
					nr: product?.nr1 ?? '',
					description: product?.description ?? 'Klein materiaal (vrije tekst)',
					unit: product?.unit ?? 'st',
					unit_localized: product?.unit ?? 'st',
					quantity: random.int(1, 20) / (k === 0 ? 1 : 2),
					job_id: job?.id ?? 0,
					job_code: job?.code ?? '',
					job_name: job?.name ?? '',
				}),
			);
		}
		if (employee) {
			const job = namedJobs[i % namedJobs.length];
			const from = 7.5 + random.int(0, 4) * 0.5;
			AssignmentLabor.push(
				record('AssignmentLabor', {
					id: AssignmentLabor.length + 1,
					assignment_id: id,
					date: assignment.date,
					employee_id: employee.id,
					address_id: address?.id ?? 0,
					name: employee.name,
					responsible: true,
					job_id: job?.id ?? 0,
					job_code: job?.code ?? '',
					job_name: job?.name ?? '',
					ok: statusIndex >= 3,
					from,
					to: from + random.int(2, 8),
					break: 0.5,
					ts_lastupdate: assignment.ts_lastupdate,
				}),
			);
		}
	}
	return { Assignments, AssignmentProducts, AssignmentLabor };
}

function firstBy(records: BouwsoftRecord[], field: string): Map<number, BouwsoftRecord> {
	const map = new Map<number, BouwsoftRecord>();
	for (const r of records) if (!map.has(r[field] as number)) map.set(r[field] as number, r);
	return map;
}
