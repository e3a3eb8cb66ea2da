/**
 * Published templates in a real n8n, polling for real (every minute, the shortest n8n allows):
 * 1. activation polls at once and imports everything (materials with category links, relations with contacts);
 * 2. records edited in the Bouwsoft simulator arrive with the next poll — exactly those, once each;
 * 3. OutSmart is down for one poll: nothing is written, the sync ledger (workflow static data) remembers the keys;
 *    n8n is restarted while a further change happens; after the restart every change arrives exactly once;
 * 4. a later poll sends nothing again.
 * OutSmart writes are counted per key by the simulator (accepted POST rows), so "exactly once" is measured, not
 * inferred. Runs the materials and relations templates (the manual-run suite covers all eight).
 */
import type { BouwsoftRecord } from '../simulators/bouwsoft';
import { compareState, expectMaterials, expectRelations } from './expect/outsmartExpectations';
import type { Expected } from './expect/outsmartExpectations';
import { builtPackageFiles, N8nInstance, REPO_ROOT } from './lib/n8n';
import { sleepMs, waitFor } from './lib/net';
import { allRunItems, liveTables, pollingEveryMinute, startSimulators, templatesFor, writeCounts } from './lib/templateRun';
import type { LoadedTemplate, Simulators } from './lib/templateRun';
import type { ExecutionDetails } from './lib/types';

const POLL_WAIT_MS = 150_000; // one poll interval (60 s) plus OutSmart retries and slack on a busy 2-core box
type Counted = 'materials' | 'material_categories' | 'relations' | 'contactpersons';
const COUNTED: Counted[] = ['materials', 'material_categories', 'relations', 'contactpersons'];
type Counts = Record<Counted, Map<string, number>>;

const triggerRuns = (list: ExecutionDetails[]) => list.filter((execution) => execution.mode === 'trigger');

describe('published templates: polls, edits, an OutSmart outage and an n8n restart', () => {
	let sims: Simulators;
	let n8n: N8nInstance;
	let materials: LoadedTemplate;
	let relations: LoadedTemplate;
	const timings: Record<string, number> = {};
	let phaseStarted = Date.now();
	const phase = (name: string) => {
		timings[name] = Date.now() - phaseStarted;
		phaseStarted = Date.now();
	};

	const counts = (): Counts =>
		Object.fromEntries(COUNTED.map((entity) => [entity, writeCounts(sims.outsmart, entity)])) as Counts;
	const expectedNow = (): Expected => {
		const tables = liveTables(sims.bouwsoft);
		return { ...expectMaterials(tables), ...expectRelations(tables) };
	};
	const outsmartDiff = () => compareState(sims.outsmart, expectedNow());

	/** `after` minus `before` per key, only the keys that changed. */
	function delta(before: Counts, after: Counts): Record<Counted, Record<string, number>> {
		const out = {} as Record<Counted, Record<string, number>>;
		for (const entity of COUNTED) {
			out[entity] = {};
			for (const [key, n] of after[entity]) {
				const d = n - (before[entity].get(key) ?? 0);
				if (d !== 0) out[entity][key] = d;
			}
		}
		return out;
	}

	/** The OutSmart write delta one changed product and one changed relation should cause. */
	function materialDelta(product: BouwsoftRecord): Partial<Record<Counted, Record<string, number>>> {
		const category = product.group ? `G:${product.list}/${product.group}` : `L:${product.list}`;
		return { materials: { [String(product.nr1)]: 1 }, material_categories: { [`${product.nr1}|${category}`]: 1 } };
	}
	function relationDelta(address: BouwsoftRecord): Partial<Record<Counted, Record<string, number>>> {
		const contacts = sims.bouwsoft.store
			.all('AddressContacts')
			.filter((c) => c.address_id === address.id && String(c.contact_name ?? '').trim() !== '');
		return {
			relations: { [String(address.clientnr)]: 1 },
			contactpersons: Object.fromEntries(contacts.map((c) => [`C-${c.id}`, 1])),
		};
	}
	function merge(...parts: Array<Partial<Record<Counted, Record<string, number>>>>): Record<Counted, Record<string, number>> {
		const out = Object.fromEntries(COUNTED.map((e) => [e, {} as Record<string, number>])) as Record<Counted, Record<string, number>>;
		for (const part of parts) {
			for (const entity of COUNTED) {
				for (const [key, n] of Object.entries(part[entity] ?? {})) out[entity][key] = (out[entity][key] ?? 0) + n;
			}
		}
		return out;
	}

	/** Wait until OutSmart's write counts moved by exactly `want` (fails with the last difference). */
	async function waitForDelta(before: Counts, want: Record<Counted, Record<string, number>>, what: string): Promise<void> {
		let last: unknown;
		try {
			await waitFor(
				what,
				async () => {
					last = sortDelta(delta(before, counts())); // key order of the counts is write order: compare sorted
					return JSON.stringify(last) === JSON.stringify(sortDelta(want)) ? true : undefined;
				},
				POLL_WAIT_MS,
				1000,
			);
		} catch (error) {
			throw n8n.failure(`${(error as Error).message}\nexpected ${JSON.stringify(sortDelta(want))}\n     got ${JSON.stringify(last)}`);
		}
	}
	const sortDelta = (d: Record<Counted, Record<string, number>>) =>
		Object.fromEntries(COUNTED.map((e) => [e, Object.fromEntries(Object.entries(d[e]).sort(([a], [b]) => a.localeCompare(b)))]));

	/** Newest trigger execution (with data) of a workflow once there are more than `seen`. */
	async function nextTriggerRun(workflowId: string, seen: number): Promise<{ run: ExecutionDetails; total: number }> {
		const list = await n8n.waitForExecutions(workflowId, (all) => triggerRuns(all).length > seen, POLL_WAIT_MS, { includeData: true });
		const runs = triggerRuns(list);
		return { run: runs[runs.length - 1], total: runs.length };
	}
	const emittedIds = (run: ExecutionDetails, template: LoadedTemplate) =>
		allRunItems(run, template.trigger!).map((item) => String((item._sync as { id: string }).id)).sort();
	const ledger = async (workflowId: string) => {
		const data = (await n8n.getStaticData(workflowId)) as { global?: { bouwsoftOutSmartLedger?: { pending?: Record<string, Record<string, unknown>> } } } | null;
		const pending = data?.global?.bouwsoftOutSmartLedger?.pending ?? {};
		return Object.fromEntries(Object.entries(pending).map(([category, entries]) => [category, Object.keys(entries).sort()]).filter(([, ids]) => ids.length));
	};

	// Records edited during the test (picked so each OutSmart key comes from one Bouwsoft record).
	let products: BouwsoftRecord[];
	let addresses: BouwsoftRecord[];
	let materialRuns = 0;
	let relationRuns = 0;

	beforeAll(async () => {
		const missing = builtPackageFiles(REPO_ROOT).missing;
		if (missing.length) throw new Error(`package not built (missing ${missing.join(', ')}); run \`npm run build\` first`);
		sims = await startSimulators();
		n8n = await N8nInstance.create({ name: 'sync' });
		await n8n.importCredentials(sims.credentials);
		const templates = templatesFor(sims.credentials);
		materials = templates.get('materials.json')!;
		relations = templates.get('relations.json')!;
		await n8n.importWorkflows([pollingEveryMinute(materials.workflow), pollingEveryMinute(relations.workflow)]);
		await n8n.publish(materials.workflow.id!);
		await n8n.publish(relations.workflow.id!);

		const all = sims.bouwsoft.store.all('Products');
		const uniqueNr = all.filter((p) => all.filter((q) => q.nr1 === p.nr1).length === 1 && p.list);
		products = [uniqueNr[3], uniqueNr[10], uniqueNr[20], uniqueNr[30], uniqueNr[40], uniqueNr[45]];
		const eligible = sims.bouwsoft.store.all('Addresses').filter((a) => Number(a.clientnr) > 0 && String(a.name).trim() !== '');
		const withContacts = eligible.filter((a) => sims.bouwsoft.store.all('AddressContacts').some((c) => c.address_id === a.id && String(c.contact_name).trim()));
		const [a2, a3] = [withContacts[3], withContacts[5]];
		const others = eligible.filter((a, i) => i >= 2 && a !== a2 && a !== a3);
		addresses = [others[0], a2, a3, others[4]];
		phase('setup');
	});

	afterAll(async () => {
		await n8n?.dispose();
		await sims?.close();
		process.stderr.write(`[e2e sync] timings (s): ${JSON.stringify(Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, +(v / 1000).toFixed(1)])))}\n`);
	});

	test('activation polls at once and imports everything, each key once', async () => {
		await n8n.start();
		const [m, r] = await Promise.all([nextTriggerRun(materials.workflow.id!, 0), nextTriggerRun(relations.workflow.id!, 0)]);
		materialRuns = m.total;
		relationRuns = r.total;
		await waitFor('OutSmart to match Bouwsoft', async () => (outsmartDiff().length === 0 ? true : undefined), POLL_WAIT_MS, 1000).catch(() => undefined);
		expect(outsmartDiff()).toEqual([]);
		phase('firstPoll');

		// Once per key (an article listed in two Bouwsoft lists, same nr1, is still one OutSmart material).
		const now = counts();
		for (const entity of COUNTED) {
			expect({ entity, notOnce: [...now[entity]].filter(([, n]) => n !== 1) }).toEqual({ entity, notOnce: [] });
		}
		expect(m.run.status).toBe('success');
		expect(r.run.status).toBe('success');
		expect(emittedIds(m.run, materials).length).toBe(sims.bouwsoft.store.count('Products'));
		// The cursor is persisted with the execution.
		expect(await n8n.getNodeStaticData(materials.workflow.id!, materials.trigger!)).toBeTruthy();
	});

	test('the next poll delivers exactly the records edited in Bouwsoft', async () => {
		const before = counts();
		// One synchronous block: no poll can see half of the edits.
		const [p1, p2] = products;
		sims.bouwsoft.store.update('Products', p1.id, { description: `${p1.description} (nieuw model)`, price_catalogue: 99.5 });
		sims.bouwsoft.store.update('Products', p2.id, { unit: 'm' });
		const added = sims.bouwsoft.store.insert('Products', {
			list: p1.list,
			group: p1.group,
			nr1: 'E2E-NIEUW-001',
			description: 'Nieuw artikel uit de e2e-test',
			unit: 'st',
			price_catalogue: 12.34,
			active: true,
		});
		const [a1, a2] = addresses;
		sims.bouwsoft.store.update('Addresses', a1.id, { name: `${String(a1.name).trim()} BV` });
		const contact = sims.bouwsoft.store.all('AddressContacts').find((c) => c.address_id === a2.id && String(c.contact_name).trim())!;
		sims.bouwsoft.store.update('AddressContacts', contact.id, { contact_name: 'Griet Van Damme-Peeters' });
		const supplier = sims.bouwsoft.store.all('Addresses').find((a) => Number(a.clientnr) === 0)!;
		sims.bouwsoft.store.update('Addresses', supplier.id, { name: `${supplier.name} (leverancier)` }); // never a relation

		await waitForDelta(
			before,
			merge(materialDelta(sims.bouwsoft.store.get('Products', p1.id)!), materialDelta(sims.bouwsoft.store.get('Products', p2.id)!), materialDelta(added), relationDelta(a1), relationDelta(a2)),
			'the edited records in OutSmart',
		);
		expect(outsmartDiff()).toEqual([]);
		const m = await nextTriggerRun(materials.workflow.id!, materialRuns);
		const r = await nextTriggerRun(relations.workflow.id!, relationRuns);
		materialRuns = m.total;
		relationRuns = r.total;
		expect(emittedIds(m.run, materials)).toEqual([String(p1.id), String(p2.id), String(added.id)].sort());
		expect(emittedIds(r.run, relations)).toEqual([String(a1.id), String(a2.id)].sort());
		phase('editsPoll');
	});

	test('OutSmart down for one poll: once it is back, every change arrives exactly once (sync ledger)', async () => {
		const before = counts();
		const [, , , , p5, p6] = products;
		const [, , , a4] = addresses;
		sims.outsmart.setDown(true);
		sims.bouwsoft.store.update('Products', p5.id, { description: `${p5.description} (actie)` });
		sims.bouwsoft.store.update('Addresses', a4.id, { email: 'facturatie@e2e-test.be' });
		const m = await nextTriggerRun(materials.workflow.id!, materialRuns);
		const r = await nextTriggerRun(relations.workflow.id!, relationRuns);
		materialRuns = m.total;
		relationRuns = r.total;
		expect(emittedIds(m.run, materials)).toContain(String(p5.id));
		expect(emittedIds(r.run, relations)).toContain(String(a4.id));
		expect(delta(before, counts())).toEqual({ materials: {}, material_categories: {}, relations: {}, contactpersons: {} });
		expect(await ledger(materials.workflow.id!)).toEqual({ materials: [String(p5.id)] });
		phase('outagePoll1');

		sims.outsmart.setDown(false);
		// A further change, so the next poll certainly runs the workflow (an empty poll starts no execution).
		const p6Before = sims.bouwsoft.store.get('Products', p6.id)!;
		sims.bouwsoft.store.update('Products', p6.id, { description: `${p6Before.description} v2` });
		await waitForDelta(
			before,
			merge(materialDelta(sims.bouwsoft.store.get('Products', p5.id)!), materialDelta(sims.bouwsoft.store.get('Products', p6.id)!), relationDelta(a4)),
			'the changes made while OutSmart was down (no restart)',
		);
		expect(outsmartDiff()).toEqual([]);
		phase('recoveryNoRestart');
	});

	test('OutSmart down for a poll, n8n restarted: every change arrives once, nothing is duplicated', async () => {
		// Start from the executions that exist now (independent of how the test before ended).
		materialRuns = triggerRuns(await n8n.listExecutions(materials.workflow.id!)).length;
		relationRuns = triggerRuns(await n8n.listExecutions(relations.workflow.id!)).length;
		const before = counts();
		const [, , p3, p4] = products;
		const [, , a3] = addresses;
		sims.outsmart.setDown(true);
		sims.bouwsoft.store.update('Products', p3.id, { price_catalogue: 7.77 });
		sims.bouwsoft.store.update('Addresses', a3.id, { city: 'Gent', zipcode: '9000' });

		// The poll during the outage emits the changes; the OutSmart node cannot write them and records them.
		const m = await nextTriggerRun(materials.workflow.id!, materialRuns);
		const r = await nextTriggerRun(relations.workflow.id!, relationRuns);
		materialRuns = m.total;
		relationRuns = r.total;
		expect(emittedIds(m.run, materials)).toContain(String(p3.id));
		expect(emittedIds(r.run, relations)).toContain(String(a3.id));
		expect(allRunItems(m.run, 'OutSmart: Upsert Materials', 1).length).toBeGreaterThan(0); // error output
		expect(delta(before, counts())).toEqual({ materials: {}, material_categories: {}, relations: {}, contactpersons: {} });
		expect(await ledger(materials.workflow.id!)).toEqual({ materials: [String(p3.id)] });
		expect(await ledger(relations.workflow.id!)).toEqual({ relations: [String(a3.id)] });
		phase('outagePoll');

		// n8n goes down; OutSmart comes back; one more change happens while n8n is stopped.
		await n8n.stop();
		sims.outsmart.setDown(false);
		sims.bouwsoft.store.update('Products', p4.id, { description: `${p4.description} v2` });
		await n8n.start(); // activation polls at once: ledger retries + the new change
		await waitForDelta(
			before,
			merge(materialDelta(sims.bouwsoft.store.get('Products', p3.id)!), materialDelta(sims.bouwsoft.store.get('Products', p4.id)!), relationDelta(a3)),
			'the changes after the outage and the restart',
		);
		expect(outsmartDiff()).toEqual([]);
		await waitFor('the ledgers to empty', async () => {
			const [lm, lr] = await Promise.all([ledger(materials.workflow.id!), ledger(relations.workflow.id!)]);
			return Object.keys(lm).length === 0 && Object.keys(lr).length === 0 ? true : undefined;
		}, 30_000, 1000);
		phase('restartRecovery');

		// A later regular poll sends nothing again (the Bouwsoft request log shows that it ran).
		const afterRecovery = counts();
		const productReads = sims.bouwsoft.requestCount('Products');
		const addressReads = sims.bouwsoft.requestCount('Addresses');
		await waitFor(
			'another poll of both workflows',
			async () => (sims.bouwsoft.requestCount('Products') > productReads && sims.bouwsoft.requestCount('Addresses') > addressReads ? true : undefined),
			POLL_WAIT_MS,
			1000,
		);
		await sleepMs(5000); // let that execution (if any) finish writing
		expect(delta(afterRecovery, counts())).toEqual({ materials: {}, material_categories: {}, relations: {}, contactpersons: {} });
		expect(sims.outsmart.statusFlips).toBe(0);
		expect(n8n.grepServerLog(/could not be activated|WorkflowActivationError/i)).toEqual([]);
		phase('quietPoll');
	});
});
