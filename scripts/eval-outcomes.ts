import pino from 'pino';
import { getConfig } from '../config';
import { pastEvent } from '../fixtures';
import { openDatabase } from '../models';
import { ignoreChanges } from '../services/changes';
import {
  byScoreQuartile,
  loadMeetingOutcomes,
  scorePredictionOf,
  type ReportMeeting,
  type ScorePrediction,
} from '../services/outcomes';
import { pastEventMeetings } from './past-event-report';

/** One recorded event's meetings, as the outcome evaluation weighs them. */
export interface RecordedEvent {
  name: string;
  source: 'fixtures' | 'database';
  meetings: ReportMeeting[];
}

/** The figures of one recorded event (or of all of them together). */
export interface OutcomeEvalRow {
  name: string;
  source: RecordedEvent['source'] | 'all';
  prediction: ScorePrediction;
  /** Follow-up rate of the held meetings in the top and bottom quarter of scores (null below four held). */
  topQuarter: number | null;
  bottomQuarter: number | null;
}

/** The fixtures' past event, scored by today's scoring core (scripts/past-event-report.ts). */
export function fixtureRecordedEvent(): RecordedEvent {
  return { name: pastEvent.name, source: 'fixtures', meetings: pastEventMeetings().meetings };
}

/**
 * Every event in the database (MONGODB_URI) with a published schedule and at least one recorded
 * outcome, each meeting with the score it was published with.
 */
export async function databaseRecordedEvents(uri: string, dbName?: string): Promise<RecordedEvent[]> {
  const db = await openDatabase(uri, dbName === undefined ? {} : { dbName });
  try {
    const deps = { repos: db.repos, changes: ignoreChanges, logger: pino({ level: 'silent' }) };
    const events = await deps.repos.events.list({}, { limit: 1_000, page: 1 });
    const recorded: RecordedEvent[] = [];
    for (const event of events.items) {
      const outcomes = await loadMeetingOutcomes(deps, event.id);
      if (!outcomes.some((outcome) => outcome.verdict.recorded)) continue;
      recorded.push({
        name: event.name,
        source: 'database',
        meetings: outcomes.map(({ meeting, verdict }) => ({
          needId: meeting.needId,
          startupId: meeting.startupId,
          hostId: meeting.hostId,
          score: meeting.score,
          priority: 0,
          organisationId: meeting.organisationId,
          verdict,
        })),
      });
    }
    return recorded;
  } finally {
    await db.close();
  }
}

/** The measures of a set of meetings: AUC and nDCG@10 beside a random order, and the score quarters. */
export function evaluate(
  name: string,
  source: OutcomeEvalRow['source'],
  meetings: readonly ReportMeeting[],
  options: { orders: number; seed: number },
): OutcomeEvalRow {
  const held = meetings.filter((meeting) => meeting.verdict.attendance === 'held');
  const quarters = byScoreQuartile([...meetings]);
  return {
    name,
    source,
    prediction: scorePredictionOf(
      held.map((meeting) => ({
        // Needs of different events are different needs for the per-need measure.
        needId: `${name}|${meeting.needId}`,
        score: meeting.score,
        followUp: meeting.verdict.followUp,
      })),
      options,
    ),
    topQuarter: quarters[0]?.followUpRate ?? null,
    bottomQuarter: quarters[quarters.length - 1]?.followUpRate ?? null,
  };
}

const f = (value: number | null): string => (value === null ? '–' : value.toFixed(3));
const pct = (value: number | null): string => (value === null ? '–' : `${Math.round(value * 100)} %`);

/**
 * `npm run eval -- --outcomes [--db] [--orders N] [--seed N] [--json]`: on recorded events (the
 * fixtures' past event; with `--db` also every event in MONGODB_URI with recorded outcomes, where
 * the past event seeded by scripts/seed.ts stands for the fixtures' one), how
 * well the match score predicted the held meetings that led to a next step: AUC, nDCG@10 per need
 * ("next step" relevant), beside the mean of the same for `--orders` seeded random orders.
 */
export async function runOutcomeEval(options: {
  db: boolean;
  json: boolean;
  orders: number;
  seed: number;
}): Promise<OutcomeEvalRow[]> {
  const stored = options.db ? await databaseRecordedEvents(getConfig().MONGODB_URI) : [];
  // A database seeded with the sample holds the fixtures' past event already: measured once.
  const seeded = stored.some((event) => event.name === pastEvent.name);
  const events = [...(seeded ? [] : [fixtureRecordedEvent()]), ...stored];
  const measure = { orders: options.orders, seed: options.seed };
  const rows = events.map((event) => evaluate(event.name, event.source, event.meetings, measure));
  if (events.length > 1)
    rows.push(
      evaluate(
        'all recorded events',
        'all',
        events.flatMap((event) =>
          event.meetings.map((meeting) => ({ ...meeting, needId: `${event.name}|${meeting.needId}` })),
        ),
        measure,
      ),
    );
  console.log(
    `outcome eval: the match score against held meetings that led to a next step; random = mean of ${options.orders} seeded orders (seed ${options.seed})`,
  );
  for (const row of rows) {
    const p = row.prediction;
    console.log(
      `${row.name} (${row.source}): ${p.held} held, ${p.withNextStep} with a next step; AUC ${f(p.auc)} (random ${f(p.random.auc)}); nDCG@10 per need ${f(p.ndcg10)} (random ${f(p.random.ndcg10)}) over ${p.needsJudged} needs; next step in the top quarter of scores ${pct(row.topQuarter)}, the bottom quarter ${pct(row.bottomQuarter)}`,
    );
  }
  if (options.json) console.log(JSON.stringify(rows));
  return rows;
}
