import { upsertOperation } from '../upsertOperation';

/** Upsert OutSmart employee records (`employees`), matched on number (the Bouwsoft employee number). */
export const { description, execute } = upsertOperation('employee');
