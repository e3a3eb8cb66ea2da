/** Writes a suite's figures as JSON to $RELIABILITY_REPORT_DIR (default: the OS temp dir) for RELIABILITY.md. */
import { mkdirSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

export function writeReport(name: string, data: unknown): string {
	const dir = process.env.RELIABILITY_REPORT_DIR ?? join(tmpdir(), 'bouwsoft-outsmart-reliability');
	mkdirSync(dir, { recursive: true });
	const file = join(dir, `${name}.json`);
	writeFileSync(file, JSON.stringify(data, null, 2));
	return file;
}
