/**
 * `serverName: 'bare'`: the token answer's ServerName has no scheme (as the real API, reference §2), and the
 * data server speaks HTTPS with a self-signed certificate for 127.0.0.1, so a client that prepends https://
 * works once it trusts `sim.tls` — in process with an https.Agent `ca`, or in a new Node process with
 * NODE_EXTRA_CA_CERTS.
 */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { promisify } from 'node:util';

import axios from 'axios';

import { startBouwsoftSimulator, type BouwsoftSimulator } from './index';
import { connect, fetchToken } from './testClient';
import { sharedSimulatorCertificate } from './sharedCertificate';
import { createSelfSignedCertificate } from './tls';

const run = promisify(execFile);

/** A plain Node https GET (no axios) that trusts only `ca`. */
function httpsGet(url: string, headers: Record<string, string>, ca: string): Promise<{ status: number; body: string }> {
	return new Promise((resolve, reject) => {
		const req = httpsRequest(url, { headers, ca, agent: false }, (res) => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (chunk: string) => (body += chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
		});
		req.on('error', reject);
		req.end();
	});
}

// A fresh certificate per start: this process trusts the shared one (NODE_EXTRA_CA_CERTS), so only a
// certificate nobody was told about shows that trust is really checked.
describe("Bouwsoft simulator serverName 'bare' (HTTPS data server, fresh certificate)", () => {
	let sim: BouwsoftSimulator;
	let port: number;

	beforeAll(async () => {
		sim = await startBouwsoftSimulator({ serverName: 'bare', certificate: 'fresh', seed: { products: 20 } });
		port = Number(new URL(sim.dataUrl).port);
	});
	afterAll(() => sim.close());

	it('returns ServerName without scheme; dataUrl is https; the auth server stays http', async () => {
		const token = await fetchToken(sim);
		expect(token.status).toBe(200);
		expect(token.data.ServerName).toBe(`127.0.0.1:${port}`);
		expect(sim.serverName).toBe(`127.0.0.1:${port}`);
		expect(sim.dataUrl).toBe(`https://127.0.0.1:${port}/api/v1`);
		expect(sim.authUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
	});

	it('exposes a self-signed certificate for IP 127.0.0.1, also as a file for NODE_EXTRA_CA_CERTS', () => {
		const tls = sim.tls;
		if (!tls) throw new Error('sim.tls missing');
		expect(readFileSync(tls.caPath, 'utf8')).toBe(tls.certPem);
		const cert = new X509Certificate(tls.certPem);
		expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
		expect(cert.subject).toBe(cert.issuer);
		expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
		expect(new Date(cert.validFrom).getTime()).toBeLessThan(Date.now());
		expect(new Date(cert.validTo).getTime()).toBeGreaterThan(Date.now() + 300 * 24 * 3600 * 1000);
	});

	it('answers a client that prepends https:// and trusts the certificate via `ca`', async () => {
		const client = await connect(sim, { ca: sim.tls?.certPem });
		const page = await client.get('/Products/', { limit: 5 });
		expect(page.status).toBe(200);
		expect(page.data['Content-Range']).toBe('0-4/20');

		const plain = await httpsGet(`https://${client.serverName}/api/v1/Jobs/`, { Clientnr: String(sim.clientNr), AccessToken: client.accessToken }, sim.tls?.certPem ?? '');
		expect(plain.status).toBe(200);
		expect(JSON.parse(plain.body)).toHaveProperty('Records');
	});

	it('refuses a client that does not trust the certificate, and does not speak plain http', async () => {
		const untrusted = await connect(sim);
		await expect(untrusted.get('/Products/')).rejects.toMatchObject({ code: expect.stringMatching(/SELF_SIGNED|UNABLE_TO_VERIFY|CERT/) });
		const other = createSelfSignedCertificate();
		await expect(connect(sim, { ca: other.certPem }).then((c) => c.get('/Products/'))).rejects.toBeDefined();
		await expect(axios.get(`http://127.0.0.1:${port}/api/v1/Products/`, { timeout: 5000 })).rejects.toBeDefined();
	});

	it('is trusted by a new Node process started with NODE_EXTRA_CA_CERTS=sim.tls.caPath', async () => {
		const token = await fetchToken(sim);
		const script = `
			const https = require('node:https');
			https.get('https://' + process.argv[1] + '/api/v1/Jobs/', { headers: { Clientnr: process.argv[2], AccessToken: process.argv[3] } }, (res) => {
				res.resume();
				res.on('end', () => { console.log(String(res.statusCode)); process.exit(0); });
			}).on('error', (e) => { console.log(e.code); process.exit(0); });`;
		const args = ['-e', script, token.data.ServerName as string, String(sim.clientNr), token.data.AccessToken as string];
		const env = { ...process.env };
		delete env.NODE_TLS_REJECT_UNAUTHORIZED;
		delete env.NODE_EXTRA_CA_CERTS;
		const trusted = await run(process.execPath, args, { env: { ...env, NODE_EXTRA_CA_CERTS: sim.tls?.caPath } });
		expect(trusted.stdout.trim()).toBe('200');
		const untrusted = await run(process.execPath, args, { env });
		expect(untrusted.stdout.trim()).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|CERT/);
	});

	it("switches ServerName to the full https URL with quirks.serverName 'url' while running", async () => {
		sim.quirks.serverName = 'url';
		try {
			expect((await fetchToken(sim)).data.ServerName).toBe(`https://127.0.0.1:${port}`);
			const client = await connect(sim, { ca: sim.tls?.certPem });
			expect((await client.get('/Jobs/')).status).toBe(200);
		} finally {
			sim.quirks.serverName = 'bare';
		}
	});
});

describe('Bouwsoft simulator TLS options', () => {
	it("default: bare ServerName, https data server with the shared certificate (kept after close); reference 'lenient': http, no sim.tls", async () => {
		const sim = await startBouwsoftSimulator({ seed: { products: 5 } });
		const shared = sharedSimulatorCertificate();
		try {
			expect(sim.tls).toEqual({ certPem: shared.certPem, caPath: shared.caPath });
			expect((await fetchToken(sim)).data.ServerName).toBe(sim.dataUrl.replace(/^https:\/\/|\/api\/v1$/g, ''));
			const client = await connect(sim, { ca: shared.certPem });
			expect((await client.get('/Products/')).data['Content-Range']).toBe('0-4/5');
		} finally {
			await sim.close();
		}
		expect(existsSync(shared.caPath)).toBe(true);

		const lenient = await startBouwsoftSimulator({ seed: { products: 5 }, reference: 'lenient' });
		try {
			expect(lenient.tls).toBeUndefined();
			expect((await fetchToken(lenient)).data.ServerName).toBe(lenient.dataUrl.replace(/\/api\/v1$/, ''));
			expect(lenient.serverName).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		} finally {
			await lenient.close();
		}
	});

	it("`https: true` with `serverName: 'url'` keeps the full URL form (https://…); a fresh certificate's file is removed by close()", async () => {
		const sim = await startBouwsoftSimulator({ https: true, serverName: 'url', certificate: 'fresh', seed: { products: 5 } });
		const caPath = sim.tls?.caPath ?? '';
		try {
			expect(sim.serverName).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
			expect(sim.tls?.certPem).not.toBe(sharedSimulatorCertificate().certPem);
			const client = await connect(sim, { ca: sim.tls?.certPem });
			expect((await client.get('/Products/')).data['Content-Range']).toBe('0-4/5');
			expect(existsSync(caPath)).toBe(true);
		} finally {
			await sim.close();
		}
		expect(existsSync(caPath)).toBe(false);
	});
});
