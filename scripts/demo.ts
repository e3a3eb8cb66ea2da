/**
 * `npm run demo` (after scripts/demo.sh built the package and made sure n8n is installed): both simulators with seed
 * data, a real n8n with this package, credentials pointing at the simulators and every template imported; runs the
 * full-sync template once, prints what arrived in OutSmart, the editor URL and login, and keeps running until Ctrl-C.
 */
import * as net from 'net';
import { startBouwsoftSimulator } from '../test/simulators/bouwsoft';
import type { BouwsoftSimulator } from '../test/simulators/bouwsoft';
import { ENTITY_NAMES, startOutSmartSimulator } from '../test/simulators/outsmart';
import type { OutSmartSimulator } from '../test/simulators/outsmart';
import { simulatorCredentials } from '../test/e2e/lib/credentials';
import { N8nInstance } from '../test/e2e/lib/n8n';
import { freePort } from '../test/e2e/lib/net';
import { allRunItems } from '../test/e2e/lib/templateRun';
import type { ExecutionDetails } from '../test/e2e/lib/types';
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
