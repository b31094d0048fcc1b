import type { Connection } from 'mongoose';
import { eventModelOf } from './event.model';
import { toPlain } from './to-plain';
import type { EventCreateInput, EventListQuery, EventPatchInput, MatchmakingEvent } from './event.schema';
import {
  createVersionedRepository,
  textFilter,
  type Filter,
  type VersionedRepository,
} from './versioned-repository';

/** Events: versioned CRUD; enrolment and availability changes go through `updateRaw`. */
export interface EventRepository extends VersionedRepository<
  MatchmakingEvent,
  EventCreateInput,
  EventPatchInput
> {
  filterOf(query: Omit<EventListQuery, 'limit' | 'page'>): Filter;
  /** The event whose public sign-up page is `/e/<slug>/anmalan`; null when none. */
  findBySignUpSlug(slug: string): Promise<MatchmakingEvent | null>;
}

/** The event repository on `conn`. */
export function createEventRepository(conn: Connection): EventRepository {
  const model = eventModelOf(conn);
  return {
    ...createVersionedRepository<MatchmakingEvent, EventCreateInput, EventPatchInput>(model),
    filterOf(query) {
      return textFilter(query.q, ['name']);
    },
    async findBySignUpSlug(slug) {
      const doc = await model.findOne({ signUpSlug: slug }).lean<Record<string, unknown>>();
      return doc ? toPlain<MatchmakingEvent>(doc) : null;
    },
  };
}
