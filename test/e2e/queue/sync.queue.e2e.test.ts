/**
 * The sync story (../lib/syncStory.ts) in n8n 2.41.1's queue mode: Postgres + Redis, n8n main (triggers and pollers)
 * and two `n8n worker` processes (the executions), the package installed for every process. Adds to the shared
 * steps: Skip Unchanged across workers, and a worker SIGKILLed in the middle of an execution.
 *
 *   npm run build && npx jest --config test/e2e/jest.config.js queue/sync.queue
 */
import { describeSyncStory } from '../lib/syncStory';

describeSyncStory({ label: 'queue mode, 2 workers', mode: 'queue', workerKill: true });
