/** Helpers for the bad-input suite: one-node runs, the filter-injection audit, error shape checks. */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { BouwsoftTrigger } from '../../../nodes/Bouwsoft/BouwsoftTrigger.node';
import { OutSmart } from '../../../nodes/OutSmart/OutSmart.node';
import { runNode, runPoll } from '../../harness';
import type { RunNodeResult, RunPollResult } from '../../harness';
import { parseFilter } from '../../simulators/bouwsoft/filterParser';
import type { FilterNode } from '../../simulators/bouwsoft/filterParser';
import type { SyncEnv } from './env';
import { audit } from './secrets';

export async function poll(env: SyncEnv, parameters: INodeParameters, mode: 'trigger' | 'manual' = 'trigger'): Promise<RunPollResult> {
	const result = await runPoll({
		node: new BouwsoftTrigger(),
		parameters,
		credentials: env.credentials,
		workflowStaticData: {},
		mode,
		timezone: 'Europe/Brussels',
	});
	audit(`poll ${JSON.stringify(parameters).slice(0, 80)}`, result);
	return result;
}

export async function outSmart(env: SyncEnv, parameters: INodeParameters, items: IDataObject[], continueOnFail = false): Promise<RunNodeResult> {
	const result = await runNode({
		node: new OutSmart(),
		parameters: { operation: 'upsert', ...parameters, options: { maxAttempts: 2, timeoutSeconds: 5, ...((parameters.options as IDataObject) ?? {}) } },
		inputItems: items.map((json): INodeExecutionData => ({ json })),
		credentials: env.credentials,
		continueOnFail,
		workflowStaticData: {},
	});
	audit(`outSmart ${String(parameters.resource)}`, result);
	return result;
}

export function errorWords(error: unknown): string {
	const e = error as { message?: string; description?: string } | undefined;
	return e ? `${e.message ?? ''} ${e.description ?? ''}` : '';
}

/** A user-facing n8n error (not a TypeError escaping from the node). */
export function isNodeError(error: unknown): boolean {
	const e = error as { name?: string; node?: unknown } | undefined;
	return !!e && ['NodeOperationError', 'NodeApiError', 'ExpressionError', 'WorkflowHasIssuesError'].includes(e.name ?? '');
}

function literals(node: FilterNode | undefined, out: Array<{ field: string; value: string | number | boolean }> = []) {
	if (!node) return out;
	if (node.type === 'compare') out.push({ field: node.field, value: node.literal.value });
	else for (const t of node.terms) literals(t, out);
	return out;
}

const SEMANTICS = { dialect: { comparisons: true, or: true }, quoteEscape: 'double' as const, caseInsensitiveStrings: false, sqlPadding: true };

/**
 * Every `filter` the simulator received since the last reset: parsed with Bouwsoft's grammar (quotes
 * doubled inside strings). Returns the compared fields and string values; throws when a filter does not
 * parse (what an injected quote would cause).
 */
export function sentFilters(env: SyncEnv): Array<{ filter: string; comparisons: Array<{ field: string; value: string | number | boolean }> }> {
	return env.bs.requests
		.filter((r) => r.server === 'data' && r.query.filter)
		.map((r) => ({ filter: r.query.filter, comparisons: literals(parseFilter(r.query.filter, SEMANTICS)) }));
}

/**
 * No injection: every filter parses, compares only fields the node may filter on, and the user's value
 * arrives as one whole string literal (when it was sent at all).
 */
export function expectNoInjection(env: SyncEnv, allowedFields: string[], userValue?: string): void {
	const filters = sentFilters(env);
	for (const f of filters) {
		for (const c of f.comparisons) {
			if (!allowedFields.includes(c.field)) throw new Error(`filter compares an unexpected field ${c.field}: ${f.filter}`);
		}
	}
	if (userValue !== undefined) {
		const sent = filters.flatMap((f) => f.comparisons.map((c) => c.value));
		const fragments = sent.filter((v) => typeof v === 'string' && v !== userValue && userValue.includes(v) && v.length > 2);
		if (fragments.length) throw new Error(`a fragment of the value was sent as its own literal: ${JSON.stringify(fragments)}`);
	}
}
