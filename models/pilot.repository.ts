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

/** Empty learnings (`""` or null) are no learnings: a new pilot is stored without them. */
function withoutEmptyLearnings(input: PilotCreateInput): PilotCreateInput {
  const { learnings, ...rest } = input;
  return learnings === null || learnings === undefined || learnings === '' ? rest : { ...rest, learnings };
}

/** A patch's empty learnings (`""` or null) remove the stored ones (`undefined` is removed by the update). */
function clearingEmptyLearnings(patch: PilotPatchInput): PilotPatchInput {
  return patch.learnings === null || patch.learnings === '' ? { ...patch, learnings: undefined } : patch;
}

/** The pilot repository on `conn`. */
export function createPilotRepository(conn: Connection): PilotRepository {
  const model = pilotModelOf(conn);
  const base = createVersionedRepository<Pilot, PilotCreateInput, PilotPatchInput>(model);
  return {
    ...base,
    create: (input, extra) => base.create(withoutEmptyLearnings(input), extra),
    createMany: (inputs) => base.createMany(inputs.map(withoutEmptyLearnings)),
    update: (id, version, patch) => base.update(id, version, clearingEmptyLearnings(patch)),
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
