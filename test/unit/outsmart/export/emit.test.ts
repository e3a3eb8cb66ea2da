import { decideEmits, emptyExportState, loadExportState, saveExportState } from '../../../../nodes/OutSmart/export/emit';
import type { ExportState } from '../../../../nodes/OutSmart/export/emit';

const MIN = 60_000;
const T0 = Date.parse('2025-03-10T08:00:00.000Z');
const RETRY = 15 * MIN;

function after(ready: Array<[string, string]>, previous: ExportState, now: number, manual = false) {
	return decideEmits(ready.map(([rowId, fingerprint]) => ({ rowId, fingerprint })), previous, now, RETRY, manual);
}

describe('OutSmart Trigger emit decision', () => {
	it('emits new orders and remembers when', () => {
		const d = after([['1001', 'a'], ['1002', 'b']], emptyExportState(), T0);
		expect(d.emit).toEqual([{ rowId: '1001', reason: 'new' }, { rowId: '1002', reason: 'new' }]);
		expect(d.state).toEqual({
			version: 1,
			emitted: { '1001': { fp: 'a', at: '2025-03-10T08:00:00.000Z' }, '1002': { fp: 'b', at: '2025-03-10T08:00:00.000Z' } },
		});
		expect(d.waiting).toBe(0);
	});

	it('holds an unchanged order until Retry After has passed, then emits it once as retry', () => {
		const first = after([['1001', 'a']], emptyExportState(), T0).state;
		const early = after([['1001', 'a']], first, T0 + RETRY - 1);
		expect(early.emit).toEqual([]);
		expect(early.waiting).toBe(1);
		expect(early.state).toEqual(first);
		const due = after([['1001', 'a']], early.state, T0 + RETRY);
		expect(due.emit).toEqual([{ rowId: '1001', reason: 'retry' }]);
		expect(due.state.emitted['1001'].at).toBe(new Date(T0 + RETRY).toISOString());
		expect(after([['1001', 'a']], due.state, T0 + RETRY + MIN).emit).toEqual([]);
	});

	it('emits a changed order at once', () => {
		const first = after([['1001', 'a'], ['1002', 'b']], emptyExportState(), T0).state;
		const d = after([['1001', 'a2'], ['1002', 'b']], first, T0 + MIN);
		expect(d.emit).toEqual([{ rowId: '1001', reason: 'changed' }]);
		expect(d.state.emitted['1001']).toEqual({ fp: 'a2', at: new Date(T0 + MIN).toISOString() });
		expect(d.state.emitted['1002']).toEqual(first.emitted['1002']);
	});

	it('drops orders that are no longer ready; one that comes back is new', () => {
		const first = after([['1001', 'a'], ['1002', 'b']], emptyExportState(), T0).state;
		const d = after([['1002', 'b']], first, T0 + MIN);
		expect(Object.keys(d.state.emitted)).toEqual(['1002']);
		expect(after([['1001', 'a'], ['1002', 'b']], d.state, T0 + 2 * MIN).emit).toEqual([{ rowId: '1001', reason: 'new' }]);
	});

	it('manual: everything ready, reason manual, the state handed back untouched', () => {
		const first = after([['1001', 'a']], emptyExportState(), T0).state;
		const copy = JSON.parse(JSON.stringify(first));
		const d = after([['1001', 'a'], ['1002', 'b']], first, T0 + RETRY, true);
		expect(d.emit).toEqual([{ rowId: '1001', reason: 'manual' }, { rowId: '1002', reason: 'manual' }]);
		expect(d.state).toBe(first);
		expect(first).toEqual(copy);
	});

	it('manual: leaves out what the published workflow emitted less than Retry After ago (it may be booking it now), unless it changed', () => {
		const first = after([['1001', 'a'], ['1002', 'b']], emptyExportState(), T0).state;
		const d = after([['1001', 'a'], ['1002', 'b2'], ['1003', 'c']], first, T0 + MIN, true);
		expect(d.emit).toEqual([{ rowId: '1002', reason: 'manual' }, { rowId: '1003', reason: 'manual' }]);
		expect(d.waiting).toBe(1);
		expect(d.state).toBe(first);
	});

	it('a stored time that cannot be read or lies in the future counts as due (once more rather than never)', () => {
		const broken: ExportState = { version: 1, emitted: { '1001': { fp: 'a', at: 'yesterday' }, '1002': { fp: 'b', at: new Date(T0 + 60 * MIN).toISOString() } } };
		expect(after([['1001', 'a'], ['1002', 'b']], broken, T0).emit.map((e) => e.reason)).toEqual(['retry', 'retry']);
	});

	it('one entry per row id, even when OutSmart lists an order twice', () => {
		const d = after([['1001', 'a'], ['1001', 'a']], emptyExportState(), T0);
		expect(d.emit).toHaveLength(1);
	});
});

describe('OutSmart Trigger state in static data', () => {
	it('missing, foreign or damaged state reads as empty; damaged entries are left out', () => {
		expect(loadExportState({})).toEqual(emptyExportState());
		expect(loadExportState({ outSmartExport: { version: 2, emitted: {} } })).toEqual(emptyExportState());
		expect(loadExportState({ outSmartExport: 'x' })).toEqual(emptyExportState());
		expect(loadExportState({ outSmartExport: { version: 1, emitted: { '1': { fp: 'a', at: 'b' }, '2': { fp: 1 }, '3': null } } })).toEqual({
			version: 1,
			emitted: { '1': { fp: 'a', at: 'b' } },
		});
	});

	it('writes only when the state differs', () => {
		const data: Record<string, unknown> = {};
		const state = { version: 1, emitted: { '1': { fp: 'a', at: 'b' } } };
		saveExportState(data as never, state);
		const stored = data.outSmartExport;
		saveExportState(data as never, JSON.parse(JSON.stringify(state)));
		expect(data.outSmartExport).toBe(stored);
		saveExportState(data as never, emptyExportState());
		expect(data.outSmartExport).toEqual(emptyExportState());
	});
});
