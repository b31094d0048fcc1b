import type { Connection } from 'mongoose';
import type { Language } from './common.schema';
import { startupModelOf } from './startup.model';
import type { Startup, StartupCreateInput, StartupListQuery, StartupPatchInput } from './startup.schema';
import {
  createVersionedRepository,
  textFilter,
  type Filter,
  type VersionedRepository,
} from './versioned-repository';

/** What the repository stores on create: the API input with the text language resolved. */
export type StartupCreateRecord = StartupCreateInput & { language: Language };

/** Startup profiles: versioned CRUD plus the list filters of `GET /startups`. */
export interface StartupRepository extends VersionedRepository<
  Startup,
  StartupCreateRecord,
  StartupPatchInput
> {
  filterOf(query: Omit<StartupListQuery, 'limit' | 'page'>): Filter;
}

/** The startup repository on `conn`. */
export function createStartupRepository(conn: Connection): StartupRepository {
  return {
    ...createVersionedRepository<Startup, StartupCreateRecord, StartupPatchInput>(startupModelOf(conn)),
    filterOf(query) {
      const filter: Filter = { ...textFilter(query.q, ['name', 'oneLiner', 'description']) };
      if (query.tag) filter.tags = query.tag;
      if (query.language) filter.languages = query.language;
      if (query.stage) filter.stage = query.stage;
      return filter;
    },
  };
}
