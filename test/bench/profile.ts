/**
 * Optional CPU profile of one phase (`--profile`): V8's sampling profiler through node:inspector, with self
 * time grouped by who spends it (our Bouwsoft / OutSmart node code, n8n-core engine, n8n-workflow incl.
 * expressions, the HTTP stack, JSON, GC, idle = waiting on the network).
 */
import { Session } from 'node:inspector';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	hitCount?: number;
	children?: number[];
}
interface Profile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

export interface ProfileSummary {
	totalMs: number;
	byGroup: Record<string, number>;
	topFunctions: Array<{ name: string; group: string; ms: number }>;
}

function groupOf(frame: ProfileNode['callFrame']): string {
	const url = frame.url;
	const fn = frame.functionName;
	if (fn === '(idle)') return 'idle (waiting on network)';
	if (fn === '(garbage collector)') return 'garbage collection';
	if (fn === '(program)') return 'V8/native (program)';
	if (/JSON\.(parse|stringify)|^parse$|^stringify$/.test(fn) && !url) return 'JSON parse/stringify';
	if (url.includes('/nodes/Bouwsoft/')) return 'our Bouwsoft node code';
	if (url.includes('/nodes/OutSmart/')) return 'our OutSmart node code';
	if (url.includes('/nodes/shared/')) return 'our shared code (ledger, redaction)';
	if (url.includes('/test/harness/')) return 'test harness';
	if (url.includes('/test/bench/')) return 'benchmark';
	if (url.includes('n8n-workflow') && /[Ee]xpression|tmpl|riot|esprima|recast/.test(url + fn)) return 'n8n expressions';
	if (url.includes('n8n-workflow')) return 'n8n-workflow';
	if (url.includes('n8n-core')) return 'n8n-core (engine, contexts, request helper)';
	if (url.includes('axios') || url.includes('follow-redirects') || url.includes('form-data') || url.includes('proxy')) return 'HTTP client (axios)';
	if (url.startsWith('node:') || url.startsWith('internal') || url === '') return 'Node.js internals (net, http, streams)';
	if (url.includes('node_modules')) return 'other node_modules';
	return 'other';
}

export class CpuProfiler {
	private session = new Session();

	private post(method: string, params?: object): Promise<unknown> {
		return new Promise((resolve, reject) =>
			this.session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))),
		);
	}

	async start(): Promise<void> {
		this.session.connect();
		await this.post('Profiler.enable');
		await this.post('Profiler.setSamplingInterval', { interval: 1000 });
		await this.post('Profiler.start');
	}

	async stop(): Promise<ProfileSummary> {
		const { profile } = (await this.post('Profiler.stop')) as { profile: Profile };
		this.session.disconnect();
		const byId = new Map(profile.nodes.map((n) => [n.id, n]));
		const selfMs = new Map<number, number>();
		for (let i = 0; i < profile.samples.length; i++) {
			selfMs.set(profile.samples[i], (selfMs.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
		}
		const byGroup: Record<string, number> = {};
		const byFunction = new Map<string, { group: string; ms: number }>();
		let totalMs = 0;
		for (const [id, ms] of selfMs) {
			const node = byId.get(id);
			if (!node) continue;
			const group = groupOf(node.callFrame);
			byGroup[group] = (byGroup[group] ?? 0) + ms;
			totalMs += ms;
			const file = node.callFrame.url.replace(/^.*\/(node_modules\/|nodes\/|test\/)/, '$1');
			const name = `${node.callFrame.functionName || '(anonymous)'} ${file}:${node.callFrame.lineNumber + 1}`;
			const entry = byFunction.get(name) ?? { group, ms: 0 };
			entry.ms += ms;
			byFunction.set(name, entry);
		}
		const topFunctions = [...byFunction.entries()]
			.map(([name, v]) => ({ name, group: v.group, ms: Math.round(v.ms) }))
			.filter((f) => !f.group.startsWith('idle'))
			.sort((a, b) => b.ms - a.ms)
			.slice(0, 25);
		for (const key of Object.keys(byGroup)) byGroup[key] = Math.round(byGroup[key]);
		return { totalMs: Math.round(totalMs), byGroup, topFunctions };
	}
}
