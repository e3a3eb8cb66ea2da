import { REDACTED, redactText, redactValue } from '../../../nodes/shared/redact';

describe('redaction', () => {
	const secret = 'btffWxfAOOzSfPDVtfzRqkGkfPtPVIfUfPkUzbjjkIAfmlDUrn';

	it('replaces known secrets wherever they appear, also URL-encoded', () => {
		const special = 'a+b/c=d&e secret';
		const text = `failed with ${secret} and ${encodeURIComponent(special)} and ${special}`;
		const out = redactText(text, [secret, special]);
		expect(out).not.toContain(secret);
		expect(out).not.toContain(special);
		expect(out).not.toContain(encodeURIComponent(special));
		expect(out.split(REDACTED)).toHaveLength(4);
	});

	it('masks token query parameters even when the value is unknown', () => {
		const url = 'https://app.out-smart.com/openapi/8/materials?token=abc123XYZ&software_token=s0ftw4re&x=1';
		const out = redactText(url);
		expect(out).toBe(`https://app.out-smart.com/openapi/8/materials?token=${REDACTED}&software_token=${REDACTED}&x=1`);
	});

	it('masks secret-named JSON keys and headers', () => {
		const body = '{"AccessToken":"zzzzzzzzzz","ServerName":"Osiris.bouwsoft.be"} RefreshToken: qqqqqqqq Authorization: Bearer tttttttt';
		const out = redactText(body);
		expect(out).toContain('"ServerName":"Osiris.bouwsoft.be"');
		for (const s of ['zzzzzzzzzz', 'qqqqqqqq', 'tttttttt']) expect(out).not.toContain(s);
	});

	it('does not treat very short values as secrets', () => {
		expect(redactText('status 1 of 12', ['1'])).toBe('status 1 of 12');
	});

	it('deep-redacts objects, arrays and secret-named keys without touching the original', () => {
		const input = {
			message: `bad token ${secret}`,
			headers: { AccessToken: 'abc', accept: 'json' },
			list: [{ url: '/x?token=abcdef' }],
			n: 5,
		};
		const out = redactValue(input, [secret]);
		expect(out).toEqual({
			message: `bad token ${REDACTED}`,
			headers: { AccessToken: REDACTED, accept: 'json' },
			list: [{ url: `/x?token=${REDACTED}` }],
			n: 5,
		});
		expect(input.message).toContain(secret);
	});

	it('handles cyclic structures', () => {
		const a: Record<string, unknown> = { name: 'x' };
		a.self = a;
		const out = redactValue(a) as Record<string, unknown>;
		expect(out.self).toBe(out);
	});
});
