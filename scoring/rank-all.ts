import { fitModel } from './model';
import { ScoringIndex } from './scoring-index';
import type { NeedDocument, RankedMatch, ScoringOptions, StartupDocument } from './types';

/** Fits a model on the documents and builds an index holding all of them. */
export function buildIndex(needs: readonly NeedDocument[], startups: readonly StartupDocument[], options: ScoringOptions = {}): ScoringIndex {
  const index = new ScoringIndex(fitModel(needs, startups, options), options);
  for (const startup of startups) index.upsertStartup(startup);
  for (const need of needs) index.upsertNeed(need);
  return index;
}

/**
 * Ranks every profile for every need in one go: need id → its best `topK` profiles, best first.
 * @param opts - `topK` (most matches per need) plus any scoring option.
 */
export function rankAll(needs: readonly NeedDocument[], startups: readonly StartupDocument[], opts: { topK: number } & ScoringOptions): Map<string, RankedMatch[]> {
  const { topK, ...options } = opts;
  const index = buildIndex(needs, startups, options);
  const result = new Map<string, RankedMatch[]>();
  for (const need of needs) result.set(need.id, index.rankStartups(need.id, { topK }));
  return result;
}
