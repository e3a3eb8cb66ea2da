/**
 * Reconcile's input (nodes/OutSmart/reconcile/input.ts): it removes what its input does not hold, so every
 * item must come from a complete Bouwsoft read (`_sync.complete === true`); and the Bouwsoft categories the
 * run reconciles (which decides whose A-/P- work orders are ours).
 */
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { OutSmartResource } from '../../../../nodes/OutSmart/schema';
import { checkCompleteInput, inputCategories, unreadChildren } from '../../../../nodes/OutSmart/reconcile/input';

const NODE: INode = {
	id: 'reconcile-node',
	name: 'OutSmart Reconcile',
	type: 'n8n-nodes-bouwsoft-outsmart.outSmart',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
/** Pure unit: checkCompleteInput only asks the context for its node. */
const ctx = { getNode: () => NODE } as unknown as IExecuteFunctions;

const item = (json: IDataObject): INodeExecutionData => ({ json });
const complete = (category: string, id: string, extra: IDataObject = {}): INodeExecutionData =>
	item({ ...extra, _sync: { category, id, ts_lastupdate: '2025-03-01 10:00:00', reason: 'full', complete: true } });

function refusal(items: INodeExecutionData[], resource: OutSmartResource = 'material'): NodeOperationError {
	try {
		checkCompleteInput(ctx, items, resource);
	} catch (error) {
		expect(error).toBeInstanceOf(NodeOperationError);
		return error as NodeOperationError;
	}
	throw new Error('checkCompleteInput accepted the input');
}

describe('checkCompleteInput', () => {
	it('accepts items of a complete read', () => {
		expect(() => checkCompleteInput(ctx, [complete('materials', '1'), complete('materials', '2')], 'material')).not.toThrow();
		expect(() => checkCompleteInput(ctx, [complete('assignments', '1'), complete('projects', '2')], 'workOrder')).not.toThrow();
		expect(() => checkCompleteInput(ctx, [complete('relations', '1')], 'contactPerson')).not.toThrow();
	});

	it('accepts an empty list (n8n does not run the node without items)', () => {
		expect(() => checkCompleteInput(ctx, [], 'material')).not.toThrow();
	});

	it('refuses an item that is not a Bouwsoft record, naming the item and the fix; nothing was changed', () => {
		const error = refusal([complete('materials', '1'), item({ code: 'M1' })]);
		expect(error.message).toBe('Reconcile needs every record Bouwsoft selects, but input item 1 is not a Bouwsoft record');
		expect(error.description).toContain('Operation "Get Many", Scope "All" and Return All');
		expect(error.description).toContain('Nothing was changed in OutSmart');
		expect(error.context.itemIndex).toBe(1);
		expect(error.node).toBe(NODE);
	});

	it('refuses a change (Bouwsoft Trigger or Changed Since)', () => {
		const changed = item({ _sync: { category: 'materials', id: '1', ts_lastupdate: '', reason: 'changed' } });
		const error = refusal([changed]);
		expect(error.message).toBe('Reconcile needs every record Bouwsoft selects, but input item 0 is a change (from the Bouwsoft Trigger or Changed Since)');
		expect(error.context.itemIndex).toBe(0);
	});

	it('a change is refused even when it claims to be complete only as text', () => {
		expect(refusal([item({ _sync: { category: 'materials', id: '1', reason: 'changed', complete: 'true' } })]).message).toContain('is a change');
	});

	it('refuses a full read that is not marked complete (cut by a limit), and complete values that are not true', () => {
		for (const value of [undefined, false, 'true', 1, null]) {
			const sync: IDataObject = { category: 'materials', id: '1', reason: 'full' };
			if (value !== undefined) sync.complete = value;
			expect(refusal([item({ _sync: sync })]).message).toBe(
				'Reconcile needs every record Bouwsoft selects, but input item 0 does not come from a complete read',
			);
		}
	});

	it('refuses a _sync that is not an object, or an item without json', () => {
		expect(refusal([item({ _sync: 'complete' })]).message).toContain('input item 0 is not a Bouwsoft record');
		expect(refusal([item({ _sync: null })]).message).toContain('input item 0 is not a Bouwsoft record');
		expect(refusal([{ json: undefined } as unknown as INodeExecutionData]).message).toContain('input item 0 is not a Bouwsoft record');
	});

	it('names the first bad item of a long input', () => {
		const items = [...Array.from({ length: 5 }, (_, i) => complete('relations', String(i))), item({}), item({})];
		const error = refusal(items, 'relation');
		expect(error.message).toContain('input item 5 ');
		expect(error.context.itemIndex).toBe(5);
	});
});

describe('checkCompleteInput: a complete read of another category', () => {
	it('is refused: every record of the resource would look gone', () => {
		const error = refusal([complete('materials', '1'), complete('relations', '7')], 'material');
		expect(error.message).toBe('Reconcile of Material records got a Bouwsoft "relations" record (input item 1)');
		expect(error.description).toBe('Set Resource to the one that takes Bouwsoft relations, or read materials in the Bouwsoft node. Nothing was changed in OutSmart.');
		expect(error.context.itemIndex).toBe(1);
	});

	it('names every category the resource takes', () => {
		expect(refusal([complete('materials', '1')], 'workOrder').description).toContain('or read assignments / projects in the Bouwsoft node');
	});
});

describe('unreadChildren', () => {
	it('contact persons and project activities are not reconciled when the Bouwsoft read did not include them', () => {
		const relations = [complete('relations', '1', { contacts: [] }), complete('relations', '2')];
		const unread = unreadChildren(relations, ['relations', 'contactpersons']);
		expect([...unread.keys()]).toEqual(['contactpersons']);
		expect(unread.get('contactpersons')).toBe(
			'contact persons were not reconciled: the Bouwsoft node did not read them (turn on Contacts in the Bouwsoft node that feeds Reconcile).',
		);
		const projects = [complete('projects', '1', { activities: 'none' })];
		expect(unreadChildren(projects, ['projects', 'project_activities', 'workorders']).get('project_activities')).toContain('turn on Activities');
	});

	it('read children, even empty lists, are reconciled; other kinds and an empty input never count as unread', () => {
		expect(unreadChildren([complete('relations', '1', { contacts: [] }), complete('relations', '2', { contacts: [{ id: 3 }] })], ['relations', 'contactpersons']).size).toBe(0);
		expect(unreadChildren([complete('projects', '1', { activities: [] })], ['projects', 'project_activities']).size).toBe(0);
		expect(unreadChildren([], ['contactpersons', 'project_activities']).size).toBe(0);
		expect(unreadChildren([complete('materials', '1')], ['materials', 'material_categories']).size).toBe(0);
	});
});

describe('inputCategories', () => {
	it('the categories of the items, limited to those the resource takes', () => {
		expect(inputCategories([complete('assignments', '1'), complete('assignments', '2')], 'workOrder')).toEqual(['assignments']);
		expect(inputCategories([complete('projects', '1')], 'workOrder')).toEqual(['projects']);
		expect(inputCategories([complete('projects', '1'), complete('assignments', '1')], 'workOrder')).toEqual(['projects', 'assignments']);
		expect(inputCategories([complete('materials', '1'), complete('projects', '1')], 'workOrder')).toEqual(['projects']);
	});

	it('every category the resource takes when no item names one it takes', () => {
		expect(inputCategories([], 'workOrder')).toEqual(['assignments', 'projects']);
		expect(inputCategories([complete('materials', '1')], 'workOrder')).toEqual(['assignments', 'projects']);
		expect(inputCategories([], 'material')).toEqual(['materials']);
		expect(inputCategories([], 'contactPerson')).toEqual(['relations']);
	});

	it('recognises items without _sync by their Bouwsoft fields', () => {
		expect(inputCategories([item({ nr: 5, address_id: 3, note_technician: 'x' })], 'workOrder')).toEqual(['assignments']);
		expect(inputCategories([item({ pnr: 'P1', client_addressid: 3 })], 'workOrder')).toEqual(['projects']);
	});
});
