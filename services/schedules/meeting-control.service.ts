import { recordScheduleChange } from './schedule-audit';
import { namesOfInstance, renderReason } from './reasons';
import {
  checkMove,
  checkRestore,
  resultOfMeetings,
  type Meeting,
  type PlacementClash,
  type ScheduleChange,
  type ScheduleInstance,
  type ScheduleResult,
} from '../../scheduling';
import { AppError } from '../app-error';
import { assertRole, forbidden, type Principal } from '../auth';
import type { ServiceDeps } from '../service-deps';
import { parseInput } from '../validation';
import { notFound } from '../versioning';
import { loadScheduleContext, type ScheduleContext } from './schedule-context';
import { declineBodySchema, moveBodySchema } from './schedule.schemas';
import {
  assembleInstance,
  repairOptionsOf,
  runRepair,
  stale,
  storeDraft,
  versionFields,
  type RepairView,
} from './schedule.service';

/** Clashes that mean the request named a place the event does not have (bad input, not a conflict). */
const NO_SUCH_PLACE = new Set<PlacementClash['code']>(['not-a-slot', 'unknown-room']);

/**
 * The meeting cannot go there: 400 `validation_failed` when the place does not exist (no slot
 * start, no such table), else 409 `meeting_clash`; each clash names its field and who is busy,
 * which table is taken, or what is closed or unavailable.
 */
function clashError(what: string, clashes: readonly PlacementClash[]): AppError {
  const badInput = clashes.some((c) => NO_SUCH_PLACE.has(c.code));
  return new AppError(
    badInput ? 'validation_failed' : 'meeting_clash',
    `${what}: ${clashes.map((c) => c.message).join('; ')}.`,
    {
      httpStatus: badInput ? 400 : 409,
      fields: clashes.map((c) => ({ path: c.field, message: c.message })),
    },
  );
}

/** The event's current draft (409 when there is none) with the pointer it was read at. */
async function currentDraft(deps: ServiceDeps, eventId: string) {
  const repository = deps.repos.schedules;
  const pointer = await repository.pointer(eventId);
  const draft = pointer.draftVersion > 0 ? await repository.version(eventId, pointer.draftVersion) : null;
  if (!draft) throw stale('There is no draft yet; build one first.');
  return { pointer, draft };
}

/** 403 unless the caller may decline this meeting: facilitators any; a development head her organisation's needs'; a startup its own. */
async function assertMayDecline(deps: ServiceDeps, principal: Principal, meeting: Meeting): Promise<void> {
  if (principal.role === 'facilitator') return;
  if (principal.role === 'startup') {
    if (meeting.startupId !== principal.startupId)
      throw forbidden('A startup key may only decline meetings of its own profile.');
    return;
  }
  const need = await deps.repos.needs.findById(meeting.needId);
  if (need?.organisationId !== principal.organisationId)
    throw forbidden('A development head may only decline meetings of her own organisation’s needs.');
}

/**
 * `POST /events/:id/meetings/:meetingId/decline`: a participant (or a facilitator for them)
 * declines a meeting of the published schedule. Recorded as that meeting's cancellation with the
 * optional reason and who declined, and repaired into a new draft in which no other meeting moves;
 * it reaches calendars when the draft is published. 404 for a meeting the published schedule does
 * not hold; 409 when the current draft no longer holds it (already cancelled or dropped).
 */
export async function declineMeeting(
  deps: ServiceDeps,
  principal: Principal,
  eventId: string,
  meetingId: string,
  body: unknown,
): Promise<RepairView> {
  assertRole(principal, 'facilitator', 'development_head', 'startup');
  const input = parseInput(declineBodySchema, body ?? {});
  await loadScheduleContext(deps, eventId);
  const repository = deps.repos.schedules;
  const pointer = await repository.pointer(eventId);
  const published =
    pointer.publishedVersion > 0 ? await repository.version(eventId, pointer.publishedVersion) : null;
  const meeting = published?.meetings.find((m) => m.id === meetingId);
  if (!meeting) throw notFound('meeting in the published schedule', meetingId);
  await assertMayDecline(deps, principal, meeting);
  const { draft } = await currentDraft(deps, eventId);
  if (!draft.meetings.some((m) => m.id === meetingId))
    throw stale(
      `Meeting ${meetingId} is no longer in the current draft ${draft.version} (cancelled or dropped there); it leaves calendars when that draft is published.`,
    );
  const change: ScheduleChange = {
    kind: 'cancel-meeting',
    needId: meeting.needId,
    startupId: meeting.startupId,
  };
  const view = await runRepair(deps, eventId, change, undefined, {
    ...(input.reason === undefined ? {} : { reason: input.reason }),
    by: { role: principal.role, name: principal.name },
    meeting,
    declined: true,
  });
  await recordScheduleChange(
    deps,
    principal,
    eventId,
    'decline',
    { meetingId },
    { draftVersion: view.version },
  );
  return view;
}

/**
 * `POST /events/:id/cancellations/:cancellationId/undo` (facilitator): puts a cancelled or declined
 * meeting back at its date, time and table while they and both sides are still free, as a new
 * draft that changes nothing else; the cancellation no longer applies to later builds. 404 for an
 * unknown cancellation; 409 when it was undone already, is not one meeting's, or the place was
 * taken since (naming who or what took it).
 */
export async function undoCancellation(
  deps: ServiceDeps,
  principal: Principal,
  eventId: string,
  cancellationId: string,
): Promise<RepairView> {
  assertRole(principal, 'facilitator');
  const context = await loadScheduleContext(deps, eventId);
  const repository = deps.repos.schedules;
  const found = await repository.findCancellation(eventId, cancellationId);
  if (!found) throw notFound('cancellation', cancellationId);
  if (found.undone)
    throw new AppError('already_undone', `Cancellation ${cancellationId} was undone already.`, {
      httpStatus: 409,
    });
  const { record } = found;
  if (record.change.kind !== 'cancel-meeting' || !record.meeting)
    throw new AppError(
      'not_undoable',
      `Cancellation ${cancellationId} (${record.change.kind}) is not one meeting's; only a cancelled or declined meeting can be undone.`,
      { httpStatus: 409 },
    );
  const { pointer, draft } = await currentDraft(deps, eventId);
  const options = repairOptionsOf(draft);
  const instance = await assembleInstance(deps, context, options, [], cancellationId);
  const check = checkRestore(instance, draft.meetings, record.meeting);
  if (!check.ok)
    throw clashError(
      `Meeting ${record.meeting.id} cannot come back to ${record.meeting.date} ${record.meeting.start}`,
      check.clashes,
    );
  const view = await storeDraft(deps, pointer, {
    ...versionFields(editedResult(instance, check.meetings), instance),
    basedOnVersion: draft.version,
    build: { ...options, candidates: instance.candidates.length },
    repair: {
      change: { kind: 'undo-cancellation', cancellationId, meetingId: check.meeting.id },
      kept: draft.meetings.length,
      moved: [],
      added: [check.meeting.id],
      dropped: [],
    },
  });
  await repository.markUndone(eventId, cancellationId);
  await recordScheduleChange(
    deps,
    principal,
    eventId,
    'undo_cancellation',
    { cancellationId },
    { draftVersion: view.version },
  );
  return { ...view, kept: draft.meetings.length, moved: [], added: [check.meeting], dropped: [] };
}

/**
 * The result of exactly `meetings`. A hand edit changes one meeting; when the event changed since
 * the draft so that another of its meetings can no longer be kept, that is no hand edit: 409.
 */
function editedResult(instance: ScheduleInstance, meetings: readonly Meeting[]): ScheduleResult {
  const result = resultOfMeetings(instance, meetings);
  if (result.droppedLocked.length > 0)
    throw stale(
      `The event changed since this draft was made, so ${result.droppedLocked
        .map(
          (d) =>
            `meeting ${d.meeting.id} can no longer be kept (${renderReason(d.reason, namesOfInstance(instance), 'en')})`,
        )
        .join('; ')}; build or repair a new draft first.`,
    );
  return result;
}

function placeOf(m: Pick<Meeting, 'date' | 'start' | 'roomId'>): string {
  return `${m.date} ${m.start}, room ${m.roomId}`;
}

/**
 * `POST /events/:id/meetings/:meetingId/move` (facilitator): moves one meeting of the current
 * draft to another slot or table, every hard constraint checked; a new draft in which nothing else
 * changes. 404 for a meeting the draft does not hold; 400 for a bad body or the place it already
 * has; 409 naming each clash (who is busy, which table is taken, what is closed or unavailable).
 */
export async function moveMeeting(
  deps: ServiceDeps,
  principal: Principal,
  eventId: string,
  meetingId: string,
  body: unknown,
): Promise<RepairView> {
  assertRole(principal, 'facilitator');
  const input = parseInput(moveBodySchema, body ?? {});
  const context: ScheduleContext = await loadScheduleContext(deps, eventId);
  const { pointer, draft } = await currentDraft(deps, eventId);
  const meeting = draft.meetings.find((m) => m.id === meetingId);
  if (!meeting) throw notFound('meeting in the current draft', meetingId);
  const target = {
    date: input.date ?? meeting.date,
    start: input.start ?? meeting.start,
    roomId: input.roomId ?? meeting.roomId,
  };
  if (placeOf(target) === placeOf(meeting))
    throw new AppError('validation_failed', `Meeting ${meetingId} is already at ${placeOf(meeting)}.`, {
      httpStatus: 400,
      fields: [
        { path: 'start', message: 'the meeting is already there; give another date, start or roomId' },
      ],
    });
  const options = repairOptionsOf(draft);
  const instance = await assembleInstance(deps, context, options, []);
  const check = checkMove(instance, draft.meetings, meetingId, target);
  if (!check.ok) throw clashError(`Meeting ${meetingId} cannot move to ${placeOf(target)}`, check.clashes);
  const view = await storeDraft(deps, pointer, {
    ...versionFields(editedResult(instance, check.meetings), instance),
    basedOnVersion: draft.version,
    build: { ...options, candidates: instance.candidates.length },
    repair: {
      change: {
        kind: 'move-meeting',
        meetingId,
        from: { date: meeting.date, start: meeting.start, roomId: meeting.roomId },
        to: target,
      },
      kept: draft.meetings.length - 1,
      moved: [meetingId],
      added: [],
      dropped: [],
    },
  });
  await recordScheduleChange(
    deps,
    principal,
    eventId,
    'move',
    { meetingId, from: placeOf(meeting), to: placeOf(target) },
    { draftVersion: view.version },
  );
  return { ...view, kept: draft.meetings.length - 1, moved: [check.meeting], added: [], dropped: [] };
}
