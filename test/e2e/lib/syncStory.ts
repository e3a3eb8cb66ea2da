/**
 * The published-template sync story, shared by the regular-mode, queue-mode and durable-cursor suites: the
 * materials and relations templates published in a real n8n 2.41.1, the Bouwsoft Trigger polling once a minute
 * (the shortest n8n allows, at a fixed second) and the templates' re-send branch (Schedule Trigger -> Bouwsoft
 * read -> the same OutSmart node, Skip Unchanged on) rewritten to fire every `resendSeconds` seconds.
 *
 * One sequential story per n8n set-up, each step a jest test:
 *  1. activation polls at once and imports everything, each OutSmart key written once;
 *  2. records edited in the Bouwsoft simulator arrive exactly once (whichever of poll and re-send reads them first);
 *  3. OutSmart down for two polls (and the re-sends in between): after it is back every change arrives through the
 *     re-send branch, once; a run re-sending the changed records skips the ones OutSmart already has;
 *     3b. a change of a linked record only (a relation's contact person) made during the outage arrives too;
 *  4. (queue) Skip Unchanged skips a record that another worker wrote;
 *  5. n8n's main process stopped, records edited while it is down, started again: every change arrives once;
 *  6. (queue) a worker SIGKILLed in the middle of an execution (OutSmart made slow): what happened to that execution
 *     and its records is measured, every record still reaches OutSmart through the re-send, within a bound;
 *  7. settled: OutSmart equals Bouwsoft and each key holds exactly the writes the story expects (a record the killed
 *     execution had already written may hold one more: measured and reported, never more).
 * OutSmart writes are counted per key by the simulator (accepted POST rows), against a running ledger of the
 * writes the story expects: a missing write is reported as "lost", an extra one as "duplicated", so the suite fails
 * when a change is lost or duplicated. Measurements (timings, the killed execution, where n8n kept the trigger's
 * cursor) are printed as `[e2e sync:<label>]` lines and collected in `report`.
 *
 * E2E_BREAK_RESEND=1 removes the re-send branch from the imported copies (to prove the story fails without it).
 */
import type { BouwsoftRecord } from '../../simulators/bouwsoft';
import { compareState, expectMaterials, expectRelations } from '../expect/outsmartExpectations';
import type { Expected } from '../expect/outsmartExpectations';
import { builtPackageFiles, REPO_ROOT } from './n8n';
import { sleepMs, waitFor } from './net';
import { createRuntime } from './runtime';
import type { Runtime } from './runtime';
import { allRunItems, liveTables, startSimulators, templatesFor, withoutResendBranch, withTestSchedules, writeCounts } from './templateRun';
import type { LoadedTemplate, Simulators } from './templateRun';
import type { ExecutionDetails } from './types';

/** n8n's durable poll cursors (all four flags; default false in 2.41.1). */
export const DURABLE_CURSOR_ENV: Record<string, string> = {
	N8N_SCHEDULER_ENABLED: 'true',
	N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true',
	N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'true',
	N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true',
};

export interface SyncStoryOptions {
	/** shown in test names and log lines */
	label: string;
	mode: 'regular' | 'queue';
	/** extra n8n environment (e.g. DURABLE_CURSOR_ENV) */
	env?: Record<string, string>;
	/** report poller_state (durable cursors) */
	durableCursors?: boolean;
	/** queue mode: kill a worker in the middle of an execution (step 5) */
	workerKill?: boolean;
	/** second of the minute the Bouwsoft Trigger polls at (default 10) */
	pollSecond?: number;
	/** re-send interval in seconds (default 20: fires at :00, :20, :40) */
	resendSeconds?: number;
}

type Counted = 'materials' | 'material_categories' | 'relations' | 'contactpersons';
const COUNTED: Counted[] = ['materials', 'material_categories', 'relations', 'contactpersons'];
type Counts = Record<Counted, Map<string, number>>;
type Delta = Partial<Record<Counted, Record<string, number>>>;
type KeyFilter = (entity: Counted, key: string) => boolean;

const WRITE_ACTIONS = new Set(['created', 'updated', 'upserted']);
const POLL_WAIT_MS = 150_000; // one poll interval (60 s) plus retries and slack on a busy 2-core box

/** One finished execution of a story workflow, reduced to what the story asserts on. */
export interface RunInfo {
	id: string;
	workflowId: string;
	template: 'materials' | 'relations';
	/** started by the Bouwsoft Trigger (poll) or by the re-send Schedule Trigger */
	kind: 'poll' | 'resend' | 'other';
	status: string;
	startedAt: number;
	stoppedAt: number;
	/** worker label (queue mode) or 'main' */
	worker: string;
	/** Bouwsoft ids the trigger emitted / the re-send read */
	read: string[];
	/** OutSmart node results: Bouwsoft id -> action (error output: 'failed') */
	actions: Map<string, string>;
}

/** What the story measured, printed at the end and returned for callers that want to assert more. */
export interface StoryReport {
	label: string;
	timingsS: Record<string, number>;
	facts: Record<string, unknown>;
}

const parseJson = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);
const seconds = (ms: number) => +(ms / 1000).toFixed(1);

/** Resolve at the next moment the wall clock shows second `second` of a minute. */
async function untilSecondOfMinute(second: number): Promise<void> {
	const now = Date.now();
	const minuteStart = now - (now % 60_000);
	let target = minuteStart + second * 1000;
	if (target <= now + 200) target += 60_000;
	await sleepMs(target - now);
}

export function describeSyncStory(options: SyncStoryOptions): { report: StoryReport } {
	const pollSecond = options.pollSecond ?? 10;
	const resendSeconds = options.resendSeconds ?? 20;
	const queue = options.mode === 'queue';
	const log = (message: string) => process.stderr.write(`[e2e sync:${options.label}] ${message}\n`);
	const report: StoryReport = { label: options.label, timingsS: {}, facts: {} };

	describe(`sync story in n8n 2.41.1, ${options.label}`, () => {
		let sims: Simulators;
		let rt: Runtime;
		let materials: LoadedTemplate;
		let relations: LoadedTemplate;
		let phaseStarted = Date.now();
		const phase = (name: string) => {
			report.timingsS[name] = seconds(Date.now() - phaseStarted);
			phaseStarted = Date.now();
		};

		// ------------------------------------------------------------------ write counts against the expected ledger

		const counts = (): Counts => Object.fromEntries(COUNTED.map((entity) => [entity, writeCounts(sims.outsmart, entity)])) as Counts;
		const expected: Counts = Object.fromEntries(COUNTED.map((entity) => [entity, new Map<string, number>()])) as Counts;
		const expectWrites = (...parts: Delta[]) => {
			for (const part of parts) {
				for (const entity of COUNTED) {
					for (const [key, n] of Object.entries(part[entity] ?? {})) expected[entity].set(key, (expected[entity].get(key) ?? 0) + n);
				}
			}
		};
		/** Keys whose count may lie in a range (a record written again after a killed execution): entity -> key -> max. */
		const upTo: Record<Counted, Map<string, number>> = Object.fromEntries(COUNTED.map((entity) => [entity, new Map<string, number>()])) as Record<Counted, Map<string, number>>;
		/** Keys whose count differs from the ledger: lost (fewer writes than expected) or duplicated (more). */
		function ledgerDiff(only?: KeyFilter): string[] {
			const now = counts();
			const out: string[] = [];
			for (const entity of COUNTED) {
				const keys = new Set([...now[entity].keys(), ...expected[entity].keys()]);
				for (const key of [...keys].sort()) {
					if (only && !only(entity, key)) continue;
					const got = now[entity].get(key) ?? 0;
					const want = expected[entity].get(key) ?? 0;
					const max = upTo[entity].get(key) ?? want;
					const wanted = max === want ? `${want}` : `${want} to ${max}`;
					if (got < want) out.push(`LOST ${entity} ${key}: ${got} accepted write(s), expected ${wanted}`);
					if (got > max) out.push(`DUPLICATED ${entity} ${key}: ${got} accepted write(s), expected ${wanted}`);
				}
			}
			return out;
		}
		async function waitForLedger(what: string, timeoutMs = POLL_WAIT_MS, only?: KeyFilter): Promise<number> {
			const started = Date.now();
			let last: string[] = [];
			try {
				await waitFor(what, async () => ((last = ledgerDiff(stepKeys(only))).length === 0 ? true : undefined), timeoutMs, 500);
			} catch (error) {
				throw rt.main.failure(`${(error as Error).message}\n${last.join('\n')}\nexecutions:\n${await describeRuns()}`);
			}
			return Date.now() - started;
		}
		/** Keys a failed step already reported: later steps leave them out (step 7 checks everything again). */
		const reported: Array<[Counted, string]> = [];
		const notReported: KeyFilter = (entity, key) => !reported.some(([e, k]) => e === entity && k === key);
		const stepKeys = (only?: KeyFilter): KeyFilter => (entity, key) => notReported(entity, key) && (!only || only(entity, key));
		const pairsOf = (delta: Delta): Array<[Counted, string]> => COUNTED.flatMap((entity) => Object.keys(delta[entity] ?? {}).map((key) => [entity, key] as [Counted, string]));
		/** Ledger check of a step (of the keys in `onlyDelta` when given); a failure's keys are left out afterwards. */
		const expectLedger = (what: string, onlyDelta?: Delta, options: { whole?: boolean } = {}) => {
			const only = onlyDelta ? keysOf(onlyDelta) : undefined;
			const differences = ledgerDiff(options.whole ? only : stepKeys(only));
			if (differences.length && onlyDelta && !options.whole) reported.push(...pairsOf(onlyDelta));
			expect({ what, differences }).toEqual({ what, differences: [] });
		};
		/** OutSmart vs Bouwsoft, without the lines about keys a failed step already reported. */
		const stepStateDiff = () =>
			outsmartDiff().filter(
				(line) =>
					!reported.some(
						([entity, key]) => line.startsWith(`${entity} ${key}:`) || (line.startsWith(`${entity}:`) && (line.endsWith(` ${key}`) || line.includes(` key ${key} `))),
					),
			);

		const expectedNow = (): Expected => {
			const tables = liveTables(sims.bouwsoft);
			return { ...expectMaterials(tables), ...expectRelations(tables) };
		};
		const outsmartDiff = () => compareState(sims.outsmart, expectedNow());

		/** The writes one changed product causes: its material and its category link. */
		function materialDelta(product: BouwsoftRecord): Delta {
			const category = product.group ? `G:${product.list}/${product.group}` : `L:${product.list}`;
			return { materials: { [String(product.nr1)]: 1 }, material_categories: { [`${product.nr1}|${category}`]: 1 } };
		}
		/** The writes one changed relation causes: the relation and each of its named contacts. */
		function relationDelta(address: BouwsoftRecord): Delta {
			return { relations: { [String(address.clientnr)]: 1 }, contactpersons: Object.fromEntries(contactsOf(address).map((c) => [`C-${c.id}`, 1])) };
		}
		const contactsOf = (address: BouwsoftRecord) =>
			sims.bouwsoft.store.all('AddressContacts').filter((c) => c.address_id === address.id && String(c.contact_name ?? '').trim() !== '');
		const keysOf = (delta: Delta): KeyFilter => (entity, key) => key in (delta[entity] ?? {});
		const product = (p: BouwsoftRecord) => sims.bouwsoft.store.get('Products', p.id)!;
		const address = (a: BouwsoftRecord) => sims.bouwsoft.store.get('Addresses', a.id)!;

		// ------------------------------------------------------------------ executions

		const runCache = new Map<string, RunInfo>();
		const templateOf = (workflowId?: string) => (workflowId === materials.workflow.id ? materials : relations);

		function toRunInfo(execution: ExecutionDetails): RunInfo {
			const template = templateOf(execution.workflowId);
			const runData = execution.data?.resultData?.runData ?? {};
			const kind = template.trigger && runData[template.trigger] ? 'poll' : template.resend && runData[template.resend] ? 'resend' : 'other';
			const readerNode = kind === 'poll' ? template.trigger! : (template.workflow.connections[template.resend ?? '']?.main?.[0]?.[0]?.node ?? '');
			const read = allRunItems(execution, readerNode)
				.map((item) => String((item._sync as { id?: unknown } | undefined)?.id ?? item.id ?? ''))
				.filter(Boolean);
			const actions = new Map<string, string>();
			for (const item of allRunItems(execution, template.outsmart!, 0)) {
				const id = (item.bouwsoft as { id?: unknown } | undefined)?.id;
				if (id !== undefined) actions.set(String(id), String(item.action));
			}
			for (const item of allRunItems(execution, template.outsmart!, 1)) {
				const details = (item.details ?? item) as { bouwsoft?: { id?: unknown }; action?: string };
				if (details.bouwsoft?.id !== undefined) actions.set(String(details.bouwsoft.id), 'failed');
			}
			return {
				id: execution.id,
				workflowId: execution.workflowId ?? '',
				template: template === materials ? 'materials' : 'relations',
				kind,
				status: execution.status,
				startedAt: Date.parse(execution.startedAt ?? '') || 0,
				stoppedAt: Date.parse(execution.stoppedAt ?? '') || 0,
				worker: rt.workerOf(execution.id),
				read,
				actions,
			};
		}

		/** Every finished execution of both workflows (oldest first), details fetched once per execution. */
		async function allRuns(): Promise<RunInfo[]> {
			for (const template of [materials, relations]) {
				for (const execution of await rt.main.listExecutions(template.workflow.id!)) {
					if (runCache.has(execution.id)) continue;
					if (['new', 'running', 'waiting', 'unknown'].includes(execution.status) || !execution.stoppedAt) continue;
					runCache.set(execution.id, toRunInfo(await rt.main.getExecution(execution.id)));
				}
			}
			return [...runCache.values()].sort((a, b) => Number(a.id) - Number(b.id));
		}

		async function waitForRun(what: string, predicate: (run: RunInfo) => boolean, timeoutMs = POLL_WAIT_MS): Promise<RunInfo> {
			try {
				return await waitFor(what, async () => (await allRuns()).find(predicate), timeoutMs, 1000);
			} catch (error) {
				throw rt.main.failure(`${(error as Error).message}\nexecutions:\n${await describeRuns()}`);
			}
		}

		async function describeRuns(): Promise<string> {
			const runs = await allRuns().catch(() => [] as RunInfo[]);
			return runs
				.slice(-30)
				.map((r) => {
					const acted = [...r.actions].filter(([, a]) => a !== 'unchanged').map(([id, a]) => `${id}:${a}`);
					const unchanged = [...r.actions].filter(([, a]) => a === 'unchanged').length;
					const shown = acted.length > 8 ? `${acted.slice(0, 8).join(' ')} and ${acted.length - 8} more` : acted.join(' ');
					return `  #${r.id} ${r.template} ${r.kind} ${r.status} ${new Date(r.startedAt).toISOString().slice(11, 19)} on ${r.worker}: read ${r.read.length}, ${shown || 'no writes'}${unchanged ? `, ${unchanged} unchanged` : ''}`;
				})
				.join('\n');
		}

		/** The run (after `since`) whose OutSmart node wrote Bouwsoft record `id` of a template. */
		const writerOf = (runs: RunInfo[], template: RunInfo['template'], id: string | number, since = 0) =>
			runs.find((r) => r.template === template && r.startedAt >= since && WRITE_ACTIONS.has(r.actions.get(String(id)) ?? ''));

		/**
		 * Wait until a poll has emitted each given record and a re-send started after the last of those polls has
		 * finished, per template: both readers have seen every edit, so any duplicate write would have happened.
		 */
		async function settle(what: string, edited: { materials?: BouwsoftRecord[]; relations?: BouwsoftRecord[] }, since: number): Promise<void> {
			for (const template of ['materials', 'relations'] as const) {
				const ids = (edited[template] ?? []).map((r) => String(r.id));
				if (!ids.length) continue;
				let pollDone = since;
				for (const id of ids) {
					const poll = await waitForRun(`${what}: a ${template} poll that emitted ${id}`, (r) => r.template === template && r.kind === 'poll' && r.startedAt >= since && r.read.includes(id));
					pollDone = Math.max(pollDone, poll.stoppedAt);
				}
				await waitForRun(`${what}: a ${template} re-send after the poll`, (r) => r.template === template && r.kind === 'resend' && r.startedAt >= pollDone, resendSeconds * 1000 + 60_000);
			}
		}

		// ------------------------------------------------------------------ set-up

		let products: BouwsoftRecord[];
		let addresses: BouwsoftRecord[];
		/** Undo a step's fault switches even when it fails half-way (the next step must start from a healthy OutSmart). */
		const cleanups: Array<() => void> = [];
		afterEach(() => {
			for (const undo of cleanups.splice(0)) undo();
		});

		beforeAll(async () => {
			const missing = builtPackageFiles(REPO_ROOT).missing;
			if (missing.length) throw new Error(`package not built (missing ${missing.join(', ')}); run \`npm run build\` first`);
			sims = await startSimulators();
			rt = await createRuntime(options);
			await rt.main.importCredentials(sims.credentials);
			const templates = templatesFor(sims.credentials);
			materials = templates.get('materials.json')!;
			relations = templates.get('relations.json')!;
			for (const template of [materials, relations]) {
				if (!template.resend || !template.outsmart || !template.trigger) {
					throw new Error(`${template.file}: expected a Bouwsoft Trigger, a re-send Schedule Trigger and an OutSmart node`);
				}
				let copy = template.workflow;
				if (process.env.E2E_BREAK_RESEND === '1') {
					copy = withoutResendBranch(copy);
					log(`E2E_BREAK_RESEND=1: ${template.file} imported WITHOUT its re-send branch`);
				}
				template.workflow = withTestSchedules(copy, { pollSecond, resendSeconds });
			}
			await rt.main.importWorkflows([materials.workflow, relations.workflow]);
			await rt.main.publish(materials.workflow.id!);
			await rt.main.publish(relations.workflow.id!);

			const all = sims.bouwsoft.store.all('Products');
			const uniqueNr = all.filter((p) => all.filter((q) => q.nr1 === p.nr1).length === 1 && p.list);
			products = [3, 8, 13, 18, 23, 28, 33, 38].map((i) => uniqueNr[i]);
			if (products.some((p) => !p)) throw new Error(`the seed has only ${uniqueNr.length} products with a unique article number`);
			const eligible = sims.bouwsoft.store.all('Addresses').filter((a) => Number(a.clientnr) > 0 && String(a.name).trim() !== '');
			const withContacts = eligible.filter((a) => contactsOf(a).length > 0);
			const [a2, a3] = [withContacts[3], withContacts[5]];
			const others = eligible.filter((a, i) => i >= 2 && a !== a2 && a !== a3);
			addresses = [others[0], a2, a3, others[4], others[6]];
			phase('setup');
		});

		afterAll(async () => {
			try {
				if (rt) report.facts.executions = (await describeRuns()).split('\n').length;
			} catch {
				/* diagnostics only */
			}
			await rt?.dispose();
			await sims?.close();
			log(`timings (s): ${JSON.stringify(report.timingsS)}`);
			log(`facts: ${JSON.stringify(report.facts)}`);
		});

		// ------------------------------------------------------------------ 1

		test('1. activation polls at once and imports everything, each key written once', async () => {
			const starting = Date.now();
			await rt.start();
			report.facts.startS = seconds(Date.now() - starting);
			for (const template of [materials, relations]) {
				await waitForRun(`the first ${template.file} poll`, (r) => r.workflowId === template.workflow.id && r.kind === 'poll');
			}
			// Once per key (an article listed in two Bouwsoft lists, same nr1, is still one OutSmart material).
			const tables = liveTables(sims.bouwsoft);
			const expectedState = { ...expectMaterials(tables), ...expectRelations(tables) };
			for (const entity of COUNTED) for (const key of expectedState[entity]!.records.keys()) expected[entity].set(key, 1);
			await waitForLedger('the first import');
			const waitedMs = Date.now() - starting;
			expect(outsmartDiff()).toEqual([]);
			const runs = await allRuns();
			const firstPoll = runs.find((r) => r.template === 'materials' && r.kind === 'poll')!;
			expect(firstPoll.status).toBe('success');
			expect(firstPoll.read.length).toBe(sims.bouwsoft.store.count('Products'));
			report.facts.firstImportWorker = firstPoll.worker;
			if (queue) expect(firstPoll.worker).toMatch(/^worker-\d$/);

			// Where n8n keeps the trigger's cursor.
			const staticData = await rt.db<{ staticData: unknown }>('select "staticData" from workflow_entity where id = $1', [materials.workflow.id]);
			const nodeStatic = (parseJson(staticData[0]?.staticData) as Record<string, unknown> | null)?.[`node:${materials.trigger}`];
			const pollerState = await rt.db<{ nodeId: string; cursor: unknown }>('select "nodeId", cursor from poller_state where "workflowId" = $1', [materials.workflow.id]).catch((e: Error) => e.message);
			report.facts.cursor = {
				workflowStaticData: nodeStatic ? `node:${materials.trigger} (${JSON.stringify(nodeStatic).length} chars)` : null,
				pollerState: Array.isArray(pollerState) ? pollerState.map((row) => ({ nodeId: row.nodeId, chars: JSON.stringify(parseJson(row.cursor)).length })) : pollerState,
			};
			log(`trigger cursor: ${JSON.stringify(report.facts.cursor)}`);
			if (options.durableCursors) {
				expect(Array.isArray(pollerState) && pollerState.length).toBeTruthy();
			} else {
				expect(nodeStatic).toBeTruthy();
			}
			report.facts.firstImportDoneAfterStartS = seconds(waitedMs);
			phase('1-firstImport');
		});

		// ------------------------------------------------------------------ 2

		test('2. records edited in Bouwsoft arrive exactly once', async () => {
			const since = Date.now();
			const [p1, p2] = products;
			const [a1, a2] = addresses;
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
			sims.bouwsoft.store.update('Addresses', a1.id, { name: `${String(a1.name).trim()} BV` });
			// a contact person only: the address record itself does not change
			const contact = contactsOf(a2)[0];
			sims.bouwsoft.store.update('AddressContacts', contact.id, { contact_name: 'Griet Van Damme-Peeters' });
			const supplier = sims.bouwsoft.store.all('Addresses').find((a) => Number(a.clientnr) === 0)!;
			sims.bouwsoft.store.update('Addresses', supplier.id, { name: `${supplier.name} (leverancier)` }); // never a relation
			products.push(added);

			expectWrites(materialDelta(product(p1)), materialDelta(product(p2)), materialDelta(added), relationDelta(address(a1)), relationDelta(address(a2)));
			const waitedMs = await waitForLedger('the edited records in OutSmart');
			expect(stepStateDiff()).toEqual([]);
			report.facts.editsArrivedAfterS = seconds(waitedMs);
			const runs = await allRuns();
			report.facts.editsWrittenBy = Object.fromEntries(
				[[`product ${p1.id}`, writerOf(runs, 'materials', p1.id, since)], [`address ${a1.id}`, writerOf(runs, 'relations', a1.id, since)], [`contact of ${a2.id}`, writerOf(runs, 'relations', a2.id, since)]].map(
					([k, r]) => [k as string, r ? `${(r as RunInfo).kind} #${(r as RunInfo).id} on ${(r as RunInfo).worker}` : 'none'],
				),
			);
			log(`edits written by: ${JSON.stringify(report.facts.editsWrittenBy)}`);
			phase('2-edits');
		});

		// ------------------------------------------------------------------ 3

		let outageUp = 0;
		let contactEditDuringOutage: Delta = {};
		test('3. OutSmart down for two polls: every change arrives through the re-send once it is back, nothing twice', async () => {
			const [p1, p2, , , p5, p6] = products;
			const [, , a3, a4] = addresses;
			await untilSecondOfMinute((pollSecond + 55) % 60); // 5 s before a poll
			const since = Date.now();
			sims.outsmart.setDown(true);
			cleanups.push(() => sims.outsmart.setDown(false));
			sims.bouwsoft.store.update('Products', p5.id, { description: `${p5.description} (actie)` });
			sims.bouwsoft.store.update('Addresses', a4.id, { email: 'facturatie@e2e-test.be' });
			sims.bouwsoft.store.update('AddressContacts', contactsOf(a3)[0].id, { contact_name: 'Jan Peeters-Claes' }); // contact only
			const poll1 = await waitForRun('poll 1 during the outage', (r) => r.template === 'materials' && r.kind === 'poll' && r.startedAt >= since && r.read.includes(String(p5.id)));
			await waitForRun('relations poll 1 during the outage', (r) => r.template === 'relations' && r.kind === 'poll' && r.startedAt >= since && r.read.includes(String(a4.id)));
			expect(poll1.actions.get(String(p5.id))).toBe('failed');
			sims.bouwsoft.store.update('Products', p6.id, { description: `${p6.description} v2` });
			const poll2 = await waitForRun('poll 2 during the outage', (r) => r.template === 'materials' && r.kind === 'poll' && r.startedAt > poll1.stoppedAt && r.read.includes(String(p6.id)));
			expect(poll2.actions.get(String(p6.id))).toBe('failed');
			const during = (await allRuns()).filter((r) => r.startedAt >= since);
			report.facts.outage = {
				polls: during.filter((r) => r.kind === 'poll').length,
				resends: during.filter((r) => r.kind === 'resend').length,
				statuses: [...new Set(during.map((r) => r.status))],
			};
			expectLedger('nothing reaches OutSmart while it is down');
			const downForMs = Date.now() - since;

			sims.outsmart.setDown(false);
			outageUp = Date.now();
			const delivered = [materialDelta(product(p5)), materialDelta(product(p6)), relationDelta(address(a4))];
			expectWrites(...delivered);
			contactEditDuringOutage = relationDelta(address(a3));
			const notA3: KeyFilter = (entity, key) => !keysOf(contactEditDuringOutage)(entity, key);
			const recoveredMs = await waitForLedger('the changes made while OutSmart was down', resendSeconds * 1000 + 60_000, notA3);
			expect(stepStateDiff().filter((line) => !pairsOf(contactEditDuringOutage).some(([entity, key]) => line.startsWith(`${entity} ${key}:`)))).toEqual([]);
			const runs = await allRuns();
			const writer = writerOf(runs, 'materials', p5.id, outageUp);
			report.facts.outage = { ...(report.facts.outage as object), downS: seconds(downForMs), recoveredAfterS: seconds(recoveredMs), deliveredBy: writer ? `${writer.kind} #${writer.id} on ${writer.worker}` : 'none' };
			log(`outage: ${JSON.stringify(report.facts.outage)}`);
			// the changes are re-sent by the re-send branch (the trigger's cursor is past them)
			expect(writer?.kind).toBe('resend');
			expect(writerOf(runs, 'materials', p6.id, outageUp)?.kind).toBe('resend');
			expect(writerOf(runs, 'relations', a4.id, outageUp)?.kind).toBe('resend');
			// the same run skipped what OutSmart already had (edited earlier, within its 24-hour window)
			expect(writer!.actions.get(String(p1.id))).toBe('unchanged');
			expect(writer!.actions.get(String(p2.id))).toBe('unchanged');
			phase('3-outage');
		});

		test('3b. a contact-person-only change made during the outage arrives too', async () => {
			expect(outageUp).toBeGreaterThan(0);
			expectWrites(contactEditDuringOutage);
			// a relations re-send has run since OutSmart came back (it delivered the address changed during the outage)
			await waitForRun('a relations re-send after the recovery', (r) => r.template === 'relations' && r.kind === 'resend' && r.startedAt >= outageUp);
			expectLedger('a relation whose contact person alone changed during the outage, re-sent once OutSmart is back', contactEditDuringOutage);
			phase('3b-linkedChange');
		});

		// ------------------------------------------------------------------ 4 (queue)

		if (queue) {
			test('4. Skip Unchanged skips a record another worker wrote', async () => {
				const findCrossWorkerSkip = (runs: RunInfo[]) => {
					for (const run of runs) {
						for (const [id, action] of run.actions) {
							if (action !== 'unchanged') continue;
							const writer = [...runs].reverse().find((w) => w.template === run.template && Number(w.id) < Number(run.id) && WRITE_ACTIONS.has(w.actions.get(id) ?? ''));
							if (writer && writer.worker !== run.worker && !writer.worker.includes('+')) return { id, template: run.template, writer, skipper: run };
						}
					}
					return undefined;
				};
				let found = findCrossWorkerSkip(await allRuns());
				if (!found) {
					// Every skip so far ran on the writer's worker: stop that worker for one re-send.
					const p5Writer = writerOf(await allRuns(), 'materials', products[4].id)!;
					const index = rt.cluster!.workers.findIndex((w) => w.label === p5Writer.worker);
					log(`no cross-worker skip yet; stopping ${p5Writer.worker} for one re-send`);
					const stopped = Date.now();
					await rt.cluster!.stopWorker(index);
					await waitForRun('a materials re-send on the other worker', (r) => r.template === 'materials' && r.kind === 'resend' && r.startedAt >= stopped);
					await rt.cluster!.startWorker(index);
					found = findCrossWorkerSkip(await allRuns());
				}
				expect(found).toBeDefined();
				report.facts.crossWorkerSkip = `${found!.template} record ${found!.id}: written by ${found!.writer.kind} #${found!.writer.id} on ${found!.writer.worker}, skipped as unchanged by ${found!.skipper.kind} #${found!.skipper.id} on ${found!.skipper.worker}`;
				log(`cross-worker skip: ${report.facts.crossWorkerSkip}`);
				const runs = await allRuns();
				report.facts.runsPerWorker = runs.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.worker]: (acc[r.worker] ?? 0) + 1 }), {});
				expectLedger('no write since the outage recovery');
				phase('4-crossWorkerSkip');
			});
		}

		// ------------------------------------------------------------------ 5

		test('5. n8n main stopped, records edited while it is down: every change arrives once after it is back', async () => {
			const [, , p3] = products;
			const [, , , , a5] = addresses;
			await rt.stopMain();
			const since = Date.now();
			sims.bouwsoft.store.update('Products', p3.id, { price_catalogue: 7.77 });
			sims.bouwsoft.store.update('Addresses', a5.id, { city: 'Gent', zipcode: '9000' });
			expectWrites(materialDelta(product(p3)), relationDelta(address(a5)));
			await sleepMs(2000);
			await rt.startMain();
			const backAt = Date.now();
			const waitedMs = await waitForLedger('the changes made while main was down');
			expect(stepStateDiff()).toEqual([]);
			const runs = await allRuns();
			const writer = writerOf(runs, 'materials', p3.id, since);
			await settle('main restart', { materials: [p3], relations: [a5] }, since);
			const firstPoll = (await allRuns()).find((r) => r.template === 'materials' && r.kind === 'poll' && r.startedAt >= since);
			report.facts.mainRestart = {
				restartS: seconds(backAt - since),
				deliveredAfterStartS: seconds(waitedMs),
				deliveredBy: writer ? `${writer.kind} #${writer.id} on ${writer.worker}` : 'none',
				firstPollAfterStartS: firstPoll ? seconds(firstPoll.startedAt - backAt) : null,
			};
			log(`main restart: ${JSON.stringify(report.facts.mainRestart)}`);
			expectLedger('changes made while main was down, after a poll and a re-send read them');
			phase('5-mainRestart');
		});

		// ------------------------------------------------------------------ 6 (queue)

		if (queue && options.workerKill) {
			test('6. a worker SIGKILLed in the middle of an execution: its records still reach OutSmart through the re-send', async () => {
				const cluster = rt.cluster!;
				const edited = [products[3], products[6], products[7]];
				const delayMs = 15_000;
				// A re-send has just fired (at :00/:20/:40) and read Bouwsoft; the poll at `pollSecond` reads the edits.
				await untilSecondOfMinute((pollSecond + 53) % 60);
				const before = counts();
				// Each edited record must arrive; it may arrive twice (written by the killed execution or its held request,
				// and again by the re-send, since the killed execution never recorded the delivery): measured below.
				for (const p of edited) {
					for (const [entity, key] of pairsOf(materialDelta(product(p)))) {
						expectWrites({ [entity]: { [key]: 1 } });
						upTo[entity].set(key, expected[entity].get(key)! + 1);
					}
				}
				sims.outsmart.faults.add({ endpoint: 'material_categories', method: 'POST', delayMs, times: 1 });
				cleanups.push(() => sims.outsmart.faults.clear());
				const since = Date.now();
				for (const p of edited) sims.bouwsoft.store.update('Products', p.id, { description: `${p.description} (kill test)` });
				// the materials were accepted; the category links are in flight, held by OutSmart for 15 s
				const delayed = await waitFor(
					'the slowed OutSmart request',
					async () => sims.outsmart.requests.find((r) => r.endpoint === 'material_categories' && r.method === 'POST' && r.at.getTime() >= since && r.fault?.startsWith('delay')),
					POLL_WAIT_MS,
					100,
				);
				const running = await rt.db<{ id: string | number; status: string }>(`select id, status from execution_entity where "workflowId" = $1 and status = 'running'`, [materials.workflow.id]);
				expect(running.length).toBe(1);
				const killedId = String(running[0].id);
				const victim = cluster.workersOfExecution(killedId);
				expect(victim).toHaveLength(1);
				const victimIndex = cluster.workers.findIndex((w) => w.label === victim[0]);
				const data = await rt.db<{ data: string }>('select data from execution_data where "executionId" = $1', [Number(killedId)]);
				const killedKind = String(data[0]?.data ?? '').includes(materials.trigger!) ? 'poll' : String(data[0]?.data ?? '').includes(materials.resend!) ? 'resend' : 'unknown';
				await sleepMs(500);
				await cluster.killWorker(victimIndex);
				const killedAt = Date.now();
				sims.outsmart.faults.clear();
				const atKill = counts();
				const reachedBeforeKill = Object.fromEntries(
					(['materials', 'material_categories'] as const).map((entity) => [entity, edited.filter((p) => {
						const key = Object.keys(materialDelta(product(p))[entity]!)[0];
						return (atKill[entity].get(key) ?? 0) > (before[entity].get(key) ?? 0);
					}).length]),
				);
				log(`killed ${victim[0]} (execution #${killedId}, ${killedKind}) ${killedAt - delayed.at.getTime()} ms after the slowed request arrived; reached OutSmart before the kill: ${JSON.stringify(reachedBeforeKill)}`);

				// Every record reaches OutSmart with only the other worker running.
				const editedIds = edited.map((p) => String(p.id));
				const recovery = await waitForRun(
					'a run on the other worker that writes the killed execution\'s records',
					(r) => r.template === 'materials' && r.startedAt >= killedAt && editedIds.every((id) => WRITE_ACTIONS.has(r.actions.get(id) ?? '')),
					resendSeconds * 1000 + 60_000,
				);
				const recoveredMs = Date.now() - killedAt;
				expect(recovery.worker).not.toBe(victim[0]);
				expect(stepStateDiff()).toEqual([]);
				// let the held request finish (OutSmart processes it although its caller is gone), then count
				await sleepMs(Math.max(0, delayed.at.getTime() + delayMs + 2000 - Date.now()));
				const after = counts();
				const writes: Record<string, Record<string, number>> = Object.fromEntries(
					edited.map((p) => {
						const delta = materialDelta(product(p));
						return [p.nr1, Object.fromEntries((['materials', 'material_categories'] as const).map((entity) => {
							const key = Object.keys(delta[entity]!)[0];
							return [entity, (after[entity].get(key) ?? 0) - (before[entity].get(key) ?? 0)];
						}))];
					}),
				);
				// nothing else was written
				for (const entity of COUNTED) {
					for (const [key, n] of after[entity]) {
						const isEdited = edited.some((p) => keysOf(materialDelta(product(p)))(entity, key));
						if (!isEdited) expect({ entity, key, extra: n - (before[entity].get(key) ?? 0) }).toEqual({ entity, key, extra: 0 });
					}
				}
				// each record at least once, at most twice (once by the killed execution or its held request, once re-sent)
				for (const [nr, perEntity] of Object.entries(writes)) {
					for (const [entity, n] of Object.entries(perEntity)) {
						expect({ nr, entity, atLeastOnce: n >= 1, atMostTwice: n <= 2 }).toEqual({ nr, entity, atLeastOnce: true, atMostTwice: true });
					}
				}
				const statusWhileDown = (await rt.db<{ status: string }>('select status from execution_entity where id = $1', [Number(killedId)]))[0]?.status;
				await cluster.startWorker(victimIndex);
				const restartedAt = Date.now();
				const statusAfterRestart = await waitFor(
					'the killed execution to get a final status',
					async () => {
						const row = (await rt.db<{ status: string }>('select status from execution_entity where id = $1', [Number(killedId)]))[0];
						return row && row.status !== 'running' ? row.status : undefined;
					},
					60_000,
					1000,
				).catch(() => 'still running 60 s after the worker restarted');
				report.facts.workerKill = {
					killedWorker: victim[0],
					killedExecution: `#${killedId} (${killedKind})`,
					msAfterSlowRequestArrived: killedAt - delayed.at.getTime(),
					reachedOutSmartBeforeKill: reachedBeforeKill,
					recoveredBy: `${recovery.kind} #${recovery.id} on ${recovery.worker}`,
					recoveredAfterKillS: seconds(recoveredMs),
					writesPerRecord: writes,
					statusWhileWorkerDown: statusWhileDown,
					statusAfterWorkerRestart: statusAfterRestart,
					statusSettledAfterRestartS: seconds(Date.now() - restartedAt),
					killedExecutionRanOn: cluster.workersOfExecution(killedId),
				};
				log(`worker kill: ${JSON.stringify(report.facts.workerKill)}`);
				expect(recoveredMs).toBeLessThanOrEqual(resendSeconds * 1000 + 40_000);
				phase('6-workerKill');
			});
		}

		// ------------------------------------------------------------------ 7

		test('7. settled: OutSmart equals Bouwsoft, each key holds exactly the expected writes', async () => {
			expect(outsmartDiff()).toEqual([]);
			expectLedger('the whole story', undefined, { whole: true });
			expect(sims.outsmart.statusFlips).toBe(0);
			expect(rt.main.grepServerLog(/could not be activated|WorkflowActivationError|polling interval is too short/i)).toEqual([]);
			const store = await rt.db<{ workflowId: string; context: string; value: unknown }>('select "workflowId", context, value from processed_data');
			report.facts.deliveryRecord = store.map((row) => {
				const value = parseJson(row.value) as { mode?: string; data?: unknown[] };
				return { workflow: row.workflowId === materials.workflow.id ? 'materials' : 'relations', context: row.context, mode: value?.mode, entries: value?.data?.length };
			});
			if (options.durableCursors) {
				const state = await rt.db<{ workflowId: string; cursor: unknown; consecutiveErrors: number }>('select "workflowId", cursor, "consecutiveErrors" from poller_state');
				report.facts.pollerStateAtEnd = state.map((row) => ({ workflow: row.workflowId === materials.workflow.id ? 'materials' : 'relations', cursorChars: JSON.stringify(parseJson(row.cursor)).length, consecutiveErrors: row.consecutiveErrors }));
				const staticRows = await rt.db<{ id: string; staticData: unknown }>('select id, "staticData" from workflow_entity');
				report.facts.workflowStaticDataAtEnd = staticRows.map((row) => ({ workflow: row.id === materials.workflow.id ? 'materials' : 'relations', keys: Object.keys((parseJson(row.staticData) as object | null) ?? {}) }));
			}
			log(`delivery record: ${JSON.stringify(report.facts.deliveryRecord)}`);
			log(`executions:\n${await describeRuns()}`);
			phase('7-settled');
		});
	});

	return { report };
}
