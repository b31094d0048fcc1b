import { createAnalyzer } from './analyze';
import { LEXICON, parseLexicon, translateSwedish } from './lexicon';
import { LEXICON_LINES } from './lexicon.data';

describe('lexicon', () => {
  it('holds a few hundred entries', () => {
    expect(LEXICON_LINES.length).toBeGreaterThanOrEqual(300);
    expect(LEXICON.unigrams.size).toBeGreaterThanOrEqual(300);
  });

  it.each([
    ['förskola', ['preschool', 'kindergarten']],
    ['förskolan', ['preschool', 'kindergarten']],
    ['hemtjänst', ['care', 'home']],
    ['golv', ['floor']],
    ['städning', ['clean']],
    ['energi', ['energi']],
    ['lokaler', ['facil', 'premis']],
    ['elever', ['pupil', 'student']],
    ['orosanmälan', ['child', 'concern', 'report', 'welfar']],
  ])('maps %j to English stems %j', (swedish, stems) => {
    expect(
      translateSwedish(swedish)
        ?.map((entry) => entry.stem)
        .sort(),
    ).toEqual([...stems].sort());
  });

  it('gives alternatives equal shares and full weight to each word of a phrase', () => {
    const elev = translateSwedish('elev');
    expect(elev).toEqual([
      { stem: 'pupil', weight: 0.5 },
      { stem: 'student', weight: 0.5 },
    ]);
    expect(translateSwedish('medborgardialog')).toEqual([
      { stem: 'citizen', weight: 1 },
      { stem: 'dialogu', weight: 1 },
    ]);
  });

  it('reads two-word Swedish terms', () => {
    const lexicon = parseLexicon(['öppna data = open data']);
    expect(lexicon.bigrams.size).toBe(1);
    const analyzer = createAnalyzer([], lexicon);
    const doc = analyzer.analyzeNeed({ id: 'x', title: 'öppna data', description: '', language: 'sv' });
    expect([...(doc.fields.get('title')?.keys() ?? [])].sort()).toEqual(['data', 'open']);
  });

  it('rejects a malformed line', () => {
    expect(() => parseLexicon(['förskola preschool'])).toThrow(/without "="/);
  });
});

describe('cross-language analysis', () => {
  const analyzer = createAnalyzer([]);
  const terms = (title: string, language: 'sv' | 'en'): Set<string> =>
    new Set(
      analyzer.analyzeNeed({ id: 'x', title, description: '', language }).fields.get('title')?.keys() ?? [],
    );

  it.each([
    ['städning av golv', 'floor cleaning'],
    ['hemtjänst', 'home care'],
    ['äldreomsorg', 'elderly care'],
    ['medborgardialog', 'citizen dialogue'],
    ['språkutveckling i förskolan', 'language development in preschool'],
    ['matematik för elever', 'mathematics for pupils'],
    ['lokaler', 'premises'],
    ['transport', 'transport'],
  ])('Swedish %j and English %j meet in the same terms', (swedish, english) => {
    const sv = terms(swedish, 'sv');
    const en = terms(english, 'en');
    for (const term of en) expect(sv.has(term)).toBe(true);
  });
});
