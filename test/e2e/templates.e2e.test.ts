/**
 * Every template in a real n8n (2.41.1) with the built package, against the simulators running in this process:
 * - the full-sync template with `n8n execute` (Manual Trigger), OutSmart compared with the whole Bouwsoft seed and
 *   the categories written in dependency order;
 * - each of the eight category templates as a manual run through the server (what *Execute workflow* does), with
 *   OutSmart emptied before each run and compared field by field with the expectation module (which restates the
 *   rules instead of calling our mapping code);
 * - then its re-send branch (Schedule Trigger → Bouwsoft read node) as a manual run from the Schedule Trigger: it runs
 *   without errors, reads only its category, and leaves OutSmart exactly as the trigger's run left it;
 * - then, in the six templates with change dates, its nightly branch (Every night: re-send all → Bouwsoft: all
 *   records) the same way: it reads every record the trigger's run read, creates nothing and leaves OutSmart as it was.
 *
 * Needs `npm run build` first. Run with `npm run test:e2e -- templates`.
 */
import {
	ALL_ENTITIES,
	compareState,
	eligibleRelations,
	expectedForCategory,
	expectedFullSync,
	expectedKeys,
	containsKeyword,
	projectKeptByDefault,
} from './expect/outsmartExpectations';
import { builtPackageFiles, N8nInstance, REPO_ROOT } from './lib/n8n';
import { allRunItems, CATEGORY_TEMPLATES, EXPORT_FILE, FULL_SYNC_FILE, liveTables, RECONCILE_FILE, startSimulators, templatesFor } from './lib/templateRun';
import type { LoadedTemplate, Simulators } from './lib/templateRun';
import type { ExecutionDetails, WorkflowJson } from './lib/types';
import { executionSummary } from './lib/workflows';

/** n8n's Schedule Trigger: starts the re-send branches of the category templates. */
const SCHEDULE_TRIGGER = 'n8n-nodes-base.scheduleTrigger';
/** The Schedule Trigger of the nightly branch (templates with change dates: every category but these two). */
const NIGHTLY_SCHEDULE = 'Every night: re-send all';
const WITHOUT_NIGHTLY = ['warehouses', 'categories'];

/** The raw file as a user imports it (no credential ids), under another id, to prove it imports as-is. */
function asUserImport(template: LoadedTemplate, raw: WorkflowJson): WorkflowJson {
	return { ...raw, id: `u${template.workflow.id!.slice(1)}`.slice(0, 21), name: `${raw.name} (as imported)` };
}

/**
 * A re-send branch of a category template: its Schedule Trigger and the Bouwsoft read node that trigger starts. By
 * default the 15-minute branch (the first Schedule Trigger), else the one with the given name.
 */
function resendBranch(workflow: WorkflowJson, name?: string): { schedule: string; reader: string } {
	const schedule = workflow.nodes.find((node) => node.type === SCHEDULE_TRIGGER && (name === undefined || node.name === name))?.name;
	const reader = schedule ? workflow.connections[schedule]?.main?.[0]?.[0]?.node : undefined;
	if (!schedule || !reader) throw new Error(`${workflow.name}: no Schedule Trigger ${name ?? ''} feeding a read node`);
	return { schedule, reader };
}

describe('workflow templates in a real n8n', () => {
	let sims: Simulators;
	let n8n: N8nInstance;
	let templates: Map<string, LoadedTemplate>;
	const timings: Record<string, number> = {};
	/** How many records each category template's Bouwsoft Trigger read in its manual run (everything it selects). */
	const triggerRead = new Map<string, number>();

	beforeAll(async () => {
		const missing = builtPackageFiles(REPO_ROOT).missing;
		if (missing.length) throw new Error(`package not built (missing ${missing.join(', ')}); run \`npm run build\` first`);
		let started = Date.now();
		sims = await startSimulators();
		n8n = await N8nInstance.create({ name: 'templates' });
		await n8n.importCredentials(sims.credentials);
		templates = templatesFor(sims.credentials);
		const raw = templatesFor([]);
		await n8n.importWorkflows([
			...[...templates.values()].map((t) => t.workflow),
			...[...templates.values()].map((t) => asUserImport(t, raw.get(t.file)!.workflow)),
		]);
		timings.import = Date.now() - started;
		started = Date.now();
	});

	afterAll(async () => {
		await n8n?.dispose();
		await sims?.close();
		process.stderr.write(`[e2e templates] timings (s): ${JSON.stringify(Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, +(v / 1000).toFixed(1)])))}\n`);
	});

	test('there is one template per category plus the full sync, the way back and the reconcile, and each imports as a user would', async () => {
		expect([...templates.keys()].sort()).toEqual([...CATEGORY_TEMPLATES.map((t) => t.file), FULL_SYNC_FILE, EXPORT_FILE, RECONCILE_FILE].sort());
		const rows = await n8n.queryDb<{ id: string }>('select id from workflow_entity');
		const ids = rows.map((row) => row.id);
		for (const template of templates.values()) {
			expect(ids).toContain(template.workflow.id);
			expect(ids).toContain(`u${template.workflow.id!.slice(1)}`.slice(0, 21));
		}
	});

	test('full sync (n8n execute): everything lands in OutSmart, parents first', async () => {
		const fullSync = templates.get(FULL_SYNC_FILE)!;
		const started = Date.now();
		const run = await n8n.executeOk(fullSync.workflow.id!, { timeoutMs: 10 * 60 * 1000 });
		timings.fullSync = Date.now() - started;
		expect(executionSummary(run).errors).toEqual({});

		const problems = compareState(sims.outsmart, expectedFullSync(liveTables(sims.bouwsoft)));
		expect(problems).toEqual([]);

		// Dependency order: the first write of each category comes after the first write of the one before.
		const firstPost = (endpoint: string, test: (query: Record<string, unknown>) => boolean = () => true) =>
			sims.outsmart.requests.findIndex((r) => r.method === 'POST' && r.endpoint === endpoint && test(r.query as Record<string, unknown>));
		const order = ['employees', 'hourtypes', 'warehouses', 'categories', 'materials', 'relations', 'projects'].map((e) => firstPost(e));
		expect(order.every((index) => index >= 0)).toBe(true);
		expect([...order].sort((a, b) => a - b)).toEqual(order);
		// Work orders come last: the project branch writes its P- orders after the projects, the assignment branch
		// its A- orders after that (two separate PostWorkorders batches, both after every master-data write).
		const posts = sims.outsmart.requests.map((r, i) => ({ i, r })).filter(({ r }) => r.method === 'POST');
		const orderPosts = posts.filter(({ r }) => r.endpoint === 'PostWorkorders').map(({ i }) => i);
		const lastMasterData = Math.max(...posts.filter(({ r }) => r.endpoint !== 'PostWorkorders').map(({ i }) => i));
		expect(orderPosts.length).toBeGreaterThanOrEqual(2);
		expect(Math.min(...orderPosts)).toBeGreaterThan(order[order.length - 1]);
		expect(Math.max(...orderPosts)).toBeGreaterThan(lastMasterData);
		// Never a status-flipping work-order read.
		expect(sims.outsmart.statusFlips).toBe(0);
	});

	test('the server loads every template node without complaints', async () => {
		const started = Date.now();
		await n8n.start();
		timings.serverStart = Date.now() - started;
		expect(n8n.grepServerLog(/Unrecognized node type|Error loading package|Failed to load|could not be activated/i)).toEqual([]);
	});

	for (const { file, category } of CATEGORY_TEMPLATES) {
		test(`${file}: manual run (Execute workflow) writes exactly the expected ${category}`, async () => {
			const template = templates.get(file)!;
			sims.outsmart.reset(); // empty OutSmart: the run alone must produce the state
			const started = Date.now();
			const execution = await n8n.runManual(template.workflow.id!, template.trigger!, { timeoutMs: 180_000 });
			timings[`manual:${category}`] = Date.now() - started;
			expect(executionSummary(execution).errors).toEqual({});
			expect(execution.status).toBe('success');
			expect(execution.mode).toBe('manual');

			const tables = liveTables(sims.bouwsoft);
			expectOnlyCategory(category);

			const triggerItems = allRunItems(execution, template.trigger!);
			expect(triggerItems.length).toBeGreaterThan(0);
			triggerRead.set(file, triggerItems.length);
			expect(triggerItems.every((item) => (item._sync as { category?: string })?.category === category)).toBe(true);

			if (category === 'relations') {
				// Addresses without client number or name never leave the trigger.
				const eligible = new Set(eligibleRelations(tables).map((a) => String(a.id)));
				expect(new Set(triggerItems.map((item) => String(item.id)))).toEqual(eligible);
				expect(triggerItems.every((item) => Array.isArray(item.contacts))).toBe(true);
			}
			if (category === 'projects') {
				const filter = 'Bouwsoft Project Filter';
				const kept = allRunItems(execution, filter, 0);
				const discarded = allRunItems(execution, filter, 1);
				const projects = tables.Projects;
				expect(kept.map((p) => p.pnr).sort()).toEqual(projects.filter(projectKeptByDefault).map((p) => p.pnr).sort());
				expect(discarded.length).toBe(projects.length - kept.length);
				for (const project of sims.outsmart.store.list('projects')) expect(String(project.active)).toBe('1');
				expect(triggerItems.every((item) => Array.isArray(item.activities))).toBe(true);
			}
			if (category === 'assignments') {
				const filter = 'Bouwsoft Assignment Filter';
				const kept = allRunItems(execution, filter, 0);
				expect(kept.length).toBeGreaterThan(0);
				expect(kept.every((a) => containsKeyword(a.note_technician, 'OutSmart'))).toBe(true);
				const withoutKeyword = tables.Assignments.filter((a) => !containsKeyword(a.note_technician, 'OutSmart')).map((a) => `A-${a.nr}`);
				const numbers = new Set(sims.outsmart.store.workorders.map((o) => String(o.WorkorderNo)));
				expect(withoutKeyword.filter((no) => numbers.has(no))).toEqual([]);
				expect(allRunItems(execution, filter, 1).length).toBe(withoutKeyword.length);
			}
			// Records OutSmart cannot take (e.g. a labour category without a name) go to the error branch, they do not fail the run.
			const failed = allRunItems(execution, template.workflow.nodes.find((n) => n.type.endsWith('.outSmart'))!.name, 1);
			for (const item of failed) expect(String(item.error ?? '')).not.toBe('');
		});

		test(`${file}: the re-send branch (Execute workflow from its Schedule Trigger) leaves OutSmart as the trigger's run left it`, async () => {
			await runBranch(file, category, 'resend');
			// Whatever it read was already in OutSmart: still exactly the category's records, nothing else.
			expectOnlyCategory(category);
		});

		if (WITHOUT_NIGHTLY.includes(category)) continue;

		test(`${file}: the nightly branch (Execute workflow from ${NIGHTLY_SCHEDULE}) reads everything the trigger selects and leaves OutSmart as it was`, async () => {
			const template = templates.get(file)!;
			// Only the nightly branch runs: not the 15-minute read either.
			const { execution, read } = await runBranch(file, category, 'nightly', [resendBranch(template.workflow).reader]);
			// Scope All with the trigger's selection: the same records the trigger's manual run read (all it selects).
			expect(read.length).toBe(triggerRead.get(file));
			// Everything was in OutSmart already: nothing created, still exactly the category's records.
			const outSmart = template.workflow.nodes.find((n) => n.type.endsWith('.outSmart'))!.name;
			expect(allRunItems(execution, outSmart).filter((item) => item.action === 'created')).toEqual([]);
			expectOnlyCategory(category);
		});
	}

	/**
	 * Execute workflow from one of a template's Schedule Triggers: it must succeed, start its read node and not
	 * the Bouwsoft Trigger (nor any node in `notRun`), and read only the template's category. Returns what it read.
	 */
	async function runBranch(file: string, category: string, branch: 'resend' | 'nightly', notRun: string[] = []) {
		const template = templates.get(file)!;
		const { schedule, reader } = branch === 'nightly' ? resendBranch(template.workflow, NIGHTLY_SCHEDULE) : resendBranch(template.workflow);
		const started = Date.now();
		const execution: ExecutionDetails = await n8n.runManual(template.workflow.id!, schedule, { timeoutMs: 180_000 });
		timings[`${branch}:${category}`] = Date.now() - started;
		expect(executionSummary(execution).errors).toEqual({});
		expect(execution.status).toBe('success');
		const runData = execution.data?.resultData?.runData ?? {};
		expect(runData[schedule]).toBeDefined();
		expect(runData[reader]).toBeDefined();
		for (const node of [template.trigger!, ...notRun]) expect({ node, ran: runData[node] !== undefined }).toEqual({ node, ran: false });
		const read = allRunItems(execution, reader);
		expect(read.every((item) => (item._sync as { category?: string })?.category === category)).toBe(true);
		return { execution, read };
	}

	/** OutSmart holds exactly the category's expected records, field by field, and nothing of any other entity. */
	function expectOnlyCategory(category: string): void {
		const expected = expectedForCategory(category, liveTables(sims.bouwsoft));
		expect(compareState(sims.outsmart, expected)).toEqual([]);
		const keys = expectedKeys(expected);
		for (const entity of ALL_ENTITIES) {
			if (keys[entity]) continue;
			expect({ entity, count: entity === 'workorders' ? sims.outsmart.store.workorders.length : sims.outsmart.store.count(entity) }).toEqual({ entity, count: 0 });
		}
	}
});
