import type { BookingLine, BookingResult, ExportMeta } from '../../shared/workOrderExport';
import type { LinesOutcome } from './lines';
import type { RemarkOutcome } from './remarkWrite';
import type { DesiredBooking, LineWork, TargetAssignment } from './types';

/** BookingResult of one work order, with a message a person can act on. */
function emptyCounts(): BookingResult['hours'] {
	return { written: 0, alreadyThere: 0, failed: 0 };
}

function outputLine(line: LineWork, assignmentId?: number): BookingLine {
	return {
		kind: line.desired.kind,
		key: line.desired.key,
		state: line.state,
		...(line.bouwsoftId !== undefined ? { bouwsoftId: line.bouwsoftId } : {}),
		columns: assignmentId !== undefined ? { assignment_id: assignmentId, ...line.desired.columns } : { ...line.desired.columns },
		...(line.error ? { error: line.error } : {}),
	};
}

function count(lines: LineWork[], kind: LineWork['desired']['kind']): BookingResult['hours'] {
	const counts = emptyCounts();
	for (const line of lines) {
		if (line.desired.kind !== kind) continue;
		if (line.state === 'written') counts.written++;
		else if (line.state === 'alreadyThere') counts.alreadyThere++;
		else counts.failed++;
	}
	return counts;
}

function base(meta: ExportMeta): Pick<BookingResult, 'workorderNo' | 'rowId'> {
	return { workorderNo: meta.workorderNo, rowId: meta.rowId };
}

export function skippedResult(meta: ExportMeta, message: string): BookingResult {
	return { ...base(meta), status: 'skipped', exported: false, hours: emptyCounts(), materials: emptyCounts(), remark: 'none', lines: [], message, warnings: [] };
}

const RUN_AGAIN = 'Run the export again when Bouwsoft answers; lines already in Bouwsoft are never written twice.';

/**
 * Nothing was written: the order cannot be booked as it is, or Bouwsoft failed first. Each reason may end in
 * "Fix: …"; the fixes together are the result's `fix`.
 */
export function failedBeforeWriting(meta: ExportMeta, desired: DesiredBooking | undefined, reasons: string[]): BookingResult {
	const lines = (desired?.lines ?? []).map((d): LineWork => ({ desired: d, state: 'notWritten' }));
	const fixes = reasons.map((reason) => (reason.includes('Fix: ') ? reason.slice(reason.indexOf('Fix: ') + 5) : RUN_AGAIN));
	const said = reasons.map((reason) => (reason.includes('Fix: ') ? reason : `${reason} Fix: ${RUN_AGAIN}`));
	return {
		...base(meta),
		status: 'failed',
		exported: false,
		hours: count(lines, 'hours'),
		materials: count(lines, 'material'),
		remark: 'none',
		lines: lines.map((l) => outputLine(l)),
		message: `Work order ${meta.workorderNo} was not booked, nothing was written to Bouwsoft. ${said.join(' ')}`,
		fix: [...new Set(fixes)].join(' '),
		warnings: desired?.warnings ?? [],
	};
}

function listed(lines: LineWork[]): string {
	return lines.map((l) => l.desired.label).join('; ');
}

function assignmentName(assignment: TargetAssignment): string {
	const nr = assignment.nr ? `assignment ${assignment.nr}` : 'assignment';
	return `Bouwsoft ${nr} (id ${assignment.id}${assignment.created ? ', created for this work order' : ''})`;
}

export function bookingResult(
	meta: ExportMeta,
	desired: DesiredBooking,
	assignment: TargetAssignment,
	outcome: LinesOutcome,
	remark: RemarkOutcome | undefined,
): BookingResult {
	const { lines } = outcome;
	const hours = count(lines, 'hours');
	const materials = count(lines, 'material');
	const warnings = [...desired.warnings];
	if (remark?.warning) warnings.push(remark.warning);
	const remarkState = remark?.state ?? 'none';
	const inBouwsoft = lines.filter((l) => l.state === 'written' || l.state === 'alreadyThere');
	const missing = lines.filter((l) => l.state !== 'written' && l.state !== 'alreadyThere');
	const written = hours.written + materials.written;
	const there = hours.alreadyThere + materials.alreadyThere;
	const remarkText = { appended: 'remark appended', alreadyThere: 'remark already there', failed: 'remark NOT written (see warnings)', none: 'no remark' }[remarkState];
	const result: BookingResult = {
		...base(meta),
		status: 'booked',
		exported: true,
		assignment: { id: assignment.id, nr: assignment.nr, projectPnr: assignment.projectPnr, created: assignment.created },
		hours,
		materials,
		remark: remarkState,
		lines: lines.map((l) => outputLine(l, assignment.id)),
		message: '',
		warnings,
	};
	if (missing.length === 0 && !outcome.failure) {
		result.message =
			lines.length === 0
				? `Work order ${meta.workorderNo}: no hours or materials to book on ${assignmentName(assignment)}; ${remarkText}.`
				: written === 0
					? `Work order ${meta.workorderNo} was already booked: all ${there} lines are on ${assignmentName(assignment)}; ${remarkText}.`
					: `Work order ${meta.workorderNo} booked on ${assignmentName(assignment)}: ${hours.written} hours and ${materials.written} material lines written, ${there} already there; ${remarkText}.`;
		return result;
	}
	result.status = 'failed';
	result.exported = false;
	const refused = missing.some((l) => l.error && /HTTP 4\d\d/.test(l.error));
	result.fix = refused
		? 'Correct what Bouwsoft refused (see the lines\' errors), or book those lines by hand in Bouwsoft; then run the export again: lines already in Bouwsoft are never written twice.'
		: RUN_AGAIN;
	result.message =
		`Work order ${meta.workorderNo} is only partly booked on ${assignmentName(assignment)}: ${outcome.failure ?? 'not every line is there'}. ` +
		`In Bouwsoft: ${inBouwsoft.length ? listed(inBouwsoft) : 'none of its lines'}. Not in Bouwsoft: ${listed(missing)}. Fix: ${result.fix}`;
	return result;
}
