import { needs as sampleNeeds, startups as sampleStartups } from '../fixtures';
import { fitModel, rankAll, type NeedDocument, type StartupDocument } from './index';

/** The sample needs and profiles (fixtures/): Swedish and English on both sides, 13 profiles declared Swedish, 33 English. */
const needs: NeedDocument[] = sampleNeeds.map((need) => ({
  id: need.key,
  title: need.title,
  description: need.description,
  tags: need.tags,
  ...(need.language ? { language: need.language } : {}),
}));
const startups: StartupDocument[] = sampleStartups.map((startup) => ({
  id: startup.key,
  name: startup.name,
  oneLiner: startup.oneLiner,
  description: startup.description,
  offering: startup.offering,
  tags: startup.tags,
  references: startup.references.map((reference) => `${reference.customer}: ${reference.summary}`),
  ...(startup.language ? { language: startup.language } : {}),
}));

function quantile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(p * (sorted.length - 1))] as number;
}

describe('standardisation over the profiles that read a need', () => {
  it('puts pairs within and across the language line on one scale (no judgements used: every pair)', () => {
    // Standardised over every fit profile, a Swedish need's own words looked rare (most profiles are
    // English and lack them), so any Swedish profile sharing a few scored high, and English profiles
    // were measured against Swedish ones they cannot match: medians 0.17 within, 0.07 across.
    const ranked = rankAll(needs, startups, { topK: startups.length });
    const within: number[] = [];
    const across: number[] = [];
    for (const list of ranked.values())
      for (const match of list) (match.explanation.crossLanguage ? across : within).push(match.score);
    expect(within.length).toBeGreaterThan(100);
    expect(across.length).toBeGreaterThan(100);
    expect(Math.abs(quantile(within, 0.5) - quantile(across, 0.5))).toBeLessThan(0.03);
    expect(Math.abs(quantile(within, 0.9) - quantile(across, 0.9))).toBeLessThan(0.05);
  });

  it('keeps moments per language only when the profiles are in both languages', () => {
    const bilingual = fitModel(needs, startups);
    const swedish = bilingual.readerMoments?.sv?.startupCount ?? 0;
    const english = bilingual.readerMoments?.en?.startupCount ?? 0;
    expect(swedish).toBeGreaterThanOrEqual(startups.filter((s) => s.language === 'sv').length);
    expect(english).toBeGreaterThanOrEqual(startups.filter((s) => s.language === 'en').length);
    expect(swedish + english).toBe(startups.length);
    // One language: its profiles are all the fit profiles, so the model (and every score) is as before.
    const englishOnly = startups.filter((s) => s.language === 'en');
    expect(fitModel(needs, englishOnly)).not.toHaveProperty('readerMoments');
  });
});
