import type { IDataObject } from 'n8n-workflow';

/**
 * Carries changes that an execution makes to the workflow's *global* static data back to the poller.
 *
 * Why: in n8n 2.41 an active polling workflow keeps one in-memory copy of the workflow from activation. When
 * a poll emits, n8n saves that copy's whole static data, then runs the execution on a fresh copy loaded from
 * the database. What the execution writes (the sync ledger, Skip Unchanged hashes) is saved to the database
 * but never reaches the poller's copy, which overwrites it on its next emit. So the OutSmart node also posts
 * its changes here, and the Bouwsoft Trigger applies them to its copy at the start of every poll and again
 * just before it emits; n8n's own save then stores them for good.
 *
 * The mailbox lives in the n8n process (both nodes run in the main process in n8n's default mode). In queue
 * mode, executions run on workers and this hand-over does not reach the poller (documented limitation).
 * Patches are kept per path: a newer change to the same path replaces the older one; a patch marked
 * `subtree` also drops every queued patch below its path. Applying them in order gives the final state.
 */
export interface GlobalPatch {
	path: string[];
	/** The new value; `undefined` deletes the path. */
	value?: unknown;
	/** The patch replaces or deletes a whole subtree (queued patches below it are dropped). */
	subtree?: boolean;
}

const SEPARATOR = '\u0000';
/**
 * Bound per workflow: a workflow whose OutSmart node runs under another trigger (e.g. a Schedule Trigger)
 * posts patches no poller takes in; past this many paths the oldest are dropped.
 */
export const MAX_PATCHES_PER_WORKFLOW = 250_000;
const mailbox = new Map<string, Map<string, GlobalPatch>>();

export function postGlobalPatches(workflowId: string | undefined, patches: GlobalPatch[]): void {
	if (!workflowId || patches.length === 0) return;
	let queue = mailbox.get(workflowId);
	if (!queue) mailbox.set(workflowId, (queue = new Map()));
	for (const patch of patches) {
		const id = patch.path.join(SEPARATOR);
		if (patch.subtree) {
			for (const queued of [...queue.keys()]) {
				if (queued.startsWith(id + SEPARATOR)) queue.delete(queued);
			}
		}
		// delete first so the patch moves to the end: order between overlapping paths is kept
		queue.delete(id);
		queue.set(id, { ...patch, value: cloneValue(patch.value) });
	}
	for (const oldest of queue.keys()) {
		if (queue.size <= MAX_PATCHES_PER_WORKFLOW) break;
		queue.delete(oldest);
	}
}

/** Applies and clears the patches posted for a workflow. Returns how many were applied. */
export function applyGlobalPatches(workflowId: string | undefined, global: IDataObject): number {
	if (!workflowId) return 0;
	const queue = mailbox.get(workflowId);
	if (!queue || queue.size === 0) return 0;
	mailbox.delete(workflowId);
	for (const patch of queue.values()) applyPatch(global, patch);
	return queue.size;
}

/** Patches waiting for a workflow (for tests and diagnostics). */
export function pendingPatchCount(workflowId: string): number {
	return mailbox.get(workflowId)?.size ?? 0;
}

function applyPatch(root: IDataObject, patch: GlobalPatch): void {
	if (patch.path.length === 0) return;
	let parent: IDataObject = root;
	for (const segment of patch.path.slice(0, -1)) {
		const next = parent[segment];
		if (next === null || typeof next !== 'object' || Array.isArray(next)) {
			if (patch.value === undefined) return; // deleting below a path that does not exist
			parent[segment] = {};
		}
		parent = parent[segment] as IDataObject;
	}
	const leaf = patch.path[patch.path.length - 1];
	if (patch.value === undefined) delete parent[leaf];
	// the value was copied when posted and the queue is dropped once applied: the target can own it
	else parent[leaf] = patch.value as IDataObject[string];
}

function cloneValue(value: unknown): unknown {
	return value !== null && typeof value === 'object' ? JSON.parse(JSON.stringify(value)) : value;
}
