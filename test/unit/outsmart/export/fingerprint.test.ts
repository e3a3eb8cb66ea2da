import { contentHash, emitFingerprint } from '../../../../nodes/OutSmart/export/fingerprint';
import { readExportMeta, workOrderSource } from '../../../../nodes/shared/workOrderExport';
import type { WorkOrderSource } from '../../../../nodes/shared/workOrderExport';

const period = { WorkDate: '10-03-2025', BeginTime: '08:00', EndTime: '12:00', Break: '0', TotalTime: '04:00', HourType: 'NORMAAL', EmployeeNr: '7' };
const material = { MaterialCode: 'M12', MaterialNr: '2', MaterialPrice: '4,55', MaterialName: 'Muurverf wit' };
const order = { id: '1001', WorkorderNo: 'A-1001', status: 'Compleet', WorkStatus: '', Workperiods: [period], Materials: [material], Comment: 'Klaar' };

function reversed<T extends object>(value: T): T {
	return Object.fromEntries(Object.entries(value).reverse()) as T;
}

describe('OutSmart Trigger fingerprints', () => {
	it('do not depend on key order', () => {
		const shuffled = reversed({ ...order, Workperiods: [reversed(period)], Materials: [reversed(material)] });
		expect(contentHash(shuffled)).toBe(contentHash(order));
		expect(emitFingerprint(shuffled)).toBe(emitFingerprint(order));
	});

	it('content: periods, materials and remark; nothing else', () => {
		expect(contentHash({ ...order, CustomerName: 'X', status: 'Afgehandeld' })).toBe(contentHash(order));
		expect(contentHash({ ...order, Comment: 'Klaar, lek gedicht' })).not.toBe(contentHash(order));
		expect(contentHash({ ...order, Materials: [{ ...material, MaterialNr: '3' }] })).not.toBe(contentHash(order));
		expect(contentHash({ ...order, Workperiods: [] })).not.toBe(contentHash(order));
		// Missing lists and an empty remark are the same as empty ones.
		expect(contentHash({ Workperiods: null, Comment: null })).toBe(contentHash({ Workperiods: [], Materials: [], Comment: '' }));
	});

	it('emit fingerprint: content plus status and work status', () => {
		expect(emitFingerprint({ ...order, WorkStatus: 'GEREED' })).not.toBe(emitFingerprint(order));
		expect(emitFingerprint({ ...order, status: 'Afgehandeld' })).not.toBe(emitFingerprint(order));
		expect(emitFingerprint({ ...order, PdfUrl: 'https://x' })).toBe(emitFingerprint(order));
	});
});

describe('workOrderExport: reading _export', () => {
	it('reads the block, tolerates odd values, and says undefined when there is none', () => {
		const meta = { rowId: 1001, workorderNo: 'A-1001', source: 'assignment', sourceNr: '1001', status: 'Compleet', workStatus: '', readAt: 'x', reason: 'retry', contentHash: 'h' };
		expect(readExportMeta({ _export: meta })).toEqual({ ...meta, rowId: '1001' });
		expect(readExportMeta({ _export: { workorderNo: 'P-7', reason: 'odd', source: 'odd' } })).toMatchObject({ source: 'project', reason: 'new', rowId: '' });
		expect(readExportMeta({ _export: { workorderNo: 'P-7' } })).not.toHaveProperty('contentHash');
		expect(readExportMeta({})).toBeUndefined();
		expect(readExportMeta({ _export: [] })).toBeUndefined();
		expect(readExportMeta({ _export: { status: 'Compleet' } })).toBeUndefined();
		expect(readExportMeta(null)).toBeUndefined();
		const sources: WorkOrderSource[] = ['A-1001', 'P-20230012', 'W-77', 'A-', ' A-12 '].map((no) => workOrderSource(no).source);
		expect(sources).toEqual(['assignment', 'project', 'other', 'other', 'assignment']);
	});
});
