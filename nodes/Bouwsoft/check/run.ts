import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { checkOutput, failureText, type CheckItem } from '../../shared/checkReport';
import { DEFAULT_CATEGORY_OPTIONS, type CategoryRun } from '../imports/types';
import { normalizeTs } from '../sync/cursor/time';
import { rememberServer } from '../sync/serverMemory';
import { readClientOptions } from '../sync/settings';
import { BouwsoftClient } from '../transport/client';
import { EXTENDED_DIALECT } from '../transport/query';
import { capabilityItem, changedSinceItem, filterSyntaxItem, pageSizeItem } from './findings';
import {
	assignmentsProbe,
	categoriesProbe,
	changedRelationsProbe,
	newestChangeProbe,
	pageSizeProbe,
	pagingProbe,
	recentMoment,
	warehousesProbe,
	type Probe,
} from './probes';
import { COUNT_ROWS, countAll, countItem, projectsItem, relationAddressItem, relationSelection, relationSelectionItem, technicianNotesItem } from './records';
import { checkServer } from './server';
import { TEMPLATE_KEYWORD } from '../descriptions/check';

/**
 * Connection → Check on the Bouwsoft node: a read-only pre-flight of the customer's server, one item per check
 * (shared/checkReport.ts). Authentication and server name first (nothing else runs without them); then the
 * probes, each one of the sync's own reads (check/probes.ts), so every detection and fallback is the sync's;
 * then what the server showed (`client.known`), the record counts per category and the data the sync would
 * leave out. What was learned is remembered per credential (sync/serverMemory.ts), like a poll does.
 */
export async function runCheckConnection(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const options = this.getNodeParameter('checkOptions', 0, {}) as IDataObject;
	const clientOptions = readClientOptions(options);
	const client = new BouwsoftClient(this, clientOptions);
	const run: CategoryRun = { client, options: DEFAULT_CATEGORY_OPTIONS };
	const server = await checkServer(this, client);
	const items: CheckItem[] = [...server.items];
	if (server.reachable) {
		items.push(...(await checkEverything(this, run, server.employees?.range?.total, options)));
		await rememberServer(this, client);
	}
	return checkOutput(this, 'Bouwsoft', items, await client.secrets());
}

async function checkEverything(ctx: IExecuteFunctions, run: CategoryRun, employeesTotal: number | undefined, options: IDataObject): Promise<CheckItem[]> {
	const { client } = run;
	const failures: CheckItem[] = [];
	/** Runs one read; a failure becomes a problem item naming what was read, and the rest goes on. */
	const attempt = async <T>(id: string, reads: string, read: () => Promise<T>): Promise<T | undefined> => {
		try {
			return await read();
		} catch (error) {
			const { message, description } = failureText(error);
			failures.push({
				check: `Reading ${reads}`,
				status: 'problem',
				found: message,
				meaning: 'The sync makes this read too: it would fail the same way.',
				fix: description || 'Run the check again; if it keeps failing, send this item to Bouwsoft support.',
				id: `bouwsoft.read.${id}`,
			});
			return undefined;
		}
	};
	const ran = new Map<Probe, boolean>();
	const probe = async <T>(p: Probe<T>): Promise<T | undefined> => {
		const result = await attempt(p.id, p.reads, async () => await p.run(run));
		ran.set(p as Probe, result !== undefined);
		return result;
	};

	// Capabilities: each probe is a read of the sync.
	await probe(pagingProbe);
	await probe(pageSizeProbe);
	await probe(newestChangeProbe);
	const warehouseList = await probe(warehousesProbe);
	const categoryList = await probe(categoriesProbe);
	const assignmentList = await probe(assignmentsProbe);

	// Counts and data quality.
	const productsTotal = await attempt('products', 'the number of products', async () => await countAll(client, 'Products'));
	const jobsTotal = await attempt('jobs', 'the number of hour types (Jobs)', async () => await countAll(client, 'Jobs'));
	const employees = employeesTotal ?? (await attempt('employees', 'the number of employees', async () => await countAll(client, 'Employees')));
	const addresses = await attempt('addresses', 'every address (relations)', async () => await client.readAll('Addresses'));
	const projects = await attempt('projects', 'every project', async () => await client.readAll('Projects'));

	// A filtered read with a short selection: what Content-Range totals count, and whether the change filter selects right.
	const since = addresses ? recentMoment(addresses, client.options.pageSize) : undefined;
	const changed = since ? await probe(changedRelationsProbe(since)) : undefined;
	const expectedChanged =
		since && addresses ? relationSelection(addresses).selected.filter((a) => (normalizeTs(a.ts_lastupdate) ?? '') > since).map((a) => String(a.id)) : [];

	const extended = new BouwsoftClient(ctx, { ...client.options, dialect: EXTENDED_DIALECT });
	const syntax = await attempt('filterSyntax', 'with the extended filter syntax', async () => await filterSyntaxItem(extended, client, options.extendedFilterSyntax === true));

	const items: CheckItem[] = [];
	for (const p of [pagingProbe, newestChangeProbe, warehousesProbe, categoriesProbe, assignmentsProbe] as Probe[]) {
		if (ran.get(p)) items.push(...p.capabilities.map((cap) => capabilityItem(client, cap, p.reads)));
	}
	if (ran.get(pageSizeProbe as Probe)) items.push(pageSizeItem(client, productsTotal));
	if (!since || changed !== undefined) items.push(changedSinceItem(client, since, changed, expectedChanged));
	if (syntax) items.push(syntax);

	const counts: Record<string, number | undefined> = {
		employees,
		hourTypes: jobsTotal,
		warehouses: warehouseList?.length,
		categories: categoryList?.length,
		materials: productsTotal,
		relations: addresses ? relationSelection(addresses).selected.length : undefined,
		assignments: assignmentList?.length,
	};
	for (const row of COUNT_ROWS) {
		if (row.category === 'projects') {
			if (projects) items.push(projectsItem(row, projects));
			continue;
		}
		const count = counts[row.category];
		if (count === undefined) continue;
		const detail =
			row.category === 'categories' && categoryList
				? `${categoryList.filter((c) => c.kind === 'list').length} lists, ${categoryList.filter((c) => c.kind === 'group').length} groups`
				: '';
		items.push(countItem(row, count, detail));
	}
	if (addresses) items.push(relationSelectionItem(addresses), relationAddressItem(addresses));
	if (assignmentList) items.push(technicianNotesItem(assignmentList, String(options.keywords ?? TEMPLATE_KEYWORD)));
	return [...failures, ...items];
}
