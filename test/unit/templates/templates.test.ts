/**
 * Static checks of every workflow template in workflows-templates/: it parses, uses only our node types (checked
 * against the real node descriptions) and a few n8n core nodes, every parameter exists and is visible for the
 * node's other settings, option values are valid, no required parameter is missing, credentials are referenced by
 * type only (no ids, no secrets), a sticky note explains the setup, connections point at real nodes and outputs,
 * and poll times are sensible. The e2e suite runs the same files in a real n8n.
 */
import * as fs from 'fs';
import * as path from 'path';
import { NodeHelpers } from 'n8n-workflow';
import type { INode, INodeParameters, INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { Bouwsoft } from '../../../nodes/Bouwsoft/Bouwsoft.node';
import { BouwsoftAssignmentFilter } from '../../../nodes/Bouwsoft/BouwsoftAssignmentFilter.node';
import { BouwsoftProjectFilter } from '../../../nodes/Bouwsoft/BouwsoftProjectFilter.node';
import { BouwsoftTrigger } from '../../../nodes/Bouwsoft/BouwsoftTrigger.node';
import { OutSmart } from '../../../nodes/OutSmart/OutSmart.node';

const TEMPLATES_DIR = path.resolve(__dirname, '..', '..', '..', 'workflows-templates');
const PACKAGE_NAME = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')).name as string;

const OUR_NODES: Record<string, INodeTypeDescription> = Object.fromEntries(
	[new BouwsoftTrigger(), new Bouwsoft(), new BouwsoftProjectFilter(), new BouwsoftAssignmentFilter(), new OutSmart()].map((node) => [
		`${PACKAGE_NAME}.${node.description.name}`,
		node.description,
	]),
);

/** n8n core nodes a template may use, with the parameters they accept and their output count. */
const CORE_NODES: Record<string, { parameters: string[]; outputs: number; inputs: number }> = {
	'n8n-nodes-base.stickyNote': { parameters: ['content', 'height', 'width', 'color'], outputs: 0, inputs: 0 },
	'n8n-nodes-base.manualTrigger': { parameters: [], outputs: 1, inputs: 0 },
	'n8n-nodes-base.noOp': { parameters: [], outputs: 1, inputs: 1 },
};

const EXPECTED_FILES = [
	'assignments.json',
	'categories.json',
	'employees.json',
	'full-sync.json',
	'hour-types.json',
	'materials.json',
	'projects.json',
	'relations.json',
	'warehouses.json',
];

interface TemplateNode {
	id?: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: INodeParameters;
	credentials?: Record<string, Record<string, unknown>>;
	onError?: string;
	[key: string]: unknown;
}

interface Template {
	id: string;
	name: string;
	active?: boolean;
	nodes: TemplateNode[];
	connections: Record<string, Record<string, Array<Array<{ node: string; type: string; index: number }> | null>>>;
	settings: Record<string, unknown>;
	[key: string]: unknown;
}

const files = fs.existsSync(TEMPLATES_DIR) ? fs.readdirSync(TEMPLATES_DIR).filter((f) => f.endsWith('.json')).sort() : [];
const load = (file: string): Template => JSON.parse(fs.readFileSync(path.join(TEMPLATES_DIR, file), 'utf8')) as Template;

/** Problems with one parameter value against the (visible) property that declares it. */
function checkValue(property: INodeProperties, value: unknown, where: string): string[] {
	const problems: string[] = [];
	if (typeof value === 'string' && value.startsWith('=')) return problems; // expression: checked at run time
	switch (property.type) {
		case 'options': {
			const allowed = (property.options ?? []).map((o) => (o as { value: unknown }).value);
			if (!property.typeOptions?.loadOptionsMethod && !allowed.includes(value as never)) {
				problems.push(`${where}: ${JSON.stringify(value)} is not one of ${JSON.stringify(allowed)}`);
			}
			break;
		}
		case 'multiOptions':
			if (!Array.isArray(value)) problems.push(`${where}: expected a list`);
			break;
		case 'boolean':
			if (typeof value !== 'boolean') problems.push(`${where}: expected true/false`);
			break;
		case 'number':
			if (typeof value !== 'number') problems.push(`${where}: expected a number`);
			break;
		case 'string':
		case 'dateTime':
			if (typeof value !== 'string') problems.push(`${where}: expected text`);
			break;
		case 'collection': {
			if (!value || typeof value !== 'object') {
				problems.push(`${where}: expected an object`);
				break;
			}
			const children = (property.options ?? []) as INodeProperties[];
			for (const [key, child] of Object.entries(value)) {
				const spec = children.find((c) => c.name === key);
				if (!spec) problems.push(`${where}.${key}: no such option`);
				else problems.push(...checkValue(spec, child, `${where}.${key}`));
			}
			break;
		}
		case 'fixedCollection': {
			if (!value || typeof value !== 'object') {
				problems.push(`${where}: expected an object`);
				break;
			}
			const groups = (property.options ?? []) as Array<{ name: string; values: INodeProperties[] }>;
			for (const [key, entries] of Object.entries(value)) {
				const group = groups.find((g) => g.name === key);
				if (!group) {
					problems.push(`${where}.${key}: no such group`);
					continue;
				}
				const list = property.typeOptions?.multipleValues ? entries : [entries];
				if (!Array.isArray(list)) {
					problems.push(`${where}.${key}: expected a list`);
					continue;
				}
				list.forEach((entry: Record<string, unknown>, i: number) => {
					for (const [field, fieldValue] of Object.entries(entry)) {
						const spec = group.values.find((v) => v.name === field);
						if (!spec) problems.push(`${where}.${key}[${i}].${field}: no such field`);
						else problems.push(...checkValue(spec, fieldValue, `${where}.${key}[${i}].${field}`));
					}
				});
			}
			break;
		}
		default:
			break;
	}
	return problems;
}

/** Problems with the parameters of one of our nodes. */
function checkOurNode(node: TemplateNode, description: INodeTypeDescription): string[] {
	const problems: string[] = [];
	const asNode = { ...node, parameters: node.parameters } as unknown as INode;
	for (const [name, value] of Object.entries(node.parameters)) {
		if (name === 'pollTimes' && description.polling) continue; // added by n8n to every polling node
		const candidates = description.properties.filter((p) => p.name === name);
		if (!candidates.length) {
			problems.push(`${node.name}: parameter "${name}" does not exist on ${description.name}`);
			continue;
		}
		const visible = candidates.filter((p) => NodeHelpers.displayParameter(node.parameters, p, asNode, description));
		if (!visible.length) {
			problems.push(`${node.name}: parameter "${name}" is hidden for these settings (it would be ignored)`);
			continue;
		}
		const perCandidate = visible.map((p) => checkValue(p, value, `${node.name}.${name}`));
		if (!perCandidate.some((list) => list.length === 0)) problems.push(...perCandidate[0]);
	}
	const issues = NodeHelpers.getNodeParametersIssues(description.properties, asNode, description);
	if (issues?.parameters) {
		for (const [name, messages] of Object.entries(issues.parameters)) problems.push(`${node.name}: ${name}: ${messages.join(' ')}`);
	}
	return problems;
}

function outputCount(node: TemplateNode): number {
	const ours = OUR_NODES[node.type];
	const base = ours ? ours.outputs.length : (CORE_NODES[node.type]?.outputs ?? 0);
	return node.onError === 'continueErrorOutput' ? base + 1 : base;
}

/** Poll interval of a pollTimes entry in minutes (undefined when unknown). */
function pollMinutes(entry: Record<string, unknown>): number | undefined {
	switch (entry.mode) {
		case 'everyMinute':
			return 1;
		case 'everyHour':
			return 60;
		case 'everyDay':
			return 1440;
		case 'everyWeek':
			return 10080;
		case 'everyX':
			return entry.unit === 'hours' ? Number(entry.value) * 60 : Number(entry.value);
		default:
			return undefined;
	}
}

describe('workflow templates', () => {
	test('one template per import category plus the full sync, and a README listing them', () => {
		expect(files).toEqual(EXPECTED_FILES);
		const readme = fs.readFileSync(path.join(TEMPLATES_DIR, 'README.md'), 'utf8');
		for (const file of files) expect(readme).toContain(file);
	});

	test('workflow ids are unique, stable and at most 21 characters', () => {
		const ids = files.map((file) => load(file).id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9]{1,21}$/);
	});

	describe.each(files)('%s', (file) => {
		const raw = fs.readFileSync(path.join(TEMPLATES_DIR, file), 'utf8');
		const template = load(file);
		const byName = new Map(template.nodes.map((node) => [node.name, node]));

		test('is a complete, inactive workflow with v1 execution order', () => {
			expect(typeof template.name).toBe('string');
			expect(template.name.length).toBeGreaterThan(5);
			expect(template.active ?? false).toBe(false);
			expect(template.settings.executionOrder).toBe('v1');
			expect(byName.size).toBe(template.nodes.length); // unique node names
			const ids = template.nodes.map((node) => node.id).filter(Boolean);
			expect(new Set(ids).size).toBe(ids.length);
			for (const node of template.nodes) {
				expect(Array.isArray(node.position) && node.position.length === 2).toBe(true);
				expect(node.typeVersion).toBe(1);
			}
		});

		test('uses only our node types and known core nodes, with valid visible parameters', () => {
			const problems: string[] = [];
			for (const node of template.nodes) {
				const ours = OUR_NODES[node.type];
				if (ours) {
					problems.push(...checkOurNode(node, ours));
					continue;
				}
				const core = CORE_NODES[node.type];
				if (!core) {
					problems.push(`${node.name}: unknown node type ${node.type}`);
					continue;
				}
				for (const name of Object.keys(node.parameters)) {
					if (!core.parameters.includes(name)) problems.push(`${node.name}: ${node.type} has no parameter "${name}"`);
				}
			}
			expect(problems).toEqual([]);
		});

		test('references credentials by type only, and only the ones its nodes declare', () => {
			for (const node of template.nodes) {
				const declared = (OUR_NODES[node.type]?.credentials ?? []).map((c) => c.name);
				const given = Object.keys(node.credentials ?? {});
				expect({ node: node.name, credentials: given.sort() }).toEqual({ node: node.name, credentials: declared.sort() });
				for (const reference of Object.values(node.credentials ?? {})) {
					expect(Object.keys(reference)).toEqual(['name']);
				}
			}
		});

		test('holds no secrets, ids of an n8n instance, or pinned data', () => {
			expect(raw).not.toMatch(/"(accessToken|refreshToken|token|softwareToken|software_token|password|apiKey)"\s*:/i);
			expect(raw).not.toMatch(/demoRefreshToken|sim-outsmart|Bearer /i);
			expect(raw).not.toMatch(/127\.0\.0\.1|localhost/);
			expect(Object.keys(template)).not.toEqual(expect.arrayContaining(['versionId']));
			expect(Object.keys(template.pinData ?? {})).toEqual([]);
			for (const node of template.nodes) {
				for (const reference of Object.values(node.credentials ?? {})) expect(reference).not.toHaveProperty('id');
			}
		});

		test('has a sticky note that explains credentials and settings', () => {
			const notes = template.nodes.filter((node) => node.type === 'n8n-nodes-base.stickyNote');
			expect(notes.length).toBeGreaterThanOrEqual(1);
			const text = notes.map((note) => String(note.parameters.content)).join('\n');
			expect(text).toMatch(/credential/i);
			expect(text).toMatch(/Bouwsoft/);
			expect(text).toMatch(/OutSmart/);
			if (file !== 'full-sync.json') expect(text).toMatch(/poll/i);
		});

		test('connections point at existing nodes and outputs; every node is reachable from the one trigger', () => {
			const triggers = template.nodes.filter(
				(node) => node.type === 'n8n-nodes-base.manualTrigger' || OUR_NODES[node.type]?.polling === true,
			);
			expect(triggers.length).toBe(1);
			for (const [source, byType] of Object.entries(template.connections)) {
				const node = byName.get(source);
				expect(node).toBeDefined();
				expect(Object.keys(byType)).toEqual(['main']);
				const outputs = byType.main;
				expect(outputs.length).toBeLessThanOrEqual(outputCount(node!));
				for (const targets of outputs) {
					for (const target of targets ?? []) {
						expect(byName.has(target.node)).toBe(true);
						expect(target.type).toBe('main');
						expect(target.index).toBe(0);
						const targetNode = byName.get(target.node)!;
						expect(targetNode.type).not.toBe('n8n-nodes-base.stickyNote');
					}
				}
			}
			const reached = new Set([triggers[0].name]);
			const queue = [triggers[0].name];
			while (queue.length) {
				const current = queue.shift()!;
				for (const targets of template.connections[current]?.main ?? []) {
					for (const target of targets ?? []) {
						if (!reached.has(target.node)) {
							reached.add(target.node);
							queue.push(target.node);
						}
					}
				}
			}
			const unreached = template.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote' && !reached.has(node.name));
			expect(unreached.map((node) => node.name)).toEqual([]);
		});

		test('OutSmart nodes keep going when OutSmart refuses a record (error output)', () => {
			for (const node of template.nodes.filter((n) => n.type === `${PACKAGE_NAME}.outSmart`)) {
				expect(node.onError).toBe('continueErrorOutput');
				expect(node.parameters.mappingMode).toBe('bouwsoft');
				expect(node.parameters.operation).toBe('upsert');
			}
		});

		test('polls at a sensible interval (5 minutes to a day)', () => {
			for (const node of template.nodes.filter((n) => OUR_NODES[n.type]?.polling)) {
				const entries = ((node.parameters.pollTimes as { item?: Array<Record<string, unknown>> })?.item ?? []);
				expect(entries.length).toBe(1);
				const minutes = pollMinutes(entries[0]);
				expect(minutes).toBeGreaterThanOrEqual(5);
				expect(minutes).toBeLessThanOrEqual(1440);
			}
		});
	});

	test('category templates: trigger category, the matching OutSmart resource and the filters', () => {
		const expected: Record<string, { category: string; resource: string; filter?: string }> = {
			'employees.json': { category: 'employees', resource: 'employee' },
			'hour-types.json': { category: 'hourTypes', resource: 'hourType' },
			'warehouses.json': { category: 'warehouses', resource: 'warehouse' },
			'categories.json': { category: 'categories', resource: 'materialCategory' },
			'materials.json': { category: 'materials', resource: 'material' },
			'relations.json': { category: 'relations', resource: 'relation' },
			'projects.json': { category: 'projects', resource: 'project', filter: 'bouwsoftProjectFilter' },
			'assignments.json': { category: 'assignments', resource: 'workOrder', filter: 'bouwsoftAssignmentFilter' },
		};
		for (const [file, want] of Object.entries(expected)) {
			const template = load(file);
			const trigger = template.nodes.find((n) => n.type === `${PACKAGE_NAME}.bouwsoftTrigger`)!;
			const outSmart = template.nodes.find((n) => n.type === `${PACKAGE_NAME}.outSmart`)!;
			expect({ file, category: trigger.parameters.category, resource: outSmart.parameters.resource }).toEqual({
				file,
				category: want.category,
				resource: want.resource,
			});
			const chain = [trigger.name];
			let current = trigger.name;
			while (template.connections[current]?.main?.[0]?.[0]) {
				current = template.connections[current].main[0]![0].node;
				chain.push(current);
			}
			const types = chain.map((name) => template.nodes.find((n) => n.name === name)!.type.replace(`${PACKAGE_NAME}.`, ''));
			expect(types).toEqual(['bouwsoftTrigger', ...(want.filter ? [want.filter] : []), 'outSmart']);
		}
		const relations = load('relations.json').nodes.find((n) => n.type === `${PACKAGE_NAME}.bouwsoftTrigger`)!;
		expect(relations.parameters.includeContacts).toBe(true);
		const projects = load('projects.json').nodes.find((n) => n.type === `${PACKAGE_NAME}.bouwsoftTrigger`)!;
		expect(projects.parameters.includeActivities).toBe(true);
		const keywordFilter = load('assignments.json').nodes.find((n) => n.type === `${PACKAGE_NAME}.bouwsoftAssignmentFilter`)!;
		expect(keywordFilter.parameters).toMatchObject({ orderFilter: 'keywords', keywords: 'OutSmart' });
	});

	test('full sync: Manual Trigger, then one Bouwsoft read per category in dependency order', () => {
		const template = load('full-sync.json');
		const start = template.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger')!;
		const branches = (template.connections[start.name].main[0] ?? []).map((c) => template.nodes.find((n) => n.name === c.node)!);
		// n8n's v1 order runs sibling branches top to bottom (smaller y first).
		const ordered = [...branches].sort((a, b) => a.position[1] - b.position[1] || a.position[0] - b.position[0]);
		expect(ordered.map((n) => n.type)).toEqual(ordered.map(() => `${PACKAGE_NAME}.bouwsoft`));
		expect(ordered.map((n) => n.parameters.resource)).toEqual([
			'employees',
			'hourTypes',
			'warehouses',
			'categories',
			'materials',
			'relations',
			'projects',
			'assignments',
		]);
		const ys = ordered.map((n) => n.position[1]);
		expect(new Set(ys).size).toBe(ys.length); // no ties, so the order is unambiguous
	});
});
