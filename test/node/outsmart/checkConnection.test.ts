/**
 * OutSmart node, Connection → Check: a read-only pre-flight against the OutSmart simulator. Every check is an item
 * `{ check, status, found, meaning, fix, id, count? }`; the run only reads (GETs, work orders with
 * update_status=false), reports a missing type of work / payment method and a bad token as a problem with the fix,
 * and no token appears anywhere.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { IDataObject } from 'n8n-workflow';

import { WRITE_KINDS } from '../../../nodes/OutSmart/schema';
import { startOutSmartSimulator } from '../../simulators/outsmart';
import type { OutSmartSimulator } from '../../simulators/outsmart';
import { OUTSMART_LOOKUPS } from '../../e2e/lib/checkConnection';
import { credentialsFor, everything, node, runOutSmart } from './helpers';

const TEMPLATES = path.join(__dirname, '..', '..', '..', 'workflows-templates');

/** A realistic account: OutSmart's documented default work types and payment methods. */
const LOOKUPS = OUTSMART_LOOKUPS;

type Item = { check: string; status: string; found: string; meaning: string; fix: string; id: string; count?: number };

async function check(sim: OutSmartSimulator, parameters: IDataObject = {}, credentials?: Record<string, IDataObject>) {
	const result = await runOutSmart(sim, { parameters: { resource: 'connection', operation: 'check', ...parameters }, items: [{}], credentials, mode: 'manual' });
	const items = (result.outputs[0] ?? []).map((i) => i.json as unknown as Item);
	return { result, items, byId: new Map(items.map((i) => [i.id, i])) };
}

/** Every request was a read: GETs only, no write endpoint, work orders never marked as handled. */
function expectReadOnly(sim: OutSmartSimulator): void {
	expect(sim.requests.length).toBeGreaterThan(0);
	expect(sim.requests.filter((r) => r.method !== 'GET' || ['DeleteEntity', 'UpdateWorkorder', 'PostWorkorders'].includes(r.endpoint))).toEqual([]);
	expect(sim.statusFlips).toBe(0);
	for (const counter of Object.values(sim.counters)) expect(counter.rowsWritten).toBe(0);
}

describe('OutSmart node: Connection → Check', () => {
	let sim: OutSmartSimulator;
	afterEach(async () => await sim?.close());

	it('a healthy account: every item ok, one per record kind with its count, read-only, no token anywhere', async () => {
		sim = await startOutSmartSimulator({ seed: { ...LOOKUPS, materials: [{ code: 'M1', description: 'Muurverf', price: '1', unit: 'st' }, { code: 'M2', description: 'Kwast', price: '2', unit: 'st' }] } });
		sim.addWorkorder({ WorkorderNo: 'W-77' });
		const { result, items, byId } = await check(sim);
		expect(result.error).toBeUndefined();
		expect(items.filter((i) => i.status !== 'ok')).toEqual([]);
		for (const item of items) {
			expect(Object.keys(item).slice(0, 6)).toEqual(['check', 'status', 'found', 'meaning', 'fix', 'id']);
			for (const field of ['check', 'found', 'meaning'] as const) expect(item[field].length).toBeGreaterThan(0);
		}
		expect(byId.get('outsmart.tokens')?.status).toBe('ok');
		for (const kind of Object.keys(WRITE_KINDS)) expect(byId.has(`outsmart.records.${kind}`)).toBe(true);
		expect(byId.get('outsmart.records.materials')?.count).toBe(2);
		expect(byId.get('outsmart.records.workorders')?.count).toBe(1);
		expect(byId.get('outsmart.records.relations')?.count).toBe(0);
		expect(byId.get('outsmart.typeOfWork.Project')?.status).toBe('ok');
		expect(byId.get('outsmart.typeOfWork.Service')?.status).toBe('ok');
		expect(byId.get('outsmart.paymentMethod.niet van toepassing')?.status).toBe('ok');
		expect(byId.get('outsmart.required.relations')?.meaning).toMatch(/Address Placeholder/);
		expect(byId.get('outsmart.required.relations')?.found).toMatch(/street, postal_code, city/);
		expect(result.itemsWithoutPairedItem).toBe(0);
		const hints = JSON.stringify(result.run.data.resultData.runData);
		expect(hints).toMatch(/OutSmart Check Connection: 0 problems, 0 warnings/);
		expectReadOnly(sim);
		const work = sim.requests.find((r) => r.endpoint === 'GetWorkorders');
		expect(work?.query.update_status).toBe('false');
		const text = everything(result);
		expect(text).not.toContain(sim.token);
		expect(text).not.toContain(sim.softwareToken);
	});

	it('checks the type-of-work and payment-method values the templates use (the defaults of the check)', async () => {
		const defaults = Object.fromEntries(
			node.description.properties.filter((p) => ['typesOfWork', 'paymentMethods'].includes(p.name)).map((p) => [p.name, String(p.default).split(',').map((v) => v.trim())]),
		);
		const used = { typesOfWork: new Set<string>(), paymentMethods: new Set<string>() };
		for (const file of fs.readdirSync(TEMPLATES).filter((f) => f.endsWith('.json'))) {
			const workflow = JSON.parse(fs.readFileSync(path.join(TEMPLATES, file), 'utf8')) as { nodes: Array<{ parameters: IDataObject }> };
			for (const { parameters } of workflow.nodes) {
				if (typeof parameters.typeOfWork === 'string') used.typesOfWork.add(parameters.typeOfWork);
				if (typeof parameters.paymentMethod === 'string') used.paymentMethods.add(parameters.paymentMethod);
			}
		}
		expect(used.typesOfWork.size).toBeGreaterThan(0);
		expect([...used.typesOfWork].sort()).toEqual([...defaults.typesOfWork].sort());
		expect([...used.paymentMethods].sort()).toEqual([...defaults.paymentMethods].sort());
	});

	it('a missing type of work and payment method are problems naming the value and what exists; other spellings and inactive ones are warnings', async () => {
		sim = await startOutSmartSimulator({
			seed: {
				worktypes: [
					{ wrt_name: 'Installatie', wrt_description: 'x', wrt_default_minutes: '60', wrt_active: '1' },
					{ wrt_name: 'project', wrt_description: 'x', wrt_default_minutes: '60', wrt_active: '1' },
					{ wrt_name: 'Onderhoud', wrt_description: 'x', wrt_default_minutes: '60', wrt_active: '0' },
				],
				paymentmethods: [{ pmd_description: 'op rekening' }],
			},
		});
		const { items, byId } = await check(sim, { typesOfWork: 'Project, Service, Onderhoud', paymentMethods: 'niet van toepassing' });
		const service = byId.get('outsmart.typeOfWork.Service')!;
		expect(service.status).toBe('problem');
		expect(service.found).toMatch(/"Service" is not among .*"Installatie"/);
		expect(service.fix).toMatch(/Create type of work "Service" in OutSmart, or set Type of Work/);
		expect(byId.get('outsmart.typeOfWork.Project')).toMatchObject({ status: 'warning', found: 'OutSmart spells it "project"' });
		expect(byId.get('outsmart.typeOfWork.Onderhoud')).toMatchObject({ status: 'warning', found: expect.stringMatching(/not active/) });
		const payment = byId.get('outsmart.paymentMethod.niet van toepassing')!;
		expect(payment.status).toBe('problem');
		expect(payment.found).toMatch(/"op rekening"/);
		expect(items.filter((i) => i.status === 'problem').map((i) => i.id).sort()).toEqual(['outsmart.paymentMethod.niet van toepassing', 'outsmart.typeOfWork.Service']);
		expectReadOnly(sim);
	});

	it('an account that lists no work types or payment methods: "unknown – check in OutSmart", not ok', async () => {
		sim = await startOutSmartSimulator();
		const { byId } = await check(sim);
		for (const id of ['outsmart.typeOfWork.Project', 'outsmart.typeOfWork.Service', 'outsmart.paymentMethod.niet van toepassing']) {
			expect(byId.get(id)).toMatchObject({ status: 'warning', meaning: expect.stringMatching(/^unknown – check in OutSmart/) });
		}
	});

	it('a bad token or software token: one problem item with the fix, nothing else checked, no thrown error, no token', async () => {
		sim = await startOutSmartSimulator({ seed: LOOKUPS });
		for (const [credential, fix] of [
			[{ ...credentialsFor(sim).outSmartApi, token: 'wrong-token-123456' }, /Copy the customer token again/],
			[{ ...credentialsFor(sim).outSmartApi, softwareToken: 'wrong-software-123456' }, /Software Token/],
		] as const) {
			sim.resetRequests();
			const { result, items } = await check(sim, {}, { outSmartApi: credential });
			expect(result.error).toBeUndefined();
			expect(items).toEqual([expect.objectContaining({ id: 'outsmart.tokens', status: 'problem', fix: expect.stringMatching(fix) })]);
			expect(sim.requests.length).toBe(1);
			const text = everything(result);
			for (const secret of [credential.token, credential.softwareToken]) expect(text).not.toContain(secret);
		}
	});

	it('OutSmart unreachable: a problem item saying so', async () => {
		sim = await startOutSmartSimulator();
		sim.setDown(true);
		const { result, items } = await check(sim);
		expect(result.error).toBeUndefined();
		expect(items).toEqual([expect.objectContaining({ id: 'outsmart.tokens', status: 'problem', found: expect.stringMatching(/Could not reach OutSmart/) })]);
	});

	it('an endpoint the account lacks is a problem naming the template that needs it', async () => {
		sim = await startOutSmartSimulator({ seed: LOOKUPS });
		sim.faults.add({ endpoint: 'warehouses', code: 1001 });
		const { byId } = await check(sim);
		expect(byId.get('outsmart.records.warehouses')).toMatchObject({ status: 'problem', meaning: expect.stringMatching(/Warehouses template/) });
		expect(byId.get('outsmart.records.materials')?.status).toBe('ok');
	});

	it('unknownFields "reject" does not matter: nothing is written', async () => {
		sim = await startOutSmartSimulator({ unknownFields: 'reject', seed: LOOKUPS });
		const { items } = await check(sim);
		expect(items.filter((i) => i.status !== 'ok')).toEqual([]);
		expectReadOnly(sim);
	});
});
