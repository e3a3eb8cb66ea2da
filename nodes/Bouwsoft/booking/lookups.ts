import type { IDataObject } from 'n8n-workflow';

import { chunk, mapWithConcurrency } from '../../shared/http/concurrency';
import type { BouwsoftClient } from '../transport/client';
import { chooseLookup } from '../transport/lookup';
import type { FilterExpr } from '../transport/query';
import type { BookingLookups } from './types';
import { scalarText } from '../../shared/text';

/**
 * The Bouwsoft master data of one run, each read at most once and only when some work order needs it:
 * Employees and Jobs whole (small tables), products by article number for the distinct codes of all work
 * orders together, assignments by `nr` and projects by `pnr` through the client's keyed lookup.
 */
export interface RunNeeds {
	hours: boolean;
	materialCodes: string[];
	assignmentNrs: string[];
	projectPnrs: string[];
}

/** Technician numbers as OutSmart and Bouwsoft may write them (`017` and `17` are the same employee). */
function employeeNrKey(value: unknown): string {
	const text = scalarText(value);
	return /^\d+$/.test(text) ? String(Number(text)) : text.toLowerCase();
}

/** Bouwsoft stores job codes upper-case (reference Q9); OutSmart may not. */
function jobCodeKey(value: unknown): string {
	return typeof value === 'string' || typeof value === 'number' ? String(value).trim().toUpperCase() : '';
}

function idOf(record: IDataObject): number {
	const n = Number(record.id);
	return Number.isFinite(n) ? n : 0;
}

/** Of several records with one key: an active one before an inactive one, then the lowest id. */
function preferred(a: IDataObject, b: IDataObject): number {
	const inactive = (r: IDataObject) => (r.active === false ? 1 : 0);
	return inactive(a) - inactive(b) || idOf(a) - idOf(b);
}

function indexBy(records: IDataObject[], key: (r: IDataObject) => string): Map<string, IDataObject> {
	const out = new Map<string, IDataObject>();
	for (const record of [...records].sort(preferred)) {
		const k = key(record);
		if (k && !out.has(k)) out.set(k, record);
	}
	return out;
}

/**
 * Products whose text article number `nr1` is one of `codes`. The values stay quoted strings (`nr1 eq '0123'`):
 * the keyed lookup reads numeric-looking values as numbers and may read a range, which is right for ids but
 * would lose the leading zero of `0123` and order `100` before `20` on a text column. The strategy is the
 * client's (`chooseLookup`, here without ranges): `or` batches, one request per code for a few codes, and for
 * many codes on a server without `or` whichever is cheaper, one request per code or the whole catalogue (its
 * size read from Content-Range, three columns a record). A code with a quote is never put in a filter.
 */
async function productsByNr1(client: BouwsoftClient, codes: string[]): Promise<IDataObject[]> {
	const kept = client.keptFullRead('Products');
	if (kept || codes.length === 0) return (await kept) ?? [];
	const eq = (code: string): FilterExpr => ({ field: 'nr1', op: 'eq', value: code });
	const sendable = codes.filter((code) => client.canPushDown(eq(code)));
	const whole = async () => await client.readAll('Products', { columns: ['id', 'nr1', 'unit', 'active'] });
	if (sendable.length < codes.length) return await whole();
	const { concurrency, orBatchSize, perIdLookupLimit } = client.options;
	let strategy = chooseLookup(codes.length, undefined, client.dialect, perIdLookupLimit);
	if (strategy === 'full') {
		// No `columns` here: a server that refuses them would fail this bare list call (readAll has the fallback).
		const probe = await client.list('Products', { limit: 1 });
		const total = probe.range?.total;
		const pages = total === undefined ? Number.POSITIVE_INFINITY : Math.ceil(total / client.options.pageSize) + 1;
		if (pages >= codes.length) strategy = 'perValue';
	}
	if (strategy === 'full') return await whole();
	const found: IDataObject[] = [];
	const batches = strategy === 'orBatches' ? chunk(codes, orBatchSize) : codes.map((code) => [code]);
	await mapWithConcurrency(batches, concurrency, async (batch) => {
		const filter: FilterExpr = batch.length === 1 ? eq(batch[0]) : { or: batch.map(eq) };
		found.push(...(await client.readAll('Products', { filter })));
	});
	return found;
}

/** Lazily started, shared reads: every work order of the run awaits the same promise. */
export class BookingData {
	private employeesRead?: Promise<Map<string, IDataObject>>;

	private jobsRead?: Promise<Map<string, IDataObject>>;

	private productsRead?: Promise<Map<string, IDataObject>>;

	private assignmentsRead?: Promise<Map<string, IDataObject[]>>;

	private projectsRead?: Promise<Map<string, IDataObject[]>>;

	constructor(
		private readonly client: BouwsoftClient,
		private readonly needs: RunNeeds,
	) {}

	/** The lookups a work order's lines need (reads only what the run needs at all). */
	async lookups(): Promise<BookingLookups> {
		const { client, needs } = this;
		// The first read alone: it fetches the access token once; reads started together would each fetch one.
		this.employeesRead ??= needs.hours ? client.readAllCached('Employees').then((r) => indexBy(r, (e) => employeeNrKey(e.nr))) : Promise.resolve(new Map());
		const employees = await this.employeesRead;
		this.jobsRead ??= needs.hours ? client.readAllCached('Jobs').then((r) => indexBy(r, (j) => jobCodeKey(j.code))) : Promise.resolve(new Map());
		this.productsRead ??= productsByNr1(client, needs.materialCodes).then((r) => indexBy(r, (p) => String(p.nr1 ?? '')));
		const [jobs, products] = await Promise.all([this.jobsRead, this.productsRead]);
		return {
			employeeId: (nr) => {
				const found = employees.get(employeeNrKey(nr));
				return found ? idOf(found) : undefined;
			},
			job: (code) => {
				const found = jobs.get(jobCodeKey(code));
				return found ? { id: idOf(found), code: String(found.code) } : undefined;
			},
			product: (code) => {
				const found = products.get(code);
				return found ? { id: idOf(found), unit: typeof found.unit === 'string' ? found.unit : '' } : undefined;
			},
		};
	}

	/** Bouwsoft assignments with this `nr` (normally one). */
	async assignmentsByNr(nr: string): Promise<IDataObject[]> {
		this.assignmentsRead ??= this.client.lookup('Assignments', 'nr', this.needs.assignmentNrs);
		return (await this.assignmentsRead).get(nr) ?? [];
	}

	/** Bouwsoft projects with this `pnr` (normally one). */
	async projectsByPnr(pnr: string): Promise<IDataObject[]> {
		this.projectsRead ??= this.client.lookup('Projects', 'pnr', this.needs.projectPnrs);
		return (await this.projectsRead).get(pnr) ?? [];
	}
}
