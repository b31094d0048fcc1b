import { type MatchmakingEvent } from '../../models';
import type { Meeting } from '../../scheduling';
import { AppError } from '../app-error';
import { assertRole, type Principal } from '../auth';
import type { IcsEntry, ScheduleLabels } from '../exports';
import type { ServiceDeps } from '../service-deps';
import { readerOf } from '../visibility';
import { loadScheduleContext } from './schedule-context';
import { visibleLabelsOf } from './visible-labels';

/** One event's part of an agenda: its meetings as the calendar knows them, with names and visible contacts. */
export interface EventAgenda {
  readonly event: Pick<MatchmakingEvent, 'id' | 'name' | 'timezone' | 'rooms'>;
  /** Published version these entries come from. */
  readonly publishedVersion: number;
  /** Every meeting ever published for the reader: `CONFIRMED` ones are in the published schedule now. */
  readonly entries: readonly IcsEntry[];
  readonly labels: ScheduleLabels;
}

const PAGE = { limit: 100 };

/** Every event, page by page. */
export async function allEvents(deps: ServiceDeps): Promise<MatchmakingEvent[]> {
  const events = deps.repos.events;
  const found: MatchmakingEvent[] = [];
  for (let page: number | null = 1; page !== null;) {
    const result = await events.list({}, { limit: PAGE.limit, page });
    found.push(...result.items);
    page = result.nextPage;
  }
  return found;
}

/** The ids of every need of `organisationId`. */
export async function organisationNeedIds(deps: ServiceDeps, organisationId: string): Promise<Set<string>> {
  const needs = deps.repos.needs;
  const filter = await needs.filterOf({ organisationId });
  const ids = new Set<string>();
  for (let page: number | null = 1; page !== null;) {
    const result = await needs.list(filter, { limit: PAGE.limit, page });
    for (const need of result.items) ids.add(need.id);
    page = result.nextPage;
  }
  return ids;
}

/** Which meetings are the principal's own: a startup's, or those of a development head's organisation's needs. */
async function ownMeetings(deps: ServiceDeps, principal: Principal): Promise<(meeting: Meeting) => boolean> {
  if (principal.role === 'startup') return (meeting) => meeting.startupId === principal.startupId;
  if (principal.role === 'development_head') {
    const needIds = await organisationNeedIds(deps, principal.organisationId);
    return (meeting) => needIds.has(meeting.needId);
  }
  throw new AppError('forbidden', 'Only development heads and startups have an agenda of their own.', {
    httpStatus: 403,
  });
}

/**
 * A development head's (her organisation's needs) or a startup's (its own) meetings in every event
 * with a published schedule, as the calendar was last told: the meetings published now and those
 * published before and since cancelled. Names and contacts follow services/visibility.
 */
export async function personalAgenda(deps: ServiceDeps, principal: Principal): Promise<EventAgenda[]> {
  const includes = await ownMeetings(deps, principal);
  const reader = readerOf(principal);
  const repository = deps.repos.schedules;
  const agendas: EventAgenda[] = [];
  for (const event of await allEvents(deps)) {
    const pointer = await repository.pointer(event.id);
    if (pointer.publishedVersion === 0) continue;
    const entries: IcsEntry[] = Object.values(pointer.calendar)
      .filter((state) => includes(state.meeting))
      .map((state) => ({
        meeting: state.meeting,
        sequence: state.sequence,
        status: state.cancelled ? 'CANCELLED' : 'CONFIRMED',
      }));
    if (entries.length === 0) continue;
    const [context, published] = await Promise.all([
      loadScheduleContext(deps, event.id),
      repository.version(event.id, pointer.publishedVersion),
    ]);
    const labels = await visibleLabelsOf(
      deps,
      reader,
      context,
      entries.map((entry) => entry.meeting),
      published?.meetings ?? [],
    );
    agendas.push({
      event: { id: event.id, name: event.name, timezone: event.timezone, rooms: event.rooms },
      publishedVersion: pointer.publishedVersion,
      entries,
      labels,
    });
  }
  return agendas.sort(
    (a, b) => firstDate(a).localeCompare(firstDate(b)) || a.event.name.localeCompare(b.event.name, 'sv'),
  );
}

function firstDate(agenda: EventAgenda): string {
  return agenda.entries.map((entry) => entry.meeting.date).sort()[0] ?? '';
}

/**
 * An event's schedule for printing (facilitators): the meetings of `version` (`published`, `draft`
 * or a number; default the published one, else the draft) with every contact.
 */
export async function eventAgenda(
  deps: ServiceDeps,
  principal: Principal,
  eventId: string,
  version: 'published' | 'draft' | number | undefined,
): Promise<EventAgenda & { status: 'draft' | 'published'; version: number }> {
  assertRole(principal, 'facilitator');
  const context = await loadScheduleContext(deps, eventId);
  const repository = deps.repos.schedules;
  const pointer = await repository.pointer(eventId);
  const wanted = version ?? (pointer.publishedVersion > 0 ? 'published' : 'draft');
  const number =
    wanted === 'published' ? pointer.publishedVersion : wanted === 'draft' ? pointer.draftVersion : wanted;
  const found = number > 0 ? await repository.version(eventId, number) : null;
  if (!found)
    throw new AppError('schedule_not_found', `Event ${eventId} has no schedule version ${String(wanted)}.`, {
      httpStatus: 404,
    });
  const labels = await visibleLabelsOf(deps, readerOf(principal), context, found.meetings, []);
  return {
    event: {
      id: context.event.id,
      name: context.event.name,
      timezone: context.event.timezone,
      rooms: context.event.rooms,
    },
    publishedVersion: pointer.publishedVersion,
    entries: found.meetings.map((meeting) => ({ meeting, sequence: 0, status: 'CONFIRMED' })),
    labels,
    status: found.status,
    version: found.version,
  };
}
