import { createAnalyzer } from './analyze';
import { englishCognates } from './cognates';
import { LEXICON } from './lexicon';
import { buildIndex } from './rank-all';
import { stemWord } from './stem';
import { parseMeaningTable } from './translation';

describe('englishCognates', () => {
  it.each([
    ['detektorer', 'detector'],
    ['modulära', 'modular'],
    ['atmosfärisk', 'atmospheric'],
    ['kvantitativ', 'quantitative'],
    ['demonstrera', 'demonstrate'],
    ['integrering', 'integration'],
    ['elektriska', 'electric'],
    ['strukturer', 'structure'],
    ['energi', 'energy'],
    ['selektiv', 'selective'],
  ])('spells %s as %s among its candidates', (swedish, english) => {
    expect(englishCognates(swedish)).toContain(english);
  });

  it('keeps the word as written, for English terms kept in Swedish text', () => {
    expect(englishCognates('avionics')).toContain('avionics');
  });

  it('guesses nothing for short words, which meet false friends', () => {
    expect(englishCognates('hot')).toEqual([]);
    expect(englishCognates('låg')).toEqual([]);
  });
});

describe('cognates of a Swedish need read across languages', () => {
  const profileWords = new Set(['detector', 'modular', 'cheap'].map((word) => stemWord(word, 'en')));
  const analyzer = createAnalyzer([], LEXICON, parseMeaningTable(''), (stem) => profileWords.has(stem));
  const need = { id: 'n', title: 'Billiga modulära detektorer', description: '', language: 'sv' as const };

  it('adds the English stems the profiles use, marked as found by meaning', () => {
    const title = analyzer.analyzeNeed(need, true).fields.get('title')!;
    const doc = analyzer.analyzeNeed(need, true);
    expect(title.get(stemWord('detector', 'en'))).toBe(1);
    expect(title.get(stemWord('modular', 'en'))).toBe(1);
    expect(doc.display.byMeaning?.(stemWord('detector', 'en'))).toBe(true);
    expect(doc.display.get(stemWord('detector', 'en'))).toBe('detektorer');
  });

  it('adds nothing the profiles do not use, and nothing to the need as written', () => {
    const across = [...analyzer.analyzeNeed(need, true).fields.get('title')!.keys()];
    expect(across).not.toContain(stemWord('cheap', 'en'));
    const written = [...analyzer.analyzeNeed(need).fields.get('title')!.keys()];
    expect(written).not.toContain(stemWord('detector', 'en'));
  });

  it('keeps a Swedish stem across the language line only when the profiles use it', () => {
    const withShared = { ...need, title: 'Billiga modulära detektorer och laser' };
    const across = analyzer.analyzeNeed(withShared, true).fields.get('title')!;
    const vocabulary = new Set([...profileWords, stemWord('laser', 'sv')]);
    const sharing = createAnalyzer([], LEXICON, parseMeaningTable(''), (stem) => vocabulary.has(stem));
    // No profile writes "detektor" or "laser": those stems could meet no profile.
    expect(across.has(stemWord('detektorer', 'sv'))).toBe(false);
    expect(across.has(stemWord('laser', 'sv'))).toBe(false);
    expect(sharing.analyzeNeed(withShared, true).fields.get('title')!.get(stemWord('laser', 'sv'))).toBe(1);
    // The need as written keeps every word, so a Swedish profile meets it on its own words.
    const written = analyzer.analyzeNeed(withShared).fields.get('title')!;
    expect(written.get(stemWord('detektorer', 'sv'))).toBe(1);
    expect(written.get(stemWord('laser', 'sv'))).toBe(1);
  });

  it('lets a Swedish need find the English profile that shares only cognates with it', () => {
    const index = buildIndex(
      [{ id: 'n', title: 'Modulära detektorer för infraröd strålning', description: '', language: 'sv' }],
      [
        { id: 'hit', name: 'A', description: 'Modular detector arrays.', language: 'en' },
        ...Array.from({ length: 12 }, (_, i) => ({
          id: `other-${i}`,
          name: `B${i}`,
          description: `Payroll software and accounting services number ${i}.`,
          language: 'en' as const,
        })),
      ],
    );
    const [best] = index.rankStartups('n', { topK: 3 });
    expect(best?.startupId).toBe('hit');
    expect(best?.explanation.terms).toContainEqual(
      expect.objectContaining({ term: 'detektorer / detector', similarMeaning: true }),
    );
  });
});
