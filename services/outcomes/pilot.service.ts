import {
  pilotCreateSchema,
  pilotListQuerySchema,
  pilotPatchSchema,
  type ListPage,
  type Pilot,
} from '../../models';
import { AppError } from '../app-error';
import { recordChange } from '../audit';
import { assertRole, forbidden, type Principal } from '../auth';
import type { ServiceDeps } from '../service-deps';
import { invalidFields, parseInput } from '../validation';
import { notFound, unwrapVersioned, versionConflict } from '../versioning';
import { mayReadMeeting } from './outcome-rules';
import { publishedMeeting, type PublishedMeeting } from './published-meetings';

/** Whether `principal` may create or change pilots of the organisation: facilitators, and its development heads. */
function mayManage(principal: Principal, organisationId: string): boolean {
  return (
    principal.role === 'facilitator' ||
    (principal.role === 'development_head' && principal.organisationId === organisationId)
  );
}

/** The published meeting a pilot body names; 400 naming `eventId` or `meetingId` when there is none. */
async function meetingOfPilot(
  deps: ServiceDeps,
  eventId: string,
  meetingId: string,
): Promise<PublishedMeeting> {
  if (!(await deps.repos.events.findById(eventId)))
    throw invalidFields([{ path: 'eventId', message: `no event with id ${eventId}` }]);
  try {
    return await publishedMeeting(deps, eventId, meetingId);
  } catch (error) {
    if (error instanceof AppError && (error.httpStatus === 404 || error.httpStatus === 409))
      throw invalidFields(
        error.fields.length > 0 ? [...error.fields] : [{ path: 'meetingId', message: error.message }],
      );
    throw error;
  }
}

/**
 * `POST /pilots` (facilitator; a development head for meetings of her organisation's needs): a
 * pilot that came from a published meeting; its need and startup are the meeting's.
 */
export async function createPilot(deps: ServiceDeps, principal: Principal, body: unknown): Promise<Pilot> {
  assertRole(principal, 'facilitator', 'development_head');
  const input = parseInput(pilotCreateSchema, body ?? {});
  const meeting = await meetingOfPilot(deps, input.eventId, input.meetingId);
  if (!mayManage(principal, meeting.organisationId))
    throw forbidden('A development head records pilots only of her own organisation’s needs.');
  const pilot = await deps.repos.pilots.create(input, {
    needId: meeting.needId,
    startupId: meeting.startupId,
    organisationId: meeting.organisationId,
  });
  await recordChange(deps, principal, {
    action: 'create',
    record: { kind: 'pilot', id: pilot.id },
    after: pilot,
  });
  return pilot;
}

/** Whether `principal` may see the pilot: facilitators, the need's organisation, the startup. */
function mayRead(principal: Principal, pilot: Pilot): boolean {
  return mayReadMeeting(principal, pilot);
}

/** `GET /pilots/:id`; 404 for a pilot the caller may not see. */
export async function getPilot(deps: ServiceDeps, principal: Principal, id: string): Promise<Pilot> {
  const pilot = await deps.repos.pilots.findById(id);
  if (!pilot || !mayRead(principal, pilot)) throw notFound('pilot', id);
  return pilot;
}

/** `GET /pilots?eventId=&status=`: facilitators every pilot; a development head her organisation's; a startup its own. */
export async function listPilots(
  deps: ServiceDeps,
  principal: Principal,
  query: unknown,
): Promise<ListPage<Pilot>> {
  const { limit, page, cursor, ...filters } = parseInput(pilotListQuerySchema, query, 'query');
  const pilots = deps.repos.pilots;
  const filter = pilots.filterOf(filters);
  if (principal.role === 'development_head') filter.organisationId = principal.organisationId;
  if (principal.role === 'startup') filter.startupId = principal.startupId;
  return pilots.listPage(filter, { limit, page, cursor });
}

/** `PATCH /pilots/:id` at `version` (facilitator; a development head her organisation's). */
export async function updatePilot(
  deps: ServiceDeps,
  principal: Principal,
  id: string,
  version: number,
  body: unknown,
): Promise<Pilot> {
  assertRole(principal, 'facilitator', 'development_head');
  const pilots = deps.repos.pilots;
  const current = await pilots.findById(id);
  if (!current || !mayRead(principal, current)) throw notFound('pilot', id);
  if (!mayManage(principal, current.organisationId))
    throw forbidden('A development head changes pilots only of her own organisation’s needs.');
  const patch = parseInput(pilotPatchSchema, body ?? {});
  const start = patch.start ?? current.start;
  const end = patch.end ?? current.end;
  if (end < start)
    throw invalidFields([{ path: patch.end ? 'end' : 'start', message: 'end must not be before start' }]);
  if (current.version !== version) throw versionConflict('pilot', current.version);
  const updated = unwrapVersioned(await pilots.update(id, version, patch), 'pilot', id);
  await recordChange(deps, principal, {
    action: 'update',
    record: { kind: 'pilot', id },
    before: current,
    after: updated,
  });
  return updated;
}
