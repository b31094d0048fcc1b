/**
 * A need or startup that leaves (deleted, closed) while it has meetings in a schedule: the draft is
 * repaired at once, the response of the delete or close says so, and no later build is left to
 * report a bare id. Real API, real database.
 */
import type { Meeting } from '../../scheduling';
import { buildNeed, startTestApp, type TestApp } from '../support';
import { parseCalendar } from './ical';
import { createScheduleWorld, type ScheduleWorld } from './schedule-setup';

interface Draft {
  version: number;
  meetings: Meeting[];
  droppedLocked: { meeting: Meeting; reason: unknown }[];
  repair: { change: Record<string, unknown>; reason?: string; label?: string; dropped: string[] } | null;
}
interface Repairs {
  status?: string;
  scheduleRepairs?: {
    eventId: string;
    ok: boolean;
    draftVersion: number;
    kept: number;
    added: number;
    dropped: number;
  }[];
}

// Each test has an app and database of its own: a world's hosts may exist once per database.
let app: TestApp;
const apps: TestApp[] = [];
const facilitator = () => ({ key: app.facilitatorKey });

afterAll(async () => {
  for (const each of apps) await each.destroy();
});

/** A world of its own (app, records, rankings, event), built and published. */
async function publishedWorld(): Promise<{ world: ScheduleWorld; published: Draft }> {
  app = await startTestApp();
  apps.push(app);
  const world = await createScheduleWorld(app);
  const built = await app.request<Draft>('POST', `/events/${world.eventId}/schedule`, {
    ...facilitator(),
    body: {},
  });
  expect(built.status).toBe(201);
  const published = await app.request<Draft>('POST', `/events/${world.eventId}/schedule/publish`, {
    ...facilitator(),
    body: { draftVersion: built.body.version },
  });
  expect(published.status).toBe(200);
  return { world, published: published.body };
}

async function draftOf(eventId: string): Promise<Draft> {
  return (await app.request<Draft>('GET', `/events/${eventId}/schedule?version=draft`, facilitator())).body;
}

async function versionOf(path: string): Promise<string> {
  const read = await app.request('GET', path, facilitator());
  expect(read.status).toBe(200);
  return read.headers.get('etag') ?? '';
}

function expectKept(before: readonly Meeting[], after: readonly Meeting[], gone: (m: Meeting) => boolean) {
  const now = new Map(after.map((m) => [m.id, m]));
  for (const m of before) {
    if (gone(m)) expect(now.has(m.id)).toBe(false);
    else expect(now.get(m.id)).toEqual(m);
  }
}

describe('a participant that leaves', () => {
  it('a deleted need: the draft is repaired at once, the response says so, later builds name no bare id, calendars cancel its meetings', async () => {
    const { world, published } = await publishedWorld();
    const needId = world.needIds[2];
    const ofNeed = published.meetings.filter((m) => m.needId === needId);
    expect(ofNeed.length).toBeGreaterThan(0);

    const deleted = await app.request<Repairs>('DELETE', `/needs/${needId}`, {
      ...facilitator(),
      headers: { 'if-match': await versionOf(`/needs/${needId}`) },
    });
    expect(deleted.status).toBe(200);
    const draft = await draftOf(world.eventId);
    expect(deleted.body.scheduleRepairs).toEqual([
      {
        eventId: world.eventId,
        ok: true,
        draftVersion: draft.version,
        kept: published.meetings.length - ofNeed.length,
        added: expect.any(Number),
        dropped: ofNeed.length,
      },
    ]);
    expectKept(published.meetings, draft.meetings, (m) => m.needId === needId);
    expect(draft.repair).toMatchObject({
      change: { kind: 'cancel-need', needId },
      label: 'Överskottsenergi, "värme" & kyla',
      reason: 'Need "Överskottsenergi, "värme" & kyla" was deleted.',
    });

    const rebuilt = await app.request<Draft>('POST', `/events/${world.eventId}/schedule`, {
      ...facilitator(),
      body: {},
    });
    expect(rebuilt.body.droppedLocked).toEqual([]);
    expect(rebuilt.body.meetings.some((m) => m.needId === needId)).toBe(false);

    await app.request('POST', `/events/${world.eventId}/schedule/publish`, {
      ...facilitator(),
      body: { draftVersion: rebuilt.body.version },
    });
    const calendar = parseCalendar(
      (await app.request<string>('GET', `/events/${world.eventId}/schedule.ics`, facilitator())).body,
    );
    for (const m of ofNeed)
      expect(calendar.get(`${m.id}@matchmaker`)).toMatchObject({ sequence: 1, status: 'CANCELLED' });
  });

  it('a need closed by its development head: repaired at once and said so; reopened, the next build schedules it again', async () => {
    const { world, published } = await publishedWorld();
    const headKey = await app.createKey({
      role: 'development_head',
      organisationId: world.organisationIds[0],
    });
    const needId = world.needIds[0];
    const ofNeed = published.meetings.filter((m) => m.needId === needId);
    expect(ofNeed.length).toBeGreaterThan(0);

    const closed = await app.request<Repairs>('PATCH', `/needs/${needId}`, {
      key: headKey,
      headers: { 'if-match': await versionOf(`/needs/${needId}`) },
      body: { status: 'closed' },
    });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    expect(closed.body.scheduleRepairs).toEqual([
      expect.objectContaining({ eventId: world.eventId, ok: true, dropped: ofNeed.length }),
    ]);
    const draft = await draftOf(world.eventId);
    expectKept(published.meetings, draft.meetings, (m) => m.needId === needId);
    expect(draft.repair?.reason).toBe('Need "Rena golv i förskolan" was closed.');
    const whileClosed = await app.request<Draft>('POST', `/events/${world.eventId}/schedule`, {
      ...facilitator(),
      body: {},
    });
    expect(whileClosed.body.meetings.some((m) => m.needId === needId)).toBe(false);

    const reopened = await app.request<Repairs>('PATCH', `/needs/${needId}`, {
      key: headKey,
      headers: { 'if-match': await versionOf(`/needs/${needId}`) },
      body: { status: 'open' },
    });
    expect(reopened.status).toBe(200);
    expect(reopened.body.scheduleRepairs).toBeUndefined();
    const rebuilt = await app.request<Draft>('POST', `/events/${world.eventId}/schedule`, {
      ...facilitator(),
      body: {},
    });
    expect(rebuilt.body.meetings.some((m) => m.needId === needId)).toBe(true);
  });

  it('a deleted startup: the draft is repaired at once and the response says so', async () => {
    const { world, published } = await publishedWorld();
    const startupId = world.startupIds[0];
    const ofStartup = published.meetings.filter((m) => m.startupId === startupId);
    expect(ofStartup.length).toBeGreaterThan(0);
    const deleted = await app.request<Repairs>('DELETE', `/startups/${startupId}`, {
      ...facilitator(),
      headers: { 'if-match': await versionOf(`/startups/${startupId}`) },
    });
    expect(deleted.status).toBe(200);
    expect(deleted.body.scheduleRepairs).toEqual([
      expect.objectContaining({ eventId: world.eventId, ok: true, dropped: ofStartup.length }),
    ]);
    const draft = await draftOf(world.eventId);
    expectKept(published.meetings, draft.meetings, (m) => m.startupId === startupId);
    expect(draft.repair).toMatchObject({
      change: { kind: 'cancel-startup', startupId },
      reason: 'Startup "Fuktvakt AB" was deleted.',
    });
  });

  it('a need in no schedule is deleted with 204 as before, and no draft changes', async () => {
    const { world } = await publishedWorld();
    const before = await draftOf(world.eventId);
    const created = await app.request<{ id: string }>('POST', '/needs', {
      ...facilitator(),
      body: buildNeed({ organisationId: world.organisationIds[0] }),
    });
    expect(created.status).toBe(201);
    const deleted = await app.request('DELETE', `/needs/${created.body.id}`, {
      ...facilitator(),
      headers: { 'if-match': '"1"' },
    });
    expect(deleted.status).toBe(204);
    expect((await draftOf(world.eventId)).version).toBe(before.version);
  });
});
