/** The benchmark's handle on the simulator host child process (see simHost.ts). */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

import type { PayloadBytes, SimCounts, SimHostCommand, SimHostInfo, SimHostStart } from './simProtocol';

export class SimHost {
	private child: ChildProcess;

	private nextId = 1;

	private pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

	info!: SimHostInfo;

	constructor() {
		this.child = fork(path.join(__dirname, 'simHost.ts'), [], {
			execArgv: ['-r', 'ts-node/register/transpile-only', '--max-old-space-size=4096'],
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
			env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
		});
		this.child.on('message', (message: { id: number; result?: unknown; error?: string }) => {
			const waiter = this.pending.get(message.id);
			if (!waiter) return;
			this.pending.delete(message.id);
			if (message.error) waiter.reject(new Error(`simulator host: ${message.error}`));
			else waiter.resolve(message.result);
		});
		this.child.on('exit', (code) => {
			for (const waiter of this.pending.values()) waiter.reject(new Error(`simulator host exited (${code})`));
			this.pending.clear();
		});
	}

	private call<T>(command: SimHostCommand): Promise<T> {
		const id = this.nextId++;
		return new Promise<T>((resolve, reject) => {
			this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
			this.child.send({ id, command });
		});
	}

	async start(options: SimHostStart): Promise<SimHostInfo> {
		this.info = await this.call<SimHostInfo>({ type: 'start', options });
		return this.info;
	}

	counts = () => this.call<SimCounts>({ type: 'counts' });
	resetCounts = () => this.call<SimCounts>({ type: 'resetCounts' });
	resetOutSmart = () => this.call<null>({ type: 'resetOutSmart' });
	setLatency = (bouwsoftMs: number, outsmartMs: number) => this.call<null>({ type: 'setLatency', bouwsoftMs, outsmartMs });
	mutate = (resource: string, count: number, field: string) =>
		this.call<{ changed: number }>({ type: 'mutate', resource, count, field });
	outsmartCounts = (endpoints: string[]) => this.call<Record<string, number>>({ type: 'outsmartCounts', endpoints });
	payloadBytes = (bouwsoftResources: string[], outsmartEndpoints: string[]) =>
		this.call<PayloadBytes>({ type: 'payloadBytes', bouwsoftResources, outsmartEndpoints });
	memory = () => this.call<number>({ type: 'memory' });

	async stop(): Promise<void> {
		try {
			await Promise.race([this.call({ type: 'stop' }), new Promise((r) => setTimeout(r, 3000))]);
		} finally {
			if (this.child.exitCode === null) this.child.kill();
		}
	}

	credentials() {
		return {
			bouwsoftApi: { clientNr: this.info.clientNr, refreshToken: this.info.refreshToken, authUrl: this.info.authUrl },
			outSmartApi: {
				baseUrl: this.info.outsmartBaseUrl,
				token: this.info.outsmartToken,
				softwareToken: this.info.outsmartSoftwareToken,
			},
		};
	}
}
