import { readBilingualFixture } from '../fixtures/bilingual-fixture';
import { createDenseRuntime, denseScore, prepareNeedVector, projectProfileVector, unitVector } from './dense';
import { fitDenseChannel, fitModel, ScoringIndex, type DenseChannel } from './index';
import { createGaussian, createPrng } from './prng';

const { needs, startups } = readBilingualFixture();
const model = fitModel(needs, startups);
const WIDTH = 24;
const gaussian = createGaussian(createPrng(7));
const randomVector = (): Float32Array => Float32Array.from({ length: WIDTH }, () => gaussian());

/** Profile vectors share a common direction, as real sentence embeddings do (their cosines are all positive). */
const common = randomVector();
const startupVectors = new Map(
  startups.map((s) => [s.id, Float32Array.from(randomVector(), (x, i) => x + 3 * (common[i] as number))]),
);
const channel = fitDenseChannel('test-model', [...startupVectors.values()], { rank: WIDTH });

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ua = unitVector(a);
  const ub = unitVector(b);
  let dot = 0;
  for (let i = 0; i < ua.length; i += 1) dot += (ua[i] as number) * (ub[i] as number);
  return dot;
}

function denseIndex(
  dense: DenseChannel | null,
  withVectors: (id: string) => boolean = () => true,
): ScoringIndex {
  const index = new ScoringIndex(model);
  startups.forEach((s) => index.upsertStartup(s));
  needs.forEach((n) => index.upsertNeed(n));
  index.setDenseChannel(dense);
  for (const [id, vector] of startupVectors) if (withVectors(id)) index.setStartupVector(id, vector);
  return index;
}

describe('dense channel', () => {
  it('standardises a cosine against the fit profiles (full rank: exactly the z-score)', () => {
    const runtime = createDenseRuntime(channel);
    const query = randomVector();
    const cosines = [...startupVectors.values()].map((v) => cosine(query, v));
    const mean = cosines.reduce((a, b) => a + b, 0) / cosines.length;
    const sd = Math.sqrt(cosines.reduce((a, c) => a + (c - mean) ** 2, 0) / cosines.length);
    const need = prepareNeedVector(runtime, query);
    [...startupVectors.values()].forEach((vector, i) => {
      const z = denseScore(need, projectProfileVector(runtime, vector), 0);
      expect(z).toBeCloseTo(((cosines[i] as number) - mean) / sd, 4);
    });
  });

  it('ranks first the profile a need is closest to in meaning, even with no word in common', () => {
    const index = denseIndex(channel);
    // A Swedish need and an English profile: the dense channel scores pairs across languages.
    const target = startups.find((s) => s.language === 'en')!;
    index.upsertNeed({ id: 'wordless', title: 'Zyxxqv', description: 'Qqwwzz', language: 'sv' });
    index.setNeedVector('wordless', startupVectors.get(target.id)!);
    const [best] = index.rankStartups('wordless', { topK: 3 });
    expect(best?.startupId).toBe(target.id);
    expect(best?.explanation.channels.dense).toBeGreaterThan(0.9);
  });

  it('gives a pair the same score from every path, with and without vectors on either side', () => {
    const index = denseIndex(channel, (id) => id !== startups[0]!.id);
    needs.slice(1).forEach((need) =>
      index.setNeedVector(
        need.id,
        randomVector().map((x, i) => x + 3 * (common[i] as number)),
      ),
    );
    for (const need of needs) {
      const ranked = index.rankStartups(need.id, { topK: startups.length });
      expect(ranked).toHaveLength(startups.length);
      const lowest = ranked[ranked.length - 1]!.score;
      for (const match of ranked) {
        expect(index.scorePair(need.id, match.startupId)?.score).toBe(match.score);
        const fromStartup = index
          .rankNeeds(match.startupId, { topK: needs.length })
          .find((m) => m.needId === need.id);
        expect(fromStartup?.score).toBe(match.score);
        expect(match.score).toBeGreaterThanOrEqual(lowest);
      }
    }
  });

  it('returns the true top k with the dense channel (pruning loses nothing)', () => {
    const index = denseIndex(channel);
    needs.forEach((need) =>
      index.setNeedVector(
        need.id,
        randomVector().map((x, i) => x + 3 * (common[i] as number)),
      ),
    );
    for (const need of needs) {
      const top = index.rankStartups(need.id, { topK: 4 });
      const kept = new Set(top.map((m) => m.startupId));
      const lowestKept = Math.min(...top.map((m) => m.score));
      for (const startup of startups) {
        if (kept.has(startup.id)) continue;
        expect(index.scorePair(need.id, startup.id)?.score).toBeLessThanOrEqual(lowestKept);
      }
    }
  });

  it('ranks a profile without a vector lexically, and says so', () => {
    const missing = startups[0]!.id;
    const index = denseIndex(channel, (id) => id !== missing);
    const lexical = denseIndex(null);
    for (const need of needs) index.setNeedVector(need.id, randomVector());
    for (const need of needs) {
      const pair = index.scorePair(need.id, missing);
      expect(pair?.explanation.channels.dense).toBeUndefined();
      expect(pair?.score).toBe(lexical.scorePair(need.id, missing)?.score);
      const across = startups.find(
        (s) => s.id !== missing && s.language !== undefined && s.language !== need.language,
      );
      if (need.language === undefined || across === undefined) continue;
      const other = index.scorePair(need.id, across.id);
      expect(other?.explanation.channels.dense).toEqual(expect.any(Number));
    }
    expect(index.hasDenseVector('startup', missing)).toBe(false);
    expect(index.hasDenseVector('startup', startups[1]!.id)).toBe(true);
  });

  it('scores a pair in one language without it: the dense channel carries needs across the language line', () => {
    const index = denseIndex(channel);
    const lexical = denseIndex(null);
    for (const need of needs) index.setNeedVector(need.id, randomVector());
    let same = 0;
    let across = 0;
    for (const need of needs) {
      for (const startup of startups) {
        if (need.language === undefined || startup.language === undefined) continue;
        const pair = index.scorePair(need.id, startup.id);
        const dense = pair?.explanation.channels.dense;
        if (need.language === startup.language) {
          same += 1;
          expect(dense).toBeUndefined();
          expect(pair?.score).toBe(lexical.scorePair(need.id, startup.id)?.score);
        } else {
          across += 1;
          expect(dense).toEqual(expect.any(Number));
        }
      }
      const ranked = index.rankStartups(need.id, { topK: startups.length });
      for (const match of ranked) expect(index.scorePair(need.id, match.startupId)?.score).toBe(match.score);
    }
    expect(same).toBeGreaterThan(20);
    expect(across).toBeGreaterThan(20);
  });

  it('gives back the rankings without it when the channel is turned off', () => {
    const index = denseIndex(channel);
    const lexical = denseIndex(null);
    for (const need of needs) index.setNeedVector(need.id, randomVector());
    index.setDenseChannel(null);
    for (const need of needs)
      expect(index.rankStartups(need.id, { topK: 10 })).toEqual(lexical.rankStartups(need.id, { topK: 10 }));
  });

  it('keeps vectors across upserts and compaction, and forgets those of removed documents', () => {
    const index = denseIndex(channel);
    const need = needs[0]!;
    index.setNeedVector(need.id, startupVectors.get(startups[2]!.id)!);
    const before = index.rankStartups(need.id, { topK: 5 });
    for (let round = 0; round < 12; round += 1) startups.forEach((s) => index.upsertStartup(s));
    expect(index.rankStartups(need.id, { topK: 5 })).toEqual(before);
    index.removeStartup(startups[2]!.id);
    index.upsertStartup(startups[2]!);
    expect(index.hasDenseVector('startup', startups[2]!.id)).toBe(false);
    index.removeNeed(need.id);
    index.upsertNeed(need);
    expect(index.hasDenseVector('need', need.id)).toBe(false);
  });

  it('rejects vectors of another width', () => {
    const index = denseIndex(channel);
    expect(() => index.setNeedVector(needs[0]!.id, new Float32Array(WIDTH + 1))).toThrow(RangeError);
  });
});
