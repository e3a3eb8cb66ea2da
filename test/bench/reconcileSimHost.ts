/**
 * Child process for the reconcile benchmark (reconcile.ts): both simulators, a Bouwsoft of N products, driven
 * over IPC; its CPU and memory stay out of the benchmark process, as with simHost.ts. Requests are counted by
 * the simulators' own logs (Bouwsoft per resource, OutSmart per method and endpoint), bytes at the socket level,
 * and the host's own CPU (filtering, JSON, DeleteEntity scans) per phase.
 *
 * `mutate` deletes and changes products in Bouwsoft, spread evenly over the ids (the two sets do not overlap).
 * `verify` checks OutSmart against Bouwsoft's products as they are now, from this file's own reading of the
 * documented mapping (code = nr1, price = price_catalogue, description, one category link per product to its
 * group `G:<list>/<group>` or, without a group, its list `L:<list>`), not the node's mapping code.
 */
import http from 'node:http';
import type { Socket } from 'node:net';

import type { BouwsoftRecord } from '../simulators/bouwsoft';

export interface ReconcileHostStart {
	bouwsoftLatencyMs: number;
	outsmartLatencyMs: number;
	products: number;
	/**
	 * The seed gives every 17th product the article number (nr1) of the one before it (the same article in two
	 * lists), so 100,000 products are 94,118 OutSmart materials. true (default): those get their own nr1, so
	 * every product is one material; false: the seed as it is.
	 */
	uniqueCodes: boolean;
	/**
	 * The simulator's DeleteEntity copies the whole table and scans it on every call (OutSmartStore.deleteWhere):
	 * at 100,000 rows ≈ 40 ms of simulator CPU per request, one request at a time, which a real OutSmart with an
	 * index does not spend. true (default): the host runs the same scan without the copy (a Map may lose its
	 * current entry while it is iterated: same rows deleted, same answer); false: the simulator as it is.
	 */
	fastDelete: boolean;
}

export interface ReconcileHostInfo {
	authUrl: string;
	clientNr: number;
	refreshToken: string;
	outsmartBaseUrl: string;
	outsmartToken: string;
	outsmartSoftwareToken: string;
	products: number;
	/** Distinct nr1 values (= OutSmart materials a complete import makes). */
	materials: number;
	categories: number;
	/** Products whose nr1 was made unique. */
	codesMadeUnique: number;
}

export interface ReconcileHostCounts {
	bouwsoftRequests: number;
	bouwsoftByResource: Record<string, number>;
	outsmartRequests: number;
	/** `<METHOD> <endpoint>` → requests. */
	outsmartByRequest: Record<string, number>;
	/** Per endpoint: rows received in POST bodies and rows created/updated/deleted. */
	outsmartRows: Record<string, { received: number; written: number }>;
	bytes: { bouwsoftOut: number; bouwsoftIn: number; outsmartOut: number; outsmartIn: number };
	/** CPU of the simulator host (user + system) since the last reset. */
	hostCpuMs: number;
	hostRssMb: number;
	/**
	 * OutSmart requests as the server saw them (arrival to answer sent): time with at least one in flight,
	 * average in flight during that time, average time per request (latency + handling + waiting on the host).
	 */
	outsmartServer: { busyMs: number; averageInFlight: number; averageMs: number };
}

export interface ReconcileMutation {
	deleted: number;
	changed: number;
	/** Products moved to another group (their material's category link changes). */
	moved: number;
	/** The deleted products' nr1 that no remaining product has (the materials that must go). */
	materialsGone: number;
}

export interface ReconcileVerification {
	ok: boolean;
	products: number;
	expectedMaterials: number;
	materials: number;
	missingMaterials: number;
	extraMaterials: number;
	/** Materials whose price or description is not Bouwsoft's (all of them checked, not only the changed). */
	wrongValues: number;
	changedChecked: number;
	changedWrong: number;
	expectedLinks: number;
	links: number;
	missingLinks: number;
	extraLinks: number;
	/** Materials / links of deleted products still in OutSmart. */
	deletedStillThere: number;
	deletedLinksStillThere: number;
	categories: number;
	examples: string[];
}

export type ReconcileHostCommand =
	| { type: 'start'; options: ReconcileHostStart }
	| { type: 'resetCounts' }
	| { type: 'counts' }
	| { type: 'mutate'; deletes: number; changes: number; moves: number }
	| { type: 'verify' }
	| { type: 'stop' };

type ServerName = 'bouwsoftAuth' | 'bouwsoftData' | 'outsmart';

// Count bytes per server at the socket level (as simHost.ts): wrap createServer before the simulators start.
const sockets = new Map<ServerName, Set<Socket>>();
/** OutSmart requests in flight over time (see ReconcileHostCounts.outsmartServer). */
const flight = { inFlight: 0, since: 0, busyMs: 0, integralMs: 0, done: 0 };
function flightStep(delta: number): void {
	const now = performance.now();
	if (flight.inFlight > 0) {
		flight.busyMs += now - flight.since;
		flight.integralMs += (now - flight.since) * flight.inFlight;
	}
	flight.since = now;
	flight.inFlight += delta;
}
const closedBytes = new Map<ServerName, { in: number; out: number }>();
let nextServer: ServerName[] = [];
const originalCreateServer = http.createServer.bind(http) as (...args: unknown[]) => http.Server;
(http as unknown as { createServer: (...args: unknown[]) => http.Server }).createServer = (...args: unknown[]) => {
	const server = originalCreateServer(...args);
	const name = nextServer.shift();
	if (!name) return server;
	const live = new Set<Socket>();
	sockets.set(name, live);
	if (name === 'outsmart') {
		// Registered before the simulator's own handler runs (it is the createServer callback): arrival time.
		server.prependListener('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
			flightStep(1);
			res.once('close', () => {
				flightStep(-1);
				flight.done++;
			});
		});
	}
	closedBytes.set(name, { in: 0, out: 0 });
	server.on('connection', (socket: Socket) => {
		live.add(socket);
		socket.on('close', () => {
			live.delete(socket);
			const closed = closedBytes.get(name)!;
			closed.in += socket.bytesRead;
			closed.out += socket.bytesWritten;
		});
	});
	return server;
};

function bytes(name: ServerName): { in: number; out: number } {
	const total = { ...(closedBytes.get(name) ?? { in: 0, out: 0 }) };
	for (const socket of sockets.get(name) ?? []) {
		total.in += socket.bytesRead;
		total.out += socket.bytesWritten;
	}
	return total;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startBouwsoftSimulator } = require('../simulators/bouwsoft') as typeof import('../simulators/bouwsoft');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startOutSmartSimulator } = require('../simulators/outsmart') as typeof import('../simulators/outsmart');

type Bouwsoft = Awaited<ReturnType<typeof startBouwsoftSimulator>>;
type OutSmart = Awaited<ReturnType<typeof startOutSmartSimulator>>;

let bouwsoft: Bouwsoft | undefined;
let outsmart: OutSmart | undefined;
let counterBase: Record<string, { requests: number; rowsReceived: number; rowsWritten: number }> = {};
let byteBase = { bouwsoftIn: 0, bouwsoftOut: 0, outsmartIn: 0, outsmartOut: 0 };
let cpuBase = process.cpuUsage();
/** Bouwsoft values the changed products have now, by product id. */
const changedProducts = new Map<number, { nr1: string; price: number; description: string }>();
const deletedCodes = new Set<string>();

function rawBytes() {
	const auth = bytes('bouwsoftAuth');
	const data = bytes('bouwsoftData');
	const os = bytes('outsmart');
	return { bouwsoftIn: auth.in + data.in, bouwsoftOut: auth.out + data.out, outsmartIn: os.in, outsmartOut: os.out };
}

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value).trim());
const number = (value: unknown) => Number(text(value).replace(',', '.'));
/** The category a product links to (shared/categoryCodes.ts as documented): its group, else its list. */
function linkOf(product: BouwsoftRecord): string | undefined {
	const list = text(product.list);
	const group = text(product.group);
	if (!list) return undefined;
	return group ? `G:${list}/${group}` : `L:${list}`;
}

function distinctCodes(products: readonly BouwsoftRecord[]): number {
	return new Set(products.map((p) => text(p.nr1)).filter(Boolean)).size;
}

type Row = { dbRow: number; record: Record<string, unknown> };

/** DeleteEntity's scan of a table, without copying the table first (see ReconcileHostStart.fastDelete). */
function scanWithoutCopy(sim: OutSmart): void {
	const store = sim.store as unknown as {
		tables: Map<string, Map<string, Row>>;
		deleteWhere(entity: string, match: (record: Record<string, unknown>, dbRow: number) => boolean): number;
	};
	if (!(store.tables instanceof Map)) throw new Error('OutSmartStore changed: no tables map to scan (run with --sim-delete-as-is)');
	store.deleteWhere = (entity, match) => {
		const table = store.tables.get(entity);
		if (!table) throw new Error(`Unknown OutSmart entity: ${entity}`);
		let deleted = 0;
		for (const [key, row] of table) {
			if (match(row.record, row.dbRow)) {
				table.delete(key);
				deleted++;
			}
		}
		return deleted;
	};
}

async function start(o: ReconcileHostStart): Promise<ReconcileHostInfo> {
	nextServer = ['bouwsoftAuth', 'bouwsoftData', 'outsmart'];
	bouwsoft = await startBouwsoftSimulator({
		// http, as simHost.ts (byte counters on http.createServer, numbers comparable with BENCHMARKS.md)
		reference: 'lenient',
		latencyMs: o.bouwsoftLatencyMs,
		dialect: { comparisons: true, or: true },
		// Keep the tables the scenario does not read small (as run.ts).
		seed: { products: o.products, addresses: 30, projects: 20, assignments: 30, employees: 14 },
	});
	outsmart = await startOutSmartSimulator({ latencyMs: o.outsmartLatencyMs });
	nextServer = [];
	if (o.fastDelete) scanWithoutCopy(outsmart);
	let codesMadeUnique = 0;
	if (o.uniqueCodes) {
		const products = bouwsoft.store.all('Products');
		const seen = new Set<string>();
		const rewritten = products.map((product) => {
			const code = text(product.nr1);
			if (!seen.has(code)) {
				seen.add(code);
				return product;
			}
			codesMadeUnique++;
			// The seed's own scheme (list prefix + 100000 + id × 7) is unique per id.
			const unique = `${text(product.list).slice(0, 2)}${100000 + product.id * 7}`;
			seen.add(unique);
			return { ...product, nr1: unique };
		});
		bouwsoft.store.replaceAll('Products', rewritten);
	}
	const products = bouwsoft.store.all('Products');
	return {
		authUrl: bouwsoft.authUrl,
		clientNr: bouwsoft.clientNr,
		refreshToken: bouwsoft.refreshToken,
		outsmartBaseUrl: outsmart.baseUrl,
		outsmartToken: outsmart.token,
		outsmartSoftwareToken: outsmart.softwareToken,
		products: products.length,
		materials: distinctCodes(products),
		categories: bouwsoft.store.count('ProductLists') + bouwsoft.store.count('ProductGroups'),
		codesMadeUnique,
	};
}

function resetCounts(): void {
	bouwsoft!.resetRequests();
	outsmart!.resetRequests();
	counterBase = structuredClone(outsmart!.counters);
	byteBase = rawBytes();
	cpuBase = process.cpuUsage();
	Object.assign(flight, { since: performance.now(), busyMs: 0, integralMs: 0, done: 0 });
}

function counts(): ReconcileHostCounts {
	const raw = rawBytes();
	const outsmartByRequest: Record<string, number> = {};
	for (const entry of outsmart!.requests) {
		const key = `${entry.method} ${entry.endpoint || '(none)'}`;
		outsmartByRequest[key] = (outsmartByRequest[key] ?? 0) + 1;
	}
	const outsmartRows: ReconcileHostCounts['outsmartRows'] = {};
	for (const [endpoint, c] of Object.entries(outsmart!.counters)) {
		const base = counterBase[endpoint] ?? { requests: 0, rowsReceived: 0, rowsWritten: 0 };
		const received = c.rowsReceived - base.rowsReceived;
		const written = c.rowsWritten - base.rowsWritten;
		if (received || written) outsmartRows[endpoint] = { received, written };
	}
	const cpu = process.cpuUsage(cpuBase);
	return {
		bouwsoftRequests: bouwsoft!.requests.length,
		bouwsoftByResource: bouwsoft!.requestCounts(),
		outsmartRequests: outsmart!.requests.length,
		outsmartByRequest,
		outsmartRows,
		bytes: {
			bouwsoftIn: raw.bouwsoftIn - byteBase.bouwsoftIn,
			bouwsoftOut: raw.bouwsoftOut - byteBase.bouwsoftOut,
			outsmartIn: raw.outsmartIn - byteBase.outsmartIn,
			outsmartOut: raw.outsmartOut - byteBase.outsmartOut,
		},
		hostCpuMs: (cpu.user + cpu.system) / 1000,
		hostRssMb: process.memoryUsage().rss / 1048576,
		outsmartServer: {
			busyMs: flight.busyMs,
			averageInFlight: flight.busyMs ? flight.integralMs / flight.busyMs : 0,
			averageMs: flight.done ? flight.integralMs / flight.done : 0,
		},
	};
}

/**
 * Deletes `deletes` products, changes `changes` others (price_catalogue + 1.25, description + " (gewijzigd)") and
 * moves `moves` others to another group of their list (or to the list itself when it has one group), all spread
 * evenly over the table; no product is in two of the sets.
 */
function mutate(deletes: number, changes: number, moves: number): ReconcileMutation {
	const store = bouwsoft!.store;
	const all = [...store.all('Products')];
	const step = Math.max(1, Math.floor(all.length / Math.max(1, deletes, changes, moves)));
	const toDelete: BouwsoftRecord[] = [];
	const toChange: BouwsoftRecord[] = [];
	const toMove: BouwsoftRecord[] = [];
	const taken = new Set<number>();
	const pick = (offset: number, wanted: number, into: BouwsoftRecord[]) => {
		for (let i = offset; i < all.length && into.length < wanted; i += step) {
			if (taken.has(all[i].id)) continue;
			taken.add(all[i].id);
			into.push(all[i]);
		}
	};
	pick(0, deletes, toDelete);
	pick(Math.floor(step / 2), changes, toChange);
	pick(Math.floor(step / 4), moves, toMove);
	const groupsOf = new Map<string, string[]>();
	for (const group of store.all('ProductGroups')) {
		const list = text(group.list_name);
		groupsOf.set(list, [...(groupsOf.get(list) ?? []), text(group.name)]);
	}
	for (const product of toMove) {
		const others = (groupsOf.get(text(product.list)) ?? []).filter((g) => g !== text(product.group));
		store.update('Products', product.id, { group: others[product.id % Math.max(1, others.length)] ?? '' });
	}
	for (const product of toChange) {
		const price = Math.round((number(product.price_catalogue) + 1.25) * 100) / 100;
		const description = `${text(product.description)} (gewijzigd)`;
		store.update('Products', product.id, { price_catalogue: price, description });
		changedProducts.set(product.id, { nr1: text(product.nr1), price, description });
	}
	for (const product of toDelete) store.remove('Products', product.id);
	const remaining = new Set(store.all('Products').map((p) => text(p.nr1)));
	let materialsGone = 0;
	for (const product of toDelete) {
		const code = text(product.nr1);
		if (!remaining.has(code) && !deletedCodes.has(code)) {
			deletedCodes.add(code);
			materialsGone++;
		}
	}
	return { deleted: toDelete.length, changed: toChange.length, moved: toMove.length, materialsGone };
}

function verify(): ReconcileVerification {
	const products = bouwsoft!.store.all('Products');
	const examples: string[] = [];
	const note = (line: string) => void (examples.length < 8 && examples.push(line));
	// Expected: per nr1 the product OutSmart should hold. Products sharing an nr1 are one material: the one with
	// the newest ts_lastupdate wins, a tie goes to the later one (the node's rule, upsert/duplicates.ts).
	const expected = new Map<string, BouwsoftRecord>();
	const expectedLinks = new Set<string>();
	for (const product of products) {
		const code = text(product.nr1);
		if (!code) continue;
		const best = expected.get(code);
		if (!best || text(product.ts_lastupdate) >= text(best.ts_lastupdate)) expected.set(code, product);
		const link = linkOf(product);
		if (link) expectedLinks.add(`${code}|${link}`);
	}
	const materials = outsmart!.store.byKey('materials');
	const links = outsmart!.store.byKey('material_categories');
	let missingMaterials = 0;
	let wrongValues = 0;
	for (const [code, product] of expected) {
		const row = materials.get(code);
		if (!row) {
			missingMaterials++;
			note(`material ${code} missing`);
			continue;
		}
		const priceOk = Math.abs(number(row.price) - Math.round(number(product.price_catalogue) * 100) / 100) < 0.005;
		const descriptionOk = text(row.description) === text(product.description);
		if (!priceOk || !descriptionOk) {
			wrongValues++;
			note(`material ${code}: OutSmart ${text(row.price)} "${text(row.description)}", Bouwsoft ${text(product.price_catalogue)} "${text(product.description)}"`);
		}
	}
	let extraMaterials = 0;
	for (const code of materials.keys()) {
		if (!expected.has(code)) {
			extraMaterials++;
			note(`material ${code} should not be in OutSmart`);
		}
	}
	let changedWrong = 0;
	for (const change of changedProducts.values()) {
		const row = materials.get(change.nr1);
		if (!row || Math.abs(number(row.price) - change.price) >= 0.005 || text(row.description) !== change.description) {
			changedWrong++;
			note(`changed material ${change.nr1}: OutSmart ${row ? `${text(row.price)} "${text(row.description)}"` : 'missing'}, want ${change.price} "${change.description}"`);
		}
	}
	let missingLinks = 0;
	for (const key of expectedLinks) {
		if (!links.has(key)) {
			missingLinks++;
			note(`link ${key} missing`);
		}
	}
	let extraLinks = 0;
	let deletedLinksStillThere = 0;
	for (const [key, row] of links) {
		if (!expectedLinks.has(key)) {
			extraLinks++;
			note(`link ${key} should not be in OutSmart`);
		}
		if (deletedCodes.has(text(row.mct_mat_code))) deletedLinksStillThere++;
	}
	let deletedStillThere = 0;
	for (const code of deletedCodes) if (materials.has(code)) deletedStillThere++;
	const categories = outsmart!.store.count('categories');
	return {
		ok: missingMaterials + extraMaterials + wrongValues + changedWrong + missingLinks + extraLinks + deletedStillThere + deletedLinksStillThere === 0,
		products: products.length,
		expectedMaterials: expected.size,
		materials: materials.size,
		missingMaterials,
		extraMaterials,
		wrongValues,
		changedChecked: changedProducts.size,
		changedWrong,
		expectedLinks: expectedLinks.size,
		links: links.size,
		missingLinks,
		extraLinks,
		deletedStillThere,
		deletedLinksStillThere,
		categories,
		examples,
	};
}

async function handle(command: ReconcileHostCommand): Promise<unknown> {
	switch (command.type) {
		case 'start':
			return await start(command.options);
		case 'resetCounts':
			resetCounts();
			return null;
		case 'counts':
			return counts();
		case 'mutate':
			return mutate(command.deletes, command.changes, command.moves);
		case 'verify':
			return verify();
		case 'stop':
			await bouwsoft?.close();
			await outsmart?.close();
			setImmediate(() => process.exit(0));
			return null;
	}
}

process.on('message', (message: { id: number; command: ReconcileHostCommand }) => {
	handle(message.command).then(
		(result) => process.send!({ id: message.id, result }),
		(error: Error) => process.send!({ id: message.id, error: error.stack ?? String(error) }),
	);
});
process.on('disconnect', () => process.exit(0));
