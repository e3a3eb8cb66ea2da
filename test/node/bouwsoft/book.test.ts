import type { IDataObject } from 'n8n-workflow';

import type { BookingResult } from '../../../nodes/shared/workOrderExport';
import {
	ASSIGNMENT_ID,
	ASSIGNMENT_NR,
	OFFICE_NOTE,
	PROJECT_ID,
	PROJECT_PNR,
	bookEnv,
	material,
	period,
	readable,
	resultsOf,
	workOrder,
} from './bookEnv';
import type { BookEnv } from './bookEnv';

const A = `A-${ASSIGNMENT_NR}`;
const P = `P-${PROJECT_PNR}`;

/** A technician's day on A-1001: two periods (one with a break), a cable, sockets with a comma quantity. */
function a1001(rowId = '169824'): IDataObject {
	return workOrder({
		no: A,
		rowId,
		comment: 'Stopcontacten geplaatst, klant tevreden.',
		periods: [
			period('12-03-2026', '07:30', '12:00', { Break: '15', WorkRemark: 'Leiding in de muur was beschadigd.' }),
			period('12-03-2026', '12:30', '16:00', { EmployeeNr: '23', HourType: 'REG', WorkRemark: ' Stopcontacten geplaatst, klant tevreden. ' }),
		],
		materials: [material('K-100', '12,5', { MaterialUnit: 'm' }), material('0123', 4)],
	});
}

describe('Bouwsoft node: Book hours and materials', () => {
	let env: BookEnv;
	beforeAll(async () => {
		env = await bookEnv();
	});
	afterAll(async () => await env.close());
	beforeEach(() => {
		env.sim.reset();
		env.sim.resetRequests();
	});

	it('books an A- order on its assignment: hours in decimal hours, materials by article number, remark appended under the office note', async () => {
		const order = a1001();
		const result = await env.book([order]);
		const [item] = resultsOf(result) as unknown as Array<BookingResult & IDataObject>;
		expect(item).toMatchObject({
			workorderNo: A,
			rowId: '169824',
			status: 'booked',
			exported: true,
			assignment: { id: ASSIGNMENT_ID, nr: ASSIGNMENT_NR, projectPnr: PROJECT_PNR, created: false },
			hours: { written: 2, alreadyThere: 0, failed: 0 },
			materials: { written: 2, alreadyThere: 0, failed: 0 },
			remark: 'appended',
			warnings: [],
			_export: order._export,
		});
		expect(item.message).toBe(`Work order ${A} booked on Bouwsoft assignment ${ASSIGNMENT_NR} (id ${ASSIGNMENT_ID}): 2 hours and 2 material lines written, 0 already there; remark appended.`);
		expect(readable(env.lines('AssignmentLabor'))).toEqual([
			'2026-03-12 emp 5 7.5-12 break 0.25 job 1/01',
			'2026-03-12 emp 6 12.5-16 break 0 job 3/REG',
		]);
		// 0123 is the text article number, not product 123 (no numeric look-up of a text column).
		expect(readable(env.lines('AssignmentProducts'))).toEqual(['2026-03-12 product 501 × 12.5 m', '2026-03-12 product 502 × 4 st.']);
		expect(item.lines.map((l) => [l.kind, l.key, l.state, l.bouwsoftId !== undefined])).toEqual([
			['hours', 'hours|2026-03-12|5|07:30|12:00', 'written', true],
			['hours', 'hours|2026-03-12|6|12:30|16:00', 'written', true],
			['material', 'material|2026-03-12|501|12.5', 'written', true],
			['material', 'material|2026-03-12|502|4', 'written', true],
		]);
		// The office's text stays; the technician's remark (comment + period remarks, each once) goes below it.
		expect(env.sim.store.get('Assignments', ASSIGNMENT_ID)?.note_technician).toBe(
			`${OFFICE_NOTE}\n\n[OutSmart ${A}, 12-03-2026]\nStopcontacten geplaatst, klant tevreden.\nLeiding in de muur was beschadigd.`,
		);
		// Hours of an assignment with a project land in its post-calculation.
		expect(env.sim.postCalculation(PROJECT_ID).map((e) => e.kind)).toEqual(['hours', 'hours', 'products', 'products']);
		expect(result.itemsWithoutPairedItem).toBe(0);
		expect(result.outputs[0][0].pairedItem).toEqual({ item: 0 });
		// Requests: token, Employees, Jobs, Products ×2 (two codes, one each), Assignments by nr, 2 line reads,
		// 4 line writes, the assignment read again for its note, the note written.
		expect(env.sim.requestCounts()).toEqual({
			Authorize: 1,
			Employees: 1,
			Jobs: 1,
			Products: 2,
			Assignments: 3,
			AssignmentLabor: 3,
			AssignmentProducts: 3,
		});
		const hints = result.run.data.resultData.runData.Bouwsoft[0].hints ?? [];
		expect(hints.map((h) => h.message)).toEqual([
			'Bouwsoft booking: 1 work order booked, 0 already booked, 0 skipped, 0 failed; lines: 4 written, 0 already there (13 Bouwsoft requests).',
		]);
	});

	it('run twice: nothing new is written, every line and the remark are already there', async () => {
		await env.book([a1001()]);
		env.sim.resetRequests();
		const second = resultsOf(await env.book([a1001()]))[0] as unknown as BookingResult;
		expect(second).toMatchObject({
			status: 'booked',
			exported: true,
			hours: { written: 0, alreadyThere: 2, failed: 0 },
			materials: { written: 0, alreadyThere: 2, failed: 0 },
			remark: 'alreadyThere',
		});
		expect(second.message).toBe(`Work order ${A} was already booked: all 4 lines are on Bouwsoft assignment ${ASSIGNMENT_NR} (id ${ASSIGNMENT_ID}); remark already there.`);
		expect(env.sim.writeCount()).toBe(0);
		expect(env.lines('AssignmentLabor')).toHaveLength(2);
		expect(env.lines('AssignmentProducts')).toHaveLength(2);
	});

	it('a line the office already typed in by hand is not doubled; two identical lines need two', async () => {
		env.sim.store.insert('AssignmentLabor', { assignment_id: ASSIGNMENT_ID, date: '2026-03-12', employee_id: 5, from: 7.5, to: 12, break: 0.5, job_id: 2 });
		const order = workOrder({
			no: A,
			periods: [period('12-03-2026', '07:30', '12:00', { Break: '15' })],
			materials: [material('190165', 1), material('190165', 1)],
		});
		env.sim.store.insert('AssignmentProducts', { assignment_id: ASSIGNMENT_ID, date: '2026-03-12', product_id: 503, quantity: 1 });
		const [item] = resultsOf(await env.book([order])) as unknown as BookingResult[];
		expect(item).toMatchObject({ exported: true, hours: { written: 0, alreadyThere: 1 }, materials: { written: 1, alreadyThere: 1 } });
		// The office's own break and job stay as they typed them.
		expect(readable(env.lines('AssignmentLabor'))).toEqual(['2026-03-12 emp 5 7.5-12 break 0.5 job 2/']);
		expect(env.lines('AssignmentProducts')).toHaveLength(2);
	});

	it('books a P- order on an assignment it creates once under the project (execute false, remark as its note); a second run reuses it', async () => {
		const order = workOrder({
			no: P,
			rowId: '170001',
			comment: 'Dakgoot hersteld',
			periods: [period('14-03-2026', '08:00', '17:00', { Break: '30', EmployeeNr: '23', HourType: '02' })],
			materials: [material('190165', '2')],
		});
		const before = env.sim.store.count('Assignments');
		const [first] = resultsOf(await env.book([order])) as unknown as BookingResult[];
		expect(env.sim.store.count('Assignments')).toBe(before + 1);
		const created = env.sim.store.all('Assignments').at(-1)!;
		expect(created).toMatchObject({
			project_id: PROJECT_ID,
			project_pnr: PROJECT_PNR,
			address_id: 300,
			date: '2026-03-14',
			employee_id: 6,
			title: `Werk ${P}`,
			subject: `OutSmart ${P} #170001`,
			execute: false,
			note_technician: `[OutSmart ${P}, 14-03-2026]\nDakgoot hersteld`,
		});
		expect(first).toMatchObject({
			status: 'booked',
			exported: true,
			assignment: { id: created.id, nr: created.nr, projectPnr: PROJECT_PNR, created: true },
			hours: { written: 1 },
			materials: { written: 1 },
			remark: 'appended',
		});
		expect(readable(env.lines('AssignmentLabor', created.id))).toEqual(['2026-03-14 emp 6 8-17 break 0.5 job 2/02']);
		// The lines are linked to the project's post-calculation.
		expect(env.sim.postCalculation(PROJECT_ID).map((e) => [e.kind, e.assignmentId])).toEqual([
			['hours', created.id],
			['products', created.id],
		]);

		const [second] = resultsOf(await env.book([order])) as unknown as BookingResult[];
		expect(env.sim.store.count('Assignments')).toBe(before + 1);
		expect(second).toMatchObject({
			exported: true,
			assignment: { id: created.id, created: false },
			hours: { written: 0, alreadyThere: 1 },
			materials: { written: 0, alreadyThere: 1 },
			remark: 'alreadyThere',
		});
	});

	it('an order reopened and completed again with a later work period: only the new period, material and remark are added', async () => {
		const first = workOrder({
			no: A,
			rowId: '169900',
			comment: 'Eerste dag klaar.',
			periods: [period('12-03-2026', '08:00', '12:00')],
			materials: [material('K-100', 5)],
		});
		await env.book([first]);
		const again = workOrder({
			no: A,
			rowId: '169900',
			comment: 'Eerste dag klaar.',
			periods: [period('12-03-2026', '08:00', '12:00'), period('14-03-2026', '08:00', '10:00', { WorkRemark: 'Nog een stopcontact bijgeplaatst.' })],
			// The materials now take the later work date; the cable is found all the same.
			materials: [material('K-100', 5), material('0123', 1)],
		});
		const [item] = resultsOf(await env.book([again])) as unknown as BookingResult[];
		expect(item).toMatchObject({ exported: true, hours: { written: 1, alreadyThere: 1 }, materials: { written: 1, alreadyThere: 1 }, remark: 'appended' });
		expect(readable(env.lines('AssignmentProducts'))).toEqual(['2026-03-12 product 501 × 5 m', '2026-03-14 product 502 × 1 st.']);
		expect(env.sim.store.get('Assignments', ASSIGNMENT_ID)?.note_technician).toBe(
			`${OFFICE_NOTE}\n\n[OutSmart ${A}, 12-03-2026]\nEerste dag klaar.\n\n[OutSmart ${A}, 14-03-2026]\nNog een stopcontact bijgeplaatst.`,
		);
	});

	it('a work order that did not come from Bouwsoft is skipped with the reason; nothing is read or written', async () => {
		const order = workOrder({ no: 'WB-2026-77', periods: [period('12-03-2026', '08:00', '09:00')] });
		const [item] = resultsOf(await env.book([order])) as unknown as BookingResult[];
		expect(item).toMatchObject({ status: 'skipped', exported: false, lines: [], remark: 'none' });
		expect(item.message).toMatch(/did not come from Bouwsoft/);
		expect(env.sim.requests).toHaveLength(0);
	});

	it('a work order without hours, materials or remark is booked with nothing to write', async () => {
		const [item] = resultsOf(await env.book([workOrder({ no: A })])) as unknown as BookingResult[];
		expect(item).toMatchObject({ status: 'booked', exported: true, remark: 'none', lines: [] });
		expect(env.sim.writeCount()).toBe(0);
	});

	it.each([
		['documented filter syntax', false, { Products: 2, Assignments: 8 + 8 + 8 }],
		['extended filter syntax (or, ranges)', true, { Products: 1, Assignments: 1 + 8 + 8 }],
	])('many work orders (%s): master data read once per run, products once per distinct code, the rest per order', async (_name, extended, reads) => {
		const nrs = [1101, 1102, 1103, 1104, 1105, 1106, 1107, 1108];
		for (const nr of nrs) env.sim.store.insert('Assignments', { nr, date: '2026-03-10', execute: true, address_id: 300 });
		const orders = nrs.map((nr, i) =>
			workOrder({
				no: `A-${nr}`,
				comment: `Klaar ${nr}`,
				periods: [period('12-03-2026', '07:30', '12:00'), period('12-03-2026', '12:30', '16:00', { EmployeeNr: '23' })],
				materials: [material('K-100', i + 1), material('0123', 2)],
			}),
		);
		// The extended case needs a server that takes the inferred `or` and `lt` (reset() restores the confirmed dialect).
		if (extended) env.sim.filterSemantics.dialect = { comparisons: true, or: true, lowerCaseKeywords: true };
		// A credential without an access token yet (the simulator's reset made the stored one invalid).
		env.store.set('bouwsoftApi', { clientNr: env.sim.clientNr, refreshToken: env.sim.refreshToken, authUrl: env.sim.authUrl });
		env.sim.resetRequests();
		const results = resultsOf(await env.book(orders, { bookOptions: { extendedFilterSyntax: extended } })) as unknown as BookingResult[];
		expect(results.map((r) => r.exported)).toEqual(nrs.map(() => true));
		const counts = env.sim.requestCounts();
		// Per order: 2 line reads + 4 line writes, the assignment read for its note + the note written; the
		// assignments by nr one request each (documented syntax, up to 10) or one range read (extended).
		expect(counts).toEqual({ Authorize: 1, Employees: 1, Jobs: 1, ...reads, AssignmentLabor: 8 * 3, AssignmentProducts: 8 * 3 });
	});
});

