import {
  availabilitySchema,
  enrolmentSchema,
  eventCreateSchema,
  eventListQuerySchema,
  eventPatchSchema,
  type Availability,
  type EventPatchInput,
  type MatchmakingEvent,
  type ListPage,
} from '../../models';
import { AppError } from '../app-error';
import { recordChange } from '../audit';
import { assertRole, forbidden, type Principal } from '../auth';
import { assertAllExist } from '../existence';
import { assertMaySpeakForHost } from '../hosts';
import type { ServiceDeps } from '../service-deps';
import { invalidFields, parseInput } from '../validation';
import { notFound, unwrapVersioned, versionConflict } from '../versioning';

/** Attempts of a read-modify-write on an event before giving up under contention. */
const MAX_EVENT_WRITE_ATTEMPTS = 5;

async function assertParticipantsExist(
  deps: ServiceDeps,
  input: { needIds?: string[]; startupIds?: string[] },
): Promise<void> {
  const { needs, startups } = deps.repos;
  const problems: { path: string; message: string }[] = [];
  for (const check of [
    () => assertAllExist(needs, input.needIds ?? [], 'needIds', 'need'),
    () => assertAllExist(startups, input.startupIds ?? [], 'startupIds', 'startup profile'),
  ]) {
    try {
      await check();
    } catch (error) {
      if (error instanceof AppError) problems.push(...error.fields);
      else throw error;
    }
  }
  if (problems.length > 0) throw invalidFields(problems);
}

/**
 * Applies `change` to the event's current state with a version-filtered write, re-reading and
 * retrying when another writer got in between (so concurrent enrolments never lose one another).
 * With `audit`, the committed change is recorded in the audit log as the principal's `action`.
 */
async function modifyEvent(
  deps: ServiceDeps,
  id: string,
  change: (event: MatchmakingEvent) => Promise<EventPatchInput>,
  audit?: { principal: Principal; action: string },
): Promise<MatchmakingEvent> {
  const events = deps.repos.events;
  for (let attempt = 0; attempt < MAX_EVENT_WRITE_ATTEMPTS; attempt += 1) {
    const current = await events.findById(id);
    if (!current) throw notFound('event', id);
    const result = await events.update(id, current.version, await change(current));
    if (result.ok && audit)
      await recordChange(deps, audit.principal, {
        action: audit.action,
        record: { kind: 'event', id },
        before: current,
        after: result.value,
      });
    if (result.ok) return result.value;
    if (result.reason === 'not_found') throw notFound('event', id);
  }
  throw new AppError('event_busy', 'The event is being changed by many requests at once; retry.', {
    httpStatus: 409,
  });
}

/** 409 naming `signUpSlug` when another event's sign-up page already has the address. */
async function assertSignUpSlugFree(
  deps: ServiceDeps,
  slug: string | undefined,
  eventId?: string,
): Promise<void> {
  if (slug === undefined) return;
  const holder = await deps.repos.events.findBySignUpSlug(slug);
  if (holder && holder.id !== eventId) {
    throw new AppError('sign_up_slug_taken', `Another event's sign-up page is /e/${slug}/anmalan.`, {
      httpStatus: 409,
      fields: [{ path: 'signUpSlug', message: 'is the sign-up address of another event' }],
    });
  }
}

/**
 * Enrols a startup that registered through the event's sign-up page (no principal: the confirmed
 * registration is the authority). False when the event is gone.
 */
export async function enrolRegisteredStartup(
  deps: ServiceDeps,
  eventId: string,
  startupId: string,
): Promise<boolean> {
  try {
    await modifyEvent(deps, eventId, async (event) => ({
      startupIds: [...new Set([...event.startupIds, startupId])],
    }));
    return true;
  } catch (error) {
    if (error instanceof AppError && error.httpStatus === 404) return false;
    throw error;
  }
}

/** `POST /events` (facilitator); enrolled ids must exist. */
export async function createEvent(
  deps: ServiceDeps,
  principal: Principal,
  body: unknown,
): Promise<MatchmakingEvent> {
  assertRole(principal, 'facilitator');
  const input = parseInput(eventCreateSchema, body);
  await assertParticipantsExist(deps, input);
  await assertSignUpSlugFree(deps, input.signUpSlug);
  const created = await deps.repos.events.create(input);
  await recordChange(deps, principal, {
    action: 'create',
    record: { kind: 'event', id: created.id },
    after: created,
  });
  return created;
}

/** `GET /events/:id` (every role). */
export async function getEvent(
  deps: ServiceDeps,
  _principal: Principal,
  id: string,
): Promise<MatchmakingEvent> {
  const event = await deps.repos.events.findById(id);
  if (!event) throw notFound('event', id);
  return event;
}

/** `GET /events` (every role). */
export async function listEvents(
  deps: ServiceDeps,
  _principal: Principal,
  query: unknown,
): Promise<ListPage<MatchmakingEvent>> {
  const { limit, page, cursor, ...filters } = parseInput(eventListQuerySchema, query, 'query');
  const events = deps.repos.events;
  return events.listPage(events.filterOf(filters), { limit, page, cursor });
}

/** `PATCH /events/:id` (facilitator) at `version`; arrays are replaced whole. */
export async function updateEvent(
  deps: ServiceDeps,
  principal: Principal,
  id: string,
  version: number,
  body: unknown,
): Promise<MatchmakingEvent> {
  assertRole(principal, 'facilitator');
  const patch = parseInput(eventPatchSchema, body);
  await assertParticipantsExist(deps, patch);
  await assertSignUpSlugFree(deps, patch.signUpSlug, id);
  const events = deps.repos.events;
  const current = await events.findById(id);
  if (!current) throw notFound('event', id);
  if (current.version !== version) throw versionConflict('event', current.version);
  const updated = unwrapVersioned(await events.update(id, version, patch), 'event', id);
  await recordChange(deps, principal, {
    action: 'update',
    record: { kind: 'event', id },
    before: current,
    after: updated,
  });
  return updated;
}

/** `DELETE /events/:id` (facilitator) at `version`. */
export async function deleteEvent(
  deps: ServiceDeps,
  principal: Principal,
  id: string,
  version: number,
): Promise<MatchmakingEvent> {
  assertRole(principal, 'facilitator');
  const removed = unwrapVersioned(await deps.repos.events.remove(id, version), 'event', id);
  await recordChange(deps, principal, { action: 'delete', record: { kind: 'event', id }, before: removed });
  return removed;
}

/** `POST /events/:id/enrolments` (facilitator): adds needs and startups; ids already enrolled are kept once. */
export async function enrol(
  deps: ServiceDeps,
  principal: Principal,
  id: string,
  body: unknown,
): Promise<MatchmakingEvent> {
  assertRole(principal, 'facilitator');
  const input = parseInput(enrolmentSchema, body);
  await assertParticipantsExist(deps, input);
  return modifyEvent(
    deps,
    id,
    async (event) => ({
      needIds: [...new Set([...event.needIds, ...input.needIds])],
      startupIds: [...new Set([...event.startupIds, ...input.startupIds])],
    }),
    { principal, action: 'enrol' },
  );
}

/** `DELETE /events/:id/enrolments/{needs|startups}/:participantId` (facilitator); a startup's availability goes with it. */
export async function unenrol(
  deps: ServiceDeps,
  principal: Principal,
  id: string,
  kind: string,
  participantId: string,
): Promise<MatchmakingEvent> {
  assertRole(principal, 'facilitator');
  if (kind !== 'needs' && kind !== 'startups') throw notFound('enrolment kind', kind);
  return modifyEvent(
    deps,
    id,
    async (event) => {
      const list = kind === 'needs' ? event.needIds : event.startupIds;
      if (!list.includes(participantId))
        throw notFound(`${kind === 'needs' ? 'need' : 'startup'} enrolled in this event`, participantId);
      if (kind === 'needs') return { needIds: event.needIds.filter((needId) => needId !== participantId) };
      return {
        startupIds: event.startupIds.filter((startupId) => startupId !== participantId),
        availability: event.availability.filter(
          (entry) => !(entry.participantKind === 'startup' && entry.participantId === participantId),
        ),
      };
    },
    { principal, action: 'unenrol' },
  );
}

/**
 * Takes a deleted need or startup profile out of every event that enrolled it (a startup's
 * availability goes too). One event at a time, each write version-checked; returns how many
 * events changed.
 */
export async function forgetParticipant(
  deps: ServiceDeps,
  kind: 'need' | 'startup',
  id: string,
): Promise<number> {
  const events = deps.repos.events;
  const field = kind === 'need' ? 'needIds' : 'startupIds';
  let changed = 0;
  for (;;) {
    // Each pass removes the participant from the events it lists, so page 1 is always the rest.
    const enrolledIn = await events.list({ [field]: id }, { limit: 100, page: 1 });
    if (enrolledIn.items.length === 0) return changed;
    for (const event of enrolledIn.items) {
      await modifyEvent(deps, event.id, async (current) =>
        kind === 'need'
          ? { needIds: current.needIds.filter((needId) => needId !== id) }
          : {
              startupIds: current.startupIds.filter((startupId) => startupId !== id),
              availability: current.availability.filter(
                (entry) => !(entry.participantKind === 'startup' && entry.participantId === id),
              ),
            },
      );
      changed += 1;
    }
  }
}

/** 403 unless the principal may set this participant's availability. */
async function assertMaySetAvailability(
  deps: ServiceDeps,
  principal: Principal,
  kind: Availability['participantKind'],
  participantId: string,
): Promise<void> {
  if (principal.role === 'facilitator') return;
  if (principal.role === 'startup') {
    if (kind !== 'startup' || participantId !== principal.startupId)
      throw forbidden('A startup key may only set its own availability.');
    return;
  }
  if (kind !== 'host')
    throw forbidden(
      'A development head may only set the availability of the hosts of their own organisation.',
    );
  await assertMaySpeakForHost(deps, principal, participantId);
}

/** True when the host with this e-mail sits in an enrolled need's meetings (a need stored before hosts: by its own contact). */
async function hostOfEnrolledNeed(
  deps: ServiceDeps,
  event: MatchmakingEvent,
  email: string,
): Promise<boolean> {
  const { hosts, needs } = deps.repos;
  const host = await hosts.findByEmail(email);
  const byHost = host ? [{ hostId: host.id }] : [];
  return (await needs.count({ _id: { $in: event.needIds }, $or: [{ 'owner.email': email }, ...byHost] })) > 0;
}

/** 400 unless the participant takes part in the event (a host through an enrolled need). */
async function assertParticipates(
  deps: ServiceDeps,
  event: MatchmakingEvent,
  kind: Availability['participantKind'],
  participantId: string,
): Promise<void> {
  const participates =
    kind === 'startup'
      ? event.startupIds.includes(participantId)
      : event.needIds.length > 0 && (await hostOfEnrolledNeed(deps, event, participantId));
  if (!participates)
    throw invalidFields([
      { path: 'participantId', message: `${participantId} is not enrolled in this event` },
    ]);
}

/**
 * `PUT /events/:id/availability`: replaces one participant's windows (an empty list means not
 * available at all; no entry means available throughout). Facilitators any participant; a startup
 * itself; a development head the hosts of their own organisation (hosts are named by e-mail).
 */
export async function setAvailability(
  deps: ServiceDeps,
  principal: Principal,
  id: string,
  body: unknown,
): Promise<MatchmakingEvent> {
  const input = parseInput(availabilitySchema, body);
  await assertMaySetAvailability(deps, principal, input.participantKind, input.participantId);
  return modifyEvent(
    deps,
    id,
    async (event) => {
      await assertParticipates(deps, event, input.participantKind, input.participantId);
      const eventDates = new Set(event.days.map((day) => day.date));
      const badDates = input.windows.flatMap((window, index) =>
        eventDates.has(window.date)
          ? []
          : [{ path: `windows.${index}.date`, message: `${window.date} is not a day of the event` }],
      );
      if (badDates.length > 0) throw invalidFields(badDates);
      const others = event.availability.filter(
        (entry) =>
          !(entry.participantKind === input.participantKind && entry.participantId === input.participantId),
      );
      return { availability: [...others, input] };
    },
    { principal, action: 'set_availability' },
  );
}

/** `DELETE /events/:id/availability/:participantKind/:participantId`: the participant is available throughout again. */
export async function clearAvailability(
  deps: ServiceDeps,
  principal: Principal,
  id: string,
  kind: string,
  rawParticipantId: string,
): Promise<MatchmakingEvent> {
  if (kind !== 'host' && kind !== 'startup') throw notFound('participant kind', kind);
  const participantId = kind === 'host' ? rawParticipantId.toLowerCase() : rawParticipantId;
  await assertMaySetAvailability(deps, principal, kind, participantId);
  return modifyEvent(
    deps,
    id,
    async (event) => ({
      availability: event.availability.filter(
        (entry) => !(entry.participantKind === kind && entry.participantId === participantId),
      ),
    }),
    { principal, action: 'clear_availability' },
  );
}
