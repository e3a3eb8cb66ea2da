import type { IDataObject } from 'n8n-workflow';

import { Bouwsoft } from '../../../nodes/Bouwsoft/Bouwsoft.node';
import { CredentialStore, runLoadOptions, runNode } from '../../harness';
import { startBouwsoftSimulator } from '../../simulators/bouwsoft';
import type { BouwsoftSimulator } from '../../simulators/bouwsoft';

describe('Bouwsoft node — Get Many', () => {
	let sim: BouwsoftSimulator;
	let store: CredentialStore;
	beforeEach(async () => {
		sim = await startBouwsoftSimulator();
		store = new CredentialStore({ bouwsoftApi: { clientNr: sim.clientNr, refreshToken: sim.refreshToken, authUrl: sim.authUrl } });
	});
	afterEach(async () => await sim.close());

	const run = async (parameters: IDataObject) => {
		const result = await runNode({ node: new Bouwsoft(), parameters: parameters as never, credentials: store, inputItems: [{ json: {} }] });
		if (result.error) throw result.error;
		expect(result.itemsWithoutPairedItem).toBe(0);
		return result.outputs[0].map((i) => i.json);
	};

	it('reads all records of a category with the trigger’s item shape', async () => {
		const items = await run({ resource: 'relations', operation: 'getMany', scope: 'all', includeContacts: true });
		const eligible = sim.store.all('Addresses').filter((a) => Number(a.clientnr) > 0 && String(a.name).trim() !== '');
		expect(items.map((i) => i.id).sort()).toEqual(eligible.map((a) => a.id).sort());
		expect(items.every((i) => (i._sync as IDataObject).reason === 'full' && Array.isArray(i.contacts))).toBe(true);
	});

	it('reads only records changed since a date, and honours a limit', async () => {
		const items = await run({ resource: 'employees', operation: 'getMany', scope: 'changedSince', changedSince: '2025-03-01T00:00:00' });
		const expected = sim.store.all('Employees').filter((e) => String(e.ts_lastupdate) > '2025-03-01 00:00:00');
		expect(items.map((i) => i.id).sort()).toEqual(expected.map((e) => e.id).sort());
		const limited = await run({ resource: 'materials', operation: 'getMany', returnAll: false, limit: 5 });
		expect(limited).toHaveLength(5);
	});

	it('changed since: a relation whose contact changed counts as changed, with all its contacts', async () => {
		sim.clock.set(new Date('2030-01-01T10:00:00Z'));
		const relation = sim.store.all('Addresses').find((a) => Number(a.clientnr) > 0 && String(a.name).trim() !== '' && sim.store.all('AddressContacts').some((c) => c.address_id === a.id))!;
		const contact = sim.store.all('AddressContacts').find((c) => c.address_id === relation.id)!;
		sim.store.update('AddressContacts', contact.id as number, { contact_email: 'nieuw@voorbeeld.be' });
		const items = await run({ resource: 'relations', operation: 'getMany', scope: 'changedSince', changedSince: '2030-01-01T00:00:00Z', includeContacts: true });
		expect(items.map((i) => i.id)).toEqual([relation.id]);
		expect(JSON.stringify(items[0].contacts)).toContain('nieuw@voorbeeld.be');
		expect(((items[0]._sync as IDataObject).summary as IDataObject).resent).toBe(1);
		// without contacts, the contact change is no change of the relation
		const plain = await run({ resource: 'relations', operation: 'getMany', scope: 'changedSince', changedSince: '2030-01-01T00:00:00Z' });
		expect(plain).toEqual([]);
	});

	it('loads product lists and groups for the multi-selects', async () => {
		const lists = await runLoadOptions({ node: new Bouwsoft(), method: 'getProductLists', credentials: store });
		expect(lists.error).toBeUndefined();
		expect(lists.result!.map((o) => o.value).sort()).toEqual([...new Set(sim.store.all('ProductLists').map((l) => String(l.name)))].sort());
		const groups = await runLoadOptions({ node: new Bouwsoft(), method: 'getProductGroups', credentials: store });
		expect(groups.result!.map((o) => o.value)).toContain(`G:${sim.store.all('ProductGroups')[0].list_name}/${sim.store.all('ProductGroups')[0].name}`);
	});
});
