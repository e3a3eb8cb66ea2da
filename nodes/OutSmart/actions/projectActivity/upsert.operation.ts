import { upsertOperation } from '../upsertOperation';

/** Upsert OutSmart project activity records (`project_activities`), matched on pra_code (PH-<phase id> or AC-<cost item id>). */
export const { description, execute } = upsertOperation('projectActivity');
