/**
 * HTTP handling for both simulated servers. The auth server only knows
 * `GET /api/v1/Authorize/AccessToken`; the data server only knows `/api/v1/<Resource>[/][<id>]`. A client
 * that calls the data path on the auth server (i.e. ignores ServerName) gets 404.
 *
 * Order per request: latency → fault rules → token check → onRequest hooks → response (GET: query.ts;
 * POST/PUT: writes.ts). A fault with `afterProcessing` handles the request first and then spoils the answer.
 * `settings.quirks` (real-server variants: path case, missing resources, sort/id-filter/columns/distinct
 * support, fields left out of lists, ServerName form) is read per request, so tests can change it running.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { formatValidUntil } from './clock';
import type { FaultRegistry } from './faults';
import { QueryError, runListQuery, type ListQuirks, type PagingOptions } from './query';
import { resolveResource } from './schema';
import type { BouwsoftStore } from './store';
import {
	BOUWSOFT_RESOURCES,
	type BouwsoftResource,
	type FaultRule,
	type FilterSemantics,
	type RequestContext,
	type RequestHook,
	type RequestLogEntry,
	type ServerErrorBody,
	type ServerQuirks,
	type SimClock,
	type SimServerKind,
} from './types';
import type { WriteHandler } from './writes';

export interface CoreSettings {
	clientNr: number;
	accessTokenTtlSeconds: number;
	semantics: FilterSemantics;
	paging: PagingOptions;
	contentRangeHeader: boolean;
	latencyMs: number;
	/** Real-server variants (types.ts ServerQuirks); read per request, so they can change while running. */
	quirks: ServerQuirks;
}

interface IssuedToken {
	expiresAt: number;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

export class SimulatorCore {
	readonly requests: RequestLogEntry[] = [];
	readonly hooks: RequestHook[] = [];
	refreshToken: string;
	/** Filled in once the data server listens: scheme and `127.0.0.1:<port>`. */
	dataOrigin = { scheme: 'http', host: '' };
	private tokens = new Map<string, IssuedToken>();
	private perResource = new Map<string, number>();
	private timers = new Set<NodeJS.Timeout>();

	constructor(
		readonly settings: CoreSettings,
		readonly store: BouwsoftStore,
		readonly clock: SimClock,
		readonly faults: FaultRegistry,
		refreshToken: string,
		readonly writes: WriteHandler,
	) {
		this.refreshToken = refreshToken;
	}

	/** The ServerName the token call returns now (quirks.serverName). */
	get serverName(): string {
		const { scheme, host } = this.dataOrigin;
		return this.settings.quirks.serverName === 'bare' ? host : `${scheme}://${host}`;
	}

	expireAccessTokens(): void {
		this.tokens.clear();
	}

	resetRequests(): void {
		this.requests.length = 0;
		this.perResource.clear();
	}

	stopTimers(): void {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
	}

	handler(server: SimServerKind) {
		return (req: IncomingMessage, res: ServerResponse) => {
			this.handle(server, req, res).catch((error: unknown) => {
				if (!res.headersSent && !res.destroyed) send(res, 500, { error: `Simulator error: ${String(error)}` });
			});
		};
	}

	private async handle(server: SimServerKind, req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const method = (req.method ?? 'GET').toUpperCase();
		const caseSensitive = this.settings.quirks.pathCase === 'sensitive';
		const route = server === 'auth' ? authRoute(url.pathname, caseSensitive) : dataRoute(url.pathname, caseSensitive);
		const count = (this.perResource.get(route.resource) ?? 0) + 1;
		this.perResource.set(route.resource, count);
		const context: RequestContext = {
			server,
			method,
			path: url.pathname,
			resource: route.resource,
			id: route.id,
			query: Object.fromEntries(url.searchParams),
			resourceRequestNumber: count,
		};
		const entry: RequestLogEntry = {
			server,
			method,
			path: url.pathname,
			resource: route.resource,
			...(route.id !== undefined ? { id: route.id } : {}),
			query: context.query,
			status: 0,
			at: this.clock.now(),
		};
		this.requests.push(entry);
		req.resume();

		if (this.settings.latencyMs > 0) await this.sleep(this.settings.latencyMs);
		const fault = this.faults.match(context);
		if (fault) entry.fault = fault.name ?? describeFault(fault);
		if (fault && !fault.afterProcessing && (await this.applyFault(fault, req, res, entry))) return;
		const { status, body, headers, writtenId, contentType } =
			server === 'auth' ? this.answerAuth(req, method, route) : await this.answerData(req, method, route, context);
		if (writtenId !== undefined) entry.writtenId = writtenId;
		if (fault?.afterProcessing && (await this.applyFault(fault, req, res, entry))) return;
		entry.status = status;
		send(res, status, body, headers, contentType);
	}

	/** The quirks that shape a list answer of this resource. */
	private listQuirks(resource: BouwsoftResource): ListQuirks {
		const { sortSupport, idFilter, columnsSupport, distinctSupport, listOmitFields } = this.settings.quirks;
		const omitFields = Object.entries(listOmitFields)
			.filter(([name]) => name.toLowerCase() === resource.toLowerCase())
			.flatMap(([, fields]) => fields.map((field) => field.trim().toLowerCase()));
		return { sortSupport, idFilter, columnsSupport, distinctSupport, omitFields };
	}

	private isMissing(resource: BouwsoftResource): boolean {
		return this.settings.quirks.missingResources.some((name) => name.toLowerCase() === resource.toLowerCase());
	}

	/** Waits `delayMs`, then answers with the fault; false when the rule was a delay only (real answer follows). */
	private async applyFault(fault: FaultRule, req: IncomingMessage, res: ServerResponse, entry: RequestLogEntry): Promise<boolean> {
		if (fault.delayMs) await this.sleep(fault.delayMs);
		if (fault.dropConnection) {
			req.socket.destroy();
			return true;
		}
		if (fault.malformedJson) {
			entry.status = 200;
			res.writeHead(200, { 'Content-Type': JSON_TYPE });
			res.end('{"Content-Range":"0-4/5","Records":[{"id":1,"name":"Afgebroken');
			return true;
		}
		if (fault.status) {
			entry.status = fault.status;
			const headers = fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : undefined;
			send(res, fault.status, fault.body ?? { error: `Simulated fault ${fault.status}` }, headers);
			return true;
		}
		return false;
	}

	private answerAuth(req: IncomingMessage, method: string, route: Route): Answer {
		if (route.kind !== 'token') return { status: 404, body: { error: 'Not found' } };
		if (method !== 'GET') return { status: 405, body: { error: 'Method not allowed' } };
		const clientNr = header(req, 'clientnr');
		const refreshToken = header(req, 'refreshtoken');
		if (clientNr !== String(this.settings.clientNr) || !refreshToken || refreshToken !== this.refreshToken) {
			return { status: 401, body: { error: 'Invalid Clientnr or RefreshToken' } };
		}
		const token = randomLetters(50);
		const expiresAt = this.clock.now().getTime() + this.settings.accessTokenTtlSeconds * 1000;
		this.tokens.set(token, { expiresAt });
		return {
			status: 200,
			body: {
				AccessToken: token,
				ServerIP: '127.0.0.1',
				ServerName: this.serverName,
				Layout: 'B',
				ValidUntil: formatValidUntil(new Date(expiresAt)),
			},
		};
	}

	private async answerData(req: IncomingMessage, method: string, route: Route, context: RequestContext): Promise<Answer> {
		if (route.kind === 'none') return { status: 404, body: { error: 'Not found' } };
		if (!this.isAuthorised(req)) {
			return { status: 401, body: { error: 'Authorization has been denied for this request.' } };
		}
		const resource = route.known;
		if (!resource || route.kind === 'bad' || this.isMissing(resource)) {
			return { status: 404, body: { error: `Unknown resource path ${context.path}` } };
		}
		if (method !== 'GET' && method !== 'POST' && method !== 'PUT') return { status: 405, body: { error: 'Method not allowed by the simulator' } };
		for (const hook of [...this.hooks]) await hook(context);
		if (method !== 'GET') return this.writes.handle(method, resource, route.id, context.query);

		const paging = this.settings.paging;
		if (route.kind === 'record') {
			const record = this.store.get(resource, route.id as number);
			if (!record) return { status: 404, body: { error: `No ${resource} record with id ${route.id}` } };
			const total = paging.contentRangeTotal === 'table' ? this.store.count(resource) : 1;
			return this.envelope({ records: [record], total, contentRange: `0-0/${total}` });
		}
		try {
			const table = this.store.all(resource);
			const quirks = this.listQuirks(resource);
			return this.envelope(runListQuery(resource, table, this.store.version(resource), context.query, this.settings.semantics, paging, quirks));
		} catch (error) {
			if (error instanceof QueryError && error.status === 500) return serverError(this.settings.quirks.serverErrorBody);
			if (error instanceof QueryError) return { status: 400, body: { error: error.message } };
			throw error;
		}
	}

	private envelope(result: { records: unknown[]; contentRange: string | undefined; total: number }): Answer {
		const body = result.contentRange === undefined ? { Records: result.records } : { 'Content-Range': result.contentRange, Records: result.records };
		const headers = this.settings.contentRangeHeader && result.contentRange ? { 'Content-Range': result.contentRange } : undefined;
		return { status: 200, body, headers };
	}

	private isAuthorised(req: IncomingMessage): boolean {
		const clientNr = header(req, 'clientnr');
		const accessToken = header(req, 'accesstoken');
		if (clientNr !== String(this.settings.clientNr) || !accessToken) return false;
		const issued = this.tokens.get(accessToken);
		if (!issued) return false;
		if (this.clock.now().getTime() >= issued.expiresAt) {
			this.tokens.delete(accessToken);
			return false;
		}
		return true;
	}

	private sleep(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				resolve();
			}, ms);
			this.timers.add(timer);
		});
	}
}

interface Answer {
	status: number;
	/** Sent as JSON, or as is when `contentType` is given. */
	body: unknown;
	contentType?: string;
	headers?: Record<string, string>;
	writtenId?: number;
}

/** `resource`: canonical name, or the raw segment when unknown; `known`: the canonical resource, if any. */
type Route =
	| { kind: 'token' | 'none' | 'list' | 'bad'; resource: string; known?: BouwsoftResource; id?: undefined }
	| { kind: 'record'; resource: string; known?: BouwsoftResource; id: number };

const ASP_NET_RUNTIME_ERROR = `<!DOCTYPE html>
<html>
    <head>
        <title>Runtime Error</title>
    </head>
    <body bgcolor="white">
            <h1>Server Error in '/' Application.<hr width=100% size=1 color=silver></h1>
            <h2> <i>Runtime Error</i> </h2></span>
            <b> Description: </b>An application error occurred on the server. The current custom error settings for this application prevent the details of the application error from being viewed remotely (for security reasons).
    </body>
</html>
`;

/** A 500 as a .NET server would send it (see ServerErrorBody). */
function serverError(kind: ServerErrorBody): Answer {
	if (kind === 'html') return { status: 500, body: ASP_NET_RUNTIME_ERROR, contentType: 'text/html; charset=utf-8' };
	if (kind === 'json') return { status: 500, body: { error: 'Internal server error' } };
	return { status: 500, body: { Message: 'An error has occurred.' } };
}

function segments(pathname: string): string[] {
	return pathname.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
}

/** Path segments compared as documented (`caseSensitive`) or in any case. */
function sameSegments(parts: string[], expected: string[], caseSensitive: boolean): boolean {
	const fold = (s: string) => (caseSensitive ? s : s.toLowerCase());
	return expected.every((segment, i) => parts[i] !== undefined && fold(parts[i]) === fold(segment));
}

function authRoute(pathname: string, caseSensitive: boolean): Route {
	const parts = segments(pathname);
	const isToken = parts.length === 4 && sameSegments(parts, ['api', 'v1', 'Authorize', 'AccessToken'], caseSensitive);
	return isToken ? { kind: 'token', resource: 'Authorize' } : { kind: 'none', resource: (parts[2] ?? '').toLowerCase() };
}

const CANONICAL = new Set<string>(BOUWSOFT_RESOURCES);

function dataRoute(pathname: string, caseSensitive: boolean): Route {
	const parts = segments(pathname);
	if (parts.length < 3 || !sameSegments(parts, ['api', 'v1'], caseSensitive)) {
		return { kind: 'none', resource: '' };
	}
	const known = caseSensitive ? (CANONICAL.has(parts[2]) ? (parts[2] as BouwsoftResource) : undefined) : resolveResource(parts[2]);
	const resource = known ?? parts[2];
	if (parts.length === 3) return { kind: 'list', resource, known };
	if (parts.length === 4 && /^\d+$/.test(parts[3])) return { kind: 'record', resource, known, id: Number(parts[3]) };
	return { kind: 'bad', resource, known };
}

function header(req: IncomingMessage, name: string): string | undefined {
	const value = req.headers[name];
	const text = Array.isArray(value) ? value[0] : value;
	return text?.trim();
}

function send(res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>, contentType?: string): void {
	if (res.destroyed || res.headersSent) return;
	const text = contentType === undefined ? JSON.stringify(body) : String(body);
	res.writeHead(status, { 'Content-Type': contentType ?? JSON_TYPE, 'Content-Length': Buffer.byteLength(text), ...headers });
	res.end(text);
}

function randomLetters(length: number): string {
	const bytes = randomBytes(length);
	let out = '';
	for (let i = 0; i < length; i++) out += LETTERS[bytes[i] % LETTERS.length];
	return out;
}

function describeFault(rule: FaultRule): string {
	if (rule.afterProcessing) return `afterProcessing ${describeFault({ ...rule, afterProcessing: false })}`;
	if (rule.dropConnection) return 'dropConnection';
	if (rule.malformedJson) return 'malformedJson';
	if (rule.status) return `status ${rule.status}`;
	return `delay ${rule.delayMs ?? 0}ms`;
}
