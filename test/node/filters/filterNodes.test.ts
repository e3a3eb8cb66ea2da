/**
 * The two filter nodes run in real n8n-core (test/harness): on items from the real Bouwsoft Trigger
 * against the simulator's seed, and on plain JSON items from any source.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { BouwsoftAssignmentFilter } from '../../../nodes/Bouwsoft/BouwsoftAssignmentFilter.node';
import { BouwsoftProjectFilter } from '../../../nodes/Bouwsoft/BouwsoftProjectFilter.node';
import { BouwsoftTrigger } from '../../../nodes/Bouwsoft/BouwsoftTrigger.node';
import { chain, CredentialStore, runNode, runWorkflow } from '../../harness';
import { startBouwsoftSimulator, type BouwsoftSimulator } from '../../simulators/bouwsoft';

const PKG = 'n8n-nodes-bouwsoft-outsmart';
const json = (items: INodeExecutionData[] | undefined): IDataObject[] => (items ?? []).map((i) => i.json);
const filterInfo = (item: IDataObject) => item._filter as { rule: string; reason: string; missing?: string[] };

describe('filter nodes on Bouwsoft Trigger items', () => {
	let sim: BouwsoftSimulator;
	let store: CredentialStore;

	beforeAll(async () => {
		sim = await startBouwsoftSimulator({ seed: { projects: 40, assignments: 48 } });
		store = new CredentialStore({ bouwsoftApi: { clientNr: sim.clientNr, refreshToken: sim.refreshToken, authUrl: sim.authUrl } });
	});
	afterAll(async () => sim?.close());

	async function triggerThen(category: string, filterType: string, filterNode: object, parameters: INodeParameters) {
		const r = await runWorkflow({
			nodes: [
				{ name: 'Bouwsoft Trigger', type: `${PKG}.bouwsoftTrigger`, parameters: { category } },
				{ name: 'Filter', type: `${PKG}.${filterType}`, parameters },
			],
			connections: chain('Bouwsoft Trigger', 'Filter'),
			nodeTypes: { [`${PKG}.bouwsoftTrigger`]: new BouwsoftTrigger(), [`${PKG}.${filterType}`]: filterNode as never },
			credentials: store,
			mode: 'manual',
		});
		expect(r.error).toBeUndefined();
		expect(r.itemsWithoutPairedItem.Filter ?? 0).toBe(0);
		const emitted = json(r.outputs['Bouwsoft Trigger'][0]);
		const [kept, discarded] = r.outputs.Filter;
		return { emitted, kept: json(kept), discarded: json(discarded), keptItems: kept ?? [] };
	}

	test('Project Filter default keeps exactly the approved, not completed projects', async () => {
		const { emitted, kept, discarded } = await triggerThen('projects', 'bouwsoftProjectFilter', new BouwsoftProjectFilter(), {});
		expect(emitted.length).toBe(40);
		// seed: project state by index % 5 — 0 offer, 1 approved, 2 rejected, 3 completed, 4 approved + completed
		expect(kept.map((p) => p.id)).toEqual(emitted.filter((p) => (Number(p.id) - 1) % 5 === 1).map((p) => p.id));
		expect(kept.length + discarded.length).toBe(emitted.length);
		for (const project of discarded) {
			expect(filterInfo(project).rule).toBe('default');
			expect(filterInfo(project).reason).toMatch(project.approved ? /is completed/ : /is not approved/);
		}
		// kept items pass through unchanged: Bouwsoft fields, client, _sync
		expect(kept[0]).toEqual(emitted.find((p) => p.id === kept[0].id));
		expect(kept[0]).toHaveProperty('_sync');
		expect(kept[0]).not.toHaveProperty('_filter');
	});

	test('Project Filter with All Projects and OR rules on status and the client', async () => {
		const { emitted, kept, discarded } = await triggerThen('projects', 'bouwsoftProjectFilter', new BouwsoftProjectFilter(), {
			allProjects: true,
			combinator: 'or',
			rules: {
				rule: [
					{ field: 'status', condition: 'equal', value: 'offer' },
					{ field: '__custom', customField: 'client.clientnr', condition: 'has', value: '' },
				],
			},
		});
		// offers (index % 5 === 0) or a project with a client (every 11th has none)
		const expected = emitted.filter((p) => (Number(p.id) - 1) % 5 === 0 || (Number(p.id) - 1) % 11 !== 10);
		expect(kept.map((p) => p.id)).toEqual(expected.map((p) => p.id));
		expect(discarded.length).toBeGreaterThan(0);
		for (const project of discarded) {
			expect(filterInfo(project).rule).toBe('#1 or #2');
			expect(filterInfo(project).reason).toContain('client.clientnr is missing');
		}
	});

	test('Assignment Filter keeps the notes with the keyword in any case or accent', async () => {
		const { emitted, kept, discarded } = await triggerThen('assignments', 'bouwsoftAssignmentFilter', new BouwsoftAssignmentFilter(), {
			orderFilter: 'keywords',
			keywords: 'OutSmart',
			match: 'any',
		});
		expect(emitted.length).toBeGreaterThan(20);
		// seed: the keyword (OutSmart / outsmart / OUTSMART / oútsmart) is in the note at index % 8 in {0, 1, 3, 5, 6}
		const withKeyword = (a: IDataObject) => [0, 1, 3, 5, 6].includes((Number(a.id) - 1) % 8);
		expect(kept.map((a) => a.id)).toEqual(emitted.filter(withKeyword).map((a) => a.id));
		expect(discarded.map((a) => a.id)).toEqual(emitted.filter((a) => !withKeyword(a)).map((a) => a.id));
		for (const assignment of discarded) {
			expect(filterInfo(assignment)).toMatchObject({ rule: 'keywords', missing: ['OutSmart'] });
			expect(filterInfo(assignment).reason).toMatch(/"OutSmart"/);
		}
	});

	test('Assignment Filter with No Filter keeps every assignment', async () => {
		const { emitted, kept, discarded } = await triggerThen('assignments', 'bouwsoftAssignmentFilter', new BouwsoftAssignmentFilter(), {
			orderFilter: 'none',
		});
		expect(kept.map((a) => a.id)).toEqual(emitted.map((a) => a.id));
		expect(discarded).toEqual([]);
	});
});

describe('filter nodes on plain JSON', () => {
	const projects: IDataObject[] = [
		{ pnr: 20240001, name: 'Keuken Janssens', city: 'Gent', approved: true, completed: false, date_approved: '2024-03-01' },
		{ pnr: 20240002, name: 'Dak Peeters', city: 'GENT', approved: 'true', completed: 'false', date_approved: '2024-06-15' },
		{ pnr: 20240003, name: 'Badkamer Maes', city: 'Liège', approved: true, completed: true, date_approved: '2024-01-10' },
		{ pnr: '20240004', name: 'Offerte Claes', city: 'Brugge', approved: false, completed: false },
	];
	const input = (records: IDataObject[]): INodeExecutionData[] => records.map((j) => ({ json: j }));

	async function projectFilter(parameters: INodeParameters, records = projects, continueOnFail = false) {
		const r = await runNode({ node: new BouwsoftProjectFilter(), parameters, inputItems: input(records), continueOnFail });
		return r;
	}

	test('AND of a text and a date rule, case- and accent-insensitive, on items without _sync', async () => {
		const r = await projectFilter({
			allProjects: true,
			rules: {
				rule: [
					{ field: 'city', condition: 'equal', value: 'gent' },
					{ field: 'date_approved', condition: 'moreThan', value: '01-05-2024' },
				],
			},
		});
		expect(r.error).toBeUndefined();
		expect(r.itemsWithoutPairedItem).toBe(0);
		expect(json(r.outputs[0]).map((p) => p.pnr)).toEqual([20240002]);
		expect(json(r.outputs[1]).map((p) => [p.pnr, filterInfo(p).rule])).toEqual([
			[20240001, '#2'],
			[20240003, '#1'],
			['20240004', '#1'],
		]);
		expect(filterInfo(json(r.outputs[1])[0]).reason).toBe(
			'Rule #2 (date_approved More Than "01-05-2024") does not match: date_approved is "2024-03-01".',
		);
		// pairedItem points at the input item
		expect(r.outputs[1].map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 2 }, { item: 3 }]);
	});

	test('rule values can be expressions evaluated per item', async () => {
		const r = await projectFilter({
			allProjects: true,
			rules: { rule: [{ field: 'pnr', condition: 'lessThan', value: '={{ $json.pnr === 20240001 ? 20240002 : 0 }}' }] },
		});
		expect(r.error).toBeUndefined();
		expect(json(r.outputs[0]).map((p) => p.pnr)).toEqual([20240001]);
	});

	test('an invalid rule stops the node with an error naming the rule and the fix', async () => {
		const r = await projectFilter({ rules: { rule: [{ field: 'zipcode', condition: 'moreThan', value: '9000' }] } });
		expect(r.outputs).toEqual([]);
		expect(r.error?.name).toBe('NodeOperationError');
		expect((r.error as { context?: unknown }).context).toEqual({ itemIndex: 0 });
		expect(r.error?.message).toContain('Rule #1 (zipcode More Than "9000")');
		expect(r.error?.message).toContain('text field');
		expect((r.error as { description?: string }).description).toContain('number field');
	});

	test('an unknown custom field is an error; with Continue On Fail every item goes to Discarded', async () => {
		const parameters = { rules: { rule: [{ field: '__custom', customField: 'projektnummer', condition: 'equal', value: '1' }] } };
		const failed = await projectFilter(parameters);
		expect(failed.error?.message).toContain('"projektnummer" is not a Bouwsoft project field');
		const r = await projectFilter(parameters, projects, true);
		expect(r.error).toBeUndefined();
		expect(r.outputs[0]).toEqual([]);
		expect(json(r.outputs[1]).map((p) => filterInfo(p).rule)).toEqual(['error', 'error', 'error', 'error']);
		expect(r.itemsWithoutPairedItem).toBe(0);
	});

	test('Assignment Filter: all keywords, HTML note, reason names the missing keyword', async () => {
		const notes = [
			{ nr: 1, note_technician: '<p>Dringend: <b>lekkage</b> dak</p><p>Via OutSmart</p>' },
			{ nr: 2, note_technician: 'Lekkage in de kelder' },
			{ nr: 3 },
		];
		const r = await runNode({
			node: new BouwsoftAssignmentFilter(),
			parameters: { orderFilter: 'keywords', keywords: 'outsmart, LEKKAGE', match: 'all' },
			inputItems: input(notes),
		});
		expect(r.error).toBeUndefined();
		expect(r.itemsWithoutPairedItem).toBe(0);
		expect(json(r.outputs[0]).map((a) => a.nr)).toEqual([1]);
		const discarded = json(r.outputs[1]);
		expect(discarded.map((a) => [a.nr, filterInfo(a).missing])).toEqual([
			[2, ['outsmart']],
			[3, ['outsmart', 'LEKKAGE']],
		]);
		expect(filterInfo(discarded[0]).reason).toContain('does not contain "outsmart"');
	});

	test('Assignment Filter without keywords is an error', async () => {
		const r = await runNode({
			node: new BouwsoftAssignmentFilter(),
			parameters: { orderFilter: 'keywords', keywords: ' , ', match: 'any' },
			inputItems: input([{ nr: 1, note_technician: 'x' }]),
		});
		expect(r.error?.message).toContain('add at least one keyword');
	});
});
