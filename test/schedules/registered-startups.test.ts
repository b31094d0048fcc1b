/**
 * Profiles that registered themselves: ranked while pending, but never scheduled and never shown
 * to development heads; rejecting one with published meetings repairs the draft as a deletion
 * would. Real API, real database.
 */
import type { Meeting } from '../../scheduling';
import { getRepositories } from '../../models';
import { startTestApp, type TestApp } from '../support';
import { createScheduleWorld, type ScheduleWorld } from './schedule-setup';

interface Draft {
  version: number;
  meetings: Meeting[];
  repair: { change: Record<string, unknown>; reason?: string } | null;
}
interface Reviewed {
  status: string;
  scheduleRepairs?: { eventId: string; ok: boolean; dropped: number }[];
}

const apps: TestApp[] = [];

afterAll(async () => {
  for (const app of apps) await app.destroy();
});

async function worldOf(): Promise<{ app: TestApp; world: ScheduleWorld }> {
  const app = await startTestApp();
  apps.push(app);
  return { app, world: await createScheduleWorld(app) };
}

/** Marks a profile as one that registered itself and waits for review. */
async function makePending(app: TestApp, world: ScheduleWorld, startupId: string): Promise<void> {
  const startups = getRepositories(app.db).startups;
  const current = await startups.findById(startupId);
  const updated = await startups.updateReviewed(startupId, current!.version, {
    status: 'pending',
    registration: {
      eventId: world.eventId,
      country: 'SE',
      registrationNumber: '556036-0793',
      consentedAt: new Date(),
    },
  });
  expect(updated.ok).toBe(true);
}

async function etagOf(app: TestApp, path: string): Promise<string> {
  return (await app.request('GET', path, { key: app.facilitatorKey })).headers.get('etag') ?? '';
}

describe('a registered profile waiting for approval', () => {
  it('is never scheduled, though enrolled and ranked; once approved, the next build schedules it', async () => {
    const { app, world } = await worldOf();
    const pendingId = world.startupIds[0];
    await makePending(app, world, pendingId);
    const built = await app.request<Draft>('POST', `/events/${world.eventId}/schedule`, {
      key: app.facilitatorKey,
      body: {},
    });
    expect(built.status).toBe(201);
    expect(built.body.meetings.length).toBeGreaterThan(0);
    expect(built.body.meetings.filter((m) => m.startupId === pendingId)).toEqual([]);

    const approved = await app.request<Reviewed>('POST', `/startups/${pendingId}/review`, {
      key: app.facilitatorKey,
      headers: { 'if-match': await etagOf(app, `/startups/${pendingId}`) },
      body: { decision: 'approve' },
    });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    const rebuilt = await app.request<Draft>('POST', `/events/${world.eventId}/schedule`, {
      key: app.facilitatorKey,
      body: {},
    });
    expect(rebuilt.body.meetings.some((m) => m.startupId === pendingId)).toBe(true);
  });

  it('is left out of development heads’ match lists and startup reads, not of the facilitator’s', async () => {
    const { app, world } = await worldOf();
    const pendingId = world.startupIds[1];
    await makePending(app, world, pendingId);
    const headKey = await app.createKey({
      role: 'development_head',
      organisationId: world.organisationIds[0],
    });
    const needId = world.needIds[0];
    const ofHead = await app.request<{ items: { startupId: string }[] }>('GET', `/needs/${needId}/matches`, {
      key: headKey,
    });
    expect(ofHead.status).toBe(200);
    expect(ofHead.body.items.length).toBe(world.startupIds.length - 1);
    expect(ofHead.body.items.map((m) => m.startupId)).not.toContain(pendingId);
    const ofFacilitator = await app.request<{ items: { startupId: string }[] }>(
      'GET',
      `/needs/${needId}/matches`,
      { key: app.facilitatorKey },
    );
    expect(ofFacilitator.body.items.map((m) => m.startupId)).toContain(pendingId);

    expect((await app.request('GET', `/startups/${pendingId}`, { key: headKey })).status).toBe(404);
    expect((await app.request('GET', `/startups/${pendingId}/matches`, { key: headKey })).status).toBe(404);
    const listed = await app.request<{ items: { id: string }[] }>('GET', '/startups', { key: headKey });
    expect(listed.body.items.map((s) => s.id)).not.toContain(pendingId);
    expect(listed.body.items.length).toBe(world.startupIds.length - 1);
  });
});

describe('rejecting a profile with published meetings', () => {
  it('takes it out of the event and repairs the draft at once, as a deletion does', async () => {
    const { app, world } = await worldOf();
    const startupId = world.startupIds[0];
    const built = await app.request<Draft>('POST', `/events/${world.eventId}/schedule`, {
      key: app.facilitatorKey,
      body: {},
    });
    const published = await app.request<Draft>('POST', `/events/${world.eventId}/schedule/publish`, {
      key: app.facilitatorKey,
      body: { draftVersion: built.body.version },
    });
    expect(published.status).toBe(200);
    const ofStartup = published.body.meetings.filter((m) => m.startupId === startupId);
    expect(ofStartup.length).toBeGreaterThan(0);

    const noReason = await app.request('POST', `/startups/${startupId}/review`, {
      key: app.facilitatorKey,
      headers: { 'if-match': await etagOf(app, `/startups/${startupId}`) },
      body: { decision: 'reject' },
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body).toMatchObject({ errors: [expect.objectContaining({ path: 'reason' })] });

    const rejected = await app.request<Reviewed>('POST', `/startups/${startupId}/review`, {
      key: app.facilitatorKey,
      headers: { 'if-match': await etagOf(app, `/startups/${startupId}`) },
      body: { decision: 'reject', reason: 'Not a company registered in Sweden.' },
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body.status).toBe('rejected');
    expect(rejected.body.scheduleRepairs).toEqual([
      expect.objectContaining({ eventId: world.eventId, ok: true, dropped: ofStartup.length }),
    ]);
    const draft = await app.request<Draft>('GET', `/events/${world.eventId}/schedule?version=draft`, {
      key: app.facilitatorKey,
    });
    expect(draft.body.meetings.filter((m) => m.startupId === startupId)).toEqual([]);
    expect(draft.body.repair).toMatchObject({
      change: { kind: 'cancel-startup', startupId },
      reason: 'Startup "Fuktvakt AB" was rejected.',
    });
    const event = await getRepositories(app.db).events.findById(world.eventId);
    expect(event!.startupIds).not.toContain(startupId);
  });
});
