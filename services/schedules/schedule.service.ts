import { recordScheduleChange } from './schedule-audit';
import {
  applyChange,
  buildSchedule,
  repairSchedule,
  solveExact,
  type Meeting,
  type ScheduleChange,
  type ScheduleInstance,
  type ScheduleResult,
} from '../../scheduling';
import type { CancellationRecord } from '../../models';
import type { CancellationDetails, SchedulePointer, ScheduleVersion } from '../../models';
import { AppError } from '../app-error';
import { assertRole, type Principal } from '../auth';
import type { ServiceDeps } from '../service-deps';
import { invalidFields, parseInput } from '../validation';
import { NO_NAMES, namesOfInstance, renderedReason, type ReasonNames } from './reasons';
import { buildInstance, defaultRelevanceFloor, hostIdOf } from './build-instance';
import { nextCalendar } from './calendar-sequence';
import { loadMatches, loadScheduleContext, sourceEventOf, type ScheduleContext } from './schedule-context';
import { notFound } from '../versioning';
import {
  buildBodySchema,
  cancellationBodySchema,
  publishBodySchema,
  type BuildBody,
  type CancellationBody,
} from './schedule.schemas';
import { scheduleSizeOf } from './schedule-size';

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
  /** The cancellation this repair recorded (its `id` is what an undo names); absent for pins and bans. */
  cancellation?: CancellationRecord;
}

/**
 * What a recorded cancellation carries besides its change (reason, who, the meeting, a departed
 * participant's name). `departure`: the participant left the event (deleted, closed), so it need
 * not be enrolled any more.
 */
export type RepairNote = CancellationDetails & { departure?: boolean };

function viewOf(version: ScheduleVersion, pointer: SchedulePointer): ScheduleView {
  return {
    ...version,
    draftVersion: pointer.draftVersion,
    publishedVersion: pointer.publishedVersion,
    publishedVersions: pointer.publishedVersions,
  };
}

/** 409 `schedule_conflict`: the schedule is not in a state that allows the request. */
export function stale(detail: string): AppError {
  return new AppError('schedule_conflict', detail, { httpStatus: 409 });
}

/** What an instance is assembled with: the candidate cut and the relevance floors. */
export interface InstanceOptions {
  minScore: number;
  topK: number;
  relevanceFloor: number;
  needFloors?: Record<string, number>;
}

/** The build's options with the event's floor: the one asked for, else the default for the scoring corpus (the stored profiles). */
async function instanceOptionsOf(deps: ServiceDeps, options: BuildBody): Promise<InstanceOptions> {
  const relevanceFloor = options.relevanceFloor ?? defaultRelevanceFloor(await deps.repos.startups.count({}));
  return {
    minScore: options.minScore,
    topK: options.topK,
    relevanceFloor,
    ...(options.needFloors ? { needFloors: options.needFloors } : {}),
  };
}

/** The options a draft was built with, for repairs and hand edits of it. */
export function repairOptionsOf(draft: ScheduleVersion): InstanceOptions {
  return {
    minScore: draft.build?.minScore ?? 0.3,
    topK: draft.build?.topK ?? 20,
    // A draft built before the relevance floor keeps every candidate, as it was built.
    relevanceFloor: draft.build?.relevanceFloor ?? 0,
    ...(draft.build?.needFloors ? { needFloors: draft.build.needFloors } : {}),
  };
}

/**
 * The instance of an event now: enrolled records, stored matches, pins, bans, recorded
 * cancellations (all but `skipCancellationId`, the one an undo is about to lift).
 */
export async function assembleInstance(
  deps: ServiceDeps,
  context: ScheduleContext,
  options: InstanceOptions,
  locked: readonly Meeting[],
  skipCancellationId?: string,
): Promise<ScheduleInstance> {
  const pairings = await deps.repos.schedules.pairings(context.event.id);
  const matches = await loadMatches(deps, context.event.needIds, options.topK);
  let instance = buildInstance(
    {
      event: sourceEventOf(context.event),
      needs: context.needs,
      startups: context.startups,
      matches,
      pins: pairings.pins,
      bans: pairings.bans,
      locked,
    },
    options,
  );
  for (const { id, change } of pairings.cancellations)
    if (id === undefined || id !== skipCancellationId) instance = applyChange(instance, change);
  return instance;
}

function renderedReasons(
  result: ScheduleResult,
  names: ReasonNames,
): Pick<ScheduleVersion, 'shortfalls' | 'unmetPins'> {
  return {
    shortfalls: result.shortfalls.map((shortfall) => ({
      ...shortfall,
      reasons: shortfall.reasons.map((reason) => renderedReason(reason, names)),
    })),
    unmetPins: result.unmetPins.map((pin) => ({ ...pin, reason: renderedReason(pin.reason, names) })),
  };
}

/** The stored fields of a result; with the instance, reasons are worded with its names. */
export function versionFields(
  result: ScheduleResult,
  instance?: ScheduleInstance,
): Pick<
  ScheduleVersion,
  'meetings' | 'objective' | 'bound' | 'gap' | 'shortfalls' | 'scouting' | 'unmetPins' | 'droppedLocked'
> {
  return {
    meetings: result.meetings,
    objective: result.objective,
    bound: result.bound,
    gap: result.gap,
    // Reasons come from the core as codes with ids; they are stored with their words, named.
    ...renderedReasons(result, instance ? namesOfInstance(instance) : NO_NAMES),
    scouting: result.scouting,
    droppedLocked: result.droppedLocked.map((dropped) => ({
      meeting: dropped.meeting,
      reason: renderedReason(dropped.reason, instance ? namesOfInstance(instance) : NO_NAMES),
    })),
  };
}

/** Stores `fields` as the new draft iff the pointer is still at `pointer.revision`; 409 otherwise. */
export async function storeDraft(
  deps: ServiceDeps,
  pointer: SchedulePointer,
  fields: Omit<ScheduleVersion, 'version' | 'eventId' | 'status' | 'createdAt'>,
): Promise<ScheduleView> {
  const repository = deps.repos.schedules;
  const version = await repository.insertVersion(
    { ...fields, eventId: pointer.eventId, status: 'draft', createdAt: new Date() },
    pointer.lastVersion,
  );
  const written = await repository.updatePointer(
    pointer.eventId,
    pointer.revision,
    { draftVersion: version.version },
    version.version,
  );
  if (!written.ok) {
    await repository.discardVersion(pointer.eventId, version.version);
    throw stale(
      'The schedule changed while this draft was made (another build, publish or cancellation); reload and retry.',
    );
  }
  return viewOf(version, written.value);
}

/** Reports how far a build or repair got: a fraction in [0, 1] and a short stage name. */
export type ScheduleProgress = (fraction: number, stage: string) => Promise<void> | void;

/** A validated build request and the size of its instance (see {@link scheduleSizeOf}). */
export interface BuildPlan {
  eventId: string;
  options: BuildBody;
  size: number;
}

/** Checks the caller (facilitator) and the body of `POST /events/:id/schedule` (404 for an unknown event) without building anything. */
export async function planBuild(
  deps: ServiceDeps,
  principal: Principal,
  eventId: string,
  body: unknown,
): Promise<BuildPlan> {
  assertRole(principal, 'facilitator');
  const options = parseInput(buildBodySchema, body ?? {});
  const event = await deps.repos.events.findById(eventId);
  if (!event) throw notFound('event', eventId);
  return { eventId, options, size: scheduleSizeOf(event) };
}

/**
 * Builds and stores a new draft of the event with validated options; the published meetings stay
 * locked. Shared by the request path and the `schedules` queue processor (which has no caller to check).
 */
export async function runBuild(
  deps: ServiceDeps,
  eventId: string,
  options: BuildBody,
  progress?: ScheduleProgress,
): Promise<ScheduleView> {
  const context = await loadScheduleContext(deps, eventId);
  const repository = deps.repos.schedules;
  const pointer = await repository.pointer(eventId);
  const published =
    pointer.publishedVersion > 0 ? await repository.version(eventId, pointer.publishedVersion) : null;
  const instanceOptions = await instanceOptionsOf(deps, options);
  const instance = await assembleInstance(deps, context, instanceOptions, published?.meetings ?? []);
  await progress?.(0.3, 'solving');
  const result =
    options.exactTimeLimitMs === undefined
      ? buildSchedule(instance, { seed: options.seed })
      : await solveExact(instance, { timeLimitMs: options.exactTimeLimitMs, clock: () => performance.now() });
  await progress?.(0.9, 'storing');
  return storeDraft(deps, pointer, {
    ...versionFields(result, instance),
    basedOnVersion: pointer.publishedVersion > 0 ? pointer.publishedVersion : null,
    build: { ...instanceOptions, candidates: instance.candidates.length },
    repair: null,
  });
}

/** `POST /events/:id/schedule` (facilitator), in the request: builds and stores a new draft; published meetings stay locked. */
export async function buildDraft(
  deps: ServiceDeps,
  principal: Principal,
  eventId: string,
  body: unknown,
): Promise<ScheduleView> {
  const plan = await planBuild(deps, principal, eventId, body);
  return runBuild(deps, plan.eventId, plan.options);
}

/**
 * `POST /events/:id/schedule/publish` (facilitator): freezes the current draft as a new published
 * version and advances the calendar (SEQUENCE per meeting, cancellations) in one guarded pointer
 * write. 409 when the named draft is not the current one, was already published, or another
 * writer got in first. `afterPublish` runs once the version is published (it queues the meetings'
 * e-mails; it must not throw: the publish stands).
 */
export async function publishDraft(
  deps: ServiceDeps,
  principal: Principal,
  eventId: string,
  body: unknown,
  afterPublish?: (eventId: string) => Promise<void>,
): Promise<ScheduleView> {
  assertRole(principal, 'facilitator');
  const input = parseInput(publishBodySchema, body ?? {});
  await loadScheduleContext(deps, eventId);
  const repository = deps.repos.schedules;
  const pointer = await repository.pointer(eventId);
  if (pointer.draftVersion === 0) throw stale('There is no draft to publish; build one first.');
  if (input.draftVersion !== undefined && input.draftVersion !== pointer.draftVersion) {
    throw stale(`Draft ${input.draftVersion} is stale: the current draft is ${pointer.draftVersion}.`);
  }
  if (pointer.publishedFromDraft === pointer.draftVersion)
    throw stale(`Draft ${pointer.draftVersion} is already published as version ${pointer.publishedVersion}.`);
  const draft = await repository.version(eventId, pointer.draftVersion);
  if (!draft)
    throw new AppError('schedule_missing', `Draft ${pointer.draftVersion} is missing.`, { httpStatus: 500 });
  const { version: _draftNumber, ...copy } = draft;
  const published = await repository.insertVersion(
    { ...copy, status: 'published', basedOnVersion: draft.version, createdAt: new Date() },
    pointer.lastVersion,
  );
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
    throw stale(
      `Draft ${draft.version} could not be published: the schedule changed meanwhile (another publish, build or cancellation).`,
    );
  }
  await recordScheduleChange(
    deps,
    principal,
    eventId,
    'publish',
    { draftVersion: draft.version },
    { publishedVersion: published.version },
  );
  await afterPublish?.(eventId);
  return viewOf(published, written.value);
}

/**
 * Throws 400 naming the field when `change` names something the event does not have (any more).
 * A departure (a deleted need or profile) has already left the event, so it is not checked.
 */
function assertChangeApplies(context: ScheduleContext, change: ScheduleChange, departure = false): void {
  if (departure) return;
  const enrolled = (field: 'needId' | 'startupId', id: string) =>
    (field === 'needId' ? context.event.needIds : context.event.startupIds).includes(id)
      ? []
      : [{ path: field, message: 'not enrolled in this event' }];
  let problems: { path: string; message: string }[] = [];
  switch (change.kind) {
    case 'cancel-startup':
      problems = enrolled('startupId', change.startupId);
      break;
    case 'cancel-host':
      if (!context.needs.some((need) => hostIdOf(need) === change.hostId))
        problems = [{ path: 'hostId', message: 'no enrolled need has this owner e-mail' }];
      break;
    case 'close-room':
      if (!context.event.rooms.some((room) => room.id === change.roomId))
        problems = [{ path: 'roomId', message: 'no such room at this event' }];
      else if ((change.start === undefined) !== (change.end === undefined))
        problems = [
          {
            path: change.start === undefined ? 'start' : 'end',
            message: 'give both start and end, or neither',
          },
        ];
      break;
    case 'cancel-need':
      problems = enrolled('needId', change.needId);
      break;
    case 'add-pin':
    case 'add-ban':
    case 'cancel-meeting':
      problems = [...enrolled('needId', change.needId), ...enrolled('startupId', change.startupId)];
      break;
  }
  if (problems.length > 0) throw invalidFields(problems);
}

function changeOf(body: Exclude<CancellationBody, { kind: 'meeting' }>): ScheduleChange {
  if (body.kind === 'startup') return { kind: 'cancel-startup', startupId: body.startupId };
  if (body.kind === 'host') return { kind: 'cancel-host', hostId: body.hostId.toLowerCase() };
  return {
    kind: 'close-room',
    roomId: body.roomId,
    ...(body.date === undefined ? {} : { date: body.date }),
    ...(body.start === undefined ? {} : { start: body.start }),
    ...(body.end === undefined ? {} : { end: body.end }),
  };
}

/** A validated repair request and the size of its instance (see {@link scheduleSizeOf}). */
export interface RepairPlan {
  eventId: string;
  change: ScheduleChange;
  size: number;
  /** Set for one meeting's cancellation: its reason, who, and the meeting (repaired in the request). */
  note?: RepairNote;
}

/**
 * Checks the caller (facilitator) and the body of `POST /events/:id/cancellations`: 400 naming the
 * field for something the event does not have, 409 when there is no draft to repair yet.
 */
export async function planCancellation(
  deps: ServiceDeps,
  principal: Principal,
  eventId: string,
  body: unknown,
): Promise<RepairPlan> {
  assertRole(principal, 'facilitator');
  const input = parseInput(cancellationBodySchema, body);
  const context = await loadScheduleContext(deps, eventId);
  const repository = deps.repos.schedules;
  const pointer = await repository.pointer(eventId);
  if (input.kind === 'meeting') {
    const draft = pointer.draftVersion > 0 ? await repository.version(eventId, pointer.draftVersion) : null;
    const meeting = draft?.meetings.find((m) => m.id === input.meetingId);
    if (!meeting) throw notFound('meeting in the current draft', input.meetingId);
    const change: ScheduleChange = {
      kind: 'cancel-meeting',
      needId: meeting.needId,
      startupId: meeting.startupId,
    };
    assertChangeApplies(context, change);
    return {
      eventId,
      change,
      size: scheduleSizeOf(context.event),
      note: { reason: input.reason, by: { role: principal.role, name: principal.name }, meeting },
    };
  }
  const change = changeOf(input);
  assertChangeApplies(context, change);
  if (pointer.draftVersion === 0) throw stale('There is no draft to repair; build one first.');
  return { eventId, change, size: scheduleSizeOf(context.event) };
}

/**
 * Repairs the current draft after one change (a cancellation, a closed room, a new pin or ban):
 * meetings the change does not touch stay exactly where they are. The change is recorded after the
 * new draft is stored (cancellations apply to every later build; a pin or ban joins the event's
 * pairings), so a lost race leaves nothing behind. Shared by the request path and the `schedules`
 * queue processor, hence the change is checked against the event again here.
 */
export async function runRepair(
  deps: ServiceDeps,
  eventId: string,
  change: ScheduleChange,
  progress?: ScheduleProgress,
  note: RepairNote = {},
): Promise<RepairView> {
  const context = await loadScheduleContext(deps, eventId);
  const { departure, ...details } = note;
  assertChangeApplies(context, change, departure);
  const repository = deps.repos.schedules;
  const pointer = await repository.pointer(eventId);
  const draft = pointer.draftVersion > 0 ? await repository.version(eventId, pointer.draftVersion) : null;
  if (!draft) throw stale('There is no draft to repair; build one first.');
  const options = repairOptionsOf(draft);
  const instance = await assembleInstance(deps, context, options, []);
  await progress?.(0.3, 'repairing');
  const repaired = repairSchedule(instance, draft.meetings, change);
  await progress?.(0.9, 'storing');
  const view = await storeDraft(deps, pointer, {
    ...versionFields(repaired.result, repaired.instance),
    basedOnVersion: draft.version,
    build: { ...options, candidates: repaired.instance.candidates.length },
    repair: {
      change: { ...change },
      kept: repaired.kept.length,
      moved: repaired.moved.map((m) => m.id),
      added: repaired.added.map((m) => m.id),
      dropped: repaired.dropped.map((m) => m.id),
      ...(details.reason === undefined ? {} : { reason: details.reason }),
      ...(details.label === undefined ? {} : { label: details.label }),
      ...(details.declined ? { declined: true } : {}),
    },
  });
  let cancellation: CancellationRecord | undefined;
  if (change.kind === 'add-pin' || change.kind === 'add-ban') {
    await repository.addPair(eventId, change.kind === 'add-pin' ? 'pins' : 'bans', {
      needId: change.needId,
      startupId: change.startupId,
    });
  } else {
    cancellation = await repository.addCancellation(eventId, change, new Date(), details);
  }
  return {
    ...view,
    ...(cancellation ? { cancellation } : {}),
    kept: repaired.kept.length,
    moved: repaired.moved,
    added: repaired.added,
    dropped: repaired.dropped,
  };
}

/**
 * `POST /events/:id/cancellations` (facilitator), in the request: records a cancellation of a
 * startup, a host or a room and repairs the current draft. Returns the new draft with
 * kept/moved/added/dropped.
 */
export async function recordCancellation(
  deps: ServiceDeps,
  principal: Principal,
  eventId: string,
  body: unknown,
): Promise<RepairView> {
  const plan = await planCancellation(deps, principal, eventId, body);
  return runRepair(deps, plan.eventId, plan.change, undefined, plan.note);
}
