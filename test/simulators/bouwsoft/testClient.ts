/** A minimal Bouwsoft client for the simulator's own tests: two-step auth, then GETs and writes on ServerName. */
import { Agent as HttpsAgent } from 'node:https';

import axios, { type AxiosResponse } from 'axios';

import type { BouwsoftSimulator } from './index';

export interface Envelope {
	'Content-Range'?: string;
	Records: Array<Record<string, unknown>>;
}

export interface TestClient {
	accessToken: string;
	serverName: string;
	get<T = Envelope>(path: string, params?: Record<string, string | number | boolean>, timeoutMs?: number): Promise<AxiosResponse<T>>;
	/** POST/PUT with `columns` as given (URL-encoded here); `timeoutMs` for lost-answer tests. */
	write(method: 'POST' | 'PUT', path: string, columns: string, timeoutMs?: number): Promise<AxiosResponse<WriteAnswer>>;
}

export interface WriteAnswer {
	RecordChanges: Array<Record<string, unknown>>;
	error?: string;
}

/** Encode spaces as %20 like Bouwsoft clients do (reference Q4). */
const serialize = (p: Record<string, unknown>) =>
	Object.entries(p)
		.map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
		.join('&');

export async function fetchToken(sim: BouwsoftSimulator, headers: Record<string, string> = {}): Promise<AxiosResponse> {
	return axios.get(`${sim.authUrl}/api/v1/Authorize/AccessToken`, {
		headers: { Clientnr: String(sim.clientNr), RefreshToken: sim.refreshToken, ...headers },
		validateStatus: () => true,
	});
}

export interface ConnectOptions {
	/** PEM certificate(s) to trust for an HTTPS data server (e.g. `sim.tls.certPem`). */
	ca?: string;
}

/** Connects like a real client: a ServerName without scheme (the real API's form) gets `https://`. */
export async function connect(sim: BouwsoftSimulator, options: ConnectOptions = {}): Promise<TestClient> {
	const token = await fetchToken(sim);
	if (token.status !== 200) throw new Error(`Token call failed with ${token.status}`);
	const { AccessToken, ServerName } = token.data as { AccessToken: string; ServerName: string };
	const origin = /^[a-z]+:\/\//i.test(ServerName) ? ServerName : `https://${ServerName}`;
	const httpsAgent = options.ca ? new HttpsAgent({ ca: options.ca }) : undefined;
	return {
		accessToken: AccessToken,
		serverName: ServerName,
		get: (path, params, timeoutMs) =>
			axios.get(`${origin}/api/v1${path}`, {
				params,
				paramsSerializer: (p) => serialize(p as Record<string, unknown>),
				headers: { Clientnr: String(sim.clientNr), AccessToken },
				validateStatus: () => true,
				timeout: timeoutMs,
				httpsAgent,
			}),
		write: (method, path, columns, timeoutMs) =>
			axios.request({
				method,
				url: `${origin}/api/v1${path}?${serialize({ columns })}`,
				headers: { Clientnr: String(sim.clientNr), AccessToken },
				validateStatus: () => true,
				timeout: timeoutMs,
				httpsAgent,
			}),
	};
}
