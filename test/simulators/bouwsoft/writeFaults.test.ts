import { startBouwsoftSimulator, type BouwsoftRecord, type BouwsoftSimulator } from './index';
import { connect, type TestClient } from './testClient';

describe('Bouwsoft simulator: faults on writes', () => {
	let sim: BouwsoftSimulator;
	let client: TestClient;
	let assignmentId: number;

	beforeAll(async () => {
		sim = await startBouwsoftSimulator();
	});
	afterAll(() => sim.close());
	beforeEach(async () => {
		sim.reset();
		client = await connect(sim);
		assignmentId = (sim.store.all('Assignments').find((a) => a.project_id !== 0) as BouwsoftRecord).id;
	});

	const lines = () => sim.store.all('AssignmentLabor').filter((l) => l.assignment_id === assignmentId);
	const postLabor = (from: number, timeoutMs?: number) =>
		client.write('POST', '/AssignmentLabor', `assignment_id=${assignmentId},from=${from},to=${from + 1}`, timeoutMs);

	it('afterProcessing + delayMs: the line is stored, the answer comes after the client gave up', async () => {
		const before = lines().length;
		sim.faults.add({ name: 'lost answer', resource: 'AssignmentLabor', method: 'POST', afterProcessing: true, delayMs: 400, times: 1 });
		await expect(postLabor(7, 100)).rejects.toMatchObject({ code: 'ECONNABORTED' });
		expect(lines()).toHaveLength(before + 1);
		const entry = sim.requests.find((r) => r.method === 'POST');
		expect(entry).toMatchObject({ fault: 'lost answer', writtenId: lines()[before].id });
		expect(sim.writeCount('AssignmentLabor')).toBe(1);
		expect(sim.postCalculation()).toHaveLength(1);
		// The client looks before writing again: the line is there.
		const check = await client.get('/AssignmentLabor/', { filter: `assignment_id eq ${assignmentId} and from eq 7` });
		expect(check.data.Records).toHaveLength(1);
	});

	it('afterProcessing + dropConnection: the line is stored and the connection closes without an answer', async () => {
		const before = lines().length;
		sim.faults.add({ resource: 'AssignmentLabor', method: 'POST', afterProcessing: true, dropConnection: true, times: 1 });
		await expect(postLabor(7)).rejects.toMatchObject({ code: expect.stringMatching(/ECONNRESET|socket hang up|ERR_BAD_RESPONSE/) });
		expect(lines()).toHaveLength(before + 1);
		expect(sim.requests.at(-1)).toMatchObject({ status: 0, fault: 'afterProcessing dropConnection' });
	});

	it('a status rule answers before the write: a 500 stores nothing; afterRequests/times pick the Nth POST only', async () => {
		const before = lines().length;
		const rule = sim.faults.add({ resource: 'AssignmentLabor', method: 'POST', status: 500, afterRequests: 1, times: 1 });
		expect((await postLabor(7)).status).toBe(201);
		expect((await client.get('/AssignmentLabor/', { filter: `assignment_id eq ${assignmentId}` })).status).toBe(200);
		const failed = await postLabor(9);
		expect(failed.status).toBe(500);
		expect(failed.data).toEqual({ error: 'Simulated fault 500' });
		expect(lines()).toHaveLength(before + 1);
		expect((await postLabor(11)).status).toBe(201);
		expect(lines().slice(before).map((l) => l.from)).toEqual([7, 11]);
		expect([rule.seen, rule.fired]).toEqual([3, 1]);
		expect(sim.faults.list().map((handle) => handle.fired)).toEqual([1]);
		expect(sim.writeCounts()).toEqual({ AssignmentLabor: 2 });
	});

	it('afterProcessing + status: stored, yet the client sees the error', async () => {
		const products = () => sim.store.all('AssignmentProducts').filter((l) => l.assignment_id === assignmentId).length;
		const before = products();
		sim.faults.add({ resource: 'AssignmentProducts', method: 'POST', afterProcessing: true, status: 502, times: 1 });
		const response = await client.write('POST', '/AssignmentProducts', `assignment_id=${assignmentId},quantity=1`);
		expect(response.status).toBe(502);
		expect(products()).toBe(before + 1);
	});

	it('a token that expires mid-export: 401 writes nothing, the refreshed token writes once', async () => {
		const before = lines().length;
		expect((await postLabor(7)).status).toBe(201);
		sim.expireAccessTokens();
		expect((await postLabor(9)).status).toBe(401);
		expect(lines()).toHaveLength(before + 1);
		client = await connect(sim);
		expect((await postLabor(9)).status).toBe(201);
		expect(lines().slice(before).map((l) => l.from)).toEqual([7, 9]);
		const put = await client.write('PUT', `/Assignments/${assignmentId}`, "note_technician='x'");
		expect(put.status).toBe(200);
		sim.expireAccessTokens();
		expect((await client.write('PUT', `/Assignments/${assignmentId}`, "note_technician='y'")).status).toBe(401);
		expect(sim.store.get('Assignments', assignmentId)?.note_technician).toBe('x');
	});

	it('a rule for POST leaves GETs of the same resource alone', async () => {
		sim.faults.add({ resource: 'AssignmentLabor', method: 'post', status: 503 });
		expect((await client.get('/AssignmentLabor/')).status).toBe(200);
		expect((await postLabor(7)).status).toBe(503);
	});
});
