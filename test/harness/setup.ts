/**
 * Every test starts with an empty n8n database as far as the deduplication store goes, as every test starts
 * with its own static data object. (jest setupFilesAfterEach; see jest.config.js.)
 *
 * It also makes this process trust the Bouwsoft simulators' certificate when it could not do so itself: a
 * test file run in jest's own process (`--runInBand`, `--detectOpenHandles`), which started before
 * jest.config.js set NODE_EXTRA_CA_CERTS (test/harness/simulatorCertificate.js). Every connection without
 * its own `ca` then trusts Node's roots plus that certificate — what NODE_EXTRA_CA_CERTS does — and
 * n8n-core's request code runs unchanged.
 */
import { readFileSync } from 'node:fs';

import { deduplicationStore } from './deduplication';

type CreateSecureContext = (options?: { ca?: unknown }) => unknown;
// The core module object itself (`import *` would copy it): Node's TLS client calls createSecureContext on it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tls = require('node:tls') as { createSecureContext: CreateSecureContext; rootCertificates: readonly string[] };
const PATCHED = Symbol.for('bouwsoft-simulator-ca-trusted');

const caPath = process.env.NODE_EXTRA_CA_CERTS;
if (caPath && process.env.BOUWSOFT_SIM_CA_UNTRUSTED_PID === String(process.pid) && !(tls as unknown as Record<symbol, boolean>)[PATCHED]) {
	const trusted = [...tls.rootCertificates, readFileSync(caPath, 'utf8')];
	const original = tls.createSecureContext;
	tls.createSecureContext = (options) => original(options?.ca === undefined ? { ...options, ca: trusted } : options);
	(tls as unknown as Record<symbol, boolean>)[PATCHED] = true;
}

beforeEach(() => deduplicationStore.reset());
