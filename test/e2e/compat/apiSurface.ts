/**
 * Which n8n APIs the built package (dist/) uses, and whether an installed n8n version has them:
 * - runtime exports of `n8n-workflow` (`n8n_workflow_1.X` in the compiled code): a symbol an older n8n-workflow
 *   lacks is `undefined` at run time (e.g. `NodeConnectionTypes` is newer than `NodeConnectionType`);
 * - members of the node function contexts (`IPollFunctions`, `IExecuteFunctions`, `ILoadOptionsFunctions` and their
 *   `helpers`) called as `ctx.X` / `this.X` / `context.X` / `.helpers.X`, read from that version's n8n-workflow type
 *   declarations with the TypeScript compiler. A member the version lacks is fine only where the code guards it
 *   (`typeof ….X === 'function'` / `'X' in …`): that feature is off there (e.g. the poll budget).
 * The names to look for come from the n8n-workflow the package is compiled against (the repo's devDependency).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

export const CONTEXT_INTERFACES = ['IPollFunctions', 'IExecuteFunctions', 'ILoadOptionsFunctions'] as const;

export interface ContextSurface {
	/** member names of the context interfaces */
	members: Set<string>;
	/** member names of their `helpers` */
	helpers: Set<string>;
}

function listJs(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return listJs(full);
		return entry.name.endsWith('.js') ? [full] : [];
	});
}

/** package dir -> compiled sources (dist/**\/*.js) by relative path */
export function distSources(packageDir: string): Map<string, string> {
	const dist = path.join(packageDir, 'dist');
	return new Map(listJs(dist).map((file) => [path.relative(packageDir, file), fs.readFileSync(file, 'utf8')]));
}

/** `n8n-workflow` symbols the compiled code reads at run time -> files using them. */
export function workflowImports(sources: Map<string, string>): Map<string, string[]> {
	const used = new Map<string, string[]>();
	for (const [file, code] of sources) {
		const aliases = [...code.matchAll(/(?:const|var|let)\s+(\w+)\s*=\s*require\("n8n-workflow"\)/g)].map((m) => m[1]);
		for (const alias of aliases) {
			for (const match of code.matchAll(new RegExp(`\\b${alias}\\.(\\w+)`, 'g'))) {
				used.set(match[1], [...new Set([...(used.get(match[1]) ?? []), file])]);
			}
		}
	}
	return used;
}

/** The n8n-workflow package directory the installed n8n resolves (what community packages get at run time). */
export function n8nWorkflowDir(n8nDir: string): string {
	const fromN8n = path.join(n8nDir, 'node_modules', 'n8n');
	const pkg = require.resolve('n8n-workflow/package.json', { paths: [fromN8n] });
	return path.dirname(pkg);
}

/** Which of `names` are undefined exports of that n8n-workflow, checked with that install's Node binary. */
export function missingRuntimeExports(nodeBin: string, workflowDir: string, names: string[]): string[] {
	const script = `const w = require(${JSON.stringify(workflowDir)}); process.stdout.write(JSON.stringify(${JSON.stringify(names)}.filter((n) => w[n] === undefined)));`;
	const result = spawnSync(nodeBin, ['-e', script], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
	if (result.status !== 0) throw new Error(`could not load ${workflowDir} with ${nodeBin}: ${result.stderr}`);
	return JSON.parse(result.stdout) as string[];
}

function typesEntry(workflowDir: string): string {
	const pkg = JSON.parse(fs.readFileSync(path.join(workflowDir, 'package.json'), 'utf8')) as {
		types?: string;
		typings?: string;
		exports?: Record<string, { types?: string; require?: string } | string>;
	};
	const dot = pkg.exports?.['.'];
	const candidates = [typeof dot === 'object' ? dot.types : undefined, pkg.types, pkg.typings, 'dist/index.d.ts'];
	for (const candidate of candidates) {
		if (candidate && fs.existsSync(path.join(workflowDir, candidate))) return path.join(workflowDir, candidate);
	}
	throw new Error(`no type declarations found in ${workflowDir}`);
}

/** Members of the context interfaces (and of their helpers) in the n8n-workflow at `workflowDir`. */
export function contextSurface(workflowDir: string): ContextSurface {
	const entry = typesEntry(workflowDir);
	const program = ts.createProgram([entry], { noEmit: true, skipLibCheck: true, types: [], target: ts.ScriptTarget.ES2022 });
	const checker = program.getTypeChecker();
	const source = program.getSourceFile(entry);
	const moduleSymbol = source && checker.getSymbolAtLocation(source);
	if (!moduleSymbol) throw new Error(`cannot read ${entry}`);
	const exported = new Map(checker.getExportsOfModule(moduleSymbol).map((symbol) => [symbol.name, symbol]));
	const members = new Set<string>();
	const helpers = new Set<string>();
	for (const name of CONTEXT_INTERFACES) {
		let symbol = exported.get(name);
		if (!symbol) throw new Error(`${name} is not exported by ${entry}`);
		if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
		const type = checker.getDeclaredTypeOfSymbol(symbol);
		for (const property of checker.getPropertiesOfType(type)) {
			members.add(property.name);
			if (property.name !== 'helpers') continue;
			const declaration = property.valueDeclaration ?? property.declarations?.[0];
			if (!declaration) continue;
			const helpersType = checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(property, declaration));
			for (const helper of checker.getPropertiesOfType(helpersType)) helpers.add(helper.name);
		}
	}
	return { members, helpers };
}

export interface ContextUse {
	name: string;
	kind: 'member' | 'helper';
	files: string[];
	/** every file using it checks that the member exists before calling it */
	guarded: boolean;
	/** files that call it without such a check */
	unguardedFiles: string[];
}

/** Context members and helpers the compiled code uses (only names the reference surface knows). */
export function contextUses(sources: Map<string, string>, reference: ContextSurface): ContextUse[] {
	const uses = new Map<string, ContextUse>();
	const note = (name: string, kind: ContextUse['kind'], file: string, code: string) => {
		const key = `${kind}:${name}`;
		const guard = new RegExp(`typeof\\s+[\\w.]+\\.${name}\\s*[!=]==?\\s*['"]function['"]|['"]${name}['"]\\s+in\\s+`);
		const use = uses.get(key) ?? { name, kind, files: [], guarded: true, unguardedFiles: [] };
		if (use.files.includes(file)) return;
		use.files.push(file);
		if (!guard.test(code)) use.unguardedFiles.push(file);
		use.guarded = use.unguardedFiles.length === 0;
		uses.set(key, use);
	};
	for (const [file, code] of sources) {
		for (const match of code.matchAll(/\.helpers\.(\w+)/g)) {
			if (reference.helpers.has(match[1])) note(match[1], 'helper', file, code);
		}
		for (const match of code.matchAll(/\b(?:ctx|this|context|fn)\.(\w+)/g)) {
			if (match[1] !== 'helpers' && reference.members.has(match[1])) note(match[1], 'member', file, code);
		}
	}
	return [...uses.values()].sort((a, b) => a.name.localeCompare(b.name));
}
