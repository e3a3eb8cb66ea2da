/**
 * In-process n8n test harness: runs the package's real node classes inside real n8n-core execution contexts.
 * See README.md in this folder.
 */
import './env';

export { runNode } from './runNode';
export type { RunNodeOptions, RunNodeResult } from './runNode';
export { DEFAULT_POLL_BUDGET_MS, pollOnce, runPoll } from './runPoll';
export { chain, runWorkflow } from './runWorkflow';
export { runListSearch, runLoadOptions, runResourceMapping } from './runLoadOptions';
export type { RunMethodOptions, RunMethodResult } from './runLoadOptions';
export type { RunWorkflowOptions, RunWorkflowResult, WorkflowNodeInput } from './runWorkflow';
export type { PollOnceResult, RunPollOptions, RunPollResult, StaticDataPersistence } from './runPoll';
export { CredentialStore, HarnessCredentialsHelper } from './credentials';
export type { CredentialStoreOptions, CredentialUpdate, PreAuthenticationCall, StoredCredential } from './credentials';
export { CredentialTypeRegistry, loadPackageCredentialTypes } from './credentialTypes';
export type { CredentialsInput } from './common';
export { findSecretsInLogs, getStrayLogs, installLogCapture, logsToText, withLogCapture } from './logCapture';
export type { LogEntry, LogLevel } from './logCapture';
export {
	BUILT_IN_NODE_TYPES,
	defaultTypeName,
	HarnessManualTrigger,
	HarnessNodeTypes,
	HarnessNoOp,
	MANUAL_TRIGGER_TYPE,
	NO_OP_TYPE,
	PACKAGE_NAME,
} from './nodeTypes';
export { deduplicationStore } from './deduplication';
