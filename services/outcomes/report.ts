import type { Attendance, ParticipantSide, Pilot, PilotStatus } from '../../models';
import type { MeetingVerdict } from './outcome-rules';
import { scorePredictionOf, type ScorePrediction } from './score-prediction';

/** One published meeting as the report weighs it. */
export interface ReportMeeting {
  needId: string;
  startupId: string;
  /** The host's e-mail (the meeting's host id). */
  hostId: string;
  score: number;
  priority: number;
  organisationId: string;
  verdict: MeetingVerdict;
}

/** Pilots of a group: how many, and their budgets in kSEK. */
export interface PilotFigures {
  /** Every pilot recorded (each one was proposed), whatever its status now. */
  proposed: number;
  /** Approved, running or done. */
  approved: number;
  /** Running or done. */
  started: number;
  done: number;
  stopped: number;
  kSekProposed: number;
  kSekStarted: number;
  kSekDone: number;
}

/** The figures of a group of meetings (an event, a need priority, an organisation). */
export interface ReportFigures {
  /** Meetings in the published schedule. */
  planned: number;
  held: number;
  /** Meetings that did not take place because someone did not come. */
  noShows: number;
  cancelledLate: number;
  /** Meetings some side (or the facilitator) recorded anything for. */
  recorded: number;
  /** Held meetings with an agreed next step other than "none". */
  withNextStep: number;
  /** `withNextStep ÷ held`; null when nothing was held. */
  followUpRate: number | null;
  pilots: PilotFigures;
}

/** No-shows of one person (a host or a startup). */
export interface NoShowCount {
  side: ParticipantSide;
  id: string;
  name: string;
  count: number;
}

/** Held meetings of one quarter of the match scores (1 = the highest quarter). */
export interface ScoreQuartile {
  quartile: 1 | 2 | 3 | 4;
  minScore: number;
  maxScore: number;
  held: number;
  withNextStep: number;
  followUpRate: number | null;
}

/** Names the report shows instead of ids. */
export interface ReportNames {
  organisations: ReadonlyMap<string, string>;
  startups: ReadonlyMap<string, string>;
  /** By host e-mail. */
  hosts: ReadonlyMap<string, string>;
}

/** What the report needs of a pilot: where it belongs, where it stands and its budget. */
export type ReportPilot = Pick<Pilot, 'needId' | 'organisationId' | 'status' | 'budgetKSek'>;

const STARTED: readonly PilotStatus[] = ['running', 'done'];
const APPROVED: readonly PilotStatus[] = ['approved', 'running', 'done'];

/** Sum of budgets, rounded to 0.1 kSEK (budgets may have decimals; sums should not show float noise). */
function kSekOf(pilots: readonly Pick<Pilot, 'budgetKSek'>[]): number {
  return Math.round(pilots.reduce((sum, pilot) => sum + pilot.budgetKSek, 0) * 10) / 10;
}

/** The pilot figures of `pilots`. */
export function pilotFiguresOf(pilots: readonly Pick<Pilot, 'status' | 'budgetKSek'>[]): PilotFigures {
  const started = pilots.filter((pilot) => STARTED.includes(pilot.status));
  const done = pilots.filter((pilot) => pilot.status === 'done');
  return {
    proposed: pilots.length,
    approved: pilots.filter((pilot) => APPROVED.includes(pilot.status)).length,
    started: started.length,
    done: done.length,
    stopped: pilots.filter((pilot) => pilot.status === 'stopped').length,
    kSekProposed: kSekOf(pilots),
    kSekStarted: kSekOf(started),
    kSekDone: kSekOf(done),
  };
}

/** `part ÷ whole`, or null for an empty whole. */
export function rateOf(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/** The figures of a group of meetings and the pilots that came from them. */
export function figuresOf(
  meetings: readonly Pick<ReportMeeting, 'verdict'>[],
  pilots: readonly Pick<Pilot, 'status' | 'budgetKSek'>[],
): ReportFigures {
  const count = (attendance: Attendance) =>
    meetings.filter((m) => m.verdict.attendance === attendance).length;
  const held = count('held');
  const withNextStep = meetings.filter((m) => m.verdict.followUp).length;
  return {
    planned: meetings.length,
    held,
    noShows: count('no_show'),
    cancelledLate: count('cancelled_late'),
    recorded: meetings.filter((m) => m.verdict.recorded).length,
    withNextStep,
    followUpRate: rateOf(withNextStep, held),
    pilots: pilotFiguresOf(pilots),
  };
}

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}

/** Figures per need priority (1 = most important first). */
export function byPriority(
  meetings: readonly ReportMeeting[],
  pilots: readonly ReportPilot[],
  priorityOfNeed: ReadonlyMap<string, number>,
): (ReportFigures & { priority: number })[] {
  const meetingGroups = groupBy(meetings, (m) => m.priority);
  const pilotGroups = groupBy(pilots, (p) => priorityOfNeed.get(p.needId) ?? 0);
  const priorities = [...new Set([...meetingGroups.keys(), ...pilotGroups.keys()])].sort((a, b) => a - b);
  return priorities.map((priority) => ({
    priority,
    ...figuresOf(meetingGroups.get(priority) ?? [], pilotGroups.get(priority) ?? []),
  }));
}

/** Figures per organisation, by name. */
export function byOrganisation(
  meetings: readonly ReportMeeting[],
  pilots: readonly ReportPilot[],
  names: ReportNames,
): (ReportFigures & { organisationId: string; name: string })[] {
  const meetingGroups = groupBy(meetings, (m) => m.organisationId);
  const pilotGroups = groupBy(pilots, (p) => p.organisationId);
  const ids = [...new Set([...meetingGroups.keys(), ...pilotGroups.keys()])];
  return ids
    .map((organisationId) => ({
      organisationId,
      name: names.organisations.get(organisationId) ?? organisationId,
      ...figuresOf(meetingGroups.get(organisationId) ?? [], pilotGroups.get(organisationId) ?? []),
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'sv'));
}

/** No-shows per person: each meeting a person was named absent in counts once for that person. */
export function noShowsByPerson(meetings: readonly ReportMeeting[], names: ReportNames): NoShowCount[] {
  const counts = new Map<string, NoShowCount>();
  for (const meeting of meetings) {
    if (meeting.verdict.attendance !== 'no_show') continue;
    for (const side of meeting.verdict.absent) {
      const id = side === 'host' ? meeting.hostId : meeting.startupId;
      const name = (side === 'host' ? names.hosts : names.startups).get(id) ?? id;
      const key = `${side}:${id}`;
      const current = counts.get(key) ?? { side, id, name, count: 0 };
      counts.set(key, { ...current, count: current.count + 1 });
    }
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'sv'));
}

/**
 * Held meetings split into four quarters by match score, highest first (quarter sizes differ by at
 * most one; ties keep the schedule's order), with the share of each that led to a next step.
 * Empty when fewer than four meetings were held.
 */
export function byScoreQuartile(meetings: readonly ReportMeeting[]): ScoreQuartile[] {
  const held = meetings
    .filter((m) => m.verdict.attendance === 'held')
    .map((m, index) => ({ m, index }))
    .sort((a, b) => b.m.score - a.m.score || a.index - b.index)
    .map(({ m }) => m);
  if (held.length < 4) return [];
  return ([1, 2, 3, 4] as const).map((quartile) => {
    const part = held.slice(
      Math.floor(((quartile - 1) * held.length) / 4),
      Math.floor((quartile * held.length) / 4),
    );
    const withNextStep = part.filter((m) => m.verdict.followUp).length;
    return {
      quartile,
      minScore: Math.min(...part.map((m) => m.score)),
      maxScore: Math.max(...part.map((m) => m.score)),
      held: part.length,
      withNextStep,
      followUpRate: rateOf(withNextStep, part.length),
    };
  });
}

/** How the follow-up rate is defined (shown with it, in the API and on the page). */
export const FOLLOW_UP_RATE_DEFINITION =
  'held meetings with an agreed next step (follow-up meeting, demo, pilot proposal, procurement or call-off) ÷ held meetings';

/** One event in the trend across events. */
export interface TrendPoint extends ReportFigures {
  eventId: string;
  name: string;
  /** The event's first day (`YYYY-MM-DD`). */
  firstDate: string;
}

/** `GET /events/:id/report`: what an event's meetings led to. */
export interface EventReport {
  event: { id: string; name: string; firstDate: string; lastDate: string };
  definitions: { followUpRate: string };
  totals: ReportFigures;
  byPriority: (ReportFigures & { priority: number })[];
  byOrganisation: (ReportFigures & { organisationId: string; name: string })[];
  noShowsByPerson: NoShowCount[];
  /** Held meetings by quarter of match score, highest first (empty below four held meetings). */
  byScoreQuartile: ScoreQuartile[];
  /**
   * How well the match score predicted which held meetings led to a next step (AUC, nDCG@10 per
   * need) beside a random order (seeded, {@link REPORT_RANDOM_ORDERS} orders averaged).
   */
  scorePrediction: ScorePrediction;
  /** Every event with a published schedule, oldest first, up to 50. */
  trend: TrendPoint[];
}

/** Random orders averaged for the report's baseline (`npm run eval -- --outcomes` averages more). */
export const REPORT_RANDOM_ORDERS = 200;

/** What one event's report is made of: its meetings with their verdicts, its pilots, and names. */
export interface EventReportInput {
  event: EventReport['event'];
  meetings: readonly ReportMeeting[];
  pilots: readonly ReportPilot[];
  priorityOfNeed: ReadonlyMap<string, number>;
  names: ReportNames;
  trend: TrendPoint[];
}

/**
 * The report of one event from its meetings and pilots (pure: the API reads them from the
 * database, `npm run demo` from the fixtures' past event, and both render the same page).
 */
export function eventReportOf(input: EventReportInput): EventReport {
  const { meetings, pilots, names } = input;
  return {
    event: input.event,
    definitions: { followUpRate: FOLLOW_UP_RATE_DEFINITION },
    totals: figuresOf(meetings, pilots),
    byPriority: byPriority(meetings, pilots, input.priorityOfNeed),
    byOrganisation: byOrganisation(meetings, pilots, names),
    noShowsByPerson: noShowsByPerson(meetings, names),
    byScoreQuartile: byScoreQuartile(meetings),
    scorePrediction: scorePredictionOf(
      meetings
        .filter((meeting) => meeting.verdict.attendance === 'held')
        .map((meeting) => ({
          needId: meeting.needId,
          score: meeting.score,
          followUp: meeting.verdict.followUp,
        })),
      { orders: REPORT_RANDOM_ORDERS },
    ),
    trend: input.trend,
  };
}
