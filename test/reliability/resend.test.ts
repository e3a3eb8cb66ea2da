/**
 * The re-send path, proven explicitly: what the trigger emitted while OutSmart could not take it is written
 * by the template's second branch (Schedule Trigger → Bouwsoft Get Many, changed in the last 24 h → the same
 * OutSmart node with Skip Unchanged), exactly once per changed record, and nothing else is written again.
 * Also: n8n's deduplication store failing (the run writes everything, says so, loses nothing), data failures
 * (re-attempted by every re-send run with the same actionable error until fixed in Bouwsoft), and the
 * documented bound (a change older than the 24-hour window waits for the nightly branch, which reads
 * everything through the same Skip Unchanged).
 */
jest.mock('n8n-workflow', () => require('./lib/sleeps').instantSleep(jest.requireActual('n8n-workflow')));

import type { IDataObject } from 'n8n-workflow';

import type { RunWorkflowResult } from '../harness';
import { deduplicationStore } from '../harness';
import { formatTimestamp } from '../simulators/bouwsoft';
import { cleanSeed, insertRecord, randomEdit } from './lib/data';
import { actionsOf, errorText, FLOWS, OUTSMART, startEnv, userError, workDone } from './lib/env';
import type { Flow, SyncEnv } from './lib/env';
import { compareState, expectedFor } from './lib/expected';
import type { ExpectedRecord } from './lib/expected';
import { formatTable } from './lib/matrix';
import type { TableRow } from './lib/matrix';
import { writeReport } from './lib/report';
import { seededRng } from './lib/rng';
import { auditStats, findSecrets } from './lib/secrets';

jest.setTimeout(60_000);

type Rec = Record<string, unknown>;
const ZONE = 'Europe/Brussels';
const rows: TableRow[] = [];

let env: SyncEnv;
afterEach(async () => await env?.close());

/** Simulator write count of every record OutSmart should hold, by `endpoint key`. */
function writeCounts(flow: Flow): Map<string, number> {
	const counts = new Map<string, number>();
	for (const e of expectedFor(flow.category, env.bs)) counts.set(`${e.endpoint} ${e.key}`, env.os.store.writes(e.endpoint, e.key));
	return counts;
}

/** Per key: writes now minus writes before (keys new since `before` count from 0). */
function writesSince(flow: Flow, before: Map<string, number>): Map<string, number> {
	const delta = new Map<string, number>();
	for (const [key, n] of writeCounts(flow)) delta.set(key, n - (before.get(key) ?? 0));
	return delta;
}

/** Expected records whose Bouwsoft record changed after `since` (wall clock). */
function changedAfter(flow: Flow, since: string): ExpectedRecord[] {
	return expectedFor(flow.category, env.bs).filter((e) => e.changed > since);
}

/** Warnings a run gave: execution hints of type warning and warn-level log lines. */
function warningsOf(result: RunWorkflowResult): string[] {
	const hints = (result.runData?.[OUTSMART] ?? []).flatMap((task) => (task.hints ?? []) as Array<{ message: string; type?: string }>);
	return [
		...hints.filter((h) => h.type === 'warning').map((h) => h.message),
		...result.logs.filter((l) => l.level === 'warn').map((l) => l.message),
	];
}

/** The OutSmart record each item of a flow is about (the others are its links, contacts, activities). */
const MAIN_ENDPOINT: Record<keyof typeof FLOWS, string> = { materials: 'materials', employees: 'employees', relations: 'relations', projects: 'projects' };

const WRITTEN = new Set(['created', 'updated', 'upserted']);
/** Items a run wrote to OutSmart (created, updated, or upserted when the node does not tell them apart). */
const written = (result: RunWorkflowResult) => actionsOf(result).filter((a) => WRITTEN.has(a)).length;

function expectComplete(flow: Flow): void {
	const state = compareState(flow.category, env.bs, env.os);
	expect({ lost: state.lost, duplicated: state.duplicated, problems: state.problems.slice(0, 10) }).toEqual({ lost: 0, duplicated: 0, problems: [] });
}

async function initialImport(flow: Flow): Promise<void> {
	env.bs.clock.advanceSeconds(60);
	const r = await env.run(flow, { label: `${flow.category} initial import` });
	expect(userError(r)).toBeUndefined();
	expectComplete(flow);
}

describe('OutSmart down for two trigger runs, then one re-send run', () => {
	it.each(Object.keys(FLOWS) as Array<keyof typeof FLOWS>)(
		'%s: the trigger emits, writes fail twice; ONE re-send run writes each changed record exactly once and nothing else; the next writes nothing',
		async (name) => {
			const flow = FLOWS[name];
			env = await startEnv();
			cleanSeed(env.bs);
			await initialImport(flow);
			const rng = seededRng(1313);
			let stamp = 0;
			// Changes OutSmart took: inside the re-send window, but delivered, so never written again.
			env.bs.clock.advanceSeconds(60);
			for (let e = 0; e < 4; e++) randomEdit(env.bs, flow.category, rng, ++stamp);
			const delivered = await env.run(flow, { label: `${name} delivered changes` });
			expect(userError(delivered)).toBeUndefined();
			expect(written(delivered)).toBeGreaterThan(0);
			const deliveredAt = env.bs.store.timestamp();
			const before = writeCounts(flow);
			env.os.setDown(true);
			const emitted: number[] = [];
			for (let run = 1; run <= 2; run++) {
				env.bs.clock.advanceSeconds(60);
				insertRecord(env.bs, flow.category, rng, ++stamp);
				for (let e = 0; e < 5; e++) randomEdit(env.bs, flow.category, rng, ++stamp);
				const r = await env.run(flow, { label: `${name} OutSmart down ${run}` });
				// The trigger emitted the changes (its cursor moves on), and the writes failed, visibly.
				expect(r.executed).toBe(true);
				emitted.push(r.run?.data.resultData.runData?.['Bouwsoft Trigger']?.[0]?.data?.main?.[0]?.length ?? 0);
				expect(errorText(r)).toMatch(/Could not reach OutSmart/);
			}
			expect(emitted.every((n) => n > 0)).toBe(true);
			// Nothing reached OutSmart while it was down.
			expect([...writesSince(flow, before).values()].every((n) => n === 0)).toBe(true);
			env.os.setDown(false);

			const changed = new Set(changedAfter(flow, deliveredAt).map((e) => `${e.endpoint} ${e.key}`));
			expect(changed.size).toBeGreaterThan(2);
			const afterOutage = writeCounts(flow);
			env.bs.clock.advanceSeconds(60);
			const first = await env.drain(flow, { label: `${name} re-send 1` });
			expect(userError(first)).toBeUndefined();
			// Exactly the changed records, each once; every other record: not written at all.
			const delta = writesSince(flow, afterOutage);
			const wrong = [...delta].filter(([key, n]) => n !== (changed.has(key) ? 1 : 0)).map(([key, n]) => `${key}: ${n} writes${changed.has(key) ? ' (changed)' : ''}`);
			expect(wrong).toEqual([]);
			expectComplete(flow);
			// The re-send run read more than it wrote: records changed in the window but delivered already.
			const actions = actionsOf(first);
			expect(actions.filter((a) => a === 'unchanged').length).toBeGreaterThan(0);
			expect(actions.filter((a) => a === 'failed')).toEqual([]);
			// One item per changed main record (its links, contacts, activities ride along).
			const changedItems = [...changed].filter((k) => k.startsWith(`${MAIN_ENDPOINT[name]} `)).length;
			expect(written(first)).toBe(changedItems);
			if (name === 'projects') {
				for (const p of env.bs.store.all('Projects') as readonly Rec[]) expect(env.os.store.workordersByNo(`P-${p.pnr}`)).toHaveLength(1);
			}

			const afterFirst = writeCounts(flow);
			env.bs.clock.advanceSeconds(60);
			const second = await env.drain(flow, { label: `${name} re-send 2` });
			expect(userError(second)).toBeUndefined();
			expect(actionsOf(second).length).toBeGreaterThan(0);
			expect(actionsOf(second).every((a) => a === 'unchanged')).toBe(true);
			expect([...writesSince(flow, afterFirst).values()].every((n) => n === 0)).toBe(true);
			// And the trigger has nothing left either (it emitted the changes while OutSmart was down).
			const poll = await env.run(flow, { label: `${name} poll after re-send` });
			expect(poll.executed).toBe(false);
			expect(poll.error).toBeUndefined();
			expectComplete(flow);
			const state = compareState(flow.category, env.bs, env.os);
			rows.push({
				fault: `${name}: OutSmart down for 2 trigger runs, then 1 re-send run (${changed.size} changed records written once, ${delta.size - changed.size} others 0×; 2nd re-send: 0 writes)`,
				runs: 7,
				records: state.records,
				lost: state.lost,
				duplicated: state.duplicated,
			});
		},
	);
});

describe("n8n's deduplication store fails", () => {
	it('while the trigger run peeks: every emitted record is written, the run warns, nothing is lost', async () => {
		const flow = FLOWS.materials;
		env = await startEnv();
		cleanSeed(env.bs);
		await initialImport(flow);
		const rng = seededRng(77);
		env.bs.clock.advanceSeconds(60);
		for (let e = 0; e < 8; e++) randomEdit(env.bs, flow.category, rng, e);
		const calls = deduplicationStore.calls;
		// The peek's call and its two retries (delivered.ts withRetry) all fail.
		deduplicationStore.failNext(3);
		const r = await env.run(flow, { label: 'store down during the peek' });
		expect(deduplicationStore.calls - calls).toBeGreaterThanOrEqual(4);
		expect(userError(r)).toBeUndefined();
		expect(warningsOf(r).join('\n')).toMatch(/could not read n8n's deduplication store, so every record was written/);
		const actions = actionsOf(r);
		expect(actions.length).toBeGreaterThan(0);
		expect(actions.filter((a) => a === 'unchanged' || a === 'failed')).toEqual([]);
		expectComplete(flow);
		// The facts were recorded after the writes (the store was back): the re-send run writes nothing.
		const quiet = await env.drain(flow);
		expect(userError(quiet)).toBeUndefined();
		expect(workDone(quiet)).toBe(0);
		rows.push({ fault: 'deduplication store down while a trigger run peeks (3 failed calls)', runs: 3, records: compareState(flow.category, env.bs, env.os).records, lost: 0, duplicated: 0 });
	});

	it('for a whole re-send run (peek and record): everything in the window is written again, with warnings; the next run writes again exactly what could not be recorded; nothing is lost', async () => {
		const flow = FLOWS.relations;
		env = await startEnv();
		cleanSeed(env.bs);
		await initialImport(flow);
		const rng = seededRng(78);
		const relationsChangedAfter = (since: string) => changedAfter(flow, since).filter((e) => e.endpoint === 'relations').length;
		// Changes OutSmart took (recorded), then changes it could not take (OutSmart down).
		env.bs.clock.advanceSeconds(60);
		for (let e = 0; e < 4; e++) randomEdit(env.bs, flow.category, rng, e);
		expect(userError(await env.run(flow, { label: 'delivered changes' }))).toBeUndefined();
		const deliveredAt = env.bs.store.timestamp();
		env.os.setDown(true);
		env.bs.clock.advanceSeconds(60);
		for (let e = 0; e < 6; e++) randomEdit(env.bs, flow.category, rng, 10 + e);
		expect(userError(await env.run(flow, { label: 'OutSmart down' }))).toBeDefined();
		env.os.setDown(false);
		const undelivered = relationsChangedAfter(deliveredAt);
		const inWindow = relationsChangedAfter(formatTimestamp(env.drainSince().getTime(), ZONE));
		expect(undelivered).toBeGreaterThan(0);
		expect(inWindow).toBeGreaterThan(undelivered);
		const calls = deduplicationStore.calls;
		const recorded = env.deliveryRecordSize();
		// Peek: the call and its two retries fail; record: the same (delivered.ts withRetry).
		deduplicationStore.failNext(6);
		env.bs.clock.advanceSeconds(60);
		const blind = await env.drain(flow, { label: 're-send, store down' });
		expect(deduplicationStore.calls - calls).toBe(6);
		expect(env.deliveryRecordSize()).toBe(recorded);
		expect(userError(blind)).toBeUndefined();
		const warnings = warningsOf(blind).join('\n');
		expect(warnings).toMatch(/could not read n8n's deduplication store, so every record was written/);
		expect(warnings).toMatch(/could not update n8n's deduplication store; the next run writes these records again/);
		// Every relation changed in the window was written, none skipped.
		expect(written(blind)).toBe(inWindow);
		expect(actionsOf(blind).filter((a) => a !== 'upserted' && a !== 'updated' && a !== 'created')).toEqual([]);
		expectComplete(flow);
		// Store back: the earlier facts are still there (those relations are skipped); the versions the blind run
		// wrote but could not record are written once more (a repeated write, not a loss); then all is quiet.
		env.bs.clock.advanceSeconds(60);
		const again = await env.drain(flow, { label: 're-send, store back' });
		expect(userError(again)).toBeUndefined();
		expect(written(again)).toBe(undelivered);
		expect(env.deliveryRecordSize()).toBe(recorded + undelivered);
		expect(actionsOf(again).filter((a) => a === 'unchanged').length).toBe(inWindow - undelivered);
		expectComplete(flow);
		const quiet = await env.drain(flow, { label: 're-send, quiet' });
		expect(userError(quiet)).toBeUndefined();
		expect(workDone(quiet)).toBe(0);
		rows.push({
			fault: `deduplication store down for a whole re-send run (${inWindow} relations written blind; ${undelivered} not recorded, written once more by the next run)`,
			runs: 6,
			records: compareState(flow.category, env.bs, env.os).records,
			lost: 0,
			duplicated: 0,
		});
	});
});

/**
 * A version attempted before (OutSmart was down) is checked against the facts on its retry; the store answers
 * that check, then stays away for its clean-up (three tries) and, after OutSmart failed the writes again, for
 * the second removal too: the facts of versions OutSmart never accepted stay recorded, and runs with Skip
 * Unchanged would skip them. The node cannot repair that without its store, so each item's error says so and
 * names the way out (one run with Skip Unchanged off), which is then proved to work. A first attempt cannot
 * end like this: its check only records attempt markers, never facts.
 */
describe("n8n's deduplication store fails between the peek's check and its clean-up", () => {
	it('on a retry while OutSmart is still down: each failed item names the way out; the re-send run skips them; one run with Skip Unchanged off delivers them', async () => {
		const flow = FLOWS.materials;
		env = await startEnv();
		cleanSeed(env.bs);
		await initialImport(flow);
		const rng = seededRng(5);
		env.os.setDown(true);
		env.bs.clock.advanceSeconds(60);
		for (let e = 0; e < 3; e++) randomEdit(env.bs, flow.category, rng, e);
		const first = await env.run(flow, { label: 'OutSmart down (first attempt)' });
		expect(errorText(first)).toMatch(/3 records could not be written to OutSmart/);
		expect(errorText(first)).not.toMatch(/may count as delivered/);
		// The retry's second store call (the facts check) succeeds; the next six fail: the check's removal and
		// its two retries, then the second removal and its two retries.
		const store = deduplicationStore as unknown as { checkProcessedAndRecord: (...args: unknown[]) => Promise<unknown> };
		const check = store.checkProcessedAndRecord;
		let seen = 0;
		store.checkProcessedAndRecord = async function (this: unknown, ...args: unknown[]) {
			const answer = await check.apply(this, args);
			if (++seen === 2) {
				store.checkProcessedAndRecord = check;
				deduplicationStore.failNext(6);
			}
			return answer;
		};
		let r: RunWorkflowResult;
		try {
			env.bs.clock.advanceSeconds(60);
			r = await env.drain(flow, { label: 're-send, store blip after the facts check, OutSmart still down' });
		} finally {
			store.checkProcessedAndRecord = check;
		}
		expect(errorText(r)).toMatch(/3 records could not be written to OutSmart.*Could not reach OutSmart/);
		expect(errorText(r)).toMatch(/may count as delivered.*run this workflow once with Skip Unchanged off/);
		expect(warningsOf(r).join('\n')).toMatch(/could not clear the records OutSmart did not take/);
		env.os.setDown(false);
		env.bs.clock.advanceSeconds(60);
		const resend = await env.drain(flow, { label: 're-send after the blip' });
		expect(userError(resend)).toBeUndefined();
		const skipped = compareState(flow.category, env.bs, env.os);
		expect(skipped.lost).toBe(3);
		const repair = await env.fullSync(flow, { label: 'the way out: one run with Skip Unchanged off' });
		expect(userError(repair)).toBeUndefined();
		const state = compareState(flow.category, env.bs, env.os);
		expect(state.lost).toBe(0);
		expect(state.duplicated).toBe(0);
		rows.push({
			fault: "store fails after a retry's facts check (its clean-up and the second removal), OutSmart down: 3 items say so; re-send skips them; one run with Skip Unchanged off delivers them",
			runs: 5,
			records: state.records,
			lost: state.lost,
			duplicated: state.duplicated,
		});
	});
});

describe('data failures: re-attempted by every re-send run, with the same actionable error, until fixed in Bouwsoft', () => {
	it.each([
		['materials', 'Products', 7, { description: null }, /description/, { description: 'Gerepareerde omschrijving' }],
		['relations', 'Addresses', 1, { zipcode: '' }, /zipcode/, { zipcode: '9000' }],
	] as const)('%s: %s record with %j', async (name, resource, index, breakPatch, words, fixPatch) => {
		const flow = FLOWS[name];
		env = await startEnv();
		cleanSeed(env.bs);
		await initialImport(flow);
		const candidates = (env.bs.store.all(resource) as readonly Rec[]).filter((r) => resource !== 'Addresses' || (Number(r.clientnr) > 0 && String(r.name).trim()));
		const bad = candidates[index];
		env.bs.clock.advanceSeconds(60);
		env.bs.store.update(resource, bad.id as number, breakPatch as never);
		const poll = await env.run(flow, { label: `${name} bad record poll` });
		const message = errorText(poll);
		expect(message).toMatch(words);
		expect(message).toMatch(new RegExp(`Bouwsoft ${name} ${bad.id}\\b`));
		const afterPoll = writeCounts(flow);
		const repeated: string[] = [];
		for (let i = 0; i < 3; i++) {
			env.bs.clock.advanceSeconds(15 * 60);
			const d = await env.drain(flow, { label: `${name} bad record re-send ${i + 1}` });
			repeated.push(errorText(d));
		}
		// The same actionable error every time, and no other record written again meanwhile.
		expect(repeated).toEqual([message, message, message]);
		expect([...writesSince(flow, afterPoll).values()].every((n) => n === 0)).toBe(true);
		// Fixed in Bouwsoft: the next poll sends it, and the re-send branch is quiet after that.
		env.bs.store.update(resource, bad.id as number, fixPatch as never);
		const fixed = await env.run(flow, { label: `${name} fixed poll` });
		expect(userError(fixed)).toBeUndefined();
		expect(actionsOf(fixed).filter((a) => a !== 'unchanged')).toEqual([expect.stringMatching(/^(updated|upserted)$/)]);
		expectComplete(flow);
		const quiet = await env.drain(flow, { label: `${name} after the fix` });
		expect(userError(quiet)).toBeUndefined();
		expect(workDone(quiet)).toBe(0);
		rows.push({ fault: `${name}: unmappable record (${Object.keys(breakPatch)[0]}), 3 re-send runs fail the same way, fixed in Bouwsoft`, runs: 7, records: compareState(flow.category, env.bs, env.os).records, lost: 0, duplicated: 0 });
	});
});

describe('the bound of the re-send branch (design: 24 hours)', () => {
	it('a change whose write failed more than 24 h before OutSmart is back: not re-sent by the 15-minute branch; the nightly branch writes it, once', async () => {
		const flow = FLOWS.employees;
		env = await startEnv();
		cleanSeed(env.bs);
		await initialImport(flow);
		env.os.setDown(true);
		env.bs.clock.advanceSeconds(60);
		const e = (env.bs.store.all('Employees') as readonly Rec[])[3];
		env.bs.store.update('Employees', e.id as number, { surname: 'Te laat' });
		expect(userError(await env.run(flow))).toBeDefined();
		// OutSmart stays down for 25 hours.
		env.bs.clock.advanceSeconds(25 * 3600);
		env.os.setDown(false);
		const drained = await env.drain(flow);
		expect(userError(drained)).toBeUndefined();
		const window = compareState(flow.category, env.bs, env.os, { changedAfter: formatTimestamp(env.drainSince().getTime(), ZONE) });
		expect({ lost: window.lost, outsideWindow: window.outsideWindow }).toEqual({ lost: 0, outsideWindow: 1 });
		expect(env.os.store.get('employees', String(e.nr))?.lastname).not.toBe('Te laat');
		const before = env.os.store.writes('employees', String(e.nr));
		const nightly = await env.nightly(flow);
		expect(userError(nightly)).toBeUndefined();
		expect(env.os.store.get('employees', String(e.nr))?.lastname).toBe('Te laat');
		// only that employee was written: every other version was in the delivery record
		expect(env.os.store.writes('employees', String(e.nr)) - before).toBe(1);
		expect(actionsOf(nightly).filter((a) => a !== 'unchanged')).toHaveLength(1);
		expectComplete(flow);
		rows.push({ fault: 'a failed change older than the 24 h window: not re-sent by the 15-minute branch (1 left), written once by the nightly branch', runs: 5, records: compareState(flow.category, env.bs, env.os).records, lost: 0, duplicated: 0 });
	});
});

describe('changes of linked records (a contact person, not its relation)', () => {
	it('a contact edit whose write failed is re-sent by the re-send branch', async () => {
		const flow = FLOWS.relations;
		env = await startEnv();
		cleanSeed(env.bs);
		await initialImport(flow);
		// A customer whose own record changed before the re-send window (as most do).
		const since = formatTimestamp(env.drainSince().getTime() + 3_600_000, ZONE);
		const customers = new Set(
			(env.bs.store.all('Addresses') as readonly Rec[]).filter((a) => Number(a.clientnr) > 0 && String(a.name).trim() && String(a.ts_lastupdate) < since).map((a) => a.id),
		);
		const contact = (env.bs.store.all('AddressContacts') as readonly Rec[]).find((c) => customers.has(c.address_id) && String(c.contact_name).trim())!;
		expect(contact).toBeDefined();
		env.os.setDown(true);
		env.bs.clock.advanceSeconds(60);
		env.bs.store.update('AddressContacts', contact.id as number, { contact_name: 'Nieuwe contactnaam' });
		const r = await env.run(flow);
		// The trigger follows the contact's change date and emits its relation; the write fails.
		expect(r.executed).toBe(true);
		expect(userError(r)).toBeDefined();
		env.os.setDown(false);
		env.bs.clock.advanceSeconds(60);
		const drained = await env.drain(flow);
		expect(userError(drained)).toBeUndefined();
		const info: IDataObject = { readByResend: actionsOf(drained).length };
		expect({ ...info, name: env.os.store.get('contactpersons', `C-${contact.id}`)?.cpn_name }).toEqual({ ...info, name: 'Nieuwe contactnaam' });
		expect(written(drained)).toBe(1);
		expectComplete(flow);
		rows.push({ fault: 'a contact edit (its relation older than 24 h) whose write failed: re-sent by the re-send run', runs: 4, records: compareState(flow.category, env.bs, env.os).records, lost: 0, duplicated: 0 });
	});
});

afterAll(() => {
	console.log(`Re-send branch:\n${formatTable(rows, false)}`);
	writeReport('resend', { rows, audit: auditStats() });
	expect(findSecrets()).toEqual([]);
});
