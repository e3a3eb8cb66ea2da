/**
 * Child processes of the e2e suite: every process is started as the leader of its own process group, so that
 * stopping it (by pid, negative = the group) also stops what it spawned (n8n's task runners). All live groups are
 * killed when this process exits or gets SIGINT/SIGTERM, also when a test fails half-way.
 */
import { ChildProcess, spawn, SpawnOptions } from 'child_process';
import * as fs from 'fs';

const live = new Map<number, string>();
let hooksInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		try {
			process.kill(pid, signal);
		} catch {
			// already gone
		}
	}
}

function installExitHooks(): void {
	if (hooksInstalled) return;
	hooksInstalled = true;
	process.on('exit', () => {
		for (const pid of live.keys()) killGroup(pid, 'SIGKILL');
	});
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.once(signal, () => {
			for (const pid of live.keys()) killGroup(pid, 'SIGTERM');
			setTimeout(() => {
				for (const pid of live.keys()) killGroup(pid, 'SIGKILL');
				process.exit(signal === 'SIGINT' ? 130 : 143);
			}, 1500).unref();
		});
	}
}

export interface TrackedProcess {
	child: ChildProcess;
	pid: number;
	label: string;
	/** resolves when the process has exited */
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
	isRunning(): boolean;
}

/** Spawn `command args` in its own process group; stdout+stderr go to `logFile` (appended). */
export function spawnTracked(
	label: string,
	command: string,
	args: string[],
	options: SpawnOptions & { logFile: string },
): TrackedProcess {
	installExitHooks();
	const fd = fs.openSync(options.logFile, 'a');
	const child = spawn(command, args, {
		...options,
		detached: true,
		stdio: ['ignore', fd, fd],
	});
	fs.closeSync(fd);
	if (child.pid === undefined) throw new Error(`could not start ${label}`);
	const pid = child.pid;
	live.set(pid, label);
	let running = true;
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
		child.once('exit', (code, signal) => {
			running = false;
			live.delete(pid);
			resolve({ code, signal });
		});
		child.once('error', () => {
			running = false;
			live.delete(pid);
			resolve({ code: -1, signal: null });
		});
	});
	return { child, pid, label, exited, isRunning: () => running };
}

/** SIGTERM the process group, SIGKILL it after `graceMs`. Resolves when the leader has exited. */
export async function stopTracked(proc: TrackedProcess, graceMs = 15000): Promise<void> {
	if (!proc.isRunning()) {
		killGroup(proc.pid, 'SIGKILL'); // leftover runners of an exited leader
		return;
	}
	killGroup(proc.pid, 'SIGTERM');
	const timer = setTimeout(() => killGroup(proc.pid, 'SIGKILL'), graceMs);
	await proc.exited;
	clearTimeout(timer);
	killGroup(proc.pid, 'SIGKILL');
}

/** Labels and pids of processes still running (for diagnostics). */
export function liveProcesses(): Array<{ pid: number; label: string }> {
	return [...live.entries()].map(([pid, label]) => ({ pid, label }));
}
