/**
 * A throw-away self-signed TLS certificate for the simulator's HTTPS data server (`serverName: 'bare'`),
 * built with Node's own crypto: Node 20 can parse X.509 (`X509Certificate`) but not create it, so the
 * certificate is DER-encoded here by hand (an ECDSA P-256 key, SAN `IP:127.0.0.1` + `DNS:localhost`,
 * valid from a day ago for one year) and signed with `crypto.sign`. TEST ONLY — nothing is committed and
 * nothing leaves the machine. Simulators normally serve the one certificate of `sharedCertificate.ts` (so a
 * Node process started with NODE_EXTRA_CA_CERTS trusts every simulator); `certificate: 'fresh'` makes a new
 * one per start.
 */
import { generateKeyPairSync, randomBytes, sign, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SelfSignedCertificate {
	/** PEM certificate; trust it with an https.Agent `ca` or NODE_EXTRA_CA_CERTS. */
	certPem: string;
	/** PEM private key (PKCS#8) of the server. */
	keyPem: string;
}

export interface SimulatorTls {
	/** The data server's certificate (self-signed: it is its own CA). */
	certPem: string;
	/**
	 * The same certificate in a file, for `NODE_EXTRA_CA_CERTS=<caPath>`: the shared one
	 * (`sharedCertificate.ts`, kept) or, with `certificate: 'fresh'`, a temp file removed by `close()`.
	 */
	caPath: string;
}

const OID_ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const OID_COMMON_NAME = '2.5.4.3';
const OID_SUBJECT_ALT_NAME = '2.5.29.17';
const OID_BASIC_CONSTRAINTS = '2.5.29.19';
const OID_KEY_USAGE = '2.5.29.15';
const OID_EXT_KEY_USAGE = '2.5.29.37';
const OID_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';

export function createSelfSignedCertificate(commonName = 'Bouwsoft simulator (test only)', now = new Date(), validDays = 365): SelfSignedCertificate {
	const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
	const serial = randomBytes(16);
	serial[0] &= 0x7f; // positive
	serial[0] |= 0x01; // and no leading zero byte needed
	const algorithm = seq(oid(OID_ECDSA_WITH_SHA256));
	const name = seq(set(seq(oid(OID_COMMON_NAME), tlv(0x0c, Buffer.from(commonName, 'utf8')))));
	const notBefore = new Date(now.getTime() - 24 * 3600 * 1000);
	const notAfter = new Date(now.getTime() + validDays * 24 * 3600 * 1000);
	const subjectAltName = seq(tlv(0x87, Buffer.from([127, 0, 0, 1])), tlv(0x82, Buffer.from('localhost', 'ascii')));
	const extensions = seq(
		extension(OID_SUBJECT_ALT_NAME, false, subjectAltName),
		// A self-signed certificate that is its own trust anchor: CA true, so OpenSSL accepts it in `ca`.
		extension(OID_BASIC_CONSTRAINTS, true, seq(tlv(0x01, Buffer.from([0xff])))),
		// digitalSignature (bit 0) + keyCertSign (bit 5): 1000 0100 → 0x84, 2 unused bits.
		extension(OID_KEY_USAGE, true, tlv(0x03, Buffer.from([0x02, 0x84]))),
		extension(OID_EXT_KEY_USAGE, false, seq(oid(OID_SERVER_AUTH))),
	);
	const tbs = seq(
		tlv(0xa0, integer(Buffer.from([2]))), // v3
		integer(serial),
		algorithm,
		name,
		seq(time(notBefore), time(notAfter)),
		name,
		publicKey.export({ type: 'spki', format: 'der' }),
		tlv(0xa3, extensions),
	);
	const signature = sign('sha256', tbs, privateKey); // DER ECDSA-Sig-Value, as X.509 wants
	const der = seq(tbs, algorithm, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
	const certPem = toPem('CERTIFICATE', der);
	// Parse it back: a malformed encoding fails here, at simulator start, not in a client's handshake.
	const parsed = new X509Certificate(certPem);
	if (!parsed.verify(publicKey) || !parsed.checkIP('127.0.0.1')) throw new Error('Self-signed certificate check failed');
	return { certPem, keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
}

/** Writes the certificate to a fresh temp directory; returns its path and a remover. */
export function writeCertificateFile(certPem: string): { caPath: string; remove: () => void } {
	const dir = mkdtempSync(join(tmpdir(), 'bouwsoft-sim-tls-'));
	const caPath = join(dir, 'bouwsoft-simulator-ca.pem');
	writeFileSync(caPath, certPem);
	return { caPath, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function toPem(label: string, der: Buffer): string {
	const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
	return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

function tlv(tag: number, content: Buffer): Buffer {
	return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}

function length(n: number): Buffer {
	if (n < 0x80) return Buffer.from([n]);
	const bytes: number[] = [];
	for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
	return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function seq(...items: Buffer[]): Buffer {
	return tlv(0x30, Buffer.concat(items));
}

function set(...items: Buffer[]): Buffer {
	return tlv(0x31, Buffer.concat(items));
}

function integer(bytes: Buffer): Buffer {
	return tlv(0x02, bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

function oid(dotted: string): Buffer {
	const parts = dotted.split('.').map(Number);
	const out: number[] = [40 * parts[0] + parts[1]];
	for (const part of parts.slice(2)) {
		const chunk: number[] = [part & 0x7f];
		for (let rest = Math.floor(part / 128); rest > 0; rest = Math.floor(rest / 128)) chunk.unshift(0x80 | (rest & 0x7f));
		out.push(...chunk);
	}
	return tlv(0x06, Buffer.from(out));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
	return seq(oid(id), ...(critical ? [tlv(0x01, Buffer.from([0xff]))] : []), tlv(0x04, value));
}

/** UTCTime until 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5). */
function time(date: Date): Buffer {
	const iso = date.toISOString(); // 2026-05-07T09:18:56.000Z
	const digits = iso.slice(0, 19).replace(/[-T:]/g, ''); // 20260507091856
	return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`, 'ascii')) : tlv(0x18, Buffer.from(`${digits}Z`, 'ascii'));
}
