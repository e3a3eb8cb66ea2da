/**
 * The layout stays acyclic: no import cycle among the files of nodes/ and credentials/, and none among the
 * entries (files and sub-folders) of any one folder, with a sub-folder standing for everything below it.
 * So `upsert/` may use `schema.ts` beside it, but then nothing beside it that `upsert/` imports may import
 * `upsert/` back. Read from the sources as text (relative imports only; n8n-workflow is outside the tree).
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SOURCE_DIRS = ['nodes', 'credentials'];

function sourceFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(full);
		return entry.name.endsWith('.ts') ? [full] : [];
	});
}

/** Relative imports of a file (value and type imports alike: both tie the files together). */
export function importsOf(file: string, text: string): string[] {
	const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'";]*?from\s+['"]([^'"]+)['"]/g), ...text.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g), ...text.matchAll(/(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)].map((m) => m[1]);
	return specifiers
		.filter((s) => s.startsWith('.'))
		.map((s) => {
			const base = path.resolve(path.dirname(file), s);
			for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base]) {
				if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
			}
			throw new Error(`${path.relative(ROOT, file)} imports ${s}, which does not exist`);
		});
}

/** Every cycle's members (strongly connected components with more than one node, or a self-loop). */
export function cycles(graph: Map<string, Set<string>>): string[][] {
	let index = 0;
	const indexOf = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const found: string[][] = [];
	const visit = (node: string) => {
		indexOf.set(node, index);
		low.set(node, index++);
		stack.push(node);
		onStack.add(node);
		for (const next of graph.get(node) ?? []) {
			if (!indexOf.has(next)) {
				visit(next);
				low.set(node, Math.min(low.get(node)!, low.get(next)!));
			} else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, indexOf.get(next)!));
		}
		if (low.get(node) === indexOf.get(node)) {
			const component: string[] = [];
			let member: string;
			do {
				member = stack.pop()!;
				onStack.delete(member);
				component.push(member);
			} while (member !== node);
			if (component.length > 1 || graph.get(node)?.has(node)) found.push(component.sort());
		}
	};
	for (const node of graph.keys()) if (!indexOf.has(node)) visit(node);
	return found;
}

const files = SOURCE_DIRS.flatMap((dir) => sourceFiles(path.join(ROOT, dir)));
const fileGraph = new Map<string, Set<string>>(
	files.map((file) => [file, new Set(importsOf(file, fs.readFileSync(file, 'utf8')))]),
);
const rel = (p: string) => path.relative(ROOT, p);

/** The entry of `folder` that holds `file`: the file itself, or the sub-folder it is in. */
function entryOf(folder: string, file: string): string | undefined {
	const relative = path.relative(folder, file);
	if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
	return path.join(folder, relative.split(path.sep)[0]);
}

describe('layout: import cycles', () => {
	it('reads the imports of every source file', () => {
		expect(files.length).toBeGreaterThan(50);
		const edges = [...fileGraph.values()].reduce((n, targets) => n + targets.size, 0);
		expect(edges).toBeGreaterThan(files.length);
	});

	it('has no cycle among the files', () => {
		expect(cycles(fileGraph).map((cycle) => cycle.map(rel))).toEqual([]);
	});

	it('has no cycle among the entries of any folder', () => {
		const folders = new Set(files.flatMap((file) => {
			const out: string[] = [];
			for (let dir = path.dirname(file); dir.startsWith(ROOT) && dir !== ROOT; dir = path.dirname(dir)) out.push(dir);
			return out;
		}));
		folders.add(ROOT);
		const found: string[][] = [];
		for (const folder of folders) {
			const graph = new Map<string, Set<string>>();
			for (const [from, targets] of fileGraph) {
				const a = entryOf(folder, from);
				if (!a) continue;
				if (!graph.has(a)) graph.set(a, new Set());
				for (const to of targets) {
					const b = entryOf(folder, to);
					if (b && b !== a) graph.get(a)!.add(b);
				}
			}
			found.push(...cycles(graph).map((cycle) => cycle.map(rel)));
		}
		expect(found).toEqual([]);
	});

	it('finds a cycle when there is one (the check itself works)', () => {
		const graph = new Map([
			['a', new Set(['b'])],
			['b', new Set(['c'])],
			['c', new Set(['a'])],
			['d', new Set(['a'])],
		]);
		expect(cycles(graph)).toEqual([['a', 'b', 'c']]);
		expect(importsOf(path.join(ROOT, 'nodes/x.ts'), "import type { A } from './shared/types';\nexport { b } from './shared/redact';")).toEqual([
			path.join(ROOT, 'nodes/shared/types.ts'),
			path.join(ROOT, 'nodes/shared/redact.ts'),
		]);
	});

	it('has no folder named helpers or utils', () => {
		const bad = files.map(rel).filter((file) => /(^|\/)(helpers|utils)\//.test(file));
		expect(bad).toEqual([]);
	});
});
