import {
  startupCreateSchema,
  startupListQuerySchema,
  startupPatchSchema,
  type ListPage,
  statusOfStartup,
  type Startup,
} from '../../models';
import { recordChange } from '../audit';
import { assertRole, forbidden, type Principal } from '../auth';
import { forgetParticipant } from '../events';
import { eventIdsEnrolling, repairAfterDeparture, type DepartureRepair } from '../schedules';
import { detectLanguage } from '../needs';
import { publishChange, type Published, type ServiceDeps } from '../service-deps';
import { parseInput } from '../validation';
import { notFound, unwrapVersioned, versionConflict } from '../versioning';

function assertOwnProfile(principal: Principal, id: string): void {
  if (principal.role === 'startup' && principal.startupId !== id)
    throw forbidden('A startup key may only use its own profile.');
}

/** `POST /startups` (facilitator); the text language is detected when absent. */
export async function createStartup(
  deps: ServiceDeps,
  principal: Principal,
  body: unknown,
): Promise<Published<Startup>> {
  assertRole(principal, 'facilitator');
  const input = parseInput(startupCreateSchema, body);
  const startup = await deps.repos.startups.create({
    ...input,
    language:
      input.language ??
      detectLanguage(`${input.name}\n${input.oneLiner}\n${input.description}\n${input.offering}`),
  });
  const changePublished = await publishChange(deps, {
    kind: 'startup',
    id: startup.id,
    version: startup.version,
    deleted: false,
  });
  await recordChange(deps, principal, {
    action: 'create',
    record: { kind: 'startup', id: startup.id },
    after: startup,
  });
  return { value: startup, changePublished };
}

/**
 * `GET /startups/:id`: facilitators any; development heads approved profiles (a pending or
 * rejected one is 404 to them, as if absent); a startup its own.
 */
export async function getStartup(deps: ServiceDeps, principal: Principal, id: string): Promise<Startup> {
  assertOwnProfile(principal, id);
  const startup = deps.readModels
    ? await deps.readModels.startups.get(id)
    : await deps.repos.startups.findById(id);
  return visibleTo(principal, id, startup);
}

/**
 * The stored version of the profile, shown to whom {@link getStartup} shows the profile (its match
 * list's `version`): from the read models' versions of every profile when the API keeps them.
 */
export async function getStartupVersion(
  deps: ServiceDeps,
  principal: Principal,
  id: string,
): Promise<number> {
  if (!deps.readModels) return (await getStartup(deps, principal, id)).version;
  assertOwnProfile(principal, id);
  const startup = (await deps.readModels.startupVersions.get()).get(id) ?? null;
  return visibleTo(principal, id, startup).version;
}

/** `startup` when `principal` may see it, else 404 as if absent (a development head sees approved profiles only). */
function visibleTo<S extends Pick<Startup, 'status'>>(
  principal: Principal,
  id: string,
  startup: S | null,
): S {
  if (!startup) throw notFound('startup profile', id);
  if (principal.role === 'development_head' && statusOfStartup(startup) !== 'approved') {
    throw notFound('startup profile', id);
  }
  return startup;
}

/** Stored filter of the profiles a development head may see: approved ones (no status is approved). */
export const APPROVED_STARTUPS_FILTER = { status: { $nin: ['pending', 'rejected'] } };

/** `GET /startups` (facilitator; development heads see approved profiles only). */
export async function listStartups(
  deps: ServiceDeps,
  principal: Principal,
  query: unknown,
): Promise<ListPage<Startup>> {
  assertRole(principal, 'facilitator', 'development_head');
  const { limit, page, cursor, ...filters } = parseInput(startupListQuerySchema, query, 'query');
  const startups = deps.repos.startups;
  const visible = principal.role === 'development_head' ? APPROVED_STARTUPS_FILTER : {};
  return startups.listPage({ ...startups.filterOf(filters), ...visible }, { limit, page, cursor });
}

/** `PATCH /startups/:id` at `version`: facilitators any profile, a startup its own. */
export async function updateStartup(
  deps: ServiceDeps,
  principal: Principal,
  id: string,
  version: number,
  body: unknown,
): Promise<Published<Startup>> {
  assertRole(principal, 'facilitator', 'startup');
  assertOwnProfile(principal, id);
  const startups = deps.repos.startups;
  const patch = parseInput(startupPatchSchema, body);
  const current = await startups.findById(id);
  if (!current) throw notFound('startup profile', id);
  if (current.version !== version) throw versionConflict('startup profile', current.version);
  const startup = unwrapVersioned(await startups.update(id, version, patch), 'startup profile', id);
  const changePublished = await publishChange(deps, {
    kind: 'startup',
    id,
    version: startup.version,
    deleted: false,
  });
  await recordChange(deps, principal, {
    action: 'update',
    record: { kind: 'startup', id },
    before: current,
    after: startup,
  });
  return { value: startup, changePublished };
}

/**
 * `DELETE /startups/:id` (facilitator) at `version`; also leaves every event (with its availability),
 * and the profile's keys are revoked.
 * The published change carries `version + 1`.
 */
export async function deleteStartup(
  deps: ServiceDeps,
  principal: Principal,
  id: string,
  version: number,
): Promise<Published<Startup> & { scheduleRepairs: DepartureRepair[] }> {
  assertRole(principal, 'facilitator');
  const startup = unwrapVersioned(await deps.repos.startups.remove(id, version), 'startup profile', id);
  await recordChange(deps, principal, { action: 'delete', record: { kind: 'startup', id }, before: startup });
  const enrolledIn = await eventIdsEnrolling(deps, 'startup', id);
  await deps.repos.apiKeys.revokeBoundTo({ startupId: id }, new Date());
  await forgetParticipant(deps, 'startup', id);
  const changePublished = await publishChange(deps, {
    kind: 'startup',
    id,
    version: startup.version + 1,
    deleted: true,
  });
  const scheduleRepairs = await repairAfterDeparture(
    deps,
    { kind: 'startup', id, what: 'deleted', label: startup.name },
    enrolledIn,
  );
  return { value: startup, changePublished, scheduleRepairs };
}
