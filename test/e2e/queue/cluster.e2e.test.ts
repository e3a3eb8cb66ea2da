/**
 * Smoke test of the queue-mode cluster (lib/queueCluster.ts): Postgres + Redis + n8n main + 2 workers. A published
 * webhook workflow (Webhook -> Store Probe "whoami", 1.5 s sleep) is called 8 times at once; every execution must
 * have run in a worker process (the probe reports its pid and E2E_PROCESS_LABEL), both workers must have taken
 * jobs, and the worker logs ("Worker started execution <id>") must agree with what the probe saw.
 *
 *   npx jest --config test/e2e/jest.config.js queue/cluster
 */
import { QueueCluster } from '../lib/queueCluster';
import { workflowIdFor } from '../lib/workflows';
import { probeOutput, STORE_PROBE_DIR, STORE_PROBE_TYPES, webhookProbeWorkflow } from './probeWorkflows';

jest.setTimeout(5 * 60 * 1000);

describe('n8n queue mode (main + 2 workers, Postgres, Redis)', () => {
	let cluster: QueueCluster;
	const workflowId = workflowIdFor('queue-smoke-webhook');
	const webhookPath = 'queue-smoke';

	beforeAll(async () => {
		cluster = await QueueCluster.create({ name: 'queue-smoke', workers: 2, extraPackages: [STORE_PROBE_DIR] });
		await cluster.main.importWorkflows([webhookProbeWorkflow(workflowId, webhookPath, { action: 'whoami', sleepMs: 1500 })]);
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

	it('runs webhook executions on the workers, not on main', async () => {
		const pids = cluster.pids();
		const responses = await Promise.all(
			Array.from({ length: 8 }, async (_, i) => {
				const res = await fetch(`${cluster.main.baseUrl}/webhook/${webhookPath}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ i }),
				});
				const text = await res.text();
				if (!res.ok) throw new Error(`webhook call ${i}: ${res.status} ${text.slice(0, 500)}`);
				return JSON.parse(text) as { who: { pid: number; processLabel: string; executionId: string; mode: string } };
			}),
		);
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
});
