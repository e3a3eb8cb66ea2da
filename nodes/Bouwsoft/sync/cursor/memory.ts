import type { SyncState } from './state';

/**
 * Process-wide memory of trigger states n8n has not stored yet.
 *
 * n8n 2.41 writes a trigger's static data only when a poll emits items. A poll that emits nothing (the
 * "Only Future Changes" baseline, and every quiet poll after it) is not stored, and n8n may rebuild the
 * poll context from the database before the next tick. Without this memory the next poll would take a new
 * baseline and lose what changed in between. The entry is dropped once a poll emits (n8n then stores the
 * state with the execution). It lives as long as the n8n process: after a restart the trigger falls back
 * to its restart catch-up (see runTrigger).
 */
const MAX_ENTRIES = 1000;
const remembered = new Map<string, string>();

export function recallState(key: string): SyncState | undefined {
	const json = remembered.get(key);
	return json ? (JSON.parse(json) as SyncState) : undefined;
}

export function rememberState(key: string, state: SyncState): void {
	remembered.delete(key);
	remembered.set(key, JSON.stringify(state));
	while (remembered.size > MAX_ENTRIES) {
		const oldest = remembered.keys().next().value;
		if (oldest === undefined) break;
		remembered.delete(oldest);
	}
}

export function forgetRememberedState(key: string): void {
	remembered.delete(key);
}

/** Drops everything remembered, as a restart of n8n would (tests). */
export function clearRememberedStates(): void {
	remembered.clear();
}
