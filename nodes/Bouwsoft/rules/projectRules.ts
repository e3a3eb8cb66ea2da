import { and, canPushDown, splitForPushDown, type FilterDialect, type FilterExpr } from '../transport/query';
import { compileRule, type CompiledRule, type ProjectRule } from './compileRule';
import { parseBoolean } from './values';

export { CONDITION_LABELS, RULE_CONDITIONS } from './compileRule';
export type { ProjectRule, RuleCondition } from './compileRule';

/**
 * Bouwsoft Project Filter: which projects go on to OutSmart.
 *
 * - Default rule: only projects that are approved and not completed (`approved = true` and
 *   `completed = false`, as OutSmart's own Bouwsoft import and reference §5.8 do). *All projects*
 *   switches the default rule off, so offers, rejected and completed projects pass too.
 * - The user's rules (semantics in compileRule.ts) are combined with AND (all must match) or OR (one is
 *   enough); no rules means no extra condition. Kept = default rule AND (rules).
 * - The trigger sends `projectFilterPushDown` to Bouwsoft's `filter` parameter and still runs
 *   `evaluateProjectFilter` on every record, so results are identical whether or not a server honours
 *   the push-down: the push-down only ever drops records the local evaluation drops as well.
 */
export interface ProjectFilterConfig {
	allProjects: boolean;
	rules: ProjectRule[];
	combinator: 'and' | 'or';
}

interface ProjectFilterDecision {
	kept: boolean;
	/** Why a discarded project was dropped, in plain language. */
	reason?: string;
	/** Which rule dropped it: `default`, `#2`, or `#1 or #2` when no rule of an OR matched. */
	rule?: string;
}

/** Thrown when the configuration has invalid rules; `problems` has one line per invalid rule. */
export class ProjectFilterConfigError extends Error {
	constructor(readonly problems: string[]) {
		super(problems.length === 1 ? problems[0] : `${problems.length} project filter rules are invalid: ${problems.join(' ')}`);
		this.name = 'ProjectFilterConfigError';
	}
}

export interface CompiledProjectFilter {
	evaluate(record: Record<string, unknown>): ProjectFilterDecision;
	pushDown(dialect: FilterDialect): FilterExpr | undefined;
}

const DEFAULT_HINT = 'only approved, not completed projects pass; turn on All Projects to keep it';

function compileAll(config: ProjectFilterConfig): { rules: CompiledRule[]; problems: string[] } {
	const rules: CompiledRule[] = [];
	const problems: string[] = [];
	(config.rules ?? []).forEach((rule, index) => {
		const compiled = compileRule(rule, index);
		if ('problem' in compiled) problems.push(compiled.problem);
		else rules.push(compiled.rule);
	});
	if (config.combinator !== 'and' && config.combinator !== 'or') {
		problems.push(`Combine rules with "and" or "or", not "${String(config.combinator)}".`);
	}
	return { rules, problems };
}

/** Human-readable problems, each naming the rule (#n, field, condition, value) and the fix; [] when valid. */
export function validateProjectFilter(config: ProjectFilterConfig): string[] {
	return compileAll(config).problems;
}

function defaultRuleDecision(record: Record<string, unknown>): ProjectFilterDecision | undefined {
	const approved = parseBoolean(record.approved);
	const completed = parseBoolean(record.completed);
	if (approved !== true) {
		const state = approved === undefined ? 'has no approved flag' : 'is not approved';
		return { kept: false, rule: 'default', reason: `Project ${state} (${DEFAULT_HINT}).` };
	}
	if (completed !== false) {
		const state = completed === undefined ? 'has no completed flag' : 'is completed';
		return { kept: false, rule: 'default', reason: `Project ${state} (${DEFAULT_HINT}).` };
	}
	return undefined;
}

function pushDownRules(rules: CompiledRule[], config: ProjectFilterConfig, dialect: FilterDialect, valid: boolean): FilterExpr | undefined {
	if (config.combinator === 'or') {
		// An OR narrows nothing unless every branch can be sent; an invalid rule fails locally anyway.
		if (!valid || !dialect.or || rules.length === 0) return undefined;
		const branches = rules.map((r) => r.pushDown(dialect));
		if (branches.some((b) => b === undefined || !canPushDown(b, dialect))) return undefined;
		return branches.length === 1 ? branches[0] : { or: branches as FilterExpr[] };
	}
	const terms = rules.map((r) => r.pushDown(dialect)).filter((t): t is FilterExpr => t !== undefined);
	return and(...terms.flatMap((t) => ('and' in t ? t.and : [t])));
}

/** Validate once and return the evaluator and push-down for this configuration. */
export function compileProjectFilter(config: ProjectFilterConfig): CompiledProjectFilter {
	const { rules, problems } = compileAll(config);
	const valid = problems.length === 0;
	return {
		evaluate(record) {
			if (!valid) throw new ProjectFilterConfigError(problems);
			if (!config.allProjects) {
				const dropped = defaultRuleDecision(record);
				if (dropped) return dropped;
			}
			if (rules.length === 0) return { kept: true };
			if (config.combinator === 'or') {
				if (rules.some((r) => r.matches(record))) return { kept: true };
				const why = rules.map((r) => `${r.label}: ${r.mismatch(record)}`).join('; ');
				return { kept: false, rule: rules.map((r) => r.id).join(' or '), reason: `No rule matched. ${why}.` };
			}
			const failed = rules.find((r) => !r.matches(record));
			if (!failed) return { kept: true };
			return { kept: false, rule: failed.id, reason: `${failed.label} does not match: ${failed.mismatch(record)}.` };
		},
		pushDown(dialect) {
			const base: FilterExpr[] = config.allProjects
				? []
				: [
						{ field: 'approved', op: 'eq', value: true },
						{ field: 'completed', op: 'eq', value: false },
					];
			const fromRules = pushDownRules(rules, config, dialect, valid);
			const combined = and(...base, ...(fromRules && 'and' in fromRules ? fromRules.and : [fromRules]));
			if (!combined || canPushDown(combined, dialect)) return combined;
			return splitForPushDown(combined, dialect).pushed;
		},
	};
}

const cache = new WeakMap<ProjectFilterConfig, CompiledProjectFilter>();

function compiled(config: ProjectFilterConfig): CompiledProjectFilter {
	let filter = cache.get(config);
	if (!filter) {
		filter = compileProjectFilter(config);
		cache.set(config, filter);
	}
	return filter;
}

/** Keep or discard one project item (Bouwsoft record or plain JSON with the same field names). Throws ProjectFilterConfigError for invalid rules. */
export function evaluateProjectFilter(record: Record<string, unknown>, config: ProjectFilterConfig): ProjectFilterDecision {
	return compiled(config).evaluate(record);
}

/**
 * A condition Bouwsoft can evaluate that keeps at least every project `evaluateProjectFilter` keeps
 * (a superset), or undefined when nothing can be pushed down. Invalid rules are left out.
 */
export function projectFilterPushDown(config: ProjectFilterConfig, dialect: FilterDialect): FilterExpr | undefined {
	return compiled(config).pushDown(dialect);
}
