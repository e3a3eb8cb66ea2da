/**
 * OutSmart category codes for Bouwsoft's two product structures. Lists become root categories and groups
 * their children; the prefixes keep a list and a group with the same name from colliding, and a group
 * code carries its list because group names are only unique within a list.
 */
const LIST_PREFIX = 'L:';
export const GROUP_PREFIX = 'G:';

export function listCategoryCode(listName: string): string {
	return `${LIST_PREFIX}${listName.trim()}`;
}

export function groupCategoryCode(listName: string, groupName: string): string {
	return `${GROUP_PREFIX}${listName.trim()}/${groupName.trim()}`;
}

/** The category a product links to: its group, or its list when it has no group; none without a list. */
export function productCategoryCode(list: unknown, group: unknown): string | undefined {
	const listName = typeof list === 'string' ? list.trim() : '';
	const groupName = typeof group === 'string' ? group.trim() : '';
	if (!listName) return undefined;
	return groupName ? groupCategoryCode(listName, groupName) : listCategoryCode(listName);
}
