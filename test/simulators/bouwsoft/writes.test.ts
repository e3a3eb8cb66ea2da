import { startBouwsoftSimulator, type BouwsoftRecord, type BouwsoftSimulator } from './index';
import { fieldNames } from './schema';
import { connect, type TestClient } from './testClient';

describe('Bouwsoft simulator: writes (POST lines and assignments, PUT assignments)', () => {
	let sim: BouwsoftSimulator;
	let client: TestClient;
	const NOW = new Date('2025-03-05T16:30:12Z'); // 17:30:12 in Brussels

	beforeAll(async () => {
		sim = await startBouwsoftSimulator();
	});
	afterAll(() => sim.close());
	beforeEach(async () => {
		sim.reset();
		sim.clock.set(NOW);
		client = await connect(sim);
	});

	const all = (resource: string) => sim.store.all(resource);
	const projectAssignment = () => all('Assignments').find((a) => a.project_id !== 0 && a.address_id !== 0) as BouwsoftRecord;
	const plainAssignment = () => all('Assignments').find((a) => a.project_id === 0 && a.address_id !== 0) as BouwsoftRecord;
	const employee = () => all('Employees').find((e) => e.active && e.name !== '') as BouwsoftRecord;
	const job = () => all('Jobs').find((j) => j.name !== '' && j.code !== '') as BouwsoftRecord;
	const product = () => all('Products').find((p) => p.nr1 !== '' && p.unit !== '') as BouwsoftRecord;
	const maxId = (resource: string) => Math.max(0, ...all(resource).map((r) => r.id));
	const post = (resource: string, columns: string) => client.write('POST', `/${resource}`, columns);

	describe('POST /AssignmentLabor', () => {
		it("stores the docs' example line and answers 201 with every field; Bouwsoft fills id, name, job, address, ts, post-calculation", async () => {
			const assignment = projectAssignment();
			const before = maxId('AssignmentLabor');
			const { id: employeeId, name } = employee();
			const columns = `assignment_id=${assignment.id},employee_id=${employeeId},from=7,to=17,break=1,date='2022-10-24',job_id=${job().id}`;
			const response = await post('AssignmentLabor', columns);
			expect(response.status).toBe(201);
			expect(response.data.RecordChanges).toHaveLength(1);
			const line = response.data.RecordChanges[0];
			expect(Object.keys(line)).toEqual(fieldNames('AssignmentLabor'));
			expect(line).toMatchObject({
				id: before + 1,
				assignment_id: assignment.id,
				employee_id: employeeId,
				name,
				from: 7,
				to: 17,
				break: 1,
				date: '2022-10-24',
				job_id: job().id,
				job_code: job().code,
				job_name: job().name,
				address_id: assignment.address_id,
				ok: false,
				responsible: false,
				invoice_id: 0,
				ts_lastupdate: '2025-03-05 17:30:12',
			});
			expect(line.actualcosttimeworked_id_mapping).toBeGreaterThan(0);
			expect(sim.store.get('AssignmentLabor', before + 1)).toEqual(line);
			expect(sim.postCalculation(assignment.project_id as number)).toEqual([
				{
					id: line.actualcosttimeworked_id_mapping,
					kind: 'hours',
					projectId: assignment.project_id,
					projectPnr: assignment.project_pnr,
					assignmentId: assignment.id,
					resource: 'AssignmentLabor',
					lineId: line.id,
				},
			]);
		});

		it('a line on an assignment without project gets no post-calculation link', async () => {
			const response = await post('AssignmentLabor', `assignment_id=${plainAssignment().id},employee_id=${employee().id},from=8.5,to=12.25,break=0.25`);
			expect(response.status).toBe(201);
			expect(response.data.RecordChanges[0].actualcosttimeworked_id_mapping).toBe(0);
			expect(sim.postCalculation()).toEqual([]);
		});

		it('looks a job up by job_code (any case); unknown job code, employee or assignment → 400, nothing stored', async () => {
			const assignmentId = plainAssignment().id;
			const byCode = await post('AssignmentLabor', `assignment_id=${assignmentId},job_code='${String(job().code).toLowerCase()}'`);
			expect(byCode.data.RecordChanges[0]).toMatchObject({ job_id: job().id, job_code: job().code, job_name: job().name });
			const count = sim.store.count('AssignmentLabor');
			for (const [columns, message] of [
				[`assignment_id=${assignmentId},job_code='NOPE'`, "job_code 'NOPE' does not exist"],
				[`assignment_id=${assignmentId},employee_id=999999`, 'employee_id 999999 does not exist'],
				['assignment_id=999999,from=7', 'assignment_id 999999 does not exist'],
				['from=7,to=8', 'Column assignment_id is required on AssignmentLabor'],
			]) {
				const response = await post('AssignmentLabor', columns);
				expect([response.status, response.data.error]).toEqual([400, message]);
			}
			expect(sim.store.count('AssignmentLabor')).toBe(count);
		});

		it('is found by GET filter=assignment_id eq N next to the seeded lines', async () => {
			const assignment = projectAssignment();
			const seeded = all('AssignmentLabor').filter((l) => l.assignment_id === assignment.id).length;
			await post('AssignmentLabor', `assignment_id=${assignment.id},from=7,to=9`);
			await post('AssignmentLabor', `assignment_id=${assignment.id},from=10,to=12`);
			const lines = await client.get('/AssignmentLabor/', { filter: `assignment_id eq ${assignment.id}` });
			expect(lines.data.Records).toHaveLength(seeded + 2);
			expect(lines.data.Records.slice(-2).map((l) => [l.from, l.to])).toEqual([[7, 9], [10, 12]]);
			const mappings = sim.postCalculation().map((entry) => entry.id);
			expect(new Set(mappings).size).toBe(2);
		});
	});

	describe('POST /AssignmentProducts', () => {
		it('fills nr, description and unit from the product unless given; quantity keeps its decimals; no ts_lastupdate', async () => {
			const assignment = projectAssignment();
			const p = product();
			const response = await post('AssignmentProducts', `assignment_id=${assignment.id},product_id=${p.id},quantity=2.5,date='2025-03-05'`);
			expect(response.status).toBe(201);
			const line = response.data.RecordChanges[0];
			expect(Object.keys(line)).toEqual(fieldNames('AssignmentProducts'));
			expect(line).toMatchObject({ product_id: p.id, nr: p.nr1, description: p.description, unit: p.unit, unit_localized: p.unit, quantity: 2.5 });
			expect(line).not.toHaveProperty('ts_lastupdate');
			expect(line.actualcostproducts_id_mapping).toBeGreaterThan(0);
			expect(sim.postCalculation(assignment.project_id as number)).toEqual([expect.objectContaining({ kind: 'products', resource: 'AssignmentProducts', lineId: line.id })]);

			const own = await post('AssignmentProducts', `assignment_id=${assignment.id},product_id=${p.id},quantity=1,description='Eigen omschrijving, met komma'`);
			expect(own.data.RecordChanges[0]).toMatchObject({ nr: p.nr1, description: 'Eigen omschrijving, met komma' });
			const mappings = sim.postCalculation().map((entry) => entry.id);
			expect(mappings[1]).toBeGreaterThan(mappings[0]);
		});

		it('accepts a free-text line (product_id 0); an unknown product → 400', async () => {
			const assignmentId = plainAssignment().id;
			const free = await post('AssignmentProducts', `assignment_id=${assignmentId},product_id=0,nr='W-77',description='Kit',unit='tube',quantity=3`);
			expect(free.data.RecordChanges[0]).toMatchObject({ product_id: 0, nr: 'W-77', description: 'Kit', unit: 'tube', unit_localized: 'tube', actualcostproducts_id_mapping: 0 });
			const unknown = await post('AssignmentProducts', `assignment_id=${assignmentId},product_id=99999999,quantity=1`);
			expect([unknown.status, unknown.data.error]).toEqual([400, 'product_id 99999999 does not exist']);
		});
	});

	describe('columns the reference lists as not writeable', () => {
		it("'ignore' (default) drops them silently — assignment_id is still taken on insert", async () => {
			const response = await post('AssignmentLabor', `id=1,assignment_id=${plainAssignment().id},employee_id=${employee().id},name='Iemand anders',ts_lastupdate='2000-01-01 00:00:00',invoice_nr='F1'`);
			expect(response.status).toBe(201);
			expect(response.data.RecordChanges[0]).toMatchObject({ id: maxId('AssignmentLabor'), name: employee().name, ts_lastupdate: '2025-03-05 17:30:12', invoice_nr: '' });
		});

		it("'reject' answers 400 naming the column and stores nothing", async () => {
			sim.writeSettings.nonWriteableColumns = 'reject';
			const count = sim.store.count('AssignmentLabor');
			const response = await post('AssignmentLabor', `assignment_id=${plainAssignment().id},name='Iemand anders'`);
			expect([response.status, response.data.error]).toEqual([400, 'Column name on AssignmentLabor is not writeable']);
			expect(sim.store.count('AssignmentLabor')).toBe(count);
			expect((await post('AssignmentLabor', `assignment_id=${plainAssignment().id},from=7`)).status).toBe(201);
			const status = await post('Assignments', "subject='x',status='Uitgevoerd'");
			expect([status.status, status.data.error]).toEqual([400, 'Column status on Assignments is not writeable']);
		});

		it('an unknown column, bad syntax or a missing columns parameter → 400 with the reason', async () => {
			const unknown = await post('AssignmentLabor', `assignment_id=${plainAssignment().id},hours=8`);
			expect([unknown.status, unknown.data.error]).toEqual([400, 'Unknown column hours on AssignmentLabor']);
			const syntax = await post('AssignmentLabor', `assignment_id=${plainAssignment().id},date=2025-03-05`);
			expect(syntax.status).toBe(400);
			expect(syntax.data.error).toMatch(/quote strings and dates/);
			const none = await client.write('POST', '/AssignmentLabor', '');
			expect([none.status, none.data.error]).toEqual([400, 'The columns parameter is required']);
		});
	});

	describe('POST /Assignments', () => {
		it('fills nr (max+1), the project, address, contact and employee copies and an empty status; GET finds it by project and subject', async () => {
			const project = all('Projects').find((p) => p.client_addressid !== 0) as BouwsoftRecord;
			const contact = all('AddressContacts')[0];
			const address = sim.store.get('Addresses', contact.address_id as number) as BouwsoftRecord;
			const nr = Math.max(...all('Assignments').map((a) => a.nr as number)) + 1;
			const subject = "OutSmart P-1 'W-77'";
			const columns = `project_id=${project.id},address_id=${address.id},addresscontact_id=${contact.id},employee_id=${employee().id},date='2025-03-05',subject='${subject.replace(/'/g, "''")}',title='Werkbon W-77',note_technician='Klaar',execute=false`;
			const response = await post('Assignments', columns);
			expect(response.status).toBe(201);
			const created = response.data.RecordChanges[0];
			expect(Object.keys(created)).toEqual(fieldNames('Assignments'));
			expect(created).toMatchObject({
				id: maxId('Assignments'),
				nr,
				subject,
				status: '',
				execute: false,
				project_pnr: project.pnr,
				project_unr: project.unr,
				project_name: project.name,
				address_name: address.name,
				address_city: address.city,
				contact_name: contact.contact_name,
				employee_name: employee().name,
				ts_lastupdate: '2025-03-05 17:30:12',
			});
			const found = await client.get('/Assignments/', { filter: `project_id eq ${project.id} and subject eq '${subject.replace(/'/g, "''")}'` });
			expect(found.data.Records.map((a) => a.id)).toEqual([created.id]);

			const given = await post('Assignments', `nr=777,subject='x'`);
			expect(given.data.RecordChanges[0]).toMatchObject({ nr: 777, project_id: 0, project_name: '' });
			expect((await post('Assignments', 'project_id=99999999')).status).toBe(400);
		});
	});

	describe('PUT /Assignments/<id> (unconfirmed)', () => {
		it("'put' (default) answers 200 with the changed fields and the new ts_lastupdate", async () => {
			const assignment = projectAssignment();
			sim.clock.advanceSeconds(60);
			const response = await client.write('PUT', `/Assignments/${assignment.id}`, "note_technician='Oud\nOutSmart W-77: klaar, 2 uur'");
			expect(response.status).toBe(200);
			expect(response.data).toEqual({
				RecordChanges: [{ id: assignment.id, note_technician: 'Oud\nOutSmart W-77: klaar, 2 uur', ts_lastupdate: '2025-03-05 17:31:12' }],
			});
			expect(sim.store.get('Assignments', assignment.id)).toMatchObject({ note_technician: 'Oud\nOutSmart W-77: klaar, 2 uur', nr: assignment.nr });
			const employeeChange = await client.write('PUT', `/Assignments/${assignment.id}`, `employee_id=${employee().id}`);
			expect(employeeChange.data.RecordChanges[0]).toMatchObject({ employee_id: employee().id, employee_name: employee().name });
			expect((await client.write('PUT', '/Assignments/99999999', "note_technician='x'")).status).toBe(404);
		});

		it("'unsupported' answers 405 and changes nothing; PUT elsewhere and POST on a record path are 405 too", async () => {
			const assignment = projectAssignment();
			sim.writeSettings.assignmentUpdates = 'unsupported';
			expect((await client.write('PUT', `/Assignments/${assignment.id}`, "note_technician='x'")).status).toBe(405);
			expect(sim.store.get('Assignments', assignment.id)?.note_technician).toBe(assignment.note_technician);
			sim.writeSettings.assignmentUpdates = 'put';
			expect((await client.write('PUT', '/AssignmentLabor/1', 'from=7')).status).toBe(405);
			expect((await client.write('POST', `/Assignments/${assignment.id}`, "subject='x'")).status).toBe(405);
			expect((await client.write('POST', '/Products', "description='x'")).status).toBe(405);
		});
	});

	it('refuses other path casings by default; with pathCase insensitive takes them with or without trailing slash, logs and counts every write; 401 writes nothing', async () => {
		const assignmentId = plainAssignment().id;
		const before = sim.store.count('AssignmentLabor');
		expect((await post('assignmentlabor/', `assignment_id=${assignmentId},from=7,to=8`)).status).toBe(404);
		expect(sim.store.count('AssignmentLabor')).toBe(before);
		sim.quirks.pathCase = 'insensitive';
		sim.resetRequests();
		expect((await post('assignmentlabor/', `assignment_id=${assignmentId},from=7,to=8`)).status).toBe(201);
		expect((await post('ASSIGNMENTPRODUCTS', `assignment_id=${assignmentId},quantity=1`)).status).toBe(201);
		expect((await client.write('PUT', `/assignments/${assignmentId}/`, "note_technician='x'")).status).toBe(200);
		expect(sim.requests.map((r) => [r.method, r.resource, r.status])).toEqual([
			['POST', 'AssignmentLabor', 201],
			['POST', 'AssignmentProducts', 201],
			['PUT', 'Assignments', 200],
		]);
		expect(sim.requests[0]).toMatchObject({ path: '/api/v1/assignmentlabor/', query: { columns: `assignment_id=${assignmentId},from=7,to=8` }, writtenId: maxId('AssignmentLabor') });
		expect(sim.writeCounts()).toEqual({ AssignmentLabor: 1, AssignmentProducts: 1, Assignments: 1 });

		const count = sim.store.count('AssignmentLabor');
		sim.expireAccessTokens();
		const denied = await post('AssignmentLabor', `assignment_id=${assignmentId},from=7,to=8`);
		expect(denied.status).toBe(401);
		expect(sim.store.count('AssignmentLabor')).toBe(count);
		expect(sim.writeCount('AssignmentLabor')).toBe(1);
	});
});
