import { measureRankings, ndcgAt, recallAt, reciprocalRankAt } from './metrics';

const relevant = new Map([
  ['a', 1],
  ['b', 1],
]);

describe('ranking metrics', () => {
  it('nDCG@k is 1 for an ideal ranking and discounts later hits', () => {
    expect(ndcgAt(['a', 'b', 'x'], relevant, 10)).toBe(1);
    expect(ndcgAt(['x', 'a', 'b'], relevant, 10)).toBeCloseTo(
      (1 / Math.log2(3) + 1 / Math.log2(4)) / (1 + 1 / Math.log2(3)),
      12,
    );
    expect(ndcgAt(['x', 'y'], relevant, 10)).toBe(0);
    expect(ndcgAt(['a'], new Map(), 10)).toBe(0);
  });

  it('MRR@k and recall@k count only the top k', () => {
    expect(reciprocalRankAt(['x', 'y', 'b'], relevant, 10)).toBeCloseTo(1 / 3, 12);
    expect(reciprocalRankAt(['x', 'y', 'b'], relevant, 2)).toBe(0);
    expect(recallAt(['a', 'x', 'b'], relevant, 2)).toBe(0.5);
    expect(recallAt(['a', 'x', 'b'], relevant, 3)).toBe(1);
  });

  it('averages over the judged needs, counting a missing ranking as 0', () => {
    const quality = measureRankings(
      new Map([['n1', ['a', 'b']]]),
      new Map([
        ['n1', relevant],
        ['n2', relevant],
      ]),
    );
    expect(quality.ndcg10).toBe(0.5);
    expect(quality.recall100).toBe(0.5);
  });
});
