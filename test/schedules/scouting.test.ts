import type { Meeting } from '../../scheduling';
import { startTestApp, type TestApp } from '../support';
import { createScheduleWorld, type ScheduleWorld } from './schedule-setup';

interface Draft {
  version: number;
  meetings: Meeting[];
  shortfalls: {
    needId: string;
    reasons: { code: string; params: object; text: { sv: string; en: string } }[];
  }[];
  scouting: { needId: string; goodCandidates: number }[];
  build: { relevanceFloor: number; needFloors?: Record<string, number> };
}
interface Scouting {
  draftVersion: number;
  relevanceFloor: number;
  floorText: string;
  signUpUrl: string | null;
  needs: {
    needId: string;
    needTitle: string;
    goodCandidates: number;
    minimum: number;
    summary: string;
    nearMisses: { startupName: string; score: number; why: string }[];
  }[];
}

let app: TestApp;
let world: ScheduleWorld;

beforeAll(async () => {
  app = await startTestApp();
  world = await createScheduleWorld(app);
});

afterAll(async () => {
  await app.destroy();
});

describe('the relevance floor and the scouting list', () => {
  it('books no meeting below the floor, lets one need have its own, and lists that need with its near misses', async () => {
    // Scores (schedule-setup): need 1 ranks the four startups 0.40, 0.55, 0.70, 0.85.
    const [n1] = world.needIds;
    const built = await app.request<Draft>('POST', `/events/${world.eventId}/schedule`, {
      key: app.facilitatorKey,
      body: { relevanceFloor: 0.6, needFloors: { [n1]: 0.9 } },
    });
    expect(built.status).toBe(201);
    expect(built.body.build).toMatchObject({ relevanceFloor: 0.6, needFloors: { [n1]: 0.9 } });
    expect(built.body.meetings.length).toBeGreaterThan(0);
    expect(built.body.meetings.every((m) => m.score >= 0.6)).toBe(true);
    expect(built.body.meetings.filter((m) => m.needId === n1)).toEqual([]);
    expect(built.body.shortfalls).toEqual([
      {
        needId: n1,
        met: 0,
        minimum: 1,
        reasons: [
          {
            code: 'too-few-good-fits',
            params: { needId: n1, good: 0, minimum: 1, floor: 0.9, bestBelow: expect.closeTo(0.85, 6) },
            text: {
              sv: expect.stringMatching(
                /^bara 0 startups passar behovet väl \(poäng minst 0,90; bästa under golvet har 0,85\)/,
              ),
              en: expect.stringMatching(
                /^only 0 startups fit this need well \(score at least 0\.90; the best candidate below it scores 0\.85\)/,
              ),
            },
          },
        ],
      },
    ]);
    expect(built.body.scouting).toEqual([expect.objectContaining({ needId: n1, goodCandidates: 0 })]);

    const scouting = await app.request<Scouting>('GET', `/events/${world.eventId}/scouting?lang=en`, {
      key: app.facilitatorKey,
    });
    expect(scouting.status).toBe(200);
    expect(scouting.body.draftVersion).toBe(built.body.version);
    expect(scouting.body.floorText).toMatch(/at least 0\.60/);
    expect(scouting.body.signUpUrl).toBeNull(); // the event has no sign-up page yet
    expect(scouting.body.needs).toEqual([
      expect.objectContaining({
        needId: n1,
        needTitle: 'Rena golv i förskolan',
        summary: '0 startups fit this need well; the minimum is 1',
      }),
    ]);
    expect(
      scouting.body.needs[0]?.nearMisses.map((miss) => [miss.startupName, miss.score.toFixed(2)]),
    ).toEqual([
      ['Lokalpoolen', '0.85'],
      ['HeatLoop', '0.70'],
      ['Occupi Sense', '0.55'],
      ['Fuktvakt AB', '0.40'],
    ]);
    expect(scouting.body.needs[0]?.nearMisses[0]?.why).toMatch(/^score 0\.85 below the floor 0\.90/);

    const swedish = await app.request<Scouting>('GET', `/events/${world.eventId}/scouting`, {
      key: app.facilitatorKey,
    });
    expect(swedish.body.needs[0]?.summary).toBe('0 startups passar behovet väl; minimum är 1');
  });

  it('serves the scouting list as CSV, one row per near miss', async () => {
    const csv = await app.request<string>('GET', `/events/${world.eventId}/scouting.csv`, {
      key: app.facilitatorKey,
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    const lines = csv.body.split('\r\n').filter((line) => line !== '');
    expect(lines[0]).toBe('need,fit_well,minimum,floor,tags,terms,near_miss,score,why,sign_up');
    expect(lines.slice(1)).toHaveLength(4);
    expect(lines[1]).toMatch(
      /^Rena golv i förskolan,0,1,0\.90,.*,Lokalpoolen,0\.85,"?poäng 0,85 under golvet 0,90/,
    );
  });

  it("carries the event's sign-up link, in JSON and in every CSV row, once the event has a sign-up page", async () => {
    const event = await app.request('GET', `/events/${world.eventId}`, { key: app.facilitatorKey });
    const patched = await app.request('PATCH', `/events/${world.eventId}`, {
      key: app.facilitatorKey,
      headers: { 'if-match': event.headers.get('etag') ?? '' },
      body: { signUpSlug: 'scouting-dagen' },
    });
    expect(patched.status).toBe(200);
    const scouting = await app.request<Scouting>('GET', `/events/${world.eventId}/scouting`, {
      key: app.facilitatorKey,
    });
    expect(scouting.body.signUpUrl).toBe(`${app.baseUrl}/e/scouting-dagen/anmalan`);
    const csv = await app.request<string>('GET', `/events/${world.eventId}/scouting.csv`, {
      key: app.facilitatorKey,
    });
    const rows = csv.body
      .split('\r\n')
      .filter((line) => line !== '')
      .slice(1);
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row.endsWith(`,${app.baseUrl}/e/scouting-dagen/anmalan`)).toBe(true);
  });

  it('names a bad floor or language and keeps the list for facilitators', async () => {
    const bad = await app.request<{ errors: { path: string }[] }>(
      'POST',
      `/events/${world.eventId}/schedule`,
      {
        key: app.facilitatorKey,
        body: { relevanceFloor: 1.5, needFloors: { [world.needIds[0]]: -1 } },
      },
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/relevanceFloor/);
    expect(JSON.stringify(bad.body)).toMatch(/needFloors/);
    const language = await app.request('GET', `/events/${world.eventId}/scouting?lang=de`, {
      key: app.facilitatorKey,
    });
    expect(language.status).toBe(400);
    const startupKey = await app.createKey({ role: 'startup', startupId: world.startupIds[0] });
    const forbidden = await app.request('GET', `/events/${world.eventId}/scouting`, { key: startupKey });
    expect(forbidden.status).toBe(403);
  });
});
