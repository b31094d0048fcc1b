import { applyChange, buildSchedule, repairSchedule, solveExact, type Meeting, type ScheduleChange, type ScheduleInstance, type ScheduleResult } from '../../scheduling';
import type { SchedulePointer, ScheduleVersion } from '../../models/schedule.repository';
import { AppError } from '../app-error';
import { assertRole, type Principal } from '../auth';
import type { ServiceDeps } from '../service-deps';
import { invalidFields, parseInput } from '../validation';
import { buildInstance, hostIdOf } from './build-instance';
import { nextCalendar } from './calendar-sequence';
import { loadMatches, loadScheduleContext, sourceEventOf, type ScheduleContext } from './schedule-context';
import { buildBodySchema, cancellationBodySchema, publishBodySchema, type CancellationBody } from './schedule.schemas';
import { scheduleRepositoryOf } from './schedule-store';

/** A version plus where the event's pointer stands, as the API returns it. */
export interface ScheduleView extends ScheduleVersion {
  draftVersion: number;
  publishedVersion: number;
  publishedVersions: number[];
}

/** A repaired draft plus what the repair did. */
export interface RepairView extends ScheduleView {
  kept: number;
  moved: Meeting[];
  added: Meeting[];
  dropped: Meeting[];
}

function viewOf(version: ScheduleVersion, pointer: SchedulePointer): ScheduleView {
  return { ...version, draftVersion: pointer.draftVersion, publishedVersion: pointer.publishedVersion, publishedVersions: pointer.publishedVersions };
}

function stale(detail: string): AppError {
  return new AppError('schedule_conflict', detail, { httpStatus: 409 });
}

/** The instance of an event now: enrolled records, stored matches, pins, bans, recorded cancellations. */
async function assembleInstance(
  deps: ServiceDeps,
  context: ScheduleContext,
  options: { minScore: number; topK: number },
  locked: readonly Meeting[],
): Promise<ScheduleInstance> {
  const pairings = await scheduleRepositoryOf(deps.db).pairings(context.event.id);
  const matches = await loadMatches(deps, context.event.needIds, options.topK);
  let instance = buildInstance(
    { event: sourceEventOf(context.event), needs: context.needs, startups: context.startups, matches, pins: pairings.pins, bans: pairings.bans, locked },
    options,
  );
  for (const { change } of pairings.cancellations) instance = applyChange(instance, change);
  return instance;
}

function versionFields(result: ScheduleResult): Pick<ScheduleVersion, 'meetings' | 'objective' | 'bound' | 'gap' | 'shortfalls' | 'unmetPins' | 'droppedLocked'> {
  return {
    meetings: result.meetings,
    objective: result.objective,
    bound: result.bound,
    gap: result.gap,
    shortfalls: result.shortfalls,
    unmetPins: result.unmetPins,
    droppedLocked: result.droppedLocked.map((dropped) => ({ meeting: dropped.meeting, reason: dropped.reason })),
  };
}

/** Stores `fields` as the new draft iff the pointer is still at `pointer.revision`; 409 otherwise. */
async function storeDraft(deps: ServiceDeps, pointer: SchedulePointer, fields: Omit<ScheduleVersion, 'version' | 'eventId' | 'status' | 'createdAt'>): Promise<ScheduleView> {
  const repository = scheduleRepositoryOf(deps.db);
  const version = await repository.insertVersion({ ...fields, eventId: pointer.eventId, status: 'draft', createdAt: new Date() }, pointer.lastVersion);
  const written = await repository.updatePointer(pointer.eventId, pointer.revision, { draftVersion: version.version }, version.version);
  if (!written.ok) {
    await repository.discardVersion(pointer.eventId, version.version);
    throw stale('The schedule changed while this draft was made (another build, publish or cancellation); reload and retry.');
  }
  return viewOf(version, written.value);
}

/** `POST /events/:id/schedule` (facilitator): builds and stores a new draft; published meetings stay locked. */
export async function buildDraft(deps: ServiceDeps, principal: Principal, eventId: string, body: unknown): Promise<ScheduleView> {
  assertRole(principal, 'facilitator');
  const options = parseInput(buildBodySchema, body ?? {});
  const context = await loadScheduleContext(deps, eventId);
  const repository = scheduleRepositoryOf(deps.db);
  const pointer = await repository.pointer(eventId);
  const published = pointer.publishedVersion > 0 ? await repository.version(eventId, pointer.publishedVersion) : null;
  const instance = await assembleInstance(deps, context, options, published?.meetings ?? []);
  const result =
    options.exactTimeLimitMs === undefined ? buildSchedule(instance, { seed: options.seed }) : await solveExact(instance, { timeLimitMs: options.exactTimeLimitMs });
  return storeDraft(deps, pointer, {
    ...versionFields(result),
    basedOnVersion: pointer.publishedVersion > 0 ? pointer.publishedVersion : null,
    build: { minScore: options.minScore, topK: options.topK, candidates: instance.candidates.length },
    repair: null,
  });
}

/**
 * `POST /events/:id/schedule/publish` (facilitator): freezes the current draft as a new published
 * version and advances the calendar (SEQUENCE per meeting, cancellations) in one guarded pointer
 * write. 409 when the named draft is not the current one, was already published, or another
 * writer got in first.
 */
export async function publishDraft(deps: ServiceDeps, principal: Principal, eventId: string, body: unknown): Promise<ScheduleView> {
  assertRole(principal, 'facilitator');
  const input = parseInput(publishBodySchema, body ?? {});
  await loadScheduleContext(deps, eventId);
  const repository = scheduleRepositoryOf(deps.db);
  const pointer = await repository.pointer(eventId);
  if (pointer.draftVersion === 0) throw stale('There is no draft to publish; build one first.');
  if (input.draftVersion !== undefined && input.draftVersion !== pointer.draftVersion) {
    throw stale(`Draft ${input.draftVersion} is stale: the current draft is ${pointer.draftVersion}.`);
  }
  if (pointer.publishedFromDraft === pointer.draftVersion) throw stale(`Draft ${pointer.draftVersion} is already published as version ${pointer.publishedVersion}.`);
  const draft = await repository.version(eventId, pointer.draftVersion);
  if (!draft) throw new AppError('schedule_missing', `Draft ${pointer.draftVersion} is missing.`, { httpStatus: 500 });
  const { version: _draftNumber, ...copy } = draft;
  const published = await repository.insertVersion({ ...copy, status: 'published', basedOnVersion: draft.version, createdAt: new Date() }, pointer.lastVersion);
  const written = await repository.updatePointer(
    eventId,
    pointer.revision,
    {
      publishedVersion: published.version,
      publishedFromDraft: draft.version,
      publishedVersions: [...pointer.publishedVersions, published.version],
      calendar: nextCalendar(pointer.calendar, draft.meetings),
    },
    published.version,
  );
  if (!written.ok) {
    await repository.discardVersion(eventId, published.version);
    throw stale(`Draft ${draft.version} could not be published: the schedule changed meanwhile (another publish, build or cancellation).`);
  }
  return viewOf(published, written.value);
}

function changeOf(context: ScheduleContext, body: CancellationBody): ScheduleChange {
  if (body.kind === 'startup') {
    if (!context.event.startupIds.includes(body.startupId)) throw invalidFields([{ path: 'startupId', message: 'not enrolled in this event' }]);
    return { kind: 'cancel-startup', startupId: body.startupId };
  }
  if (body.kind === 'host') {
    const hostId = body.hostId.toLowerCase();
    if (!context.needs.some((need) => hostIdOf(need) === hostId)) throw invalidFields([{ path: 'hostId', message: 'no enrolled need has this owner e-mail' }]);
    return { kind: 'cancel-host', hostId };
  }
  if (!context.event.rooms.some((room) => room.id === body.roomId)) throw invalidFields([{ path: 'roomId', message: 'no such room at this event' }]);
  if ((body.start === undefined) !== (body.end === undefined)) throw invalidFields([{ path: body.start === undefined ? 'start' : 'end', message: 'give both start and end, or neither' }]);
  return {
    kind: 'close-room',
    roomId: body.roomId,
    ...(body.date === undefined ? {} : { date: body.date }),
    ...(body.start === undefined ? {} : { start: body.start }),
    ...(body.end === undefined ? {} : { end: body.end }),
  };
}

/**
 * `POST /events/:id/cancellations` (facilitator): records a cancellation of a startup, a host or a
 * room and repairs the current draft: meetings the cancellation does not touch stay exactly where
 * they are. Returns the new draft with kept/moved/added/dropped.
 */
export async function recordCancellation(deps: ServiceDeps, principal: Principal, eventId: string, body: unknown): Promise<RepairView> {
  assertRole(principal, 'facilitator');
  const input = parseInput(cancellationBodySchema, body);
  const context = await loadScheduleContext(deps, eventId);
  const change = changeOf(context, input);
  const repository = scheduleRepositoryOf(deps.db);
  const pointer = await repository.pointer(eventId);
  const draft = pointer.draftVersion > 0 ? await repository.version(eventId, pointer.draftVersion) : null;
  if (!draft) throw stale('There is no draft to repair; build one first.');
  const options = { minScore: draft.build?.minScore ?? 0.3, topK: draft.build?.topK ?? 20 };
  const instance = await assembleInstance(deps, context, options, []);
  const repaired = repairSchedule(instance, draft.meetings, change);
  const view = await storeDraft(deps, pointer, {
    ...versionFields(repaired.result),
    basedOnVersion: draft.version,
    build: { ...options, candidates: repaired.instance.candidates.length },
    repair: {
      change: { ...change },
      kept: repaired.kept.length,
      moved: repaired.moved.map((m) => m.id),
      added: repaired.added.map((m) => m.id),
      dropped: repaired.dropped.map((m) => m.id),
    },
  });
  // Recorded after the draft is stored, so a lost race leaves nothing behind; later builds apply it.
  await repository.addCancellation(eventId, change, new Date());
  return { ...view, kept: repaired.kept.length, moved: repaired.moved, added: repaired.added, dropped: repaired.dropped };
}
