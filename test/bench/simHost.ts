/**
 * Child process that hosts both simulators for the benchmark, so their CPU (filtering 100,000 rows,
 * JSON encoding) runs on another core and their memory (seeded tables, OutSmart store) does not count
 * in the benchmark process's RSS. Driven over IPC by `sims.ts`.
 *
 * Bytes are counted per server at the socket level (request + response, headers included) by wrapping
 * `http.createServer` before the simulators start.
 */
import http from 'node:http';
import type { Socket } from 'node:net';

import type { SimHostCommand, SimHostStart, ByteCounts, SimCounts } from './simProtocol';

type ServerName = 'bouwsoftAuth' | 'bouwsoftData' | 'outsmart' | 'echo';

const serverOrder: ServerName[] = ['bouwsoftAuth', 'bouwsoftData', 'outsmart'];
const sockets = new Map<ServerName, Set<Socket>>();
const closedBytes = new Map<ServerName, { in: number; out: number }>();
let nextServer: ServerName[] = [];

const originalCreateServer = http.createServer.bind(http) as (...args: unknown[]) => http.Server;
(http as unknown as { createServer: (...args: unknown[]) => http.Server }).createServer = (...args: unknown[]) => {
	const server = originalCreateServer(...args);
	const name = nextServer.shift() ?? 'echo';
	const live = new Set<Socket>();
	sockets.set(name, live);
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
let echo: http.Server | undefined;
let counterBase: Record<string, { requests: number; rowsReceived: number; rowsWritten: number }> = {};
let byteBase: ByteCounts = { bouwsoftIn: 0, bouwsoftOut: 0, outsmartIn: 0, outsmartOut: 0 };

function rawBytes(): ByteCounts {
	const auth = bytes('bouwsoftAuth');
	const data = bytes('bouwsoftData');
	const os = bytes('outsmart');
	return { bouwsoftIn: auth.in + data.in, bouwsoftOut: auth.out + data.out, outsmartIn: os.in, outsmartOut: os.out };
}

function counts(): SimCounts {
	const raw = rawBytes();
	const osByEndpoint: Record<string, { requests: number; rowsReceived: number; rowsWritten: number }> = {};
	for (const [endpoint, c] of Object.entries(outsmart!.counters)) {
		const base = counterBase[endpoint] ?? { requests: 0, rowsReceived: 0, rowsWritten: 0 };
		const delta = { requests: c.requests - base.requests, rowsReceived: c.rowsReceived - base.rowsReceived, rowsWritten: c.rowsWritten - base.rowsWritten };
		if (delta.requests > 0) osByEndpoint[endpoint] = delta;
	}
	return {
		bouwsoftRequests: bouwsoft!.requests.length,
		bouwsoftByResource: bouwsoft!.requestCounts(),
		outsmartRequests: outsmart!.requests.length,
		outsmartByEndpoint: osByEndpoint,
		bytes: {
			bouwsoftIn: raw.bouwsoftIn - byteBase.bouwsoftIn,
			bouwsoftOut: raw.bouwsoftOut - byteBase.bouwsoftOut,
			outsmartIn: raw.outsmartIn - byteBase.outsmartIn,
			outsmartOut: raw.outsmartOut - byteBase.outsmartOut,
		},
	};
}

async function start(options: SimHostStart) {
	nextServer = [...serverOrder];
	bouwsoft = await startBouwsoftSimulator({
		// The original http simulator, not the HTTPS confirmed-reference default: bytes are counted by wrapping
		// http.createServer (an https data server would go uncounted and shift the server order), and the
		// numbers stay comparable with BENCHMARKS.md's history. The filter dialect is the bench's own option.
		reference: 'lenient',
		latencyMs: options.bouwsoftLatencyMs,
		dialect: options.dialect === 'confirmed' ? { comparisons: false, or: false } : { comparisons: true, or: true },
		seed: options.seed,
	});
	outsmart = await startOutSmartSimulator({ latencyMs: options.outsmartLatencyMs });
	// A plain server for the loopback throughput measurement (no latency, no JSON).
	nextServer = ['echo'];
	echo = http.createServer((req, res) => {
		const size = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('bytes') ?? 0);
		let received = 0;
		req.on('data', (chunk: Buffer) => (received += chunk.length));
		req.on('end', () => {
			res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(size), 'X-Received': String(received) });
			const block = Buffer.alloc(Math.min(size, 1 << 20), 97);
			let left = size;
			const pump = () => {
				while (left > 0) {
					const n = Math.min(left, block.length);
					left -= n;
					if (!res.write(n === block.length ? block : block.subarray(0, n))) return void res.once('drain', pump);
				}
				res.end();
			};
			pump();
		});
	});
	await new Promise<void>((resolve) => echo!.listen(0, '127.0.0.1', () => resolve()));
	const echoPort = (echo.address() as { port: number }).port;
	return {
		authUrl: bouwsoft.authUrl,
		clientNr: bouwsoft.clientNr,
		refreshToken: bouwsoft.refreshToken,
		outsmartBaseUrl: outsmart.baseUrl,
		outsmartToken: outsmart.token,
		outsmartSoftwareToken: outsmart.softwareToken,
		echoUrl: `http://127.0.0.1:${echoPort}`,
		tableSizes: {
			Products: bouwsoft.store.count('Products'),
			ProductLists: bouwsoft.store.count('ProductLists'),
			ProductGroups: bouwsoft.store.count('ProductGroups'),
			Addresses: bouwsoft.store.count('Addresses'),
			AddressContacts: bouwsoft.store.count('AddressContacts'),
			EligibleRelations: bouwsoft.store
				.all('Addresses')
				.filter((r) => Number(r.clientnr) > 0 && String(r.name ?? '').trim() !== '').length,
			Projects: bouwsoft.store.count('Projects'),
			ProjectPhases: bouwsoft.store.count('ProjectPhases'),
		},
	};
}

/** Change `count` records of a resource, spread evenly over its ids (ts_lastupdate = sim clock now). */
function mutate(resource: string, count: number, field: string) {
	const eligible = (r: Record<string, unknown>) =>
		resource !== 'Addresses' || (Number(r.clientnr) > 0 && String(r.name ?? '').trim() !== '');
	const all = bouwsoft!.store.all(resource).filter(eligible);
	const step = Math.max(1, Math.floor(all.length / Math.max(1, count)));
	const ids: number[] = [];
	for (let i = 0; i < all.length && ids.length < count; i += step) ids.push(all[i].id as number);
	for (const id of ids) {
		const record = bouwsoft!.store.get(resource, id)!;
		const value = record[field];
		const patch = typeof value === 'number' ? { [field]: Math.round((value + 1.25) * 100) / 100 } : { [field]: `${String(value ?? '')} (gewijzigd)` };
		bouwsoft!.store.update(resource, id, patch as never);
	}
	return { changed: ids.length };
}

/** The minimal payload: every selected Bouwsoft record and every OutSmart record once, as JSON. */
function payloadBytes(bouwsoftResources: string[], outsmartEndpoints: string[]) {
	let bouwsoftBytes = 0;
	let bouwsoftRecords = 0;
	for (const resource of bouwsoftResources) {
		for (const record of bouwsoft!.store.all(resource)) {
			bouwsoftBytes += Buffer.byteLength(JSON.stringify(record)) + 1;
			bouwsoftRecords++;
		}
	}
	let outsmartBytes = 0;
	let outsmartRecords = 0;
	for (const endpoint of outsmartEndpoints) {
		const rows = endpoint === 'workorders' ? (outsmart!.store.workorders as unknown[]) : outsmart!.store.list(endpoint as never);
		for (const record of rows) {
			outsmartBytes += Buffer.byteLength(JSON.stringify(record)) + 1;
			outsmartRecords++;
		}
	}
	return { bouwsoftBytes, bouwsoftRecords, outsmartBytes, outsmartRecords };
}

async function handle(command: SimHostCommand): Promise<unknown> {
	switch (command.type) {
		case 'start':
			return await start(command.options);
		case 'counts':
			return counts();
		case 'resetCounts':
			bouwsoft!.resetRequests();
			outsmart!.resetRequests();
			counterBase = outsmart!.counters;
			byteBase = rawBytes();
			return counts();
		case 'resetOutSmart':
			outsmart!.reset();
			counterBase = {};
			byteBase = rawBytes();
			return null;
		case 'setLatency':
			bouwsoft!.setLatency(command.bouwsoftMs);
			outsmart!.options.latencyMs = command.outsmartMs;
			return null;
		case 'mutate':
			return mutate(command.resource, command.count, command.field);
		case 'outsmartCounts': {
			const result: Record<string, number> = {};
			for (const endpoint of command.endpoints) {
				result[endpoint] = endpoint === 'workorders' ? outsmart!.store.workorders.length : outsmart!.store.count(endpoint as never);
			}
			return result;
		}
		case 'payloadBytes':
			return payloadBytes(command.bouwsoftResources, command.outsmartEndpoints);
		case 'memory':
			return process.memoryUsage().rss;
		case 'stop':
			await bouwsoft?.close();
			await outsmart?.close();
			await new Promise<void>((resolve) => (echo ? echo.close(() => resolve()) : resolve()));
			setImmediate(() => process.exit(0));
			return null;
	}
}

process.on('message', (message: { id: number; command: SimHostCommand }) => {
	handle(message.command).then(
		(result) => process.send!({ id: message.id, result }),
		(error: Error) => process.send!({ id: message.id, error: error.stack ?? String(error) }),
	);
});
process.on('disconnect', () => process.exit(0));
