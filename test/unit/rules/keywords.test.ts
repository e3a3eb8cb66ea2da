import { evaluateAssignmentFilter, parseKeywords, validateKeywordFilter, type KeywordFilterConfig } from '../../../nodes/Bouwsoft/rules/keywords';
import { plainTextOf } from '../../../nodes/Bouwsoft/rules/text';

const any = (...keywords: string[]): KeywordFilterConfig => ({ noFilter: false, keywords, match: 'any' });
const all = (...keywords: string[]): KeywordFilterConfig => ({ noFilter: false, keywords, match: 'all' });
const note = (note_technician: unknown) => ({ id: 9, nr: 3021, title: 'Lekkage dak', note_technician });

describe('assignment keyword filter', () => {
	test.each([
		// [note, config, kept]
		['Graag via OutSmart inplannen', any('outsmart'), true],
		['GRAAG VIA OUTSMART', any('OutSmart'), true],
		['Réparatie chauffe-eau, dringend', any('reparatie'), true],
		['Reparatie chauffe-eau', any('réparatie'), true],
		['Ketel onderhoud, ÉÉN bezoek', any('een bezoek'), true],
		['Eerste regel\n\nLaatste regel: SPOED', any('spoed'), true],
		['lijn één\r\nspoed werk', any('één spoed'), true],
		['ketel onderhoud', any('spoed'), false],
		['spoed, geen outsmart', any('outsmart', 'planning'), true],
		['spoed, geen outsmart', all('outsmart', 'spoed'), true],
		['spoed alleen', all('outsmart', 'spoed'), false],
		['niets', any('outsmart', 'spoed'), false],
		['<p>Graag <b>Out</b><b>Smart</b></p>', any('outsmart'), true],
		['<p>Graag&nbsp;<em>spoed</em></p><br/>via OutSmart', all('graag spoed', 'outsmart'), true],
		['Caf&eacute; renovatie', any('café'), true],
		['{\\rtf1\\ansi{\\fonttbl\\f0 Arial;}\\f0\\fs20 Dringend: r\\\'e9paratie\\par via OutSmart}', all('réparatie', 'outsmart'), true],
		['', any('outsmart'), false],
		[null, any('outsmart'), false],
		[undefined, any('outsmart'), false],
		[12345, any('234'), true],
	] as Array<[unknown, KeywordFilterConfig, boolean]>)('%j with %j → kept %s', (text, config, kept) => {
		expect(evaluateAssignmentFilter(note(text), config).kept).toBe(kept);
	});

	test('No filter keeps everything, also without a note', () => {
		const config: KeywordFilterConfig = { noFilter: true, keywords: [], match: 'any' };
		for (const record of [note(''), note(null), {}, note('whatever')]) expect(evaluateAssignmentFilter(record, config)).toEqual({ kept: true });
	});

	test('the discard reason names the missing keyword(s)', () => {
		expect(evaluateAssignmentFilter(note('spoed alleen'), all('outsmart', 'spoed', 'dak'))).toEqual({
			kept: false,
			missing: ['outsmart', 'dak'],
			reason: 'Technician note does not contain "outsmart", "dak" (all of "outsmart", "spoed", "dak" are required).',
		});
		expect(evaluateAssignmentFilter(note('ketel'), any('outsmart', 'spoed'))).toEqual({
			kept: false,
			missing: ['outsmart', 'spoed'],
			reason: 'Technician note contains none of the keywords "outsmart", "spoed".',
		});
		expect(evaluateAssignmentFilter(note(''), any('outsmart')).reason).toBe('Technician note is empty, so it has none of the keywords "outsmart".');
		expect(evaluateAssignmentFilter({ id: 9, nr: 3021 }, any('outsmart')).reason).toBe(
			'The item has no note_technician field, so it has none of the keywords "outsmart". Items of the Bouwsoft Trigger and Get Many carry it; from another source, map the technician note to note_technician.',
		);
	});

	test('keywords are split on commas, semicolons and new lines; blanks are dropped', () => {
		expect(parseKeywords(' outsmart, spoed ;dringend\n\n , ')).toEqual(['outsmart', 'spoed', 'dringend']);
		expect(parseKeywords('')).toEqual([]);
	});

	test('no keywords is invalid unless No filter', () => {
		expect(validateKeywordFilter(any())).toEqual([expect.stringContaining('add at least one keyword')]);
		expect(validateKeywordFilter(any('  '))).toHaveLength(1);
		expect(validateKeywordFilter({ noFilter: true, keywords: [], match: 'any' })).toEqual([]);
		expect(validateKeywordFilter(any('x'))).toEqual([]);
		expect(() => evaluateAssignmentFilter(note('x'), any())).toThrow(/add at least one keyword/);
	});

	test('plain text of markup keeps words apart', () => {
		expect(plainTextOf('a<br>b').replace(/\s+/g, ' ')).toBe('a b');
		expect(plainTextOf('x &amp; y &#233; &#x41;')).toBe('x & y é A');
		expect(plainTextOf('2 < 3 and 5 > 4')).toBe('2 < 3 and 5 > 4');
	});
});
