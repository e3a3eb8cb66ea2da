/**
 * The machine's one simulator certificate (sharedCertificate.ts): made once, reused, renewed before it
 * expires, safe when several processes make it at once, and trusted through NODE_EXTRA_CA_CERTS by a Node
 * process started after it — for every simulator, not only the first.
 */
import { execFile } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { startBouwsoftSimulator } from './index';
import { createSelfSignedCertificate } from './tls';

const run = promisify(execFile);
const TS_NODE = require.resolve('ts-node/dist/bin.js');
const SCRIPT = join(__dirname, 'sharedCertificate.ts');
const DAY_MS = 24 * 3600 * 1000;

/** A fresh copy of the module (its in-memory cache empty), reading `dir`. */
function freshModule(dir: string): typeof import('./sharedCertificate') {
	process.env.BOUWSOFT_SIM_TLS_DIR = dir;
	let mod: typeof import('./sharedCertificate') | undefined;
	jest.isolateModules(() => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		mod = require('./sharedCertificate') as typeof import('./sharedCertificate');
	});
	return mod as typeof import('./sharedCertificate');
}

describe('shared simulator certificate', () => {
	const saved = process.env.BOUWSOFT_SIM_TLS_DIR;
	let root: string;

	beforeEach(() => {
		root = mkdtempSync(join(tmpdir(), 'sim-tls-test-'));
	});
	afterEach(() => {
		if (saved === undefined) delete process.env.BOUWSOFT_SIM_TLS_DIR;
		else process.env.BOUWSOFT_SIM_TLS_DIR = saved;
		rmSync(root, { recursive: true, force: true });
	});

	it('is made once in $BOUWSOFT_SIM_TLS_DIR (key readable only by its owner) and read back by the next process', () => {
		const dir = join(root, 'sim-tls');
		const first = freshModule(dir).sharedSimulatorCertificate();
		expect(first.caPath).toBe(join(dir, 'ca.pem'));
		expect(readFileSync(first.caPath, 'utf8')).toBe(first.certPem);
		expect(statSync(join(dir, 'key.pem')).mode & 0o077).toBe(0);
		const cert = new X509Certificate(first.certPem);
		expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
		expect(cert.checkHost('localhost')).toBe('localhost');
		expect(new Date(cert.validTo).getTime()).toBeGreaterThan(Date.now() + 2 * 365 * DAY_MS);

		const again = freshModule(dir).sharedSimulatorCertificate();
		expect(again).toEqual(first);
	});

	it('is renewed by ensureSharedCertificate() when it expires within 30 days, made again when its key does not match', () => {
		const dir = join(root, 'sim-tls');
		mkdirSync(dir);
		const expiring = createSelfSignedCertificate('old', new Date(), 10);
		writeFileSync(join(dir, 'ca.pem'), expiring.certPem);
		writeFileSync(join(dir, 'key.pem'), expiring.keyPem);
		// A simulator serves what is there: only the run scripts / jest.config.js (ensure…) renew.
		expect(freshModule(dir).sharedSimulatorCertificate().certPem).toBe(expiring.certPem);
		const renewed = freshModule(dir).ensureSharedCertificate();
		expect(renewed.certPem).not.toBe(expiring.certPem);
		expect(new Date(new X509Certificate(renewed.certPem).validTo).getTime()).toBeGreaterThan(Date.now() + 365 * DAY_MS);
		expect(freshModule(dir).ensureSharedCertificate()).toEqual(renewed);

		writeFileSync(join(dir, 'key.pem'), createSelfSignedCertificate().keyPem);
		const repaired = freshModule(dir).sharedSimulatorCertificate();
		expect(repaired.certPem).not.toBe(renewed.certPem);
		expect(new X509Certificate(repaired.certPem).checkPrivateKey(createPrivateKey(repaired.keyPem))).toBe(true);
	});

	it('is never replaced by a simulator started under a faked clock (jest fake timers years ahead or back)', () => {
		const dir = join(root, 'sim-tls');
		const pair = freshModule(dir).ensureSharedCertificate();
		for (const now of [new Date('2040-01-01T00:00:00Z'), new Date('2020-01-01T00:00:00Z')]) {
			jest.useFakeTimers({ now });
			try {
				expect(freshModule(dir).sharedSimulatorCertificate()).toEqual(pair);
			} finally {
				jest.useRealTimers();
			}
		}
		expect(readFileSync(join(dir, 'ca.pem'), 'utf8')).toBe(pair.certPem);
	});

	it('ends up as one matching pair when several processes make it at the same moment', async () => {
		const dir = join(root, 'sim-tls');
		const env = { ...process.env, BOUWSOFT_SIM_TLS_DIR: dir };
		const outputs = await Promise.all(Array.from({ length: 4 }, () => run(process.execPath, [TS_NODE, '--transpile-only', SCRIPT], { env })));
		expect(new Set(outputs.map((o) => o.stdout.trim()))).toEqual(new Set([join(dir, 'ca.pem')]));
		const pair = freshModule(dir).sharedSimulatorCertificate();
		expect(new X509Certificate(pair.certPem).checkPrivateKey(createPrivateKey(pair.keyPem))).toBe(true);
	}, 60_000);

	it('is served by every default simulator, so a Node process started with NODE_EXTRA_CA_CERTS trusts them all', async () => {
		const dir = join(root, 'sim-tls');
		const shared = freshModule(dir).sharedSimulatorCertificate();
		const [a, b] = await Promise.all([startBouwsoftSimulator({ seed: { products: 3 } }), startBouwsoftSimulator({ seed: { products: 3 } })]);
		try {
			// sim.tls comes from the module copy index.ts loaded; both read the same directory
			expect([a.tls?.certPem, b.tls?.certPem]).toEqual([shared.certPem, shared.certPem]);
			const script = `
				const https = require('node:https');
				const get = (url) => new Promise((resolve) => https.get(url, (res) => { res.resume(); resolve(String(res.statusCode)); }).on('error', (e) => resolve(e.code)));
				Promise.all(process.argv.slice(1).map(get)).then((codes) => console.log(codes.join(' ')));`;
			const urls = [`${a.dataUrl}/Products/`, `${b.dataUrl}/Products/`];
			const env = { ...process.env };
			delete env.NODE_TLS_REJECT_UNAUTHORIZED;
			const trusted = await run(process.execPath, ['-e', script, ...urls], { env: { ...env, NODE_EXTRA_CA_CERTS: shared.caPath } });
			expect(trusted.stdout.trim()).toBe('401 401'); // TLS accepted, no token sent
			delete env.NODE_EXTRA_CA_CERTS;
			const untrusted = await run(process.execPath, ['-e', script, ...urls], { env });
			expect(untrusted.stdout.trim()).toMatch(/^(\S*(SELF_SIGNED|UNABLE_TO_VERIFY|CERT)\S*\s?){2}$/);
		} finally {
			await Promise.all([a.close(), b.close()]);
		}
	});
});
