import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, IPollFunctions } from 'n8n-workflow';

import { DEFAULT_CATEGORY_OPTIONS } from '../categories/types';
import type { ActivitySource, CategoryOptions } from '../categories/types';
import { DEFAULT_TIME_ZONE, isValidZone } from '../cursor/time';
import type { ProjectFilterConfig, ProjectRule } from '../filters/projectRules';
import { validateProjectFilter } from '../filters/projectRules';
import type { ClientOptions } from '../transport/client';
import { CONFIRMED_DIALECT, EXTENDED_DIALECT } from '../transport/filter';

type ParamContext = IPollFunctions | IExecuteFunctions;

function param<T>(ctx: ParamContext, name: string, itemIndex: number, fallback: T): T {
	// Poll contexts take (name, fallback); execute contexts (name, itemIndex, fallback).
	if ('getInputData' in ctx) return ctx.getNodeParameter(name, itemIndex, fallback) as T;
	return (ctx as IPollFunctions).getNodeParameter(name, fallback) as T;
}

function stringList(value: unknown): string[] {
	if (Array.isArray(value)) return value.map(String).map((s) => s.trim()).filter(Boolean);
	if (typeof value === 'string' && value.trim()) return value.split(',').map((s) => s.trim()).filter(Boolean);
	return [];
}

export function readCategoryOptions(ctx: ParamContext, category: string, itemIndex = 0): CategoryOptions {
	const options: CategoryOptions = { ...DEFAULT_CATEGORY_OPTIONS };
	if (category === 'materials' || category === 'categories') {
		options.productLists = stringList(param(ctx, 'productLists', itemIndex, []));
		options.productGroups = stringList(param(ctx, 'productGroups', itemIndex, []));
	}
	if (category === 'relations') options.includeContacts = param(ctx, 'includeContacts', itemIndex, false);
	if (category === 'projects') {
		options.includeActivities = param(ctx, 'includeActivities', itemIndex, false);
		options.activitySource = options.includeActivities
			? param<ActivitySource>(ctx, 'activitySource', itemIndex, 'projectPhases')
			: 'projectPhases';
		const rules = param<{ rule?: ProjectRule[] }>(ctx, 'projectRules', itemIndex, {}).rule ?? [];
		const projectFilter: ProjectFilterConfig = {
			allProjects: !param(ctx, 'onlyApprovedOpen', itemIndex, false),
			rules: rules.map((r) => ({ field: String(r.field), condition: r.condition, value: String(r.value ?? '') })),
			combinator: param<'and' | 'or'>(ctx, 'projectRulesCombinator', itemIndex, 'and'),
		};
		const problems = validateProjectFilter(projectFilter);
		if (problems.length) {
			throw new NodeOperationError(ctx.getNode(), `Project rules are not valid: ${problems.join(' ')}`, {
				description: 'Fix the rules under Project Rules.',
				itemIndex,
			});
		}
		options.projectFilter = projectFilter;
	}
	return options;
}

export function readClientOptions(options: IDataObject): Partial<ClientOptions> {
	return {
		dialect: options.extendedFilterSyntax === true ? EXTENDED_DIALECT : CONFIRMED_DIALECT,
		pageSize: Math.max(1, Math.min(1000, Number(options.pageSize ?? 500) || 500)),
		concurrency: Math.max(1, Math.min(10, Number(options.concurrency ?? 4) || 4)),
	};
}

export function readTimeZone(ctx: ParamContext, options: IDataObject, itemIndex = 0): string {
	const zone = String(options.timeZone ?? DEFAULT_TIME_ZONE).trim() || DEFAULT_TIME_ZONE;
	if (!isValidZone(zone)) {
		throw new NodeOperationError(ctx.getNode(), `Unknown time zone "${zone}"`, {
			description: 'Use an IANA zone name such as Europe/Brussels.',
			itemIndex,
		});
	}
	return zone;
}
