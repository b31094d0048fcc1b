import { createAnalyzer } from './analyze';
import { LEXICON } from './lexicon';
import { stemWord } from './stem';
import { rankAll } from './rank-all';
import { builtInMeaningTable, parseMeaningTable } from './translation';

const TABLE = [
  'detektorer=detectors:0.912 sensors:0.851 detection:0.805 radar:0.790',
  'detektor=detectorx:0.990',
  'och=and:0.950',
  'kvant=quantum:0.880 the:0.870',
  'prickar=dots:0.820',
  'lågt=low:0.700',
].join('\n');

describe('parseMeaningTable', () => {
  const table = parseMeaningTable(TABLE, { minCosine: 0.8, maxTargets: 3, weight: 1 });

  it('keys entries by Swedish stem, the first spelling of a stem winning, and maps to English stems', () => {
    expect(table.targets.get(stemWord('detektorer', 'sv'))).toEqual([
      { stem: stemWord('detection', 'en'), weight: 1 / 3 },
      { stem: stemWord('detectors', 'en'), weight: 1 / 3 },
      { stem: stemWord('sensors', 'en'), weight: 1 / 3 },
    ]);
  });

  it('leaves out words below the cosine, past the most kept, Swedish stopwords and English stopword targets', () => {
    expect(table.targets.get(stemWord('och', 'sv'))).toBeUndefined();
    expect(table.targets.get(stemWord('lågt', 'sv'))).toBeUndefined();
    expect(table.targets.get(stemWord('kvant', 'sv'))).toEqual([{ stem: 'quantum', weight: 1 }]);
    const one = parseMeaningTable(TABLE, { minCosine: 0.8, maxTargets: 1, weight: 0.5 });
    expect(one.targets.get(stemWord('detektorer', 'sv'))).toEqual([
      { stem: stemWord('detectors', 'en'), weight: 0.5 },
    ]);
  });

  it('reads the built-in table, built from word lists', () => {
    const table = builtInMeaningTable();
    expect(table.targets.size).toBeGreaterThan(5_000);
    expect(table.swedishWords.length).toBe(24_000);
  });
});

describe('Swedish words similar in meaning to English ones', () => {
  const analyzer = createAnalyzer(
    ['kvant', 'prickar'],
    LEXICON,
    parseMeaningTable(TABLE, { minCosine: 0.8, maxTargets: 3, weight: 1 }),
  );

  it('adds the English words beside the Swedish stem, marked as found by meaning', () => {
    const doc = analyzer.analyzeNeed({
      id: 'n',
      title: 'Billiga detektorer',
      description: '',
      language: 'sv',
    });
    const title = doc.fields.get('title')!;
    expect(title.get(stemWord('detektorer', 'sv'))).toBe(1);
    expect(title.get(stemWord('detectors', 'en'))).toBeCloseTo(1 / 3);
    expect(doc.display.get(stemWord('detectors', 'en'))).toBe('detektorer');
    expect(doc.display.byMeaning?.(stemWord('detectors', 'en'))).toBe(true);
    expect(doc.display.byMeaning?.(stemWord('detektorer', 'sv'))).toBe(false);
  });

  it('adds the parts of a compound that has no entry of its own, at the weight of a part', () => {
    const doc = analyzer.analyzeNeed({ id: 'n', title: 'kvantprickar', description: '', language: 'sv' });
    const title = doc.fields.get('title')!;
    expect(title.get('quantum')).toBeCloseTo(0.5);
    expect(title.get(stemWord('dots', 'en'))).toBeCloseTo(0.5);
  });

  it('keeps English words near a tag out of its whole-tag term', () => {
    const doc = analyzer.analyzeNeed({
      id: 'n',
      title: 'x',
      description: '',
      tags: ['kvant'],
      language: 'sv',
    });
    expect([...doc.fields.get('tags')!.keys()].filter((t) => t.startsWith('#'))).toEqual([
      `#${stemWord('kvant', 'sv')}`,
    ]);
  });

  it('does not touch English documents', () => {
    const doc = analyzer.analyzeStartup({ id: 's', name: 'x', description: 'detektorer', language: 'en' });
    expect(doc.display.byMeaning?.('detektor')).toBe(false);
    expect([...doc.fields.get('description')!.keys()]).toEqual([stemWord('detektorer', 'en')]);
  });
});

describe('explanations of a Swedish need matched to an English profile', () => {
  it('say which shared words were found by similar meaning, in both wordings', () => {
    const ranked = rankAll(
      [{ id: 'need', title: 'Infraröd kamera för skogsbränder', description: '', language: 'sv' }],
      [
        {
          id: 'ir',
          name: 'Acme',
          description: 'Infrared cameras that spot wildfires early.',
          language: 'en',
        },
        { id: 'other', name: 'Other', description: 'Accounting software for small firms.', language: 'en' },
      ],
      { topK: 2 },
    );
    const best = ranked.get('need')?.[0];
    expect(best?.startupId).toBe('ir');
    expect(best?.explanation.terms).toContainEqual({
      term: 'infraröd / infrared',
      share: expect.any(Number),
      similarMeaning: true,
    });
  });
});
