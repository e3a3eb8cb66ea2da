/**
 * Bouwsoft API simulator: an auth server and a data server on 127.0.0.1 (different ports), seeded with
 * deterministic Flemish construction data. Options: types.ts; overview and choices for unknowns: README.md.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { createClock } from './clock';
import { FaultRegistry } from './faults';
import { buildBouwsoftSeed } from './seed';
import { SimulatorCore } from './server';
import { BouwsoftStore } from './store';
import { WriteHandler } from './writes';
import type {
	BouwsoftRecord,
	BouwsoftResource,
	BouwsoftSimulatorOptions,
	BouwsoftTables,
	FaultHandle,
	FaultRule,
	PostCalculationEntry,
	RequestHook,
	RequestLogEntry,
	SimClock,
	WriteSettings,
} from './types';

export * from './types';
export { BouwsoftStore } from './store';
export { buildBouwsoftSeed } from './seed';
export type { BouwsoftSeed, BouwsoftSeedOptions } from './seed';
export { formatTimestamp, formatValidUntil } from './clock';
export { ColumnsError, parseColumns } from './columns';
export type { ParsedColumn } from './columns';
export { WRITEABLE_COLUMNS } from './writes';

/** Demo credentials (simulator only; printed by the CLI). */
export const DEMO_CLIENT_NR = 115;
export const DEMO_REFRESH_TOKEN = 'demoRefreshTokenBouwsoftSimulatorNotASecret0123456789';

export interface BouwsoftSimulator {
	/** 'http://127.0.0.1:<authPort>' — the credential's Authentication Server URL. */
	authUrl: string;
	/** 'http://127.0.0.1:<dataPort>' — the ServerName the token call returns (with scheme). */
	serverName: string;
	/** serverName + '/api/v1'. */
	dataUrl: string;
	clientNr: number;
	refreshToken: string;
	store: BouwsoftStore;
	clock: SimClock;
	faults: { add(rule: FaultRule): FaultHandle; clear(): void; list(): FaultHandle[] };
	/** Every access token issued so far stops working (401); new ones can be fetched. */
	expireAccessTokens(): void;
	/** The refresh token stops working: the token call answers 401 until restoreRefreshToken(). */
	revokeRefreshToken(): void;
	restoreRefreshToken(): void;
	requests: RequestLogEntry[];
	resetRequests(): void;
	/** Data requests per canonical resource name (token calls under 'Authorize'). */
	requestCount(resource?: string): number;
	requestCounts(): Record<string, number>;
	/** Run code before a data request is answered; returns an unsubscribe function. */
	onRequest(hook: RequestHook): () => void;
	/** Write options (see BouwsoftSimulatorOptions); change them while running. reset() restores the start values. */
	writeSettings: WriteSettings;
	/** Lines that landed in a project's post-calculation, in write order; only those of one project when given. */
	postCalculation(projectId?: number): PostCalculationEntry[];
	/** Applied writes (records created or changed by POST/PUT, including answers a fault lost) per resource. */
	writeCounts(): Record<string, number>;
	writeCount(resource?: string): number;
	/** Change the per-request latency (ms) while running. */
	setLatency(ms: number): void;
	/** Back to the start: initial records, real-time clock, no faults, hooks, requests or tokens. */
	reset(): void;
	close(): Promise<void>;
}

export async function startBouwsoftSimulator(options: BouwsoftSimulatorOptions = {}): Promise<BouwsoftSimulator> {
	const timeZone = options.timeZone ?? 'Europe/Brussels';
	const clock = createClock();
	const tables: Partial<BouwsoftTables> =
		options.seed === false ? {} : buildBouwsoftSeed({ timeZone, ...options.seed }).tables;
	const store = new BouwsoftStore(clock, timeZone, tables);
	const loadInitialRecords = () => {
		for (const [resource, records] of Object.entries(tables)) store.replaceAll(resource, records);
		for (const [resource, records] of Object.entries(options.records ?? {})) {
			store.replaceAll(resource as BouwsoftResource, records as Array<Partial<BouwsoftRecord>>);
		}
	};
	loadInitialRecords();
	const faults = new FaultRegistry();
	const initialWriteSettings = (): WriteSettings => ({
		nonWriteableColumns: options.nonWriteableColumns ?? 'ignore',
		assignmentUpdates: options.assignmentUpdates ?? 'put',
	});
	const writes = new WriteHandler(store, initialWriteSettings());
	const refreshToken = options.refreshToken ?? DEMO_REFRESH_TOKEN;
	const core = new SimulatorCore(
		{
			clientNr: options.clientNr ?? DEMO_CLIENT_NR,
			accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
			semantics: {
				dialect: { comparisons: true, or: true, ...options.dialect },
				quoteEscape: options.quoteEscape ?? 'double',
				caseInsensitiveStrings: options.caseInsensitiveStrings ?? false,
				sqlPadding: options.sqlPadding ?? true,
			},
			paging: {
				defaultLimit: options.defaultLimit ?? null,
				maxLimit: options.maxLimit ?? 1000,
				overMaxLimit: options.overMaxLimit ?? 'clamp',
				emptyContentRange: options.emptyContentRange ?? 'star',
				contentRangeTotal: options.contentRangeTotal ?? 'filtered',
			},
			contentRangeHeader: options.contentRangeHeader ?? false,
			latencyMs: options.latencyMs ?? 0,
		},
		store,
		clock,
		faults,
		refreshToken,
		writes,
	);
	const writeLog = () => core.requests.filter((r) => r.writtenId !== undefined);

	const authServer = createServer({ keepAlive: true }, core.handler('auth'));
	const dataServer = createServer({ keepAlive: true }, core.handler('data'));
	const authPort = await listen(authServer, options.authPort ?? 0);
	const dataPort = await listen(dataServer, options.dataPort ?? 0);
	const serverName = `http://127.0.0.1:${dataPort}`;
	core.serverName = serverName;

	return {
		authUrl: `http://127.0.0.1:${authPort}`,
		serverName,
		dataUrl: `${serverName}/api/v1`,
		clientNr: core.settings.clientNr,
		refreshToken,
		store,
		clock,
		faults: { add: (rule) => faults.add(rule), clear: () => faults.clear(), list: () => faults.list() },
		expireAccessTokens: () => core.expireAccessTokens(),
		revokeRefreshToken: () => {
			core.refreshToken = '';
		},
		restoreRefreshToken: () => {
			core.refreshToken = refreshToken;
		},
		requests: core.requests,
		resetRequests: () => core.resetRequests(),
		requestCount: (resource) =>
			core.requests.filter((r) => resource === undefined || r.resource.toLowerCase() === resource.toLowerCase()).length,
		requestCounts: () => {
			const counts: Record<string, number> = {};
			for (const r of core.requests) counts[r.resource] = (counts[r.resource] ?? 0) + 1;
			return counts;
		},
		onRequest: (hook) => {
			core.hooks.push(hook);
			return () => {
				const index = core.hooks.indexOf(hook);
				if (index >= 0) core.hooks.splice(index, 1);
			};
		},
		writeSettings: writes.settings,
		postCalculation: (projectId) =>
			writes.postCalculation.filter((entry) => projectId === undefined || entry.projectId === projectId).map((entry) => ({ ...entry })),
		writeCounts: () => {
			const counts: Record<string, number> = {};
			for (const r of writeLog()) counts[r.resource] = (counts[r.resource] ?? 0) + 1;
			return counts;
		},
		writeCount: (resource) =>
			writeLog().filter((r) => resource === undefined || r.resource.toLowerCase() === resource.toLowerCase()).length,
		setLatency: (ms) => {
			core.settings.latencyMs = ms;
		},
		reset: () => {
			loadInitialRecords();
			clock.useRealTime();
			faults.clear();
			core.hooks.length = 0;
			core.resetRequests();
			core.expireAccessTokens();
			core.refreshToken = refreshToken;
			core.settings.latencyMs = options.latencyMs ?? 0;
			writes.reset();
			Object.assign(writes.settings, initialWriteSettings());
		},
		close: async () => {
			core.stopTimers();
			await Promise.all([shutdown(authServer), shutdown(dataServer)]);
		},
	};
}

function listen(server: Server, port: number): Promise<number> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			server.off('error', reject);
			resolve((server.address() as AddressInfo).port);
		});
	});
}

function shutdown(server: Server): Promise<void> {
	return new Promise((resolve) => {
		server.close(() => resolve());
		server.closeAllConnections();
	});
}
