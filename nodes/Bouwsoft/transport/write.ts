import { sleep } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { NOT_SENT_CODES, decideRetry, parseRetryAfter } from '../../shared/http/retry';
import { redactText } from '../../shared/redact';
import type { BouwsoftClient } from './client';
import { authFailure, inspectFailure } from './errors';
import type { RequestFailure } from './errors';
import { buildQueryString } from './paging';

/**
 * Bouwsoft writes (reference §3.2, §5.10): `POST /<Resource>?columns=…` → 201 and `PUT /<Resource>/<id>?columns=…`
 * → 200, both answering `{"RecordChanges": [{ id, …every field }]}`.
 *
 * A write is never repeated blindly: Bouwsoft has no idempotency key, so a second POST after an answer that was
 * lost makes a second line. Only failures where the request certainly did not reach Bouwsoft (connection
 * refused, no token, 429) are retried here, with the shared retry policy; 401 is retried once by n8n after a
 * fresh token (credential preAuthentication). Anything where it may have been applied (time-out, reset
 * connection, 5xx, a 2xx we cannot read) is a `WriteOutcomeUnknown`: the caller re-reads Bouwsoft and decides.
 */
export type Columns = Record<string, string | number | boolean>;

const COLUMN_NAME = /^[a-z][a-z0-9_]*$/i;

/**
 * A number as Bouwsoft reads it: a dot for decimals, never an exponent, at most 6 decimals (tpTimeDouble
 * 7.333333 = 07:20).
 */
function formatNumber(value: number): string {
	if (!Number.isFinite(value)) throw new Error(`Cannot send ${value} to Bouwsoft`);
	const rounded = Math.round(value * 1e6) / 1e6;
	return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(6).replace(/0+$/, '');
}

/**
 * The `columns` value: `name='X',quantity=2.5,execute=false`. Strings and dates in single quotes, a quote
 * inside doubled (`'It''s'`, as in SQL and in Bouwsoft's filter strings: the documentation shows no escape,
 * so this is the convention the server is most likely to read); commas and `=` inside quotes are part of the
 * value. Numbers and booleans bare. The whole value is URL-encoded by `columnsQuery`.
 */
export function encodeColumns(columns: Columns): string {
	return Object.entries(columns)
		.map(([name, value]) => {
			if (!COLUMN_NAME.test(name)) throw new Error(`Invalid Bouwsoft column name: ${name}`);
			if (typeof value === 'string') return `${name}='${value.replace(/'/g, "''")}'`;
			if (typeof value === 'boolean') return `${name}=${value ? 'true' : 'false'}`;
			return `${name}=${formatNumber(value)}`;
		})
		.join(',');
}

/** `columns=<encoded>` the way Bouwsoft's clients send query values (spaces %20, quotes readable). */
export function columnsQuery(columns: Columns): string {
	return buildQueryString({ columns: encodeColumns(columns) });
}

/**
 * What became of a write. `unknown`: it may or may not have been applied (the answer was lost): re-read
 * before doing anything else; `stillRunning` when Bouwsoft may still be working on it (our time-out, a
 * gateway time-out): then a read right away can miss a write that lands a moment later. `refused`: Bouwsoft did not apply it (it refused, or it could not be sent);
 * `recordSpecific` when the refusal is about this record (validation, unknown field, unsupported call), so
 * other records may still go through.
 */
export type WriteResult =
	| { outcome: 'applied'; row: IDataObject }
	| { outcome: 'unknown'; message: string; failure: RequestFailure; stillRunning: boolean }
	| { outcome: 'refused'; message: string; failure: RequestFailure; recordSpecific: boolean };

/** Our own time-out, or a gateway's: the request may still be on its way or being handled. */
const STILL_RUNNING_CODES = ['ETIMEDOUT', 'ECONNABORTED', 'ESOCKETTIMEDOUT', 'ERR_SOCKET_CONNECTION_TIMEOUT'];

function stillRunning(failure: RequestFailure): boolean {
	return failure.status === 504 || (failure.status === undefined && STILL_RUNNING_CODES.includes(failure.code ?? ''));
}

/** Statuses with which Bouwsoft certainly did not apply the write and another attempt may succeed. */
function certainlyNotApplied(failure: RequestFailure): boolean {
	if (failure.status === 429) return true;
	if (failure.status !== undefined) return false;
	return failure.code === 'AUTH_UNAVAILABLE' || (failure.code !== undefined && NOT_SENT_CODES.includes(failure.code));
}

function describe(method: string, resource: string, failure: RequestFailure, secrets: readonly string[], attempts: number): string {
	const said = failure.serverMessage ? `: "${redactText(failure.serverMessage, secrets)}"` : '';
	const what = failure.status !== undefined ? `HTTP ${failure.status}` : (failure.code ?? 'no answer');
	const tried = attempts > 1 ? ` (tried ${attempts} times)` : '';
	return `${method} ${resource} failed with ${what}${said}${tried}`;
}

/** POST/PUT for one node run, counted in the client's request figures. */
export class BouwsoftWriter {
	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly client: BouwsoftClient,
	) {}

	/** Creates one record; `applied` carries its RecordChanges row (with the new `id`). */
	async post(resource: string, columns: Columns): Promise<WriteResult> {
		return await this.send('POST', resource, `/${resource}?${columnsQuery(columns)}`);
	}

	/** Changes one record. */
	async put(resource: string, id: number, columns: Columns): Promise<WriteResult> {
		return await this.send('PUT', resource, `/${resource}/${encodeURIComponent(String(id))}?${columnsQuery(columns)}`);
	}

	private async send(method: 'POST' | 'PUT', resource: string, url: string): Promise<WriteResult> {
		const policy = this.client.options.retry;
		for (let attempt = 1; ; attempt++) {
			let failure: RequestFailure;
			try {
				const { body } = await this.client.sendOnce(resource, { method, url });
				const row = recordChange(body);
				// Applied (2xx) but unreadable: only a re-read can tell what was created.
				if (row) return { outcome: 'applied', row };
				return {
					outcome: 'unknown',
					message: `${method} ${resource}: Bouwsoft answered without RecordChanges`,
					failure: { code: 'MALFORMED_ANSWER' },
					stillRunning: false,
				};
			} catch (error) {
				const auth = authFailure(error);
				const inspected = inspectFailure(error);
				const { retryAfterRaw, ...rest } = inspected;
				failure = { ...rest, retryAfterMs: parseRetryAfter(retryAfterRaw, Date.now()) };
				if (auth?.permanent) failure = { status: 401, serverMessage: auth.message };
				else if (auth) failure.code = 'AUTH_UNAVAILABLE';
			}
			const secrets = await this.client.secrets();
			const message = describe(method, resource, failure, secrets, attempt);
			if (!certainlyNotApplied(failure)) {
				const { status } = failure;
				if (status !== undefined && status >= 400 && status < 500 && status !== 408) {
					return { outcome: 'refused', message, failure, recordSpecific: status !== 401 && status !== 403 };
				}
				return { outcome: 'unknown', message, failure, stillRunning: stillRunning(failure) };
			}
			const decision = decideRetry(attempt, failure, policy);
			if (!decision.retry) return { outcome: 'refused', message, failure, recordSpecific: false };
			this.client.retryCount++;
			this.ctx.logger?.debug(`Bouwsoft ${method} ${resource}: not sent (${failure.status ?? failure.code}), trying again in ${decision.delayMs} ms`);
			await sleep(decision.delayMs);
		}
	}
}

/** The first RecordChanges row of a write answer (JSON text or object); undefined when there is none. */
export function recordChange(body: unknown): IDataObject | undefined {
	let value = body;
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value);
		} catch {
			return undefined;
		}
	}
	if (!value || typeof value !== 'object') return undefined;
	const changes = (value as IDataObject).RecordChanges ?? (value as IDataObject).recordChanges;
	const row = Array.isArray(changes) ? changes[0] : undefined;
	return row && typeof row === 'object' && !Array.isArray(row) ? (row as IDataObject) : undefined;
}
