/**
 * Smoke test of the queue-mode cluster (lib/queueCluster.ts): Postgres + Redis + n8n main + 2 workers, plus the key
 * facts of the state-store research (README.md in this folder), all on ONE cluster:
 *
 * - a published webhook workflow (Webhook -> Store Probe, parameters from the POST body) is called 8 times at once
 *   ("whoami", 1.5 s sleep); every execution must have run in a worker process (the probe reports its pid and
 *   E2E_PROCESS_LABEL), both workers must have taken jobs, and the worker logs must agree with what the probe saw;
 * - Data Tables: inside a worker execution `helpers.getDataTableAggregateProxy()` exists but is refused for a
 *   community node (n8n's allow-list of Data table node types);
 * - deduplication store: keys recorded by an execution on one worker are `processed` for a later execution on the
 *   other worker (one JSON row in Postgres `processed_data`, md5/base64 of each key);
 * - poll(): neither the Data Table nor the deduplication helpers exist (manual "Fetch test event" of a poll trigger).
 *
 *   npx jest --config test/e2e/jest.config.js queue/cluster
 */
import * as crypto from 'crypto';
import { QueueCluster } from '../lib/queueCluster';
import { workflowIdFor } from '../lib/workflows';
import { genericWebhookProbeWorkflow, pollProbeWorkflow, probeOutput, STORE_PROBE_DIR, STORE_PROBE_TYPES } from './probeWorkflows';

jest.setTimeout(5 * 60 * 1000);

type Who = { pid: number; processLabel: string; executionId: string; mode: string; helpers: Record<string, string> };
type ProbeResponse = {
	who: Who;
	error?: string;
	dataTable?: Record<string, unknown> & { getDataTableAggregateProxy?: { ms: number; error?: string } };
	dedup?: { scope: string; result?: { new: string[]; processed: string[] }; count?: number | string; checkAndRecord?: { error?: string } };
};

const md5 = (key: string) => crypto.createHash('md5').update(key).digest('base64');

describe('n8n queue mode (main + 2 workers, Postgres, Redis)', () => {
	let cluster: QueueCluster;
	const workflowId = workflowIdFor('queue-smoke-webhook');
	const pollWorkflowId = workflowIdFor('queue-smoke-poll');
	const webhookPath = 'queue-smoke';

	/** POST to the probe webhook; the body sets the probe's parameters (action, sleepMs, scope, keys...). */
	async function callProbe(body: Record<string, unknown>): Promise<ProbeResponse> {
		const res = await fetch(`${cluster.main.baseUrl}/webhook/${webhookPath}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`webhook call ${JSON.stringify(body).slice(0, 200)}: ${res.status} ${text.slice(0, 500)}`);
		const json = JSON.parse(text) as ProbeResponse;
		if (json.error) throw new Error(`probe failed: ${json.error}`);
		return json;
	}

	beforeAll(async () => {
		cluster = await QueueCluster.create({ name: 'queue-smoke', workers: 2, extraPackages: [STORE_PROBE_DIR] });
		await cluster.main.importWorkflows([genericWebhookProbeWorkflow(workflowId, webhookPath), pollProbeWorkflow(pollWorkflowId)]);
		await cluster.main.publish(workflowId);
		await cluster.start();
		// /healthz/readiness comes BEFORE the published workflows are activated: wait for the webhook itself.
		await cluster.waitForWebhook(webhookPath);
	});

	afterAll(async () => {
		await cluster?.dispose();
	});

	it('loads the probe package in main', async () => {
		expect(await cluster.main.loadedNodeTypes()).toEqual(expect.arrayContaining([STORE_PROBE_TYPES.node, STORE_PROBE_TYPES.trigger]));
	});

	// must stay the first test calling the webhook: it counts the workflow's executions
	it('runs webhook executions on the workers, not on main', async () => {
		const pids = cluster.pids();
		const responses = await Promise.all(Array.from({ length: 8 }, (_, i) => callProbe({ action: 'whoami', sleepMs: 1500, i })));
		const labels = responses.map((r) => r.who.processLabel);
		expect(labels.every((label) => /^worker-\d$/.test(label))).toBe(true);
		expect(new Set(labels)).toEqual(new Set(['worker-1', 'worker-2']));
		for (const { who } of responses) {
			expect(who.pid).not.toBe(pids.main);
			expect(who.pid).toBe(pids[who.processLabel]);
			expect(who.mode).toBe('webhook');
		}

		const executions = await cluster.main.waitForExecutions(workflowId, (list) => list.length >= 8, 60_000, { includeData: true });
		expect(executions.map((e) => e.status)).toEqual(Array(8).fill('success'));
		for (const execution of executions) {
			const who = probeOutput(execution)?.who as { processLabel: string; executionId: string };
			expect(who.executionId).toBe(execution.id);
			expect(cluster.workersOfExecution(execution.id)).toEqual([who.processLabel]);
		}
		const rows = await cluster.executionRows(workflowId);
		expect(rows).toHaveLength(8);
		process.stderr.write(`[e2e-queue] executions by worker: ${JSON.stringify(cluster.executionsByWorker())}\n`);
	});

	it('refuses Data Tables to a community node inside a worker execution (allow-list of n8n node types)', async () => {
		const { who, dataTable } = await callProbe({ action: 'dataTable', n: 5, table: 'queue_smoke' });
		expect(who.processLabel).toMatch(/^worker-\d$/);
		expect(cluster.workersOfExecution(who.executionId)).toEqual([who.processLabel]);
		// the helpers exist on the context ...
		expect(who.helpers.getDataTableAggregateProxy).toBe('function');
		expect(who.helpers.getDataTableProxy).toBe('function');
		// ... but the first call throws, before any table is listed or created
		expect(dataTable?.getDataTableAggregateProxy?.error).toBe('This proxy is only available for Data table nodes');
		expect(dataTable?.getDataTableAggregateProxy?.error).toContain('only available for Data table nodes');
		expect(dataTable).not.toHaveProperty('projectId');
		expect(dataTable).not.toHaveProperty('table');
		expect(await cluster.queryDb<{ n: number }>('select count(*)::int as n from data_table')).toEqual([{ n: 0 }]);
	});

	it("shares the deduplication store (scope 'workflow', mode 'entries') between workers through Postgres", async () => {
		const first = await callProbe({ action: 'dedupRecord', scope: 'workflow', keys: 'order-1,order-2' });
		const firstWorker = first.who.processLabel;
		expect(firstWorker).toMatch(/^worker-\d$/);
		expect(cluster.workersOfExecution(first.who.executionId)).toEqual([firstWorker]);
		expect(first.dedup?.result).toEqual({ new: ['order-1', 'order-2'], processed: [] });
		expect(first.dedup?.count).toBe(2);

		// Bull hands the next job to the worker that has waited longest, i.e. usually the other one; bounded retry,
		// then (deterministic fallback) stop the first worker so the job must go to the other one.
		let other: ProbeResponse | undefined;
		let recorded = 2;
		for (let attempt = 1; attempt <= 6 && !other; attempt++) {
			const next = await callProbe({ action: 'dedupRecord', scope: 'workflow', keys: `order-1,order-${2 + attempt}` });
			recorded++;
			expect(next.dedup?.result).toEqual({ new: [`order-${2 + attempt}`], processed: ['order-1'] });
			expect(next.dedup?.count).toBe(recorded);
			if (next.who.processLabel !== firstWorker) {
				other = next;
				process.stderr.write(`[e2e-queue] dedup: recorded on ${firstWorker}, seen as processed on ${next.who.processLabel} (attempt ${attempt})\n`);
			}
		}
		if (!other) {
			process.stderr.write(`[e2e-queue] every dedup call ran on ${firstWorker}; stopping it to route the next one\n`);
			const index = cluster.workers.findIndex((w) => w.label === firstWorker);
			await cluster.stopWorker(index);
			other = await callProbe({ action: 'dedupRecord', scope: 'workflow', keys: 'order-1,order-99' });
			recorded++;
			expect(other.dedup?.result).toEqual({ new: ['order-99'], processed: ['order-1'] });
			expect(other.dedup?.count).toBe(recorded);
			await cluster.startWorker(index);
		}
		expect(other.who.processLabel).toMatch(/^worker-\d$/);
		expect(other.who.processLabel).not.toBe(firstWorker);
		expect(cluster.workersOfExecution(other.who.executionId)).toEqual([other.who.processLabel]);
		expect(other.who.pid).not.toBe(first.who.pid);

		// one JSON row for the whole 'workflow' context (context ''), holding md5/base64 hashes only
		const rows = await cluster.queryDb<{ context: string; value: unknown }>(
			'select context, value from processed_data where "workflowId" = $1',
			[workflowId],
		);
		expect(rows).toHaveLength(1);
		expect(rows[0].context).toBe('');
		const value = (typeof rows[0].value === 'string' ? JSON.parse(rows[0].value) : rows[0].value) as { mode: string; data: string[] };
		expect(value.mode).toBe('entries');
		expect(value.data).toHaveLength(recorded);
		expect(value.data).toEqual(expect.arrayContaining([md5('order-1'), md5('order-2')]));
		expect(value.data.every((entry) => entry.length === 24)).toBe(true);
		expect(JSON.stringify(value)).not.toContain('order-1');
	});

	it('gives poll() neither the deduplication nor the Data Table helpers', async () => {
		const execution = await cluster.main.runManual(pollWorkflowId, 'Store Probe Trigger');
		expect(execution.status).toBe('success');
		const out = probeOutput(execution, 'Store Probe Trigger') as {
			mode: string;
			pid: number;
			found: Record<string, string>;
			calls: Record<string, unknown>;
			helperKeys: string[];
		};
		expect(out.mode).toBe('manual');
		// manual runs are offloaded to the workers (OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true)
		const [worker] = cluster.workersOfExecution(execution.id);
		expect(worker).toMatch(/^worker-\d$/);
		expect(out.pid).toBe(cluster.pids()[worker]);
		expect(out.found).toEqual({
			getDataTableProxy: 'undefined',
			getDataTableAggregateProxy: 'undefined',
			checkProcessedAndRecord: 'undefined',
			checkProcessedItemsAndRecord: 'undefined',
			removeProcessed: 'undefined',
			clearAllProcessedItems: 'undefined',
			getProcessedDataCount: 'undefined',
		});
		expect(out.calls.checkProcessedAndRecord).toBe('error: helpers.checkProcessedAndRecord is not a function');
		expect(out.helperKeys).toEqual(expect.arrayContaining(['httpRequest', 'registerCron', 'returnJsonArray']));
		expect(out.helperKeys.some((key) => /processed|dataTable/i.test(key))).toBe(false);
	});
});
