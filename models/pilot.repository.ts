import type { Connection } from 'mongoose';
import { pilotModelOf } from './pilot.model';
import type { Pilot, PilotCreateInput, PilotListQuery, PilotPatchInput } from './pilot.schema';
import { toPlain } from './to-plain';
import { createVersionedRepository, type Filter, type VersionedRepository } from './versioned-repository';

/** Pilots: versioned CRUD and the list filters of `GET /pilots`. */
export interface PilotRepository extends VersionedRepository<Pilot, PilotCreateInput, PilotPatchInput> {
  filterOf(query: Omit<PilotListQuery, 'limit' | 'page'>): Filter;
  /** Every pilot of an event. */
  listByEvent(eventId: string): Promise<Pilot[]>;
}

/** The pilot repository on `conn`. */
export function createPilotRepository(conn: Connection): PilotRepository {
  const model = pilotModelOf(conn);
  return {
    ...createVersionedRepository<Pilot, PilotCreateInput, PilotPatchInput>(model),
    filterOf(query) {
      const filter: Filter = {};
      if (query.eventId) filter.eventId = query.eventId;
      if (query.status) filter.status = query.status;
      return filter;
    },
    async listByEvent(eventId) {
      const docs = await model.find({ eventId }).sort({ _id: 1 }).lean<Record<string, unknown>[]>();
      return docs.map((doc) => toPlain<Pilot>(doc));
    },
  };
}
