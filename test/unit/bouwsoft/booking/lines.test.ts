/**
 * The exactly-once rounds of bookLines against a scripted in-memory assignment: every write outcome the
 * transport can report, in any order. Node tests run the same code against the HTTP simulator.
 */
import type { IDataObject } from 'n8n-workflow';

import { bookLines, MAX_ROUNDS } from '../../../../nodes/Bouwsoft/booking/lines';
import { hoursKey, materialKey } from '../../../../nodes/Bouwsoft/booking/keys';
import type { DesiredLine } from '../../../../nodes/Bouwsoft/booking/types';
import type { BouwsoftClient } from '../../../../nodes/Bouwsoft/transport/client';
import type { BouwsoftWriter, Columns, WriteResult } from '../../../../nodes/Bouwsoft/transport/write';

type Step = 'ok' | 'lostApplied' | 'lostNotApplied' | 'refused400' | 'refused401' | 'okWithoutId' | 'timedOutApplied' | 'timedOutSlow';

class FakeAssignment {
	tables: Record<string, IDataObject[]> = { AssignmentLabor: [], AssignmentProducts: [] };
	nextId: Record<string, number> = { AssignmentLabor: 1, AssignmentProducts: 1 };
	/** Outcome of each POST in turn; 'ok' when the script is used up. */
	script: Step[] = [];
	posts: string[] = [];
	reads = 0;
	failReadsFrom = Number.POSITIVE_INFINITY;

	insert(resource: string, values: IDataObject): number {
		const id = this.nextId[resource]++;
		this.tables[resource].push({ id, ...values });
		return id;
	}

	/** Writes a slow Bouwsoft applies only after the next read. */
	late: Array<() => void> = [];

	get client(): BouwsoftClient {
		return {
			options: { timeoutMs: 1 },
			readAll: async (resource: string) => {
				this.reads++;
				if (this.reads >= this.failReadsFrom) throw new Error('Bouwsoft failed to answer (HTTP 503)');
				const rows = this.tables[resource].map((r) => ({ ...r }));
				for (const apply of this.late.splice(0)) apply();
				return rows;
			},
		} as unknown as BouwsoftClient;
	}

	get writer(): BouwsoftWriter {
		return {
			post: async (resource: string, columns: Columns): Promise<WriteResult> => {
				const step = this.script.shift() ?? 'ok';
				this.posts.push(`${resource}:${step}`);
				const failure = {};
				switch (step) {
					case 'ok':
						return { outcome: 'applied', row: { id: this.insert(resource, columns) } };
					case 'okWithoutId':
						this.insert(resource, columns);
						return { outcome: 'applied', row: {} };
					case 'lostApplied':
						this.insert(resource, columns);
						return { outcome: 'unknown', message: 'connection reset', failure, stillRunning: false };
					case 'lostNotApplied':
						return { outcome: 'unknown', message: 'HTTP 502', failure, stillRunning: false };
					case 'timedOutApplied':
						this.insert(resource, columns);
						return { outcome: 'unknown', message: 'POST timed out', failure, stillRunning: true };
					case 'timedOutSlow':
						this.late.push(() => void this.insert(resource, columns));
						return { outcome: 'unknown', message: 'POST timed out', failure, stillRunning: true };
					case 'refused400':
						return { outcome: 'refused', message: 'HTTP 400 bad quantity', failure, recordSpecific: true };
					case 'refused401':
						return { outcome: 'refused', message: 'HTTP 401', failure, recordSpecific: false };
				}
			},
		} as unknown as BouwsoftWriter;
	}
}

function hours(from: number, to: number, employee = 5): DesiredLine {
	const columns = { date: '2026-03-12', employee_id: employee, job_id: 1, from: from / 60, to: to / 60, break: 0 };
	return { kind: 'hours', key: hoursKey('2026-03-12', employee, from, to), columns, label: `hours ${from}-${to}` };
}

function product(id: number, quantity: number): DesiredLine {
	return { kind: 'material', key: materialKey('2026-03-12', id, '', quantity), columns: { date: '2026-03-12', product_id: id, quantity }, label: `product ${id}` };
}

const desired = [hours(450, 720), hours(750, 960), product(501, 2), product(502, 1)];

async function book(fake: FakeAssignment, lines = desired) {
	return await bookLines(fake.client, fake.writer, 900, lines);
}

describe('booking: lines written exactly once', () => {
	it('writes every missing line once, one after the other', async () => {
		const fake = new FakeAssignment();
		const outcome = await book(fake);
		expect(outcome.failure).toBeUndefined();
		expect(outcome.lines.map((l) => l.state)).toEqual(['written', 'written', 'written', 'written']);
		expect(fake.posts).toEqual(['AssignmentLabor:ok', 'AssignmentLabor:ok', 'AssignmentProducts:ok', 'AssignmentProducts:ok']);
		expect(fake.reads).toBe(2);
	});

	it('ids are per resource: a material line with the id of an existing hours line still counts as written now', async () => {
		const fake = new FakeAssignment();
		fake.insert('AssignmentLabor', { date: '2026-03-12', employee_id: 5, from: 7.5, to: 12 });
		fake.insert('AssignmentLabor', { date: '2026-03-12', employee_id: 9, from: 1, to: 2 });
		const outcome = await book(fake);
		expect(outcome.lines.map((l) => [l.state, l.bouwsoftId])).toEqual([
			['alreadyThere', 1],
			['written', 3],
			['written', 1],
			['written', 2],
		]);
	});

	it.each<[string, Step[], number]>([
		['lost after it was applied', ['ok', 'ok', 'lostApplied'], 4],
		['lost before it was applied', ['ok', 'ok', 'lostNotApplied'], 5],
		['answered without an id', ['okWithoutId'], 4],
		['lost twice in a row', ['lostNotApplied', 'lostApplied'], 5],
	])('a write %s: re-read, re-match, write only what is missing', async (_name, script, posts) => {
		const fake = new FakeAssignment();
		fake.script = script;
		const outcome = await book(fake);
		expect(outcome.failure).toBeUndefined();
		expect(outcome.lines.map((l) => l.state)).toEqual(['written', 'written', 'written', 'written']);
		expect(fake.tables.AssignmentLabor).toHaveLength(2);
		expect(fake.tables.AssignmentProducts).toHaveLength(2);
		expect(fake.posts).toHaveLength(posts);
	});

	it(`after ${MAX_ROUNDS} lost answers the line fails; a last read says what is there`, async () => {
		const fake = new FakeAssignment();
		fake.script = ['ok', 'ok', 'ok', 'lostNotApplied', 'lostNotApplied', 'lostNotApplied', 'ok'];
		const outcome = await book(fake);
		expect(outcome.lines.map((l) => l.state)).toEqual(['written', 'written', 'written', 'failed']);
		expect(outcome.lines[3].error).toMatch(/not in Bouwsoft after 3 attempts whose answers were lost \(HTTP 502\)/);
		expect(outcome.failure).toBe(outcome.lines[3].error);
		expect(outcome.rereads).toBe(3);
		expect(fake.posts).toHaveLength(6);
	});

	it('a third lost answer that did arrive is found by the last read', async () => {
		const fake = new FakeAssignment();
		fake.script = ['lostNotApplied', 'lostNotApplied', 'lostApplied'];
		const outcome = await book(fake, [hours(450, 720)]);
		expect(outcome.failure).toBeUndefined();
		expect(outcome.lines[0].state).toBe('written');
	});

	it('a time-out whose write arrived: found after a moment, the order goes on', async () => {
		const fake = new FakeAssignment();
		fake.script = ['ok', 'timedOutApplied'];
		const outcome = await book(fake);
		expect(outcome.failure).toBeUndefined();
		expect(outcome.lines.map((l) => l.state)).toEqual(['written', 'written', 'written', 'written']);
		expect(fake.posts).toHaveLength(4);
	});

	it('a time-out whose write is not there yet: not sent again in this run (a slow Bouwsoft may still apply it), the order stops', async () => {
		const fake = new FakeAssignment();
		fake.script = ['ok', 'timedOutSlow'];
		const outcome = await book(fake);
		expect(outcome.lines.map((l) => l.state)).toEqual(['written', 'failed', 'notWritten', 'notWritten']);
		expect(outcome.failure).toMatch(/may still be booking this line, so it was not sent again; the next run writes it only if it is still missing/);
		expect(fake.posts).toHaveLength(2);
		// It landed after all: the next run finds it and writes only the rest.
		fake.posts = [];
		const next = await book(fake);
		expect(next.lines.map((l) => l.state)).toEqual(['alreadyThere', 'alreadyThere', 'written', 'written']);
		expect(fake.tables.AssignmentLabor).toHaveLength(2);
	});

	it('a refusal of one record: the others are written, that one fails and is not tried again', async () => {
		const fake = new FakeAssignment();
		fake.script = ['refused400', 'ok', 'lostApplied'];
		const outcome = await book(fake);
		expect(outcome.lines.map((l) => l.state)).toEqual(['failed', 'written', 'written', 'written']);
		expect(outcome.failure).toBe('HTTP 400 bad quantity');
		expect(fake.posts.filter((p) => p.startsWith('AssignmentLabor'))).toHaveLength(2);
	});

	it('a refusal that is not about the record (credential) stops the order; the rest is not attempted', async () => {
		const fake = new FakeAssignment();
		fake.script = ['ok', 'refused401'];
		const outcome = await book(fake);
		expect(outcome.lines.map((l) => l.state)).toEqual(['written', 'failed', 'notWritten', 'notWritten']);
		expect(outcome.failure).toBe('HTTP 401');
	});

	it('the lines cannot be read again after a lost answer: that line is reported as maybe there, nothing else is written', async () => {
		const fake = new FakeAssignment();
		fake.script = ['ok', 'lostApplied'];
		fake.failReadsFrom = 3;
		const outcome = await book(fake);
		expect(outcome.lines.map((l) => l.state)).toEqual(['written', 'failed', 'notWritten', 'notWritten']);
		expect(outcome.lines[1].error).toMatch(/may or may not be on the assignment/);
		expect(outcome.failure).toMatch(/Could not read the assignment's lines again/);
	});

	it('the first read fails: nothing is written', async () => {
		const fake = new FakeAssignment();
		fake.failReadsFrom = 1;
		const outcome = await book(fake);
		expect(outcome.lines.every((l) => l.state === 'notWritten')).toBe(true);
		expect(fake.posts).toEqual([]);
	});

	it('no desired lines: no request at all', async () => {
		const fake = new FakeAssignment();
		expect(await book(fake, [])).toEqual({ lines: [], rereads: 0 });
		expect(fake.reads).toBe(0);
	});
});
