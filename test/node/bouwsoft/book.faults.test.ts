/**
 * Exactly once when answers get lost: the Book operation against the simulator's write faults. A write that
 * may have been applied is never sent again as such; the assignment's lines are read again and only what is
 * missing is written.
 */
import type { IDataObject } from 'n8n-workflow';

import type { BookingResult } from '../../../nodes/shared/workOrderExport';
import { ASSIGNMENT_ID, ASSIGNMENT_NR, PROJECT_ID, PROJECT_PNR, bookEnv, material, period, readable, resultsOf, workOrder } from './bookEnv';
import type { BookEnv } from './bookEnv';

const A = `A-${ASSIGNMENT_NR}`;

/** Two periods and two materials: lines 1–2 hours, lines 3–4 materials (written in that order). */
function order(): IDataObject {
	return workOrder({
		no: A,
		comment: 'Klaar.',
		periods: [period('12-03-2026', '07:30', '12:00', { Break: '15' }), period('12-03-2026', '12:30', '16:00', { EmployeeNr: '23' })],
		materials: [material('K-100', '12,5'), material('0123', 4)],
	});
}

const COMPLETE_HOURS = ['2026-03-12 emp 5 7.5-12 break 0.25 job 1/01', '2026-03-12 emp 6 12.5-16 break 0 job 1/01'];
const COMPLETE_MATERIALS = ['2026-03-12 product 501 × 12.5 m', '2026-03-12 product 502 × 4 st.'];

describe('Bouwsoft node: Book, lost answers and failures', () => {
	let env: BookEnv;
	beforeAll(async () => {
		env = await bookEnv();
	});
	afterAll(async () => await env.close());
	beforeEach(() => {
		env.sim.reset();
		env.sim.resetRequests();
	});

	function expectComplete(): void {
		expect(readable(env.lines('AssignmentLabor'))).toEqual(COMPLETE_HOURS);
		expect(readable(env.lines('AssignmentProducts'))).toEqual(COMPLETE_MATERIALS);
	}

	it('the 3rd line is applied but its answer times out: the lines are read again, nothing is doubled, the order is complete', async () => {
		const fault = env.sim.faults.add({ resource: 'AssignmentProducts', method: 'POST', times: 1, afterProcessing: true, delayMs: 2500 });
		const [item] = resultsOf(await env.book([order()], { bookOptions: { timeoutSeconds: 1 } })) as unknown as BookingResult[];
		expect(fault.fired).toBe(1);
		expect(item).toMatchObject({ status: 'booked', exported: true, hours: { written: 2 }, materials: { written: 2, alreadyThere: 0 } });
		expectComplete();
		// One POST per line: the lost one was found on the re-read, not sent again.
		expect(env.sim.requests.filter((r) => r.method === 'POST').map((r) => r.resource)).toEqual([
			'AssignmentLabor',
			'AssignmentLabor',
			'AssignmentProducts',
			'AssignmentProducts',
		]);
		expect(env.sim.requestCount('AssignmentProducts')).toBe(1 + 2 + 1); // read, 2 POSTs, re-read
	});

	it('a slow Bouwsoft applies a write only after our time-out: the read waits a moment, finds it, nothing is doubled', async () => {
		// No afterProcessing: the simulator holds the request 2.5 s, then applies it (a busy server).
		env.sim.faults.add({ resource: 'AssignmentLabor', method: 'POST', afterRequests: 1, times: 1, delayMs: 2500 });
		const [item] = resultsOf(await env.book([order()], { bookOptions: { timeoutSeconds: 1 } })) as unknown as BookingResult[];
		expect(item).toMatchObject({ exported: true, hours: { written: 2 }, materials: { written: 2 } });
		expectComplete();
		expect(env.sim.requests.filter((r) => r.method === 'POST' && r.resource === 'AssignmentLabor')).toHaveLength(2);
	});

	it('slower than the wait: the line is not sent again in this run; the next run finds it', async () => {
		env.sim.faults.add({ resource: 'AssignmentLabor', method: 'POST', afterRequests: 1, times: 1, delayMs: 4000 });
		const [item] = resultsOf(await env.book([order()], { bookOptions: { timeoutSeconds: 1 } }, true)) as unknown as BookingResult[];
		expect(item).toMatchObject({ status: 'failed', exported: false });
		expect(item.lines.map((l) => l.state)).toEqual(['written', 'failed', 'notWritten', 'notWritten']);
		expect(item.message).toMatch(/may still be booking this line, so it was not sent again/);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		const [again] = resultsOf(await env.book([order()])) as unknown as BookingResult[];
		expect(again).toMatchObject({ exported: true, hours: { written: 0, alreadyThere: 2 }, materials: { written: 2 } });
		expectComplete();
	});

	it('the connection drops after a line was applied: same, found on the re-read', async () => {
		env.sim.faults.add({ resource: 'AssignmentLabor', method: 'POST', afterRequests: 1, times: 1, afterProcessing: true, dropConnection: true });
		const [item] = resultsOf(await env.book([order()])) as unknown as BookingResult[];
		expect(item).toMatchObject({ exported: true, hours: { written: 2, alreadyThere: 0 } });
		expectComplete();
		expect(env.sim.writeCounts()).toMatchObject({ AssignmentLabor: 2, AssignmentProducts: 2 });
	});

	it('500 before the write was applied: the re-read shows it missing, it is written again, the order is complete', async () => {
		env.sim.faults.add({ resource: 'AssignmentLabor', method: 'POST', afterRequests: 1, times: 1, status: 500 });
		const [item] = resultsOf(await env.book([order()])) as unknown as BookingResult[];
		expect(item).toMatchObject({ exported: true, hours: { written: 2 }, materials: { written: 2 } });
		expectComplete();
		expect(env.sim.requests.filter((r) => r.method === 'POST' && r.resource === 'AssignmentLabor').map((r) => r.status)).toEqual([201, 500, 201]);
	});

	it('the access token expires mid-export: n8n fetches a new one and sends the refused write again (it never reached Bouwsoft)', async () => {
		const stop = env.sim.onRequest((ctx) => {
			if (ctx.method === 'POST' && ctx.resource === 'AssignmentLabor' && ctx.resourceRequestNumber === 2) env.sim.expireAccessTokens();
		});
		try {
			const [item] = resultsOf(await env.book([order()])) as unknown as BookingResult[];
			expect(item).toMatchObject({ exported: true, hours: { written: 2 }, materials: { written: 2 } });
		} finally {
			stop();
		}
		expectComplete();
		// The write refused with 401 (it never reached Bouwsoft's data) went again with the new token.
		expect(env.sim.requests.filter((r) => r.method === 'POST').map((r) => `${r.resource} ${r.status}`)).toEqual([
			'AssignmentLabor 201',
			'AssignmentLabor 401',
			'AssignmentLabor 201',
			'AssignmentProducts 201',
			'AssignmentProducts 201',
		]);
	});

	it('lost answers every time: after 3 rounds the order fails and says which lines are in Bouwsoft and which are not', async () => {
		env.sim.faults.add({ resource: 'AssignmentProducts', method: 'POST', afterRequests: 1, status: 503 });
		const result = await env.book([order()], {}, true);
		const [item] = resultsOf(result) as unknown as BookingResult[];
		expect(item).toMatchObject({ status: 'failed', exported: false, hours: { written: 2, failed: 0 }, materials: { written: 1, failed: 1 } });
		expect(item.lines.map((l) => l.state)).toEqual(['written', 'written', 'written', 'failed']);
		expect(item.message).toBe(
			`Work order ${A} is only partly booked on Bouwsoft assignment ${ASSIGNMENT_NR} (id ${ASSIGNMENT_ID}): not in Bouwsoft after 3 attempts whose answers were lost (POST AssignmentProducts failed with HTTP 503: "Simulated fault 503"). ` +
				'In Bouwsoft: hours 12-03-2026 07:30–12:00, technician 17; hours 12-03-2026 12:30–16:00, technician 23; material K-100 × 12.5. ' +
				'Not in Bouwsoft: material 0123 × 4. Fix: Run the export again when Bouwsoft answers; lines already in Bouwsoft are never written twice.',
		);
		// 1 + 3 attempts of the last line, each followed by a read of the lines.
		expect(env.sim.requests.filter((r) => r.method === 'POST' && r.resource === 'AssignmentProducts')).toHaveLength(4);
		expect(env.lines('AssignmentProducts')).toHaveLength(1);
		// The next run completes it without doubling anything.
		env.sim.faults.clear();
		env.sim.resetRequests();
		const [again] = resultsOf(await env.book([order()])) as unknown as BookingResult[];
		expect(again).toMatchObject({ exported: true, hours: { written: 0, alreadyThere: 2 }, materials: { written: 1, alreadyThere: 1 }, remark: 'alreadyThere' });
		expectComplete();
	});

	it('Bouwsoft refuses one line (400): the others are written, the order fails naming what Bouwsoft said', async () => {
		env.sim.faults.add({ resource: 'AssignmentLabor', method: 'POST', times: 1, status: 400, body: { error: 'Column break: value out of range' } });
		const [item] = resultsOf(await env.book([order()], {}, true)) as unknown as BookingResult[];
		expect(item).toMatchObject({ status: 'failed', exported: false, hours: { written: 1, failed: 1 }, materials: { written: 2 } });
		expect(item.lines[0]).toMatchObject({ state: 'failed', error: 'POST AssignmentLabor failed with HTTP 400: "Column break: value out of range"' });
		expect(item.fix).toMatch(/Correct what Bouwsoft refused/);
		expect(env.sim.requests.filter((r) => r.method === 'POST')).toHaveLength(4);
	});

	it('429 is retried (the write certainly did not happen) and the order is complete', async () => {
		env.sim.faults.add({ resource: 'AssignmentLabor', method: 'POST', times: 1, status: 429, retryAfterSeconds: 0 });
		const [item] = resultsOf(await env.book([order()])) as unknown as BookingResult[];
		expect(item).toMatchObject({ exported: true });
		expectComplete();
		// No re-read needed: the lines were read once per kind.
		expect(env.sim.requests.filter((r) => r.method === 'GET' && r.resource === 'AssignmentLabor')).toHaveLength(1);
	});

	it('PUT /Assignments unsupported: the lines count (exported), the remark is quoted in a warning', async () => {
		env.sim.writeSettings.assignmentUpdates = 'unsupported';
		const [item] = resultsOf(await env.book([order()])) as unknown as BookingResult[];
		expect(item).toMatchObject({ status: 'booked', exported: true, remark: 'failed' });
		expect(item.warnings).toEqual([
			`The technician's remark could not be added to the Bouwsoft assignment's technician note (PUT Assignments failed with HTTP 405: "Method PUT not allowed on Assignments by the simulator"); paste it there by hand:\n[OutSmart ${A}, 12-03-2026]\nKlaar.`,
		]);
		expectComplete();
	});

	it('the remark PUT is applied but its answer is lost: read again, the remark is in the note once', async () => {
		env.sim.faults.add({ resource: 'Assignments', method: 'PUT', times: 1, afterProcessing: true, dropConnection: true });
		const [item] = resultsOf(await env.book([order()])) as unknown as BookingResult[];
		expect(item).toMatchObject({ exported: true, remark: 'appended', warnings: [] });
		const note = String(env.sim.store.get('Assignments', ASSIGNMENT_ID)?.note_technician);
		expect(note.match(/\[OutSmart A-1001, 12-03-2026\]/g)).toHaveLength(1);
		expect(env.sim.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
	});

	it('a P- order whose create answer is lost: looked up again by its marker, never created twice', async () => {
		const project = workOrder({ no: `P-${PROJECT_PNR}`, rowId: '170002', periods: [period('14-03-2026', '08:00', '12:00')] });
		env.sim.faults.add({ resource: 'Assignments', method: 'POST', times: 1, afterProcessing: true, dropConnection: true });
		const before = env.sim.store.count('Assignments');
		const [item] = resultsOf(await env.book([project])) as unknown as BookingResult[];
		expect(env.sim.store.count('Assignments')).toBe(before + 1);
		const created = env.sim.store.all('Assignments').at(-1)!;
		expect(item).toMatchObject({ exported: true, assignment: { id: created.id, created: true }, hours: { written: 1 } });
		expect(env.sim.postCalculation(PROJECT_ID)).toHaveLength(1);
	});

	it('two assignments with the marker (an earlier race): the lowest id is used and a warning says so', async () => {
		const marker = `OutSmart P-${PROJECT_PNR} #170003`;
		const first = env.sim.store.insert('Assignments', { project_id: PROJECT_ID, subject: marker, nr: 2001, execute: false });
		env.sim.store.insert('Assignments', { project_id: PROJECT_ID, subject: marker, nr: 2002, execute: false });
		const project = workOrder({ no: `P-${PROJECT_PNR}`, rowId: '170003', periods: [period('14-03-2026', '08:00', '12:00')] });
		const [item] = resultsOf(await env.book([project])) as unknown as BookingResult[];
		expect(item).toMatchObject({ exported: true, assignment: { id: first.id, nr: 2001, created: false } });
		expect(item.warnings[0]).toMatch(/has 2 assignments "OutSmart P-20260012 #170003".*lowest id/);
	});
});
