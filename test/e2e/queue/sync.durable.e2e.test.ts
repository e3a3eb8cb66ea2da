/**
 * The sync story (../lib/syncStory.ts) in queue mode (main + 2 workers) with n8n 2.41.1's durable poll cursors
 * switched on (N8N_SCHEDULER_ENABLED, N8N_SCHEDULER_POLL_TRIGGERS_ENABLED, N8N_USE_WORKFLOW_PUBLICATION_SERVICE,
 * N8N_POLLER_DURABLE_CURSORS_ENABLED; all off by default in 2.41.1). Also records where the trigger's cursor goes.
 *
 *   npm run build && npx jest --config test/e2e/jest.config.js queue/sync.durable
 */
import { describeSyncStory, DURABLE_CURSOR_ENV } from '../lib/syncStory';

describeSyncStory({ label: 'queue mode + durable poll cursors', mode: 'queue', env: DURABLE_CURSOR_ENV, durableCursors: true });
