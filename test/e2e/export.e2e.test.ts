/**
 * OutSmart → Bouwsoft in a real n8n 2.41.1 (regular mode): the export story (lib/exportStory.ts).
 *
 *   npm run build && npx jest --config test/e2e/jest.config.js export
 */
import { describeExportStory } from './lib/exportStory';

describeExportStory({ label: 'regular', mode: 'regular' });
