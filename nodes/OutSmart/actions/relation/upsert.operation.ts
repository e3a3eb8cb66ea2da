import type { INodeProperties } from 'n8n-workflow';

import { upsertOperation } from '../upsertOperation';

/** Upsert OutSmart relation records (`relations`), matched on debtor_number (the Bouwsoft client number). */
const resourceFields: INodeProperties[] = [
	{
		displayName: 'Include Contact Persons',
		name: 'includeContactPersons',
		type: 'boolean',
		default: true,
		description: "Whether to also write the relation's contacts (when the Bouwsoft item carries them) as OutSmart contact persons, after the relation",
		displayOptions: { show: { mappingMode: ['bouwsoft'] } },
	},
];

export const { description, execute } = upsertOperation('relation', resourceFields);
