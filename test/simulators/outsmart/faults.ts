/**
 * Fault injection: rules matched in insertion order, the first active one wins. A rule counts the
 * requests it matched so `afterRequests` / `times` work per rule.
 */
import type { OutSmartFaultRule } from './types';

interface ActiveRule {
	rule: OutSmartFaultRule;
	seen: number;
	hits: number;
}

export interface OutSmartFaults {
	add(rule: OutSmartFaultRule): void;
	clear(): void;
	/** Rules with how often each has hit so far. */
	list(): Array<OutSmartFaultRule & { hits: number }>;
}

export class FaultRegistry implements OutSmartFaults {
	private rules: ActiveRule[] = [];

	add(rule: OutSmartFaultRule): void {
		const effects = [rule.status, rule.code, rule.malformedJson, rule.dropConnection, rule.delayMs];
		if (effects.every((effect) => effect === undefined || effect === false)) {
			throw new Error('A fault rule needs status, code, malformedJson, dropConnection or delayMs');
		}
		this.rules.push({ rule: { ...rule }, seen: 0, hits: 0 });
	}

	clear(): void {
		this.rules = [];
	}

	list(): Array<OutSmartFaultRule & { hits: number }> {
		return this.rules.map(({ rule, hits }) => ({ ...rule, hits }));
	}

	/** The fault for this request, if any; counts the request against every rule that matches it. */
	take(endpoint: string, method: string): OutSmartFaultRule | undefined {
		let chosen: OutSmartFaultRule | undefined;
		for (const active of this.rules) {
			const { rule } = active;
			if (rule.endpoint !== undefined && rule.endpoint !== endpoint) continue;
			if (rule.method !== undefined && rule.method !== method) continue;
			active.seen++;
			if (chosen) continue;
			if (active.seen <= (rule.afterRequests ?? 0)) continue;
			if (active.hits >= (rule.times ?? Infinity)) continue;
			active.hits++;
			chosen = rule;
		}
		return chosen;
	}
}

/** Short description for the request log. */
export function describeFault(rule: OutSmartFaultRule): string {
	const parts: string[] = [];
	if (rule.dropConnection) parts.push('drop');
	if (rule.status !== undefined) parts.push(`http ${rule.status}`);
	if (rule.code !== undefined) parts.push(`code ${rule.code}`);
	if (rule.malformedJson) parts.push('malformed json');
	if (rule.delayMs !== undefined) parts.push(`delay ${rule.delayMs}ms`);
	if (rule.afterProcessing) parts.push('after processing');
	return parts.join(', ');
}
