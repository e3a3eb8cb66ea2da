/**
 * For jest configs (plain JS): make sure the Bouwsoft simulators' shared certificate exists
 * (test/simulators/bouwsoft/sharedCertificate.ts) and that processes started from here on trust it through
 * NODE_EXTRA_CA_CERTS. This process itself only trusts it if it was started with that variable already
 * (scripts/test.sh and the run scripts export it); otherwise BOUWSOFT_SIM_CA_UNTRUSTED_PID names it, and
 * test/harness/setup.ts adds the certificate to TLS connections made in it (a `--runInBand` run).
 */
const { execFileSync } = require('child_process');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');

function trustSimulatorCertificate() {
	const caPath = execFileSync(
		process.execPath,
		[require.resolve('ts-node/dist/bin.js'), '--transpile-only', path.join(ROOT, 'test/simulators/bouwsoft/sharedCertificate.ts')],
		{ cwd: ROOT, encoding: 'utf8', env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.test.json') } },
	).trim();
	if (process.env.NODE_EXTRA_CA_CERTS !== caPath) {
		process.env.NODE_EXTRA_CA_CERTS = caPath;
		process.env.BOUWSOFT_SIM_CA_UNTRUSTED_PID = String(process.pid);
	}
	return caPath;
}

module.exports = { trustSimulatorCertificate };
