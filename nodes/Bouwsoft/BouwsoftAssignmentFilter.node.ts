import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { assignmentFilterProperties } from './descriptions/assignmentFilter';
import { splitItems } from './rules/splitItems';
import { evaluateAssignmentFilter, parseKeywords, validateKeywordFilter } from './rules/keywords';
import type { KeywordFilterConfig } from './rules/keywords';

export class BouwsoftAssignmentFilter implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bouwsoft Assignment Filter',
		name: 'bouwsoftAssignmentFilter',
		icon: { light: 'file:bouwsoft.svg', dark: 'file:bouwsoft.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{$parameter["orderFilter"] === "none" ? "No filter" : "Note has " + ($parameter["match"] === "all" ? "all of: " : "any of: ") + $parameter["keywords"]}}',
		description: 'Keep the Bouwsoft assignments whose technician note contains your keyword(s)',
		defaults: { name: 'Bouwsoft Assignment Filter' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Kept', 'Discarded'],
		properties: assignmentFilterProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return splitItems(this, (item, i) => {
			const noFilter = this.getNodeParameter('orderFilter', i, 'keywords') === 'none';
			const config: KeywordFilterConfig = noFilter
				? { noFilter, keywords: [], match: 'any' }
				: {
						noFilter,
						keywords: parseKeywords(String(this.getNodeParameter('keywords', i, '') ?? '')),
						match: this.getNodeParameter('match', i, 'any') as 'any' | 'all',
					};
			const problems = validateKeywordFilter(config);
			if (problems.length > 0) {
				throw new NodeOperationError(this.getNode(), problems.join(' '), {
					itemIndex: i,
					description: 'Type one or more keywords separated by commas (e.g. "outsmart, spoed"), or set Order Filter to No Filter.',
				});
			}
			const decision = evaluateAssignmentFilter(item.json as IDataObject, config);
			if (decision.kept) return undefined;
			return { rule: 'keywords', reason: decision.reason ?? 'Technician note has no keyword', missing: decision.missing ?? [] };
		});
	}
}
