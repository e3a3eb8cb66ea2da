/**
 * The one certificate every HTTPS Bouwsoft simulator on this machine serves (the default: the real API's
 * ServerName has no scheme, so clients speak https). Node reads NODE_EXTRA_CA_CERTS once, when a process
 * starts, so the trusted file must exist at a known path BEFORE jest workers, n8n, queue-mode workers or the
 * demo start — a certificate made per simulator start could never be trusted by them.
 *
 * Kept in `$BOUWSOFT_SIM_TLS_DIR` or `~/.cache/n8n-nodes-bouwsoft-outsmart/sim-tls/` (`ca.pem` + `key.pem`),
 * made on first use with tls.ts's generator (self-signed, CA:true, SAN 127.0.0.1 + localhost) and made again
 * when it is unreadable or does not match its key, or — checked only by `ensureSharedCertificate()`, which the
 * run scripts and jest.config.js call before anything starts — expires within 30 days. TEST ONLY: the key never leaves
 * the machine and trusts nothing but 127.0.0.1 / localhost servers of the person who made it.
 *
 * Run as a script it prints the certificate's path, for shell scripts:
 *   export NODE_EXTRA_CA_CERTS="$(npx ts-node --transpile-only test/simulators/bouwsoft/sharedCertificate.ts)"
 */
import { createPrivateKey, randomBytes, X509Certificate } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

import { createSelfSignedCertificate, type SelfSignedCertificate } from './tls';

const DAY_MS = 24 * 3600 * 1000;
/** Long enough that a developer's machine rarely renews it (a renewal while tests run would break them). */
const VALID_DAYS = 3 * 365;
const RENEW_WITHIN_DAYS = 30;

export interface SharedCertificate extends SelfSignedCertificate {
	/** `<dir>/ca.pem`: the value for NODE_EXTRA_CA_CERTS. */
	caPath: string;
}

export function sharedCertificateDir(): string {
	return process.env.BOUWSOFT_SIM_TLS_DIR || join(homedir(), '.cache', 'n8n-nodes-bouwsoft-outsmart', 'sim-tls');
}

let cached: SharedCertificate | undefined;

/**
 * The shared certificate a simulator serves: the pair on disk as it is, made first only when there is none
 * (or it is broken). Dates are not checked here: a test with a faked clock (jest fake timers) must not
 * decide the certificate has expired and replace the one every other process trusts.
 */
export function sharedSimulatorCertificate(): SharedCertificate {
	const dir = sharedCertificateDir();
	if (cached && cached.caPath === join(dir, 'ca.pem')) return cached;
	cached = readPair(dir) ?? create(dir, () => true);
	return cached;
}

/**
 * Before any process that must trust it starts (the run scripts, jest.config.js): the pair, made or renewed
 * when it is missing, broken, not yet valid or expires within 30 days. Returns what NODE_EXTRA_CA_CERTS gets.
 */
export function ensureSharedCertificate(): SharedCertificate {
	const dir = sharedCertificateDir();
	const pair = readPair(dir);
	cached = pair && isCurrent(pair.certPem) ? pair : create(dir, (other) => isCurrent(other.certPem));
	return cached;
}

function readPair(dir: string): SharedCertificate | undefined {
	try {
		const caPath = join(dir, 'ca.pem');
		const certPem = readFileSync(caPath, 'utf8');
		const keyPem = readFileSync(join(dir, 'key.pem'), 'utf8');
		const cert = new X509Certificate(certPem);
		const usable = cert.checkPrivateKey(createPrivateKey(keyPem)) && cert.checkIP('127.0.0.1') !== undefined;
		return usable ? { certPem, keyPem, caPath } : undefined;
	} catch {
		return undefined;
	}
}

function isCurrent(certPem: string): boolean {
	const cert = new X509Certificate(certPem);
	const now = Date.now();
	return new Date(cert.validFrom).getTime() <= now && new Date(cert.validTo).getTime() > now + RENEW_WITHIN_DAYS * DAY_MS;
}

/**
 * Writes a new pair into a private temp folder and renames the folder into place: rename is atomic and
 * refuses a non-empty target, so when two processes race, one pair wins whole and the other process uses it.
 * A pair on disk that is `good` by then (another process was quicker) is kept.
 */
function create(dir: string, good: (pair: SharedCertificate) => boolean): SharedCertificate {
	const parent = dirname(dir);
	mkdirSync(parent, { recursive: true });
	const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
	const temp = `${dir}.new-${suffix}`;
	mkdirSync(temp, { mode: 0o700 });
	const pair = createSelfSignedCertificate('Bouwsoft simulator test CA (test only, 127.0.0.1)', new Date(), VALID_DAYS);
	writeFileSync(join(temp, 'key.pem'), pair.keyPem, { mode: 0o600 });
	writeFileSync(join(temp, 'ca.pem'), pair.certPem, { mode: 0o644 });
	chmodSync(temp, 0o755);
	// Another process may have finished first; its pair is the one to use.
	const other = readPair(dir);
	if (other && good(other)) {
		rmSync(temp, { recursive: true, force: true });
		return other;
	}
	// An unusable pair in the way (expired, half written by hand) is moved aside first.
	const old = `${dir}.old-${suffix}`;
	try {
		renameSync(dir, old);
	} catch {
		// not there, or another process moved it already
	}
	try {
		renameSync(temp, dir);
	} catch {
		rmSync(temp, { recursive: true, force: true });
	}
	rmSync(old, { recursive: true, force: true });
	const result = readPair(dir);
	if (!result) throw new Error(`Could not create the simulator certificate in ${dir}`);
	return result;
}

if (require.main === module) {
	process.stdout.write(`${ensureSharedCertificate().caPath}\n`);
}
