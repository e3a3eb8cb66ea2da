/**
 * Master-data endpoints: POST upserts a batch by key and answers the number of rows synced; GET answers
 * the stored records, optionally filtered (`key`/`value`/`operator`).
 */
import { entitySpec } from './entities';
import { fail, ok, parseBatch } from './envelope';
import type { Envelope, Handler, HandlerContext } from './envelope';
import { matchesFilter, parseFilter } from './filters';
import { validateBatch, validateEntityRow } from './validation';
import type { EntityName } from './types';

export function postEntity(entity: EntityName, context: HandlerContext): Envelope {
	const { options, store } = context.state;
	const parsed = parseBatch(context.body, options.acceptSingleObject);
	if ('error' in parsed) return parsed.error;
	context.counter.rowsReceived += parsed.rows.length;

	const spec = entitySpec(entity, options);
	const outcome = validateBatch(parsed.rows, (row) => validateEntityRow(spec, row, options));
	if (outcome.code !== null && options.batchValidation === 'all-or-nothing') {
		return fail(outcome.code, outcome.messages);
	}
	for (const { value } of outcome.valid) store.upsert(entity, value);
	context.counter.rowsWritten += outcome.valid.length;
	if (outcome.code !== null) return fail(outcome.code, outcome.messages);
	return ok(outcome.valid.length);
}

export function getEntity(entity: EntityName, context: HandlerContext): Envelope {
	const { conditions, error } = parseFilter(context.query);
	if (error) return fail(1007, [error]);
	const records = context.state.store.list(entity).filter((record) => matchesFilter(record, conditions));
	return ok(records);
}

/** GET + POST handler for an entity endpoint. */
export function entityHandler(entity: EntityName): Handler {
	return (context) => {
		if (context.method === 'POST') return postEntity(entity, context);
		if (context.method === 'GET') return getEntity(entity, context);
		return fail(1001, [`Method ${context.method} not supported on ${context.endpoint}`]);
	};
}

/** GET-only filter endpoint (`category`, `contactperson`, `address`). */
export function filterHandler(entity: EntityName): Handler {
	return (context) =>
		context.method === 'GET'
			? getEntity(entity, context)
			: fail(1001, [`Method ${context.method} not supported on ${context.endpoint}`]);
}
