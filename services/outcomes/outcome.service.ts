import {
  outcomeBodySchema,
  outcomeKeyOf,
  outcomeSideSchema,
  type Outcome,
  type OutcomeAuthor,
  type OutcomeEntry,
  type OutcomeSide,
} from '../../models';
import { AppError } from '../app-error';
import { recordChange, recordChangeBy } from '../audit';
import { forbidden, type Principal } from '../auth';
import type { ServiceDeps } from '../service-deps';
import { parseInput } from '../validation';
import { versionConflict } from '../versioning';
import {
  mayReadMeeting,
  readableSides,
  refusalToRecord,
  verdictOf,
  type MeetingVerdict,
} from './outcome-rules';
import {
  eventOrNotFound,
  publishedMeeting,
  publishedMeetingsOf,
  type PublishedMeeting,
} from './published-meetings';

/** The result of recording: the record as stored, and whether it is the side's first answer. */
export interface RecordedOutcome {
  outcome: Outcome;
  created: boolean;
}

/** A published meeting with every side's record (and its history) and the verdict they make. */
export interface MeetingOutcomes {
  meeting: PublishedMeeting;
  records: Outcome[];
  verdict: MeetingVerdict;
}

/** How many times an answer without `If-Match` is retried when another answer of the same side lands first. */
const WRITE_ATTEMPTS = 3;

/** The side named in the path, or 400 naming `side`. */
export function parseSide(value: unknown): OutcomeSide {
  const parsed = outcomeSideSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new AppError(
    'validation_failed',
    `The side must be host, startup or facilitator, not ${String(value)}.`,
    {
      httpStatus: 400,
      fields: [{ path: 'side', message: 'must be host, startup or facilitator' }],
    },
  );
}

/**
 * Stores `entry` as the side's answer: the first one creates the record, a later one replaces it
 * and keeps the one before in `history`. With `expectedVersion`, a record at another version is a
 * 409; without, a lost race is retried on the new version (nothing is lost: the history has both).
 */
async function writeAnswer(
  deps: ServiceDeps,
  meeting: PublishedMeeting,
  eventId: string,
  side: OutcomeSide,
  entry: OutcomeEntry,
  expectedVersion: number | undefined,
): Promise<RecordedOutcome> {
  const outcomes = deps.repos.outcomes;
  const key = outcomeKeyOf(eventId, meeting.id, side);
  for (let attempt = 1; ; attempt += 1) {
    const current = await outcomes.findByKey(key);
    if (!current) {
      if (expectedVersion !== undefined) throw versionConflict('outcome', 0);
      const created = await outcomes.createFirst(
        {
          key,
          eventId,
          meetingId: meeting.id,
          needId: meeting.needId,
          startupId: meeting.startupId,
          organisationId: meeting.organisationId,
          side,
        },
        entry,
      );
      if (created) return { outcome: created, created: true };
      continue;
    }
    if (expectedVersion !== undefined && current.version !== expectedVersion)
      throw versionConflict('outcome', current.version);
    const written = await outcomes.replace(current, entry);
    if (written.ok) return { outcome: written.value, created: false };
    if (written.reason === 'version_conflict' && expectedVersion !== undefined)
      throw versionConflict('outcome', written.currentVersion);
    if (attempt >= WRITE_ATTEMPTS)
      throw new AppError('write_contended', 'Others are recording this outcome right now; try again.', {
        httpStatus: 409,
      });
  }
}

/**
 * `PUT /events/:id/meetings/:meetingId/outcomes/:side`: the caller's answer for one side of a
 * published meeting (see {@link refusalToRecord} for who may record which side). 400 naming each
 * bad field; 404 for an unknown event or meeting; 409 for a meeting only in a draft; 403 for a side
 * the caller does not speak for. A refused request stores nothing.
 */
export async function recordOutcome(
  deps: ServiceDeps,
  principal: Principal,
  request: {
    eventId: string;
    meetingId: string;
    side: unknown;
    body: unknown;
    expectedVersion?: number;
    via: 'key' | 'session';
    now: Date;
  },
): Promise<RecordedOutcome> {
  const side = parseSide(request.side);
  const body = parseInput(outcomeBodySchema, request.body ?? {});
  await eventOrNotFound(deps, request.eventId);
  const meeting = await publishedMeeting(deps, request.eventId, request.meetingId);
  const refusal = refusalToRecord(principal, side, meeting);
  if (refusal) throw forbidden(refusal);
  const recordedBy: OutcomeAuthor = { role: principal.role, name: principal.name, via: request.via };
  const before = await deps.repos.outcomes.findByKey(outcomeKeyOf(request.eventId, request.meetingId, side));
  const recorded = await writeAnswer(
    deps,
    meeting,
    request.eventId,
    side,
    { ...body, recordedBy, recordedAt: request.now },
    request.expectedVersion,
  );
  await recordChange(
    deps,
    principal,
    {
      action: recorded.created ? 'create' : 'update',
      record: { kind: 'outcome', id: recorded.outcome.key },
      before: recorded.created ? null : before,
      after: recorded.outcome,
    },
    request.now,
  );
  return recorded;
}

/**
 * Whom an outcome link of `side` was sent to, as the audit log names them: the need's host record
 * (the need itself for one stored before hosts), or the startup, whose contact person got it.
 */
async function linkPersonOf(
  deps: ServiceDeps,
  meeting: { needId: string; startupId: string },
  side: OutcomeSide,
): Promise<string> {
  if (side === 'startup') return meeting.startupId;
  return (await deps.repos.needs.findById(meeting.needId))?.hostId ?? meeting.needId;
}

/**
 * Records the answer of a participant who opened an outcome link (no sign-in): the link names the
 * event, meeting, side and person (see `services/outcomes/outcome-link.ts`). The audit log names
 * the link's person as the author ({@link linkPersonOf}, `participant` via `link`).
 */
export async function recordOutcomeAs(
  deps: ServiceDeps,
  link: { eventId: string; meetingId: string; side: OutcomeSide; name: string },
  body: unknown,
  now: Date,
): Promise<RecordedOutcome> {
  const parsed = parseInput(outcomeBodySchema, body ?? {});
  const meeting = await publishedMeeting(deps, link.eventId, link.meetingId);
  const before = await deps.repos.outcomes.findByKey(outcomeKeyOf(link.eventId, link.meetingId, link.side));
  const recorded = await writeAnswer(
    deps,
    meeting,
    link.eventId,
    link.side,
    { ...parsed, recordedBy: { role: 'participant', name: link.name, via: 'link' }, recordedAt: now },
    undefined,
  );
  await recordChangeBy(
    deps,
    { role: 'participant', via: 'link', id: await linkPersonOf(deps, meeting, link.side) },
    {
      action: recorded.created ? 'create' : 'update',
      record: { kind: 'outcome', id: recorded.outcome.key },
      before: recorded.created ? null : before,
      after: recorded.outcome,
    },
    now,
  );
  return recorded;
}

/** Groups records by meeting id. */
function recordsByMeeting(records: readonly Outcome[]): Map<string, Outcome[]> {
  const grouped = new Map<string, Outcome[]>();
  for (const record of records)
    grouped.set(record.meetingId, [...(grouped.get(record.meetingId) ?? []), record]);
  return grouped;
}

/** Every published meeting of the event with its records and verdict (no authorization: for reports and pages). */
export async function loadMeetingOutcomes(deps: ServiceDeps, eventId: string): Promise<MeetingOutcomes[]> {
  const [meetings, records] = await Promise.all([
    publishedMeetingsOf(deps, eventId),
    deps.repos.outcomes.listByEvent(eventId),
  ]);
  const grouped = recordsByMeeting(records);
  return meetings.map((meeting) => {
    const own = grouped.get(meeting.id) ?? [];
    return { meeting, records: own, verdict: verdictOf(own) };
  });
}

/**
 * `GET /events/:id/outcomes` (`?meetingId=` for one): the published meetings the caller takes part
 * in (a facilitator: all; a development head: her organisation's; a startup: its own), each with
 * the records of the sides the caller reads ({@link readableSides}), their history, and the verdict
 * (from every side's record). 404 for an unknown event or meeting.
 */
export async function listOutcomes(
  deps: ServiceDeps,
  principal: Principal,
  eventId: string,
  meetingId?: string,
): Promise<{ items: MeetingOutcomes[] }> {
  await eventOrNotFound(deps, eventId);
  if (meetingId !== undefined) {
    const meeting = await publishedMeeting(deps, eventId, meetingId);
    if (!mayReadMeeting(principal, meeting))
      throw forbidden('Only the meeting’s participants and facilitators read its outcomes.');
  }
  const all = await loadMeetingOutcomes(deps, eventId);
  const sides = readableSides(principal);
  return {
    items: all
      .filter(
        (item) =>
          (meetingId === undefined || item.meeting.id === meetingId) &&
          mayReadMeeting(principal, item.meeting),
      )
      .map((item) => ({ ...item, records: item.records.filter((record) => sides.includes(record.side)) })),
  };
}

/** What the outcome page of a link shows: the meeting, who the other side is, and the side's current answer. */
export interface OutcomeForm {
  meeting: PublishedMeeting;
  eventName: string;
  needTitle: string;
  hostName: string;
  startupName: string;
  current: Outcome | null;
}

/** The meeting and current answer behind an outcome link; 404/409 as {@link publishedMeeting} when it is gone. */
export async function outcomeFormOf(
  deps: ServiceDeps,
  link: { eventId: string; meetingId: string; side: OutcomeSide },
): Promise<OutcomeForm> {
  const repositories = deps.repos;
  const event = await eventOrNotFound(deps, link.eventId);
  const meeting = await publishedMeeting(deps, link.eventId, link.meetingId);
  const [need, startup, current] = await Promise.all([
    repositories.needs.findById(meeting.needId),
    repositories.startups.findById(meeting.startupId),
    repositories.outcomes.findByKey(outcomeKeyOf(link.eventId, link.meetingId, link.side)),
  ]);
  return {
    meeting,
    eventName: event.name,
    needTitle: need?.title ?? '',
    hostName: need?.owner.name ?? '',
    startupName: startup?.name ?? '',
    current,
  };
}
