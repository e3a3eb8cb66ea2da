/**
 * The n8n editor (real n8n 2.41.1, Debian's Chromium through playwright-core) with our package and both simulators:
 * templates render without marks and with our icons, every node's panel shows its main parameters, every
 * load-options field lists the simulator's values, the credential test explains a wrong token in plain words, the
 * materials template runs green from *Execute workflow*, and no console error comes from our nodes.
 *
 * Run with `bash test/browser/run.sh` (installs Chromium and n8n when missing). Screenshots: test/browser/screenshots/.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Locator, Page, Response } from 'playwright-core';
import { launchBrowser, SCREENSHOT_DIR } from './lib/browser';
import type { BrowserProblem, BrowserSession } from './lib/browser';
import { ALL_NODES_WORKFLOW_ID, NODE_TYPES, PACKAGE_NAME, startEnvironment } from './lib/environment';
import type { BrowserEnvironment, NodeTypeDescription } from './lib/environment';

const ICON_PREFIX = `/icons/${PACKAGE_NAME}/`;
const MARKS = ['node-not-installed', 'node-issues', 'node-setup-required'];
const MATERIALS_TEMPLATE = 'materials.json';
const EXPORT_TEMPLATE = 'outsmart-to-bouwsoft.json';

/** The bits of an <img> the icon check reads (tsconfig has no DOM lib). */
interface ImageLike {
	complete: boolean;
	naturalWidth: number;
	addEventListener(event: 'load' | 'error', listener: () => void): void;
}

/** Node in the scratch workflow per node type, and the parameters its panel must show. */
const PANELS: Record<string, { node: string; main: string[]; credential?: string }> = {
	[NODE_TYPES.bouwsoftTrigger]: { node: 'Bouwsoft Trigger', main: ['category', 'productLists', 'productGroups', 'firstRun'], credential: 'Bouwsoft (simulator)' },
	[NODE_TYPES.bouwsoft]: { node: 'Bouwsoft', main: ['resource', 'operation', 'productLists', 'productGroups'], credential: 'Bouwsoft (simulator)' },
	[NODE_TYPES.projectFilter]: { node: 'Bouwsoft Project Filter', main: ['allProjects', 'combinator'] },
	[NODE_TYPES.assignmentFilter]: { node: 'Bouwsoft Assignment Filter', main: ['orderFilter', 'keywords', 'match'] },
	[NODE_TYPES.outSmart]: { node: 'OutSmart', main: ['resource', 'operation', 'mappingMode'], credential: 'OutSmart (simulator)' },
	[NODE_TYPES.outSmartTrigger]: { node: 'OutSmart Trigger', main: ['status', 'workStatus'], credential: 'OutSmart (simulator)' },
};

/** Panels of other operations of a node type already in PANELS (the way back, Reconcile, Check Connection). */
const OPERATION_PANELS: Array<{ type: string; node: string; main: string[]; credential: string }> = [
	{ type: NODE_TYPES.bouwsoft, node: 'Bouwsoft (book)', main: ['resource', 'unknownEmployees', 'unknownMaterials', 'hourRounding', 'defaultJobCode'], credential: 'Bouwsoft (simulator)' },
	{ type: NODE_TYPES.outSmart, node: 'OutSmart (mark as exported)', main: ['resource', 'operation', 'set'], credential: 'OutSmart (simulator)' },
	{ type: NODE_TYPES.outSmart, node: 'OutSmart (reconcile)', main: ['resource', 'operation', 'removedAction', 'linkCategories'], credential: 'OutSmart (simulator)' },
	{ type: NODE_TYPES.bouwsoft, node: 'Bouwsoft (check connection)', main: ['resource', 'operation'], credential: 'Bouwsoft (simulator)' },
	{ type: NODE_TYPES.outSmart, node: 'OutSmart (check connection)', main: ['resource', 'operation', 'typesOfWork', 'paymentMethods'], credential: 'OutSmart (simulator)' },
];

/**
 * What each load-options method must list, from the simulators' data. A method added to a node later makes the
 * suite fail until it gets an entry here.
 */
const LOAD_OPTIONS: Record<string, (env: BrowserEnvironment) => string[]> = {
	getProductLists: (env) =>
		[...new Set(env.sims.bouwsoft.store.all('ProductLists').map((list) => String(list.name ?? '').trim()).filter(Boolean))].sort(),
	getProductGroups: (env) =>
		[
			...new Set(
				env.sims.bouwsoft.store
					.all('ProductGroups')
					.filter((group) => String(group.list_name ?? '').trim() && String(group.name ?? '').trim())
					.map((group) => `${String(group.list_name).trim()} / ${String(group.name).trim()}`),
			),
		].sort((a, b) => a.localeCompare(b)),
};

/** Resource-mapper methods: node in the scratch workflow and the fields it must offer (OutSmart's required ones). */
const RESOURCE_MAPPERS: Record<string, { node: string; fields: string[] }> = {
	getOutSmartFields: { node: 'OutSmart (map fields)', fields: ['code', 'description', 'price', 'unit'] },
};

/** Problems that come from our package (everything else is n8n noise, listed in the report file). */
function fromOurPackage(problem: BrowserProblem): boolean {
	// n8n's editor asks /schemas/<node type>/<version>.json (output-schema preview) for every node; community
	// packages ship none, so that 404 is n8n's, not a broken node.
	if (problem.url && /\/schemas\/[^/]+\/[\d.]+\.json$/.test(problem.url)) return false;
	const text = `${problem.text} ${problem.url ?? ''}`;
	if (text.includes(PACKAGE_NAME) || text.includes(ICON_PREFIX)) return true;
	if (/bouwsoftApi|outSmartApi|bouwsoftTrigger|outSmartTrigger|bouwsoftProjectFilter|bouwsoftAssignmentFilter/.test(text)) return true;
	if (/\/rest\/(dynamic-node-parameters|credentials\/test)/.test(problem.url ?? '') && /bouwsoft|outsmart/i.test(text)) return true;
	return false;
}

describe('n8n editor with the Bouwsoft/OutSmart package (browser)', () => {
	let env: BrowserEnvironment;
	let browser: BrowserSession;
	let page: Page;
	const timings: Record<string, number> = {};

	/** A test body with a screenshot at its end, and one named FAILED-... when it throws. */
	async function step(name: string, body: () => Promise<void>): Promise<void> {
		const started = Date.now();
		try {
			await body();
			await browser.shot(name);
		} catch (error) {
			const file = await browser.shot(`FAILED-${name}`);
			(error as Error).message += `\n(screenshot: ${file})`;
			throw error;
		} finally {
			timings[name] = Date.now() - started;
		}
	}

	async function openWorkflow(id: string): Promise<void> {
		await page.goto(`${env.n8n.baseUrl}/workflow/${id}`);
		await page.waitForSelector('[data-test-id="canvas-node"]', { timeout: 30_000 });
	}

	function canvasNode(name: string): Locator {
		return page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
	}

	async function openPanel(nodeName: string): Promise<Locator> {
		await canvasNode(nodeName).dblclick();
		const ndv = page.locator('[data-test-id="ndv"]');
		await ndv.locator('[data-test-id="node-parameters"]').waitFor();
		return ndv;
	}

	async function closePanel(): Promise<void> {
		await page.locator('[data-test-id="ndv-close-button"]').click();
		await page.locator('[data-test-id="ndv"]').waitFor({ state: 'hidden' });
	}

	/** Our icon inside `scope` is an <img> from /icons/<package>/ that actually loaded. */
	async function expectOurIcon(scope: Locator, what: string): Promise<void> {
		const img = scope.locator(`img[src*="${ICON_PREFIX}"]`).first();
		await img.waitFor({ timeout: 10_000 }).catch(() => {
			throw new Error(`${what}: no icon from ${ICON_PREFIX} (unknown node or broken icon reference?)`);
		});
		const loaded = await img
			.evaluate((element) => {
				const el = element as unknown as ImageLike;
				return el.complete && el.naturalWidth > 0 ? true : new Promise<boolean>((resolve) => {
					el.addEventListener('load', () => resolve(el.naturalWidth > 0));
					el.addEventListener('error', () => resolve(false));
					setTimeout(() => resolve(el.complete && el.naturalWidth > 0), 5000);
				});
			})
			.catch(() => false);
		if (!loaded) throw new Error(`${what}: icon ${await img.getAttribute('src')} did not load`);
	}

	/** Waits for the load-options answer of `method` (started by `action`); throws on a non-200 answer. */
	async function loadOptionsAnswer(method: string, action: () => Promise<void>): Promise<Response> {
		const answer = page.waitForResponse(
			(response) =>
				response.url().includes('/rest/dynamic-node-parameters/') && (response.request().postData() ?? '').includes(`"${method}"`),
			{ timeout: 20_000 },
		);
		await action();
		const response = await answer.catch(() => {
			throw new Error(`no load-options request for ${method} after opening the panel`);
		});
		if (response.status() !== 200) {
			throw new Error(`load-options ${method} answered HTTP ${response.status()}: ${(await response.text()).slice(0, 500)}`);
		}
		return response;
	}

	beforeAll(async () => {
		let started = Date.now();
		fs.rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
		env = await startEnvironment();
		timings.environment = Date.now() - started;
		started = Date.now();
		browser = await launchBrowser();
		page = browser.page;
		timings.browserLaunch = Date.now() - started;
	});

	afterAll(async () => {
		const ignored = browser?.problems.filter((problem) => !fromOurPackage(problem)) ?? [];
		if (browser) {
			fs.writeFileSync(
				path.join(SCREENSHOT_DIR, 'browser-problems.json'),
				JSON.stringify({ ours: browser.problems.filter(fromOurPackage), ignored, blocked: browser.blocked }, null, 2),
			);
		}
		await browser?.close();
		await env?.close();
		const seconds = Object.fromEntries(Object.entries(timings).map(([key, ms]) => [key, +(ms / 1000).toFixed(1)]));
		process.stderr.write(`[browser] timings (s): ${JSON.stringify(seconds)}\n`);
		process.stderr.write(`[browser] ignored ${ignored.length} console/network messages not from our package (see ${SCREENSHOT_DIR}/browser-problems.json)\n`);
	});

	test('log in as the owner', async () => {
		await step('login', async () => {
			await page.goto(`${env.n8n.baseUrl}/signin`);
			await page.locator('[data-test-id="emailOrLdapLoginId"] input').fill(env.n8n.owner.email);
			await page.locator('[data-test-id="password"] input').fill(env.n8n.owner.password);
			await browser.shot('signin-filled');
			await page.locator('[data-test-id="form-submit-button"]').click();
			await page.waitForURL((url) => !url.pathname.includes('signin'), { timeout: 30_000 });
		});
	});

	test('every template opens without unknown-node or missing-parameter marks, with our icons', async () => {
		expect(env.templates.length).toBeGreaterThan(0);
		const problems: string[] = [];
		for (const template of env.templates) {
			await step(`template-${template.file}`, async () => {
				await openWorkflow(template.id);
				const expectedNodes = template.workflow.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote').length;
				await page
					.waitForFunction(`document.querySelectorAll('[data-test-id="canvas-node"]').length === ${expectedNodes}`, undefined, { timeout: 20_000 })
					.catch(async () => {
						throw new Error(`${template.file}: the canvas shows ${await page.locator('[data-test-id="canvas-node"]').count()} of ${expectedNodes} nodes`);
					});
				for (const node of template.workflow.nodes) {
					const element = canvasNode(node.name);
					const marks = await element.locator(MARKS.map((mark) => `[data-test-id="${mark}"]`).join(', ')).count();
					if (marks) problems.push(`${template.file}: "${node.name}" shows ${await element.locator(MARKS.map((m) => `[data-test-id="${m}"]`).join(', ')).first().getAttribute('data-test-id')}`);
					if (node.type.startsWith(`${PACKAGE_NAME}.`)) {
						await expectOurIcon(element, `${template.file}: "${node.name}"`).catch((error: Error) => problems.push(error.message));
					}
				}
			});
		}
		expect(problems).toEqual([]);
	});

	test('every node of the package has a panel case in this suite', () => {
		const ours = env.nodeTypes.filter((type) => !type.name.endsWith('Tool')).map((type) => type.name).sort();
		expect(ours.length).toBeGreaterThan(0);
		expect(ours.filter((name) => !PANELS[name])).toEqual([]);
	});

	for (const [type, panel] of [...Object.entries(PANELS), ...OPERATION_PANELS.map((p) => [p.type, p] as const)]) {
		test(`panel of ${panel.node} opens and shows its main parameters`, async () => {
			await step(`panel-${panel.node}`, async () => {
				if (!page.url().includes(ALL_NODES_WORKFLOW_ID)) await openWorkflow(ALL_NODES_WORKFLOW_ID);
				expect(await canvasNode(panel.node).getAttribute('data-node-type')).toBe(type);
				const ndv = await openPanel(panel.node);
				try {
					await expect(ndv.locator('[data-test-id="node-title-container"]').innerText()).resolves.toContain(panel.node);
					await expectOurIcon(ndv, `panel of ${panel.node}`);
					for (const parameter of panel.main) {
						await ndv.locator(`[data-test-id="parameter-input-${parameter}"]`).waitFor({ timeout: 10_000 }).catch(() => {
							throw new Error(`panel of ${panel.node}: parameter "${parameter}" is not shown`);
						});
					}
					if (panel.credential) {
						const select = ndv.locator('[data-test-id="node-credentials-select"]');
						const shown = `${await select.innerText()} ${await select.locator('input').inputValue().catch(() => '')}`;
						expect(shown).toContain(panel.credential);
					}
					await browser.shot(`panel-${panel.node}-open`);
				} finally {
					await closePanel();
				}
			});
		});
	}

	test('every load-options field lists the simulator values', async () => {
		const fields: Array<{ type: NodeTypeDescription; property: string; method: string }> = [];
		for (const type of env.nodeTypes.filter((t) => !t.name.endsWith('Tool'))) {
			const seen = new Set<string>();
			for (const property of type.properties) {
				const method = property.typeOptions?.loadOptionsMethod;
				if (method && !seen.has(property.name)) {
					seen.add(property.name);
					fields.push({ type, property: property.name, method });
				}
			}
		}
		expect(fields.length).toBeGreaterThan(0);
		expect(fields.filter((field) => !LOAD_OPTIONS[field.method]).map((f) => `${f.type.name}.${f.property}: ${f.method}`)).toEqual([]);

		await openWorkflow(ALL_NODES_WORKFLOW_ID);
		for (const field of fields) {
			const panel = PANELS[field.type.name];
			await step(`load-options-${panel.node}-${field.property}`, async () => {
				let ndv: Locator | undefined;
				await loadOptionsAnswer(field.method, async () => {
					ndv = await openPanel(panel.node);
				});
				try {
					const expected = LOAD_OPTIONS[field.method](env);
					expect(expected.length).toBeGreaterThan(0);
					await ndv!.locator(`[data-test-id="parameter-input-${field.property}"]`).click();
					const options = page.locator('.el-select-dropdown__list:visible li[role="option"]');
					await options.first().waitFor({ timeout: 10_000 }).catch(() => {
						throw new Error(`${panel.node}.${field.property} (${field.method}): the dropdown lists nothing`);
					});
					await browser.shot(`load-options-${panel.node}-${field.property}-open`);
					const shown = (await options.locator('.option-headline').allInnerTexts()).map((text) => text.trim());
					expect({ field: `${panel.node}.${field.property}`, options: [...shown].sort((a, b) => a.localeCompare(b)) }).toEqual({
						field: `${panel.node}.${field.property}`,
						options: [...expected].sort((a, b) => a.localeCompare(b)),
					});
					await page.keyboard.press('Escape');
				} finally {
					if (await page.locator('[data-test-id="ndv"]').isVisible()) await closePanel();
				}
			});
		}

		for (const [method, mapper] of Object.entries(RESOURCE_MAPPERS)) {
			await step(`resource-mapper-${mapper.node}`, async () => {
				let ndv: Locator | undefined;
				await loadOptionsAnswer(method, async () => {
					ndv = await openPanel(mapper.node);
				});
				try {
					await ndv!.locator('[data-test-id="resource-mapper-container"]').waitFor();
					for (const field of mapper.fields) {
						await ndv!.locator(`[data-test-id="resource-mapper-container"] [data-test-id="parameter-input-${field}"]`).waitFor({ timeout: 10_000 }).catch(() => {
							throw new Error(`${mapper.node} (${method}): field "${field}" is not offered`);
						});
					}
				} finally {
					await closePanel();
				}
			});
		}
	});

	/** New credential of the node's type from its panel, saved (n8n tests it on save); returns the modal. */
	async function testNewCredential(nodeName: string, values: Record<string, string>): Promise<Locator> {
		await openWorkflow(ALL_NODES_WORKFLOW_ID);
		const ndv = await openPanel(nodeName);
		await ndv.locator('[data-test-id="node-credentials-select"]').click();
		await page.locator('[data-test-id="node-credentials-select-item-new"]').click();
		const modal = page.locator('[data-test-id="editCredential-modal"]');
		for (const [name, value] of Object.entries(values)) {
			await modal.locator(`[data-test-id="parameter-input-${name}"] input`).fill(value);
		}
		await browser.shot(`credential-${nodeName}-filled`);
		const tested = page.waitForResponse((response) => response.url().includes('/rest/credentials/test'), { timeout: 30_000 });
		await modal.locator('[data-test-id="credential-save-button"]').click();
		await tested;
		const details = modal.getByText('More details');
		await details.waitFor({ timeout: 15_000 }).catch(() => {
			throw new Error('the credential test did not fail (no "Couldn’t connect" banner)');
		});
		await details.click();
		return modal;
	}

	test('credential test: a wrong Bouwsoft refresh token is explained in plain words', async () => {
		await step('credential-bouwsoft-wrong-refresh-token', async () => {
			const modal = await testNewCredential('Bouwsoft (credential test)', {
				clientNr: String(env.sims.bouwsoft.clientNr),
				refreshToken: 'not-the-refresh-token',
				authUrl: env.sims.bouwsoft.authUrl,
			});
			await modal.getByText(/did not accept Client Number \d+ with this Refresh Token/).waitFor({ timeout: 10_000 });
			await expect(modal.innerText()).resolves.toMatch(/Refresh Token was copied completely/);
		});
		await page.keyboard.press('Escape');
	});

	test('credential test: a wrong OutSmart software token is explained in plain words', async () => {
		await step('credential-outsmart-wrong-software-token', async () => {
			const modal = await testNewCredential('OutSmart', {
				baseUrl: env.sims.outsmart.baseUrl,
				token: env.sims.outsmart.token,
				softwareToken: 'not-the-software-token',
			});
			await modal.getByText(/does not accept the Software Token/).waitFor({ timeout: 10_000 });
		});
		await page.keyboard.press('Escape');
	});

	test('Execute workflow on the materials template: green, per-item actions, error branch with its reason', async () => {
		const template = env.templates.find((t) => t.file === MATERIALS_TEMPLATE)!;
		expect(template).toBeDefined();
		const outSmartNode = template.workflow.nodes.find((node) => node.type === NODE_TYPES.outSmart)!.name;
		const errorTarget = template.workflow.connections[outSmartNode]?.main?.[1]?.[0]?.node;
		expect(errorTarget).toBeDefined();
		// One product OutSmart cannot take (its required description is empty): it must land on the error branch.
		const product = env.sims.bouwsoft.store.all('Products')[0];
		env.sims.bouwsoft.store.update('Products', product.id, { description: '' });

		// The template has two triggers; the editor's button starts from the Bouwsoft Trigger (n8n prefers it over a
		// Schedule Trigger), so the nodes downstream of it run, the re-send branch (Schedule Trigger → read node) does not.
		const trigger = template.workflow.nodes.find((node) => node.type === NODE_TYPES.bouwsoftTrigger)!.name;
		const downstream = new Set([trigger]);
		for (const name of downstream) {
			for (const targets of template.workflow.connections[name]?.main ?? []) for (const target of targets ?? []) downstream.add(target.node);
		}

		await step('materials-executed', async () => {
			await openWorkflow(template.id);
			await page.locator('[data-test-id="execute-workflow-button"]').click();
			for (const node of template.workflow.nodes.filter((n) => downstream.has(n.name))) {
				await canvasNode(node.name).locator('[data-test-id="canvas-node-status-success"]').waitFor({ timeout: 120_000 }).catch(() => {
					throw new Error(`"${node.name}" did not end green after Execute workflow`);
				});
			}
			await expect(page.locator('[data-test-id="canvas-node-status-mark-error"]').count()).resolves.toBe(0);
		});

		await step('materials-outsmart-output', async () => {
			const ndv = await openPanel(outSmartNode);
			const output = ndv.locator('[data-test-id="output-panel"]');
			await output.locator('[data-test-id="radio-button-table"]').click();
			const data = output.locator('[data-test-id="ndv-data-container"]');
			await data.waitFor();
			const headers = (await data.locator('th').allInnerTexts()).map((text) => text.trim());
			expect(headers).toContain('action');
			await expect(data.innerText()).resolves.toMatch(/\b(created|updated|unchanged|upserted)\b/);
		});

		await step('materials-error-branch', async () => {
			const output = page.locator('[data-test-id="ndv"] [data-test-id="output-panel"]');
			await output.locator('[data-test-id="tab-1"]').click();
			await expect(output.locator('[data-test-id="tab-1"]').innerText()).resolves.toMatch(/\(\d+ items?\)/);
			await output.locator('[data-test-id="radio-button-table"]').click();
			const data = output.locator('[data-test-id="ndv-data-container"]');
			await data.locator('th', { hasText: /^error$/ }).first().waitFor({ timeout: 10_000 }).catch(() => {
				throw new Error('the error branch item has no "error" column');
			});
			const reason = await data.evaluate((container) => {
				const root = container as unknown as { querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }> };
				const headers = Array.from(root.querySelectorAll('thead th')).map((th) => (th.textContent ?? '').trim());
				const cells = Array.from(root.querySelectorAll('tbody tr:first-child td')).map((td) => (td.textContent ?? '').trim());
				return cells[headers.indexOf('error')] ?? '';
			});
			await data.locator('th', { hasText: /^error$/ }).first().scrollIntoViewIfNeeded();
			expect(reason).toMatch(/description/i);
			await closePanel();
		});
	});

	test('Execute workflow on the export template: booked in Bouwsoft, marked in OutSmart, a refused order on its error branch with the reason', async () => {
		const template = env.templates.find((t) => t.file === EXPORT_TEMPLATE)!;
		expect(template).toBeDefined();
		const { bouwsoft, outsmart } = env.sims;
		const [good, bad] = bouwsoft.store.all('Assignments').filter((a) => Number(a.nr) > 0);
		const employee = bouwsoft.store.all('Employees').find((e) => e.active && Number(e.nr) > 0)!;
		const job = bouwsoft.store.all('Jobs').find((j) => String(j.code).trim() !== '')!;
		const product = bouwsoft.store.all('Products').find((p) => String(p.nr1).trim() !== '')!;
		const period = { date: '16-11-2026', begin: '08:00', end: '12:00', employeeNr: String(employee.nr), hourType: String(job.code) };
		// A technician completes two orders; the second used a material Bouwsoft does not know (the Book default: fail it).
		for (const [assignment, code] of [[good, String(product.nr1)], [bad, 'NOT-IN-BOUWSOFT']] as const) {
			outsmart.addWorkorder({ WorkorderNo: `A-${assignment.nr}`, CustomerName: 'Browser test' });
			outsmart.completeWorkorder(`A-${assignment.nr}`, { periods: [period], materials: [{ code, quantity: 2, name: 'Materiaal' }], remark: 'Afgewerkt.' });
		}
		const lines = (resource: string, assignmentId: number) => bouwsoft.store.all(resource).filter((l) => l.assignment_id === assignmentId).length;
		const before = { hours: lines('AssignmentLabor', good.id), materials: lines('AssignmentProducts', good.id), refused: lines('AssignmentLabor', bad.id) };
		const nodeOf = (type: string) => template.workflow.nodes.find((node) => node.type === type)!.name;
		const book = template.workflow.nodes.find((node) => node.type === NODE_TYPES.bouwsoft)!.name;
		const mark = nodeOf(NODE_TYPES.outSmart);
		const refused = template.workflow.connections[book]?.main?.[1]?.[0]?.node;
		expect(refused).toBeDefined();

		await step('export-executed', async () => {
			await openWorkflow(template.id);
			await page.locator('[data-test-id="execute-workflow-button"]').click();
			for (const node of [nodeOf(NODE_TYPES.outSmartTrigger), book, mark, refused!]) {
				await canvasNode(node).locator('[data-test-id="canvas-node-status-success"]').waitFor({ timeout: 120_000 }).catch(() => {
					throw new Error(`"${node}" did not end green after Execute workflow`);
				});
			}
		});

		await step('export-book-output', async () => {
			const ndv = await openPanel(book);
			const output = ndv.locator('[data-test-id="output-panel"]');
			await output.locator('[data-test-id="radio-button-table"]').click();
			const data = output.locator('[data-test-id="ndv-data-container"]');
			await data.waitFor();
			const headers = (await data.locator('th').allInnerTexts()).map((text) => text.trim());
			expect(headers).toEqual(expect.arrayContaining(['status', 'exported', 'message']));
			await expect(data.innerText()).resolves.toMatch(/\bbooked\b/);
			await output.locator('[data-test-id="tab-1"]').click();
			await expect(output.locator('[data-test-id="ndv-data-container"]').innerText()).resolves.toMatch(/NOT-IN-BOUWSOFT/);
			await browser.shot('export-book-error-branch');
			await closePanel();
		});

		// What the run did to both systems: one hours and one material line on the good order, nothing on the refused one.
		const status = (nr: unknown) => outsmart.store.workorders.find((o) => o.WorkorderNo === `A-${nr}`)?.status;
		expect({ hours: lines('AssignmentLabor', good.id), materials: lines('AssignmentProducts', good.id), refused: lines('AssignmentLabor', bad.id) }).toEqual({
			hours: before.hours + 1,
			materials: before.materials + 1,
			refused: before.refused,
		});
		expect({ good: status(good.nr), refused: status(bad.nr) }).toEqual({ good: 'Afgehandeld', refused: 'Compleet' });
	});

	test('no console error or failed request comes from our nodes', () => {
		const ours = browser.problems.filter(fromOurPackage).map((p) => `[${p.step}] ${p.kind}: ${p.text.slice(0, 400)}`);
		expect(ours).toEqual([]);
		expect(browser.blocked).toEqual([]);
	});
});
