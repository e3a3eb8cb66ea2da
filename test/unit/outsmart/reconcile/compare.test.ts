/**
 * Reconcile's comparison (nodes/OutSmart/reconcile/compare.ts): which fields of the record we would write
 * differ from what OutSmart holds. OutSmart answers every value as a string, so the rules are about text:
 * numbers with a comma or a dot, d-m-Y vs Y-m-d dates, HH:MM vs HH:MM:SS times, empty vs null, fields the
 * OutSmart list does not return. Work orders: finished ones never differ, and by default only the schedule
 * (WorkDate, WorkTime, EmployeeNr) counts. Each rule is tested with the case it is for and with its limits.
 */
import type { IDataObject } from 'n8n-workflow';

import { differences } from '../../../../nodes/OutSmart/reconcile/compare';

describe('compare: numbers', () => {
	it('a number field is equal with a comma or a dot, as a string or as a number', () => {
		expect(differences('materials', { code: 'M1', price: 4.55 }, { code: 'M1', price: '4,55' })).toEqual([]);
		expect(differences('materials', { code: 'M1', price: '4.55' }, { code: 'M1', price: '4,55' })).toEqual([]);
		expect(differences('materials', { code: 'M1', price: '4,55' }, { code: 'M1', price: '4.55' })).toEqual([]);
		expect(differences('materials', { code: 'M1', price: '4.550' }, { code: 'M1', price: '4,55' })).toEqual([]);
		expect(differences('materials', { code: 'M1', price: 12 }, { code: 'M1', price: '12,00' })).toEqual([]);
		expect(differences('materials', { code: 'M1', price: -3.5 }, { code: 'M1', price: '-3,50' })).toEqual([]);
	});

	it('a number field differs when the value differs, even by one cent', () => {
		expect(differences('materials', { code: 'M1', price: '4,56' }, { code: 'M1', price: '4,55' })).toEqual(['price']);
		expect(differences('materials', { code: 'M1', price: 4.56 }, { code: 'M1', price: '4.55' })).toEqual(['price']);
		expect(differences('hourtypes', { code: 'H1', sale_price: 45, active: 1 }, { code: 'H1', sale_price: '45,00', active: '0' })).toEqual(['active']);
	});

	it('a number field: empty and 0 are not the same', () => {
		expect(differences('materials', { code: 'M1', price: '' }, { code: 'M1', price: '0' })).toEqual(['price']);
		expect(differences('materials', { code: 'M1', price: 0 }, { code: 'M1', price: '' })).toEqual(['price']);
		expect(differences('materials', { code: 'M1', price: 0 }, { code: 'M1', price: '0,00' })).toEqual([]);
	});

	it('in a number field, values that are not numbers compare as text', () => {
		expect(differences('materials', { code: 'M1', price: 'n/a' }, { code: 'M1', price: 'unknown' })).toEqual(['price']);
		expect(differences('materials', { code: 'M1', price: 'n/a' }, { code: 'M1', price: '' })).toEqual(['price']);
		expect(differences('materials', { code: 'M1', price: 'n/a' }, { code: 'M1', price: 'n/a' })).toEqual([]);
		// A boolean is not read as 1/0: true vs "1" differs.
		expect(differences('employees', { number: 'E1', active: true }, { number: 'E1', active: '1' })).toEqual(['active']);
	});
});

describe('compare: text', () => {
	it('text is compared after trimming, and case counts', () => {
		expect(differences('materials', { code: 'M1', description: ' Muurverf wit ' }, { code: 'M1', description: 'Muurverf wit' })).toEqual([]);
		expect(differences('materials', { code: 'M1', description: 'Muurverf wit' }, { code: 'M1', description: 'muurverf wit' })).toEqual(['description']);
		expect(differences('materials', { code: 'M1', description: 'Muurverf wit' }, { code: 'M1', description: 'Muurverf zwart' })).toEqual(['description']);
	});

	it('empty, null and undefined are the same value', () => {
		expect(differences('materials', { code: 'M1', eancode: '' }, { code: 'M1', eancode: null })).toEqual([]);
		expect(differences('materials', { code: 'M1', eancode: null }, { code: 'M1', eancode: '' })).toEqual([]);
		expect(differences('materials', { code: 'M1', eancode: undefined }, { code: 'M1', eancode: '' })).toEqual([]);
		expect(differences('materials', { code: 'M1', eancode: '   ' }, { code: 'M1', eancode: null })).toEqual([]);
		expect(differences('materials', { code: 'M1', eancode: '5412345678901' }, { code: 'M1', eancode: null })).toEqual(['eancode']);
		expect(differences('materials', { code: 'M1', eancode: '' }, { code: 'M1', eancode: '5412345678901' })).toEqual(['eancode']);
	});

	it('a field the OutSmart row does not have counts as equal; one it has with null does not', () => {
		expect(differences('materials', { code: 'M1', description: 'Verf', note: 'new note' }, { code: 'M1', description: 'Verf' })).toEqual([]);
		expect(differences('relations', { debtor_number: '7', email: 'a@b.be' }, { debtor_number: '7' })).toEqual([]);
		expect(differences('relations', { debtor_number: '7', email: 'a@b.be' }, { debtor_number: '7', email: null })).toEqual(['email']);
	});

	it('lists every differing field, in the order of the record we would write', () => {
		const desired: IDataObject = { debtor_number: '7', name: 'Janssens', street: 'Kerkstraat', city: 'Gent', email: 'x@y.be' };
		const existing: IDataObject = { debtor_number: '7', name: 'Janssen', street: 'Kerkstraat', city: 'Brugge', email: 'x@y.be', remark: 'typed in OutSmart' };
		expect(differences('relations', desired, existing)).toEqual(['name', 'city']);
		expect(differences('relations', desired, { ...desired })).toEqual([]);
	});

	it('a text that looks numeric is text: a leading zero, a comma or a sign is a change', () => {
		expect(differences('relations', { debtor_number: '7', postal_code: '0123' }, { debtor_number: '7', postal_code: '123' })).toEqual(['postal_code']);
		expect(differences('relations', { debtor_number: '7', postal_code: '123' }, { debtor_number: '7', postal_code: '0123' })).toEqual(['postal_code']);
		expect(differences('relations', { debtor_number: '7', phone_number: '0470123456' }, { debtor_number: '7', phone_number: '470123456' })).toEqual(['phone_number']);
		expect(differences('relations', { debtor_number: '7', house_number: '12,5' }, { debtor_number: '7', house_number: '12.5' })).toEqual(['house_number']);
		// A key reference: relation "007" is not relation "7" in OutSmart.
		expect(differences('projects', { code: 'P1', debtor_number: '007' }, { code: 'P1', debtor_number: '7' })).toEqual(['debtor_number']);
	});

	it('a sign is a change both ways', () => {
		expect(differences('relations', { debtor_number: '7', phone_number: '+3292345678' }, { debtor_number: '7', phone_number: '3292345678' })).toEqual(['phone_number']);
		expect(differences('relations', { debtor_number: '7', phone_number: '3292345678' }, { debtor_number: '7', phone_number: '+3292345678' })).toEqual(['phone_number']);
	});

	it('a text with digits and letters is compared as text', () => {
		expect(differences('relations', { debtor_number: '7', postal_code: '1012 AB' }, { debtor_number: '7', postal_code: '1012AB' })).toEqual(['postal_code']);
		expect(differences('relations', { debtor_number: '7', house_number: '12a' }, { debtor_number: '7', house_number: '12' })).toEqual(['house_number']);
	});

	it('two different long numeric codes (barcodes of 17+ digits) are not the same', () => {
		// Read as numbers, both round to the same double (beyond 2^53): the change would never be sent.
		expect(differences('materials', { code: 'M1', barcode: '12345678901234567' }, { code: 'M1', barcode: '12345678901234568' })).toEqual(['barcode']);
	});

	it('EAN-13 codes (13 digits) that differ in the last digit differ', () => {
		expect(differences('materials', { code: 'M1', eancode: '5412345678901' }, { code: 'M1', eancode: '5412345678902' })).toEqual(['eancode']);
	});
});

describe('compare: dates', () => {
	it('d-m-Y and Y-m-d are the same date, in either direction, with or without leading zeros in d-m-Y', () => {
		expect(differences('projects', { code: 'P1', date_start: '2025-03-01' }, { code: 'P1', date_start: '01-03-2025' })).toEqual([]);
		expect(differences('projects', { code: 'P1', date_start: '01-03-2025' }, { code: 'P1', date_start: '2025-03-01' })).toEqual([]);
		expect(differences('projects', { code: 'P1', date_start: '2025-03-01' }, { code: 'P1', date_start: '1-3-2025' })).toEqual([]);
		expect(differences('projects', { code: 'P1', date_start: '2025-03-01 10:00' }, { code: 'P1', date_start: '01-03-2025 10:00' })).toEqual([]);
	});

	it('d-m-Y is day first: 03-01-2025 is the 3rd of January', () => {
		expect(differences('projects', { code: 'P1', date_start: '2025-01-03' }, { code: 'P1', date_start: '03-01-2025' })).toEqual([]);
		expect(differences('projects', { code: 'P1', date_start: '2025-03-01' }, { code: 'P1', date_start: '03-01-2025' })).toEqual(['date_start']);
	});

	it('different dates differ', () => {
		expect(differences('projects', { code: 'P1', date_start: '2025-03-01', date_end: '2025-04-01' }, { code: 'P1', date_start: '02-03-2025', date_end: '01-04-2025' })).toEqual([
			'date_start',
		]);
	});

	it('unpadded parts and a time with or without seconds are normalised; other separators are not dates', () => {
		expect(differences('projects', { code: 'P1', date_start: '2025-3-1' }, { code: 'P1', date_start: '2025-03-01' })).toEqual([]);
		expect(differences('projects', { code: 'P1', date_start: '01-03-2025 10:00' }, { code: 'P1', date_start: '2025-03-01 10:00:00' })).toEqual([]);
		expect(differences('projects', { code: 'P1', date_start: '01-03-2025 10:00' }, { code: 'P1', date_start: '2025-03-01 10:01:00' })).toEqual(['date_start']);
		expect(differences('projects', { code: 'P1', date_start: '01/03/2025' }, { code: 'P1', date_start: '2025-03-01' })).toEqual(['date_start']);
	});
});

describe('compare: times', () => {
	it('HH:MM and HH:MM:SS with zero seconds are the same time; a missing leading zero in HH:MM does not count', () => {
		expect(differences('workorders', { WorkorderNo: 'A-1', WorkTime: '08:00' }, { WorkorderNo: 'A-1', WorkTime: '08:00:00' })).toEqual([]);
		expect(differences('workorders', { WorkorderNo: 'A-1', WorkTime: '08:00:00' }, { WorkorderNo: 'A-1', WorkTime: '08:00' })).toEqual([]);
		expect(differences('workorders', { WorkorderNo: 'A-1', WorkTime: '8:00' }, { WorkorderNo: 'A-1', WorkTime: '08:00:00' })).toEqual([]);
		expect(differences('workorders', { WorkorderNo: 'A-1', WorkTime: '8:00' }, { WorkorderNo: 'A-1', WorkTime: '08:00' })).toEqual([]);
	});

	it('a different time differs; seconds other than :00 are not dropped', () => {
		expect(differences('workorders', { WorkorderNo: 'A-1', WorkTime: '08:00' }, { WorkorderNo: 'A-1', WorkTime: '08:30:00' })).toEqual(['WorkTime']);
		expect(differences('workorders', { WorkorderNo: 'A-1', WorkTime: '08:00' }, { WorkorderNo: 'A-1', WorkTime: '08:00:30' })).toEqual(['WorkTime']);
		expect(differences('workorders', { WorkorderNo: 'A-1', WorkTime: '08:00' }, { WorkorderNo: 'A-1', WorkTime: '18:00' })).toEqual(['WorkTime']);
	});

	it('H:MM:SS without the leading zero is the same time as HH:MM', () => {
		// "8:00:00" matches the time pattern but is cut to "8:00:" before padding, so it never equals "08:00".
		expect(differences('workorders', { WorkorderNo: 'A-1', WorkTime: '08:00' }, { WorkorderNo: 'A-1', WorkTime: '8:00:00' })).toEqual([]);
	});
});

describe('compare: work orders', () => {
	const order: IDataObject = {
		WorkorderNo: 'A-12',
		CustomerName: 'Janssens',
		WorkDescription: 'Ketel nakijken',
		WorkDate: '01-03-2025',
		WorkTime: '08:00',
		EmployeeNr: '7',
	};
	const inOutSmart = (extra: IDataObject = {}): IDataObject => ({
		WorkorderNo: 'A-12',
		CustomerName: 'Janssens',
		WorkDescription: 'Ketel nakijken',
		WorkDate: '2025-03-01',
		WorkTime: '08:00:00',
		EmployeeNr: '7',
		status: 'Klaargezet',
		...extra,
	});

	it('an order OutSmart holds as planned has no differences (dates and times in OutSmart\'s formats)', () => {
		expect(differences('workorders', order, inOutSmart())).toEqual([]);
		expect(differences('workorders', order, inOutSmart({ EmployeeNr: 7 }))).toEqual([]);
	});

	it('by default only WorkDate, WorkTime and EmployeeNr count', () => {
		const moved = inOutSmart({ WorkDate: '2025-03-02', WorkTime: '09:00:00', EmployeeNr: '8', CustomerName: 'Other', WorkDescription: 'Other' });
		expect(differences('workorders', order, moved)).toEqual(['WorkDate', 'WorkTime', 'EmployeeNr']);
		expect(differences('workorders', order, inOutSmart({ CustomerName: 'Other', WorkDescription: 'Other' }))).toEqual([]);
		expect(differences('workorders', order, inOutSmart({ CustomerName: 'Other' }), false)).toEqual([]);
	});

	it('with Update Details of Existing Work Orders every field but WorkorderNo counts', () => {
		expect(differences('workorders', order, inOutSmart({ CustomerName: 'Other', WorkDescription: 'Other' }), true)).toEqual(['CustomerName', 'WorkDescription']);
		expect(differences('workorders', order, inOutSmart({ WorkorderNo: 'a-12' }), true)).toEqual([]);
		expect(differences('workorders', order, inOutSmart(), true)).toEqual([]);
	});

	it('finished orders (Compleet, Afgehandeld; any case, status or Status) never differ', () => {
		const moved = { WorkDate: '2025-03-02', EmployeeNr: '8', CustomerName: 'Other' };
		for (const status of ['Compleet', 'Afgehandeld', ' afgehandeld ', 'COMPLEET']) {
			expect(differences('workorders', order, inOutSmart({ ...moved, status }))).toEqual([]);
			expect(differences('workorders', order, inOutSmart({ ...moved, status }), true)).toEqual([]);
		}
		const { status: _status, ...withoutStatus } = inOutSmart(moved);
		expect(differences('workorders', order, { ...withoutStatus, Status: 'Compleet' })).toEqual([]);
	});

	it('orders not finished (Klaargezet, Opgehaald, no status) do differ', () => {
		for (const status of ['Klaargezet', 'Opgehaald', '']) {
			expect(differences('workorders', order, inOutSmart({ EmployeeNr: '8', status }))).toEqual(['EmployeeNr']);
		}
		const { status: _status, ...withoutStatus } = inOutSmart({ EmployeeNr: '8' });
		expect(differences('workorders', order, withoutStatus)).toEqual(['EmployeeNr']);
	});

	it('an empty planned value never counts (an order is not unplanned), nor a field OutSmart does not return', () => {
		expect(differences('workorders', { ...order, WorkDate: '', EmployeeNr: '' }, inOutSmart())).toEqual([]);
		expect(differences('workorders', { ...order, WorkTime: null }, inOutSmart({ WorkTime: '10:00:00' }))).toEqual([]);
		const { EmployeeNr: _employee, ...withoutEmployee } = inOutSmart();
		expect(differences('workorders', { ...order, EmployeeNr: '9' }, withoutEmployee)).toEqual([]);
		expect(differences('workorders', { ...order, InternalWorkDescription: 'new' }, inOutSmart(), true)).toEqual([]);
	});

	it('a schedule field missing from the record we would write does not count', () => {
		const { EmployeeNr: _employee, ...unassigned } = order;
		expect(differences('workorders', unassigned, inOutSmart({ EmployeeNr: '8' }))).toEqual([]);
	});
});
