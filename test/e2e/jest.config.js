/** End-to-end tests against a real n8n server (run through `npm run test:e2e`, i.e. test/e2e/run.sh). */
const path = require('path');

module.exports = {
	rootDir: path.resolve(__dirname, '..', '..'),
	testEnvironment: '<rootDir>/test/e2e/environment.js',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/\\.work/', '/dist/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { isolatedModules: true, tsconfig: '<rootDir>/tsconfig.test.json' }],
	},
	// One n8n server per suite, suites one after another (2 cores); each step may take minutes.
	maxWorkers: 1,
	testTimeout: 15 * 60 * 1000,
	slowTestThreshold: 120,
	verbose: true,
};
