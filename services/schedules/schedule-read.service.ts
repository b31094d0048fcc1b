import type { Meeting } from '../../scheduling';
import type { ScheduleVersion } from '../../models';
import { AppError } from '../app-error';
import { assertRole, forbidden, type Principal } from '../auth';
import {
  renderAgendaHtml,
  renderIcs,
  renderScheduleCsv,
  renderScheduleHtml,
  type IcsEntry,
  type ScheduleLabels,
} from '../exports';
import type { ServiceDeps } from '../service-deps';
import { invalidFields, parseInput } from '../validation';
import { hostIdOf } from './build-instance';
import { loadScheduleContext, type ScheduleContext } from './schedule-context';
import { agendaQuerySchema, scheduleQuerySchema } from './schedule.schemas';
import { reasonText } from './reasons';
import { readerOf, type Reader } from '../visibility';
import { visibleLabelsOf } from './visible-labels';

/** A rendered response: JSON value or text with its media type. */
export type Rendered =
  { kind: 'json'; value: unknown } | { kind: 'text'; contentType: string; body: string; filename?: string };

/** Output formats of schedule reads. */
export type ScheduleFormat = 'json' | 'csv' | 'ics' | 'html';

function noSchedule(detail: string): AppError {
  return new AppError('schedule_not_found', detail, { httpStatus: 404 });
}

async function calendarEntries(
  deps: ServiceDeps,
  eventId: string,
  include: (meeting: Meeting) => boolean,
): Promise<IcsEntry[]> {
  const pointer = await deps.repos.schedules.pointer(eventId);
  return Object.values(pointer.calendar)
    .filter((entry) => include(entry.meeting))
    .map((entry) => ({
      meeting: entry.meeting,
      sequence: entry.sequence,
      status: entry.cancelled ? ('CANCELLED' as const) : ('CONFIRMED' as const),
    }));
}

const FACILITATOR: Reader = { role: 'facilitator' };

/** A meeting with its names and the contacts the reader may see (labels from {@link visibleLabelsOf}). */
function labelledMeeting(meeting: Meeting, labels: ScheduleLabels) {
  const need = labels.needs.get(meeting.needId);
  const startup = labels.startups.get(meeting.startupId);
  return {
    ...meeting,
    room: labels.rooms.get(meeting.roomId) ?? meeting.roomId,
    need: { title: need?.title ?? '', organisation: need?.organisation ?? '' },
    host: {
      ...(need?.hostName === undefined ? {} : { name: need.hostName }),
      ...(need?.hostEmail === undefined ? {} : { email: need.hostEmail }),
      ...(need?.hostPhone === undefined ? {} : { phone: need.hostPhone }),
    },
    startup: { name: startup?.name ?? '', ...(startup?.contact ? { contact: startup.contact } : {}) },
  };
}

/**
 * `GET /events/:id/schedule` (facilitator) as JSON, CSV, iCalendar or printable HTML. The version
 * defaults to the published one, else the draft. The iCalendar holds the calendar state of the
 * published versions (SEQUENCE per meeting, cancelled meetings as STATUS:CANCELLED).
 */
export async function readSchedule(
  deps: ServiceDeps,
  principal: Principal,
  eventId: string,
  query: unknown,
  format: ScheduleFormat,
  now: Date,
): Promise<Rendered> {
  assertRole(principal, 'facilitator');
  const input = parseInput(scheduleQuerySchema, query, 'query');
  const context = await loadScheduleContext(deps, eventId);
  const repository = deps.repos.schedules;
  const pointer = await repository.pointer(eventId);
  const exportEvent = {
    id: eventId,
    name: context.event.name,
    timezone: context.event.timezone,
    rooms: context.event.rooms,
  };
  if (format === 'ics') {
    if (pointer.publishedVersion === 0)
      throw noSchedule('Nothing is published yet; the calendar shows published versions only.');
    const entries = await calendarEntries(deps, eventId, () => true);
    const labels = await visibleLabelsOf(
      deps,
      FACILITATOR,
      context,
      entries.map((entry) => entry.meeting),
      [],
    );
    return {
      kind: 'text',
      contentType: 'text/calendar; charset=utf-8',
      body: renderIcs(exportEvent, entries, labels, { now }),
      filename: `schedule-${eventId}.ics`,
    };
  }
  const wanted = input.version ?? (pointer.publishedVersion > 0 ? 'published' : 'draft');
  const number =
    wanted === 'published' ? pointer.publishedVersion : wanted === 'draft' ? pointer.draftVersion : wanted;
  const version: ScheduleVersion | null = number > 0 ? await repository.version(eventId, number) : null;
  if (!version)
    throw noSchedule(
      number > 0
        ? `Event ${eventId} has no schedule version ${number}.`
        : `Event ${eventId} has no ${String(wanted)} schedule yet.`,
    );
  if (format === 'json') {
    return {
      kind: 'json',
      value: {
        ...version,
        draftVersion: pointer.draftVersion,
        publishedVersion: pointer.publishedVersion,
        publishedVersions: pointer.publishedVersions,
      },
    };
  }
  const labels = await visibleLabelsOf(deps, FACILITATOR, context, version.meetings, []);
  if (format === 'csv') {
    return {
      kind: 'text',
      contentType: 'text/csv; charset=utf-8; header=present',
      body: renderScheduleCsv(version.meetings, labels),
      filename: `schedule-${eventId}-v${version.version}.csv`,
    };
  }
  const subtitle = `Version ${version.version} (${version.status}) · ${version.meetings.length} meetings · times in ${context.event.timezone}`;
  return {
    kind: 'text',
    contentType: 'text/html; charset=utf-8',
    body: renderScheduleHtml(exportEvent, version.meetings, labels, {
      shortfalls: version.shortfalls.map((shortfall) => ({
        ...shortfall,
        reasons: shortfall.reasons.map((reason) => reasonText(reason, 'en')),
      })),
      subtitle,
    }),
  };
}

/** Who an agenda is for: a predicate on meetings and a name for the page. */
function participantOf(
  principal: Principal,
  context: ScheduleContext,
  query: { startupId?: string | undefined; hostId?: string | undefined },
): { name: string; includes: (m: Meeting) => boolean } {
  if (principal.role === 'startup') {
    if (query.startupId !== undefined && query.startupId !== principal.startupId)
      throw forbidden('A startup key reads only its own agenda.');
    const startup = context.startups.find((s) => s.id === principal.startupId);
    return { name: startup?.name ?? principal.name, includes: (m) => m.startupId === principal.startupId };
  }
  if (principal.role === 'development_head') {
    if (query.startupId !== undefined || query.hostId !== undefined)
      throw forbidden('A development head reads only the agenda of their organisation’s needs.');
    const own = new Set(
      context.needs.filter((need) => need.organisationId === principal.organisationId).map((need) => need.id),
    );
    return { name: principal.name, includes: (m) => own.has(m.needId) };
  }
  if (query.startupId !== undefined) {
    const { startupId } = query;
    return {
      name: context.startups.find((s) => s.id === startupId)?.name ?? startupId,
      includes: (m) => m.startupId === startupId,
    };
  }
  if (query.hostId !== undefined) {
    const hostId = query.hostId.toLowerCase();
    const need = context.needs.find((n) => hostIdOf(n) === hostId);
    return { name: need?.owner.name ?? hostId, includes: (m) => m.hostId === hostId };
  }
  throw invalidFields([
    { path: 'startupId', message: 'a facilitator names the participant: startupId or hostId' },
  ]);
}

/**
 * `GET /events/:id/agenda`: a participant's meetings of the published schedule (a startup key: its
 * own; a development head: their organisation's needs; a facilitator: `?startupId=` or `?hostId=`),
 * as JSON, iCalendar (with cancellations) or a printable page.
 */
export async function readAgenda(
  deps: ServiceDeps,
  principal: Principal,
  eventId: string,
  query: unknown,
  format: 'json' | 'ics' | 'html',
  now: Date,
): Promise<Rendered> {
  const input = parseInput(agendaQuerySchema, query, 'query');
  const context = await loadScheduleContext(deps, eventId);
  const participant = participantOf(principal, context, input);
  if (principal.role === 'startup' && !context.event.startupIds.includes(principal.startupId))
    throw forbidden('This startup is not enrolled in the event.');
  const repository = deps.repos.schedules;
  const pointer = await repository.pointer(eventId);
  const published =
    pointer.publishedVersion > 0 ? await repository.version(eventId, pointer.publishedVersion) : null;
  if (!published) throw noSchedule('The schedule of this event is not published yet.');
  const meetings = published.meetings.filter(participant.includes);
  const exportEvent = { id: eventId, name: context.event.name, timezone: context.event.timezone };
  // Contacts by the rule of services/visibility: the reader's ties are the published meetings.
  const reader = readerOf(principal);
  if (format === 'json') {
    const labels = await visibleLabelsOf(deps, reader, context, meetings, published.meetings);
    return {
      kind: 'json',
      value: {
        eventId,
        version: published.version,
        participant: participant.name,
        timezone: context.event.timezone,
        meetings: meetings.map((meeting) => labelledMeeting(meeting, labels)),
      },
    };
  }
  if (format === 'ics') {
    const entries = await calendarEntries(deps, eventId, participant.includes);
    const labels = await visibleLabelsOf(
      deps,
      reader,
      context,
      entries.map((entry) => entry.meeting),
      published.meetings,
    );
    return {
      kind: 'text',
      contentType: 'text/calendar; charset=utf-8',
      body: renderIcs(exportEvent, entries, labels, {
        now,
        calendarName: `${context.event.name} — ${participant.name}`,
      }),
      filename: 'agenda.ics',
    };
  }
  const labels = await visibleLabelsOf(deps, reader, context, meetings, published.meetings);
  return {
    kind: 'text',
    contentType: 'text/html; charset=utf-8',
    body: renderAgendaHtml(exportEvent, participant.name, meetings, labels),
  };
}
