import { readBilingualFixture } from '../fixtures/bilingual-fixture';
import {
  buildIndex,
  fitModel,
  rankAll,
  ScoringIndex,
  type NeedDocument,
  type StartupDocument,
} from './index';

const { needs, startups } = readBilingualFixture();
const model = fitModel(needs, startups);

const buildStartup = (overrides: Partial<StartupDocument> = {}): StartupDocument => ({
  id: 'new-startup',
  name: 'Golvglans',
  description: 'Robotar som städar golv i skolor och kontor.',
  tags: ['städning'],
  ...overrides,
});

function loadedIndex(): ScoringIndex {
  const index = new ScoringIndex(model);
  startups.forEach((s) => index.upsertStartup(s));
  needs.forEach((n) => index.upsertNeed(n));
  return index;
}

describe('fitModel', () => {
  it('is plain JSON-safe data', () => {
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
  });

  it('does not depend on input order', () => {
    const shuffled = fitModel([...needs].reverse(), [...startups].reverse());
    expect(shuffled.version).toBe(model.version);
    expect(shuffled).toEqual(model);
  });

  it('changes version with the seed and the data', () => {
    expect(fitModel(needs, startups, { seed: 7 }).version).not.toBe(model.version);
    expect(fitModel(needs.slice(1), startups).version).not.toBe(model.version);
  });

  it('fits an LSA basis of reduced rank for a small corpus', () => {
    expect(model.lsa?.rank).toBe(18);
  });

  it('falls back to lexical only for a tiny corpus, and for an empty one', () => {
    const tiny = fitModel(needs.slice(0, 1), startups.slice(0, 2));
    expect(tiny.lsa).toBeNull();
    const index = new ScoringIndex(tiny);
    startups.slice(0, 2).forEach((s) => index.upsertStartup(s));
    index.upsertNeed(needs[0] as NeedDocument);
    const ranked = index.rankStartups((needs[0] as NeedDocument).id, { topK: 2 });
    expect(ranked).toHaveLength(2);
    expect(ranked[0]?.explanation.channels.semantic).toBe(0);
    const empty = new ScoringIndex(fitModel([], []));
    empty.upsertStartup(buildStartup());
    empty.upsertNeed({ id: 'n', title: 'städning av golv', description: '' });
    expect(empty.rankStartups('n', { topK: 1 })[0]?.startupId).toBe('new-startup');
  });
});

describe('ScoringIndex', () => {
  it('returns calibrated scores in [0, 1], best first, with ranks', () => {
    const ranked = loadedIndex().rankStartups('sv-golv', { topK: 20 });
    expect(ranked).toHaveLength(20);
    ranked.forEach((match, i) => {
      expect(match.rank).toBe(i + 1);
      expect(match.score).toBeGreaterThanOrEqual(0);
      expect(match.score).toBeLessThanOrEqual(1);
      if (i > 0) expect(match.score).toBeLessThanOrEqual(ranked[i - 1]?.score as number);
    });
    expect(ranked[0]?.startupId).toBe('floorbot');
  });

  it('honours topK and minScore', () => {
    const index = loadedIndex();
    expect(index.rankStartups('sv-golv', { topK: 3 })).toHaveLength(3);
    const strict = index.rankStartups('sv-golv', { topK: 20, minScore: 0.5 });
    expect(strict.length).toBeGreaterThan(0);
    expect(strict.length).toBeLessThan(20);
    strict.forEach((match) => expect(match.score).toBeGreaterThanOrEqual(0.5));
    expect(index.rankStartups('no-such-need', { topK: 3 })).toEqual([]);
    expect(index.rankStartups('sv-golv', { topK: Infinity })).toHaveLength(startups.length);
    expect(index.rankNeeds('floorbot', { topK: Infinity })).toHaveLength(needs.length);
  });

  it('scores a profile against every need, in need-id order, with the scores rankNeeds gives', () => {
    const index = loadedIndex();
    for (const startup of startups) {
      const scored = index.scoreNeeds(startup.id);
      const ranked = new Map(
        index
          .rankNeeds(startup.id, { topK: Infinity, explain: false })
          .map((match) => [match.needId, match.score]),
      );
      expect(scored?.needIds).toEqual([...needs.map((need) => need.id)].sort());
      expect(scored?.needIds.map((needId, n) => [needId, scored.scores[n]])).toEqual(
        scored?.needIds.map((needId) => [needId, ranked.get(needId)]),
      );
    }
    expect(index.scoreNeeds('no-such-profile')).toBeUndefined();
  });

  it('explains a cross-language match with the shared terms and tags', () => {
    const [best] = loadedIndex().rankStartups('sv-golv', { topK: 1 });
    const explanation = best?.explanation;
    expect(explanation?.crossLanguage).toBe(true);
    expect(explanation?.needLanguage).toBe('sv');
    expect(explanation?.startupLanguage).toBe('en');
    expect(explanation?.terms.map((t) => t.term).join(' ')).toMatch(/golv/);
    expect(explanation?.tags.map((t) => t.tag).join(' ')).toMatch(/städning \/ cleaning/);
    const shares = [...(explanation?.terms ?? []), ...(explanation?.tags ?? [])].reduce(
      (sum, entry) => sum + entry.share,
      0,
    );
    expect(shares).toBeGreaterThan(0.5);
    expect(shares).toBeLessThanOrEqual(1.001);
    expect((explanation?.channels.lexical ?? 0) + (explanation?.channels.semantic ?? 0)).toBeCloseTo(1, 2);
  });

  it('names each shared word once, even when two terms read as the same word', () => {
    // In the fixture, e.g. sv-golv × trygglarm shared two terms both shown as "personalen".
    const index = loadedIndex();
    const lists = needs.flatMap((need) =>
      index
        .rankStartups(need.id, { topK: 20 })
        .map((match) => match.explanation?.terms.map((t) => t.term) ?? []),
    );
    expect(lists.length).toBeGreaterThan(100);
    expect(lists.filter((words) => new Set(words).size !== words.length)).toEqual([]);
  });

  it('skips the term lists when explain is false, keeping scores and order', () => {
    const index = loadedIndex();
    const full = index.rankStartups('sv-golv', { topK: 5 });
    const bare = index.rankStartups('sv-golv', { topK: 5, explain: false });
    expect(bare.map((m) => [m.startupId, m.score])).toEqual(full.map((m) => [m.startupId, m.score]));
    expect(bare[0]?.explanation.terms).toEqual([]);
    expect(bare[0]?.explanation.crossLanguage).toBe(true);
    expect(bare[0]?.explanation.channels).toEqual(full[0]?.explanation.channels);
  });

  it('gives a pair the same score from either side and in scorePair', () => {
    const index = loadedIndex();
    for (const need of needs) {
      for (const match of index.rankStartups(need.id, { topK: 5 })) {
        const fromStartup = index
          .rankNeeds(match.startupId, { topK: needs.length })
          .find((m) => m.needId === need.id);
        expect(fromStartup?.score).toBe(match.score);
        expect(index.scorePair(need.id, match.startupId)?.score).toBe(match.score);
      }
    }
  });

  it('returns the true top k (pruning the semantic channel loses nothing)', () => {
    const index = loadedIndex();
    index.upsertStartup(buildStartup());
    for (const need of needs) {
      const top = index.rankStartups(need.id, { topK: 5 });
      const kept = new Set(top.map((m) => m.startupId));
      const lowestKept = Math.min(...top.map((m) => m.score));
      for (const startup of [...startups, buildStartup()]) {
        if (kept.has(startup.id)) continue;
        expect(index.scorePair(need.id, startup.id)?.score).toBeLessThanOrEqual(lowestKept);
      }
    }
  });

  it('agrees exactly with another process holding the same model (JSON round trip, other insertion order)', () => {
    const other = new ScoringIndex(JSON.parse(JSON.stringify(model)));
    [...startups].reverse().forEach((s) => other.upsertStartup(s));
    other.upsertStartup(buildStartup({ id: 'unseen', description: 'Hyperlooptransport med zeppelinare' }));
    other.removeStartup('unseen');
    [...needs].reverse().forEach((n) => other.upsertNeed(n));
    const index = loadedIndex();
    for (const need of needs)
      expect(other.rankStartups(need.id, { topK: 20 })).toEqual(index.rankStartups(need.id, { topK: 20 }));
  });

  it('gives the same rankings when built by buildIndex (fit analyses reused) as by upserts', () => {
    const built = buildIndex(needs, startups);
    const index = loadedIndex();
    for (const need of needs)
      expect(built.rankStartups(need.id, { topK: 20 })).toEqual(index.rankStartups(need.id, { topK: 20 }));
    expect(built.driftRatio()).toBe(0);
  });

  it('changes only the scores involving an upserted or removed profile', () => {
    const index = loadedIndex();
    const before = new Map(needs.map((n) => [n.id, index.rankStartups(n.id, { topK: 50 })]));
    index.upsertStartup(buildStartup());
    index.upsertStartup({
      ...(startups[0] as StartupDocument),
      description: 'Now we make invoices instead.',
    });
    index.removeStartup('payflow');
    for (const need of needs) {
      const after = new Map(index.rankStartups(need.id, { topK: 50 }).map((m) => [m.startupId, m.score]));
      for (const match of before.get(need.id) ?? []) {
        if (['new-startup', (startups[0] as StartupDocument).id, 'payflow'].includes(match.startupId))
          continue;
        expect(after.get(match.startupId)).toBe(match.score);
      }
      expect(after.has('payflow')).toBe(false);
      expect(after.has('new-startup')).toBe(true);
    }
  });

  it('matches words first seen after the fit', () => {
    const index = loadedIndex();
    index.upsertStartup(
      buildStartup({
        id: 'zeppelin',
        name: 'Zeppelinaria',
        description: 'Zeppelinare för varutransporter.',
        tags: [],
      }),
    );
    index.upsertNeed({
      id: 'need-zeppelin',
      title: 'Zeppelinare',
      description: 'Vi söker zeppelinare.',
      language: 'sv',
    });
    expect(index.rankStartups('need-zeppelin', { topK: 1 })[0]?.startupId).toBe('zeppelin');
  });

  it('reranks a changed need and forgets a removed one', () => {
    const index = loadedIndex();
    index.upsertNeed({
      ...(needs[0] as NeedDocument),
      title: 'Batteriåtervinning',
      description: 'Insamling av batterier.',
      tags: [],
    });
    expect(index.rankStartups((needs[0] as NeedDocument).id, { topK: 1 })[0]?.startupId).toBe('recell');
    index.removeNeed((needs[0] as NeedDocument).id);
    expect(index.rankStartups((needs[0] as NeedDocument).id, { topK: 1 })).toEqual([]);
    expect(index.needCount).toBe(needs.length - 1);
  });

  it('keeps rankings right after enough removals to compact its postings', () => {
    const index = loadedIndex();
    const expected = index.rankStartups('en-energy', { topK: 5 });
    for (let round = 0; round < 60; round += 1) {
      const id = `temp-${round}`;
      index.upsertStartup(buildStartup({ id, description: 'Energi och uppvärmning i lokaler. '.repeat(20) }));
      index.removeStartup(id);
    }
    expect(index.rankStartups('en-energy', { topK: 5 })).toEqual(expected);
  });
});

describe('drift', () => {
  it('counts added, changed and removed documents against the fit corpus', () => {
    const index = loadedIndex();
    expect(index.driftRatio()).toBe(0);
    expect(index.needsRefit()).toBe(false);
    index.upsertStartup(buildStartup());
    index.upsertStartup({ ...(startups[1] as StartupDocument), description: 'changed' });
    index.removeNeed('sv-oro');
    expect(index.driftRatio()).toBeCloseTo(3 / 36, 12);
    index.upsertStartup(startups[1] as StartupDocument);
    expect(index.driftRatio()).toBeCloseTo(2 / 36, 12);
  });

  it('asks for a refit past the threshold', () => {
    const index = new ScoringIndex(model, { refitThreshold: 0.1 });
    startups.forEach((s) => index.upsertStartup(s));
    for (let i = 0; i < 3; i += 1) index.upsertStartup(buildStartup({ id: `extra-${i}` }));
    expect(index.needsRefit()).toBe(false);
    index.upsertStartup(buildStartup({ id: 'extra-3' }));
    expect(index.driftRatio()).toBeCloseTo(4 / 36, 12);
    expect(index.needsRefit()).toBe(true);
  });
});

describe('rankAll and buildIndex', () => {
  it('ranks every need against every profile', () => {
    const all = rankAll(needs, startups, { topK: 3 });
    expect([...all.keys()].sort()).toEqual(needs.map((n) => n.id).sort());
    for (const [needId, matches] of all) {
      expect(matches).toHaveLength(3);
      matches.forEach((m) => expect(m.needId).toBe(needId));
    }
    expect(buildIndex(needs, startups).modelVersion).toBe(model.version);
  });

  it('rejects invalid options as programmer errors', () => {
    expect(() => fitModel(needs, startups, { b: 2 })).toThrow(RangeError);
    expect(() => fitModel(needs, startups, { lexicalWeight: -1 })).toThrow(RangeError);
  });
});
