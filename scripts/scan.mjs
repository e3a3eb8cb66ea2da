// Runs @n8n/scan-community-package's lint gate on this package without publishing it: the source leg
// (package.json, nodes/, credentials/) and the tarball leg (the compiled .js that `npm pack` would ship).
// The scanner's provenance check needs a published version and is not part of this local gate.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { SOURCE_FILE_PATTERNS, analyzePackage } from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-'));
try {
	const tarball = execFileSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', work], {
		cwd: root,
		encoding: 'utf8',
	}).trim().split('\n').pop();
	execFileSync('tar', ['-xzf', path.join(work, tarball), '-C', work]);
	const packed = path.join(work, 'package');
	const results = [
		['source', await analyzePackage(root, SOURCE_FILE_PATTERNS)],
		['tarball', await analyzePackage(packed, ['**/*.js', 'package.json'])],
	];
	let failed = false;
	for (const [leg, result] of results) {
		process.stdout.write(`scan ${leg}: ${result.passed ? 'passed' : `FAILED (${result.message})`}\n`);
		if (!result.passed) {
			failed = true;
			if (result.details) process.stdout.write(`${result.details}\n`);
		}
	}
	process.exitCode = failed ? 1 : 0;
} finally {
	fs.rmSync(work, { recursive: true, force: true });
}
