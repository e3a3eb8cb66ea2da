import type { INodeProperties } from 'n8n-workflow';

import { contactPersonFallbackProperty, paymentMethodProperty, typeOfWorkProperty } from '../common.descriptions';
import { upsertOperation } from '../upsertOperation';

/** Upsert OutSmart work order records (`workorders`), matched on WorkorderNo (A-<assignment nr>, P-<project nr>). */
const resourceFields: INodeProperties[] = [
	typeOfWorkProperty('Service'),
	paymentMethodProperty,
	contactPersonFallbackProperty,
];

export const { description, execute } = upsertOperation('workOrder', resourceFields);
