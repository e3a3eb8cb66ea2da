/** Runs a prepared workflow through n8n-core's real `WorkflowExecute`, starting at one node with given input. */
import './env';
import { WorkflowExecute } from 'n8n-core';
import { createRunExecutionData } from 'n8n-workflow';
import type {
	INode,
	INodeExecutionData,
	IRun,
	IWorkflowExecuteAdditionalData,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';

export async function executeFrom(options: {
	workflow: Workflow;
	additionalData: IWorkflowExecuteAdditionalData;
	mode: WorkflowExecuteMode;
	startNode: INode;
	/** input of the start node, one array per input (main) */
	startData: INodeExecutionData[][];
}): Promise<IRun> {
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: options.startNode, data: { main: options.startData }, source: null }],
		},
	});
	const workflowExecute = new WorkflowExecute(options.additionalData, options.mode, runExecutionData);
	return await workflowExecute.processRunExecutionData(options.workflow);
}

/** Main outputs of one run of a node (empty array when the node did not run or produced nothing). */
export function mainOutputs(run: IRun, nodeName: string, runIndex = 0): INodeExecutionData[][] {
	const task = run.data.resultData.runData[nodeName]?.[runIndex];
	return (task?.data?.main ?? []).map((output) => output ?? []);
}
