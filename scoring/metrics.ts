/** Graded relevance of one need's profiles: startup id → grade (> 0). */
export type Judgements = ReadonlyMap<string, number>;

/** nDCG@k with gains 2^grade − 1 and log2 rank discounts; 0 when nothing is relevant. */
export function ndcgAt(ranked: readonly string[], relevant: Judgements, k: number): number {
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => {
    const grade = relevant.get(id) ?? 0;
    if (grade > 0) dcg += (2 ** grade - 1) / Math.log2(i + 2);
  });
  const ideal = [...relevant.values()].sort((a, b) => b - a).slice(0, k);
  const idcg = ideal.reduce((sum, grade, i) => sum + (2 ** grade - 1) / Math.log2(i + 2), 0);
  return idcg > 0 ? dcg / idcg : 0;
}

/** Reciprocal rank of the first relevant profile within the top k, else 0. */
export function reciprocalRankAt(ranked: readonly string[], relevant: Judgements, k: number): number {
  const first = ranked.slice(0, k).findIndex((id) => relevant.has(id));
  return first < 0 ? 0 : 1 / (first + 1);
}

/** Share of the relevant profiles found within the top k; 0 when nothing is relevant. */
export function recallAt(ranked: readonly string[], relevant: Judgements, k: number): number {
  if (relevant.size === 0) return 0;
  return ranked.slice(0, k).filter((id) => relevant.has(id)).length / relevant.size;
}

/** Mean metrics over judged needs, the figures `npm run eval` prints. */
export interface RankingQuality {
  ndcg10: number;
  mrr10: number;
  recall10: number;
  recall50: number;
  recall100: number;
}

/** Averages the standard metrics over needs: need id → ranked startup ids, and need id → judgements. */
export function measureRankings(
  rankings: ReadonlyMap<string, readonly string[]>,
  judgements: ReadonlyMap<string, Judgements>,
): RankingQuality {
  const needIds = [...judgements.keys()];
  const mean = (metric: (ranked: readonly string[], relevant: Judgements) => number): number =>
    needIds.reduce((sum, id) => sum + metric(rankings.get(id) ?? [], judgements.get(id) ?? new Map()), 0) /
    Math.max(1, needIds.length);
  return {
    ndcg10: mean((r, j) => ndcgAt(r, j, 10)),
    mrr10: mean((r, j) => reciprocalRankAt(r, j, 10)),
    recall10: mean((r, j) => recallAt(r, j, 10)),
    recall50: mean((r, j) => recallAt(r, j, 50)),
    recall100: mean((r, j) => recallAt(r, j, 100)),
  };
}
