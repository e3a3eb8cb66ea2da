/**
 * An in-memory stand-in for BouwsoftClient, for the cursor property tests only (thousands of polls in a
 * second). It follows the simulator's semantics: keyset pages sorted by id, `filter` evaluated with the
 * shared evaluator, ts_lastupdate from a wall clock with one-second ticks. Node tests use the real client
 * against the HTTP simulator.
 */
import type { IDataObject } from 'n8n-workflow';

import type { BouwsoftClient } from '../../../nodes/Bouwsoft/transport/client';
import type { Page, PageOptions, ListQuery } from '../../../nodes/Bouwsoft/transport/types';
import { CONFIRMED_DIALECT, and, evaluateFilter } from '../../../nodes/Bouwsoft/transport/query';
import type { FilterExpr } from '../../../nodes/Bouwsoft/transport/query';

export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export class FakeBouwsoft {
	records = new Map<number, IDataObject>();
	/** Seconds since 2025-01-01 00:00:00 (UTC wall clock). */
	clock = 0;
	nextId = 1;
	requests = 0;
	/** Called before each page is answered (concurrent edits / failures). */
	beforePage?: (pageNumber: number) => void;

	now(): string {
		const d = new Date(Date.UTC(2025, 0, 1) + this.clock * 1000);
		return d.toISOString().slice(0, 19).replace('T', ' ');
	}

	insert(values: IDataObject = {}): IDataObject {
		const id = this.nextId++;
		const record = { id, name: `r${id}`, version: 1, ...values, ts_lastupdate: this.now() };
		this.records.set(id, record);
		return record;
	}

	edit(id: number): IDataObject {
		const current = this.records.get(id)!;
		const next = { ...current, version: Number(current.version) + 1, ts_lastupdate: this.now() };
		this.records.set(id, next);
		return next;
	}

	client(pageSize: number): BouwsoftClient {
		// eslint-disable-next-line @typescript-eslint/no-this-alias
		const fake = this;
		let pageNumber = 0;
		const select = (filter?: FilterExpr) =>
			[...fake.records.values()].filter((r) => !filter || evaluateFilter(r, filter)).sort((a, b) => Number(a.id) - Number(b.id));
		const known = { capabilities: {} as Record<string, boolean>, served: {}, totalsCountTable: false };
		const client = {
			dialect: CONFIRMED_DIALECT,
			requestCount: 0,
			retryCount: 0,
			options: { pageSize },
			limitFor: (size?: number) => size ?? pageSize,
			known,
			can: (cap: string) => known.capabilities[cap],
			learn: (cap: string, works: boolean) => {
				known.capabilities[cap] = works;
			},
			async *pages(_resource: string, options: PageOptions = {}): AsyncGenerator<Page> {
				let afterId = options.afterId;
				for (;;) {
					fake.beforePage?.(pageNumber++);
					fake.requests++;
					const keyset: FilterExpr | undefined = afterId !== undefined ? { field: 'id', op: 'gt', value: afterId } : undefined;
					const all = select(and(options.filter, keyset));
					const records = all.slice(0, pageSize).map((r) => ({ ...r }));
					const done = all.length <= pageSize;
					const lastId = records.length ? Number(records[records.length - 1].id) : afterId;
					yield { records, lastId, done };
					if (done) return;
					afterId = lastId;
				}
			},
			async list(_resource: string, query: ListQuery = {}) {
				fake.requests++;
				const all = select(query.filter).sort((a, b) => String(b.ts_lastupdate).localeCompare(String(a.ts_lastupdate)));
				return { records: all.slice(0, query.limit ?? all.length) };
			},
			async byIds(_resource: string, ids: Array<string | number>) {
				const out = new Map<string, IDataObject>();
				for (const id of ids) {
					const r = fake.records.get(Number(id));
					if (r) out.set(String(id), { ...r });
				}
				return out;
			},
		};
		return client as unknown as BouwsoftClient;
	}
}
