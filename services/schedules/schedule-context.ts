import { statusOfStartup, type Filter, type MatchmakingEvent, type Need, type Startup } from '../../models';
import type { ServiceDeps } from '../service-deps';
import { notFound } from '../versioning';
import type { SourceEvent, SourceMatch } from './build-instance';

/** The stored records a schedule of one event is made from. */
export interface ScheduleContext {
  event: MatchmakingEvent;
  needs: Need[];
  startups: Startup[];
}

const CHUNK = 100;

async function byIds<T>(
  list: (filter: Filter, page: { limit: number; page: number }) => Promise<{ items: T[] }>,
  ids: readonly string[],
): Promise<T[]> {
  const found: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    found.push(...(await list({ _id: { $in: chunk } }, { limit: chunk.length, page: 1 })).items);
  }
  return found;
}

/**
 * Loads the event (404 when absent) and its enrolled needs and approved startups: a profile that
 * registered itself is never scheduled while it waits for (or after) a facilitator's decision.
 */
export async function loadScheduleContext(deps: ServiceDeps, eventId: string): Promise<ScheduleContext> {
  const repositories = deps.repos;
  const event = await repositories.events.findById(eventId);
  if (!event) throw notFound('event', eventId);
  const [needs, enrolled] = await Promise.all([
    byIds<Need>((filter, page) => repositories.needs.list(filter, page), event.needIds),
    byIds<Startup>((filter, page) => repositories.startups.list(filter, page), event.startupIds),
  ]);
  const startups = enrolled.filter((startup) => statusOfStartup(startup) === 'approved');
  return { event, needs, startups };
}

/** The stored matches of the event's needs, at most `topK` per need. */
export async function loadMatches(
  deps: ServiceDeps,
  needIds: readonly string[],
  topK: number,
): Promise<SourceMatch[]> {
  const lists = await deps.repos.matches.listForNeeds(needIds, { perNeed: topK });
  return [...lists.values()]
    .flat()
    .map((match) => ({ needId: match.needId, startupId: match.startupId, score: match.score }));
}

/** The event in the shape `buildInstance` takes. */
export function sourceEventOf(event: MatchmakingEvent): SourceEvent {
  return {
    id: event.id,
    timezone: event.timezone,
    meetingMinutes: event.meetingMinutes,
    changeoverMinutes: event.changeoverMinutes,
    days: event.days,
    rooms: event.rooms,
    availability: event.availability,
  };
}

/** Loads needs and startups named in `meetings` that are no longer enrolled (for labels of cancelled meetings). */
export async function loadFormerParticipants(
  deps: ServiceDeps,
  context: ScheduleContext,
  meetings: readonly { needId: string; startupId: string }[],
): Promise<{ needs: Need[]; startups: Startup[] }> {
  const repositories = deps.repos;
  const knownNeeds = new Set(context.needs.map((need) => need.id));
  const knownStartups = new Set(context.startups.map((startup) => startup.id));
  const needIds = [...new Set(meetings.map((m) => m.needId).filter((id) => !knownNeeds.has(id)))];
  const startupIds = [...new Set(meetings.map((m) => m.startupId).filter((id) => !knownStartups.has(id)))];
  const [needs, startups] = await Promise.all([
    byIds<Need>((filter, page) => repositories.needs.list(filter, page), needIds),
    byIds<Startup>((filter, page) => repositories.startups.list(filter, page), startupIds),
  ]);
  return { needs, startups };
}
