import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { redactText } from '../nodes/shared/redact';
import { bouwsoftApiBaseUrl, resolveBouwsoftUrl } from '../nodes/Bouwsoft/transport/serverUrl';

interface AccessTokenResponse {
	AccessToken?: string;
	Accesstoken?: string;
	ServerName?: string;
	ValidUntil?: string;
}

/**
 * Visma Bouwsoft API v1. The customer hands over a client number and a long-lived refresh token; every
 * run exchanges the refresh token for an access token (valid until `ValidUntil`) and the customer's own
 * data server (`ServerName`). n8n calls `preAuthentication` when the hidden access token is empty and
 * again once after a 401, and stores what it returns, so the token is reused until Bouwsoft rejects it.
 */
export class BouwsoftApi implements ICredentialType {
	name = 'bouwsoftApi';

	displayName = 'Bouwsoft API';

	icon: Icon = { light: 'file:bouwsoft.svg', dark: 'file:bouwsoft.dark.svg' };

	documentationUrl = 'https://api.bouwsoft.be/apidocs/VismaBouwsoftAPICalls.html';

	properties: INodeProperties[] = [
		{
			displayName: 'Client Number',
			name: 'clientNr',
			type: 'number',
			default: 0,
			required: true,
			description: 'Your Visma Bouwsoft customer number (Clientnr)',
		},
		{
			displayName: 'Refresh Token',
			name: 'refreshToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The refresh token you received from the Visma Bouwsoft activation system',
		},
		{
			displayName: 'Authentication Server URL',
			name: 'authUrl',
			type: 'string',
			default: 'https://charon.bouwsoft.be',
			description: 'Bouwsoft authentication server; change only if Bouwsoft told you to use another one',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Server Name',
			name: 'serverName',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Valid Until',
			name: 'validUntil',
			type: 'hidden',
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const clientNr = String(credentials.clientNr ?? '').trim();
		const refreshToken = String(credentials.refreshToken ?? '').trim();
		const secrets = [refreshToken, credentials.accessToken as string | undefined];
		if (!clientNr || clientNr === '0') {
			throw new Error('The Bouwsoft Client Number is empty. Fill in your Visma Bouwsoft customer number.');
		}
		if (!refreshToken) {
			throw new Error('The Bouwsoft Refresh Token is empty. Paste the refresh token Bouwsoft gave you.');
		}
		const authUrl = String(credentials.authUrl || 'https://charon.bouwsoft.be').replace(/\/+$/, '');
		let response: AccessTokenResponse;
		try {
			response = (await this.helpers.httpRequest({
				method: 'GET',
				url: `${authUrl}/api/v1/Authorize/AccessToken`,
				headers: { Clientnr: clientNr, RefreshToken: refreshToken, Accept: 'application/json' },
				json: true,
			})) as AccessTokenResponse;
		} catch (error) {
			throw new Error(redactText(describeAuthFailure(error, clientNr, authUrl), secrets));
		}
		if (typeof response === 'string') {
			try {
				response = JSON.parse(response) as AccessTokenResponse;
			} catch {
				throw new Error(`The Bouwsoft authentication server at ${authUrl} did not answer with JSON. Check the Authentication Server URL.`);
			}
		}
		const accessToken = response?.AccessToken ?? response?.Accesstoken;
		if (!accessToken || !response.ServerName) {
			throw new Error(
				`The Bouwsoft authentication server at ${authUrl} answered without an access token or server name. Check the Authentication Server URL.`,
			);
		}
		return {
			accessToken,
			serverName: response.ServerName,
			validUntil: response.ValidUntil ?? '',
		};
	}

	/** Sets Bouwsoft's two auth headers and points relative paths (`/Products/`) at the customer's server. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const headers = { ...(requestOptions.headers as IDataObject | undefined) };
		headers.Clientnr = String(credentials.clientNr);
		headers.AccessToken = String(credentials.accessToken ?? '');
		const base = bouwsoftApiBaseUrl(String(credentials.serverName ?? ''));
		const url = resolveBouwsoftUrl(base, requestOptions.baseURL, requestOptions.url);
		const resolved: IHttpRequestOptions = { ...requestOptions, headers, url };
		delete resolved.baseURL;
		return resolved;
	}

	test: ICredentialTestRequest = {
		request: {
			method: 'GET',
			url: '/Employees/',
			qs: { limit: 1 },
		},
	};
}

function describeAuthFailure(error: unknown, clientNr: string, authUrl: string): string {
	const e = error as {
		response?: { status?: number; data?: unknown };
		httpCode?: string;
		code?: string;
		cause?: { response?: { status?: number; data?: unknown }; code?: string };
		message?: string;
	};
	const status = e.response?.status ?? e.cause?.response?.status ?? (e.httpCode ? Number(e.httpCode) : undefined);
	const code = e.code ?? e.cause?.code;
	const body = e.response?.data ?? e.cause?.response?.data;
	const detail = typeof body === 'object' && body && 'error' in body ? ` (Bouwsoft says: ${String((body as IDataObject).error)})` : '';
	if (status === 401 || status === 403) {
		return (
			`Bouwsoft did not accept Client Number ${clientNr} with this Refresh Token${detail}. ` +
			'Check that the Client Number is your Bouwsoft customer number and that the Refresh Token was copied completely; ' +
			'if the token was revoked, request a new one through the Bouwsoft activation.'
		);
	}
	if (status === 404) {
		return `The Authentication Server URL ${authUrl} has no Bouwsoft token service (HTTP 404). Use https://charon.bouwsoft.be unless Bouwsoft told you otherwise.`;
	}
	if (status) {
		return `The Bouwsoft authentication server answered HTTP ${status}${detail}. Try again later; if it persists, check the Authentication Server URL.`;
	}
	return `Could not reach the Bouwsoft authentication server at ${authUrl}${code ? ` (${code})` : ''}. Check the Authentication Server URL and your network.`;
}
