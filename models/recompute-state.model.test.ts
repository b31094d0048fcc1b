import { packRanking, rankingOf, type RankingEntry } from './recompute-state.model';

const entry = (explanation: unknown): RankingEntry => ({
  startupId: 's1',
  score: 0.81,
  startupVersion: 3,
  explanation,
});

describe('packRanking / rankingOf', () => {
  it('keeps terms found by similar meaning and the dense channel through the compact form', () => {
    const explanation = {
      terms: [
        { term: 'detektorer / detectors', share: 0.4, similarMeaning: true },
        { term: 'infraröd / infrared', share: 0.2 },
      ],
      tags: [{ tag: 'sensorer', share: 0.1 }],
      crossLanguage: true,
      needLanguage: 'sv',
      startupLanguage: 'en',
      channels: { lexical: 0.3, semantic: 0.2, dense: 0.5 },
    };
    const packed = packRanking([entry(explanation)]);
    expect(packed).not.toContain('"full"');
    expect(rankingOf({ packed })).toEqual([entry(explanation)]);
  });

  it('still reads explanations without them', () => {
    const explanation = {
      terms: [{ term: 'hemtjänst / home care', share: 0.5 }],
      tags: [],
      crossLanguage: true,
      needLanguage: 'sv',
      startupLanguage: 'en',
      channels: { lexical: 0.6, semantic: 0.4 },
    };
    const packed = packRanking([entry(explanation)]);
    expect(packed).not.toContain('"full"');
    expect(rankingOf({ packed })).toEqual([entry(explanation)]);
  });
});
