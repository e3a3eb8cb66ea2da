/** `IWorkflowExecuteAdditionalData` for in-process runs: only what node execution needs, absolute URLs included. */
import './env';
import { ExecutionLifecycleHooks, ExternalSecretsProxy } from 'n8n-core';
import type { IWorkflowBase, IWorkflowExecuteAdditionalData, WorkflowExecuteMode } from 'n8n-workflow';

import type { HarnessCredentialsHelper } from './credentials';

const BASE_URL = 'http://localhost:5678';

let executionCounter = 0;

export function nextExecutionId(): string {
	executionCounter += 1;
	return `harness-${process.pid}-${executionCounter}`;
}

export function buildAdditionalData(options: {
	credentialsHelper: HarnessCredentialsHelper;
	mode: WorkflowExecuteMode;
	workflowData: IWorkflowBase;
	executionId?: string;
}): IWorkflowExecuteAdditionalData {
	const executionId = options.executionId ?? nextExecutionId();
	const notAvailable = (what: string) => async (): Promise<never> => {
		throw new Error(`${what} is not available in the test harness`);
	};
	const additionalData: IWorkflowExecuteAdditionalData = {
		credentialsHelper: options.credentialsHelper,
		executeWorkflow: notAvailable('executeWorkflow'),
		getRunExecutionData: async () => undefined,
		executionId,
		getRuntimeCredential: async () => undefined,
		currentNodeExecutionIndex: 0,
		// Parameter reads build URLs from these; relative values fail with "Invalid URL".
		restApiUrl: `${BASE_URL}/rest`,
		instanceBaseUrl: BASE_URL,
		formBaseUrl: `${BASE_URL}/form`,
		formWaitingBaseUrl: `${BASE_URL}/form-waiting`,
		formTestBaseUrl: `${BASE_URL}/form-test`,
		webhookBaseUrl: `${BASE_URL}/webhook`,
		webhookWaitingBaseUrl: `${BASE_URL}/webhook-waiting`,
		webhookTestBaseUrl: `${BASE_URL}/webhook-test`,
		mcpBaseUrl: `${BASE_URL}/mcp`,
		mcpTestBaseUrl: `${BASE_URL}/mcp-test`,
		workflowId: options.workflowData.id,
		variables: {},
		logAiEvent: () => {},
		startRunnerTask: notAvailable('startRunnerTask'),
		externalSecretsProxy: new ExternalSecretsProxy(),
		// HTTP goes through n8n-core's OutboundHttp; its SSRF guard is disabled by default (see env.ts), so no
		// ssrfBridge is needed for the simulators on 127.0.0.1.
		hooks: new ExecutionLifecycleHooks(options.mode, executionId, options.workflowData),
	};
	return additionalData;
}
