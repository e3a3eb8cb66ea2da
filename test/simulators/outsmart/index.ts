/**
 * OutSmart OpenAPI v8 simulator: a real HTTP server on 127.0.0.1 serving `/openapi/8/<endpoint>[/]`
 * per shared/reference/outsmart-api.md. Options and test controls are described in README.md here.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { completeWorkorder } from './completion';
import type { WorkorderCompletion } from './completion';
import { batchSizeOf, fail, formatCreationDate } from './envelope';
import type { Envelope, HandlerContext, SimState, StatusFlipCall } from './envelope';
import { describeFault, FaultRegistry } from './faults';
import type { OutSmartFaults } from './faults';
import { API_PREFIX, endpointOf, route } from './router';
import { OutSmartStore } from './store';
import { ENTITY_NAMES } from './types';
import type {
	EndpointCounter,
	EntityName,
	OutSmartFaultRule,
	OutSmartRecord,
	OutSmartRequestLog,
	OutSmartSimulatorOptions,
	ResolvedOptions,
	StoredWorkorder,
} from './types';

export * from './types';
export { OutSmartStore } from './store';
export type { OutSmartFaults } from './faults';
export type { Envelope, StatusFlipCall } from './envelope';
export { parseDecimal } from './validation';
export { totalTime } from './completion';
export type { CompletionMaterial, CompletionPeriod, WorkorderCompletion } from './completion';

export interface OutSmartSimulator {
	/** 'http://127.0.0.1:<port>/openapi/8' — the credential's base URL. */
	baseUrl: string;
	port: number;
	token: string;
	softwareToken: string;
	/** Resolved options; mutable at run time (e.g. `sim.options.duplicateWorkorderNo = 'reject'`). */
	options: ResolvedOptions;
	store: OutSmartStore;
	faults: OutSmartFaults;
	/** OutSmart unreachable: open connections are reset and new ones destroyed until set back. */
	setDown(down: boolean): void;
	isDown(): boolean;
	readonly requests: OutSmartRequestLog[];
	resetRequests(): void;
	/** Per endpoint ('' = no endpoint): requests, rows received, rows written. */
	readonly counters: Record<string, EndpointCounter>;
	/** Number of GetWorkorder(s) calls that did not pass update_status=false. Must stay 0 for our client. */
	readonly statusFlips: number;
	readonly statusFlipCalls: StatusFlipCall[];
	/**
	 * Test control: the technician completes the order (number = row_id, string = WorkorderNo): work periods,
	 * materials, remark (→ Comment), status Compleet (or the given one), WorkFinished '1', a StatusChanges entry.
	 */
	completeWorkorder(target: number | string, completion?: WorkorderCompletion): StoredWorkorder;
	/** Test control: an order that exists without PostWorkorders (e.g. typed in the app: `W-77`), status Klaargezet. */
	addWorkorder(fields: OutSmartRecord): StoredWorkorder;
	/** Back to the start: seed data only, no requests, counters, faults or flips, not down. */
	reset(): void;
	close(): Promise<void>;
}

const DEFAULTS: ResolvedOptions = {
	port: 0,
	token: 'sim-outsmart-token',
	softwareToken: 'sim-outsmart-software-token',
	requireBearer: false,
	requireHttps: false,
	acceptSingleObject: true,
	batchValidation: 'all-or-nothing',
	overlongValues: 'reject',
	unknownFields: 'store',
	omittedFieldsOnUpdate: 'keep',
	duplicateWorkorderNo: 'duplicate',
	duplicateWorkorderCode: 1501,
	updateWorkorderExtraFields: true,
	extraDeleteEntities: false,
	latencyMs: 0,
	firstRowId: 1001,
	entityOverrides: {},
	now: () => new Date(),
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function readBody(request: http.IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => resolve(Buffer.concat(chunks)));
		request.on('error', reject);
	});
}

/** Query for the request log, with token values redacted. */
function loggedQuery(query: URLSearchParams): Record<string, string | string[]> {
	const result: Record<string, string | string[]> = {};
	for (const [name, raw] of query) {
		const value = name === 'token' || name === 'software_token' ? '***' : raw;
		const previous = result[name];
		result[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
	}
	return result;
}

const isDelayOnly = (rule: OutSmartFaultRule) =>
	rule.status === undefined && rule.code === undefined && !rule.malformedJson && !rule.dropConnection;

export async function startOutSmartSimulator(options: OutSmartSimulatorOptions = {}): Promise<OutSmartSimulator> {
	const { seed, ...rest } = options;
	const resolved: ResolvedOptions = { ...DEFAULTS, ...stripUndefined(rest) };
	const store = new OutSmartStore(() => resolved);
	const faults = new FaultRegistry();
	const state: SimState = { options: resolved, store, statusFlipCalls: [] };
	const sockets = new Set<Socket>();
	let requests: OutSmartRequestLog[] = [];
	let counters: Record<string, EndpointCounter> = {};
	let down = false;
	let seq = 0;

	const applySeed = () => {
		for (const [entity, records] of Object.entries(seed ?? {})) {
			if ((ENTITY_NAMES as readonly string[]).includes(entity) && records) store.seed(entity as EntityName, records);
		}
	};
	applySeed();

	const send = (response: http.ServerResponse, log: OutSmartRequestLog, status: number, body: string, headers = {}) => {
		log.httpStatus = status;
		response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
		response.end(body);
	};

	const sendFault = (request: http.IncomingMessage, response: http.ServerResponse, log: OutSmartRequestLog, rule: OutSmartFaultRule) => {
		if (rule.dropConnection) {
			log.httpStatus = 0;
			request.socket.destroy();
		} else if (rule.status !== undefined) {
			const retryAfter = rule.retryAfter ?? (rule.status === 429 ? 1 : undefined);
			const headers = retryAfter === undefined ? {} : { 'Retry-After': String(retryAfter) };
			send(response, log, rule.status, `<html><body><h1>${rule.status}</h1></body></html>`, {
				...headers,
				'Content-Type': 'text/html',
			});
		} else if (rule.code !== undefined) {
			const envelope = rule.message ? fail(rule.code, [rule.message]) : fail(rule.code);
			log.code = envelope.code;
			send(response, log, 200, JSON.stringify(envelope));
		} else {
			send(response, log, 200, '{"code":200,"messages":[],"response":[{"code":"');
		}
	};

	const handle = async (request: http.IncomingMessage, response: http.ServerResponse) => {
		if (down) return void request.socket.destroy();
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		const body = await readBody(request);
		const method = request.method ?? 'GET';
		const endpoint = endpointOf(url.pathname);
		const log: OutSmartRequestLog = {
			seq: ++seq,
			at: new Date(),
			method,
			endpoint: endpoint ?? '',
			path: url.pathname,
			query: loggedQuery(url.searchParams),
			batchSize: method === 'POST' ? batchSizeOf(body) : null,
			hasBearer: /^Bearer\s+\S/i.test(request.headers.authorization ?? ''),
			httpStatus: 0,
			code: null,
		};
		requests.push(log);
		if (endpoint === null) return send(response, log, 404, JSON.stringify({ error: `Not found; the API is under ${API_PREFIX}` }));

		const counter = (counters[endpoint] ??= { requests: 0, rowsReceived: 0, rowsWritten: 0 });
		counter.requests++;
		const fault = faults.take(endpoint, method);
		if (fault) log.fault = describeFault(fault);
		if (resolved.latencyMs > 0) await sleep(resolved.latencyMs);
		if (fault?.delayMs) await sleep(fault.delayMs);
		if (down) return void request.socket.destroy();

		let envelope: Envelope | undefined;
		if (!fault || fault.afterProcessing || isDelayOnly(fault)) {
			const context: HandlerContext = { method, endpoint, query: url.searchParams, body, state, counter };
			envelope = route(context, request.headers.authorization);
		}
		if (fault && !isDelayOnly(fault)) return sendFault(request, response, log, fault);
		const answer = envelope ?? fail(1007);
		log.code = answer.code;
		send(response, log, 200, JSON.stringify(answer));
	};

	const server = http.createServer((request, response) => {
		handle(request, response).catch(() => {
			if (!response.headersSent) response.writeHead(500);
			response.end();
		});
	});
	// Longer than typical client keep-alive idle times, so a client never reuses a socket the server just
	// closed (a spurious "socket hang up" in tests); close() destroys the sockets anyway.
	server.keepAliveTimeout = 65_000;
	server.headersTimeout = 66_000;
	server.on('connection', (socket: Socket) => {
		if (down) return void socket.destroy();
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(resolved.port, '127.0.0.1', () => resolve());
	});
	const port = (server.address() as AddressInfo).port;

	const simulator: OutSmartSimulator = {
		baseUrl: `http://127.0.0.1:${port}${API_PREFIX}`,
		port,
		token: resolved.token,
		softwareToken: resolved.softwareToken,
		options: resolved,
		store,
		faults,
		setDown(value: boolean) {
			down = value;
			if (down) for (const socket of sockets) socket.destroy();
		},
		isDown: () => down,
		get requests() {
			return requests;
		},
		resetRequests() {
			requests = [];
		},
		get counters() {
			return structuredClone(counters);
		},
		get statusFlips() {
			return state.statusFlipCalls.length;
		},
		get statusFlipCalls() {
			return state.statusFlipCalls;
		},
		completeWorkorder(target, completion = {}) {
			return completeWorkorder(store, resolved.now(), target, completion);
		},
		addWorkorder(fields) {
			if (fields.WorkorderNo === undefined || fields.WorkorderNo === '') throw new Error('addWorkorder needs a WorkorderNo');
			return structuredClone(store.insertWorkorder(fields, formatCreationDate(resolved.now())));
		},
		reset() {
			store.clear();
			applySeed();
			faults.clear();
			requests = [];
			counters = {};
			state.statusFlipCalls = [];
			down = false;
		},
		close() {
			return new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			});
		},
	};
	return simulator;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
