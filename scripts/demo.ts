/**
 * `npm run demo` (after scripts/demo.sh built the package and made sure n8n is installed): both simulators with seed
 * data, a real n8n with this package, credentials pointing at the simulators and every template imported; runs the
 * full-sync template once, prints what arrived in OutSmart, then runs one round trip back (a technician completes an
 * assignment's and a project's work order in the OutSmart simulator, the outsmart-to-bouwsoft template books them in
 * Bouwsoft and marks them handled) and prints what was booked; then the editor URL and login, until Ctrl-C.
 */
import * as net from 'net';
import { startBouwsoftSimulator } from '../test/simulators/bouwsoft';
import type { BouwsoftSimulator } from '../test/simulators/bouwsoft';
import { ENTITY_NAMES, startOutSmartSimulator } from '../test/simulators/outsmart';
import type { OutSmartSimulator } from '../test/simulators/outsmart';
import { simulatorCredentials } from '../test/e2e/lib/credentials';
import { N8nInstance } from '../test/e2e/lib/n8n';
import { freePort } from '../test/e2e/lib/net';
import { allRunItems, EXPORT_FILE } from '../test/e2e/lib/templateRun';
import type { ExecutionDetails, WorkflowJson } from '../test/e2e/lib/types';
import { credentialRefs, executionSummary, loadTemplates, NODE_TYPES } from '../test/e2e/lib/workflows';

const FULL_SYNC_FILE = 'full-sync.json';

function log(message: string): void {
	process.stdout.write(`${message}\n`);
}

async function portIsFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

async function editorPort(): Promise<number> {
	const wanted = Number(process.env.DEMO_N8N_PORT ?? 5678);
	if (await portIsFree(wanted)) return wanted;
	const port = await freePort();
	log(`port ${wanted} is in use; the editor gets port ${port} instead (set DEMO_N8N_PORT to choose)`);
	return port;
}

function printOutSmartCounts(outsmart: OutSmartSimulator): void {
	log('\nOutSmart simulator now holds:');
	for (const entity of ENTITY_NAMES) {
		const count = outsmart.store.count(entity);
		if (count > 0) log(`  ${entity.padEnd(20)} ${count}`);
	}
	const orders = outsmart.store.workorders;
	const numbers = new Set(orders.map((order) => String(order.WorkorderNo)));
	log(`  ${'workorders'.padEnd(20)} ${orders.length} (${numbers.size} distinct work order numbers)`);
}

/** One line per OutSmart node of the full sync: what its items say happened (created/updated/...) and what failed. */
function printPerCategory(run: ExecutionDetails, writeNodes: string[]): void {
	log('\nFull sync, per category (OutSmart node results):');
	for (const node of writeNodes) {
		const actions = new Map<string, number>();
		for (const item of allRunItems(run, node, 0)) {
			const action = String(item.action ?? 'written');
			actions.set(action, (actions.get(action) ?? 0) + 1);
		}
		const failed = allRunItems(run, node, 1);
		const parts = [...actions].map(([action, n]) => `${n} ${action}`);
		if (failed.length) parts.push(`${failed.length} not written`);
		log(`  ${node.replace(/^Write /, '').padEnd(14)} ${parts.length ? parts.join(', ') : 'nothing to write'}`);
		for (const item of failed.slice(0, 3)) log(`      - ${String(item.error ?? '').slice(0, 160)}`);
		if (failed.length > 3) log(`      - ... and ${failed.length - 3} more (see the execution in the editor)`);
	}
}

/**
 * The way back, once: a technician completes one assignment order and one project order in the OutSmart simulator;
 * the export template runs as *Execute workflow* would; prints the Bouwsoft lines and the OutSmart status per order.
 */
async function roundTrip(n8n: N8nInstance, bouwsoft: BouwsoftSimulator, outsmart: OutSmartSimulator, workflow: WorkflowJson): Promise<void> {
	const orders = outsmart.store.workorders;
	const picked = [orders.find((o) => String(o.WorkorderNo).startsWith('A-')), orders.find((o) => String(o.WorkorderNo).startsWith('P-'))].filter((o) => o !== undefined);
	const employees = bouwsoft.store.all('Employees').filter((e) => e.active && Number(e.nr) > 0);
	const jobs = bouwsoft.store.all('Jobs').filter((j) => String(j.code).trim() !== '');
	const products = bouwsoft.store.all('Products').filter((p) => String(p.nr1).trim() !== '');
	if (picked.length < 2 || !employees.length || !jobs.length || products.length < 2) {
		log('\nRound trip skipped: the full sync left no assignment and project work order to complete.');
		return;
	}
	log('\nOutSmart → Bouwsoft round trip: a technician completes two work orders in OutSmart ...');
	for (const [i, order] of picked.entries()) {
		const completed = outsmart.completeWorkorder(String(order.WorkorderNo), {
			periods: [
				{ date: '16-11-2026', begin: '07:30', end: '12:00', breakMinutes: 15, employeeNr: String(employees[0].nr), hourType: String(jobs[0].code) },
				{ date: '16-11-2026', begin: '12:30', end: '16:00', employeeNr: String(employees[Math.min(1, employees.length - 1)].nr), hourType: String(jobs[jobs.length - 1].code) },
			],
			materials: [{ code: String(products[i].nr1), quantity: 2 + i, name: String(products[i].description) }],
			remark: i === 0 ? 'Lekkage verholpen, klant tevreden.' : 'Fase 1 afgewerkt.',
		});
		log(`  ${order.WorkorderNo}: 2 work periods, 1 material, a remark; status ${completed.status}`);
	}
	const before = new Set([...bouwsoft.store.all('AssignmentLabor'), ...bouwsoft.store.all('AssignmentProducts')].map((l) => `${'from' in l ? 'h' : 'm'}${l.id}`));
	const isNew = (l: { id: number }, kind: 'h' | 'm') => !before.has(`${kind}${l.id}`);
	const trigger = workflow.nodes.find((node) => node.type === NODE_TYPES.outSmartTrigger)?.name ?? '';
	const run = await n8n.runManual(workflow.id!, trigger, { timeoutMs: 5 * 60 * 1000 });
	log(`"${workflow.name}" ran with status ${run.status}; in Bouwsoft now:`);
	for (const order of picked) {
		const number = String(order.WorkorderNo);
		const assignment = number.startsWith('A-')
			? bouwsoft.store.all('Assignments').find((a) => `A-${a.nr}` === number)
			: bouwsoft.store.all('Assignments').find((a) => String(a.subject).includes(number));
		if (!assignment) {
			log(`  ${number}: no Bouwsoft assignment found (see the execution in the editor)`);
			continue;
		}
		const all = (resource: string) => bouwsoft.store.all(resource).filter((l) => l.assignment_id === assignment.id);
		const hours = all('AssignmentLabor').filter((l) => isNew(l, 'h'));
		const materials = all('AssignmentProducts').filter((l) => isNew(l, 'm'));
		const office = all('AssignmentLabor').length + all('AssignmentProducts').length - hours.length - materials.length;
		const status = outsmart.store.workorders.find((o) => o.WorkorderNo === number)?.status;
		log(`  ${number} → assignment ${assignment.nr} (id ${assignment.id}${number.startsWith('P-') ? `, created under project ${assignment.project_pnr}` : ''}); OutSmart status now ${status}`);
		log(`      booked now: ${hours.length} hours and ${materials.length} material lines${office ? ` (next to ${office} lines the office had typed in)` : ''}`);
		for (const l of hours) log(`      hours     ${l.date} employee ${l.employee_id} job ${l.job_code || '-'} ${l.from}–${l.to} h, break ${l.break} h`);
		for (const l of materials) log(`      material  ${l.date} ${l.nr || l.description} × ${l.quantity} ${l.unit}`);
		const note = String(assignment.note_technician ?? '').trim().split('\n').slice(-2).join(' / ');
		if (note) log(`      note      …${note.slice(-100)}`);
	}
}

async function main(): Promise<void> {
	let n8n: N8nInstance | undefined;
	let bouwsoft: BouwsoftSimulator | undefined;
	let outsmart: OutSmartSimulator | undefined;
	let stopping = false;
	const cleanup = async (code: number) => {
		if (stopping) return;
		stopping = true;
		log('\nStopping n8n and the simulators ...');
		await n8n?.dispose().catch((error: Error) => log(`n8n: ${error.message}`));
		await bouwsoft?.close().catch(() => undefined);
		await outsmart?.close().catch(() => undefined);
		process.exit(code);
	};
	process.on('SIGINT', () => void cleanup(0));
	process.on('SIGTERM', () => void cleanup(0));

	try {
		bouwsoft = await startBouwsoftSimulator();
		outsmart = await startOutSmartSimulator();
		log(`Bouwsoft simulator: auth ${bouwsoft.authUrl}, data ${bouwsoft.dataUrl} (client ${bouwsoft.clientNr})`);
		if (bouwsoft.tls) log(`  its HTTPS test certificate ${bouwsoft.tls.caPath} is trusted by this n8n through NODE_EXTRA_CA_CERTS`);
		log(`OutSmart simulator: ${outsmart.baseUrl}`);

		n8n = await N8nInstance.create({ name: 'demo', port: await editorPort() });
		const credentials = simulatorCredentials(bouwsoft, outsmart);
		await n8n.importCredentials(credentials);
		const templates = loadTemplates(credentialRefs(credentials));
		if (templates.length) {
			await n8n.importWorkflows(templates.map((template) => template.workflow));
			log(`Imported ${templates.length} templates: ${templates.map((t) => t.workflow.name ?? t.file).join(', ')}`);
		} else {
			log('No templates found in workflows-templates/ (nothing imported).');
		}

		const fullSync = templates.find((template) => template.file.endsWith(FULL_SYNC_FILE));
		if (fullSync?.workflow.id) {
			log(`\nRunning "${fullSync.workflow.name}" once with n8n execute ...`);
			const result = await n8n.execute(fullSync.workflow.id, { timeoutMs: 15 * 60 * 1000 });
			const summary = result.run ? executionSummary(result.run) : undefined;
			log(`Full sync finished with status ${result.status}${summary ? `; nodes run: ${summary.nodes.length}` : ''}`);
			for (const [node, message] of Object.entries(summary?.errors ?? {})) log(`  error in ${node}: ${message}`);
			if (!result.run) log(`  (no run data; CLI output in ${result.cli.logFile})`);
			else {
				const writeNodes = fullSync.workflow.nodes
					.filter((node) => node.type === NODE_TYPES.outSmart)
					.sort((a, b) => a.position[1] - b.position[1])
					.map((node) => node.name);
				printPerCategory(result.run, writeNodes);
			}
		} else {
			log(`\nNo ${FULL_SYNC_FILE} template; skipping the first full sync.`);
		}
		printOutSmartCounts(outsmart);

		await n8n.start();
		const owner = await n8n.setupOwner();
		const exportWorkflow = templates.find((template) => template.file.endsWith(EXPORT_FILE))?.workflow;
		if (exportWorkflow?.id) await roundTrip(n8n, bouwsoft, outsmart, exportWorkflow);
		log('\n==============================================================');
		log(`n8n editor:  ${n8n.editorUrl}`);
		log(`login:       ${owner.email} / ${owner.password}`);
		log('Credentials "Bouwsoft (simulator)" and "OutSmart (simulator)" point at the simulators above.');
		log('Open a template and press "Execute workflow", or publish it to let it poll (interval in its sticky note).');
		log('Press Ctrl-C to stop everything.');
		log('==============================================================');
	} catch (error) {
		log(`\nDemo failed: ${(error as Error).message}`);
		await cleanup(1);
	}
}

void main();
