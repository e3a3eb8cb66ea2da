import { upsertOperation } from '../upsertOperation';

/** Upsert OutSmart warehouse records (`warehouses`), matched on wse_code (the Bouwsoft stock location id). */
export const { description, execute } = upsertOperation('warehouse');
