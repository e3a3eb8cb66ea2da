/**
 * Records every log call made through n8n-workflow's `LoggerProxy` and through the `this.logger` of node
 * execution contexts (n8n-core resolves it from its DI container). Each harness run collects its own entries
 * via AsyncLocalStorage, so concurrent runs in one test don't mix their logs.
 */
import './env';
import { AsyncLocalStorage } from 'async_hooks';
import { LoggerProxy } from 'n8n-workflow';
import type { Logger, LogMetadata } from 'n8n-workflow';

import { BackendLoggerToken, Container } from './container';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface LogEntry {
	level: LogLevel;
	message: string;
	metadata?: LogMetadata;
	/** `LoggerProxy` = n8n-workflow's global proxy; `context` = `this.logger` / n8n-core's DI logger. */
	source: 'LoggerProxy' | 'context';
}

const runLogs = new AsyncLocalStorage<LogEntry[]>();

/** Entries logged outside any harness run (e.g. at module load or by a timer). */
const strayLogs: LogEntry[] = [];

/** When set (HARNESS_PRINT_LOGS=1) every entry is also written to stderr, for debugging a failing test. */
const printLogs = process.env.HARNESS_PRINT_LOGS === '1';

function record(entry: LogEntry): void {
	(runLogs.getStore() ?? strayLogs).push(entry);
	if (printLogs) {
		process.stderr.write(`[${entry.source}:${entry.level}] ${entry.message} ${entry.metadata ? safeJson(entry.metadata) : ''}\n`);
	}
}

function makeLogger(source: LogEntry['source']): Logger & { scoped(): unknown } {
	const at =
		(level: LogLevel) =>
		(message: string, metadata?: LogMetadata): void =>
			record({ level, message: String(message), metadata, source });
	const logger = {
		error: at('error'),
		warn: at('warn'),
		info: at('info'),
		debug: at('debug'),
		// n8n-core services call `logger.scoped('cron')` etc.
		scoped: () => logger,
	};
	return logger;
}

const proxyLogger = makeLogger('LoggerProxy');
const contextLogger = makeLogger('context');

/** Installs the capturing loggers. Idempotent and cheap; every run calls it (someone may have re-initialised LoggerProxy). */
export function installLogCapture(): void {
	LoggerProxy.init(proxyLogger);
	Container.set(BackendLoggerToken, contextLogger);
}

/** Runs `fn` with its own log buffer; returns the buffer together with the result. */
export async function withLogCapture<T>(fn: () => Promise<T>): Promise<{ value: T; logs: LogEntry[] }> {
	installLogCapture();
	const logs: LogEntry[] = [];
	const value = await runLogs.run(logs, fn);
	return { value, logs };
}

/** Log entries recorded outside of any harness run; `clear` empties the buffer. */
export function getStrayLogs(clear = false): LogEntry[] {
	const copy = [...strayLogs];
	if (clear) strayLogs.length = 0;
	return copy;
}

function safeJson(value: unknown): string {
	try {
		return JSON.stringify(value, (_key, v: unknown) => (v instanceof Error ? { message: v.message, stack: v.stack } : v));
	} catch {
		return String(value);
	}
}

/** One string per entry (message + metadata, errors expanded), for substring checks. */
export function logsToText(logs: LogEntry[]): string {
	return logs.map((entry) => `${entry.level} ${entry.message} ${entry.metadata ? safeJson(entry.metadata) : ''}`).join('\n');
}

/** The entries whose message or metadata contains any of the given secrets (empty strings are ignored). */
export function findSecretsInLogs(logs: LogEntry[], secrets: Array<string | number | undefined | null>): LogEntry[] {
	const needles = secrets.filter((s): s is string | number => s !== undefined && s !== null && String(s) !== '').map(String);
	return logs.filter((entry) => {
		const text = `${entry.message} ${entry.metadata ? safeJson(entry.metadata) : ''}`;
		return needles.some((needle) => text.includes(needle));
	});
}
