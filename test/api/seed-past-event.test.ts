/**
 * The fixtures' past event seeded into a real database: its report through the same use-case as
 * GET /events/:id/report gives the figures `npm run demo` prints, the outcome evaluation finds it
 * with `--db`, and seeding again stores nothing twice.
 */
import type { Connection } from 'mongoose';
import pino from 'pino';
import { getConfig } from '../../config';
import { pastEvent } from '../../fixtures';
import { getRepositories } from '../../models';
import { ignoreChanges } from '../../services/changes';
import { readEventReport } from '../../services/outcomes';
import { databaseRecordedEvents, evaluate, fixtureRecordedEvent } from '../../scripts/eval-outcomes';
import { pastEventReport } from '../../scripts/past-event-report';
import { seedPastEvent } from '../../scripts/seed-past-event';
import { connectTestDatabase } from '../support/test-database';

let db: Connection;

beforeAll(async () => {
  db = await connectTestDatabase();
});

afterAll(async () => {
  await db.dropDatabase();
  await db.close();
});

describe('seeding the past event', () => {
  it('stores its published meetings, answers and pilots; the report says what the demo says', async () => {
    const seeded = await seedPastEvent(getRepositories(db));
    const answers = pastEvent.meetings.reduce((sum, meeting) => sum + meeting.outcomes.length, 0);
    expect(seeded).toMatchObject({
      publishedMeetings: pastEvent.meetings.length,
      outcomes: answers,
      pilots: pastEvent.pilots.length,
    });
    const deps = { repos: getRepositories(db), changes: ignoreChanges, logger: pino({ level: 'silent' }) };
    const facilitator = { role: 'facilitator' as const, name: 'Sofia Lund', personId: 'seed' };
    const stored = await readEventReport(deps, facilitator, seeded.eventId);
    const demo = pastEventReport();
    expect(stored.totals).toEqual(demo.totals);
    expect(stored.byScoreQuartile).toEqual(demo.byScoreQuartile);
    expect(stored.scorePrediction).toEqual(demo.scorePrediction);
    expect(stored.noShowsByPerson.map((row) => [row.side, row.name, row.count])).toEqual(
      demo.noShowsByPerson.map((row) => [row.side, row.name, row.count]),
    );
    // The spring event (fixtures/event.ts) has no published schedule: the trend is the past event.
    expect(stored.trend.map((point) => point.name)).toEqual([pastEvent.name]);
  });

  it('is found by npm run eval -- --outcomes --db with the figures of the fixtures', async () => {
    const [recorded, ...others] = await databaseRecordedEvents(getConfig().MONGODB_URI, db.name);
    expect(others).toEqual([]);
    const options = { orders: 50, seed: 3 };
    const fromDatabase = evaluate(recorded!.name, 'database', recorded!.meetings, options);
    const fromFixtures = evaluate(pastEvent.name, 'fixtures', fixtureRecordedEvent().meetings, options);
    expect(fromDatabase.prediction).toEqual(fromFixtures.prediction);
  });

  it('a second run stores nothing twice', async () => {
    const again = await seedPastEvent(getRepositories(db));
    expect(again).toMatchObject({ publishedMeetings: 0, outcomes: 0, pilots: 0 });
    const repositories = getRepositories(db);
    expect(await repositories.pilots.listByEvent(again.eventId)).toHaveLength(pastEvent.pilots.length);
    expect((await repositories.schedules.pointer(again.eventId)).publishedVersions).toHaveLength(1);
  });
});
