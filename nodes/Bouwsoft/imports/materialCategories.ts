import type { IDataObject } from 'n8n-workflow';

import { groupCategoryCode, listCategoryCode } from '../../shared/categoryCodes';
import type { BouwsoftClient } from '../transport/client';
import { inspectFailure } from '../transport/errors';
import { parseGroupValue } from './productSelection';
import type { CategoryOptions, DerivedCategory } from './types';

/**
 * Material categories from Bouwsoft's two product structures: ProductLists become root categories
 * (`L:<list>`), ProductGroups their children (`G:<list>/<group>`). Neither resource has ts_lastupdate,
 * so the engine detects changes by content hash. The Lists / Groups options narrow the tree the same way
 * they narrow materials. Without `GET /ProductLists/` the lists are the names products and groups use.
 */
export const materialCategories: DerivedCategory = {
	kind: 'derived',
	category: 'categories',
	resources: ['ProductLists', 'ProductGroups', 'Products'],
	readAll: async (run) => {
		const [lists, groups] = await Promise.all([readProductLists(run.client), run.client.readAll('ProductGroups')]);
		return buildCategoryTree(lists ?? (await listsInUse(run.client, groups)), groups, run.options);
	},
	selectionKey: (options) => ({
		lists: [...options.productLists].sort(),
		groups: [...options.productGroups].sort(),
	}),
};

/**
 * `GET /ProductLists/`, or undefined on a server that has no such resource: only its POST page was seen
 * (reference §5.3). A 404 is learned (`productLists`), so later runs do not ask again.
 */
export async function readProductLists(client: BouwsoftClient): Promise<IDataObject[] | undefined> {
	if (client.can('productLists') === false) return undefined;
	const lists = await client.readAll('ProductLists').catch(async (error: unknown) => {
		if (inspectFailure(error).status !== 404) return await Promise.reject(error);
		client.learn('productLists', false);
		return undefined;
	});
	if (lists && client.known.capabilities.productLists !== true) client.learn('productLists', true);
	return lists;
}

/**
 * Lists as the products and groups name them (products link to lists by name, groups carry `list_name`):
 * every list that holds a product or a group. A list that holds neither cannot be seen this way; it would
 * only be an empty category. No list id is known (`bouwsoft_id` 0; OutSmart never receives it).
 */
export async function listsInUse(client: BouwsoftClient, groups: IDataObject[]): Promise<IDataObject[]> {
	const rows = await client.readAll('Products', { paging: 'offset', columns: ['list'], distinct: true });
	const names = new Set<string>();
	for (const name of [...rows.map((r) => r.list), ...groups.map((g) => g.list_name)]) {
		const trimmed = String(name ?? '').trim();
		if (trimmed) names.add(trimmed);
	}
	return [...names].sort().map((name) => ({ name }));
}

/** A ProductLists record's name (`productlist` repeats it). */
export function productListName(list: IDataObject): string {
	return String(list.name ?? list.productlist ?? '').trim();
}

export function buildCategoryTree(
	lists: IDataObject[],
	groups: IDataObject[],
	options: Pick<CategoryOptions, 'productLists' | 'productGroups'>,
): IDataObject[] {
	const selectedGroups = options.productGroups.map(parseGroupValue).filter((g) => g !== undefined);
	const everything = options.productLists.length === 0 && selectedGroups.length === 0;
	const listWanted = (name: string) =>
		everything || options.productLists.includes(name) || selectedGroups.some((g) => g.list === name);
	const groupWanted = (list: string, group: string) =>
		everything || options.productLists.includes(list) || selectedGroups.some((g) => g.list === list && g.group === group);

	const out: IDataObject[] = [];
	const listNames = new Map<string, string>();
	for (const list of lists) {
		const name = productListName(list);
		if (!name) continue;
		if (list.id !== undefined) listNames.set(String(list.id), name);
		if (!listWanted(name)) continue;
		out.push({
			code: listCategoryCode(name),
			name,
			parent_code: null,
			kind: 'list',
			list_name: name,
			group_name: null,
			bouwsoft_id: Number(list.id ?? 0),
			ts_lastupdate: '',
		});
	}
	for (const group of groups) {
		const name = String(group.name ?? '').trim();
		const listName = String(group.list_name ?? listNames.get(String(group.list_id)) ?? '').trim();
		if (!name || !listName || !groupWanted(listName, name)) continue;
		out.push({
			code: groupCategoryCode(listName, name),
			name,
			parent_code: listCategoryCode(listName),
			kind: 'group',
			list_name: listName,
			group_name: name,
			bouwsoft_id: Number(group.id),
			ts_lastupdate: '',
		});
	}
	// A group whose list is missing from ProductLists still needs its parent.
	const codes = new Set(out.map((c) => c.code));
	for (const item of [...out]) {
		const parent = item.parent_code as string | null;
		if (parent && !codes.has(parent)) {
			codes.add(parent);
			out.push({
				code: parent,
				name: item.list_name,
				parent_code: null,
				kind: 'list',
				list_name: item.list_name,
				group_name: null,
				bouwsoft_id: 0,
				ts_lastupdate: '',
			});
		}
	}
	// Parents first, so OutSmart receives a list before its groups.
	return out.sort((a, b) => (a.kind === b.kind ? String(a.code).localeCompare(String(b.code)) : a.kind === 'list' ? -1 : 1));
}
