/**
 * Bouwsoft node, Connection → Check against the Bouwsoft simulator: one item per check
 * `{ check, status, found, meaning, fix, id, count? }`.
 * - the default simulator (the confirmed reference): every connection and capability item ok, counts as the store
 *   has them, the data-quality items computed from the store;
 * - every real-server variant: the check names that quirk in its item and the path the sync takes instead;
 * - every quirk at once: every one reported;
 * - read-only (GETs only), no token in any item, a failed authentication is an item (not a thrown error), and what
 *   was learned is remembered per credential after a production run.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { IDataObject } from 'n8n-workflow';

import { Bouwsoft } from '../../../nodes/Bouwsoft/Bouwsoft.node';
import { CredentialStore, runNode } from '../../harness';
import type { RunNodeResult } from '../../harness';
import { realServerVariants, startBouwsoftSimulator } from '../../simulators/bouwsoft';
import type { BouwsoftSimulator, BouwsoftSimulatorOptions } from '../../simulators/bouwsoft';
import { ALL_QUIRK_REPORTS, ALL_QUIRKS, CHECK_SEED, QUIRK_REPORTS } from '../../e2e/lib/checkConnection';

type Item = { check: string; status: 'ok' | 'warning' | 'problem'; found: string; meaning: string; fix: string; id: string; count?: number };

const TEMPLATES = path.join(__dirname, '..', '..', '..', 'workflows-templates');
const PRODUCTS = CHECK_SEED.products;
const SCHEMA = path.join(__dirname, '..', '..', '..', 'nodes', 'Bouwsoft', '__schema__', 'v1.0.0', 'connection', 'check.json');

/** Items about the connection and the server's behaviour (not about the data). */
const isServerItem = (item: Item) => !item.id.startsWith('bouwsoft.quality.');

interface Checked {
	result: RunNodeResult;
	items: Item[];
	byId: Map<string, Item>;
	store: CredentialStore;
}

async function check(sim: BouwsoftSimulator, extra: { parameters?: IDataObject; store?: CredentialStore; staticData?: IDataObject; mode?: 'manual' | 'trigger' } = {}): Promise<Checked> {
	const store = extra.store ?? new CredentialStore({ bouwsoftApi: { clientNr: sim.clientNr, refreshToken: sim.refreshToken, authUrl: sim.authUrl } });
	const result = await runNode({
		node: new Bouwsoft(),
		parameters: { resource: 'connection', operation: 'check', ...(extra.parameters ?? {}) } as never,
		credentials: store,
		mode: extra.mode ?? 'manual',
		workflowStaticData: extra.staticData,
	});
	const items = (result.outputs[0] ?? []).map((i) => i.json as unknown as Item);
	return { result, items, byId: new Map(items.map((i) => [i.id, i])), store };
}

function expectReadOnly(sim: BouwsoftSimulator): void {
	expect(sim.requests.filter((r) => r.method !== 'GET')).toEqual([]);
	expect(sim.writeCount()).toBe(0);
}

function expectNoToken(checked: Checked, sim: BouwsoftSimulator): void {
	const accessToken = String(checked.store.get('bouwsoftApi').accessToken ?? '');
	const text = JSON.stringify({ items: checked.items, error: checked.result.error?.message, logs: checked.result.logs, run: checked.result.run.data.resultData.runData });
	expect(text).not.toContain(sim.refreshToken);
	if (accessToken) expect(text).not.toContain(accessToken);
}

describe('Bouwsoft node: Connection → Check', () => {
	let sim: BouwsoftSimulator;
	afterEach(async () => await sim?.close());

	async function start(options: BouwsoftSimulatorOptions = {}): Promise<BouwsoftSimulator> {
		sim = await startBouwsoftSimulator({ seed: { products: PRODUCTS }, latencyMs: 0, ...options });
		return sim;
	}

	it('the default simulator: every connection and capability item ok, counts as the store has them, read-only, no token', async () => {
		await start();
		const checked = await check(sim);
		const { result, items, byId } = checked;
		expect(result.error).toBeUndefined();
		expect(items.filter(isServerItem).filter((i) => i.status !== 'ok')).toEqual([]);
		for (const item of items) {
			expect(Object.keys(item).slice(0, 6)).toEqual(['check', 'status', 'found', 'meaning', 'fix', 'id']);
			expect(item.found.length * item.meaning.length).toBeGreaterThan(0);
			if (item.status !== 'ok') expect(item.fix.length).toBeGreaterThan(0);
		}
		for (const cap of ['sortByChange', 'idFilter', 'sortById', 'columns', 'distinct', 'productLists', 'listNotes']) {
			expect(byId.get(`bouwsoft.capability.${cap}`)?.status).toBe('ok');
		}
		expect(byId.get('bouwsoft.server')?.found).toMatch(/without a scheme.*https:\/\/127\.0\.0\.1:\d+\/api\/v1/);
		const store = sim.store;
		const counts = Object.fromEntries(items.filter((i) => i.id.startsWith('bouwsoft.count.')).map((i) => [i.id.slice('bouwsoft.count.'.length), i.count]));
		expect(counts).toEqual({
			employees: store.count('Employees'),
			hourTypes: store.count('Jobs'),
			warehouses: new Set(store.all('ProductStock').map((r) => r.stock_locationid).filter((id) => Number(id) > 0)).size,
			categories: store.count('ProductLists') + store.count('ProductGroups'),
			materials: PRODUCTS,
			relations: store.all('Addresses').filter((a) => Number(a.clientnr) > 0 && String(a.name ?? '').trim() !== '').length,
			projects: store.count('Projects'),
			assignments: store.count('Assignments'),
		});
		expect(byId.get('bouwsoft.count.projects')?.found).toContain(
			`keeps ${store.all('Projects').filter((p) => p.approved === true && p.completed === false).length}`,
		);
		expect(result.itemsWithoutPairedItem).toBe(0);
		// The output schema the editor shows before the node ran (nodes/Bouwsoft/__schema__) fits every item.
		const schema = JSON.parse(fs.readFileSync(SCHEMA, 'utf8')) as { properties: Record<string, { type: string }> };
		for (const item of items) for (const [key, value] of Object.entries(item)) expect({ key, type: typeof value }).toEqual({ key, type: schema.properties[key]?.type });
		expect(JSON.stringify(result.run.data.resultData.runData)).toMatch(/Bouwsoft Check Connection: 0 problems, \d+ warnings?/);
		expectReadOnly(sim);
		expectNoToken(checked, sim);
	});

	it('data quality: the counts are what the seed rule, the OutSmart address rule and the keyword rule give on the store', async () => {
		await start();
		const addresses = sim.store.all('Addresses');
		const clients = addresses.filter((a) => Number(a.clientnr) > 0);
		sim.store.update('Addresses', clients[0].id, { city: '' });
		sim.store.update('Addresses', clients[2].id, { zipcode: '', address: '' });
		sim.store.update('Addresses', clients[3].id, { name: '   ' });
		const assignments = sim.store.all('Assignments');
		sim.store.update('Assignments', assignments[0].id, { note_technician: '<p> </p>' });
		const { byId } = await check(sim, { parameters: { checkOptions: { keywords: 'OutSmart, spoed' } } });

		const now = sim.store.all('Addresses');
		const noClient = now.filter((a) => !(Number(a.clientnr) > 0));
		const noName = now.filter((a) => Number(a.clientnr) > 0 && String(a.name ?? '').trim() === '');
		const selected = now.filter((a) => Number(a.clientnr) > 0 && String(a.name ?? '').trim() !== '');
		const blank = (v: unknown) => String(v ?? '').trim() === '';
		const lacking = selected.filter((a) => blank(a.address) || blank(a.zipcode) || blank(a.city));
		expect(byId.get('bouwsoft.quality.relationSelection')).toMatchObject({
			status: 'warning',
			count: noClient.length + noName.length,
			found: expect.stringContaining(`${noClient.length} without a client number, ${noName.length} with a client number but no name (`),
		});
		expect(byId.get('bouwsoft.quality.relationSelection')?.found).toContain(`client ${String(clients[3].clientnr)}`);
		expect(byId.get('bouwsoft.quality.relationAddress')).toMatchObject({
			status: 'warning',
			count: lacking.length,
			found: expect.stringMatching(new RegExp(`^${lacking.length} of ${selected.length} relations lack one of them \\(street 1, postal code 1, city 1\\)`)),
			fix: expect.stringMatching(/Address Placeholder/),
		});
		const notes = sim.store.all('Assignments').map((a) => String(a.note_technician ?? '').replace(/<[^>]*>/g, '').trim());
		const keep = (note: string) => /outsmart|oútsmart|spoed/i.test(note.normalize('NFD').replace(/[\u0300-\u036f]/g, ''));
		expect(byId.get('bouwsoft.quality.technicianNotes')).toMatchObject({
			status: 'ok',
			count: notes.filter((n) => n === '').length,
			found: `${notes.filter((n) => n === '').length} of ${notes.length} assignments have an empty technician note; the keywords "OutSmart", "spoed" keep ${notes.filter(keep).length}`,
		});
	});

	it("the technician-note keyword defaults to the templates' Assignment Filter keyword", async () => {
		const options = new Bouwsoft().description.properties.find((p) => p.name === 'checkOptions')!;
		const keywordOption = (options.options as Array<{ name: string; default?: unknown }>).find((o) => o.name === 'keywords')!;
		const used = new Set<string>();
		for (const file of fs.readdirSync(TEMPLATES).filter((f) => f.endsWith('.json'))) {
			const workflow = JSON.parse(fs.readFileSync(path.join(TEMPLATES, file), 'utf8')) as { nodes: Array<{ type: string; parameters: IDataObject }> };
			for (const node of workflow.nodes) if (node.type.endsWith('.bouwsoftAssignmentFilter')) used.add(String(node.parameters.keywords));
		}
		expect([...used]).toEqual([keywordOption.default]);
	});

	describe('every real-server variant: the check names the quirk and what the sync uses instead', () => {
		for (const variant of realServerVariants()) {
			it(variant.name, async () => {
				await start(variant.options);
				const checked = await check(sim);
				expect(checked.result.error).toBeUndefined();
				const expected = QUIRK_REPORTS[variant.name] ?? [];
				for (const report of expected) {
					const item = checked.byId.get(report.id);
					expect({ variant: variant.name, item }).toEqual({ variant: variant.name, item: expect.objectContaining({ status: report.status, found: expect.stringMatching(report.found) }) });
				}
				// Nothing else is reported: every other connection item is ok (the data-quality ones depend on the seed only).
				const reported = new Set(expected.map((r) => r.id));
				expect(checked.items.filter(isServerItem).filter((i) => i.status !== 'ok' && !reported.has(i.id))).toEqual([]);
				expectReadOnly(sim);
				expectNoToken(checked, sim);
			});
		}
	});

	it('every quirk at once: each one reported, the sync still reads everything', async () => {
		await start(ALL_QUIRKS);
		const checked = await check(sim);
		expect(checked.result.error).toBeUndefined();
		for (const report of ALL_QUIRK_REPORTS) {
			const item = checked.byId.get(report.id);
			expect({ id: report.id, item }).toEqual({ id: report.id, item: expect.objectContaining({ status: report.status, found: expect.stringMatching(report.found) }) });
		}
		expect(checked.items.filter((i) => i.status === 'problem')).toEqual([]);
		expect(checked.byId.get('bouwsoft.count.materials')?.count).toBe(PRODUCTS);
		expect(checked.byId.get('bouwsoft.count.assignments')?.count).toBe(sim.store.count('Assignments'));
		expectReadOnly(sim);
		expectNoToken(checked, sim);
	});

	it('a refused refresh token is a problem item with the fix, nothing else is read, no thrown error', async () => {
		await start();
		const wrong = 'wrongRefreshTokenThatShouldNeverBeShown42';
		const store = new CredentialStore({ bouwsoftApi: { clientNr: sim.clientNr, refreshToken: wrong, authUrl: sim.authUrl } });
		const checked = await check(sim, { store });
		expect(checked.result.error).toBeUndefined();
		expect(checked.items).toEqual([
			expect.objectContaining({ id: 'bouwsoft.authentication', status: 'problem', found: expect.stringMatching(/did not accept Client Number/), fix: expect.stringMatching(/credential/) }),
		]);
		expect(sim.requests.filter((r) => r.server === 'data')).toEqual([]);
		expect(JSON.stringify(checked.items)).not.toContain(wrong);
		expect(JSON.stringify(checked.result.run.data.resultData.runData)).toMatch(/1 problem/);
	});

	it('token service fine, data server down: authentication ok, the server read a problem', async () => {
		await start();
		sim.faults.add({ target: 'data', status: 503 });
		const checked = await check(sim, { parameters: { checkOptions: { timeoutSeconds: 5 } } });
		expect(checked.result.error).toBeUndefined();
		expect(checked.items.map((i) => [i.id, i.status])).toEqual([
			['bouwsoft.authentication', 'ok'],
			['bouwsoft.server', 'ok'],
			['bouwsoft.read', 'problem'],
		]);
	}, 120_000);

	it('a read that fails is a problem item naming it (with Bouwsoft\'s fix); the other checks still run', async () => {
		await start({ missingResources: ['Jobs'] });
		const { result, byId, items } = await check(sim);
		expect(result.error).toBeUndefined();
		expect(byId.get('bouwsoft.read.jobs')).toMatchObject({ status: 'problem', check: 'Reading the number of hour types (Jobs)', found: expect.stringMatching(/HTTP 404/) });
		expect(byId.has('bouwsoft.count.hourTypes')).toBe(false);
		expect(byId.get('bouwsoft.count.materials')?.count).toBe(PRODUCTS);
		expect(items.filter((i) => i.status === 'problem').map((i) => i.id)).toEqual(['bouwsoft.read.jobs']);
	});

	it('a server name with http:// is a warning (unencrypted)', async () => {
		await start({ reference: 'lenient' });
		const { byId } = await check(sim);
		expect(byId.get('bouwsoft.server')).toMatchObject({ status: 'warning', found: expect.stringMatching(/with a scheme.*http:\/\//) });
		expect(byId.get('bouwsoft.filterSyntax')).toMatchObject({ status: 'ok', found: expect.stringMatching(/work in filters/) });
	});

	it('Extended Filter Syntax on while the server refuses it: a problem naming the option', async () => {
		await start();
		const { byId } = await check(sim, { parameters: { checkOptions: { extendedFilterSyntax: true } } });
		expect(byId.get('bouwsoft.filterSyntax')).toMatchObject({ status: 'problem', fix: expect.stringMatching(/Switch Extended Filter Syntax off/) });
	});

	it('a production run remembers what it learned per credential (node static data, as a poll does); every check probes afresh', async () => {
		await start({ missingResources: ['ProductLists'], listOmitFields: { Assignments: ['note_technician'] } });
		const staticData: IDataObject = {};
		const first = await check(sim, { staticData, mode: 'trigger' });
		expect(first.result.staticDataSaved).toBe(true);
		const memory = () => Object.values(((staticData['node:Bouwsoft'] as IDataObject | undefined)?.bouwsoftServer ?? {}) as Record<string, { capabilities: IDataObject }>);
		expect(memory()).toEqual([expect.objectContaining({ capabilities: expect.objectContaining({ productLists: false, listNotes: false }) })]);
		sim.quirks.missingResources = [];
		const second = await check(sim, { staticData, mode: 'trigger', store: first.store });
		expect(second.byId.get('bouwsoft.capability.productLists')?.status).toBe('ok');
		expect(memory()).toEqual([expect.objectContaining({ capabilities: expect.objectContaining({ productLists: true }) })]);
	});
});
