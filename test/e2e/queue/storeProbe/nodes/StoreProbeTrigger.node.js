"use strict";
/** e2e probe: which state-store helpers does a polling trigger's poll() (IPollFunctions) get at runtime? */
const { NodeConnectionTypes } = require('n8n-workflow');

const HELPERS = [
	'getDataTableProxy',
	'getDataTableAggregateProxy',
	'checkProcessedAndRecord',
	'checkProcessedItemsAndRecord',
	'removeProcessed',
	'clearAllProcessedItems',
	'getProcessedDataCount',
];

class StoreProbeTrigger {
	constructor() {
		this.description = {
			displayName: 'Store Probe Trigger',
			name: 'storeProbeTrigger',
			group: ['trigger'],
			version: 1,
			description: 'Reports the helpers poll() can reach',
			defaults: { name: 'Store Probe Trigger' },
			polling: true,
			inputs: [],
			outputs: [NodeConnectionTypes.Main],
			properties: [{ displayName: 'Label', name: 'label', type: 'string', default: 'probe' }],
		};
	}

	async poll() {
		const helpers = this.helpers || {};
		const found = Object.fromEntries(HELPERS.map((name) => [name, typeof helpers[name]]));
		const calls = {};
		try {
			calls.checkProcessedAndRecord = await helpers.checkProcessedAndRecord(['a'], 'node', { mode: 'entries' });
		} catch (error) {
			calls.checkProcessedAndRecord = `error: ${error.message}`;
		}
		try {
			const agg = await helpers.getDataTableAggregateProxy();
			calls.getDataTableAggregateProxy = { projectId: agg.getProjectId() };
		} catch (error) {
			calls.getDataTableAggregateProxy = `error: ${error.message}`;
		}
		const state = this.getWorkflowStaticData('node');
		state.polls = (state.polls || 0) + 1;
		return [[{ json: { mode: this.getMode(), found, calls, helperKeys: Object.keys(helpers).sort(), polls: state.polls, pid: typeof process !== 'undefined' ? process.pid : null } }]];
	}
}
exports.StoreProbeTrigger = StoreProbeTrigger;
