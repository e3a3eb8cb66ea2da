import { BouwsoftTrigger } from '../../../nodes/Bouwsoft/BouwsoftTrigger.node';
import { CredentialStore, runPoll } from '../../harness';
import { jsonOf, triggerEnv } from './helpers';
import type { TriggerEnv } from './helpers';

/** Tokens must never reach an output item, an error or a log line. */
describe('Bouwsoft — credential errors and token redaction', () => {
	let env: TriggerEnv;
	beforeEach(async () => {
		env = await triggerEnv();
	});
	afterEach(async () => await env.close());

	function everything(result: { output: unknown; error?: Error; logs: unknown[] }): string {
		const error = result.error as (Error & { description?: string; context?: unknown; cause?: unknown }) | undefined;
		return JSON.stringify({
			output: result.output,
			message: error?.message,
			description: error?.description,
			context: error?.context,
			stack: error?.stack,
			logs: result.logs,
		});
	}

	it('a wrong refresh token is reported in plain words, without the token', async () => {
		const wrong = 'wrongRefreshTokenThatShouldNeverBeShown42';
		const store = new CredentialStore({
			bouwsoftApi: { clientNr: env.sim.clientNr, refreshToken: wrong, authUrl: env.sim.authUrl },
		});
		const result = await runPoll({ node: new BouwsoftTrigger(), parameters: { category: 'employees' }, credentials: store });
		expect(result.error?.message).toMatch(/did not accept Client Number 115 with this Refresh Token/);
		expect(everything(result)).not.toContain(wrong);
	});

	it('a wrong client number is reported in plain words', async () => {
		const store = new CredentialStore({
			bouwsoftApi: { clientNr: 999, refreshToken: env.sim.refreshToken, authUrl: env.sim.authUrl },
		});
		const result = await runPoll({ node: new BouwsoftTrigger(), parameters: { category: 'employees' }, credentials: store });
		expect(result.error?.message).toMatch(/Client Number 999/);
		expect(everything(result)).not.toContain(env.sim.refreshToken);
	});

	it('no token in items, errors or logs — also when the server echoes the token in an error body', async () => {
		const ok = await env.poll({ category: 'employees' });
		jsonOf(ok);
		const accessToken = String(env.store.get('bouwsoftApi').accessToken);
		expect(accessToken.length).toBeGreaterThan(5);
		expect(everything(ok)).not.toContain(accessToken);
		expect(everything(ok)).not.toContain(env.sim.refreshToken);

		env.sim.faults.add({ resource: 'Employees', status: 400, body: { error: `bad request for AccessToken ${accessToken} and ${env.sim.refreshToken}` } });
		const failed = await env.poll({ category: 'employees', options: { pageSize: 3 } }, { mode: 'manual' });
		expect(failed.error).toBeDefined();
		expect((failed.error as unknown as { httpCode: string }).httpCode).toBe('400');
		const dump = everything(failed);
		expect(dump).not.toContain(accessToken);
		expect(dump).not.toContain(env.sim.refreshToken);
	});

	it('the access token is fetched once and reused across polls', async () => {
		jsonOf(await env.poll({ category: 'employees' }));
		await env.poll({ category: 'hourTypes' });
		await env.poll({ category: 'employees' });
		expect(env.sim.requestCount('Authorize')).toBe(1);
	});
});
