/**
 * OutSmart → Bouwsoft in n8n 2.41.1's queue mode (main + 2 workers, Postgres, Redis): the export story
 * (../lib/exportStory.ts), plus a worker SIGKILLed in the middle of an export.
 *
 *   npm run build && npx jest --config test/e2e/jest.config.js queue/export.queue
 */
import { describeExportStory } from '../lib/exportStory';

describeExportStory({ label: 'queue mode, 2 workers', mode: 'queue', workerKill: true });
