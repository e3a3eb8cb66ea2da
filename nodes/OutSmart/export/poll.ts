import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { EXPORT_META_FIELD, workOrderSource, type ExportEmitReason, type ExportMeta } from '../../shared/workOrderExport';
import { loadCredential } from '../transport/request';
import { decideEmits, loadExportState, saveExportState } from './emit';
import { contentHash, emitFingerprint } from './fingerprint';
import { readReadyOrders, rowIdOf } from './readyOrders';
import { readTriggerSettings } from './settings';

/**
 * The OutSmart Trigger's poll(): read the orders ready for export (never marking them), decide which to emit
 * (emit.ts), and emit each as OutSmart returned it plus `_export`. A background poll writes its state to the
 * node's static data only after the read succeeded; a manual run emits everything ready and writes nothing.
 */
export async function runExportPoll(ctx: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const settings = readTriggerSettings(ctx);
	for (const notice of settings.notices) ctx.logger.warn(`OutSmart Trigger option: ${notice}`);
	const credential = await loadCredential(ctx);
	const read = await readReadyOrders(ctx, credential, settings);

	const now = Date.now();
	const manual = ctx.getMode() === 'manual';
	const ready = read.orders.map((order) => ({ order, rowId: rowIdOf(order), fingerprint: emitFingerprint(order) }));
	const nodeData = ctx.getWorkflowStaticData('node');
	const decision = decideEmits(ready, loadExportState(nodeData), now, settings.retryAfterMs, manual);
	if (!manual) saveExportState(nodeData, decision.state);

	const byRow = new Map(ready.map((entry) => [entry.rowId, entry.order]));
	const readAt = new Date(now).toISOString();
	const items = decision.emit.map(({ rowId, reason }) => ({ json: exportItem(byRow.get(rowId) ?? {}, rowId, settings.status, reason, readAt) }));
	const { archived, notFromBouwsoft, excludedWorkStatus, noRowId } = read.left;
	const counts: Partial<Record<ExportEmitReason, number>> = {};
	for (const { reason } of decision.emit) counts[reason] = (counts[reason] ?? 0) + 1;
	ctx.logger.info(
		`OutSmart Trigger (${manual ? 'manual' : 'poll'}): ${ready.length} ${settings.status} work orders ready, ${items.length} emitted` +
			`${Object.entries(counts).map(([reason, n]) => ` ${reason} ${n}`).join(',')}, ${decision.waiting} ${manual ? 'left out (the published workflow sent them less than Retry After ago)' : 'waiting for Retry After'}; ` +
			`left out: ${archived} archived, ${notFromBouwsoft} not from Bouwsoft, ${excludedWorkStatus} excluded work status, ${noRowId} without row id (${read.requests} requests)`,
	);
	return items.length ? [items] : null;
}

/** The order as OutSmart returned it, plus `_export` (shared/workOrderExport.ts). */
function exportItem(order: IDataObject, rowId: string, readStatus: string, reason: ExportEmitReason, readAt: string): IDataObject {
	const workorderNo = String(order.WorkorderNo ?? '');
	const meta: ExportMeta = {
		rowId,
		workorderNo,
		...workOrderSource(workorderNo),
		status: String(order.status ?? readStatus),
		workStatus: String(order.WorkStatus ?? ''),
		readAt,
		reason,
		contentHash: contentHash(order),
	};
	return { ...order, [EXPORT_META_FIELD]: meta as unknown as IDataObject };
}
