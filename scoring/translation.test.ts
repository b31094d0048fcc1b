import { createAnalyzer } from './analyze';
import { LEXICON } from './lexicon';
import { stemWord } from './stem';
import { buildIndex, rankAll } from './rank-all';
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
    expect(table.sources.get('quantum')).toEqual([{ stem: stemWord('kvant', 'sv'), weight: 1 }]);
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
    const doc = analyzer.analyzeNeed(
      {
        id: 'n',
        title: 'Billiga detektorer',
        description: '',
        language: 'sv',
      },
      true,
    );
    const title = doc.fields.get('title')!;
    expect(title.get(stemWord('detektorer', 'sv'))).toBe(1);
    expect(title.get(stemWord('detectors', 'en'))).toBeCloseTo(1 / 3);
    expect(doc.display.get(stemWord('detectors', 'en'))).toBe('detektorer');
    expect(doc.display.byMeaning?.(stemWord('detectors', 'en'))).toBe(true);
    expect(doc.display.byMeaning?.(stemWord('detektorer', 'sv'))).toBe(false);
  });

  it('adds the parts of a compound that has no entry of its own, at the weight of a part', () => {
    const doc = analyzer.analyzeNeed(
      { id: 'n', title: 'kvantprickar', description: '', language: 'sv' },
      true,
    );
    const title = doc.fields.get('title')!;
    expect(title.get('quantum')).toBeCloseTo(0.5);
    expect(title.get(stemWord('dots', 'en'))).toBeCloseTo(0.5);
  });

  it('keeps English words near a tag out of its whole-tag term', () => {
    const doc = analyzer.analyzeNeed(
      {
        id: 'n',
        title: 'x',
        description: '',
        tags: ['kvant'],
        language: 'sv',
      },
      true,
    );
    expect([...doc.fields.get('tags')!.keys()].filter((t) => t.startsWith('#'))).toEqual([
      `#${stemWord('kvant', 'sv')}`,
    ]);
  });

  it('adds nothing to a need analysed as written, nor to any profile', () => {
    const need = analyzer.analyzeNeed({
      id: 'n',
      title: 'detektorer',
      description: '',
      language: 'sv',
    });
    expect([...need.fields.get('title')!.keys()]).toEqual([stemWord('detektorer', 'sv')]);
    const profile = analyzer.analyzeStartup({
      id: 's',
      name: 'x',
      description: 'detektorer',
      language: 'sv',
    });
    expect([...profile.fields.get('description')!.keys()]).toEqual([stemWord('detektorer', 'sv')]);
  });

  it('gives an English need read across languages the Swedish words nearest its own', () => {
    const doc = analyzer.analyzeNeed({ id: 'n', title: 'quantum', description: '', language: 'en' }, true);
    const title = doc.fields.get('title')!;
    expect(title.get('quantum')).toBe(1);
    expect(title.get(stemWord('kvant', 'sv'))).toBe(1);
    expect(doc.display.byMeaning?.(stemWord('kvant', 'sv'))).toBe(true);
  });

  it('does not touch English profiles', () => {
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

/** Deterministic text of `count` words from a small mixed Swedish and English vocabulary (xorshift). */
function mixedText(seed: number, count: number): string {
  const words = (
    'digital tillsyn skola vård omsorg energi transport mobil plattform data analys sensor vatten avfall bygg ' +
    'trafik kollektivtrafik e-tjänst maskininlärning kommun region invånare hälsa äldre barn utbildning ' +
    'säkerhet kamera drönare karta belysning parkering bibliotek cykel laddning solenergi fjärrvärme ' +
    'översvämning klimat skog jordbruk turism inspection mobile platform analytics sensors water waste ' +
    'building traffic health elderly children education safety camera drones maps lighting parking library ' +
    'bicycle charging solar heating flooding climate forest farming tourism'
  ).split(' ');
  let state = (seed * 2654435761) >>> 0 || 1;
  const out: string[] = [];
  for (let i = 0; i < count; i += 1) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    out.push(words[state % words.length] as string);
  }
  return out.join(' ');
}

describe('translation helps only across the language line', () => {
  // Five Swedish needs and twenty profiles of mixed words; one profile then becomes an exact copy
  // of the first need. Its translations must not let other profiles overtake the copy.
  const needs = [0, 1, 2, 3, 4].map((i) => ({
    id: `n${i}`,
    title: mixedText(500 + i, 5),
    description: mixedText(1500 + i, 40),
    language: 'sv' as const,
  }));
  const startups = Array.from({ length: 20 }, (_, i) => ({
    id: `s${String(i).padStart(2, '0')}`,
    name: `Startup ${600 + i}`,
    oneLiner: mixedText(7600 + i, 8),
    description: mixedText(9600 + i, 50),
    offering: mixedText(11600 + i, 10),
    references: ['Food inspections for 40 inspectors'],
  }));

  it('ranks an exact same-language copy of a need first, scored on the need’s own words', () => {
    const index = buildIndex(needs, startups);
    const need = needs[0]!;
    const echo = `${need.title} ${need.description}`;
    index.upsertStartup({ ...startups[19]!, oneLiner: echo, description: echo });
    const [best] = index.rankStartups('n0', { topK: 3 });
    expect(best?.startupId).toBe('s19');
    expect(best?.explanation.crossLanguage).toBe(false);
    expect(best?.explanation.terms.some((term) => term.similarMeaning === true)).toBe(false);
  });

  it('scores a pair alike on every path when one need has two forms', () => {
    const index = buildIndex(needs, [
      ...startups,
      {
        id: 'en',
        name: 'Heat',
        description: 'District heating and solar charging for schools',
        language: 'en',
      },
    ]);
    for (const match of index.rankStartups('n1', { topK: 21 })) {
      expect(index.scorePair('n1', match.startupId)?.score).toBe(match.score);
      const fromProfile = index.rankNeeds(match.startupId, { topK: 5 }).find((m) => m.needId === 'n1');
      expect(fromProfile?.score).toBe(match.score);
    }
  });
});
