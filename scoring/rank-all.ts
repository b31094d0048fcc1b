import { fitModelWithDocuments } from './model';
import { ScoringIndex } from './scoring-index';
import type { NeedDocument, RankedMatch, ScoringOptions, StartupDocument } from './types';

/** Fits a model on the documents and builds an index holding all of them (each analysed once). */
export function buildIndex(
  needs: readonly NeedDocument[],
  startups: readonly StartupDocument[],
  options: ScoringOptions = {},
): ScoringIndex {
  const fitted = fitModelWithDocuments(needs, startups, options);
  const index = new ScoringIndex(fitted.model, options);
  index.loadFitted(fitted);
  return index;
}

/**
 * Ranks every profile for every need in one go: need id → its best `topK` profiles, best first.
 * @param opts - `topK` (most matches per need) plus any scoring option.
 */
export function rankAll(
  needs: readonly NeedDocument[],
  startups: readonly StartupDocument[],
  opts: { topK: number } & ScoringOptions,
): Map<string, RankedMatch[]> {
  const { topK, ...options } = opts;
  const index = buildIndex(needs, startups, options);
  const result = new Map<string, RankedMatch[]>();
  for (const need of needs) result.set(need.id, index.rankStartups(need.id, { topK }));
  return result;
}
