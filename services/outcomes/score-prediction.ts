import { createPrng, ndcgAt } from '../../scoring';

/** A held meeting as the measure sees it: its need, its match score, and whether it led to a next step. */
export interface PredictionMeeting {
  needId: string;
  score: number;
  followUp: boolean;
}

/** How well an order of the meetings put those that led to a next step first. */
export interface OrderQuality {
  /**
   * AUC: the chance that a meeting with a next step comes before (scores higher than) one without,
   * ties counting half; 0.5 is chance. Null without meetings of both kinds.
   */
  auc: number | null;
  /**
   * nDCG@10 of each need's meetings in that order, a meeting with a next step relevant, averaged
   * over the needs with at least one such meeting (null when no need has one).
   */
  ndcg10: number | null;
}

/** The match score against what held meetings led to, beside the same measures for a random order. */
export interface ScorePrediction extends OrderQuality {
  held: number;
  withNextStep: number;
  /** Needs with at least one meeting that led to a next step (those nDCG@10 averages over). */
  needsJudged: number;
  /** The same measures for random orders of the same meetings, averaged over `orders` seeded shuffles. */
  random: OrderQuality & { orders: number; seed: number };
}

/** Seeded random orders averaged for the baseline, unless told otherwise. */
export const RANDOM_ORDERS = 1000;
export const RANDOM_SEED = 42;

/** AUC by ranks (Mann–Whitney U), ties sharing their average rank. */
function aucOf(values: readonly number[], positive: readonly boolean[]): number | null {
  const positives = positive.filter(Boolean).length;
  const negatives = positive.length - positives;
  if (positives === 0 || negatives === 0) return null;
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  let rankSum = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.value === order[start]!.value) end += 1;
    const averageRank = (start + end) / 2 + 1;
    for (let i = start; i <= end; i += 1) if (positive[order[i]!.index]) rankSum += averageRank;
    start = end + 1;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Mean nDCG@10 over needs with a relevant meeting; meetings of a need ranked by `values`, highest first. */
function ndcgOf(
  meetings: readonly PredictionMeeting[],
  values: readonly number[],
): { ndcg10: number | null; needsJudged: number } {
  const byNeed = new Map<string, number[]>();
  meetings.forEach((meeting, index) =>
    byNeed.set(meeting.needId, [...(byNeed.get(meeting.needId) ?? []), index]),
  );
  const figures: number[] = [];
  for (const indexes of byNeed.values()) {
    const relevant = new Map(
      indexes.filter((index) => meetings[index]!.followUp).map((index) => [String(index), 1]),
    );
    if (relevant.size === 0) continue;
    // Equal values keep the schedule's order: a tie is not resolved in the measure's favour.
    const ranked = [...indexes].sort((a, b) => values[b]! - values[a]! || a - b).map(String);
    figures.push(ndcgAt(ranked, relevant, 10));
  }
  return {
    ndcg10: figures.length === 0 ? null : figures.reduce((sum, value) => sum + value, 0) / figures.length,
    needsJudged: figures.length,
  };
}

function mean(values: readonly (number | null)[]): number | null {
  const known = values.filter((value): value is number => value !== null);
  return known.length === 0 ? null : known.reduce((sum, value) => sum + value, 0) / known.length;
}

/**
 * How well the match score predicted which held meetings led to a next step: AUC over all of them
 * and nDCG@10 per need, beside the mean of the same for `orders` random orders (seeded, so the
 * baseline is the same on every run). Pure.
 */
export function scorePredictionOf(
  meetings: readonly PredictionMeeting[],
  options: { orders?: number; seed?: number } = {},
): ScorePrediction {
  const orders = options.orders ?? RANDOM_ORDERS;
  const seed = options.seed ?? RANDOM_SEED;
  const positive = meetings.map((meeting) => meeting.followUp);
  const scores = meetings.map((meeting) => meeting.score);
  const { ndcg10, needsJudged } = ndcgOf(meetings, scores);
  const random = createPrng(seed);
  const aucs: (number | null)[] = [];
  const ndcgs: (number | null)[] = [];
  for (let order = 0; order < orders; order += 1) {
    const values = meetings.map(() => random());
    aucs.push(aucOf(values, positive));
    ndcgs.push(ndcgOf(meetings, values).ndcg10);
  }
  return {
    held: meetings.length,
    withNextStep: positive.filter(Boolean).length,
    needsJudged,
    auc: aucOf(scores, positive),
    ndcg10,
    random: { auc: mean(aucs), ndcg10: mean(ndcgs), orders, seed },
  };
}
