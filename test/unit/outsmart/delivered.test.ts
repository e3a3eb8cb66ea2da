import { changeVersion, factEntry } from '../../../nodes/OutSmart/upsert/delivered';

describe('delivery record: the version of an item', () => {
	it('is every Bouwsoft change date in the item, its linked records included, sorted', () => {
		const relation = {
			id: 7,
			ts_lastupdate: '2025-03-02 10:00:00',
			contacts: [{ id: 1, ts_lastupdate: '2025-03-04 08:00:00' }, { id: 2, ts_lastupdate: '2025-03-01 09:00:00' }],
			_sync: { category: 'relations', id: '7', ts_lastupdate: '2025-03-02 10:00:00', reason: 'changed' },
		};
		expect(changeVersion(relation)).toBe('2025-03-01 09:00:00,2025-03-02 10:00:00,2025-03-04 08:00:00');
	});

	it('changes when only a linked record changes, and when content returns to an earlier state', () => {
		const project = (costTs: string) => ({ id: 1, ts_lastupdate: '2025-03-02 10:00:00', activities: [{ ts_lastupdate: costTs }] });
		expect(changeVersion(project('2025-03-05 10:00:00'))).not.toBe(changeVersion(project('2025-03-06 10:00:00')));
	});

	it('is empty without change dates (such items are always written), and ignores empty or non-text dates', () => {
		expect(changeVersion({ code: 'L:VERF', name: 'Verf' })).toBe('');
		expect(changeVersion({ ts_lastupdate: '', nested: { ts_lastupdate: null } })).toBe('');
		expect(changeVersion({ ts_lastupdate: 1741000000 })).toBe('1741000000');
	});

	it('does not read the _sync block (its date is the record date, and its summary is no content)', () => {
		expect(changeVersion({ _sync: { ts_lastupdate: '2025-03-02 10:00:00', summary: { cursorAfter: 'x' } } })).toBe('');
	});

	it('a fact names scope, key, version and content hash', () => {
		expect(factEntry('material:bouwsoft:materials', 'M1', '2025-03-02 10:00:00', 'abc')).toBe('material:bouwsoft:materials|M1|2025-03-02 10:00:00|abc');
	});
});
