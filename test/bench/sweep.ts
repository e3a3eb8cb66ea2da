/**
 * Parameter sweeps on the materials import (`npm run bench -- --sweep`): one parameter at a time around the
 * node defaults, import only, fresh OutSmart store and fresh cursor per run.
 */
import type { BenchConfig, NodeOverrides } from './config';
import { runScenario, type ScenarioResult } from './measure';
import { table } from './report';
import type { ScenarioName } from './scenarios';
import type { SimHost } from './sims';

export interface SweepPoint {
	scenario: ScenarioName;
	parameter: string;
	value: number | boolean | string;
	overrides: NodeOverrides;
	ms: number;
	recordsPerSecond: number;
	bouwsoftRequests: number;
	outsmartRequests: number;
	outsmartRequestsPerRecord: number;
	peakRssMb: number;
	polls: number;
	ratioToLowerBound: number;
	failed: number;
}

export const SWEEPS: Array<{ scenario: ScenarioName; parameter: keyof NodeOverrides; values: Array<number | boolean> }> = [
	{ scenario: 'materials', parameter: 'pageSize', values: [100, 250, 500, 1000] },
	{ scenario: 'materials', parameter: 'batchSize', values: [50, 100, 200, 500, 1000] },
	{ scenario: 'materials', parameter: 'concurrency', values: [1, 2, 4, 8] },
	{ scenario: 'materials', parameter: 'maxRecordsPerPoll', values: [10_000, 25_000, 0] },
	{ scenario: 'materials', parameter: 'detectExisting', values: [true, false] },
	{ scenario: 'projects', parameter: 'bouwsoftConcurrency', values: [1, 2, 4, 8] },
];

export async function runSweeps(sims: SimHost, config: BenchConfig, bytesPerSecond: number, log: (line: string) => void): Promise<SweepPoint[]> {
	const points: SweepPoint[] = [];
	const only = (process.env.BENCH_SWEEP_ONLY ?? '').split(',').filter(Boolean);
	for (const sweep of SWEEPS) {
		if (only.length && !only.includes(sweep.parameter)) continue;
		if (!config.only.includes(sweep.scenario)) continue;
		log(`\n== sweep ${sweep.scenario}: ${sweep.parameter} (others: ${JSON.stringify(config.overrides)} or node defaults) ==`);
		const rows: string[][] = [[sweep.parameter, 'time', 'rec/s', 'Bouwsoft req', 'OutSmart req', 'OS req/record', 'peak RSS', 'polls', '× lower bound']];
		for (const value of sweep.values) {
			const overrides: NodeOverrides = { ...config.overrides, [sweep.parameter]: value };
			const result: ScenarioResult = await runScenario(sims, sweep.scenario, { ...config, overrides }, bytesPerSecond, {
				idle: false,
				changes: false,
				naive: false,
				profile: false,
			});
			const imp = result.import;
			const point: SweepPoint = {
				scenario: sweep.scenario,
				parameter: sweep.parameter,
				value,
				overrides,
				ms: imp.ms,
				recordsPerSecond: imp.recordsPerSecond,
				bouwsoftRequests: imp.counts.bouwsoftRequests,
				outsmartRequests: imp.counts.outsmartRequests,
				outsmartRequestsPerRecord: imp.outsmartRequestsPerRecord,
				peakRssMb: imp.peakRssMb,
				polls: imp.polls,
				ratioToLowerBound: imp.ratioToLowerBound,
				failed: imp.actions.failed ?? 0,
			};
			points.push(point);
			rows.push([
				String(value),
				`${(imp.ms / 1000).toFixed(2)} s`,
				Math.round(imp.recordsPerSecond).toLocaleString('en-US'),
				String(imp.counts.bouwsoftRequests),
				String(imp.counts.outsmartRequests),
				`1/${Math.round(1 / imp.outsmartRequestsPerRecord)}`,
				`${imp.peakRssMb.toFixed(0)} MB`,
				String(imp.polls),
				`${imp.ratioToLowerBound.toFixed(2)}×`,
			]);
			log(`  ${sweep.parameter}=${String(value)}: ${(imp.ms / 1000).toFixed(2)} s, OutSmart ${imp.counts.outsmartRequests} req, RSS ${imp.peakRssMb.toFixed(0)} MB${point.failed ? `, ${point.failed} FAILED` : ''}`);
		}
		log(table(rows));
	}
	return points;
}
