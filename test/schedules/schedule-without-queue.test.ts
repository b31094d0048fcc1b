import { startTestApp, type TestApp } from '../support';
import { createScheduleWorld, type ScheduleWorld } from './schedule-setup';

let app: TestApp;
let world: ScheduleWorld;

beforeAll(async () => {
  // Every build is over this threshold, but the app has no schedules queue to send it to.
  app = await startTestApp({ scheduleAsyncMinSize: 0 });
  world = await createScheduleWorld(app);
});

afterAll(async () => {
  await app.destroy();
});

describe('an API without the schedules queue', () => {
  it('builds and repairs in the request whatever the size', async () => {
    const built = await app.request<{ status: string; meetings: unknown[] }>(
      'POST',
      `/events/${world.eventId}/schedule`,
      { key: app.facilitatorKey, body: {} },
    );
    expect(built.status).toBe(201);
    expect(built.body.meetings.length).toBeGreaterThan(0);
    const repaired = await app.request<{ kept: number }>('POST', `/events/${world.eventId}/cancellations`, {
      key: app.facilitatorKey,
      body: { kind: 'startup', startupId: world.startupIds[0] },
    });
    expect(repaired.status).toBe(201);
    expect(repaired.body.kept).toEqual(expect.any(Number));
  });

  it('answers 503 queue_unavailable for jobs of either queue', async () => {
    for (const id of ['schedules-0b5f2c6e-3a39-4b8e-9d0c-1f1f1f1f1f1f', '17']) {
      const response = await app.request<{ code: string }>('GET', `/jobs/${id}`, { key: app.facilitatorKey });
      expect({ id, status: response.status, code: response.body.code }).toEqual({
        id,
        status: 503,
        code: 'queue_unavailable',
      });
    }
  });
});
