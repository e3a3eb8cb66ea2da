import * as fs from 'fs';
import * as path from 'path';

import { BOOK_SCHEMA_FILE, bookOutputSchema, SCHEMA_DIR } from '../../../scripts/outputSchemas';

describe('Bouwsoft node: Book output schema for the editor', () => {
	it('workOrder/book.json is derived from what the node emits, and current', async () => {
		const text = await bookOutputSchema();
		const committed = path.join(SCHEMA_DIR, BOOK_SCHEMA_FILE);
		expect({ file: BOOK_SCHEMA_FILE, current: fs.existsSync(committed) && fs.readFileSync(committed, 'utf8') === text }).toEqual({
			file: BOOK_SCHEMA_FILE,
			current: true,
		});
		const schema = JSON.parse(text) as { type: string; properties: Record<string, { type: string | string[] }> };
		expect(schema.type).toBe('object');
		expect(Object.keys(schema.properties).sort()).toEqual(
			['_export', 'assignment', 'exported', 'fix', 'hours', 'lines', 'materials', 'message', 'remark', 'rowId', 'status', 'warnings', 'workorderNo'].sort(),
		);
		expect(schema.properties.exported.type).toBe('boolean');
	});
});
