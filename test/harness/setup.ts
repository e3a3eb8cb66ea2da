/**
 * Every test starts with an empty n8n database as far as the deduplication store goes, as every test starts
 * with its own static data object. (jest setupFilesAfterEach; see jest.config.js.)
 */
import { deduplicationStore } from './deduplication';

beforeEach(() => deduplicationStore.reset());
