import type { Repositories, Startup } from '../../models';
import { loadNeedIndex, type NeedIndex } from '../needs/need-index';
import type { Generations } from './generations';
import { createReadModel, type ReadModel } from './read-model';
import { createKeyedReadModel, type KeyedReadModel } from './keyed-read-model';
import { cacheMatchViews, type MatchViews } from './match-views';

export { localGenerations, redisGenerations, type Generations } from './generations';
export { createReadModel, type ReadModel } from './read-model';
export { createKeyedReadModel, type KeyedReadModel } from './keyed-read-model';
export { cacheMatchViews, type MatchView, type MatchViews } from './match-views';
export { noticeWrites } from './write-notices';
export { cachePrincipals, type PrincipalResolver } from './principal-cache';

/**
 * Longest a read model's copy is used without reloading: the bound for writes that do not bump a
 * generation (made outside the API, such as a script or the start-up migration, or while Redis
 * could not take the bump).
 */
export const READ_MODEL_MAX_AGE_MS = 2_000;

/**
 * Longest a match list is kept (the workers write rankings without telling the API): a recompute
 * that changes a list shows within this, or at once for the need or profile that was changed.
 */
export const MATCH_VIEW_MAX_AGE_MS = 1_000;

/** The API's in-memory read models. */
export interface ReadModels {
  /** Every need with its host's contact (`GET /needs`, `GET /needs/:id`, the needs of match lists). */
  needs: ReadModel<NeedIndex>;
  /** Startup profiles by id (`GET /startups/:id`, the profile behind its match list). */
  startups: KeyedReadModel<Startup>;
  /** Needs' rankings and profiles' matches, kept for {@link MATCH_VIEW_MAX_AGE_MS}. */
  matches: MatchViews;
}

/** The read models over `repos` (pass repositories whose writes bump `generations`: {@link noticeWrites}). */
export function createReadModels(repos: Repositories, generations: Generations): ReadModels {
  return {
    needs: createReadModel({
      name: 'needs',
      generations,
      load: () => loadNeedIndex(repos),
      maxAgeMs: READ_MODEL_MAX_AGE_MS,
    }),
    startups: createKeyedReadModel({
      name: 'startups',
      generations,
      load: (id) => repos.startups.findById(id),
      maxAgeMs: READ_MODEL_MAX_AGE_MS,
    }),
    matches: cacheMatchViews(repos.matches, MATCH_VIEW_MAX_AGE_MS),
  };
}
