import type { ILoadOptionsFunctions, ResourceMapperField, ResourceMapperFields } from 'n8n-workflow';

import { WRITE_KINDS, type OutSmartResource } from '../schema';
import { kindsOf } from '../upsert/plan';

/** OutSmart's fields for the chosen resource; required ones marked, key fields first. */
export async function getOutSmartFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const resource = this.getNodeParameter('resource', 'material') as OutSmartResource;
	const recordType = this.getNodeParameter('recordType', 'category') as 'category' | 'materialLink';
	const [kind] = kindsOf({ resource, mappingMode: 'mapFields', recordType });
	const spec = WRITE_KINDS[kind];
	const fields: ResourceMapperField[] = spec.fields.map((field) => {
		const isKey = spec.keyFields.includes(field.id);
		return {
			id: field.id,
			displayName: isKey ? `${field.displayName} (key)` : field.displayName,
			required: !!field.required,
			defaultMatch: isKey,
			canBeUsedToMatch: isKey,
			display: true,
			type: field.type === 'number' ? 'number' : 'string',
		};
	});
	return { fields };
}
