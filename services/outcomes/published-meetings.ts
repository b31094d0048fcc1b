import { type MatchmakingEvent } from '../../models';
import type { Meeting } from '../../scheduling';
import { AppError } from '../app-error';
import { calendarKeyOf } from '../schedules';
import type { ServiceDeps } from '../service-deps';
import { notFound } from '../versioning';

/** A meeting of the published schedule with the organisation of its need. */
export interface PublishedMeeting extends Meeting {
  organisationId: string;
}

/** The event, or 404. */
export async function eventOrNotFound(deps: ServiceDeps, eventId: string): Promise<MatchmakingEvent> {
  const event = await deps.repos.events.findById(eventId);
  if (!event) throw notFound('event', eventId);
  return event;
}

/** The meetings of the event's published schedule (none when it was never published). */
export async function publishedMeetingsOf(deps: ServiceDeps, eventId: string): Promise<PublishedMeeting[]> {
  const schedules = deps.repos.schedules;
  const pointer = await schedules.pointer(eventId);
  if (pointer.publishedVersion === 0) return [];
  const published = await schedules.version(eventId, pointer.publishedVersion);
  const meetings = published?.meetings ?? [];
  const needs = await deps.repos.needs.list(
    { _id: { $in: [...new Set(meetings.map((meeting) => meeting.needId))] } },
    { limit: 1_000, page: 1 },
  );
  const organisationOf = new Map(needs.items.map((need) => [need.id, need.organisationId]));
  return meetings.map((meeting) => ({
    ...meeting,
    organisationId: organisationOf.get(meeting.needId) ?? '',
  }));
}

/**
 * The meeting `meetingId` of the event's published schedule. 404 naming `meetingId` when the
 * event has no such meeting at all; 409 `meeting_not_published` when it is only in a draft (what
 * was never published never took place).
 */
export async function publishedMeeting(
  deps: ServiceDeps,
  eventId: string,
  meetingId: string,
  field = 'meetingId',
): Promise<PublishedMeeting> {
  const meeting = (await publishedMeetingsOf(deps, eventId)).find((m) => m.id === meetingId);
  if (meeting) return meeting;
  const schedules = deps.repos.schedules;
  const pointer = await schedules.pointer(eventId);
  const draft = pointer.draftVersion > 0 ? await schedules.version(eventId, pointer.draftVersion) : null;
  if (draft?.meetings.some((m) => m.id === meetingId))
    throw new AppError(
      'meeting_not_published',
      `Meeting ${meetingId} is in draft ${draft.version} but not in the published schedule; outcomes are recorded for published meetings.`,
      {
        httpStatus: 409,
        fields: [{ path: field, message: 'not in the published schedule (only in a draft)' }],
      },
    );
  throw new AppError('not_found', `No meeting ${meetingId} in the published schedule of event ${eventId}.`, {
    httpStatus: 404,
    fields: [{ path: field, message: 'no such meeting in the published schedule' }],
  });
}

/**
 * Meeting `meetingId` as it was last published, also after it left the schedule (a repair or a
 * cancellation): the calendars keep it to send its cancellation. Null when it was never published.
 */
export async function lastPublishedMeeting(
  deps: ServiceDeps,
  eventId: string,
  meetingId: string,
): Promise<Meeting | null> {
  const pointer = await deps.repos.schedules.pointer(eventId);
  return pointer.calendar[calendarKeyOf(meetingId)]?.meeting ?? null;
}
