import type { IDataObject } from 'n8n-workflow';

import { dateToWall } from '../sync/cursor/time';
import type { Columns } from '../transport/write';
import { hoursKey, materialKey } from './keys';
import { parseQuantity, quantityKey } from './quantity';
import { formatClock, minutesToHours, parseClock, parseWorkDate, periodSegments, toDayMonthYear } from './time';
import type { BookingLookups, BookingSettings, DesiredBooking, DesiredLine } from './types';
import { scalarText } from '../../shared/text';

/**
 * An OutSmart work order (as GetWorkorders returns it) → the lines it wants on its Bouwsoft assignment, by the
 * keys our import used the other way: technician `EmployeeNr` = Employees `nr`, hour type = Jobs `code`,
 * material code = Products `nr1`. Pure: the lookups are read beforehand.
 */
function listOf(value: unknown): IDataObject[] {
	return Array.isArray(value) ? value.filter((v): v is IDataObject => !!v && typeof v === 'object' && !Array.isArray(v)) : [];
}

/**
 * The date the work was done: the last work period's, else the order's end date, planned date or creation
 * date. The read time comes last: it differs per read, so materials of an order without any date of its own
 * could be booked again under a new date if the order is read again before it was acknowledged.
 */
function workDateOf(order: IDataObject, periodDates: string[], readAt: string, timeZone: string): string {
	if (periodDates.length) return [...periodDates].sort().pop()!;
	for (const candidate of [order.WorkEndDate, order.WorkDate, scalarText(order.CreationDate).slice(0, 10)]) {
		const date = parseWorkDate(candidate);
		if (date) return date;
	}
	const wall = readAt ? dateToWall(readAt, timeZone) : undefined;
	return (wall ?? new Date().toISOString()).slice(0, 10);
}

const fixRunAgain = 'then run the export again';

export function desiredBooking(
	order: IDataObject,
	readAt: string,
	settings: BookingSettings,
	lookups: BookingLookups,
): DesiredBooking {
	const problems: string[] = [];
	const warnings: string[] = [];
	const remarkNotes: string[] = [];
	const lines: DesiredLine[] = [];
	const periods = listOf(order.Workperiods);
	const periodDates = periods.map((p) => parseWorkDate(p.WorkDate)).filter((d): d is string => !!d);
	const workDate = workDateOf(order, periodDates, readAt, settings.timeZone);
	let employeeId = -1;

	const defaultJob = settings.defaultJobCode ? lookups.job(settings.defaultJobCode) : undefined;
	if (settings.defaultJobCode && !defaultJob && periods.some((p) => !scalarText(p.HourType))) {
		problems.push(`Default Job Code "${settings.defaultJobCode}" is not a job code in Bouwsoft. Fix: correct Default Job Code in the Bouwsoft node (Bouwsoft Jobs), ${fixRunAgain}.`);
	}

	periods.forEach((period, index) => {
		const date = parseWorkDate(period.WorkDate);
		const begin = parseClock(period.BeginTime);
		const end = parseClock(period.EndTime);
		const breakText = scalarText(period.Break);
		const breakMinutes = breakText === '' ? 0 : Number(breakText.replace(',', '.'));
		const shown = `work period ${index + 1} (${scalarText(period.WorkDate)} ${scalarText(period.BeginTime)}–${scalarText(period.EndTime)})`;
		if (!date || begin === undefined || end === undefined) {
			problems.push(`The ${shown} has no readable date or time (WorkDate d-m-Y, BeginTime/EndTime H:i). Fix: correct the period in OutSmart, ${fixRunAgain}.`);
			return;
		}
		const result = periodSegments({ date, begin, end, breakMinutes }, settings.rounding);
		if (!result.ok) {
			problems.push(`The ${shown} ${result.error}. Fix: correct the period in OutSmart, ${fixRunAgain}.`);
			return;
		}
		for (const note of result.notes) warnings.push(`The ${shown} ${note}.`);

		const technician = scalarText(period.EmployeeNr) || scalarText(order.EmployeeNr);
		let employee = technician ? lookups.employeeId(technician) : undefined;
		const label = `hours ${toDayMonthYear(date)} ${formatClock(begin)}–${formatClock(end)}${technician ? `, technician ${technician}` : ''}`;
		if (employee === undefined) {
			if (settings.unknownEmployees === 'fail') {
				problems.push(
					technician
						? `Technician ${technician} (${shown}) is not an employee number (nr) in Bouwsoft. Fix: give the employee number ${technician} in Bouwsoft or correct the technician in OutSmart, or set Unknown Employees to "Book Without Employee"; ${fixRunAgain}.`
						: `The ${shown} has no technician. Fix: set the technician in OutSmart, or set Unknown Employees to "Book Without Employee"; ${fixRunAgain}.`,
				);
				return;
			}
			employee = 0;
			remarkNotes.push(
				`${technician ? `Technician ${technician} is not known in Bouwsoft` : 'No technician'}: ${label.replace(/, technician .*$/, '')} booked without employee.`,
			);
		}
		if (employeeId < 0) employeeId = employee;

		const hourType = scalarText(period.HourType);
		let job: { id: number; code: string } | undefined;
		if (hourType) {
			job = lookups.job(hourType);
			if (!job) {
				problems.push(`Hour type "${hourType}" (${shown}) is not a job code in Bouwsoft. Fix: add job ${hourType.toUpperCase()} in Bouwsoft (Jobs) or correct the hour type in OutSmart, ${fixRunAgain}.`);
				return;
			}
		} else job = defaultJob;

		for (const segment of result.segments) {
			const columns: Columns = {
				date: segment.date,
				employee_id: employee,
				job_id: job?.id ?? 0,
				...(job ? { job_code: job.code } : {}),
				from: minutesToHours(segment.from),
				to: minutesToHours(segment.to),
				break: minutesToHours(segment.break),
			};
			const part = result.segments.length > 1 ? ` (${toDayMonthYear(segment.date)} ${formatClock(segment.from)}–${formatClock(segment.to)})` : '';
			lines.push({ kind: 'hours', key: hoursKey(segment.date, employee, segment.from, segment.to), columns, label: `${label}${part}` });
		}
	});

	for (const material of listOf(order.Materials)) {
		const code = scalarText(material.MaterialCode);
		const name = scalarText(material.MaterialName);
		const raw = material.MaterialNr;
		const quantity = parseQuantity(raw);
		const shown = `Material "${code || name}"`;
		if (quantity === undefined) {
			problems.push(`${shown} has quantity "${scalarText(raw)}", which is not a number. Fix: correct it in OutSmart, ${fixRunAgain}.`);
			continue;
		}
		if (quantity === 0) {
			warnings.push(`${shown} has quantity 0: not booked.`);
			continue;
		}
		const unitText = scalarText(material.MaterialUnit);
		const product = code ? lookups.product(code) : undefined;
		const label = `material ${code || name} × ${quantityKey(quantity)}`;
		if (product) {
			const unit = unitText || product.unit;
			const columns: Columns = { date: workDate, product_id: product.id, quantity, ...(unit ? { unit } : {}) };
			lines.push({ kind: 'material', key: materialKey(workDate, product.id, '', quantity), columns, label });
			continue;
		}
		if (settings.unknownMaterials === 'fail') {
			problems.push(
				code
					? `${shown} (${name}) is not an article number (nr1) in Bouwsoft. Fix: add the product with article number ${code} in Bouwsoft, or set Unknown Materials to "Book as Free Text"; ${fixRunAgain}.`
					: `A material without code (${name}) cannot be matched to a Bouwsoft product. Fix: set Unknown Materials to "Book as Free Text", or give it a code in OutSmart; ${fixRunAgain}.`,
			);
			continue;
		}
		const description = name && code ? `${name} (${code})` : name || code;
		const columns: Columns = { date: workDate, product_id: 0, description, quantity, ...(unitText ? { unit: unitText } : {}) };
		lines.push({ kind: 'material', key: materialKey(workDate, 0, description, quantity), columns, label: `${label} (free text)` });
		warnings.push(`${shown} is not a Bouwsoft product: booked as free text "${description}".`);
	}

	return { lines, problems, warnings, remarkNotes, workDate, employeeId: Math.max(0, employeeId) };
}
