/**
 * Secrets under pressure: servers that echo tokens back in error bodies and HTML pages, failures routed to
 * the error output or continued, manual runs, credential errors. Every result goes into the central audit
 * (lib/secrets.ts) with the results of the other tests in this file; the check runs at the end.
 */
jest.mock('n8n-workflow', () => require('./lib/sleeps').instantSleep(jest.requireActual('n8n-workflow')));

import { cleanSeed } from './lib/data';
import { actionsOf, FLOWS, SECRETS, startEnv, userError } from './lib/env';
import type { SyncEnv } from './lib/env';
import { writeReport } from './lib/report';
import { addSecret, auditStats, dumpAll, findSecrets, scanText } from './lib/secrets';

let env: SyncEnv;
beforeEach(async () => {
	env = await startEnv();
	cleanSeed(env.bs);
});
afterEach(async () => await env.close());

/** The access token the credential holds now (after at least one Bouwsoft call). */
const accessToken = () => String(env.credentials.get('bouwsoftApi').accessToken ?? '');

it('control: the audit finds a token in an error stack, a log line and the access-token shape', () => {
	const error = Object.assign(new Error('boom'), { description: `see ${SECRETS.outSmartSoftwareToken}` });
	expect(scanText('control', dumpAll({ error })).length).toBe(1);
	expect(scanText('control', dumpAll({ logs: [{ message: `refresh ${SECRETS.refreshToken}` }] })).length).toBe(1);
	expect(scanText('control', `AccessToken ${'Q'.repeat(50)}`).length).toBe(1);
	expect(scanText('control', dumpAll({ ok: 'nothing here' }))).toEqual([]);
});

describe('tokens echoed by the servers never reach the user', () => {
	it('Bouwsoft 400/500 bodies that contain the access and refresh token', async () => {
		await env.run(FLOWS.employees);
		const token = accessToken();
		expect(token.length).toBeGreaterThan(20);
		env.bs.clock.advanceSeconds(60);
		env.bs.store.touch('Employees', 1);
		// Every Employees request of the run: a one-off 400 is read again without and with each request feature
		// (transport/pageReads.ts), and then passes.
		const refused = env.bs.faults.add({ resource: 'Employees', status: 400, body: { error: `Bad filter for AccessToken=${token} RefreshToken: ${SECRETS.refreshToken}` } });
		const bad = await env.run(FLOWS.employees);
		refused.remove();
		expect(userError(bad)?.message).toMatch(/HTTP 400/);
		env.bs.faults.add({ resource: 'Employees', status: 500, body: `<html>token ${token} refresh ${SECRETS.refreshToken}</html>` });
		const down = await env.run(FLOWS.employees);
		expect(userError(down)?.message).toMatch(/HTTP 500/);
	});

	it('Bouwsoft authentication server 401 body that repeats the refresh token', async () => {
		env.bs.faults.add({ target: 'auth', resource: 'Authorize', status: 401, body: { error: `RefreshToken ${SECRETS.refreshToken} is not valid` } });
		const r = await env.run(FLOWS.materials);
		expect(userError(r)).toBeDefined();
	});

	it('OutSmart error messages and HTML pages that repeat token and software token (error output, continue, stop)', async () => {
		// Every customer changed today, so the re-send branch (changed in the last 24 h) reads them all again.
		env.bs.clock.advanceSeconds(60);
		for (const a of env.bs.store.all('Addresses') as ReadonlyArray<Record<string, unknown>>) env.bs.store.touch('Addresses', a.id as number);
		const echo = `token=${SECRETS.outSmartToken}&software_token=${SECRETS.outSmartSoftwareToken} Bearer ${SECRETS.outSmartToken}`;
		env.os.faults.add({ endpoint: 'relations', method: 'POST', code: 1300, message: `Field too long: name (${echo})` });
		const toErrorOutput = await env.run(FLOWS.relations, { onError: 'continueErrorOutput' });
		expect(JSON.stringify(toErrorOutput.outputs.OutSmart)).toMatch(/1300/);
		// The echo reached the node and was masked (not just absent).
		expect(JSON.stringify(toErrorOutput.outputs.OutSmart)).toMatch(/redacted/);
		// OutSmart rejected the relations (a data failure): nothing was recorded as delivered, so the re-send
		// branch sends them again, and OutSmart rejects them again.
		env.bs.clock.advanceSeconds(60);
		const continued = await env.drain(FLOWS.relations, { onError: 'continueRegularOutput' });
		expect(actionsOf(continued).length).toBeGreaterThan(0);
		expect(actionsOf(continued).every((a) => a === 'failed')).toBe(true);
		expect(JSON.stringify(continued.outputs.OutSmart)).toMatch(/redacted/);
		env.os.faults.clear();
		env.os.faults.add({ endpoint: 'relations', method: 'POST', status: 500, malformedJson: false });
		const stopped = await env.drain(FLOWS.relations);
		expect(userError(stopped)).toBeDefined();
	});

	it('OutSmart unreachable: network errors (whose URL carries the tokens) in a manual run', async () => {
		env.os.setDown(true);
		const r = await env.run(FLOWS.employees, { mode: 'manual' });
		expect(userError(r)?.message).toMatch(/OutSmart/);
	});

	it('a wrong OutSmart token (1004) and a wrong Bouwsoft refresh token are named, not shown', async () => {
		const wrongToken = 'wrongOutSmartToken-1234567';
		addSecret(wrongToken);
		env.credentials.set('outSmartApi', { baseUrl: env.os.baseUrl, token: wrongToken, softwareToken: SECRETS.outSmartSoftwareToken });
		const r = await env.run(FLOWS.employees);
		expect(`${userError(r)?.message} ${userError(r)?.description}`).toMatch(/token/i);
		const wrongRefresh = 'wrongRefreshTokenValue-98765';
		addSecret(wrongRefresh);
		env.credentials.set('bouwsoftApi', { clientNr: env.bs.clientNr, refreshToken: wrongRefresh, authUrl: env.bs.authUrl, accessToken: '' });
		const b = await env.run(FLOWS.employees);
		expect(userError(b)?.message).toMatch(/Refresh Token/);
	});
});

afterAll(() => {
	const stats = auditStats();
	writeReport('secrets', stats);
	console.log(`Secret audit: ${stats.texts} results, ${stats.characters.toLocaleString('en')} characters, ${stats.secrets} secrets`);
	expect(findSecrets()).toEqual([]);
});
