import type { BouwsoftClient } from '../transport/client';
import type { BouwsoftWriter } from '../transport/write';
import { appendToNote, partsMissingFrom, remarkBlock } from './remark';
import type { TargetAssignment } from './types';

/**
 * Appends the remark to the assignment's `note_technician` with `PUT /Assignments/<id>`. The note is read right
 * before (the office may have typed in it since the run began) and again after an answer that was lost, so
 * each part is added once. Bouwsoft documents no PUT for assignments: when it refuses (405, 404, 400…) the
 * remark is reported as failed and quoted for the office; the hours and materials still count.
 */
const MAX_ROUNDS = 3;

export interface RemarkOutcome {
	state: 'appended' | 'alreadyThere' | 'failed';
	warning?: string;
}

export interface Remark {
	workorderNo: string;
	marker: string;
	parts: string[];
}

function quoteFor(block: string, why: string): string {
	return `The technician's remark could not be added to the Bouwsoft assignment's technician note (${why}); paste it there by hand:\n${block}`;
}

export async function writeRemark(client: BouwsoftClient, writer: BouwsoftWriter, assignment: TargetAssignment, remark: Remark): Promise<RemarkOutcome> {
	const { workorderNo, marker, parts } = remark;
	const missingIn = (note: unknown) => partsMissingFrom(note, workorderNo, parts);
	// Created by this run with the remark as its note.
	if (assignment.created && missingIn(assignment.record.note_technician).length === 0) return { state: 'appended' };
	let lost = '';
	let block = remarkBlock(marker, parts);
	// One read more than writes: after the last lost answer, a read tells whether it arrived.
	for (let round = 1; round <= MAX_ROUNDS + 1; round++) {
		let note: unknown;
		try {
			const record = await client.getById('Assignments', assignment.id);
			if (!record) return { state: 'failed', warning: quoteFor(block, `assignment id ${assignment.id} is gone`) };
			note = record.note_technician;
		} catch (error) {
			return { state: 'failed', warning: quoteFor(block, `reading the assignment failed: ${(error as Error).message}`) };
		}
		const missing = missingIn(note);
		if (missing.length === 0) return { state: round === 1 ? 'alreadyThere' : 'appended' };
		block = remarkBlock(marker, missing);
		if (round > MAX_ROUNDS) break;
		const result = await writer.put('Assignments', assignment.id, { note_technician: appendToNote(note, block) });
		if (result.outcome === 'applied') return { state: 'appended' };
		if (result.outcome === 'refused') return { state: 'failed', warning: quoteFor(block, result.message) };
		lost = result.message;
	}
	return { state: 'failed', warning: quoteFor(block, `Bouwsoft's answers were lost: ${lost}`) };
}
