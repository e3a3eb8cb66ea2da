/**
 * Concurrency: Bouwsoft edits landing while the trigger pages (onRequest hooks of the simulator), including
 * records that move across a page boundary or in/out of the selection, records inserted behind the keyset
 * position, ties on ts_lastupdate with the cursor; and 10,000 seeded random edits over 200 polls of the
 * real Trigger → OutSmart workflow. After the last edit, polls run until one emits nothing, then one run of
 * the template's re-send branch (changed in the last 24 h → the same OutSmart node, Skip Unchanged) must find
 * nothing to write: the trigger alone lost nothing, and the delivery record agrees with what was written.
 * Then: 0 lost.
 */
jest.mock('n8n-workflow', () => require('./lib/sleeps').instantSleep(jest.requireActual('n8n-workflow')));

import { groupCategoryCode, listCategoryCode } from '../../nodes/shared/categoryCodes';
import { cleanSeed } from './lib/data';
import { actionsOf, errorText, startEnv, userError, workDone } from './lib/env';
import type { Flow, SyncEnv } from './lib/env';
import { compareState } from './lib/expected';
import { formatTable } from './lib/matrix';
import type { TableRow } from './lib/matrix';
import { writeReport } from './lib/report';
import { seededRng } from './lib/rng';
import type { Rng } from './lib/rng';
import { auditStats, findSecrets } from './lib/secrets';

jest.setTimeout(240_000);

type Rec = Record<string, unknown>;
const LISTS = ['VERF', 'SANITAIR', 'ELEKTRO'];
const MATERIALS_IN_LISTS: Flow = { category: 'materials', resource: 'material', trigger: { productLists: LISTS } };
const rows: TableRow[] = [];

/** Every OutSmart key a product ever had while in scope: allowed to stay in OutSmart (no deletes). */
function rememberKeys(env: SyncEnv, keys: Set<string>): void {
	for (const p of env.bs.store.all('Products') as readonly Rec[]) {
		if (!LISTS.includes(String(p.list))) continue;
		const code = String(p.nr1).trim();
		keys.add(code);
		keys.add(`${code}|${p.group ? groupCategoryCode(String(p.list), String(p.group)) : listCategoryCode(String(p.list))}`);
	}
}

interface Quiet {
	/** Executions: the polls, then the re-send run. */
	runs: number;
	errors: string[];
	/** Items the re-send run read (records changed in the last 24 h, in the selection). */
	resendRead: number;
	/** Items the re-send run wrote or failed: must be 0 (everything reached OutSmart through the polls). */
	resendWork: number;
}

/** Polls until one emits nothing, then one run of the re-send branch. */
async function runUntilQuiet(env: SyncEnv, flow: Flow, max = 10): Promise<Quiet> {
	const errors: string[] = [];
	let runs = 0;
	let quiet = false;
	while (runs < max) {
		env.bs.clock.advanceSeconds(30);
		const r = await env.run(flow);
		runs++;
		if (userError(r)) errors.push(errorText(r));
		if (!r.executed && !r.error) {
			quiet = true;
			break;
		}
	}
	if (!quiet) errors.push(`the trigger still emitted after ${max} polls`);
	const resend = await env.drain(flow);
	if (userError(resend)) errors.push(`re-send: ${errorText(resend)}`);
	return { runs: runs + 1, errors, resendRead: actionsOf(resend).length, resendWork: workDone(resend) };
}

function productEdit(env: SyncEnv, rng: Rng, stamp: number): void {
	const store = env.bs.store;
	const products = store.all('Products') as readonly Rec[];
	const p = rng.pick(products);
	const id = p.id as number;
	const roll = rng.next();
	if (roll < 0.45) store.update('Products', id, { description: `Omschrijving ${id} v${stamp}` });
	else if (roll < 0.7) store.update('Products', id, { price_catalogue: Math.round(rng.next() * 50000) / 100 });
	else if (roll < 0.8) store.update('Products', id, { list: rng.pick([...LISTS, 'HOUT', 'BOUWMATERIALEN']), group: '' });
	else if (roll < 0.9) store.touch('Products', id);
	else {
		const newId = (products[products.length - 1].id as number) + 1;
		store.insert('Products', { ...p, id: newId, nr1: `N-${newId}`, description: `Nieuw ${newId}`, ts_lastupdate: undefined } as never);
	}
}

describe('edits while a poll is paging', () => {
	let env: SyncEnv;
	afterEach(async () => await env.close());

	it('edits on read and unread pages, a record moving across a page boundary and in/out of the selection, an insert behind the keyset: nothing lost', async () => {
		env = await startEnv({ pageSize: 5 });
		cleanSeed(env.bs);
		const store = env.bs.store;
		const everKeys = new Set<string>();
		// A hole below the keyset position, filled while the poll pages (an id Bouwsoft hands out late).
		const holeId = 12;
		const hole = store.get('Products', holeId) as Rec;
		store.remove('Products', holeId);
		rememberKeys(env, everKeys);
		expect(userError(await env.run(MATERIALS_IN_LISTS))).toBeUndefined();

		const inScope = () => (store.all('Products') as readonly Rec[]).filter((p) => LISTS.includes(String(p.list)));
		const first = inScope()[0].id as number;
		const late = inScope()[inScope().length - 1].id as number;
		const outside = (store.all('Products') as readonly Rec[]).find((p) => !LISTS.includes(String(p.list)) && (p.id as number) < 20)!.id as number;
		const boundary = inScope()[9].id as number; // last record of page 2
		const applied: string[] = [];
		env.bs.clock.advanceSeconds(60);
		// Everything changes once so the poll has several pages to read.
		for (const p of inScope()) store.touch('Products', p.id as number);
		let pages = 0;
		env.bs.onRequest((ctx) => {
			// Page requests of this poll (keyset: sort=id); page 3 and 4 of 5 records each.
			if (ctx.resource !== 'Products' || ctx.query.sort !== 'id') return;
			const page = ++pages;
			if (page === 3) {
				store.update('Products', first, { description: 'Bewerkt op een gelezen pagina' });
				store.update('Products', late, { description: 'Bewerkt op een ongelezen pagina' });
				store.update('Products', boundary, { list: 'HOUT', group: '' }); // leaves the selection
				store.update('Products', outside, { list: 'VERF', group: '' }); // joins, on a page already read
				applied.push('page 3');
			}
			if (page === 4) {
				store.insert('Products', { ...hole, id: holeId, nr1: 'LATE-12', description: 'Laat toegevoegd', list: 'SANITAIR', group: '', ts_lastupdate: undefined } as never);
				store.update('Products', boundary, { list: 'VERF', group: '', description: 'Terug over de paginagrens' }); // and back again
				applied.push('page 4');
			}
		});
		const during = await env.run(MATERIALS_IN_LISTS);
		expect(userError(during)).toBeUndefined();
		expect(applied).toEqual(['page 3', 'page 4']);
		rememberKeys(env, everKeys);
		const quiet = await runUntilQuiet(env, MATERIALS_IN_LISTS);
		expect(quiet.errors).toEqual([]);
		expect(quiet.resendRead).toBeGreaterThan(0);
		expect(quiet.resendWork).toBe(0);
		const result = compareState('materials', env.bs, env.os, { productLists: LISTS, leftovers: everKeys });
		rows.push({ fault: 'edits while paging (read/unread pages, page boundary, selection in/out, late insert)', runs: 2 + quiet.runs, records: result.records, lost: result.lost, duplicated: result.duplicated });
		expect(result.problems).toEqual([]);
		expect(env.os.store.get('materials', 'LATE-12')).toBeDefined();
		expect(env.os.store.get('materials', String(store.get('Products', boundary)!.nr1))).toMatchObject({ description: 'Terug over de paginagrens' });
	});

	it('ties: edits stamped in the same second as the cursor, before and after a poll, are not lost or repeated', async () => {
		env = await startEnv({ pageSize: 4 });
		cleanSeed(env.bs);
		const store = env.bs.store;
		expect(userError(await env.run(MATERIALS_IN_LISTS))).toBeUndefined();
		const ids = (store.all('Products') as readonly Rec[]).filter((p) => LISTS.includes(String(p.list))).map((p) => p.id as number);
		let emitted = 0;
		const hooks: Array<() => void> = [];
		for (let round = 0; round < 6; round++) {
			// The clock does not move: every edit of this round has the same ts_lastupdate as the last poll's cursor.
			store.update('Products', ids[round], { description: `Gelijke seconde ${round}a` });
			const r = await env.run(MATERIALS_IN_LISTS);
			expect(userError(r)).toBeUndefined();
			emitted += r.outputs['OutSmart']?.[0]?.length ?? 0;
			store.update('Products', ids[round + 10], { description: `Gelijke seconde ${round}b` });
			hooks.push(
				env.bs.onRequest((ctx) => {
					if (ctx.resource === 'Products' && ctx.resourceRequestNumber % 3 === 0) store.touch('Products', ids[20 + round]);
				}),
			);
		}
		for (const unsubscribe of hooks) unsubscribe();
		const quiet = await runUntilQuiet(env, MATERIALS_IN_LISTS);
		expect(quiet.errors).toEqual([]);
		expect(quiet.resendRead).toBeGreaterThan(0);
		expect(quiet.resendWork).toBe(0);
		const result = compareState('materials', env.bs, env.os, { productLists: LISTS });
		rows.push({ fault: 'edits in the cursor’s own second (ties)', runs: 7 + quiet.runs, records: result.records, lost: result.lost, duplicated: result.duplicated });
		expect(result.problems).toEqual([]);
		// Each round's first edit arrives in the poll right after it, once (never re-emitted as a duplicate).
		expect(emitted).toBeGreaterThanOrEqual(6);
	});
});

describe('random edits over many polls', () => {
	let env: SyncEnv;
	afterEach(async () => await env.close());

	it('10,000 random edits over 200 polls (a fifth of them while the poll pages): 0 lost', async () => {
		env = await startEnv({ pageSize: 10, batchSize: 50, bouwsoft: { seed: { products: 200 } } });
		cleanSeed(env.bs);
		const rng = seededRng(424242);
		const everKeys = new Set<string>();
		rememberKeys(env, everKeys);
		const POLLS = 200;
		const EDITS_PER_POLL = 50;
		let edits = 0;
		let stamp = 0;
		let emitted = 0;
		const errors: string[] = [];
		let duringBudget = 0;
		env.bs.onRequest((ctx) => {
			// Edits that land while the trigger reads: spread over its page requests.
			if (ctx.resource !== 'Products' || duringBudget <= 0) return;
			const n = Math.min(duringBudget, 1 + rng.int(4));
			for (let i = 0; i < n; i++) productEdit(env, rng, ++stamp);
			duringBudget -= n;
			edits += n;
			if (rng.chance(0.5)) env.bs.clock.advanceSeconds(1);
			rememberKeys(env, everKeys);
		});
		for (let poll = 0; poll < POLLS; poll++) {
			duringBudget = EDITS_PER_POLL / 5;
			const before = EDITS_PER_POLL - duringBudget;
			for (let i = 0; i < before; i++) {
				productEdit(env, rng, ++stamp);
				if (rng.chance(0.1)) env.bs.clock.advanceSeconds(rng.int(3)); // 0 = same second (ties)
			}
			edits += before;
			rememberKeys(env, everKeys);
			const r = await env.run(MATERIALS_IN_LISTS, { label: `random poll ${poll}` });
			emitted += r.outputs['OutSmart']?.[0]?.length ?? 0;
			if (userError(r)) errors.push(errorText(r));
			// Edits the poll did not get to (short poll) land before the next one.
			while (duringBudget > 0) {
				productEdit(env, rng, ++stamp);
				duringBudget--;
				edits++;
			}
			rememberKeys(env, everKeys);
		}
		duringBudget = 0;
		const quiet = await runUntilQuiet(env, MATERIALS_IN_LISTS);
		const result = compareState('materials', env.bs, env.os, { productLists: LISTS, leftovers: everKeys });
		rows.push({ fault: `${edits.toLocaleString('en')} random edits over ${POLLS} polls (page size 10)`, runs: POLLS + quiet.runs, records: result.records, lost: result.lost, duplicated: result.duplicated });
		writeReport('concurrencyRandom', { edits, polls: POLLS, emitted, recoveryRuns: quiet.runs, resendRead: quiet.resendRead, resendWork: quiet.resendWork, result: { ...result, problems: result.problems.slice(0, 20) } });
		expect(edits).toBe(10_000);
		expect(errors).toEqual([]);
		expect(quiet.errors).toEqual([]);
		expect(quiet.resendRead).toBeGreaterThan(100);
		expect(quiet.resendWork).toBe(0);
		expect(result.problems.slice(0, 20)).toEqual([]);
		expect(result.records).toBeGreaterThan(100);
	});
});

function relationEdit(env: SyncEnv, rng: Rng, stamp: number): void {
	const store = env.bs.store;
	const customers = (store.all('Addresses') as readonly Rec[]).filter((a) => Number(a.clientnr) > 0 && String(a.name).trim() !== '');
	const roll = rng.next();
	if (roll < 0.4) {
		const a = rng.pick(customers);
		store.update('Addresses', a.id as number, rng.chance(0.5) ? { city: `Stad ${stamp}` } : { name: `Klant ${a.clientnr} v${stamp}` });
	} else if (roll < 0.85) {
		// A contact person changes; the address record itself is not touched.
		const contacts = (store.all('AddressContacts') as readonly Rec[]).filter((c) => customers.some((a) => a.id === c.address_id));
		const c = rng.pick(contacts);
		store.update('AddressContacts', c.id as number, { contact_name: `Contact ${c.id} v${stamp}` });
	} else {
		const a = rng.pick(customers);
		store.insert('AddressContacts', { address_id: a.id as number, contact_name: `Nieuw contact ${stamp}`, contact_default: false });
	}
}

describe('random edits of relations and their contact persons', () => {
	let env: SyncEnv;
	afterEach(async () => await env.close());

	it('2,000 random edits (contacts edited without touching their address) over 40 polls: 0 lost', async () => {
		env = await startEnv({ pageSize: 7 });
		cleanSeed(env.bs);
		const flow: Flow = { category: 'relations', resource: 'relation', trigger: { includeContacts: true } };
		const rng = seededRng(777);
		const errors: string[] = [];
		let edits = 0;
		for (let poll = 0; poll < 40; poll++) {
			for (let i = 0; i < 50; i++) {
				relationEdit(env, rng, poll * 100 + i);
				edits++;
				if (rng.chance(0.2)) env.bs.clock.advanceSeconds(rng.int(3));
			}
			const r = await env.run(flow, { label: `relations poll ${poll}` });
			if (userError(r)) errors.push(errorText(r));
		}
		const quiet = await runUntilQuiet(env, flow);
		const result = compareState('relations', env.bs, env.os);
		rows.push({ fault: `${edits.toLocaleString('en')} random relation/contact edits over 40 polls (page size 7)`, runs: 40 + quiet.runs, records: result.records, lost: result.lost, duplicated: result.duplicated });
		expect(errors).toEqual([]);
		expect(quiet.errors).toEqual([]);
		expect(quiet.resendRead).toBeGreaterThan(0);
		expect(quiet.resendWork).toBe(0);
		expect(result.problems.slice(0, 20)).toEqual([]);
	});
});

afterAll(() => {
	console.log(`Concurrency:\n${formatTable(rows, false)}`);
	writeReport('concurrency', { rows, audit: auditStats() });
	expect(findSecrets()).toEqual([]);
});
