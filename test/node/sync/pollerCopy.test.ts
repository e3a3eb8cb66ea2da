/**
 * A published workflow in n8n 2.41 keeps TWO copies of the static data (see nodes/shared/staticDataMailbox.ts):
 * - the active poller's in-memory copy, from activation: every poll works on it; when a poll emits, n8n saves
 *   it whole to the database;
 * - the execution's copy: each execution started by an emit runs on a fresh copy loaded from the database
 *   and saves it back when it is done.
 * What the OutSmart node writes during the execution (sync ledger, Skip Unchanged hashes) never reaches the
 * poller's copy by itself; the static data mailbox carries it there. This test models exactly that with the
 * harness: `poller` is the poller's copy (runPoll, kept in memory whether it emits or not), `db` the database
 * (a deep copy of `poller` at each emit; runNode of the OutSmart node on it, trigger mode).
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { BouwsoftTrigger } from '../../../nodes/Bouwsoft/BouwsoftTrigger.node';
import { OutSmart } from '../../../nodes/OutSmart/OutSmart.node';
import { HASH_FIELD } from '../../../nodes/OutSmart/upsert/hash';
import { applyGlobalPatches, pendingPatchCount } from '../../../nodes/shared/staticDataMailbox';
import { pendingIds } from '../../../nodes/shared/syncLedger';
import { CredentialStore, runNode, runPoll } from '../../harness';
import { startBouwsoftSimulator } from '../../simulators/bouwsoft';
import type { BouwsoftRecord, BouwsoftSimulator } from '../../simulators/bouwsoft';
import { startOutSmartSimulator } from '../../simulators/outsmart';
import type { OutSmartSimulator } from '../../simulators/outsmart';

/** The workflow id runNode gives its workflow (runPoll takes it as an option). */
const WORKFLOW_ID = 'harness-workflow';
const TRIGGER_PARAMETERS = { category: 'employees' };
const OUTSMART_NAME = 'OutSmart';

interface Tick {
	/** Bouwsoft ids the poll emitted (empty: nothing emitted, no execution). */
	emitted: string[];
	/** Per Bouwsoft id, the OutSmart node's action in the execution. */
	actions: Record<string, string>;
	/** Employee rows OutSmart received in this tick's execution. */
	rowsPosted: number;
}

describe('published workflow: executions hand ledger and hash changes to the poller’s copy (n8n 2.41 model)', () => {
	let bs: BouwsoftSimulator;
	let os: OutSmartSimulator;
	let store: CredentialStore;
	/** The active poller's in-memory copy of the workflow's static data. */
	let poller: IDataObject;
	/** The static data in the database. */
	let db: IDataObject;
	let skipUnchanged = false;

	beforeEach(async () => {
		bs = await startBouwsoftSimulator({ seed: { employees: 6 } });
		os = await startOutSmartSimulator();
		bs.clock.set(new Date('2025-04-01T08:00:00Z'));
		store = new CredentialStore({ bouwsoftApi: { clientNr: bs.clientNr, refreshToken: bs.refreshToken, authUrl: bs.authUrl } });
		store.set('outSmartApi', { baseUrl: os.baseUrl, token: os.token, softwareToken: os.softwareToken });
		poller = {};
		db = {};
		skipUnchanged = false;
		applyGlobalPatches(WORKFLOW_ID, {}); // start with an empty mailbox
	});
	afterEach(async () => {
		await bs.close();
		await os.close();
	});

	/** One poll of the active workflow and, when it emits, the execution it starts. */
	async function tick(): Promise<Tick> {
		bs.clock.advanceSeconds(60);
		const poll = await runPoll({
			node: new BouwsoftTrigger(),
			parameters: TRIGGER_PARAMETERS,
			credentials: store,
			workflowStaticData: poller,
			// the poller's copy lives in memory: it keeps its changes whether the poll emits or not
			staticDataPersistence: 'saveOnChange',
			workflowId: WORKFLOW_ID,
			timezone: 'Europe/Brussels',
		});
		if (poll.error) throw poll.error;
		if (!poll.output) return { emitted: [], actions: {}, rowsPosted: 0 };
		db = structuredClone(poller); // n8n saves the poller's copy at the emit ...
		const items = poll.output[0];
		const before = os.counters.employees?.rowsReceived ?? 0;
		const execution = await runNode({
			// ... and runs the execution on a copy loaded from the database, saved back when done
			node: new OutSmart(),
			nodeName: OUTSMART_NAME,
			parameters: { resource: 'employee', operation: 'upsert', options: { maxAttempts: 2, timeoutSeconds: 5, skipUnchanged } },
			inputItems: items.map((item): INodeExecutionData => ({ json: item.json })),
			credentials: store,
			continueOnFail: true,
			workflowStaticData: db,
			mode: 'trigger',
		});
		if (execution.error) throw execution.error;
		const actions = Object.fromEntries(
			execution.outputs[0].map((item) => [String((item.json.bouwsoft as IDataObject).id), String(item.json.action)]),
		);
		return { emitted: items.map((item) => String((item.json._sync as IDataObject).id)), actions, rowsPosted: (os.counters.employees?.rowsReceived ?? 0) - before };
	}

	const globalOf = (data: IDataObject) => (data.global ?? {}) as IDataObject;
	const employee = (index: number): BouwsoftRecord => bs.store.all('Employees')[index];

	it('a record OutSmart could not take is retried exactly once on the next poll, then never again', async () => {
		const first = await tick();
		expect(first.emitted).toHaveLength(6);
		expect(Object.values(first.actions)).toEqual(Array(6).fill('upserted'));

		const target = employee(2);
		const id = String(target.id);
		bs.store.update('Employees', target.id as number, { surname: 'Van Damme' });
		os.setDown(true);
		const outage = await tick();
		os.setDown(false);
		expect(outage.emitted).toEqual([id]);
		expect(outage.actions).toEqual({ [id]: 'failed' });
		// the failure is in the database copy only, and waits in the mailbox for the poller
		expect(pendingIds(globalOf(db), 'employees')).toEqual([id]);
		expect(pendingIds(globalOf(poller), 'employees')).toEqual([]);
		expect(pendingPatchCount(WORKFLOW_ID)).toBeGreaterThan(0);

		// a manual run ("Execute workflow") reads the same data but must leave the mailbox to the poller
		const manual = await runPoll({ node: new BouwsoftTrigger(), parameters: TRIGGER_PARAMETERS, credentials: store, workflowStaticData: poller, mode: 'manual', workflowId: WORKFLOW_ID });
		expect(manual.error).toBeUndefined();
		expect(pendingPatchCount(WORKFLOW_ID)).toBeGreaterThan(0);

		const retry = await tick();
		expect(retry.emitted).toEqual([id]);
		expect(retry.actions).toEqual({ [id]: 'upserted' });
		expect(retry.rowsPosted).toBe(1);
		expect(os.store.get('employees', String(target.nr))).toMatchObject({ lastname: 'Van Damme' });
		expect(pendingIds(globalOf(db), 'employees')).toEqual([]);

		// the success reaches the poller's copy: no further retries, and both copies agree
		for (let i = 0; i < 2; i++) {
			const quiet = await tick();
			expect(quiet).toEqual({ emitted: [], actions: {}, rowsPosted: 0 });
			expect(pendingIds(globalOf(poller), 'employees')).toEqual([]);
		}
		expect(globalOf(poller)).toEqual(globalOf(db));
	});

	it('after a restart (the poller reloads the database copy) a retried record is written once, not on every poll', async () => {
		await tick();
		const target = employee(4);
		const id = String(target.id);
		bs.store.update('Employees', target.id as number, { firstname: 'Griet' });
		os.setDown(true);
		await tick();
		os.setDown(false);
		expect(pendingIds(globalOf(db), 'employees')).toEqual([id]);

		// n8n restarts: the process memory (mailbox included) is gone, the poller starts from the database
		applyGlobalPatches(WORKFLOW_ID, {});
		poller = structuredClone(db);
		const retry = await tick();
		expect(retry.emitted).toEqual([id]);
		expect(retry.rowsPosted).toBe(1);
		const quiet = await tick();
		expect(quiet).toEqual({ emitted: [], actions: {}, rowsPosted: 0 });
		expect(pendingIds(globalOf(poller), 'employees')).toEqual([]);
	});

	it('without the hand-over the model loses the failure (the bug the mailbox fixes)', async () => {
		await tick();
		const target = employee(1);
		bs.store.update('Employees', target.id as number, { surname: 'Lost' });
		os.setDown(true);
		await tick();
		os.setDown(false);
		expect(pendingIds(globalOf(db), 'employees')).toEqual([String(target.id)]);
		applyGlobalPatches(WORKFLOW_ID, {}); // throw the posted changes away
		expect(await tick()).toEqual({ emitted: [], actions: {}, rowsPosted: 0 });
		expect(os.store.get('employees', String(target.nr))).not.toMatchObject({ lastname: 'Lost' });
	});

	it('Skip Unchanged hashes reach the poller’s copy: unchanged content is skipped, content changed back is written', async () => {
		skipUnchanged = true;
		await tick();
		const target = employee(3);
		const id = String(target.id);
		const surname = String(target.surname);

		// a Bouwsoft field OutSmart does not get: emitted, same OutSmart content, so skipped
		bs.store.update('Employees', target.id as number, { language: 'fr' });
		const sameContent = await tick();
		expect(sameContent.emitted).toEqual([id]);
		expect(sameContent.actions).toEqual({ [id]: 'unchanged' });
		expect(sameContent.rowsPosted).toBe(0);

		bs.store.update('Employees', target.id as number, { surname: 'Tijdelijk' });
		expect((await tick()).actions).toEqual({ [id]: 'upserted' });
		// back to the content of the first import: the stale hash of that import must not skip it
		bs.store.update('Employees', target.id as number, { surname });
		const back = await tick();
		expect(back.actions).toEqual({ [id]: 'upserted' });
		expect(back.rowsPosted).toBe(1);
		expect(os.store.get('employees', String(target.nr))).toMatchObject({ lastname: surname });

		bs.store.update('Employees', target.id as number, { language: 'nl' });
		expect((await tick()).actions).toEqual({ [id]: 'unchanged' });
		await tick();
		expect(globalOf(poller)[HASH_FIELD]).toEqual(globalOf(db)[HASH_FIELD]);
		expect(Object.keys(globalOf(poller)[HASH_FIELD] as IDataObject)).toEqual([OUTSMART_NAME]);

		// Skip Unchanged turned off: its run drops the node's hashes, in the poller's copy too
		skipUnchanged = false;
		bs.store.update('Employees', target.id as number, { surname: 'Zonder' });
		expect((await tick()).actions).toEqual({ [id]: 'upserted' });
		await tick();
		expect((globalOf(poller)[HASH_FIELD] as IDataObject | undefined)?.[OUTSMART_NAME]).toBeUndefined();
	});
});
