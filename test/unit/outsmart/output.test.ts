/**
 * Output items of the OutSmart node: every string redacted, including the fast path of nodes/shared/redact.ts
 * (strings without a known secret, "=" or ":" are returned as they are), compared against the redaction
 * as it was before the fast path.
 */
import type { IDataObject } from 'n8n-workflow';

import { buildOutput } from '../../../nodes/OutSmart/upsert/output';
import type { ItemPlan, UpsertSettings } from '../../../nodes/OutSmart/upsert/types';
import { REDACTED, redactText, redactValue } from '../../../nodes/shared/redact';

/** redactText before the fast path (reference for "same behaviour"). */
function referenceRedactText(text: string, secrets: string[]): string {
	const names = 'software[_-]?token|token|refreshtoken|refresh[_-]?token|accesstoken|access[_-]?token|authorization';
	let result = text;
	for (const secret of secrets) {
		if (secret.length < 6) continue;
		result = result.split(secret).join(REDACTED);
		const encoded = encodeURIComponent(secret);
		if (encoded !== secret) result = result.split(encoded).join(REDACTED);
	}
	result = result.replace(new RegExp(`([?&;\\s]|^)(${names})=([^&\\s"'#]+)`, 'gi'), (_m, lead: string, name: string) => `${lead}${name}=${REDACTED}`);
	return result.replace(
		new RegExp(`(["']?)(${names})\\1(\\s*:\\s*)(["']?)(Bearer\\s+)?([^"',\\s}&]+)`, 'gi'),
		(_m, q1: string, name: string, sep: string, q2: string) => `${q1}${name}${q1}${sep}${q2}${REDACTED}`,
	);
}

const SECRET = 'Zq8x+tokenValue/42';
const SAMPLES = [
	'Muurverf wit M100',
	'',
	'2025-03-01 10:00:00',
	`bad ${SECRET} here`,
	`encoded ${encodeURIComponent(SECRET)}`,
	'https://x/y?token=abc123&x=1',
	'token=abc',
	'Authorization: Bearer abcdef',
	'{"AccessToken":"zzz","x":1}',
	'RefreshToken : qqqqqq',
	'a=b',
	'no secret: here',
	'tokentoken',
	'prefix Zq8x+tokenValue/4',
	'🏗'.repeat(3),
];

describe('redaction fast path', () => {
	it.each(SAMPLES.map((s) => [s]))('%j is redacted exactly as before', (text) => {
		expect(redactText(text, [SECRET, 'short'])).toBe(referenceRedactText(text, [SECRET, 'short']));
		expect(redactText(text)).toBe(referenceRedactText(text, []));
	});

	it('returns strings that cannot hold a secret unchanged, and still copies objects', () => {
		const input = { description: 'Schroef verzinkt 4x40', nested: { list: ['a', 'b'] } };
		const out = redactValue(input, [SECRET]);
		expect(out).toEqual(input);
		expect(out).not.toBe(input);
		expect(out.nested).not.toBe(input.nested);
	});
});

describe('OutSmart output items', () => {
	const settings = { resource: 'material', dryRun: false } as UpsertSettings;
	const plan = (record: IDataObject, extra: Partial<ItemPlan> = {}): ItemPlan => ({
		index: 0,
		writes: [{ item: 0, kind: 'materials', key: String(record.code), record, action: 'upserted' }],
		warnings: [],
		...extra,
	});

	it('redacts secrets in records, warnings and errors; leaves other values as they are', () => {
		const plans = [
			plan({ code: 'M1', description: `leaked ${SECRET}`, note: 'see ?token=abcdef' }, { warnings: [`w ${SECRET}`] }),
			plan({ code: 'M2', description: 'Schroef' }, { failure: { message: `OutSmart said ${SECRET}`, fix: 'Fix it' } }),
		];
		const [first, second] = buildOutput(plans, settings, [SECRET], false);
		expect(JSON.stringify([first, second])).not.toContain(SECRET);
		expect(first.json).toMatchObject({ action: 'upserted', key: 'M1', record: { code: 'M1', description: `leaked ${REDACTED}`, note: `see ?token=${REDACTED}` } });
		expect(second.json).toMatchObject({ action: 'failed', record: { description: 'Schroef' }, error: `OutSmart said ${REDACTED}` });
		expect([first.pairedItem, second.pairedItem]).toEqual([{ item: 0 }, { item: 0 }]);
		// The planned record itself is not changed by the redaction.
		expect(plans[0].writes[0].record.description).toContain(SECRET);
	});
});
