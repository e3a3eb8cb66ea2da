/** Unit, node and reliability tests. End-to-end tests (test/e2e) run through `npm run test:e2e`. */
const { trustSimulatorCertificate } = require('./test/harness/simulatorCertificate');

// The default Bouwsoft simulator speaks HTTPS with the machine's one test certificate. Node reads
// NODE_EXTRA_CA_CERTS only when a process starts: set here, it reaches every jest worker (started later);
// test/harness/setup.ts covers a run in this very process (`--runInBand`, `--detectOpenHandles`).
trustSimulatorCertificate();

module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/', '/dist/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	setupFilesAfterEnv: ['<rootDir>/test/harness/setup.ts'],
	testTimeout: 60000,
	// A memory limit makes jest use workers even for a single test file (jest 29 shouldRunInBand), so
	// `npx jest <file>` runs where NODE_EXTRA_CA_CERTS took effect. Also recycles a worker that grew past it.
	workerIdleMemoryLimit: '1GB',
};
