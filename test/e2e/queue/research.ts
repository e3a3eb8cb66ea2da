/**
 * One-off research runner (not a jest test): what state stores a community node reaches in real n8n 2.41.1, in
 * regular mode (sqlite) and queue mode (Postgres, executions on workers). Writes JSON results to $OUT_DIR (default
 * /tmp/queue-research-results). Run:
 *
 *   TS_NODE_PROJECT=tsconfig.test.json npx ts-node-transpile-only test/e2e/queue/research.ts [regular|queue|scheduler]...
 */
import * as fs from 'fs';
import * as path from 'path';
import { N8nInstance, sleepMs } from '../lib/n8n';
import { installPackageFolder, QueueCluster } from '../lib/queueCluster';
import { workflowIdFor } from '../lib/workflows';
import { genericWebhookProbeWorkflow, manualProbeWorkflow, pollProbeWorkflow, probeOutput, STORE_PROBE_DIR } from './probeWorkflows';

const OUT_DIR = process.env.OUT_DIR ?? '/tmp/queue-research-results';
fs.mkdirSync(OUT_DIR, { recursive: true });
const save = (name: string, value: unknown) => {
	fs.writeFileSync(path.join(OUT_DIR, `${name}.json`), JSON.stringify(value, null, 2));
	process.stderr.write(`[research] saved ${name}\n`);
};

async function callProbe(baseUrl: string, hookPath: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
	const started = Date.now();
	let res: Response;
	let text: string;
	// "ready" is not "workflows activated": production webhooks are registered shortly AFTER /healthz/readiness
	for (let attempt = 0; ; attempt++) {
		res = await fetch(`${baseUrl}/webhook/${hookPath}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		text = await res.text();
		if (res.status !== 404 || attempt >= 120) break;
		await sleepMs(500);
	}
	let json: Record<string, unknown>;
	try {
		json = JSON.parse(text) as Record<string, unknown>;
	} catch {
		json = { raw: text.slice(0, 2000) };
	}
	return { httpStatus: res.status, wallMs: Date.now() - started, ...json };
}

const hookId = workflowIdFor('store-research-hook');
const hookPath = 'store-probe';
const pollId = workflowIdFor('store-research-poll');
const manualDtId = workflowIdFor('store-research-manual-dt');
const manualDedupId = workflowIdFor('store-research-manual-dd');

async function regular(): Promise<void> {
	const n8n = await N8nInstance.create({ name: 'store-regular', packages: [], keepWorkDir: true, env: { E2E_PROCESS_LABEL: 'regular-main' } });
	installPackageFolder(STORE_PROBE_DIR, n8n.workDir);
	const results: Record<string, unknown> = { workDir: n8n.workDir };
	try {
		await n8n.importWorkflows([
			genericWebhookProbeWorkflow(hookId, hookPath),
			pollProbeWorkflow(pollId),
			manualProbeWorkflow(manualDtId, { action: 'dataTable', n: 500, table: 'manual_dt' }),
			manualProbeWorkflow(manualDedupId, { action: 'dedup', n: 500, scope: 'node' }),
		]);
		await n8n.publish(hookId);
		// CLI execute (mode 'cli', no server)
		const cliDt = await n8n.execute(manualDtId);
		results.cliDataTable = cliDt.run ? probeOutput(cliDt.run) : cliDt.status;
		const cliDedup = await n8n.execute(manualDedupId);
		results.cliDedup = cliDedup.run ? probeOutput(cliDedup.run) : cliDedup.status;
		save('regular', results);
		await n8n.start();
		results.whoami = await callProbe(n8n.baseUrl, hookPath, { action: 'whoami' });
		results.dataTable500 = await callProbe(n8n.baseUrl, hookPath, { action: 'dataTable', n: 500 });
		save('regular', results);
		for (const n of [500, 5000]) {
			results[`dedupNode${n}`] = await callProbe(n8n.baseUrl, hookPath, { action: 'dedup', n, scope: 'node' });
			save('regular', results);
		}
		results.dedupWorkflow500 = await callProbe(n8n.baseUrl, hookPath, { action: 'dedup', n: 500, scope: 'workflow' });
		// 20,000 and 100,000 keys: one call each (cost of a single batched call against a big stored set)
		results.dedupRecord20k = await callProbe(n8n.baseUrl, hookPath, {
			action: 'dedupRecord',
			scope: 'workflow',
			keys: Array.from({ length: 20000 }, (_, i) => `big-${i}`).join(','),
		});
		results.dedupRecord100k = await callProbe(n8n.baseUrl, hookPath, {
			action: 'dedupRecord',
			scope: 'workflow',
			keys: Array.from({ length: 100000 }, (_, i) => `huge-${i}`).join(','),
		});
		results.dedupRecordSmallAfter120k = await callProbe(n8n.baseUrl, hookPath, { action: 'dedupRecord', scope: 'workflow', keys: 'huge-1,new-1' });
		save('regular', results);
		const manualDt = await n8n.runManual(manualDtId, 'Manual');
		results.manualDataTable = probeOutput(manualDt);
		const manualPoll = await n8n.runManual(pollId, 'Store Probe Trigger');
		results.manualPoll = probeOutput(manualPoll, 'Store Probe Trigger');
		save('regular', results);
		await n8n.publish(pollId);
		const polls = await n8n.waitForExecutions(pollId, (list) => list.some((e) => e.mode === 'trigger'), 60_000, { includeData: true });
		results.activePoll = probeOutput(polls.find((e) => e.mode === 'trigger')!, 'Store Probe Trigger');
		results.processedDataRows = await n8n.queryDb('select "workflowId", context, length(value) as len, substr(value, 1, 120) as head from processed_data');
		results.tables = await n8n.queryDb("select name from sqlite_master where type='table' and (name like '%processed%' or name like '%poller%' or name like '%data_table%')");
		save('regular', results);
	} finally {
		await n8n.dispose();
	}
}

async function queue(): Promise<void> {
	const cluster = await QueueCluster.create({ name: 'store-queue', workers: 2, extraPackages: [STORE_PROBE_DIR], keepWorkDir: true });
	const results: Record<string, unknown> = { workDir: cluster.main.workDir };
	const base = () => cluster.main.baseUrl;
	const call = (body: Record<string, unknown>) => callProbe(base(), hookPath, body);
	try {
		await cluster.main.importWorkflows([genericWebhookProbeWorkflow(hookId, hookPath), pollProbeWorkflow(pollId), manualProbeWorkflow(manualDtId, { action: 'dataTable', n: 500 })]);
		await cluster.main.publish(hookId);
		await cluster.start();
		results.whoami = await call({ action: 'whoami' });
		results.dataTable500 = await call({ action: 'dataTable', n: 500 });
		results.dedupNode500 = await call({ action: 'dedup', n: 500, scope: 'node' });
		results.dedupNode5000 = await call({ action: 'dedup', n: 5000, scope: 'node' });
		save('queue', results);
		// cross-worker: only worker-1 up
		await cluster.stopWorker(1);
		await call({ action: 'dedupRecord', scope: 'workflow', keys: 'reset-marker' }); // ensure row exists
		results.crossW1 = await call({ action: 'dedupRecord', scope: 'workflow', keys: 'x1,x2' });
		await cluster.startWorker(1);
		await cluster.stopWorker(0);
		results.crossW2 = await call({ action: 'dedupRecord', scope: 'workflow', keys: 'x1,x3' });
		results.processedDataRows = await cluster.queryDb(`select "workflowId", context, length(value::text) as len, left(value::text, 120) as head from processed_data`);
		save('queue', results);
		await cluster.startWorker(0);
		// manual runs are offloaded to workers as well
		const manual = await cluster.main.runManual(manualDtId, 'Manual');
		results.manualDataTable = { output: probeOutput(manual), workers: cluster.workersOfExecution(manual.id) };
		const manualPoll = await cluster.main.runManual(pollId, 'Store Probe Trigger');
		results.manualPoll = { output: probeOutput(manualPoll, 'Store Probe Trigger'), workers: cluster.workersOfExecution(manualPoll.id) };
		save('queue', results);
		// SIGKILL a worker mid-execution
		const slow = call({ action: 'whoami', sleepMs: 20000 });
		let victim: { execId: string; worker: string } | undefined;
		for (let i = 0; i < 80 && !victim; i++) {
			await sleepMs(250);
			const byWorker = cluster.executionsByWorker();
			const rows = await cluster.executionRows(hookId);
			const running = rows.filter((r) => r.status === 'running').map((r) => r.id);
			for (const [worker, ids] of Object.entries(byWorker)) {
				const id = ids.find((x) => running.includes(x));
				if (id) victim = { execId: id, worker };
			}
		}
		results.killVictim = victim;
		if (victim) {
			const index = cluster.workers.findIndex((w) => w.label === victim!.worker);
			const killedAt = Date.now();
			await cluster.killWorker(index);
			const timeline: unknown[] = [];
			const slowResult = slow.then((r) => ({ at: Date.now() - killedAt, r }));
			for (let t = 0; t < 75; t += 5) {
				const row = (await cluster.executionRows(hookId)).find((r) => r.id === victim!.execId);
				timeline.push({ t, status: row?.status, finished: row?.finished, workers: cluster.workersOfExecution(victim.execId) });
				await sleepMs(5000);
			}
			results.killTimeline = timeline;
			results.killWebhookResponse = await Promise.race([slowResult, sleepMs(1000).then(() => 'no response yet')]);
			await cluster.startWorker(index);
			await sleepMs(3000);
			const row = (await cluster.executionRows(hookId)).find((r) => r.id === victim!.execId);
			results.killAfterRestart = { row, workers: cluster.workersOfExecution(victim.execId) };
		}
		save('queue', results);
		// restart main: webhook still served, executions still on workers
		await cluster.restartMain();
		results.afterMainRestart = await call({ action: 'dedupRecord', scope: 'workflow', keys: 'x1,x4' });
		save('queue', results);
	} finally {
		await cluster.dispose();
	}
}

/** Lost updates: concurrent executions recording disjoint keys into the same dedup context (regular mode). */
async function race(): Promise<void> {
	const n8n = await N8nInstance.create({ name: 'store-race', packages: [], keepWorkDir: true });
	installPackageFolder(STORE_PROBE_DIR, n8n.workDir);
	const results: Record<string, unknown> = { workDir: n8n.workDir };
	try {
		await n8n.importWorkflows([genericWebhookProbeWorkflow(hookId, hookPath)]);
		await n8n.publish(hookId);
		await n8n.start();
		await callProbe(n8n.baseUrl, hookPath, { action: 'dedupRecord', scope: 'workflow', keys: 'seed' });
		const calls = await Promise.all(
			Array.from({ length: 10 }, (_, c) =>
				callProbe(n8n.baseUrl, hookPath, { action: 'dedupRecord', scope: 'workflow', keys: Array.from({ length: 2000 }, (_, i) => `c${c}-${i}`).join(',') }),
			),
		);
		results.newPerCall = calls.map((c) => ((c.dedup as { result?: { new?: unknown[] } })?.result?.new ?? []).length);
		const after = await callProbe(n8n.baseUrl, hookPath, { action: 'dedupRecord', scope: 'workflow', keys: 'seed' });
		results.expectedCount = 1 + 10 * 2000;
		results.actualCount = (after.dedup as { count?: number })?.count;
		save('race', results);
	} finally {
		await n8n.dispose();
	}
}

async function scheduler(withDurableCursors = true): Promise<void> {
	const env: Record<string, string> = {
		N8N_SCHEDULER_ENABLED: 'true',
		N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true',
		N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'true',
	};
	if (withDurableCursors) env.N8N_POLLER_DURABLE_CURSORS_ENABLED = 'true';
	const name = withDurableCursors ? 'scheduler' : 'scheduler3';
	const n8n = await N8nInstance.create({ name: 'store-scheduler', packages: [], keepWorkDir: true, env });
	installPackageFolder(STORE_PROBE_DIR, n8n.workDir);
	const results: Record<string, unknown> = { workDir: n8n.workDir, env };
	try {
		await n8n.importWorkflows([pollProbeWorkflow(pollId)]);
		await n8n.publish(pollId);
		await n8n.start();
		const polls = await n8n.waitForExecutions(pollId, (list) => list.some((e) => e.mode === 'trigger'), 90_000, { includeData: true }).catch((e) => String(e.message).slice(0, 300));
		results.polls = Array.isArray(polls) ? polls.map((e) => ({ id: e.id, mode: e.mode, status: e.status, out: probeOutput(e, 'Store Probe Trigger') })) : polls;
		results.pollerState = await n8n.queryDb('select * from poller_state').catch((e) => String(e.message));
		results.staticData = await n8n.getStaticData(pollId);
		results.logLines = n8n.grepServerLog(/durable|scheduler|Scheduler|poller|cursor|publication|WARN|warn/i).slice(0, 40);
		save(name, results);
	} finally {
		await n8n.dispose();
	}
}

(async () => {
	const phases = process.argv.slice(2).length ? process.argv.slice(2) : ['regular', 'queue', 'scheduler'];
	for (const phase of phases) {
		const started = Date.now();
		try {
			if (phase === 'regular') await regular();
			if (phase === 'queue') await queue();
			if (phase === 'scheduler') await scheduler();
			if (phase === 'scheduler3') await scheduler(false);
			if (phase === 'race') await race();
		} catch (error) {
			process.stderr.write(`[research] ${phase} failed: ${(error as Error).stack}\n`);
			save(`${phase}-error`, String((error as Error).stack));
		}
		process.stderr.write(`[research] ${phase} took ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
	}
	process.exit(0);
})();
