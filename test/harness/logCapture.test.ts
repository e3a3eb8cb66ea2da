import { LoggerProxy, NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { findSecretsInLogs, getStrayLogs, logsToText, runNode } from './index';

class Chatty implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Chatty',
		name: 'chatty',
		group: ['transform'],
		version: 1,
		description: 'logs through both loggers',
		defaults: { name: 'Chatty' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Word', name: 'word', type: 'string', default: '' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const word = this.getNodeParameter('word', 0) as string;
		LoggerProxy.info(`proxy says ${word}`, { word });
		await new Promise((resolve) => setImmediate(resolve));
		this.logger.warn(`context says ${word}`);
		return [this.getInputData()];
	}
}

describe('log capture', () => {
	it('records LoggerProxy and this.logger calls, separately per concurrent run', async () => {
		const [a, b] = await Promise.all([
			runNode({ node: new Chatty(), parameters: { word: 'alpha' } }),
			runNode({ node: new Chatty(), parameters: { word: 'beta' } }),
		]);
		expect(a.logs).toEqual(
			expect.arrayContaining([
				{ level: 'info', message: 'proxy says alpha', metadata: { word: 'alpha' }, source: 'LoggerProxy' },
				{ level: 'warn', message: 'context says alpha', metadata: undefined, source: 'context' },
			]),
		);
		expect(logsToText(a.logs)).not.toContain('beta');
		expect(logsToText(b.logs)).toContain('context says beta');
		expect(logsToText(b.logs)).not.toContain('alpha');
		expect(getStrayLogs().filter((entry) => /alpha|beta/.test(entry.message))).toEqual([]);
	});

	it('findSecretsInLogs finds a secret in messages and metadata, ignoring empty needles', () => {
		const logs = [
			{ level: 'info' as const, message: 'token abc123 used', source: 'context' as const },
			{ level: 'debug' as const, message: 'request', metadata: { headers: { auth: 'xyz789' } }, source: 'LoggerProxy' as const },
			{ level: 'debug' as const, message: 'clean', source: 'LoggerProxy' as const },
		];
		expect(findSecretsInLogs(logs, ['abc123', 'xyz789', '', undefined]).map((entry) => entry.message)).toEqual(['token abc123 used', 'request']);
	});
});
