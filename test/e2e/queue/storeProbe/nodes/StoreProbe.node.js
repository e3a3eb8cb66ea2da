"use strict";
/**
 * e2e probe (plain CommonJS, no build): reports which state stores a community node can reach from execute() and
 * how they behave. Each action returns ONE item with its findings (timings in ms, errors as strings).
 * Not a production node: it reads process.pid / process.env to tell which n8n process ran it.
 */
const { NodeConnectionTypes } = require('n8n-workflow');

const HELPERS = [
	'getDataTableProxy',
	'getDataTableAggregateProxy',
	'checkProcessedAndRecord',
	'checkProcessedItemsAndRecord',
	'checkProcessed',
	'removeProcessed',
	'clearAllProcessedItems',
	'getProcessedDataCount',
];

function whoami(ctx) {
	const proc = typeof process !== 'undefined' ? process : undefined;
	return {
		pid: proc ? proc.pid : null,
		processLabel: proc && proc.env ? proc.env.E2E_PROCESS_LABEL || null : null,
		argv: proc ? proc.argv.slice(2).join(' ') : null,
		executionId: ctx.getExecutionId(),
		mode: ctx.getMode(),
		workflowId: ctx.getWorkflow().id,
		helpers: Object.fromEntries(HELPERS.map((name) => [name, typeof ctx.helpers[name]])),
	};
}

async function timed(out, label, fn) {
	const started = Date.now();
	try {
		const value = await fn();
		out[label] = { ms: Date.now() - started };
		return value;
	} catch (error) {
		out[label] = { ms: Date.now() - started, error: String((error && error.message) || error).slice(0, 500) };
		return undefined;
	}
}

const eq = (columnName, value) => ({ type: 'and', filters: [{ columnName, condition: 'eq', value }] });

async function findOrCreateTable(ctx, out, name) {
	const agg = await timed(out, 'getDataTableAggregateProxy', () => ctx.helpers.getDataTableAggregateProxy());
	if (!agg) return undefined;
	out.projectId = agg.getProjectId();
	const list = await timed(out, 'listByName', () => agg.getManyAndCount({ filter: { name }, take: 10 }));
	out.tablesWithName = list ? list.count : null;
	let table = list && list.data.find((t) => t.name === name);
	if (!table) {
		table = await timed(out, 'createDataTable', () =>
			agg.createDataTable({
				name,
				columns: [
					{ name: 'key', type: 'string' },
					{ name: 'payload', type: 'string' },
					{ name: 'attempts', type: 'number' },
					{ name: 'firstFailedAt', type: 'date' },
				],
			}),
		);
	}
	if (!table) return undefined;
	out.table = { id: table.id, name: table.name, projectId: table.projectId, columns: (table.columns || []).map((c) => `${c.name}:${c.type}`) };
	const allTables = await timed(out, 'listAll', () => agg.getManyAndCount({ take: 100 }));
	out.allTables = allTables ? allTables.data.map((t) => t.name) : null;
	return timed(out, 'getDataTableProxy', () => ctx.helpers.getDataTableProxy(table.id));
}

async function dataTableFull(ctx, n, name) {
	const out = { n };
	const table = await findOrCreateTable(ctx, out, name);
	if (!table) return out;
	await timed(out, 'clearRows', () => table.clearRows());
	const now = new Date();
	const rows = Array.from({ length: n }, (_, i) => ({ key: `k${i}`, payload: JSON.stringify({ i, name: `record ${i}` }), attempts: 1, firstFailedAt: now }));
	const inserted = await timed(out, `insertRows_${n}_count`, () => table.insertRows(rows, 'count'));
	out.inserted = inserted;
	const one = await timed(out, 'queryOneByKey', () => table.getManyRowsAndCount({ filter: eq('key', `k${Math.floor(n / 2)}`) }));
	out.queryOne = one ? { count: one.count, row: one.data[0] } : null;
	const orKeys = Array.from({ length: Math.min(100, n) }, (_, i) => `k${i * Math.max(1, Math.floor(n / 100))}`);
	const many = await timed(out, 'query100KeysOr', () =>
		table.getManyRowsAndCount({ filter: { type: 'or', filters: orKeys.map((value) => ({ columnName: 'key', condition: 'eq', value })) }, take: 1000 }),
	);
	out.query100 = many ? { count: many.count, got: many.data.length } : null;
	const orKeys500 = Array.from({ length: Math.min(500, n) }, (_, i) => `k${i}`);
	const many500 = await timed(out, 'query500KeysOr', () =>
		table.getManyRowsAndCount({ filter: { type: 'or', filters: orKeys500.map((value) => ({ columnName: 'key', condition: 'eq', value })) }, take: 1000 }),
	);
	out.query500 = many500 ? { count: many500.count, got: many500.data.length } : null;
	// page through everything
	let pages = 0;
	let seen = 0;
	await timed(out, 'readAllPages', async () => {
		for (let skip = 0; ; skip += 1000) {
			const page = await table.getManyRowsAndCount({ take: 1000, skip, sortBy: ['id', 'ASC'] });
			pages++;
			seen += page.data.length;
			if (page.data.length < 1000) break;
		}
	});
	out.readAll = { pages, seen };
	const bigTake = await timed(out, 'take5000', () => table.getManyRowsAndCount({ take: 5000 }));
	out.take5000 = bigTake ? bigTake.data.length : null;
	// upsert existing keys one by one (the API is one filter per call)
	const upserts = Math.min(n, 500);
	await timed(out, `upsertExisting_${upserts}`, async () => {
		for (let i = 0; i < upserts; i++) {
			await table.upsertRow({ filter: eq('key', `k${i}`), data: { key: `k${i}`, attempts: 2, payload: 'updated' } });
		}
	});
	const upsertNew = await timed(out, 'upsertNewKey', () => table.upsertRow({ filter: eq('key', 'brand-new'), data: { key: 'brand-new', attempts: 1 } }));
	out.upsertNewReturned = upsertNew ? upsertNew.length : null;
	const updated = await timed(out, 'updateRowsWhereAttempts2', () =>
		table.updateRows({ filter: eq('attempts', 2), data: { attempts: 3 } }),
	);
	out.updatedRows = updated ? updated.length : null;
	const deleted = await timed(out, 'deleteOneKey', () => table.deleteRows({ filter: eq('key', 'k1') }));
	out.deleted = deleted ? deleted.length : null;
	const deletedMany = await timed(out, 'delete100KeysOr', () =>
		table.deleteRows({ filter: { type: 'or', filters: orKeys.slice(1).map((value) => ({ columnName: 'key', condition: 'eq', value })) } }),
	);
	out.deletedMany = deletedMany ? deletedMany.length : null;
	const count = await timed(out, 'countAll', () => table.getManyRowsAndCount({ take: 1 }));
	out.finalCount = count ? count.count : null;
	const likeQ = await timed(out, 'likeQuery', () =>
		table.getManyRowsAndCount({ filter: { type: 'and', filters: [{ columnName: 'key', condition: 'like', value: 'k99%' }] }, take: 1000 }),
	);
	out.likeCount = likeQ ? likeQ.count : null;
	for (const size of [100 * 1024, 1024 * 1024, 10 * 1024 * 1024]) {
		await timed(out, `insertPayload_${size}`, () => table.insertRows([{ key: `big${size}`, payload: 'x'.repeat(size) }], 'id'));
	}
	const columns = await timed(out, 'getColumns', () => table.getColumns());
	out.columns = columns ? columns.map((c) => c.name) : null;
	const unknownColumn = await timed(out, 'insertUnknownColumn', () => table.insertRows([{ key: 'x', nope: 1 }], 'count'));
	out.unknownColumnResult = unknownColumn;
	return out;
}

async function dataTableRead(ctx, name, key) {
	const out = {};
	const table = await findOrCreateTable(ctx, out, name);
	if (!table) return out;
	const count = await timed(out, 'countAll', () => table.getManyRowsAndCount({ take: 1 }));
	out.count = count ? count.count : null;
	const row = await timed(out, 'queryKey', () => table.getManyRowsAndCount({ filter: eq('key', key) }));
	out.row = row && row.data[0] ? row.data[0] : null;
	return out;
}

async function dataTableWrite(ctx, name, key, payload) {
	const out = {};
	const table = await findOrCreateTable(ctx, out, name);
	if (!table) return out;
	const res = await timed(out, 'upsert', () => table.upsertRow({ filter: eq('key', key), data: { key, payload, attempts: 1, firstFailedAt: new Date() } }));
	out.upserted = res ? res.length : null;
	return out;
}

async function dedupFull(ctx, n, scope) {
	const h = ctx.helpers;
	const out = { n, scope };
	const entries = { mode: 'entries' };
	const keys = Array.from({ length: n }, (_, i) => `key-${i}`);
	await timed(out, 'clearAll', () => h.clearAllProcessedItems(scope, entries));
	const first = await timed(out, `checkAndRecord_${n}_new`, () => h.checkProcessedAndRecord(keys, scope, { mode: 'entries', maxEntries: 1000000 }));
	out.first = first ? { new: first.new.length, processed: first.processed.length } : null;
	const second = await timed(out, `checkAndRecord_${n}_again`, () => h.checkProcessedAndRecord(keys, scope, { mode: 'entries', maxEntries: 1000000 }));
	out.second = second ? { new: second.new.length, processed: second.processed.length } : null;
	const mixed = await timed(out, 'checkAndRecord_10_mixed', () =>
		h.checkProcessedAndRecord(['key-0', 'key-1', 'fresh-1', 'fresh-2', 42], scope, { mode: 'entries', maxEntries: 1000000 }),
	);
	out.mixed = mixed;
	out.count = await timed(out, 'getProcessedDataCount', () => h.getProcessedDataCount(scope, entries));
	await timed(out, 'removeProcessed_10', () => h.removeProcessed(keys.slice(0, 10), scope, entries));
	out.countAfterRemove = await h.getProcessedDataCount(scope, entries).catch((e) => String(e.message));
	const afterRemove = await h.checkProcessedAndRecord(['key-0', 'key-11'], scope, { mode: 'entries', maxEntries: 1000000 }).catch((e) => String(e.message));
	out.afterRemove = afterRemove;
	out.otherScopeCount = await h.getProcessedDataCount(scope === 'node' ? 'workflow' : 'node', entries).catch((e) => String(e.message));
	// "key:hash" entries: a changed hash is a new entry, the old one stays until evicted
	const hashed1 = await h.checkProcessedAndRecord(['rec1:hashA'], scope, { mode: 'entries', maxEntries: 1000000 }).catch((e) => String(e.message));
	const hashed2 = await h.checkProcessedAndRecord(['rec1:hashB', 'rec1:hashA'], scope, { mode: 'entries', maxEntries: 1000000 }).catch((e) => String(e.message));
	out.hashedKeys = { hashed1, hashed2 };
	// maxEntries eviction
	await h.clearAllProcessedItems(scope, entries);
	const small = Array.from({ length: 150 }, (_, i) => `m-${i}`);
	await h.checkProcessedAndRecord(small, scope, { mode: 'entries', maxEntries: 100 });
	out.countAfter150WithMax100 = await h.getProcessedDataCount(scope, entries).catch((e) => String(e.message));
	const evicted = await h.checkProcessedAndRecord(['m-0', 'm-149'], scope, { mode: 'entries', maxEntries: 100 }).catch((e) => String(e.message));
	out.evictionCheck = evicted;
	const noMax = await timed(out, 'checkWithoutMaxEntries', () => h.checkProcessedAndRecord(['z-1'], scope, { mode: 'entries' }));
	out.noMax = noMax;
	// mode switch on the same context
	const switched = await timed(out, 'switchToIncrementalOnEntries', () => h.checkProcessedAndRecord([5], scope, { mode: 'latestIncrementalKey' }));
	out.switched = switched;
	// latestIncrementalKey semantics
	await h.clearAllProcessedItems(scope, { mode: 'latestIncrementalKey' }).catch(() => undefined);
	const inc1 = await h.checkProcessedAndRecord([5], scope, { mode: 'latestIncrementalKey' }).catch((e) => String(e.message));
	const inc2 = await h.checkProcessedAndRecord([3, 5, 7, 6], scope, { mode: 'latestIncrementalKey' }).catch((e) => String(e.message));
	const inc3 = await h.checkProcessedAndRecord([6, 8], scope, { mode: 'latestIncrementalKey' }).catch((e) => String(e.message));
	out.incremental = { inc1, inc2, inc3, count: await h.getProcessedDataCount(scope, { mode: 'latestIncrementalKey' }).catch((e) => String(e.message)) };
	const incStr = await h.checkProcessedAndRecord(['abc'], scope, { mode: 'latestIncrementalKey' }).catch((e) => String(e.message));
	out.incrementalString = incStr;
	// latestDate semantics
	await h.clearAllProcessedItems(scope, { mode: 'latestDate' }).catch(() => undefined);
	const d1 = await h.checkProcessedAndRecord(['2026-01-02T00:00:00Z'], scope, { mode: 'latestDate' }).catch((e) => String(e.message));
	const d2 = await h.checkProcessedAndRecord(['2026-01-01T00:00:00Z', '2026-01-03T00:00:00Z'], scope, { mode: 'latestDate' }).catch((e) => String(e.message));
	out.latestDate = { d1, d2 };
	// items variant
	await h.clearAllProcessedItems(scope, entries);
	const items = await h
		.checkProcessedItemsAndRecord('id', [{ id: 1, a: 'x' }, { id: 2 }, { id: 1, a: 'y' }], scope, { mode: 'entries', maxEntries: 1000 })
		.catch((e) => String(e.message));
	out.itemsVariant = items;
	// leave a known marker for cross-process checks
	await h.clearAllProcessedItems(scope, entries);
	await h.checkProcessedAndRecord(keys, scope, { mode: 'entries', maxEntries: 1000000 });
	out.finalCount = await h.getProcessedDataCount(scope, entries).catch((e) => String(e.message));
	return out;
}

async function dedupRecord(ctx, scope, keys) {
	const out = { scope };
	out.result = await timed(out, 'checkAndRecord', () => ctx.helpers.checkProcessedAndRecord(keys, scope, { mode: 'entries', maxEntries: 1000000 }));
	out.count = await ctx.helpers.getProcessedDataCount(scope, { mode: 'entries' }).catch((e) => String(e.message));
	return out;
}

class StoreProbe {
	constructor() {
		this.description = {
			displayName: 'Store Probe',
			name: 'storeProbe',
			group: ['transform'],
			version: 1,
			description: 'e2e probe for Data Tables and deduplication helpers',
			defaults: { name: 'Store Probe' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			properties: [
				{ displayName: 'Action', name: 'action', type: 'string', default: 'whoami' },
				{ displayName: 'N', name: 'n', type: 'number', default: 500 },
				{ displayName: 'Table', name: 'table', type: 'string', default: 'store_probe' },
				{ displayName: 'Scope', name: 'scope', type: 'string', default: 'node' },
				{ displayName: 'Keys (comma separated)', name: 'keys', type: 'string', default: '' },
				{ displayName: 'Key', name: 'key', type: 'string', default: 'k0' },
				{ displayName: 'Payload', name: 'payload', type: 'string', default: '' },
				{ displayName: 'Sleep ms', name: 'sleepMs', type: 'number', default: 0 },
			],
		};
	}

	async execute() {
		const input = this.getInputData();
		const action = this.getNodeParameter('action', 0);
		const n = this.getNodeParameter('n', 0);
		const table = this.getNodeParameter('table', 0);
		const scope = this.getNodeParameter('scope', 0);
		const keys = String(this.getNodeParameter('keys', 0) || '').split(',').map((k) => k.trim()).filter(Boolean);
		const key = this.getNodeParameter('key', 0);
		const payload = this.getNodeParameter('payload', 0);
		const sleepMs = this.getNodeParameter('sleepMs', 0);
		const started = Date.now();
		const result = { action, who: whoami(this), inputCount: input.length };
		try {
			if (sleepMs > 0) await new Promise((resolve) => setTimeout(resolve, sleepMs));
			if (action === 'dataTable') result.dataTable = await dataTableFull(this, n, table);
			else if (action === 'dataTableRead') result.dataTable = await dataTableRead(this, table, key);
			else if (action === 'dataTableWrite') result.dataTable = await dataTableWrite(this, table, key, payload);
			else if (action === 'dedup') result.dedup = await dedupFull(this, n, scope);
			else if (action === 'dedupRecord') result.dedup = await dedupRecord(this, scope, keys);
		} catch (error) {
			result.error = String((error && error.stack) || error).slice(0, 2000);
		}
		result.totalMs = Date.now() - started;
		return [[{ json: result, pairedItem: { item: 0 } }]];
	}
}
exports.StoreProbe = StoreProbe;
