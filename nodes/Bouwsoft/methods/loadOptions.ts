import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { groupCategoryCode } from '../../shared/categoryCodes';
import { listsInUse, productListName, readProductLists } from '../imports/materialCategories';
import { BouwsoftClient } from '../transport/client';

/**
 * Product lists by name (products link to lists by name). Without ProductLists on this server, or with none
 * in it, the names products and groups use.
 */
export async function getProductLists(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const client = new BouwsoftClient(this);
	let names = ((await readProductLists(client)) ?? []).map(productListName).filter(Boolean);
	if (names.length === 0) names = (await listsInUse(client, await client.readAll('ProductGroups'))).map(productListName);
	return [...new Set(names)].sort().map((name) => ({ name, value: name }));
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
