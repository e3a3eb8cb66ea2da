/**
 * A published workflow in n8n 2.41 keeps TWO copies of the static data:
 * - the active poller's in-memory copy, from activation: every poll works on it; when a poll emits, n8n saves
 *   it whole to the database, over whatever executions saved there;
 * - the execution's copy: each execution runs on a copy loaded from the database (in queue mode on a worker).
 * Nothing an execution writes into static data survives the next emitting poll. This test models exactly that
 * with the harness — `poller` is the poller's copy (runPoll, kept in memory), `db` the database (replaced by a
 * copy of `poller` at each emit) — and shows that the sync does not depend on it: the OutSmart node's delivery
 * record lives in n8n's deduplication store (shared by every process), and what OutSmart did not take is sent
 * again by the templates' re-send branch (Bouwsoft read node, changes of the last 24 hours → the same OutSmart
 * node with Skip Unchanged), not handed to the poller.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { Bouwsoft } from '../../../nodes/Bouwsoft/Bouwsoft.node';
import { BouwsoftTrigger } from '../../../nodes/Bouwsoft/BouwsoftTrigger.node';
import { OutSmart } from '../../../nodes/OutSmart/OutSmart.node';
import { chain, CredentialStore, deduplicationStore, runNode, runPoll, runWorkflow } from '../../harness';
import { startBouwsoftSimulator } from '../../simulators/bouwsoft';
import type { BouwsoftRecord, BouwsoftSimulator } from '../../simulators/bouwsoft';
import { startOutSmartSimulator } from '../../simulators/outsmart';
import type { OutSmartSimulator } from '../../simulators/outsmart';

const WORKFLOW_ID = 'published-model';
const TRIGGER_PARAMETERS = { category: 'employees' };
const OUTSMART_NAME = 'OutSmart';
const OUTSMART_PARAMETERS = { resource: 'employee', operation: 'upsert', options: { maxAttempts: 2, timeoutSeconds: 5, skipUnchanged: true } };

interface Tick {
	/** Bouwsoft ids the run emitted / read (empty: nothing, no execution). */
	emitted: string[];
	/** Per Bouwsoft id, the OutSmart node's action in the execution. */
	actions: Record<string, string>;
	/** Employee rows OutSmart received in this run. */
	rowsPosted: number;
}

describe('published workflow model: no state travels from executions to the poller', () => {
	let bs: BouwsoftSimulator;
	let os: OutSmartSimulator;
	let store: CredentialStore;
	/** The active poller's in-memory copy of the workflow's static data. */
	let poller: IDataObject;
	/** The static data in the database. */
	let db: IDataObject;

	beforeEach(async () => {
		bs = await startBouwsoftSimulator({ seed: { employees: 6 } });
		os = await startOutSmartSimulator();
		bs.clock.set(new Date('2025-04-01T08:00:00Z'));
		store = new CredentialStore({ bouwsoftApi: { clientNr: bs.clientNr, refreshToken: bs.refreshToken, authUrl: bs.authUrl } });
		store.set('outSmartApi', { baseUrl: os.baseUrl, token: os.token, softwareToken: os.softwareToken });
		poller = {};
		db = {};
	});
	afterEach(async () => {
		await bs.close();
		await os.close();
	});

	const rows = () => os.counters.employees?.rowsReceived ?? 0;
	const actionsOf = (items: INodeExecutionData[]) =>
		Object.fromEntries(items.map((item) => [String((item.json.bouwsoft as IDataObject).id), String(item.json.action)]));

	/** One poll of the active workflow and, when it emits, the execution it starts. */
	async function tick(): Promise<Tick> {
		bs.clock.advanceSeconds(60);
		const poll = await runPoll({
			node: new BouwsoftTrigger(),
			parameters: TRIGGER_PARAMETERS,
			credentials: store,
			workflowStaticData: poller,
			staticDataPersistence: 'saveOnChange',
			workflowId: WORKFLOW_ID,
			timezone: 'Europe/Brussels',
		});
		if (poll.error) throw poll.error;
		if (!poll.output) return { emitted: [], actions: {}, rowsPosted: 0 };
		db = structuredClone(poller); // n8n saves the poller's copy at the emit, over what executions saved
		const items = poll.output[0];
		const before = rows();
		const execution = await runNode({
			node: new OutSmart(),
			nodeName: OUTSMART_NAME,
			parameters: OUTSMART_PARAMETERS,
			inputItems: items.map((item): INodeExecutionData => ({ json: item.json })),
			credentials: store,
			continueOnFail: true,
			workflowStaticData: db,
			workflowId: WORKFLOW_ID,
			mode: 'trigger',
		});
		if (execution.error) throw execution.error;
		return { emitted: items.map((item) => String((item.json._sync as IDataObject).id)), actions: actionsOf(execution.outputs[0]), rowsPosted: rows() - before };
	}

	/** One run of the re-send branch: changes of the last 24 hours → the same OutSmart node. */
	async function resend(): Promise<Tick> {
		const since = new Date(bs.clock.now().getTime() - 24 * 3600_000).toISOString();
		const before = rows();
		const result = await runWorkflow({
			nodes: [
				{ name: 'Re-send', type: 'bouwsoft', parameters: { resource: 'employees', operation: 'getMany', scope: 'changedSince', changedSince: since } },
				{ name: OUTSMART_NAME, type: 'outSmart', parameters: OUTSMART_PARAMETERS, onError: 'continueRegularOutput' },
			],
			connections: chain('Re-send', OUTSMART_NAME),
			nodeTypes: { bouwsoft: new Bouwsoft(), outSmart: new OutSmart() },
			credentials: store,
			workflowStaticData: db,
			workflowId: WORKFLOW_ID,
			timezone: 'Europe/Brussels',
			mode: 'trigger',
		});
		if (result.error) throw result.error;
		const read = result.run!.data.resultData.runData['Re-send'][0].data!.main[0]!;
		const written = result.run!.data.resultData.runData[OUTSMART_NAME][0].data!.main[0]!;
		return { emitted: read.map((item) => String(item.json.id)), actions: actionsOf(written), rowsPosted: rows() - before };
	}

	const employee = (index: number): BouwsoftRecord => bs.store.all('Employees')[index];

	it('a record OutSmart could not take reaches it through the re-send branch exactly once, then never again', async () => {
		const first = await tick();
		expect(first.emitted).toHaveLength(6);
		expect(Object.values(first.actions)).toEqual(Array(6).fill('upserted'));

		const target = employee(2);
		const id = String(target.id);
		bs.store.update('Employees', target.id as number, { surname: 'Van Damme' });
		os.setDown(true);
		const outage = await tick();
		expect(outage.actions).toEqual({ [id]: 'failed' });
		// still down: the re-send fails too, and records nothing
		expect((await resend()).actions[id]).toBe('failed');
		os.setDown(false);

		// the poller knows nothing of the failure and has nothing new
		expect(await tick()).toEqual({ emitted: [], actions: {}, rowsPosted: 0 });
		const recovered = await resend();
		expect(recovered.actions[id]).toBe('upserted');
		expect(recovered.rowsPosted).toBe(1);
		expect(Object.entries(recovered.actions).filter(([other]) => other !== id).every(([, action]) => action === 'unchanged')).toBe(true);
		expect(os.store.get('employees', String(target.nr))).toMatchObject({ lastname: 'Van Damme' });

		// from now on neither path writes it again
		expect((await resend()).rowsPosted).toBe(0);
		expect(await tick()).toEqual({ emitted: [], actions: {}, rowsPosted: 0 });
		// and no delivery state sits in the static data n8n overwrites
		expect(JSON.stringify(db)).not.toMatch(/Van Damme|outSmartHashes|Ledger/);
		expect(deduplicationStore.size(WORKFLOW_ID, 'node')).toBe(6 + 1);
	});

	it('after a restart (the poller reloads the database copy) nothing is written twice', async () => {
		await tick();
		const target = employee(4);
		bs.store.update('Employees', target.id as number, { firstname: 'Griet' });
		await tick();
		poller = structuredClone(db); // n8n restarts: the poller starts from the database
		const restart = await tick();
		expect(restart.rowsPosted).toBe(0);
		expect((await resend()).rowsPosted).toBe(0);
	});

	it('Skip Unchanged across executions: the same version is skipped, a content changed back is written', async () => {
		await tick();
		const target = employee(3);
		const id = String(target.id);
		const surname = String(target.surname);

		bs.store.update('Employees', target.id as number, { surname: 'Tijdelijk' });
		expect((await tick()).actions).toEqual({ [id]: 'upserted' });
		// back to the content of the first import, with a newer change date: the old fact must not skip it
		bs.store.update('Employees', target.id as number, { surname });
		const back = await tick();
		expect(back.actions).toEqual({ [id]: 'upserted' });
		expect(back.rowsPosted).toBe(1);
		expect(os.store.get('employees', String(target.nr))).toMatchObject({ lastname: surname });
		// a re-read of the same versions (the re-send branch) writes nothing
		const again = await resend();
		expect(again.emitted).toContain(id);
		expect(again.rowsPosted).toBe(0);
	});
});
