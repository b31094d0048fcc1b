/**
 * The event report through the real API: figures computed from recorded outcomes and pilots, by
 * need priority and organisation, no-shows per person, the trend across events, and the CSV.
 */
import { getConfig } from '../../config';
import type { Meeting } from '../../scheduling';
import { databaseRecordedEvents, evaluate } from '../../scripts/eval-outcomes';
import { createScheduleWorld, type ScheduleWorld } from '../schedules/schedule-setup';
import { buildEvent, startTestApp, type TestApp } from '../support';

interface Figures {
  planned: number;
  held: number;
  noShows: number;
  cancelledLate: number;
  recorded: number;
  withNextStep: number;
  followUpRate: number | null;
  pilots: {
    proposed: number;
    approved: number;
    started: number;
    done: number;
    kSekProposed: number;
    kSekStarted: number;
  };
}
interface Report {
  event: { id: string; name: string; firstDate: string };
  definitions: { followUpRate: string };
  totals: Figures;
  byPriority: (Figures & { priority: number })[];
  byOrganisation: (Figures & { organisationId: string; name: string })[];
  noShowsByPerson: { side: string; id: string; name: string; count: number }[];
  byScoreQuartile: unknown[];
  scorePrediction: {
    held: number;
    withNextStep: number;
    auc: number | null;
    ndcg10: number | null;
    random: { auc: number | null; orders: number };
  };
  trend: (Figures & { eventId: string; firstDate: string })[];
}

let app: TestApp;
let world: ScheduleWorld;
let meetings: Meeting[];
let earlierEventId: string;
const facilitator = () => ({ key: app.facilitatorKey });

async function publishEvent(eventId: string): Promise<Meeting[]> {
  const built = await app.request<{ meetings: Meeting[]; version: number }>(
    'POST',
    `/events/${eventId}/schedule`,
    {
      ...facilitator(),
      body: {},
    },
  );
  expect(built.status).toBe(201);
  const published = await app.request('POST', `/events/${eventId}/schedule/publish`, {
    ...facilitator(),
    body: { draftVersion: built.body.version },
  });
  expect(published.status).toBe(200);
  return built.body.meetings;
}

async function record(meeting: Meeting, side: string, body: Record<string, unknown>): Promise<void> {
  const response = await app.request(
    'PUT',
    `/events/${world.eventId}/meetings/${encodeURIComponent(meeting.id)}/outcomes/${side}`,
    {
      ...facilitator(),
      body,
    },
  );
  expect(response.status).toBe(201);
}

async function pilot(meeting: Meeting, budgetKSek: number, status: string): Promise<void> {
  const response = await app.request('POST', '/pilots', {
    ...facilitator(),
    body: {
      eventId: world.eventId,
      meetingId: meeting.id,
      budgetKSek,
      start: '2027-05-01',
      end: '2027-08-31',
      status,
    },
  });
  expect(response.status).toBe(201);
}

beforeAll(async () => {
  app = await startTestApp();
  world = await createScheduleWorld(app);
  meetings = await publishEvent(world.eventId);
  expect(meetings.length).toBeGreaterThanOrEqual(4);
  const earlier = await app.request<{ id: string }>('POST', '/events', {
    ...facilitator(),
    body: buildEvent({
      name: 'Förra årets dag',
      days: [{ date: '2026-03-30', sessions: [{ start: '09:00', end: '09:40' }] }],
      rooms: [{ id: 'bord-1', name: 'Bord 1' }],
      needIds: world.needIds,
      startupIds: world.startupIds,
    }),
  });
  earlierEventId = earlier.body.id;
  await publishEvent(earlierEventId);

  await record(meetings[0]!, 'facilitator', { attendance: 'held', interest: 'yes', nextStep: 'demo' });
  await record(meetings[1]!, 'startup', { attendance: 'no_show', absent: ['host'] });
  await record(meetings[2]!, 'host', { attendance: 'held', interest: 'no', nextStep: 'none' });
  await pilot(meetings[0]!, 80, 'running');
  await pilot(meetings[2]!, 40.5, 'proposed');
});

afterAll(async () => {
  await app.destroy();
});

const priorityOf = (needId: string) => (needId === world.needIds[0] ? 1 : 2);
const organisationOf = (needId: string) =>
  needId === world.needIds[2] ? world.organisationIds[1] : world.organisationIds[0];

describe('GET /events/:id/report', () => {
  it('counts planned, held, no-shows, the follow-up rate and pilots', async () => {
    const response = await app.request<Report>('GET', `/events/${world.eventId}/report`, facilitator());
    expect(response.status).toBe(200);
    const { totals } = response.body;
    const n = meetings.length;
    expect(totals).toEqual({
      planned: n,
      held: n - 1,
      noShows: 1,
      cancelledLate: 0,
      recorded: 3,
      withNextStep: 1,
      followUpRate: 1 / (n - 1),
      pilots: {
        proposed: 2,
        approved: 1,
        started: 1,
        done: 0,
        stopped: 0,
        kSekProposed: 120.5,
        kSekStarted: 80,
        kSekDone: 0,
      },
    });
    expect(response.body.definitions.followUpRate).toMatch(/÷ held meetings/);
  });

  it('splits the figures by need priority and by organisation, and counts no-shows per person', async () => {
    const { body } = await app.request<Report>('GET', `/events/${world.eventId}/report`, facilitator());
    for (const group of body.byPriority) {
      const own = meetings.filter((m) => priorityOf(m.needId) === group.priority);
      expect(group.planned).toBe(own.length);
      expect(group.noShows).toBe(own.includes(meetings[1]!) ? 1 : 0);
      expect(group.withNextStep).toBe(own.includes(meetings[0]!) ? 1 : 0);
    }
    expect(body.byPriority.map((g) => g.priority)).toEqual(
      [...new Set(meetings.map((m) => priorityOf(m.needId)))].sort(),
    );
    expect(body.byPriority.reduce((sum, g) => sum + g.planned, 0)).toBe(meetings.length);
    expect(body.byPriority.reduce((sum, g) => sum + g.pilots.proposed, 0)).toBe(2);
    for (const group of body.byOrganisation) {
      const own = meetings.filter((m) => organisationOf(m.needId) === group.organisationId);
      expect(group.planned).toBe(own.length);
      expect(group.name).toMatch(/Tomelilla kommun|Helsingborgs stad/);
    }
    const absentHost = meetings[1]!.hostId;
    expect(body.noShowsByPerson).toEqual([
      {
        side: 'host',
        id: absentHost,
        name: absentHost === world.hostEmails[0] ? 'Anna Lindqvist' : 'Johan Berglund',
        count: 1,
      },
    ]);
  });

  it('shows the trend across events with a published schedule, oldest first', async () => {
    const { body } = await app.request<Report>('GET', `/events/${world.eventId}/report`, facilitator());
    expect(body.trend.map((t) => t.eventId)).toEqual([earlierEventId, world.eventId]);
    expect(body.trend[0]).toMatchObject({ firstDate: '2026-03-30', noShows: 0, withNextStep: 0 });
    expect(body.trend[1]).toMatchObject({ planned: meetings.length, withNextStep: 1 });
  });

  it('answers CSV with a BOM: one row for the event, then priorities, organisations, the trend', async () => {
    const response = await app.request<string>(
      'GET',
      `/events/${world.eventId}/report?format=csv`,
      facilitator(),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = response.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      'group,label,planned,held,no_shows,cancelled_late,with_next_step,follow_up_rate,pilots_proposed,pilots_started,pilots_done,ksek_proposed,ksek_started,ksek_done',
    );
    const n = meetings.length;
    expect(lines[1]).toBe(
      `event,"Matchmakingdag, test",${n},${n - 1},1,0,1,${(1 / (n - 1)).toFixed(3)},2,1,0,120.5,80,0`,
    );
    const groups = lines.slice(1).map((line) => line.split(',')[0]);
    expect(groups.filter((g) => g === 'organisation')).toHaveLength(2);
    expect(groups.filter((g) => g === 'trend')).toHaveLength(2);
  });

  it('is for facilitators: a development head gets 403, an unknown event 404', async () => {
    const head = await app.createKey({ role: 'development_head', organisationId: world.organisationIds[0] });
    expect((await app.request('GET', `/events/${world.eventId}/report`, { key: head })).status).toBe(403);
    expect((await app.request('GET', '/events/0123456789abcdef01234567/report', facilitator())).status).toBe(
      404,
    );
  });

  it('says how well the match score predicted the meeting that led somewhere, beside a random order', async () => {
    const { body } = await app.request<Report>('GET', `/events/${world.eventId}/report`, facilitator());
    const held = meetings.filter((meeting) => meeting !== meetings[1]);
    const led = meetings[0]!;
    // AUC by hand: the share of the held meetings without a next step that scored below the one with it (ties half).
    const others = held.filter((meeting) => meeting !== led);
    const below = others.reduce(
      (sum, meeting) => sum + (meeting.score < led.score ? 1 : meeting.score === led.score ? 0.5 : 0),
      0,
    );
    expect(body.scorePrediction).toMatchObject({ held: held.length, withNextStep: 1 });
    expect(body.scorePrediction.auc).toBeCloseTo(below / others.length, 10);
    expect(body.scorePrediction.random.orders).toBe(200);
    expect(body.scorePrediction.random.auc).toBeGreaterThan(0.3);
    expect(body.scorePrediction.random.auc).toBeLessThan(0.7);
  });

  it('npm run eval -- --outcomes --db reads the events with recorded outcomes and the scores they were published with', async () => {
    const recorded = await databaseRecordedEvents(getConfig().MONGODB_URI, app.dbName);
    // The earlier event was published but nothing was recorded for it: it is not a recorded event.
    expect(recorded.map((event) => event.name)).toEqual(['Matchmakingdag, test']);
    const [event] = recorded;
    expect(event!.meetings.map((meeting) => [meeting.needId, meeting.startupId, meeting.score])).toEqual(
      meetings.map((meeting) => [meeting.needId, meeting.startupId, meeting.score]),
    );
    const row = evaluate(event!.name, 'database', event!.meetings, { orders: 10, seed: 1 });
    const { body } = await app.request<Report>('GET', `/events/${world.eventId}/report`, facilitator());
    expect(row.prediction.auc).toBe(body.scorePrediction.auc);
    expect(row.prediction.withNextStep).toBe(1);
  });
});
