import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { getOutSmartFields } from '../../../nodes/OutSmart/methods/resourceMapping';
import { OutSmart } from '../../../nodes/OutSmart/OutSmart.node';

function context(parameters: Record<string, string>): ILoadOptionsFunctions {
	return { getNodeParameter: (name: string, fallback?: unknown) => parameters[name] ?? fallback } as unknown as ILoadOptionsFunctions;
}

describe('Map Fields: OutSmart field lists', () => {
	it('lists the resource fields with required ones and the key marked', async () => {
		const { fields } = await getOutSmartFields.call(context({ resource: 'relation' }));
		const byId = Object.fromEntries(fields.map((f) => [f.id, f]));
		expect(byId.debtor_number).toMatchObject({ required: true, defaultMatch: true, displayName: 'Debtor Number (key)' });
		expect(['name', 'street', 'postal_code', 'city'].every((id) => byId[id].required)).toBe(true);
		expect(byId.email.required).toBe(false);
	});

	it('material category: categories or material links', async () => {
		const categories = await getOutSmartFields.call(context({ resource: 'materialCategory' }));
		const links = await getOutSmartFields.call(context({ resource: 'materialCategory', recordType: 'materialLink' }));
		expect(categories.fields.map((f) => f.id)).toContain('cat_code');
		expect(links.fields.map((f) => f.id)).toEqual(['mct_mat_code', 'mct_cat_code']);
	});

	it('work orders mark every field OutSmart requires', async () => {
		const { fields } = await getOutSmartFields.call(context({ resource: 'workOrder' }));
		expect(fields.filter((f) => f.required).map((f) => f.id)).toEqual(
			expect.arrayContaining(['WorkorderNo', 'CustomerContactPerson', 'CustomerCityInvoice', 'TypeOfWork', 'PaymentMethod']),
		);
	});

	it('the node offers the ten resources with an Upsert operation each, and Connection with Check', () => {
		const description = new OutSmart().description;
		const resource = description.properties.find((p) => p.name === 'resource');
		expect(resource?.options?.map((o) => (o as { value: string }).value).sort()).toEqual(
			['connection', 'contactPerson', 'employee', 'hourType', 'material', 'materialCategory', 'project', 'projectActivity', 'relation', 'warehouse', 'workOrder'],
		);
		const operations = description.properties.filter((p) => p.name === 'operation');
		expect(operations).toHaveLength(11);
		const values = (p: (typeof operations)[number]) => (p.options ?? []).map((o) => (o as { value: string }).value);
		expect(operations.filter((p) => values(p).includes('upsert'))).toHaveLength(10);
		expect(operations.filter((p) => p.displayOptions?.show?.resource?.includes('connection')).map(values)).toEqual([['check']]);
		expect(description.usableAsTool).toBe(true);
	});
});
