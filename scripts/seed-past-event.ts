import { pastEvent } from '../fixtures';
import { outcomeKeyOf, type OutcomeEntry, type Repositories } from '../models';
import { meetingId, type Meeting } from '../scheduling';
import { pastEventMeetings } from './past-event-report';
import { sampleSeedFixtures, seedFixtures } from './seed';

/** What seeding the past event wrote: its id, and how many meetings, answers and pilots were new. */
export interface PastEventSeedReport {
  eventId: string;
  publishedMeetings: number;
  outcomes: number;
  pilots: number;
}

/**
 * Loads the fixtures' past event (fixtures/past-event.ts) through `repositories` as a facilitator would have
 * left it: the event (with the sample needs and startups it refers to, through `seedFixtures`),
 * its schedule published as it was held (each meeting with today's match score of its pair), every
 * side's answer and the pilots. Written through the repositories, so nothing is mailed and no
 * calendar entry is made for a day that is over. Idempotent: a published schedule, an answer or
 * the event's pilots already stored are left as they are.
 */
export async function seedPastEvent(repositories: Repositories): Promise<PastEventSeedReport> {
  const seeded = await seedFixtures(repositories, { ...sampleSeedFixtures(), event: { ...pastEvent } });
  const eventId = seeded.ids[`event:${pastEvent.key}`];
  if (!eventId) throw new Error('seed: the past event was not stored');
  const idOf = (kind: 'need' | 'startup' | 'organisation', key: string): string => {
    const id = seeded.ids[`${kind}:${key}`];
    if (!id) throw new Error(`seed: past event refers to unknown ${kind} "${key}"`);
    return id;
  };
  const scores = new Map(
    pastEventMeetings().meetings.map((m) => [`${m.needId}|${m.startupId}`, m.score] as const),
  );
  const needOf = new Map(sampleSeedFixtures().needs.map((need) => [need.key, need]));
  const meetings = pastEvent.meetings.map((meeting): Meeting & { organisationKey: string } => {
    const need = needOf.get(meeting.needKey);
    const needId = idOf('need', meeting.needKey);
    const startupId = idOf('startup', meeting.startupKey);
    return {
      id: meetingId(eventId, needId, startupId),
      date: meeting.date,
      start: meeting.start,
      end: meeting.end,
      roomId: meeting.roomKey,
      needId,
      hostId: String((need?.owner as { email?: unknown } | undefined)?.email ?? '').toLowerCase(),
      startupId,
      score: scores.get(`${meeting.needKey}|${meeting.startupKey}`) ?? 0,
      organisationKey: String(need?.organisationKey ?? ''),
    };
  });

  const report: PastEventSeedReport = { eventId, publishedMeetings: 0, outcomes: 0, pilots: 0 };
  const schedules = repositories.schedules;
  const pointer = await schedules.pointer(eventId);
  if (pointer.publishedVersion === 0) {
    const published = await schedules.insertVersion(
      {
        eventId,
        status: 'published',
        meetings: meetings.map(({ organisationKey: _organisation, ...meeting }) => meeting),
        objective: 0,
        bound: 0,
        gap: 0,
        shortfalls: [],
        unmetPins: [],
        droppedLocked: [],
        basedOnVersion: null,
        build: null,
        repair: null,
        createdAt: new Date(`${pastEvent.days[0]?.date ?? '2026-10-13'}T06:00:00Z`),
      },
      pointer.lastVersion,
    );
    const written = await schedules.updatePointer(
      eventId,
      pointer.revision,
      { publishedVersion: published.version, publishedVersions: [published.version] },
      published.version,
    );
    if (!written.ok) throw new Error('seed: the past event’s schedule changed while seeding; run again');
    report.publishedMeetings = meetings.length;
  }

  for (const [index, meeting] of pastEvent.meetings.entries()) {
    const stored = meetings[index]!;
    const organisationId = idOf('organisation', stored.organisationKey);
    for (const { side, recordedBy, recordedAt, ...answer } of meeting.outcomes) {
      const entry: OutcomeEntry = {
        ...answer,
        recordedBy: {
          role: side === 'facilitator' ? 'facilitator' : 'participant',
          name: recordedBy,
          via: side === 'facilitator' ? 'session' : 'link',
        },
        recordedAt: new Date(recordedAt),
      };
      const created = await repositories.outcomes.createFirst(
        {
          key: outcomeKeyOf(eventId, stored.id, side),
          eventId,
          meetingId: stored.id,
          needId: stored.needId,
          startupId: stored.startupId,
          organisationId,
          side,
        },
        entry,
      );
      if (created) report.outcomes += 1;
    }
  }

  if ((await repositories.pilots.listByEvent(eventId)).length === 0) {
    for (const { needKey, startupKey, ...pilot } of pastEvent.pilots) {
      const stored = meetings.find(
        (m) => m.needId === idOf('need', needKey) && m.startupId === idOf('startup', startupKey),
      );
      if (!stored) throw new Error(`seed: pilot ${needKey} ↔ ${startupKey} has no meeting`);
      await repositories.pilots.create(
        { eventId, meetingId: stored.id, ...pilot },
        {
          needId: stored.needId,
          startupId: stored.startupId,
          organisationId: idOf('organisation', stored.organisationKey),
        },
      );
      report.pilots += 1;
    }
  }
  return report;
}
