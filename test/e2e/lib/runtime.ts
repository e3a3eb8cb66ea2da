/** One n8n set-up for an e2e story: a single n8n process (regular mode) or a queue-mode cluster (main + 2 workers). */
import { N8nInstance } from './n8n';
import { QueueCluster } from './queueCluster';

export interface RuntimeOptions {
	/** names the n8n work folders */
	label: string;
	mode: 'regular' | 'queue';
	/** extra n8n environment */
	env?: Record<string, string>;
}

export interface Runtime {
	main: N8nInstance;
	cluster?: QueueCluster;
	start(): Promise<void>;
	stopMain(): Promise<void>;
	startMain(): Promise<void>;
	/** SQL with $1.. placeholders (each used once, in order) on n8n's database */
	db<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
	workerOf(executionId: string): string;
	dispose(): Promise<void>;
}

export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
	const name = `sync-${options.label.replace(/[^a-z0-9]+/gi, '-')}`;
	if (options.mode === 'queue') {
		const cluster = await QueueCluster.create({ name, workers: 2, env: options.env });
		return {
			main: cluster.main,
			cluster,
			start: () => cluster.start(),
			stopMain: () => cluster.main.stop(),
			startMain: () => cluster.main.start(),
			db: (sql, params) => cluster.queryDb(sql, params),
			workerOf: (id) => cluster.workersOfExecution(id).join('+') || '?',
			dispose: () => cluster.dispose(),
		};
	}
	const main = await N8nInstance.create({ name, env: options.env });
	return {
		main,
		start: () => main.start(),
		stopMain: () => main.stop(),
		startMain: () => main.start(),
		db: (sql, params) => main.queryDb(sql.replace(/\$\d+/g, '?'), params),
		workerOf: () => 'main',
		dispose: () => main.dispose(),
	};
}

