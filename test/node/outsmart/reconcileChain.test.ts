/**
 * Reconcile in a real chain, in real n8n-core: Manual Trigger → Bouwsoft Get Many (All) → [Project Filter] →
 * OutSmart Reconcile, against both simulators. A project completed in Bouwsoft and a relation that lost its
 * client number stop being selected; Reconcile deactivates them in OutSmart, learns across runs, and refuses
 * the trigger's partial items.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { Bouwsoft } from '../../../nodes/Bouwsoft/Bouwsoft.node';
import { BouwsoftProjectFilter } from '../../../nodes/Bouwsoft/BouwsoftProjectFilter.node';
import { OutSmart } from '../../../nodes/OutSmart/OutSmart.node';
import { chain, CredentialStore, MANUAL_TRIGGER_TYPE, runWorkflow } from '../../harness';
import { startBouwsoftSimulator, type BouwsoftSimulator } from '../../simulators/bouwsoft';
import { startOutSmartSimulator, type OutSmartSimulator } from '../../simulators/outsmart';

const PKG = 'n8n-nodes-bouwsoft-outsmart';
const json = (items: INodeExecutionData[] | undefined): IDataObject[] => (items ?? []).map((i) => i.json);

describe('Reconcile in a chain: Get Many → filter → Reconcile', () => {
	let bouwsoft: BouwsoftSimulator;
	let outsmart: OutSmartSimulator;
	let store: CredentialStore;

	beforeAll(async () => {
		bouwsoft = await startBouwsoftSimulator({ seed: { projects: 12, addresses: 16 } });
		outsmart = await startOutSmartSimulator();
		store = new CredentialStore({ bouwsoftApi: { clientNr: bouwsoft.clientNr, refreshToken: bouwsoft.refreshToken, authUrl: bouwsoft.authUrl } });
		store.set('outSmartApi', { baseUrl: outsmart.baseUrl, token: outsmart.token, softwareToken: outsmart.softwareToken });
	});
	afterAll(async () => {
		await bouwsoft?.close();
		await outsmart?.close();
	});

	async function run(resource: string, reconcileParameters: IDataObject, staticData: IDataObject, withFilter = false) {
		const read = { name: 'Read', type: `${PKG}.bouwsoft`, parameters: { resource, operation: 'getMany', scope: 'all', returnAll: true, ...(resource === 'projects' ? { includeActivities: false, onlyApprovedOpen: false } : {}) } };
		const filter = { name: 'Filter', type: `${PKG}.bouwsoftProjectFilter`, parameters: { allProjects: false } };
		const reconcile = {
			name: 'Reconcile',
			type: `${PKG}.outSmart`,
			parameters: { operation: 'reconcile', options: { maxAttempts: 2, timeoutSeconds: 5 }, ...reconcileParameters },
			onError: 'continueRegularOutput' as const,
		};
		return await runWorkflow({
			nodes: [{ name: 'Start', type: MANUAL_TRIGGER_TYPE, parameters: {} }, read, ...(withFilter ? [filter] : []), reconcile],
			connections: withFilter ? chain('Start', 'Read', 'Filter', 'Reconcile') : chain('Start', 'Read', 'Reconcile'),
			nodeTypes: { [`${PKG}.bouwsoft`]: new Bouwsoft(), [`${PKG}.bouwsoftProjectFilter`]: new BouwsoftProjectFilter(), [`${PKG}.outSmart`]: new OutSmart() },
			credentials: store,
			mode: 'trigger',
			workflowStaticData: staticData,
		});
	}

	it('a project completed in Bouwsoft leaves the filter and is deactivated in OutSmart; its order stays (a technician may have it)', async () => {
		const staticData: IDataObject = {};
		const first = await run('projects', { resource: 'project', removedAction: 'deactivate', createWorkOrder: true, includeActivities: false }, staticData, true);
		expect(first.error).toBeUndefined();
		const kept = json(first.outputs.Filter[0]);
		expect(kept.length).toBeGreaterThan(2);
		const created = json(first.outputs.Reconcile[0]).filter((item) => item.kind === 'project' && item.action === 'create');
		expect(created.length).toBe(kept.length);

		const target = kept[0];
		bouwsoft.store.update('Projects', Number(target.id), { completed: true, date_completed: '2026-12-01' });
		const second = await run('projects', { resource: 'project', removedAction: 'deactivate', createWorkOrder: true, includeActivities: false, options: { brakePercent: 100, maxAttempts: 2 } }, staticData, true);
		expect(second.error).toBeUndefined();
		const out = json(second.outputs.Reconcile[0]);
		expect(out.find((item) => item.key === String(target.pnr))).toMatchObject({ action: 'deactivate', status: 'done' });
		expect(out.find((item) => item.key === `P-${String(target.pnr)}`)).toMatchObject({ action: 'report' });
		expect(outsmart.store.get('projects', String(target.pnr))).toMatchObject({ active: '0' });
		expect(outsmart.store.workordersByNo(`P-${String(target.pnr)}`)).toHaveLength(1);
		// Every other project is untouched and still active.
		for (const project of kept.slice(1)) expect(outsmart.store.get('projects', String(project.pnr))?.active).not.toBe('0');
	});

	it('a relation that lost its client number is deactivated after the ledger learned it; a relation made in OutSmart never', async () => {
		const staticData: IDataObject = {};
		outsmart.store.seed('relations', [{ debtor_number: 'OS-1', name: 'Made in OutSmart', street: 'x', postal_code: '1', city: 'y' }]);
		const first = await run('relations', { resource: 'relation', removedAction: 'deactivate', includeContactPersons: false }, staticData);
		expect(first.error).toBeUndefined();
		const read = json(first.outputs.Read[0]);
		const written = read.filter((item) => outsmart.store.has('relations', String(item.clientnr)));
		expect(written.length).toBeGreaterThan(2);
		const ledger = (staticData['node:Reconcile'] as IDataObject).reconcileLedger as { keys: { relations: string } };
		expect(ledger.keys.relations.split('\n')).toEqual(expect.arrayContaining(written.map((item) => String(item.clientnr))));
		expect(ledger.keys.relations.split('\n')).not.toContain('OS-1');

		const lost = written[0];
		bouwsoft.store.update('Addresses', Number(lost.id), { clientnr: 0 });
		const second = await run('relations', { resource: 'relation', removedAction: 'deactivate', includeContactPersons: false, options: { brakePercent: 100, maxAttempts: 2 } }, staticData);
		expect(second.error).toBeUndefined();
		expect(json(second.outputs.Reconcile[0]).filter((item) => item.action === 'deactivate').map((item) => item.key)).toEqual([String(lost.clientnr)]);
		expect(outsmart.store.get('relations', String(lost.clientnr))).toMatchObject({ active: '0' });
		expect(outsmart.store.get('relations', 'OS-1')).toMatchObject({ name: 'Made in OutSmart' });
		expect(outsmart.store.get('relations', 'OS-1')?.active).not.toBe('0');
	});

	it('refuses Changed Since items: nothing read from OutSmart, nothing changed', async () => {
		outsmart.resetRequests();
		const r = await runWorkflow({
			nodes: [
				{ name: 'Start', type: MANUAL_TRIGGER_TYPE, parameters: {} },
				{ name: 'Read', type: `${PKG}.bouwsoft`, parameters: { resource: 'employees', operation: 'getMany', scope: 'changedSince', changedSince: '2000-01-01T00:00:00', returnAll: true } },
				{ name: 'Reconcile', type: `${PKG}.outSmart`, parameters: { resource: 'employee', operation: 'reconcile', removedAction: 'delete', options: { ownership: 'all', brakePercent: 100 } } },
			],
			connections: chain('Start', 'Read', 'Reconcile'),
			nodeTypes: { [`${PKG}.bouwsoft`]: new Bouwsoft(), [`${PKG}.outSmart`]: new OutSmart() },
			credentials: store,
			mode: 'manual',
		});
		expect(json(r.outputs.Read[0]).length).toBeGreaterThan(0);
		expect(r.nodeErrors.Reconcile?.message).toMatch(/is a change \(from the Bouwsoft Trigger or Changed Since\)/);
		expect(outsmart.requests).toEqual([]);
	});
});
