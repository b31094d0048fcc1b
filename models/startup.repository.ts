import type { Connection } from 'mongoose';
import type { Language } from './common.schema';
import { startupModelOf } from './startup.model';
import type {
  Startup,
  StartupCreateInput,
  StartupListQuery,
  StartupPatchInput,
  StartupRegistration,
  StartupStatus,
} from './startup.schema';
import {
  createVersionedRepository,
  textFilter,
  type Filter,
  type VersionedRepository,
  type VersionedWriteResult,
} from './versioned-repository';

/**
 * What the repository stores on create: the API input with the text language resolved (a
 * registered profile starts without `stage` and `teamSize`, which its startup fills in).
 */
export type StartupCreateRecord = Omit<StartupCreateInput, 'stage' | 'teamSize'> &
  Partial<Pick<StartupCreateInput, 'stage' | 'teamSize'>> & { language: Language };

/** Startup profiles: versioned CRUD plus the list filters of `GET /startups`. */
export interface StartupRepository extends VersionedRepository<
  Startup,
  StartupCreateRecord,
  StartupPatchInput
> {
  filterOf(query: Omit<StartupListQuery, 'limit' | 'page'>): Filter;
  /** {@link VersionedRepository.update} that may also set the review status and the registration record. */
  updateReviewed(
    id: string,
    version: number,
    patch: StartupPatchInput & { status?: StartupStatus; registration?: StartupRegistration },
  ): Promise<VersionedWriteResult<Startup>>;
}

/** The startup repository on `conn`. */
export function createStartupRepository(conn: Connection): StartupRepository {
  const base = createVersionedRepository<Startup, StartupCreateRecord, StartupPatchInput>(
    startupModelOf(conn),
  );
  return {
    ...base,
    updateReviewed(id, version, patch) {
      // The stored shape has both fields; only the API's patch body leaves them out.
      return base.update(id, version, patch as StartupPatchInput);
    },
    filterOf(query) {
      const filter: Filter = { ...textFilter(query.q, ['name', 'oneLiner', 'description']) };
      if (query.tag) filter.tags = query.tag;
      if (query.language) filter.languages = query.language;
      if (query.stage) filter.stage = query.stage;
      return filter;
    },
  };
}
