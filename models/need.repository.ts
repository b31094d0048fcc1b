import type { Connection } from 'mongoose';
import { needModelOf } from './need.model';
import type { Need, NeedCreateInput, NeedListQuery, NeedPatchInput } from './need.schema';
import type { Language } from './common.schema';
import {
  createVersionedRepository,
  textFilter,
  type Filter,
  type VersionedRepository,
} from './versioned-repository';

/** What the repository stores on create: the API input with the language resolved. */
export type NeedCreateRecord = NeedCreateInput & { language: Language };
/** What the repository stores on update. */
export type NeedPatchRecord = NeedPatchInput;

/** Needs: versioned CRUD plus the list filters of `GET /needs`. */
export interface NeedRepository extends VersionedRepository<Need, NeedCreateRecord, NeedPatchRecord> {
  /** A MongoDB filter for the list query; `extra` is AND-ed (e.g. `{ status: 'open' }` for startups). */
  filterOf(query: Omit<NeedListQuery, 'limit' | 'page'>): Filter;
}

/** The need repository on `conn`. */
export function createNeedRepository(conn: Connection): NeedRepository {
  return {
    ...createVersionedRepository<Need, NeedCreateRecord, NeedPatchRecord>(needModelOf(conn)),
    filterOf(query) {
      const filter: Filter = { ...textFilter(query.q, ['title', 'description']) };
      if (query.status) filter.status = query.status;
      if (query.organisationId) filter.organisationId = query.organisationId;
      if (query.tag) filter.tags = query.tag;
      if (query.language) filter.language = query.language;
      if (query.ownerEmail) filter['owner.email'] = query.ownerEmail;
      return filter;
    },
  };
}
