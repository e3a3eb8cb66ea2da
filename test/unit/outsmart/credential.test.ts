import axios from 'axios';
import type { IAuthenticateGeneric, IAuthenticateRuleResponseSuccessBody } from 'n8n-workflow';

import { OutSmartApi } from '../../../credentials/OutSmartApi.credentials';
import { startOutSmartSimulator } from '../../simulators/outsmart';
import type { OutSmartSimulator } from '../../simulators/outsmart';

/** Evaluates `={{ js }}` / `=text {{ js }}` credential expressions for plain values (enough for this credential). */
function resolve(expression: string, credentials: Record<string, string>): string {
	const body = expression.startsWith('=') ? expression.slice(1) : expression;
	return body.replace(/\{\{([\s\S]+?)\}\}/g, (_m, js: string) =>
		String(new Function('$credentials', `return (${js.replace(/\$credentials\?\./g, '$credentials.')});`)(credentials)),
	);
}

/**
 * Runs the credential test the way n8n's credentials tester does: the test request with the credential's
 * generic authentication, then each `responseSuccessBody` rule: `get(body, key) === value` means failure.
 */
async function testCredential(credentials: Record<string, string>): Promise<{ status: 'OK' | 'Error'; message: string; query: Record<string, string>; headers: Record<string, string> }> {
	const type = new OutSmartApi();
	const auth = type.authenticate as IAuthenticateGeneric;
	const query = Object.fromEntries(Object.entries(auth.properties.qs ?? {}).map(([k, v]) => [k, resolve(String(v), credentials)]));
	const headers = Object.fromEntries(Object.entries(auth.properties.headers ?? {}).map(([k, v]) => [k, resolve(String(v), credentials)]));
	const baseURL = resolve(String(type.test.request.baseURL), credentials);
	const response = await axios.request({ baseURL, url: type.test.request.url, method: type.test.request.method, params: query, headers });
	for (const rule of (type.test.rules ?? []) as IAuthenticateRuleResponseSuccessBody[]) {
		if ((response.data as Record<string, unknown>)[rule.properties.key] === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message, query, headers };
		}
	}
	return { status: 'OK', message: 'Connection successful!', query, headers };
}

describe('OutSmart API credential', () => {
	let sim: OutSmartSimulator;
	beforeAll(async () => {
		sim = await startOutSmartSimulator({ requireBearer: true });
	});
	afterAll(async () => await sim.close());

	it('sends token and software_token as query parameters and the token as Bearer header', async () => {
		const result = await testCredential({ baseUrl: `${sim.baseUrl}/`, token: sim.token, softwareToken: sim.softwareToken });
		expect(result.status).toBe('OK');
		expect(result.query).toEqual({ token: sim.token, software_token: sim.softwareToken });
		expect(result.headers).toEqual({ Authorization: `Bearer ${sim.token}` });
	});

	it('tells a wrong token apart from a wrong software token, in plain words', async () => {
		const wrongToken = await testCredential({ baseUrl: sim.baseUrl, token: 'not-the-token', softwareToken: sim.softwareToken });
		const wrongSoftware = await testCredential({ baseUrl: sim.baseUrl, token: sim.token, softwareToken: 'not-the-software-token' });
		expect(wrongToken.status).toBe('Error');
		expect(wrongToken.message).toMatch(/does not recognise the Token/);
		expect(wrongSoftware.status).toBe('Error');
		expect(wrongSoftware.message).toMatch(/does not accept the Software Token/);
		expect(wrongToken.message).not.toBe(wrongSoftware.message);
	});

	it('explains a wrong base URL (unknown endpoint)', async () => {
		const result = await testCredential({ baseUrl: sim.baseUrl.replace('/openapi/8', '/openapi/8/nope'), token: sim.token, softwareToken: sim.softwareToken });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/Base URL/);
	});

	it('defaults to the production host and marks both tokens as passwords', () => {
		const type = new OutSmartApi();
		const byName = Object.fromEntries(type.properties.map((p) => [p.name, p]));
		expect(byName.baseUrl.default).toBe('https://app.out-smart.com/openapi/8');
		expect(byName.token.typeOptions?.password).toBe(true);
		expect(byName.softwareToken.typeOptions?.password).toBe(true);
	});
});
