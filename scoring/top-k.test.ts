import fc from 'fast-check';
import { createPrng } from './prng';
import { TopK } from './top-k';

describe('TopK', () => {
  it('keeps the same k best as a full sort, ties by index', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }),
        fc.integer({ min: 0, max: 30 }),
        (values, k) => {
          const better = (a: number, b: number): boolean =>
            (values[a] as number) > (values[b] as number) || (values[a] === values[b] && a < b);
          const top = new TopK(k, better);
          values.forEach((_, i) => top.offer(i));
          const expected = values
            .map((_, i) => i)
            .sort((a, b) => (better(a, b) ? -1 : 1))
            .slice(0, k);
          expect(top.sorted()).toEqual(expected);
        },
      ),
    );
  });
});

describe('createPrng', () => {
  it('repeats for a seed and stays in [0, 1)', () => {
    const a = createPrng(5);
    const b = createPrng(5);
    const draws = Array.from({ length: 1000 }, () => a());
    expect(draws).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(draws.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(createPrng(6)()).not.toBe(draws[0]);
  });
});
