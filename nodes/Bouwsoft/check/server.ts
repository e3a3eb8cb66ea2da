import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { failureText, type CheckItem } from '../../shared/checkReport';
import type { BouwsoftClient } from '../transport/client';
import { authFailure } from '../transport/errors';
import type { ListPage } from '../transport/paging';
import { bouwsoftApiBaseUrl } from '../transport/serverUrl';

const CREDENTIAL_TYPE = 'bouwsoftApi';

interface ServerOutcome {
	items: CheckItem[];
	/** The first read worked: the rest of the check can run. */
	reachable: boolean;
	/** `GET /Employees/?limit=1` (the credential test's read), for the employee count. */
	employees?: ListPage;
}

async function credentials(ctx: IExecuteFunctions): Promise<IDataObject> {
	return await ctx.getCredentials(CREDENTIAL_TYPE).catch(() => ({}) as IDataObject);
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/**
 * How the access token was obtained, without showing it: n8n fetches one from the refresh token when the
 * credential holds none (or the one it holds was refused); otherwise the stored one is used until it expires.
 */
function tokenStory(before: IDataObject, after: IDataObject): string {
	const had = text(before.accessToken);
	const has = text(after.accessToken);
	const until = text(after.validUntil) ? ` (valid until ${text(after.validUntil)} UTC)` : '';
	if (!had) return `Bouwsoft gave an access token for the refresh token${until}`;
	if (had !== has) return `the stored access token had expired; Bouwsoft gave a new one for the refresh token${until}`;
	return `the access token n8n got earlier from the refresh token was accepted${until}; n8n asks for a new one when it expires`;
}

function serverItem(serverName: string): CheckItem {
	const base = bouwsoftApiBaseUrl(serverName);
	const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(serverName.trim());
	const form = hasScheme ? 'with a scheme' : 'without a scheme, as Bouwsoft documents it: https:// is added';
	const plain = base.toLowerCase().startsWith('http://');
	return {
		check: 'Bouwsoft server',
		status: plain ? 'warning' : 'ok',
		found: `ServerName "${serverName}" (${form}); data is read from ${base}`,
		meaning: plain
			? 'The sync follows the server name Bouwsoft gives, here over plain HTTP: data and the access token travel unencrypted.'
			: "The sync always reads from the server name Bouwsoft gives with the token, over HTTPS.",
		fix: plain ? 'Ask Bouwsoft support why the token service names an http:// server for your client number.' : '',
		id: 'bouwsoft.server',
	};
}

/**
 * Authentication and the server name: the credential test's read (`GET /Employees/?limit=1`) through the
 * client, so n8n's preAuthentication exchanges the refresh token exactly as in a poll. A failure is an item
 * (credential refused, or token fine but the data server unreachable), never a thrown error.
 */
export async function checkServer(ctx: IExecuteFunctions, client: BouwsoftClient): Promise<ServerOutcome> {
	const before = await credentials(ctx);
	let employees: ListPage | undefined;
	let failure: unknown;
	try {
		employees = await client.list('Employees', { limit: 1 });
	} catch (error) {
		failure = error;
	}
	const after = await credentials(ctx);
	const auth = { check: 'Authentication', id: 'bouwsoft.authentication' };
	const authFailed = failure !== undefined && (authFailure(failure) !== undefined || !text(after.accessToken));
	if (authFailed) {
		const { message, description } = failureText(failure);
		return {
			reachable: false,
			items: [
				{
					...auth,
					status: 'problem',
					found: message,
					meaning: 'Without an access token nothing can be read from Bouwsoft, so nothing else was checked.',
					fix: description || 'Open the Bouwsoft credential, check the Client Number, the Refresh Token and the Authentication Server URL, and test it.',
				},
			],
		};
	}
	const untried = failure !== undefined && text(before.accessToken) === text(after.accessToken);
	const items: CheckItem[] = [
		untried
			? {
					...auth,
					status: 'warning',
					found: 'n8n holds an access token from an earlier run; it could not be tried because the data server did not answer',
					meaning: 'Whether the refresh token still works shows once the data server answers.',
					fix: 'Fix the problem below, then run the check again.',
				}
			: {
					...auth,
					status: 'ok',
					found: `${tokenStory(before, after)} for client number ${String(after.clientNr ?? '')}`,
					meaning: 'Every run gets its access token this way; nothing to do.',
					fix: '',
				},
	];
	const serverName = text(after.serverName);
	if (serverName) items.push(serverItem(serverName));
	if (failure !== undefined) {
		const { message, description } = failureText(failure);
		items.push({
			check: 'Reading from the Bouwsoft server',
			status: 'problem',
			found: message,
			meaning: `The token service answered, but the data server${serverName ? ` (${bouwsoftApiBaseUrl(serverName)})` : ''} did not, so nothing else was checked.`,
			fix: description || 'Check the network between n8n and the Bouwsoft server (firewall, proxy, certificates), then run the check again.',
			id: 'bouwsoft.read',
		});
		return { reachable: false, items };
	}
	return { reachable: true, items, employees };
}
