/**
 * Compatibility suite (run through test/e2e/compat/run.sh, once per n8n version with E2E_N8N_VERSION /
 * E2E_NODE_VERSION set). Its test file is not named *.e2e.test.ts on purpose: the main e2e run (pinned 2.41.1) must
 * not pick it up.
 */
const path = require('path');
const base = require('../jest.config');

module.exports = {
	...base,
	rootDir: path.resolve(__dirname, '..', '..', '..'),
	roots: ['<rootDir>/test/e2e/compat'],
	testMatch: ['**/*.compat.test.ts'],
	testTimeout: 10 * 60 * 1000,
};
