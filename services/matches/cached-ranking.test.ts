import { readBilingualFixture } from '../../fixtures/bilingual-fixture';
import {
  fitModel,
  ScoringIndex,
  type NeedDocument,
  type RankedMatch,
  type StartupDocument,
} from '../../scoring';
import { createPrng } from '../../scoring/prng';
import { sameView, updateCachedRanking, type CachedRanking } from './cached-ranking';

const { needs, startups } = readBilingualFixture();
const model = fitModel(needs, startups);

const match = (startupId: string, score: number): RankedMatch => ({
  needId: 'n',
  startupId,
  score,
  rank: 0,
  explanation: {
    terms: [],
    tags: [],
    crossLanguage: false,
    needLanguage: 'sv',
    startupLanguage: 'sv',
    channels: { lexical: 0, semantic: 0 },
  },
});
/** The change to a profile now scoring `score` (its entry built on demand, as the engine does). */
const change = (startupId: string, score: number) => ({ score, match: () => match(startupId, score) });
const ids = (ranking: CachedRanking | undefined) => ranking?.list.map((entry) => entry.startupId);

describe('updateCachedRanking', () => {
  const cached: CachedRanking = {
    list: [match('a', 0.9), match('b', 0.7), match('c', 0.5)],
    complete: false,
  };

  it('puts a profile now scoring above the last entry in its place and drops the entry past the depth', () => {
    expect(ids(updateCachedRanking(cached, 'x', change('x', 0.8), 3, 2))).toEqual(['a', 'x', 'b']);
  });

  it('leaves out a profile scoring below the last entry of a list that is not complete (the same list back)', () => {
    expect(updateCachedRanking(cached, 'x', change('x', 0.4), 3, 2)).toBe(cached);
    expect(updateCachedRanking(cached, 'x', undefined, 3, 2)).toBe(cached);
  });

  it('removes a profile that left, and moves one whose score changed', () => {
    expect(ids(updateCachedRanking(cached, 'a', undefined, 3, 2))).toEqual(['b', 'c']);
    expect(ids(updateCachedRanking(cached, 'a', change('a', 0.6), 3, 2))).toEqual(['b', 'a', 'c']);
  });

  it('gives up on ties (the calibrated score does not say which is ahead) and on lists shorter than K', () => {
    expect(updateCachedRanking(cached, 'x', change('x', 0.7), 3, 2)).toBeUndefined();
    expect(updateCachedRanking(cached, 'x', change('x', 0.5), 3, 2)).toBeUndefined();
    expect(
      updateCachedRanking(
        { list: [match('a', 0.9), match('b', 0.7)], complete: false },
        'a',
        undefined,
        3,
        2,
      ),
    ).toBeUndefined();
  });

  it('builds an entry only for a profile that enters the list, and needs no look-up for a profile new to the index', () => {
    let built = 0;
    const counted = (startupId: string, score: number) => ({
      score,
      match: () => ((built += 1), match(startupId, score)),
    });
    expect(updateCachedRanking(cached, 'x', counted('x', 0.4), 3, 2, false)).toBe(cached);
    expect(built).toBe(0);
    expect(ids(updateCachedRanking(cached, 'x', counted('x', 0.8), 3, 2, false))).toEqual(['a', 'x', 'b']);
    expect(built).toBe(1);
  });

  it('places any profile in a complete list, and keeps it complete until it overflows the depth', () => {
    const all: CachedRanking = { list: [match('a', 0.9), match('b', 0.7)], complete: true };
    expect(updateCachedRanking(all, 'x', change('x', 0.1), 3, 2)).toEqual({
      list: [all.list[0], all.list[1], expect.objectContaining({ startupId: 'x' })],
      complete: true,
    });
    expect(
      updateCachedRanking(
        { list: [...all.list, match('c', 0.2)], complete: true },
        'x',
        change('x', 0.1),
        3,
        2,
      ),
    ).toEqual({
      list: [all.list[0], all.list[1], expect.objectContaining({ startupId: 'c' })],
      complete: false,
    });
  });

  it('over many random profile changes on real texts, always equals a full ranking when it answers', () => {
    const next = createPrng(7);
    const index = new ScoringIndex(model);
    startups.forEach((startup) => index.upsertStartup(startup));
    needs.forEach((need) => index.upsertNeed(need));
    const k = 4;
    const depth = 8;
    const present = new Map(startups.map((startup) => [startup.id, startup]));
    const cache = new Map<string, CachedRanking>();
    const fresh = (needId: string): CachedRanking => {
      const list = index.rankStartups(needId, { topK: depth, explain: false });
      return { list, complete: list.length < depth };
    };
    for (const need of needs) cache.set(need.id, fresh(need.id));
    let inPlace = 0;
    let fallBack = 0;
    for (let step = 0; step < 300; step += 1) {
      const target = startups[Math.floor(next() * startups.length)] as StartupDocument;
      const roll = next();
      const wasPresent = present.has(target.id);
      if (roll < 0.15 && wasPresent) {
        index.removeStartup(target.id);
        present.delete(target.id);
      } else {
        // New text: the description of another profile or a need (so it moves up or down rankings).
        const source =
          next() < 0.5
            ? (startups[Math.floor(next() * startups.length)] as StartupDocument).description
            : (needs[Math.floor(next() * needs.length)] as NeedDocument).description;
        const changed = { ...target, description: `${source} ${step}` };
        index.upsertStartup(changed);
        present.set(target.id, changed);
      }
      // Scored as the engine scores a changed profile: every need at once, entries built on demand.
      const scored = index.scoreNeeds(target.id);
      expect(scored === undefined).toBe(!present.has(target.id));
      for (const need of needs) {
        const position = scored?.needIds.indexOf(need.id) ?? -1;
        const score = scored?.scores[position];
        const pair = index.scorePair(need.id, target.id, { explain: false });
        // The same score, to the last bit, as the pair scored alone.
        expect(score).toBe(pair?.score);
        const updated = updateCachedRanking(
          cache.get(need.id) as CachedRanking,
          target.id,
          score === undefined ? undefined : { score, match: () => pair as RankedMatch },
          depth,
          k,
          wasPresent,
        );
        if (updated === undefined) {
          fallBack += 1;
          cache.set(need.id, fresh(need.id));
          continue;
        }
        inPlace += 1;
        const expected = index.rankStartups(need.id, { topK: updated.list.length, explain: false });
        expect(updated.list.map((entry) => [entry.startupId, entry.score])).toEqual(
          expected.map((entry) => [entry.startupId, entry.score]),
        );
        if (updated.complete) expect(updated.list).toHaveLength(present.size);
        cache.set(need.id, updated);
      }
    }
    // The point of the cache: most changes are placed without a full ranking.
    expect(inPlace).toBeGreaterThan(fallBack * 4);
  });
});

describe('sameView', () => {
  it('compares profiles, scores and explanations in order', () => {
    const a = match('a', 0.9);
    const b = match('b', 0.7);
    expect(
      sameView(
        [a, b],
        [
          { ...a, rank: 1 },
          { ...b, rank: 2 },
        ],
      ),
    ).toBe(true);
    expect(sameView([a, b], [b, a])).toBe(false);
    expect(sameView([a], [{ ...a, explanation: { ...a.explanation } }])).toBe(false);
    expect(sameView([a], [{ ...a, score: 0.8 }])).toBe(false);
  });
});
