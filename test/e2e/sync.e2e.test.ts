/**
 * The sync story (lib/syncStory.ts) in n8n 2.41.1's regular mode: one `n8n start` process (sqlite) runs the pollers,
 * the re-send schedules and the executions. Published materials and relations templates, polling once a minute and
 * re-sending every 20 s: the first poll imports everything, edits arrive exactly once, OutSmart down for two polls
 * loses and duplicates nothing (the re-send branch delivers once it is back), a main restart neither.
 * Queue mode (main + 2 workers) and durable poll cursors: queue/sync.queue.e2e.test.ts, queue/sync.durable.e2e.test.ts.
 *
 *   npm run build && npx jest --config test/e2e/jest.config.js e2e/sync
 */
import { describeSyncStory } from './lib/syncStory';

describeSyncStory({ label: 'regular mode', mode: 'regular' });
