import { startTestApp, type TestApp } from '../support';
import { createScheduleWorld, type ScheduleWorld } from './schedule-setup';

let app: TestApp;
let world: ScheduleWorld;

beforeAll(async () => {
  app = await startTestApp();
  world = await createScheduleWorld(app);
});

afterAll(async () => {
  await app.destroy();
});

describe('the schedule CSV', () => {
  it('quotes a name holding ; and neutralises the formula after it, so Swedish Excel shows text', async () => {
    const renamed = 'Acme;=HYPERLINK("http://evil.example","Klicka")';
    const startupId = world.startupIds[0];
    const current = await app.request<{ version: number }>('GET', `/startups/${startupId}`, {
      key: app.facilitatorKey,
    });
    const patched = await app.request('PATCH', `/startups/${startupId}`, {
      key: app.facilitatorKey,
      headers: { 'if-match': `"${current.body.version}"` },
      body: { name: renamed },
    });
    expect(patched.status).toBe(200);
    const built = await app.request<{ meetings: { startupId: string }[] }>(
      'POST',
      `/events/${world.eventId}/schedule`,
      { key: app.facilitatorKey, body: { minScore: 0, relevanceFloor: 0 } },
    );
    expect(built.status).toBe(201);
    expect(built.body.meetings.some((meeting) => meeting.startupId === startupId)).toBe(true);

    const csv = await app.request<string>('GET', `/events/${world.eventId}/schedule.csv?version=draft`, {
      key: app.facilitatorKey,
    });
    expect(csv.status).toBe(200);
    const lines = csv.body.split('\r\n').filter((line) => line.includes('Acme'));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).toContain(`,"Acme;'=HYPERLINK(""http://evil.example"",""Klicka"")",`);
      // Split on ; as Swedish Excel does: no part starts a formula.
      for (const part of line.split(';')) expect(part).not.toMatch(/^"?[=+\-@]/);
    }
  });
});
