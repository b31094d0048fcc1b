import type { Repositories, Startup } from '../../models';
import { loadNeedIndex, updateNeedIndex, type NeedIndex } from '../needs/need-index';
import type { Generations } from './generations';
import { createReadModel, type ReadModel } from './read-model';
import { createKeyedReadModel, type KeyedReadModel } from './keyed-read-model';
import { createMatchViews, type MatchViews } from './match-views';
import { loadStartupVersions, updateStartupVersions, type StartupVersions } from './startup-versions';

export { batchedReads, localGenerations, redisGenerations, type Generations } from './generations';
export { createReadModel, type ReadModel } from './read-model';
export { createKeyedReadModel, type KeyedReadModel } from './keyed-read-model';
export { createMatchViews, type MatchView, type MatchViews } from './match-views';
export type { StartupVersion, StartupVersions } from './startup-versions';
export { noticeDenseStatusFlips, noticeRankingWrites, noticeWrites } from './write-notices';
export { cachePrincipals, type PrincipalResolver } from './principal-cache';

/**
 * Longest a read model's copy is used without reloading: the bound for writes that do not bump a
 * generation (made outside the API, such as a script or the start-up migration, or while Redis
 * could not take the bump).
 */
export const READ_MODEL_MAX_AGE_MS = 2_000;

/**
 * The same bound for every profile's version and review status (the profile behind its match
 * list). Longer, because reloading them whole reads every profile: FerretDB 1.x reads whole
 * documents for a projection, ~0.5 s of its time at 1,500 profiles, and every 2 s that held the
 * matches workers' writes back (freshness p95 110-120 ms against 560-730 ms, bench/RESULTS.md).
 * Writes through the API name their profile and are in the next read whatever this is.
 */
export const PROFILE_VERSIONS_MAX_AGE_MS = 30_000;

/** The API's in-memory read models. */
export interface ReadModels {
  /** Every need with its host's contact (`GET /needs`, `GET /needs/:id`, the needs of match lists). */
  needs: ReadModel<NeedIndex>;
  /** Startup profiles by id (`GET /startups/:id`). */
  startups: KeyedReadModel<Startup>;
  /** Every profile's version and review status (the profile behind its match list). */
  startupVersions: ReadModel<StartupVersions>;
  /** Needs' rankings and profiles' matches, read again when a worker writes rankings (see match-views.ts). */
  matches: MatchViews;
}

/** The read models over `repos` (pass repositories whose writes bump `generations`: {@link noticeWrites}). */
export function createReadModels(repos: Repositories, generations: Generations): ReadModels {
  return {
    needs: createReadModel({
      name: 'needs',
      generations,
      load: () => loadNeedIndex(repos),
      update: (index, ids) => updateNeedIndex(repos, index, ids),
      maxAgeMs: READ_MODEL_MAX_AGE_MS,
    }),
    startups: createKeyedReadModel({
      name: 'startups',
      generations,
      load: (id) => repos.startups.findById(id),
      maxAgeMs: READ_MODEL_MAX_AGE_MS,
    }),
    startupVersions: createReadModel({
      name: 'startups',
      generations,
      load: () => loadStartupVersions(repos),
      update: (versions, ids) => updateStartupVersions(repos, versions, ids),
      maxAgeMs: PROFILE_VERSIONS_MAX_AGE_MS,
    }),
    matches: createMatchViews({ repos, generations, maxAgeMs: READ_MODEL_MAX_AGE_MS }),
  };
}
