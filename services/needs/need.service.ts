import {
  emptyListPage,
  needCreateSchema,
  needListQuerySchema,
  needPatchSchema,
  type ListPage,
  type Need,
} from '../../models';
import { recordChange } from '../audit';
import { assertRole, forbidden, type Principal } from '../auth';
import { publishChange, type Published, type ServiceDeps } from '../service-deps';
import { invalidFields, parseInput } from '../validation';
import { notFound, unwrapVersioned, versionConflict } from '../versioning';
import { forgetParticipant } from '../events';
import { eventIdsEnrolling, liftNeedClosure, repairAfterDeparture, type DepartureRepair } from '../schedules';
import { resolveNeedHost } from '../hosts';
import { detectLanguage } from './detect-language';
import { indexAfter, loadNeedIndex, needFilter, type NeedIndex } from './need-index';

async function assertOrganisationExists(deps: ServiceDeps, organisationId: string): Promise<void> {
  if (!(await deps.repos.organisations.findById(organisationId))) {
    throw invalidFields([{ path: 'organisationId', message: `no organisation with id ${organisationId}` }]);
  }
}

function assertMayWriteFor(principal: Principal, organisationId: string): void {
  assertRole(principal, 'facilitator', 'development_head');
  if (principal.role === 'development_head' && principal.organisationId !== organisationId) {
    throw forbidden('A development head may only write needs of their own organisation.');
  }
}

/** Creates a need (facilitator; development head for their organisation); language detected when absent. */
export async function createNeed(
  deps: ServiceDeps,
  principal: Principal,
  body: unknown,
): Promise<Published<Need>> {
  assertRole(principal, 'facilitator', 'development_head');
  const input = parseInput(needCreateSchema, body);
  assertMayWriteFor(principal, input.organisationId);
  await assertOrganisationExists(deps, input.organisationId);
  const { owner, hostId, ...fields } = input;
  const need = await deps.repos.needs.create({
    ...fields,
    hostId: await resolveNeedHost(
      deps,
      input.organisationId,
      {
        ...(owner === undefined ? {} : { owner }),
        ...(hostId === undefined ? {} : { hostId }),
      },
      principal,
    ),
    language: input.language ?? detectLanguage(`${input.title}\n${input.description}`),
  });
  const changePublished = await publishChange(deps, {
    kind: 'need',
    id: need.id,
    version: need.version,
    deleted: false,
  });
  await recordChange(deps, principal, {
    action: 'create',
    record: { kind: 'need', id: need.id },
    after: need,
  });
  return { value: need, changePublished };
}

/** Every need, from the read model when the deps have one, else from the database. */
async function needIndexOf(deps: ServiceDeps): Promise<NeedIndex> {
  return deps.readModels ? deps.readModels.needs.get() : loadNeedIndex(deps.repos);
}

/** One need; startups see only open needs (others are 404 to them). */
export async function getNeed(deps: ServiceDeps, principal: Principal, id: string): Promise<Need> {
  const need = deps.readModels
    ? ((await deps.readModels.needs.get()).byId.get(id) ?? null)
    : await deps.repos.needs.findById(id);
  if (!need || (principal.role === 'startup' && need.status !== 'open')) throw notFound('need', id);
  return need;
}

/**
 * A page of needs matching the query, in id order; startups see only open needs. Served from the
 * read model: filtering its copy costs the same for every page, so a deep page costs what the first does.
 */
export async function listNeeds(
  deps: ServiceDeps,
  principal: Principal,
  query: unknown,
): Promise<ListPage<Need>> {
  const { limit, page, cursor, ...filters } = parseInput(needListQuerySchema, query, 'query');
  if (principal.role === 'startup') {
    if (filters.status !== undefined && filters.status !== 'open')
      return emptyListPage({ limit, page, cursor });
    filters.status = 'open';
  }
  const matching = (await needIndexOf(deps)).all.filter(needFilter(filters));
  const start = cursor !== undefined ? indexAfter(matching, cursor) : ((page ?? 1) - 1) * limit;
  const items = matching.slice(start, start + limit);
  const more = start + limit < matching.length;
  const nextCursor = more ? (items[items.length - 1]?.id ?? null) : null;
  if (cursor !== undefined) return { items, limit, total: matching.length, nextCursor };
  const number = page ?? 1;
  return {
    items,
    limit,
    total: matching.length,
    nextCursor,
    page: number,
    nextPage: more ? number + 1 : null,
  };
}

/**
 * The read model's copy of need `id` when it is at `version` or later, else undefined (no read
 * model, not in it, or behind). The copy holds every write answered before this request (writes
 * bump its generation before they answer) and versions only grow, so a copy past `version` makes a
 * 409 certain without reading the database; a copy at `version` is what the database holds at
 * `version` (every change of a need raises its version), and the write still checks that version
 * under its claim. A copy behind `version` proves nothing: the database is read.
 */
async function knownAtOrAfter(deps: ServiceDeps, id: string, version: number): Promise<Need | undefined> {
  if (!deps.readModels) return undefined;
  const known = (await deps.readModels.needs.get()).byId.get(id);
  return known !== undefined && known.version >= version ? known : undefined;
}

/**
 * Changes the given fields of a need stored at `version`. The need as it was comes from the read
 * model when its copy is at `version` (see {@link knownAtOrAfter}): a stale `If-Match` is then
 * answered 409 with no database read, and a write reads the database only under its claim.
 */
export async function updateNeed(
  deps: ServiceDeps,
  principal: Principal,
  id: string,
  version: number,
  body: unknown,
): Promise<WithScheduleRepairs<Published<Need>>> {
  assertRole(principal, 'facilitator', 'development_head');
  const needs = deps.repos.needs;
  const current = (await knownAtOrAfter(deps, id, version)) ?? (await needs.findById(id));
  if (!current) throw notFound('need', id);
  assertMayWriteFor(principal, current.organisationId);
  const { owner, hostId, ...patch } = parseInput(needPatchSchema, body);
  if (patch.organisationId !== undefined) {
    assertMayWriteFor(principal, patch.organisationId);
    await assertOrganisationExists(deps, patch.organisationId);
  }
  const organisationId = patch.organisationId ?? current.organisationId;
  let newHostId: string | undefined;
  if (owner !== undefined || hostId !== undefined)
    newHostId = await resolveNeedHost(
      deps,
      organisationId,
      {
        ...(owner === undefined ? {} : { owner }),
        ...(hostId === undefined ? {} : { hostId }),
      },
      principal,
    );
  else if (organisationId !== current.organisationId && current.hostId !== null) {
    const host = await deps.repos.hosts.findById(current.hostId);
    if (host?.organisationId !== organisationId)
      throw invalidFields([
        {
          path: 'hostId',
          message: 'the need moves to another organisation: give it a host (hostId or owner) of that one',
        },
      ]);
  }
  if (current.version !== version) throw versionConflict('need', current.version);
  // The host's contact as the need was read (the read model's copy is as fresh as this request).
  const known = (host: string) => (host === current.hostId ? current.owner : undefined);
  const need = unwrapVersioned(
    await needs.update(
      id,
      version,
      { ...patch, ...(newHostId === undefined ? {} : { hostId: newHostId }) },
      known,
    ),
    'need',
    id,
  );
  // Both follow the committed write and neither undoes it on failure, so they go out together.
  const [changePublished] = await Promise.all([
    publishChange(deps, { kind: 'need', id, version: need.version, deleted: false }),
    recordChange(deps, principal, {
      action: 'update',
      record: { kind: 'need', id },
      before: current,
      after: need,
    }),
  ]);
  return { value: need, changePublished, scheduleRepairs: await followStatus(deps, current, need) };
}

/**
 * Deletes a need stored at `version` and takes it out of the events that enrolled it. The
 * published change carries `version + 1`, so it orders after every update of the need.
 */
export async function deleteNeed(
  deps: ServiceDeps,
  principal: Principal,
  id: string,
  version: number,
): Promise<WithScheduleRepairs<Published<Need>>> {
  assertRole(principal, 'facilitator', 'development_head');
  const needs = deps.repos.needs;
  const current = await needs.findById(id);
  if (!current) throw notFound('need', id);
  assertMayWriteFor(principal, current.organisationId);
  const need = unwrapVersioned(await needs.remove(id, version), 'need', id);
  await recordChange(deps, principal, { action: 'delete', record: { kind: 'need', id }, before: need });
  const enrolledIn = await eventIdsEnrolling(deps, 'need', id);
  await forgetParticipant(deps, 'need', id);
  const changePublished = await publishChange(deps, {
    kind: 'need',
    id,
    version: need.version + 1,
    deleted: true,
  });
  const scheduleRepairs = await repairAfterDeparture(
    deps,
    { kind: 'need', id, what: 'deleted', label: need.title },
    enrolledIn,
  );
  return { value: need, changePublished, scheduleRepairs };
}

/** A write plus the schedules it repaired at once (a need or profile left events with meetings). */
export type WithScheduleRepairs<T> = T & { scheduleRepairs: DepartureRepair[] };

/**
 * A need closed leaves the schedules of its events (repaired drafts at once); reopened, its closure
 * stops applying to later builds.
 */
async function followStatus(deps: ServiceDeps, before: Need, after: Need): Promise<DepartureRepair[]> {
  if (after.status === 'closed' && before.status !== 'closed')
    return repairAfterDeparture(
      deps,
      { kind: 'need', id: after.id, what: 'closed', label: after.title },
      await eventIdsEnrolling(deps, 'need', after.id),
    );
  if (before.status === 'closed' && after.status !== 'closed')
    await liftNeedClosure(deps, after.id, await eventIdsEnrolling(deps, 'need', after.id));
  return [];
}
