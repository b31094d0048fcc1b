import type { Connection } from 'mongoose';
import { eventModelOf } from './event.model';
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
}

/** The event repository on `conn`. */
export function createEventRepository(conn: Connection): EventRepository {
  return {
    ...createVersionedRepository<MatchmakingEvent, EventCreateInput, EventPatchInput>(eventModelOf(conn)),
    filterOf(query) {
      return textFilter(query.q, ['name']);
    },
  };
}
