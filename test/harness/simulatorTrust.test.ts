/**
 * Every jest process trusts the Bouwsoft simulators' shared certificate (jest.config.js → NODE_EXTRA_CA_CERTS for
 * workers; setup.ts in jest's own process), and nothing else: a certificate nobody was told about is refused.
 */
import { get } from 'node:https';

import { startBouwsoftSimulator, type BouwsoftSimulator } from '../simulators/bouwsoft';
import { sharedSimulatorCertificate } from '../simulators/bouwsoft/sharedCertificate';

/** Status code of a plain https GET with Node's default trust (no `ca`), or the TLS error code. */
function plainGet(url: string): Promise<string> {
	return new Promise((resolve) => {
		get(url, (res) => {
			res.resume();
			resolve(String(res.statusCode));
		}).on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
	});
}

describe('jest processes trust the simulator certificate', () => {
	let shared: BouwsoftSimulator;
	let fresh: BouwsoftSimulator;
	beforeAll(async () => {
		[shared, fresh] = await Promise.all([
			startBouwsoftSimulator({ seed: { products: 2 } }),
			startBouwsoftSimulator({ seed: { products: 2 }, certificate: 'fresh' }),
		]);
	});
	afterAll(async () => await Promise.all([shared.close(), fresh.close()]));

	it('NODE_EXTRA_CA_CERTS names the shared certificate', () => {
		expect(process.env.NODE_EXTRA_CA_CERTS).toBe(sharedSimulatorCertificate().caPath);
		expect(shared.tls?.caPath).toBe(process.env.NODE_EXTRA_CA_CERTS);
	});

	it('a default simulator is reached over HTTPS without any ca option; a fresh certificate is refused', async () => {
		expect(shared.dataUrl).toMatch(/^https:/);
		expect(await plainGet(`${shared.dataUrl}/Products/`)).toBe('401'); // TLS accepted, no token sent
		expect(await plainGet(`${fresh.dataUrl}/Products/`)).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|CERT/);
	});
});
