/**
 * Writes the Bouwsoft node's output schemas (`nodes/Bouwsoft/__schema__/v1.0.0/<category>/getMany.json` and
 * `workOrder/book.json`),
 * which the n8n editor shows for the node before it has run (it asks `/schemas/<node>/<version>/<resource>/
 * <operation>.json` and logs a failed request when there is none). Derived from what the node really emits:
 * one Get Many per category against the Bouwsoft simulator's seed data, and one Book of a booked, a created,
 * a failed and a skipped work order against the book tests' Bouwsoft; every field of every item typed.
 * `test/node/bouwsoft/outputSchemas.test.ts` and `book.schema.test.ts` check the files are current:
 *
 *   source scripts/trust-simulator-ca.sh   # the simulator's HTTPS certificate, trusted from process start
 *   TS_NODE_PROJECT=tsconfig.test.json npx ts-node --transpile-only scripts/outputSchemas.ts
 */
import * as fs from 'fs';
import * as path from 'path';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { Bouwsoft } from '../nodes/Bouwsoft/Bouwsoft.node';
import type { ImportCategory } from '../nodes/shared/types';
import { CredentialStore, runNode } from '../test/harness';
import { startBouwsoftSimulator } from '../test/simulators/bouwsoft';
import { bookEnv, material, period, workOrder } from '../test/node/bouwsoft/bookEnv';

export const SCHEMA_DIR = path.join(__dirname, '..', 'nodes', 'Bouwsoft', '__schema__', 'v1.0.0');
export const CATEGORIES: Array<{ category: ImportCategory; parameters?: IDataObject }> = [
	{ category: 'employees' },
	{ category: 'materials' },
	{ category: 'categories' },
	{ category: 'warehouses' },
	{ category: 'hourTypes' },
	{ category: 'relations', parameters: { includeContacts: true } },
	{ category: 'projects', parameters: { includeActivities: true } },
	{ category: 'assignments' },
];

type Schema = { type: string | string[]; properties?: Record<string, Schema>; items?: Schema };

function typeOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	return typeof value === 'number' ? 'number' : typeof value;
}

/** A JSON schema that every one of `values` fits (types merged, object properties united). */
function schemaOf(values: unknown[]): Schema {
	const types = [...new Set(values.map(typeOf))].filter((t) => t !== 'undefined').sort();
	const schema: Schema = { type: types.length === 1 ? types[0] : types };
	const objects = values.filter((v): v is IDataObject => typeOf(v) === 'object');
	if (objects.length) {
		const keys = [...new Set(objects.flatMap((o) => Object.keys(o)))].filter((k) => k !== 'summary').sort();
		schema.properties = Object.fromEntries(keys.map((key) => [key, schemaOf(objects.map((o) => o[key]).filter((v) => v !== undefined))]));
	}
	const arrays = values.filter((v): v is unknown[] => Array.isArray(v));
	if (arrays.length && arrays.some((a) => a.length)) schema.items = schemaOf(arrays.flat());
	return schema;
}

export async function outputSchemas(): Promise<Map<string, string>> {
	const sim = await startBouwsoftSimulator();
	try {
		const credentials = new CredentialStore({ bouwsoftApi: { clientNr: sim.clientNr, refreshToken: sim.refreshToken, authUrl: sim.authUrl } });
		const files = new Map<string, string>();
		for (const { category, parameters } of CATEGORIES) {
			const result = await runNode({
				node: new Bouwsoft(),
				parameters: { resource: category, operation: 'getMany', scope: 'all', ...parameters } as never,
				credentials,
			});
			if (result.error) throw result.error;
			const items = result.outputs[0].map((item) => item.json);
			if (items.length === 0) throw new Error(`no ${category} in the simulator's seed`);
			const schema = { $schema: 'http://json-schema.org/draft-07/schema#', ...schemaOf(items) };
			files.set(path.join(category, 'getMany.json'), `${JSON.stringify(schema, null, '\t')}\n`);
		}
		return files;
	} finally {
		await sim.close();
	}
}

export const BOOK_SCHEMA_FILE = path.join('workOrder', 'book.json');

/** The Book operation's items: booked (A-), booked on a created assignment (P-), failed, skipped. */
export async function bookOutputSchema(): Promise<string> {
	const env = await bookEnv();
	try {
		const orders = [
			workOrder({
				no: 'A-1001',
				comment: 'Klaar',
				periods: [period('12-03-2026', '07:30', '12:00', { Break: '15' })],
				materials: [material('K-100', '2,5'), material('NEW-1', 1)],
			}),
			workOrder({ no: 'P-20260012', periods: [period('13-03-2026', '08:00', '12:00')] }),
			workOrder({ no: 'A-1001', materials: [material('MISSING', 1)] }),
			workOrder({ no: 'WB-77' }),
		];
		const book = async (parameters: INodeParameters) => {
			const result = await env.book(orders.slice(0, parameters.unknownMaterials === 'freeText' ? 2 : 4), parameters, true);
			if (result.error) throw result.error;
			return result.outputs[0].map((item) => item.json);
		};
		const items = [...(await book({ unknownMaterials: 'freeText' })), ...(await book({}))];
		return `${JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...schemaOf(items) }, null, '\t')}\n`;
	} finally {
		await env.close();
	}
}

if (require.main === module) {
	void Promise.all([outputSchemas(), bookOutputSchema()]).then(([files, book]) => {
		files.set(BOOK_SCHEMA_FILE, book);
		for (const [file, text] of files) {
			fs.mkdirSync(path.dirname(path.join(SCHEMA_DIR, file)), { recursive: true });
			fs.writeFileSync(path.join(SCHEMA_DIR, file), text);
		}
		process.stdout.write(`${files.size} output schemas written to ${path.relative(process.cwd(), SCHEMA_DIR)}\n`);
	});
}
