/** Console tables and the JSON file. */
import fs from 'node:fs';
import path from 'node:path';

import type { ScenarioResult } from './measure';

const s = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const n = (x: number) => Math.round(x).toLocaleString('en-US');
const f = (x: number, digits = 4) => (Number.isFinite(x) ? x.toFixed(digits) : '-');
const ratio = (x: number) => `${x.toFixed(x >= 100 ? 0 : x >= 10 ? 1 : 2)}×`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function table(rows: string[][]): string {
	const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
	return rows.map((r, ri) => {
		const line = r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
		return ri === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
	}).join('\n');
}

export function scenarioTable(r: ScenarioResult): string {
	const imp = r.import;
	const rows: string[][] = [['metric', 'value', 'note']];
	rows.push(['records imported', n(imp.records), `${imp.polls} poll(s)`]);
	rows.push(['wall time', s(imp.ms), `trigger ${s(imp.breakdown.triggerMs)}, OutSmart node ${s(imp.breakdown.outsmartMs)}, engine/other ${s(imp.breakdown.engineMs)}`]);
	rows.push(['records/s', n(imp.recordsPerSecond), '']);
	rows.push(['CPU (bench process)', s(imp.cpuMs), 'user + system over the import polls']);
	rows.push(['Bouwsoft requests', n(imp.counts.bouwsoftRequests), `${f(imp.bouwsoftRequestsPerRecord)} per record; ${Object.entries(imp.counts.bouwsoftByResource).map(([k, v]) => `${k} ${v}`).join(', ')}`]);
	rows.push(['OutSmart requests', n(imp.counts.outsmartRequests), `${f(imp.outsmartRequestsPerRecord)} per record (1/${Math.round(1 / imp.outsmartRequestsPerRecord)}); ${f(imp.outsmartRequestsPerRowWritten)} per row written (${n(imp.outsmartRowsWritten)} rows)`]);
	rows.push(['OutSmart requests by endpoint', '', Object.entries(imp.counts.outsmartByEndpoint).map(([k, v]) => `${k} ${v.requests}`).join(', ')]);
	rows.push(['bytes on the wire', mb(imp.counts.bytes.bouwsoftOut + imp.counts.bytes.bouwsoftIn + imp.counts.bytes.outsmartIn + imp.counts.bytes.outsmartOut), `Bouwsoft ↓${mb(imp.counts.bytes.bouwsoftOut)}, OutSmart ↑${mb(imp.counts.bytes.outsmartIn)} ↓${mb(imp.counts.bytes.outsmartOut)}`]);
	const last = imp.perPoll[imp.perPoll.length - 1];
	if (last) rows.push(['workflow static data after import', mb(last.staticDataBytes), 'JSON size n8n stores with the workflow (cursor; before the delivery record also ledger and content hashes)']);
	rows.push(['deduplication store (import)', `${n(imp.store.calls)} calls`, imp.deliveryRecord.store === 'none' ? 'this commit has no delivery record' : `${storeNote(imp.store)}; ${recordNote(imp.deliveryRecord)}`]);
	rows.push(['peak RSS (bench process)', `${imp.peakRssMb.toFixed(0)} MB`, `${imp.startRssMb.toFixed(0)} MB at start; simulator host ${imp.simHostRssMb.toFixed(0)} MB (separate process)`]);
	rows.push(['OutSmart store after import', '', Object.entries(imp.stored).map(([k, v]) => `${k} ${n(v)}`).join(', ')]);
	rows.push(['failed items', n(imp.actions.failed ?? 0), imp.failures[0] ?? '']);
	rows.push(['lower bound', s(imp.lowerBound.ms), `${imp.lowerBound.roundTrips} round trips = ${s(imp.lowerBound.latencyPartMs)} + ${mb(imp.payload.bouwsoftBytes + imp.payload.outsmartBytes)} payload = ${s(imp.lowerBound.transferPartMs)}`]);
	rows.push(['ratio to lower bound', ratio(imp.ratioToLowerBound), '']);
	if (r.naive) {
		const nv = r.naive;
		rows.push(['naive baseline', s(nv.extrapolatedMs), `EXTRAPOLATED from a sample of ${n(nv.sample)} records: ${s(nv.ms)} = ${nv.msPerRecord.toFixed(2)} ms/record × ${n(imp.records)}`]);
		rows.push(['naive requests per record', '', `Bouwsoft ${f(nv.bouwsoftRequestsPerRecord, 3)}, OutSmart ${f(nv.outsmartRequestsPerRecord, 3)}${nv.failures ? `, ${nv.failures} failed` : ''}`]);
		rows.push(['speed-up vs naive', ratio(nv.speedUp), '']);
	}
	for (const idle of r.idle ?? []) {
		rows.push([`poll, 0 changes (${idle.workflow})`, s(Math.max(...idle.ms)), `max of ${idle.ms.map((m) => s(m)).join(' / ')} (poll() itself ${idle.triggerMs.map((m) => s(m)).join(' / ')}; static data ${mb(idle.staticDataBytes)}); Bouwsoft requests ${idle.bouwsoftRequestsPerPoll.join(' / ')} (${Object.entries(idle.bouwsoftByResource).map(([k, v]) => `${k} ${v}`).join(', ')}); OutSmart ${idle.outsmartRequests}; store calls ${idle.storeCalls}${idle.retriedRecords ? `; NOT idle: re-emitted ${idle.retriedRecords} ledger retries in ${idle.executedPolls} executions` : ''}`]);
	}
	if (r.changes) {
		const c = r.changes;
		rows.push([`poll, ${n(c.changed)} changes`, s(c.ms), `${c.polls} poll(s), ${n(c.records)} emitted; trigger ${s(c.breakdown.triggerMs)}, OutSmart node ${s(c.breakdown.outsmartMs)}`]);
		rows.push(['  requests', '', `Bouwsoft ${c.counts.bouwsoftRequests} (${Object.entries(c.counts.bouwsoftByResource).map(([k, v]) => `${k} ${v}`).join(', ')}); OutSmart ${c.counts.outsmartRequests} (${Object.entries(c.counts.outsmartByEndpoint).map(([k, v]) => `${k} ${v.requests}`).join(', ')}); OutSmart ↓${mb(c.counts.bytes.outsmartOut)}`]);
		rows.push(['  lower bound / ratio', s(c.lowerBound.ms), `${c.lowerBound.roundTrips} round trips; ratio ${ratio(c.ratioToLowerBound)}`]);
		rows.push(['  deduplication store', `${n(c.store.calls)} calls`, storeNote(c.store)]);
	}
	if (r.resync) {
		const x = r.resync;
		rows.push(['re-sync (all sent again)', s(x.ms), `${x.polls} poll(s), ${n(x.records)} emitted, ${n(x.unchanged)} unchanged; trigger ${s(x.breakdown.triggerMs)}, OutSmart node ${s(x.breakdown.outsmartMs)}; CPU ${s(x.cpuMs)}`]);
		rows.push(['  requests', '', `Bouwsoft ${x.counts.bouwsoftRequests}; OutSmart ${x.counts.outsmartRequests} (${Object.entries(x.counts.outsmartByEndpoint).map(([k, v]) => `${k} ${v.requests}`).join(', ') || 'none'}), ${n(x.outsmartRowsWritten)} rows written`]);
		rows.push(['  deduplication store', `${n(x.store.calls)} calls`, storeNote(x.store)]);
	}
	return `${r.title}\n${table(rows)}`;
}

function storeNote(st: ScenarioResult['import']['store']): string {
	const methods = Object.entries(st.byMethod).map(([k, v]) => `${k} ${v}`).join(', ');
	return `${methods || 'no calls'}; ${n(st.values)} values${st.removed ? ` (${n(st.removed)} removed)` : ''}; ${s(st.ms)} inside the store`;
}

function recordNote(r: ScenarioResult['import']['deliveryRecord']): string {
	const json = (bytes?: number) => (bytes !== undefined ? `, ${mb(bytes)} JSON` : '');
	const markers = r.markers !== undefined ? `; attempt markers (workflow context) ${n(r.markers)}${json(r.markerBytes)}` : '';
	return `record after import: facts (node context) ${n(r.entries)}${json(r.bytes)}${markers} (store: ${r.store}; each call reads and writes its row whole)`;
}

export function profileTable(r: ScenarioResult): string {
	const p = r.import.profile;
	if (!p) return '';
	const groups = Object.entries(p.byGroup).sort((a, b) => b[1] - a[1]);
	const lines = [`CPU profile of the ${r.name} import (self time, ${s(p.totalMs)} sampled):`];
	lines.push(table([['group', 'ms', 'share'], ...groups.map(([g, ms]) => [g, n(ms), `${((ms / p.totalMs) * 100).toFixed(1)}%`])]));
	lines.push('Top functions (excluding idle):');
	lines.push(table([['function', 'ms', 'group'], ...p.topFunctions.slice(0, 15).map((fn) => [fn.name.slice(0, 90), n(fn.ms), fn.group])]));
	return lines.join('\n');
}

export function writeJson(file: string, data: unknown): string {
	const target = path.resolve(file);
	fs.mkdirSync(path.dirname(target), { recursive: true });
	fs.writeFileSync(target, `${JSON.stringify(data, null, '\t')}\n`);
	return target;
}
