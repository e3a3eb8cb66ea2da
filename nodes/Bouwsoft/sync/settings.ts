import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, IPollFunctions } from 'n8n-workflow';

import { parseGroupValue } from '../imports/productSelection';
import { DEFAULT_CATEGORY_OPTIONS } from '../imports/types';
import type { ActivitySource, CategoryOptions } from '../imports/types';
import type { FirstRunPolicy } from './cursor/pass';
import { dateToWall, DEFAULT_TIME_ZONE, isValidZone } from './cursor/time';
import type { PollSettings } from './types';
import type { ProjectFilterConfig, ProjectRule } from '../rules/projectRules';
import { validateProjectFilter } from '../rules/projectRules';
import type { ClientOptions } from '../transport/types';
import { CONFIRMED_DIALECT, EXTENDED_DIALECT } from '../transport/query';

type ParamContext = IPollFunctions | IExecuteFunctions;

function param<T>(ctx: ParamContext, name: string, itemIndex: number, fallback: T): T {
	// Poll contexts take (name, fallback); execute contexts (name, itemIndex, fallback).
	if ('getInputData' in ctx) return ctx.getNodeParameter(name, itemIndex, fallback) as T;
	return (ctx as IPollFunctions).getNodeParameter(name, fallback) as T;
}

/**
 * A multi-select value: an array, or a comma-separated text from an expression. Numbers become text (a
 * list named 42). Any other type is an error: read as "nothing selected" it would import everything.
 */
function stringList(ctx: ParamContext, value: unknown, label: string, itemIndex: number): string[] {
	if (value === undefined || value === null || value === '') return [];
	const entries = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [value];
	return entries
		.map((entry: unknown) => {
			if (typeof entry === 'string') return entry.trim();
			if (typeof entry === 'number' && Number.isFinite(entry)) return String(entry);
			const shown = typeof entry === 'object' && entry !== null ? JSON.stringify(entry).slice(0, 60) : String(entry);
			throw new NodeOperationError(ctx.getNode(), `${label} must be names, not ${typeof entry === 'object' ? 'an object' : `a ${typeof entry}`} (${shown})`, {
				description: `Pick ${label} from the list, or use an expression that returns a list of names or a comma-separated text such as "VERF, SANITAIR".`,
				itemIndex,
			});
		})
		.filter(Boolean);
}

/** Product Groups are `G:<list>/<group>`; anything else would be skipped and could widen the selection. */
function checkGroupValues(ctx: ParamContext, groups: string[], itemIndex: number): string[] {
	for (const value of groups) {
		if (parseGroupValue(value)) continue;
		throw new NodeOperationError(ctx.getNode(), `Product Groups: "${value.slice(0, 100)}" is not a product group`, {
			description:
				'A product group is written G:<list>/<group>, e.g. "G:VERF/01 Levis". Pick groups from the list, or make the expression return values of that form.',
			itemIndex,
		});
	}
	return groups;
}

export function readCategoryOptions(ctx: ParamContext, category: string, itemIndex = 0): CategoryOptions {
	const options: CategoryOptions = { ...DEFAULT_CATEGORY_OPTIONS };
	if (category === 'materials' || category === 'categories') {
		options.productLists = stringList(ctx, param(ctx, 'productLists', itemIndex, []), 'Product Lists', itemIndex);
		const groups = stringList(ctx, param(ctx, 'productGroups', itemIndex, []), 'Product Groups', itemIndex);
		options.productGroups = checkGroupValues(ctx, groups, itemIndex);
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

/** A number option clamped to [min, max]; unreadable or missing → the default. */
function clampedNumber(value: unknown, fallback: number, min: number, max: number): number {
	const n = typeof value === 'number' || typeof value === 'string' ? Number(value) : NaN;
	if (!Number.isFinite(n) || (typeof value === 'string' && value.trim() === '')) return fallback;
	return Math.max(min, Math.min(max, n));
}

const DEFAULT_TIMEOUT_SECONDS = 60;

/**
 * Records per request: the largest `limit` we ask for. A server that serves fewer per page only costs more
 * requests (paging follows Content-Range), never records.
 */
const DEFAULT_PAGE_SIZE = 1000;

export function readClientOptions(options: IDataObject): Partial<ClientOptions> {
	return {
		dialect: options.extendedFilterSyntax === true ? EXTENDED_DIALECT : CONFIRMED_DIALECT,
		pageSize: Math.max(1, Math.min(1000, Number(options.pageSize ?? DEFAULT_PAGE_SIZE) || DEFAULT_PAGE_SIZE)),
		concurrency: Math.max(1, Math.min(10, Number(options.concurrency ?? 4) || 4)),
		timeoutMs: Math.round(clampedNumber(options.timeoutSeconds, DEFAULT_TIMEOUT_SECONDS, 1, 600) * 1000),
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

const DEFAULT_OVERLAP_MINUTES = 5;
const DEFAULT_MAX_RECORDS = 10_000;

/** The trigger's background-poll settings: first run, overlap, max records per poll, n8n's poll budget. */
export function readPollSettings(ctx: IPollFunctions, options: IDataObject, timeZone: string): PollSettings {
	const firstRun = ctx.getNodeParameter('firstRun', 'full') as FirstRunPolicy;
	const firstRunDateParam = firstRun === 'fromDate' ? String(ctx.getNodeParameter('firstRunDate', '') ?? '') : '';
	const firstRunDate = firstRunDateParam ? dateToWall(firstRunDateParam, timeZone) : undefined;
	if (firstRun === 'fromDate' && !firstRunDate) {
		throw new NodeOperationError(ctx.getNode(), 'First Run is "Changes From a Date" but the date is empty or invalid', {
			description: 'Set "Changes Since" to the first date whose changes should be imported.',
		});
	}
	const overlapMinutes = Number(options.overlapMinutes ?? DEFAULT_OVERLAP_MINUTES);
	const budget = typeof ctx.getPollBudgetMs === 'function' ? ctx.getPollBudgetMs() : undefined;
	const settings: PollSettings = {
		overlapSeconds: Math.max(0, Number.isFinite(overlapMinutes) ? overlapMinutes : DEFAULT_OVERLAP_MINUTES) * 60,
		timeZone,
		firstRun,
		firstRunDate,
		maxRecordsPerPoll: Math.max(0, Number(options.maxRecordsPerPoll ?? DEFAULT_MAX_RECORDS) || 0),
		softBudgetMs: budget && budget > 0 ? Math.floor(budget * 0.5) : undefined,
	};
	return settings;
}
