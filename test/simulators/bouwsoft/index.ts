/**
 * Bouwsoft API simulator: an auth server and a data server on 127.0.0.1 (different ports), seeded with
 * deterministic Flemish construction data. Options: types.ts; overview and choices for unknowns: README.md.
 */
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

import { createClock } from './clock';
import { FaultRegistry } from './faults';
import { buildBouwsoftSeed } from './seed';
import type { PagingOptions } from './query';
import { SimulatorCore } from './server';
import { BouwsoftStore } from './store';
import { sharedSimulatorCertificate } from './sharedCertificate';
import { createSelfSignedCertificate, writeCertificateFile, type SimulatorTls } from './tls';
import { WriteHandler } from './writes';
import type {
	BouwsoftRecord,
	BouwsoftResource,
	BouwsoftSimulatorOptions,
	BouwsoftTables,
	FaultHandle,
	FaultRule,
	FilterSemantics,
	PostCalculationEntry,
	RequestHook,
	RequestLogEntry,
	ServerQuirks,
	SimClock,
	SortSupport,
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
export type { PagingOptions } from './query';
export type { SimulatorTls } from './tls';
export { sharedCertificateDir, sharedSimulatorCertificate } from './sharedCertificate';
export type { SharedCertificate } from './sharedCertificate';
export { confirmedOnlyOptions, realServerVariants } from './variants';
export type { SimulatorVariant } from './variants';

/** Demo credentials (simulator only; printed by the CLI). */
export const DEMO_CLIENT_NR = 115;
export const DEMO_REFRESH_TOKEN = 'demoRefreshTokenBouwsoftSimulatorNotASecret0123456789';

export interface BouwsoftSimulator {
	/** 'http://127.0.0.1:<authPort>' — the credential's Authentication Server URL. */
	authUrl: string;
	/**
	 * The ServerName the token call returns now: `'127.0.0.1:<dataPort>'` by default (as the real API; the
	 * data server speaks HTTPS), `'<scheme>://127.0.0.1:<dataPort>'` with `quirks.serverName` `'url'`.
	 */
	readonly serverName: string;
	/** `'<scheme>://127.0.0.1:<dataPort>/api/v1'` (always with scheme). */
	dataUrl: string;
	/** The HTTPS data server's certificate (by default, and with `https`; absent when the data server speaks http). */
	tls?: SimulatorTls;
	/** Real-server variants (see ServerQuirks); change them while running. reset() restores the start values. */
	quirks: ServerQuirks;
	/** Paging options (maxLimit, overMaxLimit, defaultLimit, Content-Range); change them while running. */
	paging: PagingOptions;
	/** Filter dialect and comparison options; change them while running. */
	filterSemantics: FilterSemantics;
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
	const lenient = options.reference === 'lenient';
	const initialSemantics = (): FilterSemantics => ({
		dialect: { comparisons: lenient, or: lenient, lowerCaseKeywords: !lenient, ...options.dialect },
		quoteEscape: options.quoteEscape ?? 'double',
		caseInsensitiveStrings: options.caseInsensitiveStrings ?? false,
		sqlPadding: options.sqlPadding ?? true,
	});
	const initialPaging = (): PagingOptions => ({
		defaultLimit: options.defaultLimit ?? null,
		maxLimit: options.maxLimit ?? 1000,
		overMaxLimit: options.overMaxLimit ?? 'clamp',
		emptyContentRange: options.emptyContentRange ?? 'star',
		contentRangeTotal: options.contentRangeTotal ?? 'filtered',
	});
	const initialQuirks = (): ServerQuirks => ({
		sortSupport: cloneSortSupport(options.sortSupport ?? 'honour'),
		idFilter: options.idFilter ?? 'ok',
		listOmitFields: Object.fromEntries(Object.entries(options.listOmitFields ?? {}).map(([resource, fields]) => [resource, [...fields]])),
		missingResources: [...(options.missingResources ?? [])],
		pathCase: options.pathCase ?? (lenient ? 'insensitive' : 'sensitive'),
		columnsSupport: options.columnsSupport ?? 'ok',
		distinctSupport: options.distinctSupport ?? 'ok',
		serverName: options.serverName ?? (lenient ? 'url' : 'bare'),
		serverErrorBody: options.serverErrorBody ?? 'webapi',
	});
	const core = new SimulatorCore(
		{
			clientNr: options.clientNr ?? DEMO_CLIENT_NR,
			accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
			semantics: initialSemantics(),
			paging: initialPaging(),
			contentRangeHeader: options.contentRangeHeader ?? false,
			latencyMs: options.latencyMs ?? 0,
			quirks: initialQuirks(),
		},
		store,
		clock,
		faults,
		refreshToken,
		writes,
	);
	const writeLog = () => core.requests.filter((r) => r.writtenId !== undefined);

	// HTTPS data server: the machine's shared certificate (what NODE_EXTRA_CA_CERTS trusts), or a fresh
	// self-signed one whose PEM goes to a temp file.
	const https = options.https ?? initialQuirks().serverName === 'bare';
	const fresh = options.certificate === 'fresh';
	const shared = https && !fresh ? sharedSimulatorCertificate() : undefined;
	const certificate = shared ?? (https ? createSelfSignedCertificate() : undefined);
	const certificateFile = https && fresh && certificate ? writeCertificateFile(certificate.certPem) : undefined;
	const caPath = shared?.caPath ?? certificateFile?.caPath;
	const authServer = createServer({ keepAlive: true }, core.handler('auth'));
	const dataServer = certificate
		? createHttpsServer({ keepAlive: true, key: certificate.keyPem, cert: certificate.certPem }, core.handler('data'))
		: createServer({ keepAlive: true }, core.handler('data'));
	let authPort: number;
	let dataPort: number;
	try {
		authPort = await listen(authServer, options.authPort ?? 0);
		dataPort = await listen(dataServer, options.dataPort ?? 0);
	} catch (error) {
		await Promise.all([shutdown(authServer), shutdown(dataServer)]);
		certificateFile?.remove();
		throw error;
	}
	core.dataOrigin = { scheme: https ? 'https' : 'http', host: `127.0.0.1:${dataPort}` };
	const tls = certificate && caPath ? { certPem: certificate.certPem, caPath } : undefined;

	return {
		authUrl: `http://127.0.0.1:${authPort}`,
		get serverName() {
			return core.serverName;
		},
		dataUrl: `${core.dataOrigin.scheme}://${core.dataOrigin.host}/api/v1`,
		...(tls ? { tls } : {}),
		quirks: core.settings.quirks,
		paging: core.settings.paging,
		filterSemantics: core.settings.semantics,
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
			Object.assign(core.settings.quirks, initialQuirks());
			Object.assign(core.settings.paging, initialPaging());
			Object.assign(core.settings.semantics, initialSemantics());
		},
		close: async () => {
			core.stopTimers();
			await Promise.all([shutdown(authServer), shutdown(dataServer)]);
			certificateFile?.remove();
		},
	};
}

function cloneSortSupport(support: SortSupport): SortSupport {
	if (typeof support === 'string') return support;
	return {
		mode: support.mode,
		...(support.fields ? { fields: [...support.fields] } : {}),
		...(support.exceptFields ? { exceptFields: [...support.exceptFields] } : {}),
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
