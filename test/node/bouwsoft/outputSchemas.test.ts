import * as fs from 'fs';
import * as path from 'path';

import { CATEGORIES, outputSchemas, SCHEMA_DIR } from '../../../scripts/outputSchemas';

describe('Bouwsoft read node: output schemas for the editor', () => {
	it('one schema per import category, derived from what the node emits, and current', async () => {
		const files = await outputSchemas();
		expect([...files.keys()].sort()).toEqual(CATEGORIES.map(({ category }) => path.join(category, 'getMany.json')).sort());
		for (const [file, text] of files) {
			const committed = path.join(SCHEMA_DIR, file);
			expect({ file, current: fs.existsSync(committed) && fs.readFileSync(committed, 'utf8') === text }).toEqual({ file, current: true });
			const schema = JSON.parse(text) as { type: string; properties: Record<string, unknown> };
			expect(schema.type).toBe('object');
			expect(Object.keys(schema.properties)).toContain('_sync');
		}
	});
});
