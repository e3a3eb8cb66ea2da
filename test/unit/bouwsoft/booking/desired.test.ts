import type { IDataObject } from 'n8n-workflow';

import { desiredBooking } from '../../../../nodes/Bouwsoft/booking/desired';
import { appendToNote, partsMissingFrom, remarkBlock, remarkMarker, remarkParts } from '../../../../nodes/Bouwsoft/booking/remark';
import { exportMetaOf } from '../../../../nodes/Bouwsoft/booking/run';
import { projectAssignmentMarker } from '../../../../nodes/Bouwsoft/booking/target';
import type { BookingLookups, BookingSettings } from '../../../../nodes/Bouwsoft/booking/types';

const lookups: BookingLookups = {
	employeeId: (nr) => ({ '17': 5, '23': 6 })[nr],
	job: (code) => ({ '01': { id: 1, code: '01' }, REG: { id: 3, code: 'REG' } })[code.toUpperCase()],
	product: (code) => ({ 'K-100': { id: 501, unit: 'm' } })[code],
};

const settings: BookingSettings = { unknownEmployees: 'fail', unknownMaterials: 'fail', rounding: 0, defaultJobCode: '', timeZone: 'Europe/Brussels' };

function order(extra: IDataObject): IDataObject {
	return { WorkorderNo: 'A-1001', Workperiods: [], Materials: [], ...extra };
}

describe('booking: an OutSmart work order as desired Bouwsoft lines', () => {
	it('hours per period (split at midnight), materials on the last work date', () => {
		const desired = desiredBooking(
			order({
				Workperiods: [
					{ WorkDate: '11-03-2026', BeginTime: '22:00', EndTime: '02:00', Break: 0, HourType: 'reg', EmployeeNr: '23' },
					{ WorkDate: '12-03-2026', BeginTime: '08:00', EndTime: '12:00', Break: '30', HourType: '', EmployeeNr: '' },
				],
				EmployeeNr: '17',
				Materials: [{ MaterialCode: 'K-100', MaterialNr: '2,5', MaterialUnit: '' }],
			}),
			'2026-03-20T10:00:00Z',
			settings,
			lookups,
		);
		expect(desired.problems).toEqual([]);
		expect(desired.workDate).toBe('2026-03-12');
		expect(desired.employeeId).toBe(6);
		expect(desired.lines.map((l) => [l.key, l.columns])).toEqual([
			['hours|2026-03-11|6|22:00|24:00', { date: '2026-03-11', employee_id: 6, job_id: 3, job_code: 'REG', from: 22, to: 24, break: 0 }],
			['hours|2026-03-12|6|00:00|02:00', { date: '2026-03-12', employee_id: 6, job_id: 3, job_code: 'REG', from: 0, to: 2, break: 0 }],
			// No technician on the period: the order's; no hour type and no default: no job.
			['hours|2026-03-12|5|08:00|12:00', { date: '2026-03-12', employee_id: 5, job_id: 0, from: 8, to: 12, break: 0.5 }],
			['material|2026-03-12|501|2.5', { date: '2026-03-12', product_id: 501, quantity: 2.5, unit: 'm' }],
		]);
		expect(desired.lines[0].label).toBe('hours 11-03-2026 22:00–02:00, technician 23 (11-03-2026 22:00–24:00)');
	});

	it('a date for materials without periods: end date, planned date, creation date, then the read time in the zone', () => {
		const date = (extra: IDataObject, readAt = '2026-03-20T23:30:00Z') => desiredBooking(order(extra), readAt, settings, lookups).workDate;
		expect(date({ WorkEndDate: '15-03-2026', WorkDate: '14-03-2026' })).toBe('2026-03-15');
		expect(date({ WorkDate: '14-03-2026' })).toBe('2026-03-14');
		expect(date({ CreationDate: '2026-03-01 09:12' })).toBe('2026-03-01');
		// 23:30 UTC is already the next day in Brussels.
		expect(date({})).toBe('2026-03-21');
	});

	it('unreadable periods and quantities fail the order with the fix; quantity 0 is skipped with a warning', () => {
		const desired = desiredBooking(
			order({
				Workperiods: [
					{ WorkDate: '32-03-2026', BeginTime: '08:00', EndTime: '09:00', EmployeeNr: '17' },
					{ WorkDate: '12-03-2026', BeginTime: '08:00', EndTime: '08:30', Break: '45', EmployeeNr: '17' },
				],
				Materials: [
					{ MaterialCode: 'K-100', MaterialNr: 'veel' },
					{ MaterialCode: 'K-100', MaterialNr: '0' },
				],
			}),
			'',
			settings,
			lookups,
		);
		expect(desired.problems).toEqual([
			expect.stringMatching(/^The work period 1 \(32-03-2026 08:00–09:00\) has no readable date or time .* Fix: correct the period in OutSmart/),
			expect.stringMatching(/^The work period 2 .* has a break of 45 minutes, longer than the period itself \(30 minutes\)\. Fix:/),
			expect.stringMatching(/^Material "K-100" has quantity "veel", which is not a number\. Fix:/),
		]);
		expect(desired.warnings).toEqual(['Material "K-100" has quantity 0: not booked.']);
	});

	it('a period without technician: fails, or is booked without employee and named in the remark', () => {
		const o = order({ Workperiods: [{ WorkDate: '12-03-2026', BeginTime: '08:00', EndTime: '09:00', HourType: '01' }] });
		expect(desiredBooking(o, '', settings, lookups).problems[0]).toMatch(/has no technician\. Fix: set the technician in OutSmart/);
		const without = desiredBooking(o, '', { ...settings, unknownEmployees: 'withoutEmployee' }, lookups);
		expect(without.lines[0].columns.employee_id).toBe(0);
		expect(without.remarkNotes).toEqual(['No technician: hours 12-03-2026 08:00–09:00 booked without employee.']);
	});
});

describe('booking: the remark', () => {
	it('comment and period remarks, trimmed, each once (also when only spacing or case differs)', () => {
		const parts = remarkParts(
			{ Comment: '  Klaar. ', Workperiods: [{ WorkRemark: 'klaar.' }, { WorkRemark: 'Lek\r\ngedicht' }, { WorkRemark: '' }, {}] },
			['Technician 99 is not known in Bouwsoft'],
		);
		expect(parts).toEqual(['Klaar.', 'Lek\ngedicht', 'Technician 99 is not known in Bouwsoft']);
		expect(remarkParts({})).toEqual([]);
	});

	it('appended below the office text under a marker, and recognised again (also after Bouwsoft changed line breaks)', () => {
		const parts = ['Klaar.', 'Lek gedicht'];
		const block = remarkBlock(remarkMarker('A-1001', '2026-03-12'), parts);
		expect(block).toBe('[OutSmart A-1001, 12-03-2026]\nKlaar.\nLek gedicht');
		const note = appendToNote('Sleutel bij buren.\n\n', block);
		expect(note).toBe('Sleutel bij buren.\n\n[OutSmart A-1001, 12-03-2026]\nKlaar.\nLek gedicht');
		expect(appendToNote('', block)).toBe(block);
		expect(partsMissingFrom(note.replace(/\n/g, '\r\n'), 'A-1001', parts)).toEqual([]);
		expect(partsMissingFrom(undefined, 'A-1001', parts)).toEqual(parts);
	});

	it('only parts below a marker of this work order count; a reopened order adds only its new remarks', () => {
		// The office typed the same words themselves, above any marker: the remark is still added.
		expect(partsMissingFrom('Klaar.', 'A-1001', ['Klaar.'])).toEqual(['Klaar.']);
		expect(partsMissingFrom('[OutSmart A-1002, 12-03-2026]\nKlaar.', 'A-1001', ['Klaar.'])).toEqual(['Klaar.']);
		const note = 'Office\n\n[OutSmart A-1001, 12-03-2026]\nKlaar.';
		expect(partsMissingFrom(note, 'A-1001', ['Klaar.', 'Nog een stopcontact bijgeplaatst.'])).toEqual(['Nog een stopcontact bijgeplaatst.']);
	});
});

describe('booking: what an item says about its work order', () => {
	it('the trigger\'s _export block, with the source always from the number', () => {
		const meta = exportMetaOf({
			id: '1',
			WorkorderNo: 'A-1',
			_export: { rowId: '169824', workorderNo: 'P-20260012', source: 'assignment', sourceNr: '1', status: 'Compleet', readAt: '2026-03-12T17:05:00Z', reason: 'retry', contentHash: 'h' },
		});
		expect(meta).toEqual({
			rowId: '169824',
			workorderNo: 'P-20260012',
			source: 'project',
			sourceNr: '20260012',
			status: 'Compleet',
			workStatus: '',
			readAt: '2026-03-12T17:05:00Z',
			reason: 'retry',
			contentHash: 'h',
		});
	});

	it('an item without _export: the order itself', () => {
		expect(exportMetaOf({ id: 77, WorkorderNo: 'A-1001', status: 'Compleet' })).toMatchObject({ rowId: '77', workorderNo: 'A-1001', source: 'assignment', sourceNr: '1001', reason: 'manual' });
		expect(exportMetaOf({ WorkorderNo: 'WB-1' })).toMatchObject({ source: 'other', sourceNr: '' });
	});

	it('the marker of a project order\'s own assignment fits Bouwsoft\'s subject (100 characters)', () => {
		expect(projectAssignmentMarker({ workorderNo: 'P-20260012', rowId: '169824' })).toBe('OutSmart P-20260012 #169824');
		expect(projectAssignmentMarker({ workorderNo: 'P-1', rowId: '9'.repeat(200) })).toHaveLength(100);
	});
});
