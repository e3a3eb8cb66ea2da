/**
 * Fault rules: which request gets a 429/5xx, a delay, broken JSON or a dropped connection. Rules are
 * checked in the order they were added; the first one that fires answers the request.
 */
import type { FaultHandle, FaultRule, RequestContext } from './types';

interface ActiveRule {
	rule: FaultRule;
	seen: number;
	fired: number;
	removed: boolean;
}

export class FaultRegistry {
	private rules: ActiveRule[] = [];

	add(rule: FaultRule): FaultHandle {
		const active: ActiveRule = { rule, seen: 0, fired: 0, removed: false };
		this.rules.push(active);
		return this.handle(active);
	}

	/** The active rules in order, with their counters. */
	list(): FaultHandle[] {
		return this.rules.map((active) => this.handle(active));
	}

	private handle(active: ActiveRule): FaultHandle {
		const { rule } = active;
		return {
			rule,
			get seen() {
				return active.seen;
			},
			get fired() {
				return active.fired;
			},
			remove: () => {
				active.removed = true;
				this.rules = this.rules.filter((r) => r !== active);
			},
		};
	}

	clear(): void {
		for (const rule of this.rules) rule.removed = true;
		this.rules = [];
	}

	/** The rule that answers this request, if any; counts every matching request. */
	match(context: RequestContext): FaultRule | undefined {
		let chosen: FaultRule | undefined;
		for (const active of this.rules) {
			if (!matches(active.rule, context)) continue;
			active.seen++;
			if (chosen) continue;
			const { afterRequests = 0, times = Infinity } = active.rule;
			if (active.seen > afterRequests && active.fired < times) {
				active.fired++;
				chosen = active.rule;
			}
		}
		return chosen;
	}
}

function matches(rule: FaultRule, context: RequestContext): boolean {
	const target = rule.target ?? 'data';
	if (target !== 'both' && target !== context.server) return false;
	if (rule.resource && rule.resource.toLowerCase() !== context.resource.toLowerCase()) return false;
	if (rule.method && rule.method.toUpperCase() !== context.method.toUpperCase()) return false;
	return rule.when ? rule.when(context) : true;
}
