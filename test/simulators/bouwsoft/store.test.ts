import { createClock, formatTimestamp, formatValidUntil } from './clock';
import { startBouwsoftSimulator, type BouwsoftSimulator } from './index';
import { BouwsoftStore } from './store';
import { connect } from './testClient';

describe('Bouwsoft timestamps', () => {
	it('formats ts_lastupdate in Brussels local time at one-second precision', () => {
		expect(formatTimestamp(new Date('2025-01-15T12:34:56.999Z'), 'Europe/Brussels')).toBe('2025-01-15 13:34:56');
		expect(formatTimestamp(new Date('2025-07-15T12:34:56Z'), 'Europe/Brussels')).toBe('2025-07-15 14:34:56');
		expect(formatTimestamp(new Date('2025-07-15T12:34:56Z'), 'UTC')).toBe('2025-07-15 12:34:56');
	});

	it('handles both DST changes: a skipped hour in March, a repeated hour in October', () => {
		expect(formatTimestamp(new Date('2025-03-30T00:59:59Z'), 'Europe/Brussels')).toBe('2025-03-30 01:59:59');
		expect(formatTimestamp(new Date('2025-03-30T01:00:00Z'), 'Europe/Brussels')).toBe('2025-03-30 03:00:00');
		const first = formatTimestamp(new Date('2024-10-27T00:30:00Z'), 'Europe/Brussels');
		const second = formatTimestamp(new Date('2024-10-27T01:30:00Z'), 'Europe/Brussels');
		expect([first, second]).toEqual(['2024-10-27 02:30:00', '2024-10-27 02:30:00']);
		expect(formatTimestamp(new Date('2024-10-27T02:00:00Z'), 'Europe/Brussels')).toBe('2024-10-27 03:00:00');
	});

	it('formats ValidUntil in UTC to the minute', () => {
		expect(formatValidUntil(new Date('2017-09-05T15:01:59Z'))).toBe('2017-09-05T15:01Z');
	});
});

describe('Bouwsoft simulator clock', () => {
	it('follows real time by default, and can be frozen, advanced and released', () => {
		const clock = createClock();
		const before = Date.now();
		const now = clock.now().getTime();
		expect(now).toBeGreaterThanOrEqual(before);
		clock.set(new Date('2025-02-01T08:00:00Z'));
		clock.advanceSeconds(90);
		expect(clock.now().toISOString()).toBe('2025-02-01T08:01:30.000Z');
		clock.useRealTime();
		expect(clock.now().getTime()).toBeGreaterThanOrEqual(before);
	});
});

describe('Bouwsoft store', () => {
	const clock = createClock();
	let store: BouwsoftStore;

	beforeEach(() => {
		clock.set(new Date('2025-05-05T10:00:00.400Z'));
		store = new BouwsoftStore(clock, 'Europe/Brussels', {
			Jobs: [
				{ id: 1, code: '02', name: 'TRANSPORT', ts_lastupdate: '2020-10-19 08:38:45' },
				{ id: 5, code: 'METS', name: 'METSELWERK', ts_lastupdate: '2021-01-01 00:00:00' },
			],
		});
	});

	it('fills every schema field with blanks (empty strings, 0 ids), never null', () => {
		const job = store.get('Jobs', 1);
		expect(job).toEqual({
			id: 1,
			code: '02',
			name: 'TRANSPORT',
			price_hour: 0,
			price_hour_saturday: 0,
			price_hour_sunday: 0,
			price_km: 0,
			ts_lastupdate: '2020-10-19 08:38:45',
		});
		const assignment = store.insert('Assignments', { title: 'Lek' });
		expect(Object.values(assignment)).not.toContain(null);
		expect(assignment).toMatchObject({ address_id: 0, employee_id: 0, note_technician: '' });
	});

	it('stamps inserts and updates from the simulator clock; equal seconds make ties', () => {
		const inserted = store.insert('Jobs', { code: 'TEGEL', name: 'TEGELWERK' });
		expect(inserted.id).toBe(6);
		expect(inserted.ts_lastupdate).toBe('2025-05-05 12:00:00');
		clock.advanceSeconds(0.5); // still the same second
		const updated = store.update('Jobs', 1, { price_hour: 70 });
		expect(updated.ts_lastupdate).toBe(inserted.ts_lastupdate);
		clock.advanceSeconds(1);
		expect(store.touch('Jobs', 5).ts_lastupdate).toBe('2025-05-05 12:00:01');
		expect(store.get('Jobs', 1)?.price_hour).toBe(70);
	});

	it('replaces records on update, keeps id order and supports an explicit ts_lastupdate', () => {
		const before = store.get('Jobs', 1);
		store.update('Jobs', 1, { name: 'VERVOER', ts_lastupdate: '2024-01-01 00:00:00' });
		expect(before?.name).toBe('TRANSPORT');
		expect(store.get('Jobs', 1)?.ts_lastupdate).toBe('2024-01-01 00:00:00');
		store.insert('Jobs', { id: 3, code: 'DAK' });
		expect(store.all('Jobs').map((j) => j.id)).toEqual([1, 3, 5]);
		expect(store.remove('Jobs', 3)).toBe(true);
		expect(store.remove('Jobs', 3)).toBe(false);
		expect(store.count('Jobs')).toBe(2);
	});

	it('does not stamp resources without ts_lastupdate and rejects unknown fields/resources/ids', () => {
		const group = store.insert('ProductGroups', { name: 'Colora', list_id: 2, list_name: 'VERF' });
		expect(group).not.toHaveProperty('ts_lastupdate');
		expect(() => store.insert('Jobs', { colour: 'red' })).toThrow(/Unknown field colour/);
		expect(() => store.insert('Warehouses', {})).toThrow(/Unknown Bouwsoft resource/);
		expect(() => store.insert('Jobs', { id: 1 })).toThrow(/already exists/);
		expect(() => store.update('Jobs', 99, {})).toThrow(/does not exist/);
	});
});

describe('Bouwsoft simulator store over HTTP', () => {
	let sim: BouwsoftSimulator;

	beforeAll(async () => {
		sim = await startBouwsoftSimulator({
			seed: false,
			timeZone: 'Europe/Brussels',
			records: { Employees: [{ id: 1, firstname: 'Jan', surname: 'Peeters', nr: 101, ts_lastupdate: '2025-01-01 09:00:00' }] },
		});
	});
	afterAll(() => sim.close());

	it('serves edits made through the store, and a gt filter on the tie second sees neither tied record', async () => {
		const client = await connect(sim);
		sim.clock.set(new Date('2025-06-01T08:00:00Z'));
		const a = sim.store.insert('Employees', { firstname: 'An', nr: 102 });
		const b = sim.store.update('Employees', 1, { gsm: '0475 11 22 33' });
		expect(a.ts_lastupdate).toBe('2025-06-01 10:00:00');
		expect(b.ts_lastupdate).toBe(a.ts_lastupdate);
		const gt = await client.get('/Employees/', { filter: `ts_lastupdate gt '${a.ts_lastupdate}'` });
		expect(gt.data.Records).toEqual([]);
		// `ge` is not in the confirmed dialect: gt the second before
		const ge = await client.get('/Employees/', { filter: "ts_lastupdate gt '2025-06-01 09:59:59'", sort: '-ts_lastupdate' });
		expect(ge.data.Records.map((r) => r.id)).toEqual([1, 2]);
		expect(sim.store.all('Products')).toHaveLength(0);
	});

	it('reset() restores the initial records and drops tokens, faults and the request log', async () => {
		const client = await connect(sim);
		sim.store.update('Employees', 1, { firstname: 'Johan' });
		sim.faults.add({ resource: 'Jobs', status: 500 });
		sim.reset();
		expect(sim.store.all('Employees').map((e) => [e.id, e.firstname])).toEqual([[1, 'Jan']]);
		expect(sim.requests).toHaveLength(0);
		expect((await client.get('/Employees/')).status).toBe(401);
		const fresh = await connect(sim);
		expect((await fresh.get('/Jobs/')).status).toBe(200);
	});
});
