import type { Meeting } from '../../scheduling';
import { startTestApp, type TestApp } from '../support';
import { parseCalendar } from './ical';
import { createScheduleWorld, type ScheduleWorld } from './schedule-setup';

interface View {
  version: number;
  status: string;
  meetings: Meeting[];
  draftVersion: number;
  publishedVersion: number;
  publishedVersions: number[];
  shortfalls: unknown[];
}
interface RepairView extends View {
  kept: number;
  moved: Meeting[];
  added: Meeting[];
  dropped: Meeting[];
  basedOnVersion: number;
}

let app: TestApp;
let world: ScheduleWorld;
let startupKey: string;
let headKey: string;

beforeAll(async () => {
  app = await startTestApp();
  world = await createScheduleWorld(app);
  startupKey = await app.createKey({ role: 'startup', startupId: world.startupIds[1] });
  headKey = await app.createKey({ role: 'development_head', organisationId: world.organisationIds[1] });
});

afterAll(async () => {
  await app.destroy();
});

const place = (m: Meeting) => `${m.date} ${m.start} ${m.roomId}`;

describe('schedules of an event', () => {
  it('refuses builds, publishes, cancellations, pins and schedule reads to non-facilitators', async () => {
    const paths: [string, string, unknown][] = [
      ['POST', `/events/${world.eventId}/schedule`, {}],
      ['POST', `/events/${world.eventId}/schedule/publish`, {}],
      ['POST', `/events/${world.eventId}/cancellations`, { kind: 'startup', startupId: world.startupIds[0] }],
      ['POST', `/events/${world.eventId}/pins`, { needId: world.needIds[0], startupId: world.startupIds[0] }],
      [
        'DELETE',
        `/events/${world.eventId}/bans`,
        { needId: world.needIds[0], startupId: world.startupIds[0] },
      ],
      ['GET', `/events/${world.eventId}/schedule`, undefined],
      ['GET', `/events/${world.eventId}/schedule.ics`, undefined],
    ];
    for (const key of [startupKey, headKey]) {
      for (const [method, path, body] of paths) {
        const response = await app.request<{ status: number; code: string }>(method, path, { key, body });
        expect({ method, path, status: response.status, type: response.headers.get('content-type') }).toEqual(
          { method, path, status: 403, type: 'application/problem+json; charset=utf-8' },
        );
      }
    }
  });

  it('builds, publishes, repairs a cancellation without moving untouched meetings, and raises SEQUENCE for what changed', async () => {
    const facilitator = { key: app.facilitatorKey };
    const built = await app.request<View>('POST', `/events/${world.eventId}/schedule`, {
      ...facilitator,
      body: {},
    });
    expect(built.status).toBe(201);
    expect(built.body.status).toBe('draft');
    expect(built.body.meetings.length).toBeGreaterThanOrEqual(3);
    expect(built.body.draftVersion).toBe(built.body.version);

    const published = await app.request<View>('POST', `/events/${world.eventId}/schedule/publish`, {
      ...facilitator,
      body: { draftVersion: built.body.version },
    });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({
      status: 'published',
      publishedVersion: published.body.version,
      publishedVersions: [published.body.version],
    });
    expect(published.body.meetings).toEqual(built.body.meetings);

    const firstIcs = await app.request<string>('GET', `/events/${world.eventId}/schedule.ics`, facilitator);
    expect(firstIcs.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const first = parseCalendar(firstIcs.body);
    expect(first.size).toBe(built.body.meetings.length);
    for (const meeting of built.body.meetings) {
      const entry = first.get(`${meeting.id}@matchmaker`);
      expect(entry).toMatchObject({ sequence: 0, status: 'CONFIRMED' });
      // 2027-03-29 is summer time in Stockholm (UTC+2).
      expect(entry?.start).toBe(new Date(`${meeting.date}T${meeting.start}:00+02:00`).toISOString());
    }

    const cancelledStartup = built.body.meetings[0]?.startupId ?? '';
    const repaired = await app.request<RepairView>('POST', `/events/${world.eventId}/cancellations`, {
      ...facilitator,
      body: { kind: 'startup', startupId: cancelledStartup },
    });
    expect(repaired.status).toBe(201);
    expect(repaired.body.basedOnVersion).toBe(built.body.version);
    const untouched = built.body.meetings.filter((m) => m.startupId !== cancelledStartup);
    const after = new Map(repaired.body.meetings.map((m) => [m.id, m]));
    const movedUntouched = untouched.filter(
      (m) => after.get(m.id) === undefined || place(after.get(m.id) as Meeting) !== place(m),
    );
    expect(movedUntouched).toEqual([]);
    expect(repaired.body.kept).toBe(untouched.length);
    expect(repaired.body.moved).toEqual([]);
    expect(repaired.body.dropped.map((m) => m.startupId).every((id) => id === cancelledStartup)).toBe(true);
    expect(repaired.body.dropped.length).toBe(built.body.meetings.length - untouched.length);
    expect(repaired.body.meetings.some((m) => m.startupId === cancelledStartup)).toBe(false);

    const republished = await app.request<View>('POST', `/events/${world.eventId}/schedule/publish`, {
      ...facilitator,
      body: { draftVersion: repaired.body.version },
    });
    expect(republished.status).toBe(200);
    expect(republished.body.publishedVersions).toEqual([published.body.version, republished.body.version]);
    const second = parseCalendar(
      (await app.request<string>('GET', `/events/${world.eventId}/schedule.ics`, facilitator)).body,
    );
    for (const meeting of repaired.body.dropped)
      expect(second.get(`${meeting.id}@matchmaker`)).toMatchObject({ sequence: 1, status: 'CANCELLED' });
    for (const meeting of untouched)
      expect(second.get(`${meeting.id}@matchmaker`)).toMatchObject({ sequence: 0, status: 'CONFIRMED' });
    for (const meeting of repaired.body.added)
      expect(second.get(`${meeting.id}@matchmaker`)).toMatchObject({ status: 'CONFIRMED' });
    expect(second.size).toBe(
      new Set([...built.body.meetings, ...repaired.body.meetings].map((m) => m.id)).size,
    );

    // A stale draft number is refused, and so is publishing the same draft twice.
    const stale = await app.request<{ code: string }>('POST', `/events/${world.eventId}/schedule/publish`, {
      ...facilitator,
      body: { draftVersion: built.body.version },
    });
    expect(stale.status).toBe(409);
    expect(
      (await app.request('POST', `/events/${world.eventId}/schedule/publish`, { ...facilitator, body: {} }))
        .status,
    ).toBe(409);

    // Versions stay readable.
    const old = await app.request<View>(
      'GET',
      `/events/${world.eventId}/schedule?version=${published.body.version}`,
      facilitator,
    );
    expect(old.body.meetings).toEqual(built.body.meetings);
  });

  it('lets exactly one of two concurrent publishes of the same draft win; the other gets 409', async () => {
    const facilitator = { key: app.facilitatorKey };
    const built = await app.request<View>('POST', `/events/${world.eventId}/schedule`, {
      ...facilitator,
      body: { seed: 7 },
    });
    expect(built.status).toBe(201);
    const results = await Promise.all(
      [0, 1, 2].map(() =>
        app.request('POST', `/events/${world.eventId}/schedule/publish`, {
          ...facilitator,
          body: { draftVersion: built.body.version },
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const current = await app.request<View>(
      'GET',
      `/events/${world.eventId}/schedule?version=published`,
      facilitator,
    );
    expect(current.body.publishedVersions).toHaveLength(3);
  });

  it('shows a participant only their own agenda, as JSON, iCalendar and a printable page', async () => {
    const own = await app.request<{ meetings: Meeting[] }>('GET', `/events/${world.eventId}/agenda`, {
      key: startupKey,
    });
    expect(own.status).toBe(200);
    expect(own.body.meetings.length).toBeGreaterThan(0);
    expect(own.body.meetings.every((m) => m.startupId === world.startupIds[1])).toBe(true);
    expect(
      (
        await app.request('GET', `/events/${world.eventId}/agenda?startupId=${world.startupIds[0]}`, {
          key: startupKey,
        })
      ).status,
    ).toBe(403);

    const head = await app.request<{ meetings: Meeting[] }>('GET', `/events/${world.eventId}/agenda`, {
      key: headKey,
    });
    expect(head.body.meetings.length).toBeGreaterThan(0);
    expect(head.body.meetings.every((m) => m.needId === world.needIds[2])).toBe(true);

    const ics = await app.request<string>('GET', `/events/${world.eventId}/agenda.ics`, { key: startupKey });
    const events = [...parseCalendar(ics.body).values()];
    expect(events.length).toBeGreaterThanOrEqual(own.body.meetings.length);
    expect(events.every((e) => e.uid.includes(encodeURIComponent(world.startupIds[1])))).toBe(true);

    const html = await app.request<string>('GET', `/events/${world.eventId}/agenda?format=html`, {
      key: headKey,
    });
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.body).toContain('Överskottsenergi, &quot;värme&quot; &amp; kyla');
    expect(html.body).not.toContain('Rena golv');
  });

  it('serves the schedule as RFC 4180 CSV with a BOM, by extension or Accept header', async () => {
    const json = await app.request<View>('GET', `/events/${world.eventId}/schedule`, {
      key: app.facilitatorKey,
    });
    for (const request of [
      app.request<string>('GET', `/events/${world.eventId}/schedule.csv`, { key: app.facilitatorKey }),
      app.request<string>('GET', `/events/${world.eventId}/schedule`, {
        key: app.facilitatorKey,
        headers: { accept: 'text/csv' },
      }),
    ]) {
      const csv = await request;
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
      // fetch's text() drops the BOM; the next test reads the bytes.
      expect(csv.body.startsWith('date,start,end,room,need,host,startup,score\r\n')).toBe(true);
      expect(csv.body.split('\r\n').filter((line) => line !== '')).toHaveLength(
        json.body.meetings.length + 1,
      );
    }
  });

  it('starts the CSV bytes with the UTF-8 BOM so Excel reads å, ä, ö', async () => {
    const response = await fetch(`${app.baseUrl}/events/${world.eventId}/schedule.csv`, {
      headers: { authorization: `Bearer ${app.facilitatorKey}` },
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="?schedule-[0-9a-f]+-v\d+\.csv"?$/,
    );
  });

  it('names the bad field of a pin, ban or cancellation and applies pins and bans at the next build', async () => {
    const facilitator = { key: app.facilitatorKey };
    const missing = await app.request<{ errors: { path: string }[] }>(
      'POST',
      `/events/${world.eventId}/cancellations`,
      { ...facilitator, body: { kind: 'startup' } },
    );
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e) => e.path)).toContain('startupId');
    const room = await app.request<{ errors: { path: string }[] }>(
      'POST',
      `/events/${world.eventId}/cancellations`,
      { ...facilitator, body: { kind: 'room', roomId: 'no-such-room' } },
    );
    expect(room.status).toBe(400);
    expect(room.body.errors.map((e) => e.path)).toEqual(['roomId']);
    const unknown = await app.request<{ errors: { path: string }[] }>(
      'POST',
      `/events/${world.eventId}/pins`,
      { ...facilitator, body: { needId: world.needIds[0], startupId: world.organisationIds[0], extra: 1 } },
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors.map((e) => e.path)).toEqual(['extra']);

    const pairings = await app.request<{ cancellations: { change: { startupId?: string } }[] }>(
      'GET',
      `/events/${world.eventId}/pairings`,
      facilitator,
    );
    const cancelled = new Set(pairings.body.cancellations.map((c) => c.change.startupId));
    const [startup, pinned] = world.startupIds.filter((id) => !cancelled.has(id));
    const need = world.needIds[0];
    expect(
      (
        await app.request('POST', `/events/${world.eventId}/bans`, {
          ...facilitator,
          body: { needId: need, startupId: startup },
        })
      ).status,
    ).toBe(201);
    const pin = await app.request<{ pins: unknown[]; bans: unknown[] }>(
      'POST',
      `/events/${world.eventId}/pins`,
      { ...facilitator, body: { needId: world.needIds[2], startupId: pinned } },
    );
    expect(pin.body.pins).toEqual([{ needId: world.needIds[2], startupId: pinned }]);
    const built = await app.request<View & { unmetPins: unknown[] }>(
      'POST',
      `/events/${world.eventId}/schedule`,
      { ...facilitator, body: {} },
    );
    expect(built.body.meetings.some((m) => m.needId === need && m.startupId === startup)).toBe(false);
    expect(
      built.body.meetings.some((m) => m.needId === world.needIds[2] && m.startupId === pinned) ||
        built.body.unmetPins.length > 0,
    ).toBe(true);
    expect(
      (
        await app.request('DELETE', `/events/${world.eventId}/bans`, {
          ...facilitator,
          body: { needId: need, startupId: startup },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await app.request('DELETE', `/events/${world.eventId}/bans`, {
          ...facilitator,
          body: { needId: need, startupId: startup },
        })
      ).status,
    ).toBe(404);
  });

  it('repairs a host cancellation (only that host’s meetings go) and can solve exactly with HiGHS', async () => {
    const facilitator = { key: app.facilitatorKey };
    const exact = await app.request<View & { gap: number }>('POST', `/events/${world.eventId}/schedule`, {
      ...facilitator,
      body: { exactTimeLimitMs: 10_000 },
    });
    expect(exact.status).toBe(201);
    expect(exact.body.meetings.length).toBeGreaterThan(0);
    const hostB = world.hostEmails[1];
    const repaired = await app.request<RepairView>('POST', `/events/${world.eventId}/cancellations`, {
      ...facilitator,
      body: { kind: 'host', hostId: hostB.toUpperCase() },
    });
    expect(repaired.status).toBe(201);
    const untouched = exact.body.meetings.filter((m) => m.hostId !== hostB);
    const after = new Map(repaired.body.meetings.map((m) => [m.id, m]));
    expect(untouched.filter((m) => place(after.get(m.id) ?? { ...m, roomId: 'gone' }) !== place(m))).toEqual(
      [],
    );
    expect(repaired.body.meetings.some((m) => m.hostId === hostB)).toBe(false);
    const page = await app.request<string>(
      'GET',
      `/events/${world.eventId}/schedule?format=html&version=draft`,
      facilitator,
    );
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<th scope="col">Bord 1</th>');
    const badFormat = await app.request<{ errors: { path: string }[] }>(
      'GET',
      `/events/${world.eventId}/schedule?format=pdf`,
      facilitator,
    );
    expect(badFormat.status).toBe(400);
    expect(badFormat.body.errors.map((e) => e.path)).toEqual(['format']);
  });
});
