import type { AnalyzedDocument } from './analyze';
import {
  averageFieldLengths,
  bm25Idf,
  bm25Weight,
  CORPUS_STOPWORD_MIN_PROFILES,
  fieldedFrequencies,
  queryFrequencies,
  termIdf,
} from './bm25';
import { fitModel } from './model';

const doc = (fields: Record<string, Record<string, number>>): AnalyzedDocument => {
  const map = new Map(
    Object.entries(fields).map(([field, terms]) => [field, new Map(Object.entries(terms))]),
  );
  const lengths = new Map(
    [...map].map(([field, terms]) => [field, [...terms.values()].reduce((a, b) => a + b, 0)]),
  );
  return { id: 'd', language: 'en', fields: map, lengths, display: new Map() };
};

describe('bm25Idf', () => {
  it('falls as terms get commoner and stays positive', () => {
    expect(bm25Idf(100, 1)).toBeGreaterThan(bm25Idf(100, 10));
    expect(bm25Idf(100, 10)).toBeGreaterThan(bm25Idf(100, 100));
    expect(bm25Idf(100, 100)).toBeGreaterThan(0);
  });

  it('treats df 0 (unseen) as df 1', () => {
    expect(bm25Idf(50, 0)).toBe(bm25Idf(50, 1));
    expect(bm25Idf(50, 1)).toBeCloseTo(Math.log(1 + 49.5 / 1.5), 12);
  });
});

describe('termIdf', () => {
  it('is bm25Idf up to half of the profiles and 0 above (corpus stopwords)', () => {
    expect(termIdf(100, 50)).toBe(bm25Idf(100, 50));
    expect(termIdf(100, 51)).toBe(0);
    expect(termIdf(100, 100)).toBe(0);
  });

  it('keeps every term in a corpus too small to tell', () => {
    const n = CORPUS_STOPWORD_MIN_PROFILES - 1;
    expect(termIdf(n, n)).toBe(bm25Idf(n, n));
    expect(termIdf(n, n)).toBeGreaterThan(0);
  });

  it('gives a word most profiles use no weight, no postings and no LSA row in a fitted model', () => {
    const startups = Array.from({ length: 30 }, (_, i) => ({
      id: `s${i}`,
      name: `Firm ${i}`,
      description: `solution topic${i} topic${(i + 1) % 30} field${i % 5}`,
      language: 'en' as const,
    }));
    const model = fitModel(
      [{ id: 'n', title: 'solution', description: 'topic3 field2', language: 'en' }],
      startups,
    );
    const id = model.terms.indexOf('solut');
    expect(model.idf[id]).toBe(0);
    expect(model.weightMean[id]).toBe(0);
    expect(model.lsa?.termIds).not.toContain(id);
    expect(model.idf[model.terms.indexOf('field2')]).toBeGreaterThan(0);
  });
});

describe('bm25Weight', () => {
  it('saturates towards idf × (k1 + 1)', () => {
    const idf = 2;
    expect(bm25Weight(1, idf, 1.2)).toBeCloseTo(2, 12);
    expect(bm25Weight(1000, idf, 1.2)).toBeLessThan(idf * 2.2);
    expect(bm25Weight(1000, idf, 1.2)).toBeGreaterThan(idf * 2.19);
    expect(bm25Weight(2, idf, 1.2)).toBeGreaterThan(bm25Weight(1, idf, 1.2));
  });
});

describe('fieldedFrequencies', () => {
  const fields = { weights: { title: 3, description: 1 }, averageLength: { title: 2, description: 10 } };

  it('weighs a title occurrence above a description occurrence', () => {
    const inTitle = fieldedFrequencies(
      doc({ title: { floor: 1, x: 1 }, description: { y: 10 } }),
      fields,
      0.75,
    );
    const inDescription = fieldedFrequencies(
      doc({ title: { x: 1, z: 1 }, description: { floor: 1, y: 9 } }),
      fields,
      0.75,
    );
    expect(inTitle.get('floor')).toBeGreaterThan(inDescription.get('floor') as number);
  });

  it('normalises by field length relative to the average (b = 0.75)', () => {
    const short = fieldedFrequencies(doc({ description: { floor: 1, a: 4 } }), fields, 0.75).get(
      'floor',
    ) as number;
    const long = fieldedFrequencies(doc({ description: { floor: 1, a: 19 } }), fields, 0.75).get(
      'floor',
    ) as number;
    expect(short).toBeCloseTo(1 / (0.25 + 0.75 * 0.5), 12);
    expect(long).toBeCloseTo(1 / (0.25 + 0.75 * 2), 12);
  });

  it('ignores length when b = 0', () => {
    expect(fieldedFrequencies(doc({ description: { floor: 1, a: 99 } }), fields, 0).get('floor')).toBe(1);
  });

  it('skips fields without a weight', () => {
    expect(fieldedFrequencies(doc({ other: { floor: 5 } }), fields, 0.75).size).toBe(0);
  });
});

describe('queryFrequencies and averageFieldLengths', () => {
  it('sums weighted counts over fields', () => {
    const fields = { weights: { title: 2, description: 1 }, averageLength: {} };
    expect(
      queryFrequencies(doc({ title: { floor: 1 }, description: { floor: 3 } }), fields).get('floor'),
    ).toBe(5);
  });

  it('averages field lengths with a floor of 1', () => {
    const averages = averageFieldLengths(
      [doc({ title: { a: 2 } }), doc({ title: { b: 4 } })],
      ['title', 'tags'],
    );
    expect(averages).toEqual({ title: 3, tags: 1 });
  });
});
