/** JSON shapes exchanged with n8n (only the fields the e2e suite reads or writes). */

/** One entry of the `n8n import:credentials` array; `data` is plain, n8n encrypts it on import. */
export interface CredentialImport {
	id: string;
	name: string;
	/** credential type name, e.g. 'bouwsoftApi' (not prefixed with the package name) */
	type: string;
	data: Record<string, unknown>;
}

export interface WorkflowNode {
	id?: string;
	name: string;
	/** e.g. 'n8n-nodes-bouwsoft-outsmart.bouwsoftTrigger' or 'n8n-nodes-base.manualTrigger' */
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	/** keyed by credential type name */
	credentials?: Record<string, { id?: string; name: string }>;
	disabled?: boolean;
	[key: string]: unknown;
}

export interface WorkflowJson {
	/** <= 21 characters, or n8n ignores it for CLI executions */
	id?: string;
	name?: string;
	active?: boolean;
	nodes: WorkflowNode[];
	connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }>;
	settings?: Record<string, unknown>;
	pinData?: Record<string, Array<{ json: Record<string, unknown> }>>;
	[key: string]: unknown;
}

export interface NodeRun {
	startTime?: number;
	executionTime?: number;
	executionStatus?: string;
	error?: { message?: string; description?: string; [key: string]: unknown };
	data?: { main?: Array<Array<{ json: Record<string, unknown>; pairedItem?: unknown }> | null> };
}

/** An execution as returned by the public API with includeData=true, or the IRun printed by `n8n execute`. */
export interface ExecutionDetails {
	/** missing in CLI output */
	id: string;
	workflowId?: string;
	/** 'manual' | 'trigger' | 'cli' | ... */
	mode: string;
	/** 'success' | 'error' | 'crashed' | 'canceled' | 'running' | 'waiting' | 'new' */
	status: string;
	finished: boolean;
	startedAt?: string;
	stoppedAt?: string | null;
	data?: {
		resultData?: {
			runData?: Record<string, NodeRun[]>;
			error?: { message?: string; [key: string]: unknown };
			lastNodeExecuted?: string;
		};
	};
}
