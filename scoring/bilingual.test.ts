import { readBilingualFixture } from '../fixtures/bilingual-fixture';
import { rankAll } from './index';

/** The project's own hand-written fixture (fixtures/bilingual), not the shared evaluation data. */
const { needs, startups, qrels } = readBilingualFixture();

function recallAt(k: number, ranking: Map<string, { startupId: string }[]>): number {
  const found = qrels.filter(([needId, startupId]) =>
    (ranking.get(needId) ?? []).slice(0, k).some((m) => m.startupId === startupId),
  );
  return found.length / qrels.length;
}

describe('cross-language matching on fixtures/bilingual', () => {
  const ranking = rankAll(needs, startups, { topK: 10 });
  const withoutTags = rankAll(
    needs.map(({ tags: _tags, ...rest }) => rest),
    startups.map(({ tags: _tags, ...rest }) => rest),
    { topK: 10 },
  );

  it('finds every expected profile in the top 10 and nearly all at rank 1', () => {
    expect(recallAt(10, ranking)).toBe(1);
    expect(recallAt(1, ranking)).toBeGreaterThanOrEqual(0.9);
  });

  it('still finds them from the texts alone, without tags', () => {
    expect(recallAt(10, withoutTags)).toBe(1);
    expect(recallAt(3, withoutTags)).toBeGreaterThanOrEqual(0.9);
  });

  it('pairs need and profile across languages, as detected or declared', () => {
    for (const [needId, startupId] of qrels) {
      const match = ranking.get(needId)?.find((m) => m.startupId === startupId);
      expect(match?.explanation.needLanguage).toBe(needId.slice(0, 2));
      expect(match?.explanation.crossLanguage).toBe(true);
    }
  });
});
