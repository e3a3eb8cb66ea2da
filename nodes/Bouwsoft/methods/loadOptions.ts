import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { groupCategoryCode } from '../../shared/categoryCodes';
import { BouwsoftClient } from '../transport/client';

/** Product lists by name (products link to lists by name). Falls back to the names used on products. */
export async function getProductLists(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const client = new BouwsoftClient(this);
	let names = (await client.readAll('ProductLists')).map((l) => String(l.name ?? l.productlist ?? '').trim());
	if (names.filter(Boolean).length === 0) {
		const rows = await client.readAll('Products', { paging: 'offset', columns: ['list'], distinct: true });
		names = rows.map((r) => String(r.list ?? '').trim());
	}
	return [...new Set(names.filter(Boolean))].sort().map((name) => ({ name, value: name }));
}

/** Product groups as `LIST / group`, value `G:<list>/<group>` (the OutSmart category code). */
export async function getProductGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const client = new BouwsoftClient(this);
	const groups = await client.readAll('ProductGroups');
	const seen = new Set<string>();
	const options: INodePropertyOptions[] = [];
	for (const group of groups) {
		const list = String(group.list_name ?? '').trim();
		const name = String(group.name ?? '').trim();
		if (!list || !name) continue;
		const value = groupCategoryCode(list, name);
		if (seen.has(value)) continue;
		seen.add(value);
		options.push({ name: `${list} / ${name}`, value });
	}
	return options.sort((a, b) => a.name.localeCompare(b.name));
}
