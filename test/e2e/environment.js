/**
 * Node test environment that records failed tests in `globalThis.__E2E_TEST_FAILED__`, so N8nInstance.dispose()
 * can print the n8n server log and keep the work dir when an assertion (not only the controller) failed.
 */
const { TestEnvironment } = require('jest-environment-node');

class E2eEnvironment extends TestEnvironment {
	async handleTestEvent(event) {
		if (event.name === 'test_fn_failure' || event.name === 'hook_failure') {
			this.global.__E2E_TEST_FAILED__ = true;
		}
	}
}

module.exports = E2eEnvironment;
