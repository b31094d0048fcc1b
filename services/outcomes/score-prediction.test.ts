import { scorePredictionOf, type PredictionMeeting } from './score-prediction';

const meeting = (needId: string, score: number, followUp: boolean): PredictionMeeting => ({
  needId,
  score,
  followUp,
});

describe('scorePredictionOf', () => {
  it('gives AUC 1 and nDCG@10 1 when every meeting with a next step scored higher, 0 the other way round', () => {
    const best = scorePredictionOf([
      meeting('a', 0.9, true),
      meeting('a', 0.4, false),
      meeting('b', 0.7, true),
      meeting('b', 0.2, false),
    ]);
    expect(best.auc).toBe(1);
    expect(best.ndcg10).toBe(1);
    const worst = scorePredictionOf([meeting('a', 0.1, true), meeting('a', 0.8, false)]);
    expect(worst.auc).toBe(0);
    expect(worst.ndcg10).toBeCloseTo(1 / Math.log2(3), 10);
  });

  it('counts a tie between a meeting with a next step and one without as half', () => {
    expect(
      scorePredictionOf([meeting('a', 0.9, true), meeting('a', 0.5, true), meeting('a', 0.5, false)]).auc,
    ).toBe(0.75);
  });

  it('averages nDCG@10 over the needs with a meeting that led somewhere, and has no AUC with one kind only', () => {
    const result = scorePredictionOf([
      meeting('a', 0.9, false),
      meeting('a', 0.8, true),
      meeting('b', 0.7, false),
    ]);
    expect(result.needsJudged).toBe(1);
    expect(result.ndcg10).toBeCloseTo(1 / Math.log2(3), 10);
    expect(result.held).toBe(3);
    expect(result.withNextStep).toBe(1);
    expect(scorePredictionOf([meeting('a', 0.9, false)]).auc).toBeNull();
    expect(scorePredictionOf([meeting('a', 0.9, false)]).ndcg10).toBeNull();
  });

  it('puts a seeded random order beside the score: AUC near 0.5, the same on every run', () => {
    const meetings = Array.from({ length: 40 }, (_, i) => meeting(`n${i % 8}`, i / 40, i % 3 === 0));
    const first = scorePredictionOf(meetings);
    expect(first.random.orders).toBe(1000);
    expect(first.random.auc).toBeGreaterThan(0.47);
    expect(first.random.auc).toBeLessThan(0.53);
    expect(first.random.ndcg10).toBeGreaterThan(0);
    expect(first.random.ndcg10).toBeLessThan(1);
    expect(scorePredictionOf(meetings)).toEqual(first);
    expect(scorePredictionOf(meetings, { seed: 7 }).random.auc).not.toBe(first.random.auc);
  });
});
