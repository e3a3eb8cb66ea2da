import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { CUSTOM_FIELD, projectFilterProperties } from './descriptions/projectFilter';
import { splitItems } from './rules/splitItems';
import { compileProjectFilter } from './rules/projectRules';
import type { CompiledProjectFilter, ProjectFilterConfig, ProjectRule, RuleCondition } from './rules/projectRules';

interface RuleParameter {
	field?: string;
	customField?: string;
	condition?: RuleCondition;
	value?: unknown;
}

function toRule(parameter: RuleParameter): ProjectRule {
	const field = parameter.field === CUSTOM_FIELD ? parameter.customField : parameter.field;
	const value = parameter.value;
	return {
		field: typeof field === 'string' ? field : '',
		condition: parameter.condition ?? 'equal',
		value: value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value),
	};
}

export class BouwsoftProjectFilter implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bouwsoft Project Filter',
		name: 'bouwsoftProjectFilter',
		icon: { light: 'file:bouwsoft.svg', dark: 'file:bouwsoft.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{($parameter["allProjects"] ? "All projects" : "Approved, not completed") + " · " + ($parameter["combinator"] || "and").toUpperCase()}}',
		description: 'Keep the Bouwsoft projects to send to OutSmart: approved and not completed by default, plus your rules',
		defaults: { name: 'Bouwsoft Project Filter' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Kept', 'Discarded'],
		properties: projectFilterProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// Rules may hold expressions, so they are read per item; equal configurations compile once.
		const compiled = new Map<string, CompiledProjectFilter>();
		return splitItems(this, (item, i) => {
			const config: ProjectFilterConfig = {
				allProjects: this.getNodeParameter('allProjects', i, false) as boolean,
				rules: ((this.getNodeParameter('rules.rule', i, []) as RuleParameter[]) ?? []).map(toRule),
				combinator: this.getNodeParameter('combinator', i, 'and') as 'and' | 'or',
			};
			const key = JSON.stringify(config);
			let filter = compiled.get(key);
			if (!filter) {
				filter = compileProjectFilter(config);
				compiled.set(key, filter);
			}
			let decision;
			try {
				decision = filter.evaluate(item.json as IDataObject);
			} catch (error) {
				throw new NodeOperationError(this.getNode(), (error as Error).message, {
					itemIndex: i,
					description:
						'Fix the rule under Rules (field, condition, value) or remove it. Text fields compare alphabetically, so use a number field (such as pnr) for More Than / Less Than with numbers.',
				});
			}
			return decision.kept ? undefined : { rule: decision.rule ?? 'rules', reason: decision.reason ?? 'Filtered out' };
		});
	}
}
