import type { IDataObject } from 'n8n-workflow';

import type { DerivedCategory } from './types';

/**
 * Bouwsoft has no warehouse endpoint; warehouses are the distinct stock locations of ProductStock
 * (`columns=stock_locationid|stock_location&distinct=true`; a server that refuses or ignores `columns` or
 * `distinct` is read row by row by the client, which takes the columns and drops duplicate rows). No
 * ts_lastupdate: changes are found by content hash.
 */
export const warehouses: DerivedCategory = {
	kind: 'derived',
	category: 'warehouses',
	resources: ['ProductStock'],
	readAll: async (run) => {
		const rows = await run.client.readAll('ProductStock', { columns: ['stock_locationid', 'stock_location'], distinct: true });
		return distinctStockLocations(rows);
	},
	selectionKey: () => ({}),
};

export function distinctStockLocations(rows: IDataObject[]): IDataObject[] {
	const byId = new Map<string, IDataObject>();
	for (const row of rows) {
		const id = Number(row.stock_locationid);
		if (!Number.isFinite(id) || id <= 0) continue;
		const code = String(id);
		if (byId.has(code)) continue;
		const name = String(row.stock_location ?? '').trim() || `Stock location ${code}`;
		byId.set(code, { code, name, stock_locationid: id, stock_location: String(row.stock_location ?? '') });
	}
	return [...byId.values()].sort((a, b) => Number(a.stock_locationid) - Number(b.stock_locationid));
}
