import type { IDataObject } from 'n8n-workflow';

import { ids, jsonOf, syncOf, triggerEnv } from './helpers';
import type { TriggerEnv } from './helpers';

/** Edits of linked records (contacts, cost items) re-send their parent, once, with the same cursor guarantees. */
describe('Bouwsoft Trigger — linked records re-send their parent', () => {
	let env: TriggerEnv;
	beforeEach(async () => {
		env = await triggerEnv();
		env.sim.clock.set(new Date('2025-03-31T09:00:00Z'));
	});
	afterEach(async () => await env.close());

	const relations = { category: 'relations', includeContacts: true };
	const eligible = () => env.sim.store.all('Addresses').filter((a) => Number(a.clientnr) > 0 && String(a.name).trim() !== '');
	const contactsOf = (addressId: unknown) => env.sim.store.all('AddressContacts').filter((c) => c.address_id === addressId);
	const relationWithContacts = () => eligible().find((a) => contactsOf(a.id).length >= 2)!;

	it('an edited contact re-sends its relation once, with all its current contacts', async () => {
		jsonOf(await env.poll(relations));
		const relation = relationWithContacts();
		const contact = contactsOf(relation.id)[0];
		env.sim.clock.advanceSeconds(30);
		env.sim.store.update('AddressContacts', contact.id, { contact_email: 'nieuw@voorbeeld.be' });
		const next = jsonOf(await env.poll(relations));
		expect(ids(next)).toEqual([String(relation.id)]);
		expect(syncOf(next[0]).reason).toBe('changed');
		const contacts = next[0].contacts as IDataObject[];
		expect(contacts.map((c) => c.id).sort()).toEqual(contactsOf(relation.id).map((c) => c.id).sort());
		expect(contacts.find((c) => c.id === contact.id)?.contact_email).toBe('nieuw@voorbeeld.be');
		expect(syncOf(next[0]).summary).toMatchObject({ resent: 1, linkedChanges: { AddressContacts: 1 } });
		expect((await env.poll(relations)).output).toBeNull();
	});

	it('a new contact re-sends its relation; relation + several contacts edited together: one item', async () => {
		jsonOf(await env.poll(relations));
		const relation = relationWithContacts();
		env.sim.clock.advanceSeconds(10);
		const added = env.sim.store.insert('AddressContacts', { address_id: relation.id, contact_name: 'Nieuwe Collega' });
		const first = jsonOf(await env.poll(relations));
		expect(ids(first)).toEqual([String(relation.id)]);
		expect((first[0].contacts as IDataObject[]).map((c) => c.id)).toContain(added.id);

		env.sim.clock.advanceSeconds(10);
		env.sim.store.update('Addresses', relation.id, { city: 'Kortrijk' });
		for (const contact of contactsOf(relation.id)) env.sim.store.update('AddressContacts', contact.id, { contact_function: 'Zaakvoerder' });
		const together = jsonOf(await env.poll(relations));
		expect(ids(together)).toEqual([String(relation.id)]);
		expect(together[0].city).toBe('Kortrijk');
		expect((together[0].contacts as IDataObject[]).every((c) => c.contact_function === 'Zaakvoerder')).toBe(true);
		expect((await env.poll(relations)).output).toBeNull();
	});

	it('ties: contact edits in the second of the previous poll are delivered once, nothing repeated', async () => {
		jsonOf(await env.poll(relations));
		env.sim.clock.advanceSeconds(60); // frozen: every edit below shares one second
		const [a, b] = eligible().filter((r) => contactsOf(r.id).length > 0);
		env.sim.store.update('AddressContacts', contactsOf(a.id)[0].id, { contact_gsm: '0470 11 22 33' });
		expect(ids(jsonOf(await env.poll(relations)))).toEqual([String(a.id)]);
		env.sim.store.update('AddressContacts', contactsOf(b.id)[0].id, { contact_gsm: '0470 44 55 66' }); // same second
		expect(ids(jsonOf(await env.poll(relations)))).toEqual([String(b.id)]);
		expect((await env.poll(relations)).output).toBeNull();
		const state = env.staticData[Object.keys(env.staticData).find((k) => k.startsWith('node:'))!] as IDataObject;
		const linked = (state.bouwsoft as IDataObject).linked as Record<string, { cursor: { raw: string } }>;
		expect(linked.AddressContacts.cursor.raw).toBe(String(env.sim.store.get('AddressContacts', contactsOf(b.id)[0].id)!.ts_lastupdate));
	});

	it('a contact of a supplier or prospect never brings it in; it is counted with the reason', async () => {
		jsonOf(await env.poll(relations));
		const ineligible = env.sim.store.all('Addresses').find((a) => Number(a.clientnr) <= 0 && contactsOf(a.id).length > 0);
		const target = ineligible ?? env.sim.store.all('Addresses').find((a) => Number(a.clientnr) <= 0)!;
		env.sim.clock.advanceSeconds(10);
		env.sim.store.insert('AddressContacts', { address_id: target.id, contact_name: 'Leverancier Contact' });
		const other = relationWithContacts();
		env.sim.store.update('AddressContacts', contactsOf(other.id)[0].id, { contact_note: 'x' });
		const result = jsonOf(await env.poll(relations));
		expect(ids(result)).toEqual([String(other.id)]);
		const skipped = syncOf(result[0]).summary!.skipped as Record<string, number>;
		expect(Object.keys(skipped).some((k) => k.startsWith('AddressContacts changed, parent not selected: no client number'))).toBe(true);
	});

	it('a failed poll leaves the contact cursor alone; the next poll delivers the relation', async () => {
		jsonOf(await env.poll(relations));
		const before = JSON.stringify(env.staticData);
		const relation = relationWithContacts();
		env.sim.clock.advanceSeconds(10);
		env.sim.store.update('AddressContacts', contactsOf(relation.id)[0].id, { contact_city: 'Oostende' });
		// The contact changes are read, then fetching the relation fails.
		env.sim.faults.add({ resource: 'Addresses', status: 400, times: 1 });
		const failed = await env.poll(relations);
		expect((failed.error as unknown as { httpCode: string }).httpCode).toBe('400');
		expect(env.sim.requests.some((r) => r.resource === 'AddressContacts' && (r.query.filter ?? '').includes('ts_lastupdate gt'))).toBe(true);
		expect(JSON.stringify(env.staticData)).toBe(before);
		env.sim.faults.clear();
		expect(ids(jsonOf(await env.poll(relations)))).toEqual([String(relation.id)]);
	});

	it('many changed contacts are paced by max records per poll without loss or repeats', async () => {
		const params = { ...relations, options: { maxRecordsPerPoll: 3, pageSize: 4 } };
		for (let i = 0; i < 20; i++) if (!(await env.poll(params)).output) break;
		const targets = eligible().filter((r) => contactsOf(r.id).length > 0).slice(0, 8);
		env.sim.clock.advanceSeconds(30);
		for (const r of targets) for (const c of contactsOf(r.id)) env.sim.store.update('AddressContacts', c.id, { contact_department: 'Aankoop' });
		const seen: string[] = [];
		for (let i = 0; i < 10; i++) {
			const result = await env.poll(params);
			if (!result.output) break;
			const items = jsonOf(result);
			expect(items.length).toBeLessThanOrEqual(3);
			seen.push(...ids(items));
		}
		expect(seen.sort()).toEqual(targets.map((r) => String(r.id)).sort());
	});

	it('without the Contacts option, contact edits are not followed (and turning it on resets the cursor)', async () => {
		const plain = { category: 'relations' };
		jsonOf(await env.poll(plain));
		const relation = relationWithContacts();
		env.sim.clock.advanceSeconds(10);
		env.sim.store.update('AddressContacts', contactsOf(relation.id)[0].id, { contact_note: 'y' });
		env.sim.resetRequests();
		expect((await env.poll(plain)).output).toBeNull();
		expect(env.sim.requestCount('AddressContacts')).toBe(0);
		const withContacts = jsonOf(await env.poll(relations));
		expect(syncOf(withContacts[0]).summary?.reset).toMatch(/cursor was reset/);
		expect(withContacts.length).toBe(eligible().length);
	});

	it('projects with Actual Cost Items: an edited or new cost item re-sends its project once; rules still apply', async () => {
		const params = { category: 'projects', includeActivities: true, activitySource: 'actualCostItems', onlyApprovedOpen: true };
		const first = jsonOf(await env.poll(params));
		const open = env.sim.store.all('Projects').filter((p) => p.approved === true && p.completed === false);
		expect(ids(first).sort()).toEqual(open.map((p) => String(p.id)).sort());
		expect((await env.poll(params)).output).toBeNull();

		const project = open[0];
		const closed = env.sim.store.all('Projects').find((p) => p.completed === true)!;
		const item = env.sim.store.all('ActualCostItems').find((c) => c.project_id === project.id)!;
		env.sim.clock.advanceSeconds(20);
		env.sim.store.update('ActualCostItems', item.id, { hours: 42 });
		env.sim.store.insert('ActualCostItems', { project_id: closed.id, description: 'Meerwerk' });
		const next = jsonOf(await env.poll(params));
		expect(ids(next)).toEqual([String(project.id)]);
		expect((next[0].activities as IDataObject[]).find((a) => a.id === item.id)?.hours).toBe(42);

		env.sim.clock.advanceSeconds(20);
		const added = env.sim.store.insert('ActualCostItems', { project_id: project.id, description: 'Extra post' });
		const again = jsonOf(await env.poll(params));
		expect(ids(again)).toEqual([String(project.id)]);
		expect((again[0].activities as IDataObject[]).map((a) => a.id)).toContain(added.id);
		expect((await env.poll(params)).output).toBeNull();
	});

	it('first run with Contacts: a contact edited during a paced full import is never lost', async () => {
		const params = { ...relations, options: { maxRecordsPerPoll: 5, pageSize: 5 } };
		const firstPoll = jsonOf(await env.poll(params));
		const done = firstPoll.map((r) => r.id);
		const early = eligible().find((r) => done.includes(r.id) && contactsOf(r.id).length > 0)!;
		const late = [...eligible()].reverse().find((r) => !done.includes(r.id) && contactsOf(r.id).length > 0)!;
		env.sim.clock.advanceSeconds(5);
		env.sim.store.update('AddressContacts', contactsOf(early.id)[0].id, { contact_name: 'Vroeg Gewijzigd' });
		env.sim.store.update('AddressContacts', contactsOf(late.id)[0].id, { contact_name: 'Laat Gewijzigd' });
		const emitted: IDataObject[] = [...firstPoll];
		for (let i = 0; i < 20; i++) {
			const result = await env.poll(params);
			if (!result.output) break;
			emitted.push(...jsonOf(result));
		}
		// The early relation comes again with the edit; the late one only once (the import reads it with the edit).
		const earlyItems = emitted.filter((r) => r.id === early.id);
		expect(earlyItems).toHaveLength(2);
		expect((earlyItems[1].contacts as IDataObject[]).map((c) => c.contact_name)).toContain('Vroeg Gewijzigd');
		const lateItems = emitted.filter((r) => r.id === late.id);
		expect(lateItems).toHaveLength(1);
		expect((lateItems[0].contacts as IDataObject[]).map((c) => c.contact_name)).toContain('Laat Gewijzigd');
		expect(new Set(ids(emitted)).size).toBe(eligible().length);
	});

	it('random contact edits over many polls (ties, small pages): each poll emits exactly the relations touched since the last', async () => {
		const params = { ...relations, options: { pageSize: 3, overlapMinutes: 1 } };
		jsonOf(await env.poll(params));
		let seed = 7;
		const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
		const contacts = env.sim.store.all('AddressContacts');
		const isEligible = new Set(eligible().map((a) => a.id));
		for (let round = 0; round < 25; round++) {
			if (random() < 0.5) env.sim.clock.advanceSeconds(1 + Math.floor(random() * 40)); // else: same second as the last poll
			const touched = new Set<unknown>();
			for (let i = 0; i < Math.floor(random() * 4); i++) {
				const contact = contacts[Math.floor(random() * contacts.length)];
				env.sim.store.update('AddressContacts', contact.id, { contact_note: `ronde ${round}.${i}` });
				if (isEligible.has(Number(contact.address_id))) touched.add(contact.address_id);
			}
			const result = await env.poll(params);
			const got = result.output ? ids(jsonOf(result)) : [];
			expect({ round, got: [...got].sort() }).toEqual({ round, got: [...touched].map(String).sort() });
		}
	});
});
