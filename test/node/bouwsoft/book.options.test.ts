/**
 * The Book operation's options and where failed work orders go: unknown technicians, materials and hour
 * types (both option values), rounding, default job, the node's On Error settings, and no token anywhere.
 */
import type { IDataObject } from 'n8n-workflow';

import type { BookingResult } from '../../../nodes/shared/workOrderExport';
import { findSecretsInLogs, logsToText } from '../../harness';
import { ASSIGNMENT_ID, ASSIGNMENT_NR, OFFICE_NOTE, bookEnv, material, period, readable, resultsOf, workOrder } from './bookEnv';
import type { BookEnv } from './bookEnv';

const A = `A-${ASSIGNMENT_NR}`;

describe('Bouwsoft node: Book options and failed work orders', () => {
	let env: BookEnv;
	beforeAll(async () => {
		env = await bookEnv();
	});
	afterAll(async () => await env.close());
	beforeEach(() => {
		env.sim.reset();
		env.sim.resetRequests();
	});

	const stranger = () =>
		workOrder({
			no: A,
			periods: [period('12-03-2026', '08:00', '12:00', { EmployeeNr: '99' }), period('12-03-2026', '13:00', '15:00')],
		});

	it('Unknown Employees = fail: nothing is booked, the item names the technician and the fix', async () => {
		const [item] = resultsOf(await env.book([stranger()], {}, true)) as unknown as BookingResult[];
		expect(item).toMatchObject({ status: 'failed', exported: false, remark: 'none', hours: { written: 0, failed: 1 } });
		expect(item.message).toMatch(/^Work order A-1001 was not booked, nothing was written to Bouwsoft\. Technician 99 \(work period 1 \(12-03-2026 08:00–12:00\)\) is not an employee number \(nr\) in Bouwsoft\. Fix: /);
		expect(item.fix).toMatch(/give the employee number 99 in Bouwsoft .*Book Without Employee/);
		expect(env.sim.writeCount()).toBe(0);
	});

	it('Unknown Employees = book without employee: employee_id 0, the technician named in the remark', async () => {
		const [item] = resultsOf(await env.book([stranger()], { unknownEmployees: 'withoutEmployee' })) as unknown as BookingResult[];
		expect(item).toMatchObject({ status: 'booked', exported: true, hours: { written: 2 }, remark: 'appended' });
		expect(readable(env.lines('AssignmentLabor'))).toEqual(['2026-03-12 emp 0 8-12 break 0 job 1/01', '2026-03-12 emp 5 13-15 break 0 job 1/01']);
		expect(env.sim.store.get('Assignments', ASSIGNMENT_ID)?.note_technician).toBe(
			`${OFFICE_NOTE}\n\n[OutSmart ${A}, 12-03-2026]\nTechnician 99 is not known in Bouwsoft: hours 12-03-2026 08:00–12:00 booked without employee.`,
		);
		// A second run finds the line without employee and the remark: nothing new.
		const [again] = resultsOf(await env.book([stranger()], { unknownEmployees: 'withoutEmployee' })) as unknown as BookingResult[];
		expect(again).toMatchObject({ hours: { written: 0, alreadyThere: 2 }, remark: 'alreadyThere' });
	});

	const unknownMaterial = () => workOrder({ no: A, materials: [material('K-100', 3), material('XYZ-9', '2,5', { MaterialName: "Lasdop 'grijs', klein", MaterialUnit: 'st' })] });

	it('Unknown Materials = fail: nothing is booked, the item names the code', async () => {
		const [item] = resultsOf(await env.book([unknownMaterial()], {}, true)) as unknown as BookingResult[];
		expect(item).toMatchObject({ status: 'failed', exported: false });
		expect(item.message).toMatch(/Material "XYZ-9" \(Lasdop 'grijs', klein\) is not an article number \(nr1\) in Bouwsoft\. Fix: add the product with article number XYZ-9/);
		expect(env.sim.writeCount()).toBe(0);
	});

	it('Unknown Materials = free text: product 0 with name and code (quotes and commas survive), unit and quantity; not doubled on a re-run', async () => {
		const [item] = resultsOf(await env.book([unknownMaterial()], { unknownMaterials: 'freeText' })) as unknown as BookingResult[];
		expect(item).toMatchObject({ status: 'booked', exported: true, materials: { written: 2 } });
		expect(item.warnings).toEqual([`Material "XYZ-9" is not a Bouwsoft product: booked as free text "Lasdop 'grijs', klein (XYZ-9)".`]);
		expect(readable(env.lines('AssignmentProducts'))).toEqual(['2026-03-12 product 501 × 3 m', `2026-03-12 product 0 "Lasdop 'grijs', klein (XYZ-9)" × 2.5 st`]);
		const [again] = resultsOf(await env.book([unknownMaterial()], { unknownMaterials: 'freeText' })) as unknown as BookingResult[];
		expect(again).toMatchObject({ materials: { written: 0, alreadyThere: 2 } });
	});

	it('an hour type that is no Bouwsoft job fails the order naming the code and the fix; the default job code books periods without one', async () => {
		const order = workOrder({ no: A, periods: [period('12-03-2026', '08:00', '10:00', { HourType: 'nacht' }), period('12-03-2026', '10:00', '11:00', { HourType: '' })] });
		const [failed] = resultsOf(await env.book([order], {}, true)) as unknown as BookingResult[];
		expect(failed.message).toMatch(/Hour type "nacht" \(work period 1 .*\) is not a job code in Bouwsoft\. Fix: add job NACHT in Bouwsoft \(Jobs\) or correct the hour type in OutSmart/);
		expect(env.sim.writeCount()).toBe(0);

		// Job codes are matched without case (Bouwsoft stores them upper-case).
		const fixed = workOrder({ no: A, periods: [period('12-03-2026', '08:00', '10:00', { HourType: 'reg' }), period('12-03-2026', '10:00', '11:00', { HourType: '' })] });
		resultsOf(await env.book([fixed], { defaultJobCode: '02' }));
		expect(readable(env.lines('AssignmentLabor'))).toEqual(['2026-03-12 emp 5 8-10 break 0 job 3/REG', '2026-03-12 emp 5 10-11 break 0 job 2/02']);
	});

	it('a default job code that is no Bouwsoft job fails the order and names the setting', async () => {
		const order = workOrder({ no: A, periods: [period('12-03-2026', '08:00', '10:00', { HourType: '' })] });
		const [item] = resultsOf(await env.book([order], { defaultJobCode: 'ZZ' }, true)) as unknown as BookingResult[];
		expect(item.fix).toMatch(/correct Default Job Code in the Bouwsoft node/);
	});

	it('Hour Rounding up to 15 minutes, across midnight and in both DST nights: the wall clock as written, rounded up', async () => {
		const order = workOrder({
			no: A,
			periods: [
				period('12-03-2026', '07:30', '16:08', { Break: '30' }),
				period('28-03-2026', '22:00', '05:50'),
				period('24-10-2026', '22:00', '06:00', { Break: '20' }),
			],
		});
		const [item] = resultsOf(await env.book([order], { hourRounding: 'up15' })) as unknown as BookingResult[];
		expect(item).toMatchObject({ exported: true, hours: { written: 5 } });
		expect(readable(env.lines('AssignmentLabor'))).toEqual([
			'2026-03-12 emp 5 7.5-16.25 break 0.5 job 1/01',
			'2026-03-28 emp 5 22-24 break 0 job 1/01',
			'2026-03-29 emp 5 0-6 break 0 job 1/01',
			'2026-10-24 emp 5 22-24 break 0.333333 job 1/01',
			// 8 h − 20 min break = 7 h 40, rounded up to 7 h 45: five minutes more at the end, on the next day.
			'2026-10-25 emp 5 0-6.083333 break 0 job 1/01',
		]);
		// A re-run matches the rounded lines (the key holds the rounded end).
		const [again] = resultsOf(await env.book([order], { hourRounding: 'up15' })) as unknown as BookingResult[];
		expect(again.hours).toEqual({ written: 0, alreadyThere: 5, failed: 0 });
	});

	const good = () => workOrder({ no: A, periods: [period('12-03-2026', '08:00', '12:00')] });
	const bad = () => workOrder({ no: 'A-4040', periods: [period('12-03-2026', '08:00', '12:00')] });

	it('On Error "continue (using error output)": failed orders go to the error output with what was and was not written and the fix', async () => {
		const result = await env.bookInWorkflow([good(), bad()], 'continueErrorOutput');
		expect(result.error).toBeUndefined();
		const [main, errors] = result.outputs.Bouwsoft;
		expect(main.map((i) => [i.json.workorderNo, i.json.exported])).toEqual([[A, true]]);
		expect(errors).toHaveLength(1);
		expect(errors[0].json.error).toBe('Work order A-4040: not booked in Bouwsoft');
		expect(errors[0].json.message).toBe(
			'Work order A-4040 was not booked, nothing was written to Bouwsoft. Bouwsoft has no assignment with number 4040. Fix: check whether the assignment was deleted or renumbered in Bouwsoft; book the hours by hand there, or restore the assignment and run the export again.',
		);
		expect(errors[0].json.details).toMatchObject({ workorderNo: 'A-4040', status: 'failed', exported: false, _export: { workorderNo: 'A-4040', source: 'assignment' } });
		expect(result.itemsWithoutPairedItem.Bouwsoft).toBe(0);
	});

	it('On Error "continue": failed orders stay in the main output with status failed and exported false', async () => {
		const result = await env.book([good(), bad()], {}, true);
		expect(resultsOf(result).map((i) => [i.workorderNo, i.status, i.exported])).toEqual([
			[A, 'booked', true],
			['A-4040', 'failed', false],
		]);
	});

	it('On Error "stop": every order is processed, then the node fails naming the first failed order and the count', async () => {
		const result = await env.book([bad(), good(), workOrder({ no: 'A-4041' })]);
		expect(result.error?.message).toBe(
			'2 work orders could not be booked in Bouwsoft. First: Work order A-4040 was not booked, nothing was written to Bouwsoft. Bouwsoft has no assignment with number 4040. Fix: check whether the assignment was deleted or renumbered in Bouwsoft; book the hours by hand there, or restore the assignment and run the export again.',
		);
		expect((result.error as unknown as IDataObject).description).toMatch(/^check whether the assignment was deleted/);
		// The good order in between was booked all the same (and is found again next time).
		expect(env.lines('AssignmentLabor')).toHaveLength(1);
	});

	it('tokens never appear in output, errors or logs, even when Bouwsoft quotes them', async () => {
		const refresh = env.sim.refreshToken;
		env.sim.faults.add({ resource: 'AssignmentLabor', method: 'POST', status: 400, body: { error: `Bad request for refreshtoken=${refresh} (RefreshToken: ${refresh})` } });
		const continued = await env.book([good()], {}, true);
		const stopped = await env.book([good()]);
		const access = env.store.get('bouwsoftApi').accessToken as string;
		expect(access).toMatch(/^[A-Za-z]{50}$/);
		const everything = JSON.stringify([continued.outputs, stopped.error?.message, (stopped.error as unknown as IDataObject)?.description]);
		expect(everything).toContain('[redacted]');
		for (const secret of [refresh, access]) expect(everything).not.toContain(secret);
		expect(findSecretsInLogs([...continued.logs, ...stopped.logs], [refresh, access])).toEqual([]);
		expect(logsToText(continued.logs)).toMatch(/Bouwsoft booking: 0 work orders booked/);
	});
});
