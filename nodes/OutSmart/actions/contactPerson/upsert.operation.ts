import { upsertOperation } from '../upsertOperation';

/** Upsert OutSmart contact person records (`contactpersons`), matched on cpn_code (C-<Bouwsoft contact id>). */
export const { description, execute } = upsertOperation('contactPerson');
