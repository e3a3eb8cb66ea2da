import type { IDataObject } from 'n8n-workflow';

import { jsonOf, triggerEnv } from './helpers';
import type { TriggerEnv } from './helpers';

/**
 * Linked records of many parents (a page of relations' contacts): which query the trigger sends, and that
 * every item carries exactly its own linked records whatever the query read. Under both Content-Range totals.
 */
describe.each(['filtered', 'table'] as const)('Bouwsoft Trigger — keyed lookups of linked records (Content-Range total: %s)', (contentRangeTotal) => {
	let env: TriggerEnv;
	afterEach(async () => await env.close());

	const relations = { category: 'relations', includeContacts: true };
	const contactFilters = () => env.sim.requests.filter((r) => r.resource === 'AddressContacts').map((r) => r.query.filter ?? '');

	function expectOwnContacts(items: IDataObject[]) {
		expect(items.length).toBeGreaterThan(0);
		for (const relation of items) {
			const expected = env.sim.store.all('AddressContacts').filter((c) => c.address_id === relation.id).map((c) => c.id);
			expect((relation.contacts as IDataObject[]).map((c) => c.id).sort()).toEqual(expected.sort());
		}
	}

	/** New relations (the highest ids), each with two contacts, saved a few seconds after the import. */
	function addRelations(count: number): number[] {
		env.sim.clock.advanceSeconds(10);
		const added: number[] = [];
		for (let i = 0; i < count; i++) {
			const address = env.sim.store.insert('Addresses', { name: `Nieuwe Klant ${i}`, clientnr: 90_000 + i });
			env.sim.store.insert('AddressContacts', { address_id: address.id, contact_name: `Contact ${i}a` });
			env.sim.store.insert('AddressContacts', { address_id: address.id, contact_name: `Contact ${i}b` });
			added.push(address.id);
		}
		return added;
	}

	describe('confirmed dialect (eq, ne, gt only)', () => {
		beforeEach(async () => {
			env = await triggerEnv({ contentRangeTotal, dialect: { comparisons: false, or: false }, seed: { addresses: 300 } });
			env.sim.clock.set(new Date('2025-03-31T09:00:00Z'));
		});

		it('a first import reads the contacts from the smallest id on once, and every later page reuses it', async () => {
			const items = jsonOf(await env.poll({ ...relations, options: { pageSize: 40 } }));
			expectOwnContacts(items);
			const lookups = contactFilters().filter((f) => f.includes('address_id gt'));
			expect(lookups.length).toBeGreaterThan(1);
			// One read (several keyset pages), all with the same lower bound.
			expect(new Set(lookups.map((f) => /address_id gt (-?\d+)/.exec(f)![1])).size).toBe(1);
			expect(contactFilters().every((f) => !/ or | lt /.test(f))).toBe(true);
		});

		it('new relations: only the contacts from their ids on are read, not the whole table', async () => {
			jsonOf(await env.poll(relations));
			const added = addRelations(12);
			env.sim.resetRequests();
			const items = jsonOf(await env.poll({ ...relations, options: { pageSize: 40 } }));
			expect(items.map((i) => i.id)).toEqual(added);
			expectOwnContacts(items);
			const lookups = contactFilters().filter((f) => f.includes('address_id gt'));
			expect(lookups.length).toBeGreaterThan(0);
			for (const filter of lookups) expect(Number(/address_id gt (-?\d+)/.exec(filter)![1])).toBeGreaterThanOrEqual(added[0] - 1);
			// 24 new contacts in pages of 40, plus the changed-contacts read: far below the table's pages.
			const tablePages = Math.ceil(env.sim.store.count('AddressContacts') / 40);
			expect(env.sim.requestCount('AddressContacts')).toBeLessThan(tablePages / 2);
		});
	});

	describe('extended dialect (lt and or accepted)', () => {
		beforeEach(async () => {
			env = await triggerEnv({ contentRangeTotal, dialect: { comparisons: true, or: true }, seed: { addresses: 300 } });
			env.sim.clock.set(new Date('2025-03-31T09:00:00Z'));
		});

		it('a first import reads each page’s contacts as one id range, not in or batches', async () => {
			const params = { ...relations, options: { pageSize: 80, extendedFilterSyntax: true } };
			const items = jsonOf(await env.poll(params));
			expectOwnContacts(items);
			const lookups = contactFilters().filter((f) => f.includes('address_id'));
			expect(lookups.every((f) => /address_id gt -?\d+ and address_id lt \d+/.test(f))).toBe(true);
			// One range read per page of relations (its first request has no keyset position yet) …
			const pages = Math.ceil(env.sim.store.count('Addresses') / 80);
			expect(lookups.filter((f) => !/\bid gt/.test(f)).length).toBe(pages);
			// … of one or two pages of contacts (plus the look past a short page when the total counts the table).
			expect(lookups.length).toBeLessThanOrEqual(pages * (contentRangeTotal === 'table' ? 3 : 2));
		});

		it('scattered edits are looked up in or batches', async () => {
			const params = { ...relations, options: { extendedFilterSyntax: true } };
			jsonOf(await env.poll(params));
			const eligible = env.sim.store.all('Addresses').filter((a) => Number(a.clientnr) > 0 && String(a.name).trim() !== '');
			const edited = eligible.filter((_, i) => i % 9 === 0);
			env.sim.clock.advanceSeconds(10);
			for (const a of edited) env.sim.store.update('Addresses', a.id, { telephone2: '050 12 34 56' });
			env.sim.resetRequests();
			const items = jsonOf(await env.poll(params));
			expect(items.map((i) => i.id).sort((a, b) => Number(a) - Number(b))).toEqual(edited.map((a) => a.id));
			expectOwnContacts(items);
			const lookups = contactFilters().filter((f) => f.includes('address_id eq') && !/\bid gt/.test(f));
			expect(lookups.length).toBe(Math.ceil(edited.length / 40));
			expect(lookups.every((f) => / or /.test(f))).toBe(true);
		});
	});
});
