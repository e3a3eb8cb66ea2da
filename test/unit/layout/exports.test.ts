/**
 * No unused exports in nodes/ and credentials/: every exported name is imported by another file (product
 * code, tests, scripts or benchmark). An export nobody imports is either dead code or should be module-local.
 * Read as text: an exported name counts as used when another file imports it by name or uses it after
 * `import * as`. Node and credential classes are used by n8n through package.json.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..', '..');

function files(dir: string, ext: RegExp): string[] {
	if (!fs.existsSync(dir)) return [];
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'n8n-install' ? [] : files(full, ext);
		return ext.test(entry.name) ? [full] : [];
	});
}

export function exportedNames(text: string): string[] {
	const names = [
		...text.matchAll(/^export\s+(?:declare\s+)?(?:async\s+)?(?:const|let|function\*?|class|interface|type|enum)\s+([A-Za-z_$][\w$]*)/gm),
	].map((m) => m[1]);
	for (const m of text.matchAll(/^export\s+(?:type\s+)?\{([^}]*)\}(?!\s*from)/gm)) {
		for (const part of m[1].split(',')) {
			const name = part.trim().split(/\s+as\s+/).pop();
			if (name) names.push(name);
		}
	}
	for (const m of text.matchAll(/^export\s+const\s+\{([^}]*)\}/gm)) {
		for (const part of m[1].split(',')) {
			const name = part.trim().split(':').pop()?.trim();
			if (name) names.push(name);
		}
	}
	return names;
}

const product = [...files(path.join(ROOT, 'nodes'), /\.ts$/), ...files(path.join(ROOT, 'credentials'), /\.ts$/)];
const everyone = [...product, ...files(path.join(ROOT, 'test'), /\.(ts|js)$/), ...files(path.join(ROOT, 'scripts'), /\.(ts|mjs|js)$/)];
const texts = new Map(everyone.map((file) => [file, fs.readFileSync(file, 'utf8')]));

describe('layout: exports', () => {
	it('every export of nodes/ and credentials/ is used by another file', () => {
		const unused: string[] = [];
		let checked = 0;
		for (const file of product) {
			if (/\.(node|credentials)\.ts$/.test(file)) continue;
			for (const name of exportedNames(texts.get(file)!)) {
				checked++;
				const word = new RegExp(`\\b${name.replace(/\$/g, '\\$')}\\b`);
				const used = everyone.some((other) => other !== file && word.test(texts.get(other)!));
				if (!used) unused.push(`${path.relative(ROOT, file)}: ${name}`);
			}
		}
		expect(checked).toBeGreaterThan(100);
		expect(unused).toEqual([]);
	});

	it('reads export forms', () => {
		expect(exportedNames('export const a = 1;\nexport async function b() {}\nexport type C = 1;\nexport { d, e as f };\nexport const { g, h } = x;')).toEqual(['a', 'b', 'C', 'd', 'f', 'g', 'h']);
	});
});
