import { event as fixtureEvent, needs as fixtureNeeds, startups as fixtureStartups } from '../fixtures';
import type { ScheduleInstance } from '../scheduling';
import { rankAll, type NeedDocument, type RankedMatch, type StartupDocument } from '../scoring';
import {
  buildInstance,
  defaultRelevanceFloor,
  type BuildInstanceOptions,
  type SourceEvent,
} from '../services/schedules/build-instance';

/** Matches kept per need before the score threshold. */
export const DEMO_TOP_K = 10;

/** Every sample need as the scoring core reads it (id = fixture key). */
export function sampleNeedDocuments(): NeedDocument[] {
  return fixtureNeeds.map((need) => ({
    id: need.key,
    title: need.title,
    description: need.description,
    tags: need.tags,
    ...(need.language ? { language: need.language } : {}),
  }));
}

/** Every sample profile as the scoring core reads it (id = fixture key). */
export function sampleStartupDocuments(): StartupDocument[] {
  return fixtureStartups.map((startup) => ({
    id: startup.key,
    name: startup.name,
    oneLiner: startup.oneLiner,
    description: startup.description,
    offering: startup.offering,
    tags: startup.tags,
    references: startup.references.map((reference) => `${reference.customer}: ${reference.summary}`),
    ...(startup.language ? { language: startup.language } : {}),
  }));
}

export interface DemoInstance {
  readonly event: SourceEvent;
  readonly enrolledNeeds: typeof fixtureNeeds;
  readonly enrolledStartups: typeof fixtureStartups;
  /** Every need's top matches, with explanations (for the scouting list). */
  readonly ranked: Map<string, RankedMatch[]>;
  /** Profiles the scoring model was fitted on (every sample profile). */
  readonly corpusProfiles: number;
  /** The default relevance floor for a model fitted on the sample profiles. */
  readonly relevanceFloor: number;
  readonly instance: ScheduleInstance;
}

/**
 * The sample event as `npm run demo` schedules it: every sample need ranked against every sample
 * profile (the scoring model is fitted on them: the corpus), the event's enrolled needs and
 * startups, the default relevance floor for that corpus unless `options` say otherwise.
 */
export function buildDemoInstance(options: BuildInstanceOptions = {}): DemoInstance {
  const enrolledNeeds = fixtureNeeds.filter((need) => fixtureEvent.needKeys.includes(need.key));
  const enrolledStartups = fixtureStartups.filter((startup) =>
    fixtureEvent.startupKeys.includes(startup.key),
  );
  const ranked = rankAll(sampleNeedDocuments(), sampleStartupDocuments(), { topK: DEMO_TOP_K });
  const event: SourceEvent = {
    id: fixtureEvent.key,
    timezone: fixtureEvent.timezone,
    meetingMinutes: fixtureEvent.meetingMinutes,
    changeoverMinutes: fixtureEvent.changeoverMinutes,
    days: fixtureEvent.days,
    rooms: fixtureEvent.rooms.map((room) => ({ id: room.key, name: room.name })),
    availability: fixtureEvent.availability.map((entry) => ({
      participantKind: entry.participantKind,
      participantId: entry.participantKey,
      windows: entry.windows,
    })),
  };
  const relevanceFloor = options.relevanceFloor ?? defaultRelevanceFloor(fixtureStartups.length);
  const instance = buildInstance(
    {
      event,
      needs: enrolledNeeds.map((need) => ({
        id: need.key,
        title: need.title,
        owner: need.owner,
        priority: need.priority,
        meetings: need.meetings,
      })),
      startups: enrolledStartups.map((startup) => ({
        id: startup.key,
        name: startup.name,
        maxMeetings: startup.maxMeetings,
      })),
      matches: [...ranked.values()].flat(),
    },
    { ...options, relevanceFloor },
  );
  return {
    event,
    corpusProfiles: fixtureStartups.length,
    enrolledNeeds,
    enrolledStartups,
    ranked,
    relevanceFloor,
    instance,
  };
}
