/**
 * Reconcile's output and hints (nodes/OutSmart/reconcile/output.ts): one item per record changed, removed,
 * reported or held and per input item that could not be mapped; nothing for records already in sync or
 * already inactive; n8n's error-output shape `{ error, message, details }` only with the error output on;
 * every string redacted; the hints count per kind and say "would be" in a dry run.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { buildReconcileOutput, reconcileHints, type SentWrite } from '../../../../nodes/OutSmart/reconcile/output';
import type { BrakeCheck, ReconcileSettings, Removal } from '../../../../nodes/OutSmart/reconcile/types';
import type { WriteKind } from '../../../../nodes/OutSmart/schema';
import type { ItemPlan, PlannedWrite } from '../../../../nodes/OutSmart/upsert/types';
import { REDACTED } from '../../../../nodes/shared/redact';

const SECRET = 'Zq8x+softwareTokenValue/42';

function settings(extra: Partial<ReconcileSettings> = {}): ReconcileSettings {
	return { resource: 'material', dryRun: false, removed: 'delete', brakePercent: 10, ownership: 'learned', ...extra } as ReconcileSettings;
}

function write(kind: WriteKind, key: string, record: IDataObject, extra: Partial<PlannedWrite> = {}): PlannedWrite {
	return { item: 0, kind, key, record, action: 'upserted', ...extra };
}

function plan(index: number, writes: PlannedWrite[], extra: Partial<ItemPlan> = {}): ItemPlan {
	return {
		index,
		writes: writes.map((w) => ({ ...w, item: index })),
		warnings: [],
		sync: { category: 'materials', id: String(100 + index), ts_lastupdate: '2025-03-01 10:00:00', reason: 'full', complete: true },
		...extra,
	};
}

function removal(kind: WriteKind, key: string, action: Removal['action'], extra: Partial<Removal> = {}): Removal {
	return { kind, key, row: { key }, action, reason: 'Not among the 3 Bouwsoft records read', ...extra };
}

interface Run {
	plans?: ItemPlan[];
	sent?: SentWrite[];
	changed?: Map<PlannedWrite, string[]>;
	removals?: Removal[];
	settings?: ReconcileSettings;
	secrets?: string[];
	toErrorOutput?: boolean;
}

function output(run: Run): INodeExecutionData[] {
	return buildReconcileOutput({
		plans: run.plans ?? [],
		sent: run.sent ?? [],
		changed: run.changed ?? new Map(),
		removals: run.removals ?? [],
		settings: run.settings ?? settings(),
		secrets: run.secrets ?? [],
		toErrorOutput: run.toErrorOutput ?? false,
	});
}

function isErrorShape(item: INodeExecutionData): boolean {
	return Object.keys(item.json).sort().join(',') === 'details,error,message';
}

describe('buildReconcileOutput: one item per change', () => {
	it('records OutSmart already holds as they are give no item', () => {
		const inSync = plan(0, [write('materials', 'M1', { code: 'M1' }, { action: 'unchanged' })]);
		expect(output({ plans: [inSync, plan(1, [write('materials', 'M2', { code: 'M2' }, { action: 'unchanged' })])] })).toEqual([]);
	});

	it('a created and an updated record, with the changed fields, paired with their input item', () => {
		const created = plan(0, [write('materials', 'M1', { code: 'M1', price: '4.55' })]);
		const updated = plan(3, [write('materials', 'M2', { code: 'M2', price: '5.00' }, { details: { note: 'x' } })]);
		const changed = new Map([[updated.writes[0], ['price']]]);
		const items = output({
			plans: [created, updated],
			sent: [
				{ write: created.writes[0], plan: created, created: true },
				{ write: updated.writes[0], plan: updated, created: false },
			],
			changed,
		});
		expect(items).toEqual([
			{
				json: { action: 'create', status: 'done', kind: 'material', key: 'M1', record: { code: 'M1', price: '4.55' }, bouwsoft: { category: 'materials', id: '100' } },
				pairedItem: { item: 0 },
			},
			{
				json: {
					action: 'update',
					status: 'done',
					kind: 'material',
					key: 'M2',
					changed: ['price'],
					record: { code: 'M2', price: '5.00' },
					details: { note: 'x' },
					bouwsoft: { category: 'materials', id: '103' },
				},
				pairedItem: { item: 3 },
			},
		]);
	});

	it('one item per write: an item that became a material and its link gives two', () => {
		const p = plan(0, [write('materials', 'M1', { code: 'M1' }), write('material_categories', 'M1|L:A', { mct_mat_code: 'M1', mct_cat_code: 'L:A' })]);
		const items = output({ plans: [p], sent: p.writes.map((w) => ({ write: w, plan: p, created: true })) });
		expect(items.map((i) => [i.json.kind, i.json.key])).toEqual([
			['material', 'M1'],
			['material category link', 'M1|L:A'],
		]);
	});

	it('a dry run says dryRun', () => {
		const p = plan(0, [write('materials', 'M1', { code: 'M1' })]);
		const [item] = output({ plans: [p], sent: [{ write: p.writes[0], plan: p, created: true }], settings: settings({ dryRun: true }) });
		expect(item.json).toMatchObject({ action: 'create', status: 'dryRun' });
	});

	it('removals: one item each with the OutSmart record and the reason; report and keep say reported; already inactive gives none', () => {
		const items = output({
			removals: [
				removal('workorders', 'A-1', 'keep', { reason: 'a technician has it' }),
				removal('employees', 'E1', 'deactivate', { status: 'done' }),
				removal('employees', 'E2', 'deactivate', { status: 'alreadyInactive' }),
				removal('materials', 'M9', 'delete', { status: 'done' }),
				removal('materials', 'M8', 'report'),
				removal('materials', 'M7', 'delete', { status: 'dryRun' }),
			],
		});
		expect(items.map((i) => [i.json.action, i.json.status, i.json.key])).toEqual([
			['keep', 'reported', 'A-1'],
			['deactivate', 'done', 'E1'],
			['delete', 'done', 'M9'],
			['report', 'reported', 'M8'],
			['delete', 'dryRun', 'M7'],
		]);
		expect(items[0]).toEqual({
			json: { action: 'keep', status: 'reported', kind: 'work order', key: 'A-1', reason: 'a technician has it', record: { key: 'A-1' } },
			pairedItem: { item: 0 },
		});
		expect(items.some((i) => i.json.key === 'E2')).toBe(false);
	});

	it('a removal without a status takes the run\'s: done, or dryRun in a dry run', () => {
		expect(output({ removals: [removal('materials', 'M1', 'delete')] })[0].json.status).toBe('done');
		expect(output({ removals: [removal('materials', 'M1', 'delete')], settings: settings({ dryRun: true }) })[0].json.status).toBe('dryRun');
	});

	it('a removal that went through with a remark carries it as a warning', () => {
		const [item] = output({ removals: [removal('material_categories', 'M1|L:A', 'delete', { status: 'done', error: 'Link L:B re-posted late.', fix: 'Check M1.' })] });
		expect(item.json).toMatchObject({ status: 'done', warning: 'Link L:B re-posted late. Check M1.' });
		expect(item.json.error).toBeUndefined();
	});
});

describe('buildReconcileOutput: failures and the error output', () => {
	const mappingFailed = plan(2, [], {
		failure: { message: 'Bouwsoft field "nr1" is empty', fix: 'Fill nr1 in Bouwsoft' },
		claims: [{ kind: 'materials', key: 'M5' }],
	});
	const rejected = plan(4, [write('materials', 'M6', { code: 'M6' }, { action: 'failed', failure: { message: 'OutSmart refused the price', fix: 'Use a number' } })], {
		failure: { message: 'OutSmart refused the price', fix: 'Use a number' },
	});
	const run: Run = {
		plans: [mappingFailed, rejected],
		sent: [{ write: rejected.writes[0], plan: rejected, created: false }],
		removals: [
			removal('employees', 'E1', 'hold', { held: 'deactivate', reason: 'gone; held by the safety brake: 2 of 10 employees (20.0%) would be removed, more than 10%' }),
			removal('materials', 'M9', 'delete', { status: 'failed', error: 'OutSmart answered 500', fix: 'Try again later' }),
			removal('materials', 'M8', 'delete', { status: 'done' }),
		],
	};

	it('without the error output: failures are ordinary items with error and fix', () => {
		const items = output(run);
		expect(items.map(isErrorShape)).toEqual([false, false, false, false, false]);
		expect(items[0]).toEqual({
			json: {
				action: 'send',
				status: 'failed',
				kind: 'material',
				key: 'M5',
				error: 'Bouwsoft field "nr1" is empty',
				fix: 'Fill nr1 in Bouwsoft',
				bouwsoft: { category: 'materials', id: '102' },
			},
			pairedItem: { item: 2 },
		});
		expect(items[1].json).toMatchObject({ action: 'update', status: 'failed', key: 'M6', error: 'OutSmart refused the price', fix: 'Use a number' });
		expect(items[1].pairedItem).toEqual({ item: 4 });
		expect(items[2].json).toMatchObject({
			action: 'hold',
			status: 'held',
			held: 'deactivate',
			key: 'E1',
			error: 'Held by the safety brake',
			fix: 'Check the Bouwsoft read; raise Safety Brake (%) for one run if the removals are right.',
		});
		expect(items[3].json).toMatchObject({ action: 'delete', status: 'failed', key: 'M9', error: 'OutSmart answered 500', fix: 'Try again later' });
		expect(items[4].json).toMatchObject({ action: 'delete', status: 'done', key: 'M8' });
	});

	it('an item whose write failed is listed once (by its write), not again for its plan', () => {
		expect(output(run).filter((i) => i.json.key === 'M6' || (i.json as { details?: IDataObject }).details?.key === 'M6')).toHaveLength(1);
	});

	it('with the error output: exactly { error, message, details } for failures and holds, the rest as they were', () => {
		const items = output({ ...run, toErrorOutput: true });
		expect(items.map(isErrorShape)).toEqual([true, true, true, true, false]);
		expect(items[0]).toEqual({
			json: {
				error: 'Bouwsoft materials 102: Bouwsoft field "nr1" is empty',
				message: 'Fill nr1 in Bouwsoft',
				details: { action: 'send', status: 'failed', kind: 'material', key: 'M5', fix: 'Fill nr1 in Bouwsoft', bouwsoft: { category: 'materials', id: '102' } },
			},
			pairedItem: { item: 2 },
		});
		expect(items[1].json).toMatchObject({
			error: 'material M6: OutSmart refused the price',
			message: 'Use a number',
			details: { action: 'update', status: 'failed', key: 'M6', record: { code: 'M6' }, fix: 'Use a number' },
		});
		expect(items[1].pairedItem).toEqual({ item: 4 });
		expect(items[2].json).toEqual({
			error: 'employee E1: Held by the safety brake',
			message: 'Check the Bouwsoft read; raise Safety Brake (%) for one run if the removals are right.',
			details: {
				action: 'hold',
				status: 'held',
				kind: 'employee',
				key: 'E1',
				reason: 'gone; held by the safety brake: 2 of 10 employees (20.0%) would be removed, more than 10%',
				held: 'deactivate',
				record: { key: 'E1' },
				fix: 'Check the Bouwsoft read; raise Safety Brake (%) for one run if the removals are right.',
			},
		});
		expect(items[3].json).toMatchObject({ error: 'material M9: OutSmart answered 500', message: 'Try again later', details: { status: 'failed', key: 'M9' } });
		expect((items[3].json.details as IDataObject).error).toBeUndefined();
		expect(items[4].json).toMatchObject({ action: 'delete', status: 'done', key: 'M8' });
	});

	it('successes never take the error-output shape, also with the error output on', () => {
		const p = plan(0, [write('materials', 'M1', { code: 'M1' })]);
		const items = output({ plans: [p], sent: [{ write: p.writes[0], plan: p, created: true }], removals: [removal('materials', 'M2', 'report')], toErrorOutput: true });
		expect(items.map(isErrorShape)).toEqual([false, false]);
	});
});

describe('buildReconcileOutput: secrets', () => {
	it('redacts a known secret wherever it appears: records, OutSmart rows, reasons, errors, fixes, in both modes', () => {
		const leaked = `note ${SECRET} end`;
		const created = plan(0, [write('materials', 'M1', { code: 'M1', note: leaked }, { details: { sent: leaked } })]);
		const failing = plan(1, [], { failure: { message: `OutSmart said ${SECRET}`, fix: `Check ${SECRET}` }, claims: [{ kind: 'materials', key: 'M2' }] });
		const base: Run = {
			plans: [created, failing],
			sent: [{ write: created.writes[0], plan: created, created: true }],
			removals: [
				removal('materials', 'M3', 'delete', { status: 'done', row: { code: 'M3', description: leaked }, reason: leaked }),
				removal('materials', 'M4', 'delete', { status: 'failed', row: { code: 'M4' }, error: leaked, fix: leaked }),
				removal('employees', 'E1', 'hold', { held: 'delete', row: { number: 'E1', email: leaked } }),
				removal('materials', 'M5', 'delete', { status: 'done', error: leaked }),
			],
			secrets: [SECRET],
		};
		for (const toErrorOutput of [false, true]) {
			const items = output({ ...base, toErrorOutput });
			expect(items).toHaveLength(6);
			const text = JSON.stringify(items);
			expect(text).not.toContain(SECRET);
			expect(text).not.toContain(encodeURIComponent(SECRET));
			expect(text).toContain(`note ${REDACTED} end`);
		}
		const plain = output(base);
		expect(plain[0].json).toMatchObject({ key: 'M2', error: `OutSmart said ${REDACTED}`, fix: `Check ${REDACTED}` });
		expect(plain[1].json).toMatchObject({ key: 'M1', record: { code: 'M1', note: `note ${REDACTED} end` }, details: { sent: `note ${REDACTED} end` } });
		expect(plain[2].json).toMatchObject({ key: 'M3', record: { code: 'M3', description: `note ${REDACTED} end` }, reason: `note ${REDACTED} end` });
		expect(plain[5].json).toMatchObject({ key: 'M5', warning: `note ${REDACTED} end` });
		const withErrorOutput = output({ ...base, toErrorOutput: true });
		expect(withErrorOutput[0].json).toMatchObject({ error: `Bouwsoft materials 101: OutSmart said ${REDACTED}`, message: `Check ${REDACTED}` });
		expect(withErrorOutput[3].json).toMatchObject({ error: `material M4: note ${REDACTED} end`, message: `note ${REDACTED} end` });
	});

	it('does not change the records it was given', () => {
		const record = { code: 'M1', note: `has ${SECRET}` };
		const p = plan(0, [write('materials', 'M1', record)]);
		output({ plans: [p], sent: [{ write: p.writes[0], plan: p, created: true }], secrets: [SECRET] });
		expect(p.writes[0].record.note).toBe(`has ${SECRET}`);
	});
});

describe('reconcileHints', () => {
	function tables(sizes: Partial<Record<WriteKind, number>>): Map<WriteKind, Map<string, IDataObject>> {
		return new Map(
			Object.entries(sizes).map(([kind, n]) => [kind as WriteKind, new Map(Array.from({ length: n ?? 0 }, (_, i) => [`K${i}`, {}] as [string, IDataObject]))]),
		);
	}

	function scenario(dryRun: boolean) {
		const m1 = plan(0, [write('materials', 'M1', {}), write('material_categories', 'M1|L:A', {})]);
		const m2 = plan(1, [write('materials', 'M2', {})]);
		const m3 = plan(2, [write('materials', 'M3', {})]);
		const failedWrite = plan(3, [write('materials', 'M4', {}, { action: 'failed', failure: { message: 'no', fix: 'fix' } })], { failure: { message: 'no', fix: 'fix' } });
		const sent: SentWrite[] = [
			{ write: m1.writes[0], plan: m1, created: true },
			{ write: m1.writes[1], plan: m1, created: true },
			{ write: m2.writes[0], plan: m2, created: false },
			{ write: m3.writes[0], plan: m3, created: false },
			{ write: failedWrite.writes[0], plan: failedWrite, created: true },
		];
		const status = dryRun ? 'dryRun' : 'done';
		const removals: Removal[] = [
			removal('material_categories', 'M5|L:A', 'delete', { status }),
			removal('material_categories', 'M6|L:A', 'delete', { status }),
			removal('materials', 'M7', 'delete', { status }),
			removal('materials', 'M8', 'delete', { status: 'failed', error: 'x' }),
			removal('materials', 'M9', 'report'),
		];
		return reconcileHints({
			plans: [m1, m2, m3, failedWrite],
			sent,
			removals,
			brake: [],
			tables: tables({ materials: 12, material_categories: 5 }),
			kinds: ['materials', 'material_categories'],
			settings: settings({ dryRun }),
			requests: 9,
			inputCount: 10,
		});
	}

	it('counts per kind what was created, updated, deleted, reported and failed', () => {
		expect(scenario(false)).toEqual([
			'OutSmart reconcile: 10 Bouwsoft records; OutSmart held 12 materials, 5 material category links, created 1 material + 1 material category link, updated 2 materials, deleted 2 material category links + 1 material, deactivated 0, reported 1 material, 2 failed (9 requests).',
		]);
	});

	it('says "would be" for every change in a dry run, and that nothing changed', () => {
		const [hint] = scenario(true);
		expect(hint).toBe(
			'OutSmart reconcile (dry run, nothing changed): 10 Bouwsoft records; OutSmart held 12 materials, 5 material category links, would be created 1 material + 1 material category link, would be updated 2 materials, would be deleted 2 material category links + 1 material, would be deactivated 0, reported 1 material, 2 failed (9 requests).',
		);
		expect(scenario(false)[0]).not.toContain('would be');
	});

	it('counts deactivations without the already inactive ones, which it names apart, and the held removals', () => {
		const [hint] = reconcileHints({
			plans: [],
			sent: [],
			removals: [
				removal('employees', 'E1', 'deactivate', { status: 'done' }),
				removal('employees', 'E2', 'deactivate', { status: 'alreadyInactive' }),
				removal('employees', 'E3', 'deactivate', { status: 'alreadyInactive' }),
				removal('project_activities', 'PH-1', 'keep'),
				removal('project_activities', 'PH-2', 'report'),
				removal('relations', '7', 'hold', { held: 'deactivate' }),
			],
			brake: [],
			tables: tables({ employees: 4, project_activities: 2, relations: 3 }),
			kinds: ['employees', 'project_activities', 'relations'],
			settings: settings(),
			requests: 3,
			inputCount: 2,
		});
		expect(hint).toBe(
			'OutSmart reconcile: 2 Bouwsoft records; OutSmart held 4 employees, 2 project activities, 3 relations, created 0, updated 0, deleted 0, deactivated 1 employee, reported 2 project activities, 2 already inactive, 1 held by the safety brake, 0 failed (3 requests).',
		);
	});

	it('one hint per brake check, saying when it stopped the run', () => {
		const brake: BrakeCheck[] = [
			{ kind: 'categories', ours: 10, removals: 3, percent: 30, tripped: true },
			{ kind: 'employees', ours: 40, removals: 1, percent: 2.5, tripped: false },
		];
		const hints = reconcileHints({
			plans: [],
			sent: [],
			removals: [],
			brake,
			tables: tables({ categories: 10, employees: 40 }),
			kinds: ['categories', 'employees'],
			settings: settings({ brakePercent: 10, dryRun: true }),
			requests: 2,
			inputCount: 0,
		});
		expect(hints.slice(1)).toEqual([
			'Safety brake, categories: 3 of 10 ours in OutSmart would go (30.0%, limit 10%): STOPPED, nothing removed.',
			'Safety brake, employees: 1 of 40 ours in OutSmart would go (2.5%, limit 10%).',
		]);
	});

	it('a kind OutSmart has no table for counts as 0', () => {
		const [hint] = reconcileHints({
			plans: [],
			sent: [],
			removals: [],
			brake: [],
			tables: new Map(),
			kinds: ['hourtypes'],
			settings: settings(),
			requests: 1,
			inputCount: 4,
		});
		expect(hint).toContain('4 Bouwsoft records; OutSmart held 0 hour types, created 0');
	});
});
