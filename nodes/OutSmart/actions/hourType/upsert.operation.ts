import { upsertOperation } from '../upsertOperation';

/** Upsert OutSmart hour type records (`hourtypes`), matched on code (the Bouwsoft labour category code). */
export const { description, execute } = upsertOperation('hourType');
