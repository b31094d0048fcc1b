import { createAnalyzer } from './analyze';
import { BUILT_IN_COMPOUND_WORDS } from './compound-words.data';
import { createCompoundSplitter } from './compounds';
import { LEXICON } from './lexicon';

const splitter = createCompoundSplitter([...BUILT_IN_COMPOUND_WORDS, ...LEXICON.swedishWords]);

describe('createCompoundSplitter', () => {
  it.each([
    ['delningstjänst', ['delning', 'tjänst']],
    ['delningstjänster', ['delning', 'tjänster']],
    ['överskottsenergi', ['överskott', 'energi']],
    ['språkutveckling', ['språk', 'utveckling']],
    ['batteriåtervinning', ['batteri', 'återvinning']],
    ['energilagringssystem', ['energilagring', 'system']],
    ['solcellsbatteri', ['solcell', 'batteri']],
  ])('splits %j into %j', (word, parts) => {
    expect(splitter(word)).toEqual(parts);
  });

  it.each(['kommunen', 'information', 'golv', 'verksamheten'])('leaves %j whole', (word) => {
    expect(splitter(word)).toBeNull();
  });

  it('prefers the fewest parts', () => {
    expect(createCompoundSplitter(['energi', 'lagring', 'system'])('energilagringssystem')).toEqual([
      'energi',
      'lagring',
      'system',
    ]);
  });

  it('splits against corpus words it was given', () => {
    const custom = createCompoundSplitter(['snurr', 'boll']);
    expect(custom('snurrboll')).toEqual(['snurr', 'boll']);
    expect(createCompoundSplitter([])('snurrboll')).toBeNull();
  });

  it('gives the same answer whatever the vocabulary order', () => {
    const reversed = createCompoundSplitter([...LEXICON.swedishWords, ...BUILT_IN_COMPOUND_WORDS].reverse());
    for (const word of ['delningstjänst', 'överskottsenergi', 'energilagringssystem'])
      expect(reversed(word)).toEqual(splitter(word));
  });
});

describe('compounds in the analyzer', () => {
  const analyzer = createAnalyzer([]);
  const termsOf = (text: string): Set<string> => {
    const doc = analyzer.analyzeNeed({ id: 'x', title: text, description: '', language: 'sv' });
    return new Set(doc.fields.get('title')?.keys() ?? []);
  };
  const shared = (a: Set<string>, b: Set<string>): string[] => [...a].filter((term) => b.has(term));

  it.each([
    ['delningstjänst', 'delning av tjänster'],
    ['överskottsenergi', 'energi i överskott'],
    ['språkutveckling', 'utveckling av språk'],
    ['batteriåtervinning', 'återvinning av batterier'],
  ])('%j shares terms with %j', (compound, spelledOut) => {
    expect(shared(termsOf(compound), termsOf(spelledOut)).length).toBeGreaterThanOrEqual(2);
  });

  it('weighs parts at half of a whole word', () => {
    const doc = analyzer.analyzeNeed({
      id: 'x',
      title: 'batteriåtervinning',
      description: '',
      language: 'sv',
    });
    const weights = doc.fields.get('title');
    expect(weights?.get('batteri')).toBe(0.5);
    expect(weights?.get('recycl')).toBe(0.5);
  });
});
