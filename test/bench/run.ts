/**
 * `npm run bench`: the real Bouwsoft Trigger and OutSmart node code, run in-process through n8n-core
 * (test/harness), against both simulators (in a child process) on 127.0.0.1 with latency per request.
 * Prints a table per scenario and writes JSON (bench-results/latest.json). Flags: see config.ts.
 */
import os from 'node:os';

import { readConfig } from './config';
import { ADDRESSES_PER_RELATION } from './config';
import { runExportBench, wantsExport } from './export';
import { measureThroughput } from './httpClient';
import { runScenario, type ScenarioResult } from './measure';
import { runReconcileBench, wantsReconcile } from './reconcile';
import { profileTable, scenarioTable, writeJson } from './report';
import { SimHost } from './sims';
import { installStore } from './store';
import { runSweeps } from './sweep';

async function main(): Promise<void> {
	const log = (line: string) => process.stdout.write(`${line}\n`);
	// `npm run bench -- export`: the way back (export.ts), on its own.
	if (wantsExport(process.argv.slice(2))) return await runExportBench(process.argv.slice(2), log);
	// `npm run bench -- reconcile`: Reconcile vs a full import (reconcile.ts), on its own.
	if (wantsReconcile(process.argv.slice(2))) return await runReconcileBench(process.argv.slice(2), log);
	const config = readConfig();
	const seed = {
		products: config.sweep ? config.sweepMaterials : config.materials,
		addresses: Math.ceil(config.relations * ADDRESSES_PER_RELATION),
		projects: config.projects,
		// Keep the tables the scenarios do not use small.
		assignments: 30,
		employees: 14,
	};
	const store = await installStore(config.store);
	const loadAtStart = os.loadavg();
	const sims = new SimHost();
	const started = performance.now();
	try {
		await sims.start({ bouwsoftLatencyMs: config.bouwsoftLatencyMs, outsmartLatencyMs: config.outsmartLatencyMs, dialect: 'extended', seed });
		log(`Simulators up (${Math.round(performance.now() - started)} ms): ${JSON.stringify(sims.info.tableSizes)}`);
		log(`Latency per request: Bouwsoft ${config.bouwsoftLatencyMs} ms, OutSmart ${config.outsmartLatencyMs} ms. Node ${process.version}, ${os.cpus().length} CPU(s), load average ${loadAtStart.map((l) => l.toFixed(2)).join(' ')}.`);
		log(`n8n deduplication store: ${store.kind}${store.kind === 'none' ? ' (this commit\'s harness has none)' : ''}. Node overrides: ${JSON.stringify(config.overrides)}.`);
		const throughput = await measureThroughput(sims.info.echoUrl);
		log(`Loopback throughput: ${(throughput.download / 1e6).toFixed(0)} MB/s down, ${(throughput.upload / 1e6).toFixed(0)} MB/s up (bound uses the lower).`);

		if (config.sweep) {
			const sweeps = await runSweeps(sims, config, throughput.bytesPerSecond, log);
			const file = writeJson(config.out.replace(/latest\.json$/, 'sweep.json'), { config, throughput, sweeps, at: new Date().toISOString() });
			log(`\nJSON: ${file}`);
			return;
		}

		const results: ScenarioResult[] = [];
		for (const name of config.only) {
			log(`\n== ${name} ==`);
			const result = await runScenario(sims, name, config, throughput.bytesPerSecond, {
				idle: true,
				changes: true,
				resync: config.resync,
				naive: config.naiveSample > 0,
				profile: config.profile && name === 'materials',
				log,
			});
			results.push(result);
			log(`\n${scenarioTable(result)}`);
			if (result.import.profile) log(`\n${profileTable(result)}`);
		}
		const targets = checkTargets(results, config);
		if (targets.length) {
			log('\nTargets (issue 8):');
			for (const t of targets) log(`  ${t.ok ? 'MET   ' : 'MISSED'} ${t.name}: ${t.value}`);
		}
		const file = writeJson(config.out, {
			at: new Date().toISOString(),
			node: process.version,
			cpus: os.cpus().length,
			config,
			seed,
			tableSizes: sims.info.tableSizes,
			throughput,
			results,
			targets,
			store: store.kind,
			loadAverage: { start: loadAtStart, end: os.loadavg() },
			totalMs: performance.now() - started,
		});
		log(`\nTotal ${((performance.now() - started) / 1000).toFixed(0)} s, load average at the end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}. JSON: ${file}`);
	} finally {
		await sims.stop();
	}
}

function checkTargets(results: ScenarioResult[], config: ReturnType<typeof readConfig>) {
	const m = results.find((r) => r.name === 'materials');
	if (!m) return [];
	const targets: Array<{ name: string; ok: boolean; value: string }> = [];
	const note = config.materials === 100_000 && config.bouwsoftLatencyMs === 20 && config.outsmartLatencyMs === 20 ? '' : ' (not the target setting: 100,000 materials at 20 ms)';
	if (m.naive) targets.push({ name: `≥ 50× faster than naive${note}`, ok: m.naive.speedUp >= 50, value: `${m.naive.speedUp.toFixed(1)}×` });
	targets.push({ name: `within 3× of the lower bound${note}`, ok: m.import.ratioToLowerBound <= 3, value: `${m.import.ratioToLowerBound.toFixed(2)}×` });
	targets.push({ name: 'OutSmart requests per record ≤ 1/200', ok: m.import.outsmartRequestsPerRecord <= 1 / 200, value: `1/${Math.round(1 / m.import.outsmartRequestsPerRecord)}` });
	targets.push({ name: 'peak RSS ≤ 400 MB', ok: m.import.peakRssMb <= 400, value: `${m.import.peakRssMb.toFixed(0)} MB` });
	for (const r of results) {
		for (const idle of r.idle ?? []) {
			const resources = Object.keys(idle.bouwsoftByResource).length;
			const maxRequests = Math.max(...idle.bouwsoftRequestsPerPoll);
			const maxMs = Math.max(...idle.ms);
			targets.push({
				name: `poll with no changes (${idle.workflow}) ≤ 1 request per resource, ≤ 1 s`,
				ok: maxRequests <= Math.max(1, resources) && maxMs <= 1000,
				value: `${maxRequests} request(s) over ${resources} resource(s), ${Math.round(maxMs)} ms`,
			});
		}
	}
	return targets;
}

main().then(
	() => process.exit(0),
	(error: Error) => {
		process.stderr.write(`${error.stack ?? String(error)}\n`);
		process.exit(1);
	},
);
