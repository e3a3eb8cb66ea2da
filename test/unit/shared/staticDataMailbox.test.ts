import type { IDataObject } from 'n8n-workflow';

import {
	MAX_PATCHES_PER_WORKFLOW,
	applyGlobalPatches,
	pendingPatchCount,
	postGlobalPatches,
} from '../../../nodes/shared/staticDataMailbox';
import { ledgerPatches, pendingIds, recordFailure, recordSuccess } from '../../../nodes/shared/syncLedger';

describe('static data mailbox', () => {
	it('replays an execution’s ledger changes into the poller’s stale copy', () => {
		// the poller's copy (from activation) and the execution's fresh copy (from the database)
		const pollerGlobal: IDataObject = {};
		const executionGlobal: IDataObject = {};
		recordFailure(executionGlobal, 'materials', '7', 'H.018', 'OutSmart unreachable');
		recordFailure(executionGlobal, 'materials', '8', 'H.019', 'OutSmart unreachable');
		postGlobalPatches('wf1', ledgerPatches(executionGlobal, [{ category: 'materials', id: '7' }, { category: 'materials', id: '8' }]));
		expect(pendingPatchCount('wf1')).toBe(3);

		expect(applyGlobalPatches('wf1', pollerGlobal)).toBe(3);
		expect(pendingIds(pollerGlobal, 'materials')).toEqual(['7', '8']);
		expect(pendingPatchCount('wf1')).toBe(0);

		// a later execution wrote record 7: its removal reaches the poller too
		recordSuccess(executionGlobal, 'materials', '7');
		postGlobalPatches('wf1', ledgerPatches(executionGlobal, [{ category: 'materials', id: '7' }]));
		applyGlobalPatches('wf1', pollerGlobal);
		expect(pendingIds(pollerGlobal, 'materials')).toEqual(['8']);
	});

	it('keeps the newest change per path, in order, and scopes by workflow', () => {
		postGlobalPatches('wfA', [{ path: ['h', 'n', 'k1'], value: 'a' }]);
		postGlobalPatches('wfB', [{ path: ['h', 'n', 'k1'], value: 'other workflow' }]);
		postGlobalPatches('wfA', [{ path: ['h', 'n', 'k2'], value: 'b' }]);
		postGlobalPatches('wfA', [{ path: ['h', 'n', 'k1'], value: 'c' }]);
		const target: IDataObject = {};
		expect(applyGlobalPatches('wfA', target)).toBe(2);
		expect(target).toEqual({ h: { n: { k1: 'c', k2: 'b' } } });
		expect(pendingPatchCount('wfB')).toBe(1);
		applyGlobalPatches('wfB', {});
	});

	it('a subtree patch drops older patches below it, later ones still apply', () => {
		postGlobalPatches('wfC', [{ path: ['h', 'n', 'k1'], value: 'a' }]);
		postGlobalPatches('wfC', [{ path: ['h', 'n'], subtree: true }]);
		postGlobalPatches('wfC', [{ path: ['h', 'n', 'k2'], value: 'b' }]);
		const target: IDataObject = { h: { n: { old: 'x' }, keep: 1 } };
		applyGlobalPatches('wfC', target);
		expect(target).toEqual({ h: { n: { k2: 'b' }, keep: 1 } });
	});

	it('copies values, ignores missing workflow ids and deletes below missing paths quietly', () => {
		const value = { a: 1 };
		postGlobalPatches('wfD', [{ path: ['x'], value }, { path: ['gone', 'deeper'] }]);
		value.a = 2;
		const target: IDataObject = {};
		applyGlobalPatches('wfD', target);
		expect(target).toEqual({ x: { a: 1 } });
		postGlobalPatches(undefined, [{ path: ['x'], value: 1 }]);
		expect(applyGlobalPatches(undefined, target)).toBe(0);
	});

	it('stays bounded when no poller takes the patches in', () => {
		const patches = Array.from({ length: MAX_PATCHES_PER_WORKFLOW + 10 }, (_, i) => ({ path: ['h', String(i)], value: i }));
		postGlobalPatches('wfE', patches);
		expect(pendingPatchCount('wfE')).toBe(MAX_PATCHES_PER_WORKFLOW);
		const target: IDataObject = {};
		applyGlobalPatches('wfE', target);
		const kept = target.h as IDataObject;
		expect(kept['0']).toBeUndefined();
		expect(kept[String(MAX_PATCHES_PER_WORKFLOW + 9)]).toBe(MAX_PATCHES_PER_WORKFLOW + 9);
	});
});
