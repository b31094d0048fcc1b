import { fitModel, ScoringIndex, type NeedDocument, type StartupDocument } from './index';
import { NEED_SHARE_PRIOR, needTermWeight, TermSpace } from './term-space';

describe('needTermWeight', () => {
  it('is 1 for a term no need uses and falls as more needs share it', () => {
    expect(needTermWeight(0, 62)).toBe(1);
    expect(needTermWeight(1, 62)).toBeGreaterThan(needTermWeight(31, 62));
    expect(needTermWeight(31, 62)).toBeGreaterThan(needTermWeight(62, 62));
    expect(needTermWeight(62, 62)).toBeCloseTo((NEED_SHARE_PRIOR / (62 + NEED_SHARE_PRIOR)) ** 2, 12);
  });

  it('barely discounts a word shared by the only need or two (little evidence of boilerplate)', () => {
    expect(needTermWeight(1, 1)).toBeGreaterThan(0.8);
    expect(needTermWeight(2, 2)).toBeGreaterThan(0.69);
  });
});

// Every need opens with the same template words; each asks for a different topic.
const topics = [
  'drone',
  'battery',
  'radar',
  'vaccine',
  'satellite',
  'textile',
  'welding',
  'sonar',
  'laser',
  'polymer',
  'turbine',
  'antenna',
];
const needs: NeedDocument[] = topics.map((topic, i) => ({
  id: `n${String(i).padStart(2, '0')}`,
  title: `${topic} system`,
  description: `Objective: deliver a prototype. Phase one covers feasibility. The ${topic} must be reliable.`,
  language: 'en',
}));
const startups: StartupDocument[] = [
  ...topics.map((topic, i) => ({
    id: `s${String(i).padStart(2, '0')}`,
    name: `Firm ${i}`,
    description: `We build ${topic} products for industry.`,
    language: 'en' as const,
  })),
  {
    id: 'template',
    name: 'Template Co',
    description: 'Our objective: prototype feasibility, phase one, deliver.',
    language: 'en',
  },
];

describe('need-side term weights', () => {
  const model = fitModel(needs, startups, { lsaRank: 0 });
  const space = new TermSpace(model);

  it('counts how many fit needs use each term', () => {
    const df = (term: string): number => model.needDocumentFrequency?.[model.terms.indexOf(term)] ?? -1;
    expect(df('object')).toBe(needs.length);
    expect(df('drone')).toBe(1);
    expect(df('industri')).toBe(0);
  });

  it('weighs template wording shared by every need below a need’s own topic', () => {
    expect(space.needWeight(model.terms.indexOf('object'))).toBeLessThan(
      0.5 * space.needWeight(model.terms.indexOf('drone')),
    );
    expect(space.needWeight(model.terms.indexOf('industri'))).toBe(1);
  });

  it('ranks the profile that shares the topic above one that shares only the template', () => {
    const index = new ScoringIndex(model);
    startups.forEach((s) => index.upsertStartup(s));
    needs.forEach((n) => index.upsertNeed(n));
    for (const [i, need] of needs.entries())
      expect(index.rankStartups(need.id, { topK: 1 })[0]?.startupId).toBe(`s${String(i).padStart(2, '0')}`);
  });

  it('weighs every term 1 for a model without need statistics (written before they existed)', () => {
    const { needDocumentFrequency: _dropped, ...older } = model;
    const oldSpace = new TermSpace(older);
    expect(oldSpace.needWeight(model.terms.indexOf('object'))).toBe(1);
  });
});
