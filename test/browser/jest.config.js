/** Browser suite against a real n8n (run through test/browser/run.sh). Files are `*.browser.ts`, so the unit run
 * (`npx jest`, which matches `*.test.ts`) never picks them up. */
const path = require('path');

module.exports = {
	rootDir: path.resolve(__dirname, '..', '..'),
	// records failures so N8nInstance.dispose() prints the server log and keeps the work dir
	testEnvironment: '<rootDir>/test/e2e/environment.js',
	roots: ['<rootDir>/test/browser'],
	testMatch: ['**/*.browser.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/screenshots/', '/dist/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { isolatedModules: true, tsconfig: '<rootDir>/tsconfig.test.json' }],
	},
	maxWorkers: 1,
	testTimeout: 5 * 60 * 1000,
	slowTestThreshold: 60,
	verbose: true,
};
