/** A minimal keep-alive HTTP client for the naive baseline and the throughput probe (no n8n, no axios). */
import http from 'node:http';

export const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

export interface RawResponse {
	status: number;
	body: Buffer;
}

export function request(
	url: string,
	options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
	return new Promise((resolve, reject) => {
		const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers, agent }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
			res.on('error', reject);
		});
		req.on('error', reject);
		if (options.body !== undefined) req.end(options.body);
		else req.end();
	});
}

export async function json<T>(url: string, options: Parameters<typeof request>[1] = {}): Promise<T> {
	const res = await request(url, options);
	if (res.status !== 200) throw new Error(`${options.method ?? 'GET'} ${url.replace(/token=[^&]*/g, 'token=***')}: HTTP ${res.status}`);
	return JSON.parse(res.body.toString('utf8')) as T;
}

/** Streams `bytes` down (counted, not kept) or up (one 1 MB block written repeatedly): no large buffers. */
function transfer(url: string, direction: 'down' | 'up', bytes: number): Promise<number> {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const req = http.request(url, { method: direction === 'down' ? 'GET' : 'POST', agent, headers: direction === 'up' ? { 'Content-Length': String(bytes) } : {} }, (res) => {
			let received = 0;
			res.on('data', (chunk: Buffer) => (received += chunk.length));
			res.on('end', () => (direction === 'down' && received !== bytes ? reject(new Error('short download')) : resolve(performance.now() - started)));
			res.on('error', reject);
		});
		req.on('error', reject);
		if (direction === 'down') return void req.end();
		const block = Buffer.alloc(1 << 20, 98);
		let left = bytes;
		const pump = () => {
			while (left > 0) {
				const n = Math.min(left, block.length);
				left -= n;
				if (!req.write(n === block.length ? block : block.subarray(0, n))) return void req.once('drain', pump);
			}
			req.end();
		};
		pump();
	});
}

/**
 * Loopback throughput (bytes/s) between this process and the simulator host: one large download and one
 * large upload through the same kind of HTTP connection the nodes use, no JSON, no latency. Best of 3.
 */
export async function measureThroughput(echoUrl: string, bytes = 64 * 1024 * 1024): Promise<{ download: number; upload: number; bytesPerSecond: number }> {
	await transfer(`${echoUrl}/?bytes=1024`, 'down', 1024);
	let downMs = Infinity;
	let upMs = Infinity;
	for (let i = 0; i < 3; i++) {
		downMs = Math.min(downMs, await transfer(`${echoUrl}/?bytes=${bytes}`, 'down', bytes));
		upMs = Math.min(upMs, await transfer(`${echoUrl}/?bytes=0`, 'up', bytes));
	}
	const download = bytes / (downMs / 1000);
	const upload = bytes / (upMs / 1000);
	return { download, upload, bytesPerSecond: Math.min(download, upload) };
}
