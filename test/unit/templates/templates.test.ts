/**
 * Static checks of every workflow template in workflows-templates/: it parses, uses only our node types (checked
 * against the real node descriptions) and a few n8n core nodes, every parameter exists and is visible for the
 * node's other settings, option values are valid, no required parameter is missing, credentials are referenced by
 * type only (no ids, no secrets), a sticky note explains the setup, connections point at real nodes and outputs,
 * nodes do not overlap, and poll times are sensible. Every category template also has its re-send branch (a
 * Schedule Trigger into a Bouwsoft read node with the trigger's selection, feeding the trigger's target; the OutSmart
 * node skips what OutSmart already accepted), and the templates whose records have a change date a nightly branch
 * that reads everything the same way. The e2e suite runs the same files in a real n8n.
 */
import * as fs from 'fs';
import * as path from 'path';
import { NodeHelpers } from 'n8n-workflow';
import type { INode, INodeParameters, INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { Bouwsoft } from '../../../nodes/Bouwsoft/Bouwsoft.node';
import { BouwsoftAssignmentFilter } from '../../../nodes/Bouwsoft/BouwsoftAssignmentFilter.node';
import { BouwsoftProjectFilter } from '../../../nodes/Bouwsoft/BouwsoftProjectFilter.node';
import { BouwsoftTrigger } from '../../../nodes/Bouwsoft/BouwsoftTrigger.node';
import { categoryFields } from '../../../nodes/Bouwsoft/descriptions/categoryFields';
import { OutSmart } from '../../../nodes/OutSmart/OutSmart.node';
import { OutSmartTrigger } from '../../../nodes/OutSmart/OutSmartTrigger.node';

const TEMPLATES_DIR = path.resolve(__dirname, '..', '..', '..', 'workflows-templates');
const PACKAGE_NAME = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')).name as string;

const OUR_NODES: Record<string, INodeTypeDescription> = Object.fromEntries(
	[new BouwsoftTrigger(), new Bouwsoft(), new BouwsoftProjectFilter(), new BouwsoftAssignmentFilter(), new OutSmart(), new OutSmartTrigger()].map((node) => [
		`${PACKAGE_NAME}.${node.description.name}`,
		node.description,
	]),
);

/** n8n core nodes a template may use: the parameters they accept, their output count, version and whether they start a run. */
const CORE_NODES: Record<string, { parameters: string[]; outputs: number; inputs: number; typeVersion: number; trigger?: boolean }> = {
	'n8n-nodes-base.stickyNote': { parameters: ['content', 'height', 'width', 'color'], outputs: 0, inputs: 0, typeVersion: 1 },
	'n8n-nodes-base.manualTrigger': { parameters: [], outputs: 1, inputs: 0, typeVersion: 1, trigger: true },
	'n8n-nodes-base.scheduleTrigger': { parameters: ['rule'], outputs: 1, inputs: 0, typeVersion: 1.2, trigger: true },
	'n8n-nodes-base.noOp': { parameters: [], outputs: 1, inputs: 1, typeVersion: 1 },
};

const SCHEDULE_TRIGGER = 'n8n-nodes-base.scheduleTrigger';

/** The category templates: import category, OutSmart resource and the filter node between them (if any). */
const CATEGORY_TEMPLATES: Record<string, { category: string; resource: string; filter?: string }> = {
	'employees.json': { category: 'employees', resource: 'employee' },
	'hour-types.json': { category: 'hourTypes', resource: 'hourType' },
	'warehouses.json': { category: 'warehouses', resource: 'warehouse' },
	'categories.json': { category: 'categories', resource: 'materialCategory' },
	'materials.json': { category: 'materials', resource: 'material' },
	'relations.json': { category: 'relations', resource: 'relation' },
	'projects.json': { category: 'projects', resource: 'project', filter: 'bouwsoftProjectFilter' },
	'assignments.json': { category: 'assignments', resource: 'workOrder', filter: 'bouwsoftAssignmentFilter' },
};

/** Categories without a change date in Bouwsoft: the re-send branch reads them all. */
const WITHOUT_CHANGE_DATE = ['warehouses', 'categories'];

/** The re-send window of the read node (Changed Since). */
const RESEND_SINCE = '={{ $now.minus({ hours: 24 }).toISO() }}';

/** The two schedules: every 15 minutes (changes of the last 24 hours) and every night (everything). */
const RESEND_SCHEDULE = 'Every 15 minutes: re-send';
const NIGHTLY_SCHEDULE = 'Every night: re-send all';
const NIGHTLY_READER = 'Bouwsoft: all records';
/** Daily at 03:00 (n8n's Schedule Trigger 1.2: without triggerAtMinute it would pick a minute of its own). */
const NIGHTLY_RULE = { rule: { interval: [{ field: 'days', triggerAtHour: 3, triggerAtMinute: 0 }] } };

/** Parameters that make up a category's selection (the same in the trigger and the read node). */
const SELECTION_FIELDS = categoryFields('category').filter((property) => property.type !== 'notice');

/** Approximate canvas size of a node (n8n draws regular nodes 100 x 100, triggers a little wider). */
const NODE_SIZE = 100;

/** The way back: OutSmart Trigger → Bouwsoft Book → OutSmart Mark as Exported. */
const EXPORT_TEMPLATE = 'outsmart-to-bouwsoft.json';

/** The nightly reconcile: Schedule Trigger → per category a complete Bouwsoft read → OutSmart Reconcile. */
const RECONCILE_TEMPLATE = 'reconcile.json';
/** Daily at 04:00 (after the category templates' 03:00 re-send-all). */
const RECONCILE_RULE = { rule: { interval: [{ field: 'days', triggerAtHour: 4, triggerAtMinute: 0 }] } };

/** The import categories in dependency order (parents first), with their OutSmart resource and filter node. */
const CATEGORY_ORDER: Array<{ category: string; resource: string; filter?: string }> = [
	'employees.json',
	'hour-types.json',
	'warehouses.json',
	'categories.json',
	'materials.json',
	'relations.json',
	'projects.json',
	'assignments.json',
].map((file) => CATEGORY_TEMPLATES[file]);

const EXPECTED_FILES = [
	'assignments.json',
	'categories.json',
	'employees.json',
	'full-sync.json',
	'hour-types.json',
	'materials.json',
	'outsmart-to-bouwsoft.json',
	'projects.json',
	'reconcile.json',
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
	test('one template per import category plus the full sync, the way back and the reconcile, and a README listing them', () => {
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
				const version = OUR_NODES[node.type] ? 1 : CORE_NODES[node.type]?.typeVersion;
				expect({ node: node.name, typeVersion: node.typeVersion }).toEqual({ node: node.name, typeVersion: version });
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
			// Templates that poll say how often; the full sync and the reconcile start by hand or on a schedule.
			if (template.nodes.some((node) => OUR_NODES[node.type]?.polling)) expect(text).toMatch(/poll/i);
		});

		test('connections point at existing nodes and outputs; every node is reachable from a trigger', () => {
			const triggers = template.nodes.filter((node) => CORE_NODES[node.type]?.trigger === true || OUR_NODES[node.type]?.polling === true);
			// The full sync starts by hand; a category template polls with its Bouwsoft Trigger and re-sends on a schedule
			// (every 15 minutes, and every night too where the records have a change date).
			const category = CATEGORY_TEMPLATES[file]?.category;
			const schedules = category && !WITHOUT_CHANGE_DATE.includes(category) ? [SCHEDULE_TRIGGER, SCHEDULE_TRIGGER] : [SCHEDULE_TRIGGER];
			const expectedTriggers =
				file === 'full-sync.json'
					? ['n8n-nodes-base.manualTrigger']
					: file === RECONCILE_TEMPLATE
						? [SCHEDULE_TRIGGER]
						: file === EXPORT_TEMPLATE
							? [`${PACKAGE_NAME}.outSmartTrigger`]
							: [`${PACKAGE_NAME}.bouwsoftTrigger`, ...schedules];
			expect(triggers.map((node) => node.type).sort()).toEqual(expectedTriggers.sort());
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
			const reached = new Set(triggers.map((node) => node.name));
			const queue = [...reached];
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

		test('nodes do not overlap each other or the sticky note', () => {
			const notes = template.nodes.filter((node) => node.type === 'n8n-nodes-base.stickyNote');
			const nodes = template.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote');
			const overlaps: string[] = [];
			nodes.forEach((a, i) => {
				for (const b of nodes.slice(i + 1)) {
					const apart = Math.abs(a.position[0] - b.position[0]) >= NODE_SIZE + 40 || Math.abs(a.position[1] - b.position[1]) >= NODE_SIZE + 40;
					if (!apart) overlaps.push(`${a.name} / ${b.name}`);
				}
				for (const note of notes) {
					const [x, y] = note.position;
					const width = Number(note.parameters.width);
					const height = Number(note.parameters.height);
					const [nx, ny] = a.position;
					if (nx < x + width && nx + NODE_SIZE > x && ny < y + height && ny + NODE_SIZE > y) overlaps.push(`${a.name} / ${note.name}`);
				}
			});
			expect(overlaps).toEqual([]);
		});

		test('OutSmart nodes keep going when OutSmart refuses a record (error output)', () => {
			for (const node of template.nodes.filter((n) => n.type === `${PACKAGE_NAME}.outSmart`)) {
				expect(node.onError).toBe('continueErrorOutput');
				if (file === EXPORT_TEMPLATE) {
					expect(node.parameters.operation).toBe('acknowledge');
					continue;
				}
				if (file === RECONCILE_TEMPLATE) {
					// Reconcile always maps from the Bouwsoft record (it has no Mapping field).
					expect(node.parameters.operation).toBe('reconcile');
					continue;
				}
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

	test('export template: OutSmart Trigger → Bouwsoft Book → Mark as Exported only on what Bouwsoft accepted; failures to their own nodes', () => {
		const template = load(EXPORT_TEMPLATE);
		const of = (type: string) => template.nodes.filter((n) => n.type === `${PACKAGE_NAME}.${type}`);
		const [trigger] = of('outSmartTrigger');
		const [book] = of('bouwsoft');
		const [mark] = of('outSmart');
		expect(trigger.parameters).toMatchObject({ status: 'Compleet' });
		expect(book.parameters).toMatchObject({ resource: 'workOrder', operation: 'book' });
		expect(book.onError).toBe('continueErrorOutput');
		expect(mark.parameters).toMatchObject({ resource: 'workOrder', operation: 'acknowledge', set: 'afgehandeld' });
		const targets = (name: string) => (template.connections[name]?.main ?? []).map((out) => (out ?? []).map((t) => t.node));
		expect(targets(trigger.name)).toEqual([[book.name]]);
		// only the main output (every line in Bouwsoft) reaches Mark as Exported; refused orders go to a node of their own
		const [booked, refused] = targets(book.name);
		expect(booked).toEqual([mark.name]);
		expect(refused).toHaveLength(1);
		expect(refused[0]).not.toBe(mark.name);
		expect(targets(mark.name)[1]).toHaveLength(1);
	});

	test('category templates: trigger category, the matching OutSmart resource and the filters', () => {
		for (const [file, want] of Object.entries(CATEGORY_TEMPLATES)) {
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

	test('relations.json and full-sync.json: every OutSmart node writing relations sends the Address Placeholder "Onbekend", and the sticky note says so', () => {
		for (const file of ['relations.json', 'full-sync.json']) {
			const template = load(file);
			const writers = template.nodes.filter((n) => n.type === `${PACKAGE_NAME}.outSmart` && n.parameters.resource === 'relation');
			expect(writers.length).toBeGreaterThan(0);
			for (const node of writers) {
				expect({ file, node: node.name, addressPlaceholder: node.parameters.addressPlaceholder }).toEqual({ file, node: node.name, addressPlaceholder: 'Onbekend' });
			}
			const text = template.nodes
				.filter((node) => node.type === 'n8n-nodes-base.stickyNote')
				.map((note) => String(note.parameters.content))
				.join('\n');
			expect(text).toMatch(/Address Placeholder\*\* .*is `Onbekend`/);
			expect(text).toMatch(/fail instead/);
		}
	});

	describe.each(Object.keys(CATEGORY_TEMPLATES))('%s: re-send branches', (file) => {
		const template = load(file);
		const byName = new Map(template.nodes.map((node) => [node.name, node]));
		const trigger = template.nodes.find((n) => n.type === `${PACKAGE_NAME}.bouwsoftTrigger`)!;
		const category = CATEGORY_TEMPLATES[file].category;
		/** Categories with a change date re-read everything every night too (the 15-minute branch reads only 24 hours). */
		const hasNightly = !WITHOUT_CHANGE_DATE.includes(category);
		const targetsOf = (name: string) => (template.connections[name]?.main ?? []).map((targets) => (targets ?? []).map((t) => t.node));
		const schedules = template.nodes.filter((n) => n.type === SCHEDULE_TRIGGER);
		const schedule = byName.get(RESEND_SCHEDULE)!;
		const reader = byName.get(targetsOf(RESEND_SCHEDULE)[0]?.[0] ?? '');
		const nightly = byName.get(NIGHTLY_SCHEDULE);
		const nightlyReader = byName.get(targetsOf(NIGHTLY_SCHEDULE)[0]?.[0] ?? '');
		const noteText = () =>
			template.nodes
				.filter((node) => node.type === 'n8n-nodes-base.stickyNote')
				.map((note) => String(note.parameters.content))
				.join('\n');

		/** The read node has the trigger's category, selection (unset = default) and transport options. */
		function expectTriggerSelection(node: TemplateNode): void {
			expect(node.type).toBe(`${PACKAGE_NAME}.bouwsoft`);
			expect(node.credentials).toEqual(trigger.credentials);
			expect(node.parameters).toMatchObject({ resource: category, operation: 'getMany', returnAll: true });
			const value = (n: TemplateNode, property: INodeProperties) => n.parameters[property.name] ?? property.default;
			const selection = (n: TemplateNode) => Object.fromEntries(SELECTION_FIELDS.map((property) => [property.name, value(n, property)]));
			expect(selection(node)).toEqual(selection(trigger));
			// The trigger's transport options (page size, time zone, ...) apply to the read node too.
			const readOptions = (node.parameters.options ?? {}) as Record<string, unknown>;
			const triggerOptions = (trigger.parameters.options ?? {}) as Record<string, unknown>;
			const transport = Object.keys(readOptions).concat(Object.keys(triggerOptions)).filter((name) =>
				(OUR_NODES[`${PACKAGE_NAME}.bouwsoft`].properties.find((p) => p.name === 'options')?.options ?? []).some((o) => o.name === name),
			);
			for (const name of transport) expect({ option: name, value: readOptions[name] }).toEqual({ option: name, value: triggerOptions[name] });
		}

		test(hasNightly ? 'two Schedule Triggers: every 15 minutes and every night' : 'one Schedule Trigger, every 15 minutes (no nightly branch: it already reads everything)', () => {
			// The 15-minute one first: code that takes a template's first Schedule Trigger gets the 15-minute branch.
			expect(schedules.map((n) => n.name)).toEqual(hasNightly ? [RESEND_SCHEDULE, NIGHTLY_SCHEDULE] : [RESEND_SCHEDULE]);
			expect(schedule.parameters).toEqual({ rule: { interval: [{ field: 'minutes', minutesInterval: 15 }] } });
			if (!hasNightly) expect(byName.has(NIGHTLY_READER)).toBe(false);
		});

		test('every 15 minutes: one Bouwsoft read node with the trigger\'s category and selection, changes of the last 24 hours (all without change dates)', () => {
			expect(targetsOf(schedule.name)).toEqual([[reader?.name]]);
			expectTriggerSelection(reader!);
			if (hasNightly) {
				expect(reader!.parameters).toMatchObject({ scope: 'changedSince', changedSince: RESEND_SINCE });
			} else {
				expect(reader!.parameters.scope).toBe('all');
				expect(reader!.parameters).not.toHaveProperty('changedSince');
			}
		});

		test('the read node feeds the node the trigger feeds; its OutSmart node skips what OutSmart already accepted', () => {
			expect(targetsOf(reader!.name)).toEqual(targetsOf(trigger.name));
			const outSmart = template.nodes.filter((n) => n.type === `${PACKAGE_NAME}.outSmart`);
			expect(outSmart.length).toBe(1);
			expect((outSmart[0].parameters.options as Record<string, unknown>)?.skipUnchanged).toBe(true);
		});

		test('the new nodes sit below the trigger row, the schedule left of the read node', () => {
			const row = Math.max(...[trigger.name, ...targetsOf(trigger.name).flat()].map((name) => byName.get(name)!.position[1]));
			expect(schedule.position[1]).toBeGreaterThan(row);
			expect(reader!.position[1]).toBe(schedule.position[1]);
			expect(schedule.position[0]).toBeLessThan(reader!.position[0]);
		});

		if (hasNightly) {
			test('every night at 03:00: one Bouwsoft read node, scope All, with the trigger\'s category and selection', () => {
				expect(nightly!.parameters).toEqual(NIGHTLY_RULE);
				expect(targetsOf(NIGHTLY_SCHEDULE)).toEqual([[NIGHTLY_READER]]);
				expectTriggerSelection(nightlyReader!);
				expect(nightlyReader!.parameters.scope).toBe('all');
				expect(nightlyReader!.parameters).not.toHaveProperty('changedSince');
				// Otherwise the same read as every 15 minutes.
				const { scope: _scope, changedSince: _since, ...resend } = reader!.parameters;
				const { scope: _allScope, ...all } = nightlyReader!.parameters;
				expect(all).toEqual(resend);
			});

			test('the nightly read node feeds the node the trigger feeds (the same OutSmart node, Skip Unchanged)', () => {
				expect(targetsOf(NIGHTLY_READER)).toEqual(targetsOf(trigger.name));
				expect(targetsOf(NIGHTLY_READER)).toEqual(targetsOf(reader!.name));
			});

			test('the nightly nodes sit in a third row, below the 15-minute branch and lined up with it', () => {
				expect(nightly!.position[1]).toBeGreaterThan(schedule.position[1]);
				expect(nightlyReader!.position[1]).toBe(nightly!.position[1]);
				expect(nightly!.position[0]).toBe(schedule.position[0]);
				expect(nightlyReader!.position[0]).toBe(reader!.position[0]);
			});
		}

		test('the sticky note explains the re-send branches and no longer promises a ledger', () => {
			const text = noteText();
			expect(text).toContain('Not written to OutSmart');
			expect(text).toContain(schedule.name);
			expect(text).toContain(reader!.name);
			expect(text).toMatch(/within 15 minutes after OutSmart is back/);
			if (hasNightly) {
				expect(text).toMatch(/Skip Unchanged/);
				expect(text).toMatch(/last 24 hours/);
				expect(text).toContain(NIGHTLY_SCHEDULE);
				expect(text).toContain(NIGHTLY_READER);
				expect(text).toMatch(/Every night at 03:00/);
				expect(text).toMatch(/nothing waits longer than a day, even after an outage longer than 24 hours or a failed first import/);
				expect(text).toMatch(/To catch up at once, run the \*\*full-sync\*\* template/);
				// Credentials and filter changes go to every Bouwsoft node.
				expect(text).toContain(`Open **Bouwsoft Trigger**, **${reader!.name}** and **${NIGHTLY_READER}** and pick`);
				expect(text).toMatch(new RegExp(`set the same in \\*\\*${reader!.name}\\*\\* and \\*\\*${NIGHTLY_READER}\\*\\*`, 'i'));
			} else {
				expect(text).not.toMatch(/every night/i);
			}
			expect(text).not.toMatch(/ledger|remembered|next poll automatically/i);
		});
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

	describe('reconcile template', () => {
		const template = load(RECONCILE_TEMPLATE);
		const fullSync = load('full-sync.json');
		const byName = new Map(template.nodes.map((node) => [node.name, node]));
		const targetsOf = (name: string) => (template.connections[name]?.main ?? []).map((targets) => (targets ?? []).map((t) => t.node));
		const of = (type: string) => template.nodes.filter((n) => n.type === `${PACKAGE_NAME}.${type}`);
		const schedule = template.nodes.find((n) => n.type === SCHEDULE_TRIGGER)!;
		/** The branches as n8n's v1 order runs them: top to bottom. */
		const reads = (targetsOf(schedule.name)[0] ?? []).map((name) => byName.get(name)!).sort((a, b) => a.position[1] - b.position[1]);
		/** A read node's chain: read → [filter, Kept output] → OutSmart node. */
		const chainOf = (read: TemplateNode): TemplateNode[] => {
			const chain = [read];
			for (let next = targetsOf(read.name)[0]?.[0]; next; next = targetsOf(next)[0]?.[0]) {
				chain.push(byName.get(next)!);
				if (byName.get(next)!.type === `${PACKAGE_NAME}.outSmart`) break;
			}
			return chain;
		};
		const noteText = template.nodes
			.filter((node) => node.type === 'n8n-nodes-base.stickyNote')
			.map((note) => String(note.parameters.content))
			.join('\n');

		test('one Schedule Trigger, daily at 04:00 in the workflow time zone Europe/Brussels', () => {
			expect(template.nodes.filter((n) => n.type === SCHEDULE_TRIGGER)).toHaveLength(1);
			expect(schedule.parameters).toEqual(RECONCILE_RULE);
			expect(template.settings.timezone).toBe('Europe/Brussels');
			expect(template.connections[schedule.name].main).toHaveLength(1);
		});

		test('every import category, in dependency order, each read completely by Get Many (scope All, Return All)', () => {
			expect(reads.map((n) => n.type)).toEqual(reads.map(() => `${PACKAGE_NAME}.bouwsoft`));
			expect(reads.map((n) => n.parameters.resource)).toEqual(CATEGORY_ORDER.map((c) => c.category));
			expect(new Set(reads.map((n) => n.position[1])).size).toBe(reads.length); // no ties: the order is unambiguous
			for (const read of reads) {
				expect({ node: read.name, ...read.parameters }).toMatchObject({ node: read.name, operation: 'getMany', scope: 'all', returnAll: true });
				expect(read.parameters).not.toHaveProperty('changedSince');
				expect(read.parameters).not.toHaveProperty('limit');
			}
			expect(of('bouwsoft')).toHaveLength(CATEGORY_ORDER.length);
		});

		test('each read feeds (through its filter node) an OutSmart Reconcile of the matching resource, reporting what is gone', () => {
			const reconciles = of('outSmart');
			expect(reconciles).toHaveLength(CATEGORY_ORDER.length);
			reads.forEach((read, index) => {
				const want = CATEGORY_ORDER[index];
				const chain = chainOf(read);
				const types = chain.map((node) => node.type.replace(`${PACKAGE_NAME}.`, ''));
				expect({ read: read.name, types }).toEqual({ read: read.name, types: ['bouwsoft', ...(want.filter ? [want.filter] : []), 'outSmart'] });
				const reconcile = chain[chain.length - 1];
				expect({ node: reconcile.name, ...reconcile.parameters }).toMatchObject({
					node: reconcile.name,
					resource: want.resource,
					operation: 'reconcile',
					removedAction: 'report',
				});
				// Nothing is removed until the user chooses so; no dry run left on, no brake changed in the template.
				expect(reconcile.parameters.options ?? {}).toEqual({});
			});
			expect(reconciles.map((n) => n.name).sort()).toEqual(reads.map((read) => chainOf(read).at(-1)!.name).sort());
		});

		test('reads, filters and mapping options are those of the full sync (the same selection in both)', () => {
			const fullSyncReads = fullSync.nodes.filter((n) => n.type === `${PACKAGE_NAME}.bouwsoft`);
			for (const read of reads) {
				const twin = fullSyncReads.find((n) => n.parameters.resource === read.parameters.resource)!;
				expect({ node: read.name, parameters: read.parameters }).toEqual({ node: read.name, parameters: twin.parameters });
			}
			for (const type of ['bouwsoftProjectFilter', 'bouwsoftAssignmentFilter']) {
				expect(of(type).map((n) => n.parameters)).toEqual(fullSync.nodes.filter((n) => n.type === `${PACKAGE_NAME}.${type}`).map((n) => n.parameters));
			}
			const writers = fullSync.nodes.filter((n) => n.type === `${PACKAGE_NAME}.outSmart`);
			for (const reconcile of of('outSmart')) {
				const twin = writers.find((n) => n.parameters.resource === reconcile.parameters.resource)!;
				const { operation: _operation, mappingMode: _mapping, options: _options, ...mapping } = twin.parameters;
				const { operation: _op, removedAction: _removed, options: _opts, ...own } = reconcile.parameters;
				expect({ node: reconcile.name, mapping: own }).toEqual({ node: reconcile.name, mapping });
			}
		});

		test('the filter nodes pass only their Kept output on; every Reconcile error output leads to one No Operation node', () => {
			for (const filter of [...of('bouwsoftProjectFilter'), ...of('bouwsoftAssignmentFilter')]) {
				const [kept, discarded] = targetsOf(filter.name);
				expect(kept).toHaveLength(1);
				expect(discarded ?? []).toEqual([]);
			}
			const attention = new Set<string>();
			for (const reconcile of of('outSmart')) {
				expect(reconcile.onError).toBe('continueErrorOutput');
				const [main, errors] = targetsOf(reconcile.name);
				expect(main).toEqual([]);
				expect(errors).toHaveLength(1);
				attention.add(errors[0]);
			}
			expect(attention.size).toBe(1);
			const [name] = [...attention];
			expect(byName.get(name)!.type).toBe('n8n-nodes-base.noOp');
			expect(name).toBe('Needs attention');
		});

		test('the sticky note explains reconcile, a first manual run and Dry Run, Deactivate or Delete, the brake, what is never touched and the ledger', () => {
			expect(noteText).toMatch(/Every night at 04:00 \(Europe\/Brussels/);
			expect(noteText).toMatch(/Execute workflow/);
			expect(noteText).toMatch(/Dry Run/);
			expect(noteText).toMatch(/\*\*Deactivate\*\*/);
			expect(noteText).toMatch(/\*\*Delete\*\*/);
			expect(noteText).toMatch(/Records Gone From Bouwsoft/);
			expect(noteText).toMatch(/Safety brake/i);
			expect(noteText).toMatch(/10%/);
			expect(noteText).toMatch(/Safety Brake \(%\)/);
			expect(noteText).toMatch(/Records made in OutSmart are never touched/);
			expect(noteText).toMatch(/published/i);
			expect(noteText).toMatch(/manual runs [^.]*teach it nothing/i);
			expect(noteText).toMatch(/picked them up/);
			expect(noteText).toContain('Needs attention');
			// The categories in the order the branches run.
			const order = ['employees', 'hour types', 'warehouses', 'categories', 'materials', 'relations', 'projects', 'assignments'];
			const at = order.map((word) => noteText.indexOf(`${word}`, noteText.indexOf('Parents first')));
			expect(at.every((index) => index > 0)).toBe(true);
			expect([...at].sort((a, b) => a - b)).toEqual(at);
		});
	});
});
