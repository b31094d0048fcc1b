import { readBilingualFixture } from '../fixtures/bilingual-fixture';
import { denseScore } from './dense';
import { DENSE_SIMD, DenseRows } from './dense-kernel';
import { fitDenseChannel, fitModel, ScoringIndex, type RankedMatch, type StartupDocument } from './index';
import { createGaussian, createPrng } from './prng';

const gaussian = createGaussian(createPrng(5));

function filled(rows: DenseRows, slots: number): void {
  for (let i = 0; i < rows.need.length; i += 1) rows.need[i] = gaussian();
  for (let i = 0; i < slots * rows.rank; i += 1) rows.rows[i] = gaussian();
}

describe('DenseRows', () => {
  it('runs the WebAssembly function on this runtime', () => {
    expect(DENSE_SIMD).toBe(true);
    expect(new DenseRows(4, 8).simd).toBe(true);
    expect(new DenseRows(4, 8, false).simd).toBe(false);
    expect(new DenseRows(0, 8).simd).toBe(false);
  });

  it.each([1, 2, 3, 4, 5, 7, 8, 37, 128])(
    'gives every masked slot the score denseScore gives, to the last bit (rank %i)',
    (rank) => {
      const slots = 23;
      for (const simd of [true, false]) {
        const rows = new DenseRows(rank, slots + 3, simd);
        filled(rows, slots);
        rows.out.fill(-7);
        for (let slot = 0; slot < slots; slot += 1) rows.mask[slot] = slot % 3 === 1 ? 0 : 1;
        rows.score(slots);
        for (let slot = 0; slot < slots + 3; slot += 1) {
          const expected =
            slot < slots && rows.mask[slot] === 1 ? denseScore(rows.need, rows.rows, slot * rank) : -7;
          expect(Object.is(rows.out[slot], expected)).toBe(true);
        }
      }
    },
  );

  // The function takes the masked slots four at a time (DENSE_GROUP), the last group padded: every
  // count of masked slots around a group's size, masked anywhere up to the last slot of the memory.
  it.each([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])(
    'scores exactly the masked slots when %i of them are masked, up to the last slot',
    (masked) => {
      const rank = 13;
      const capacity = 11;
      for (const simd of [true, false]) {
        const rows = new DenseRows(rank, capacity, simd);
        filled(rows, capacity);
        rows.out.fill(-7);
        // The last `masked` slots, every other one where they fit: gaps and the memory's end.
        const chosen = new Set(
          Array.from({ length: masked }, (_, i) =>
            masked * 2 <= capacity ? capacity - 1 - 2 * i : capacity - 1 - i,
          ),
        );
        rows.mask.fill(0);
        for (const slot of chosen) rows.mask[slot] = 1;
        rows.score(capacity);
        for (let slot = 0; slot < capacity; slot += 1) {
          const expected = chosen.has(slot) ? denseScore(rows.need, rows.rows, slot * rank) : -7;
          expect(Object.is(rows.out[slot], expected)).toBe(true);
        }
      }
    },
  );
});

describe('rankStartups with the dense channel', () => {
  // The bilingual fixture's profiles, each twice (under a second id: equal scores test the ties),
  // against its needs, with 384-wide vectors kept along 45 directions (not a multiple of 4).
  const fixture = readBilingualFixture();
  const startups: StartupDocument[] = fixture.startups.flatMap((s) => [s, { ...s, id: `${s.id}-copy` }]);
  const model = fitModel(fixture.needs, startups);
  const common = Float32Array.from({ length: 384 }, () => gaussian());
  const vector = () => Float32Array.from(common, (c) => 3 * c + gaussian());
  const vectors = new Map(fixture.startups.map((s) => [s.id, vector()]));
  const channel = fitDenseChannel('test-model', [...vectors.values()], { rank: 45 });
  const index = new ScoringIndex(model);
  startups.forEach((s) => index.upsertStartup(s));
  fixture.needs.forEach((n) => index.upsertNeed(n));
  index.setDenseChannel(channel);
  startups.forEach((s) => index.setStartupVector(s.id, vectors.get(s.id.replace(/-copy$/, ''))!));
  fixture.needs.forEach((n) => index.setNeedVector(n.id, vector()));

  it('gives the full list each pair scored alone gives: same scores, order and explanations', () => {
    const byId = (list: RankedMatch[]) =>
      list.map(({ rank: _rank, ...rest }) => rest).sort((a, b) => (a.startupId < b.startupId ? -1 : 1));
    let dense = 0;
    let ranked = 0;
    for (const need of fixture.needs) {
      const alone = startups.map((s) => index.scorePair(need.id, s.id)!);
      const all = index.rankStartups(need.id, { topK: startups.length });
      expect(byId(all)).toEqual(byId(alone));
      // Calibrated scores of 0 tie (the order under them is by the raw blend): compare above them.
      const reference = alone
        .filter((m) => m.score > 0)
        .sort((a, b) => b.score - a.score || (a.startupId < b.startupId ? -1 : 1))
        .map((match, i) => ({ ...match, rank: i + 1 }));
      expect(all.slice(0, reference.length)).toEqual(reference);
      expect(index.rankStartups(need.id, { topK: 5 })).toEqual(all.slice(0, 5));
      ranked += reference.length;
      dense += alone.filter((m) => m.explanation.channels.dense !== undefined).length;
    }
    expect(ranked).toBeGreaterThan(fixture.needs.length * 5);
    // Both kinds of pair are there: across languages (with the channel) and within one (without).
    expect(dense).toBeGreaterThan(50);
    expect(dense).toBeLessThan(fixture.needs.length * startups.length - 50);
  });
});
