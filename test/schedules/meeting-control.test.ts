/**
 * One meeting at a time, through the real API over the real database: a facilitator cancels one
 * meeting with a reason, undoes it, moves a meeting by hand; a participant declines a published
 * meeting. Every refusal is a 4xx naming what is wrong, and the stored draft reads back unchanged.
 */
import type { Meeting } from '../../scheduling';
import { buildEvent, startTestApp, type TestApp } from '../support';
import { parseCalendar } from './ical';
import { createScheduleWorld, type ScheduleWorld } from './schedule-setup';

interface Draft {
  version: number;
  status: string;
  meetings: Meeting[];
  draftVersion: number;
  publishedVersion: number;
  repair: { change: Record<string, unknown>; reason?: string; declined?: boolean } | null;
}
interface Repaired extends Draft {
  kept: number;
  moved: Meeting[];
  added: Meeting[];
  dropped: Meeting[];
  cancellation?: {
    id: string;
    reason?: string;
    declined?: boolean;
    by?: { role: string };
    meeting?: Meeting;
  };
}
interface Problem {
  status: number;
  code: string;
  detail: string;
  errors: { path: string; message: string }[];
}

const SLOTS = ['09:00', '09:25', '09:50'];
const ROOMS = [
  { id: 'bord-1', name: 'Bord 1' },
  { id: 'bord-2', name: 'Bord 2' },
  { id: 'bord-3', name: 'Bord 3' },
];

let app: TestApp;
let world: ScheduleWorld;
let keys: { startupS1: string; startupS2: string; headA: string; headB: string };
const facilitator = () => ({ key: app.facilitatorKey });

beforeAll(async () => {
  app = await startTestApp();
  world = await createScheduleWorld(app);
  keys = {
    startupS1: await app.createKey({ role: 'startup', startupId: world.startupIds[1] }),
    startupS2: await app.createKey({ role: 'startup', startupId: world.startupIds[2] }),
    headA: await app.createKey({ role: 'development_head', organisationId: world.organisationIds[0] }),
    headB: await app.createKey({ role: 'development_head', organisationId: world.organisationIds[1] }),
  };
});

afterAll(async () => {
  await app.destroy();
});

/**
 * A fresh event of the world's needs and startups: three tables, three slots (09:00, 09:25,
 * 09:50), built with candidates scoring ≥ 0.7. That leaves five pairs: Anna's two needs have four
 * (she can sit in three slots), Johan's need only Occupi Sense; so the draft has free places, and
 * Johan's meeting leaves nothing to refill when it goes.
 */
async function builtEvent(): Promise<{ eventId: string; draft: Draft }> {
  const created = await app.request<{ id: string }>('POST', '/events', {
    ...facilitator(),
    body: buildEvent({
      name: 'Möten en i taget',
      meetingMinutes: 20,
      changeoverMinutes: 5,
      days: [{ date: '2027-03-29', sessions: [{ start: '09:00', end: '10:15' }] }],
      rooms: ROOMS,
      needIds: world.needIds,
      startupIds: world.startupIds,
    }),
  });
  expect(created.status).toBe(201);
  const eventId = created.body.id;
  const built = await app.request<Draft>('POST', `/events/${eventId}/schedule`, {
    ...facilitator(),
    body: { minScore: 0.7 },
  });
  expect(built.status).toBe(201);
  return { eventId, draft: built.body };
}

async function draftOf(eventId: string): Promise<Draft> {
  const response = await app.request<Draft>(
    'GET',
    `/events/${eventId}/schedule?version=draft`,
    facilitator(),
  );
  expect(response.status).toBe(200);
  return response.body;
}

async function publish(eventId: string, draftVersion: number): Promise<void> {
  const published = await app.request('POST', `/events/${eventId}/schedule/publish`, {
    ...facilitator(),
    body: { draftVersion },
  });
  expect(published.status).toBe(200);
}

/** Johan's one meeting (need 3 with Occupi Sense). */
function johansMeeting(draft: Draft): Meeting {
  const meeting = draft.meetings.find(
    (m) => m.needId === world.needIds[2] && m.startupId === world.startupIds[1],
  );
  if (!meeting) throw new Error(`no meeting of need 3 with startup 1 in ${JSON.stringify(draft.meetings)}`);
  return meeting;
}

const place = (m: Pick<Meeting, 'date' | 'start' | 'roomId'>) => `${m.date} ${m.start} ${m.roomId}`;
const byId = (meetings: readonly Meeting[]) => new Map(meetings.map((m) => [m.id, m]));

/** Each meeting of `before` other than `except` is still in `after`, exactly as it was. */
function expectUntouched(before: readonly Meeting[], after: readonly Meeting[], except: readonly string[]) {
  const now = byId(after);
  for (const m of before) if (!except.includes(m.id)) expect(now.get(m.id)).toEqual(m);
}

/** Sends a request that must be refused with `status`, and checks the stored draft did not change. */
async function refused(
  eventId: string,
  method: string,
  path: string,
  options: { key: string; body?: unknown },
  status: number,
): Promise<Problem> {
  const before = await draftOf(eventId);
  const response = await app.request<Problem>(method, path, options);
  expect({ path, status: response.status, type: response.headers.get('content-type') }).toEqual({
    path,
    status,
    type: 'application/problem+json; charset=utf-8',
  });
  const after = await draftOf(eventId);
  expect(after.version).toBe(before.version);
  expect(after.meetings).toEqual(before.meetings);
  return response.body;
}

describe('without a key', () => {
  it('every meeting control answers 401 and the draft stays', async () => {
    const { eventId, draft } = await builtEvent();
    const meeting = johansMeeting(draft);
    for (const [path, body] of [
      [`/events/${eventId}/cancellations`, { kind: 'meeting', meetingId: meeting.id, reason: 'x' }],
      [`/events/${eventId}/meetings/${meeting.id}/decline`, {}],
      [`/events/${eventId}/meetings/${meeting.id}/move`, { start: '09:25' }],
      [`/events/${eventId}/cancellations/any/undo`, undefined],
    ] as const) {
      const before = await draftOf(eventId);
      const response = await app.request('POST', path, { body });
      expect({ path, status: response.status }).toEqual({ path, status: 401 });
      expect(await draftOf(eventId)).toEqual(before);
    }
  });
});

describe('cancelling one meeting', () => {
  it('drops only that meeting with its reason, moves nobody, and later builds keep it cancelled', async () => {
    const { eventId, draft } = await builtEvent();
    const meeting = johansMeeting(draft);
    const repaired = await app.request<Repaired>('POST', `/events/${eventId}/cancellations`, {
      ...facilitator(),
      body: { kind: 'meeting', meetingId: meeting.id, reason: 'Johan är sjuk' },
    });
    expect(repaired.status).toBe(201);
    expect(repaired.body.dropped).toEqual([meeting]);
    expect(repaired.body.moved).toEqual([]);
    expect(repaired.body.kept).toBe(draft.meetings.length - 1);
    expectUntouched(draft.meetings, repaired.body.meetings, [meeting.id]);
    expect(repaired.body.meetings.some((m) => m.id === meeting.id)).toBe(false);
    expect(repaired.body.repair).toMatchObject({ reason: 'Johan är sjuk' });
    expect(repaired.body.cancellation).toMatchObject({
      reason: 'Johan är sjuk',
      by: { role: 'facilitator' },
      meeting,
    });

    const pairings = await app.request<{ cancellations: { id: string; reason: string }[] }>(
      'GET',
      `/events/${eventId}/pairings`,
      facilitator(),
    );
    expect(pairings.body.cancellations).toEqual([
      expect.objectContaining({ id: repaired.body.cancellation?.id, reason: 'Johan är sjuk' }),
    ]);
    const rebuilt = await app.request<Draft>('POST', `/events/${eventId}/schedule`, {
      ...facilitator(),
      body: { minScore: 0.7 },
    });
    expect(rebuilt.body.meetings.some((m) => m.id === meeting.id)).toBe(false);
  });

  it('refuses an unknown meeting, a missing or blank reason and other roles, and stores nothing', async () => {
    const { eventId, draft } = await builtEvent();
    const meeting = johansMeeting(draft);
    const path = `/events/${eventId}/cancellations`;
    const unknown = await refused(
      eventId,
      'POST',
      path,
      { ...facilitator(), body: { kind: 'meeting', meetingId: `${eventId}:nope:nope`, reason: 'x' } },
      404,
    );
    expect(unknown.detail).toContain(`${eventId}:nope:nope`);
    for (const body of [
      { kind: 'meeting', meetingId: meeting.id },
      { kind: 'meeting', meetingId: meeting.id, reason: '   ' },
    ])
      expect(
        (await refused(eventId, 'POST', path, { ...facilitator(), body }, 400)).errors.map((e) => e.path),
      ).toEqual(['reason']);
    expect(
      (
        await refused(
          eventId,
          'POST',
          path,
          { ...facilitator(), body: { kind: 'meeting', meetingId: meeting.id, reason: 'x', extra: 1 } },
          400,
        )
      ).errors.map((e) => e.path),
    ).toEqual(['extra']);
    for (const key of [keys.startupS1, keys.headB])
      await refused(
        eventId,
        'POST',
        path,
        { key, body: { kind: 'meeting', meetingId: meeting.id, reason: 'x' } },
        403,
      );
  });
});

describe('undoing a cancellation', () => {
  it('puts the meeting back at its slot and table while they are free; a second undo is refused', async () => {
    const { eventId, draft } = await builtEvent();
    const meeting = johansMeeting(draft);
    const cancelled = await app.request<Repaired>('POST', `/events/${eventId}/cancellations`, {
      ...facilitator(),
      body: { kind: 'meeting', meetingId: meeting.id, reason: 'Fel tid' },
    });
    expect(cancelled.body.added).toEqual([]); // Johan has no other candidate: nothing refills his place
    const cancellationId = cancelled.body.cancellation?.id ?? '';

    const undone = await app.request<Repaired>(
      'POST',
      `/events/${eventId}/cancellations/${cancellationId}/undo`,
      facilitator(),
    );
    expect(undone.status).toBe(201);
    expect(undone.body.added).toEqual([meeting]);
    expect(undone.body.moved).toEqual([]);
    expect(undone.body.dropped).toEqual([]);
    expect(undone.body.version).toBeGreaterThan(cancelled.body.version);
    expect([...undone.body.meetings].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [...draft.meetings].sort((a, b) => a.id.localeCompare(b.id)),
    );
    const pairings = await app.request<{ cancellations: unknown[] }>(
      'GET',
      `/events/${eventId}/pairings`,
      facilitator(),
    );
    expect(pairings.body.cancellations).toEqual([]);

    const again = await refused(
      eventId,
      'POST',
      `/events/${eventId}/cancellations/${cancellationId}/undo`,
      facilitator(),
      409,
    );
    expect(again.code).toBe('already_undone');
    // The pair is no longer cancelled: the next build schedules it again.
    const rebuilt = await app.request<Draft>('POST', `/events/${eventId}/schedule`, {
      ...facilitator(),
      body: { minScore: 0.7 },
    });
    expect(rebuilt.body.meetings.some((m) => m.id === meeting.id)).toBe(true);
  });

  it('after the table was refilled, refuses naming the meeting that took it, and stores nothing', async () => {
    const { eventId, draft } = await builtEvent();
    const meeting = johansMeeting(draft);
    const cancelled = await app.request<Repaired>('POST', `/events/${eventId}/cancellations`, {
      ...facilitator(),
      body: { kind: 'meeting', meetingId: meeting.id, reason: 'Fel tid' },
    });
    // Anna sits in every slot: her meeting in Johan's slot takes his table by hand.
    const annas = cancelled.body.meetings.find(
      (m) => m.start === meeting.start && m.roomId !== meeting.roomId,
    );
    if (!annas) throw new Error('Anna has no meeting in that slot');
    const moved = await app.request<Repaired>(
      'POST',
      `/events/${eventId}/meetings/${encodeURIComponent(annas.id)}/move`,
      { ...facilitator(), body: { roomId: meeting.roomId } },
    );
    expect(moved.status).toBe(201);
    const problem = await refused(
      eventId,
      'POST',
      `/events/${eventId}/cancellations/${cancelled.body.cancellation?.id ?? ''}/undo`,
      facilitator(),
      409,
    );
    const table = ROOMS.find((r) => r.id === meeting.roomId)?.name ?? '';
    expect(problem.code).toBe('meeting_clash');
    expect(problem.errors).toEqual([
      {
        path: 'roomId',
        message: expect.stringMatching(
          new RegExp(`^${table} is taken then by .+ ↔ .+ \\(${meeting.start}–${meeting.end}, ${table}\\)$`),
        ),
      },
    ]);
  });

  it('after the cancellation’s own repair refilled the table, refuses naming the meeting that took it', async () => {
    // The world's event: two tables, two slots, every pair a candidate: the repair refills at once.
    const built = await app.request<Draft>('POST', `/events/${world.eventId}/schedule`, {
      ...facilitator(),
      body: {},
    });
    const meeting = built.body.meetings[0];
    if (!meeting) throw new Error('no meeting');
    const cancelled = await app.request<Repaired>('POST', `/events/${world.eventId}/cancellations`, {
      ...facilitator(),
      body: { kind: 'meeting', meetingId: meeting.id, reason: 'Krock' },
    });
    const refill = cancelled.body.added.find((m) => place(m) === place(meeting));
    expect(refill).toBeDefined();
    const problem = await refused(
      world.eventId,
      'POST',
      `/events/${world.eventId}/cancellations/${cancelled.body.cancellation?.id ?? ''}/undo`,
      facilitator(),
      409,
    );
    expect(problem.errors).toContainEqual({
      path: 'roomId',
      message: expect.stringContaining(
        `${ROOMS.find((r) => r.id === meeting.roomId)?.name ?? ''} is taken then by`,
      ),
    });
  });

  it('refuses an unknown cancellation, a cancellation of a whole startup, and other roles', async () => {
    const { eventId, draft } = await builtEvent();
    await refused(eventId, 'POST', `/events/${eventId}/cancellations/no-such-id/undo`, facilitator(), 404);
    const whole = await app.request<Repaired>('POST', `/events/${eventId}/cancellations`, {
      ...facilitator(),
      body: { kind: 'startup', startupId: world.startupIds[3] },
    });
    expect(whole.status).toBe(201);
    const notOne = await refused(
      eventId,
      'POST',
      `/events/${eventId}/cancellations/${whole.body.cancellation?.id ?? ''}/undo`,
      facilitator(),
      409,
    );
    expect(notOne.code).toBe('not_undoable');
    const meeting = johansMeeting(draft);
    const cancelled = await app.request<Repaired>('POST', `/events/${eventId}/cancellations`, {
      ...facilitator(),
      body: { kind: 'meeting', meetingId: meeting.id, reason: 'x' },
    });
    for (const key of [keys.startupS1, keys.headB])
      await refused(
        eventId,
        'POST',
        `/events/${eventId}/cancellations/${cancelled.body.cancellation?.id ?? ''}/undo`,
        { key },
        403,
      );
  });
});

describe('moving a meeting by hand', () => {
  /** A slot and table where nobody sits, outside `busySlot`. */
  function freePlace(draft: Draft, busySlot: string): { start: string; roomId: string } {
    for (const start of SLOTS)
      for (const room of ROOMS)
        if (start !== busySlot && !draft.meetings.some((m) => m.start === start && m.roomId === room.id))
          return { start, roomId: room.id };
    throw new Error('no free place');
  }

  it('moves one meeting to a free slot and table, moves nothing else, and the calendar raises its SEQUENCE', async () => {
    const { eventId, draft } = await builtEvent();
    await publish(eventId, draft.version);
    const meeting = johansMeeting(draft);
    const target = freePlace(draft, meeting.start);
    const moved = await app.request<Repaired>('POST', `/events/${eventId}/meetings/${meeting.id}/move`, {
      ...facilitator(),
      body: target,
    });
    expect(moved.status).toBe(201);
    expect(moved.body.moved).toEqual([
      {
        ...meeting,
        ...target,
        end: target.start === '09:25' ? '09:45' : target.start === '09:00' ? '09:20' : '10:10',
      },
    ]);
    expect(moved.body.added).toEqual([]);
    expect(moved.body.dropped).toEqual([]);
    expect(moved.body.kept).toBe(draft.meetings.length - 1);
    expectUntouched(draft.meetings, moved.body.meetings, [meeting.id]);
    expect(moved.body.repair?.change).toMatchObject({ kind: 'move-meeting', meetingId: meeting.id });

    await publish(eventId, moved.body.version);
    const calendar = parseCalendar(
      (await app.request<string>('GET', `/events/${eventId}/schedule.ics`, facilitator())).body,
    );
    expect(calendar.get(`${meeting.id}@matchmaker`)).toMatchObject({
      sequence: 1,
      status: 'CONFIRMED',
      start: new Date(`2027-03-29T${target.start}:00+02:00`).toISOString(),
    });
    for (const other of draft.meetings.filter((m) => m.id !== meeting.id))
      expect(calendar.get(`${other.id}@matchmaker`)).toMatchObject({ sequence: 0, status: 'CONFIRMED' });
  });

  it('refuses a taken table naming the meeting there, and a busy host naming her other meeting', async () => {
    const { eventId, draft } = await builtEvent();
    const johans = johansMeeting(draft);
    const other = draft.meetings.find((m) => m.start !== johans.start);
    if (!other) throw new Error('no meeting in another slot');
    const taken = await refused(
      eventId,
      'POST',
      `/events/${eventId}/meetings/${johans.id}/move`,
      { ...facilitator(), body: { start: other.start, roomId: other.roomId } },
      409,
    );
    const table = ROOMS.find((r) => r.id === other.roomId)?.name ?? '';
    expect(taken.code).toBe('meeting_clash');
    expect(taken.errors).toEqual([
      {
        path: 'roomId',
        message: expect.stringMatching(
          new RegExp(`^${table} is taken then by .+ \\(${other.start}–${other.end}, ${table}\\)$`),
        ),
      },
    ]);

    // Anna sits in every slot, so any of her meetings moved to another slot finds her busy.
    const annas = draft.meetings.find((m) => m.hostId === world.hostEmails[0]);
    if (!annas) throw new Error('Anna has no meeting');
    const target = freePlace(draft, annas.start);
    const busy = await refused(
      eventId,
      'POST',
      `/events/${eventId}/meetings/${annas.id}/move`,
      { ...facilitator(), body: target },
      409,
    );
    expect(busy.errors.map((e) => e.path)).toContain('start');
    expect(busy.errors.map((e) => e.message)).toContainEqual(
      expect.stringMatching(/^Anna Lindqvist \(host\) is busy then in .+ ↔ .+/),
    );
  });

  it('refuses bad input, an unknown meeting and other roles with a 4xx naming the field, storing nothing', async () => {
    const { eventId, draft } = await builtEvent();
    const meeting = johansMeeting(draft);
    const path = `/events/${eventId}/meetings/${meeting.id}/move`;
    const cases: [unknown, number, string][] = [
      [{ start: '09:10' }, 400, 'start'],
      [{ date: '2027-03-30' }, 400, 'date'],
      [{ roomId: 'bord-9' }, 400, 'roomId'],
      [{ start: '9:25' }, 400, 'start'],
      [{}, 400, 'start'],
      [{ start: meeting.start, roomId: meeting.roomId }, 400, 'start'],
      [{ start: '09:25', table: 2 }, 400, 'table'],
    ];
    for (const [body, status, field] of cases) {
      const problem = await refused(eventId, 'POST', path, { ...facilitator(), body }, status);
      expect({ body, paths: problem.errors.map((e) => e.path) }).toEqual({
        body,
        paths: expect.arrayContaining([field]),
      });
    }
    const offGrid = await refused(eventId, 'POST', path, { ...facilitator(), body: { start: '09:10' } }, 400);
    expect(offGrid.errors[0]?.message).toBe(
      '09:10 is not a meeting start on 2027-03-29; the slots start at 09:00, 09:25, 09:50',
    );
    await refused(
      eventId,
      'POST',
      `/events/${eventId}/meetings/${eventId}:nope:nope/move`,
      { ...facilitator(), body: { start: '09:25' } },
      404,
    );
    for (const key of [keys.startupS1, keys.headB])
      await refused(eventId, 'POST', path, { key, body: { start: '09:25' } }, 403);
  });
});

describe('declining a published meeting', () => {
  it('a startup declines its own, a development head her organisation’s, a facilitator any; calendars cancel them', async () => {
    const { eventId, draft } = await builtEvent();
    await publish(eventId, draft.version);
    const johans = johansMeeting(draft);
    const path = (m: Meeting) => `/events/${eventId}/meetings/${m.id}/decline`;

    const byStartup = await app.request<Repaired>('POST', path(johans), {
      key: keys.startupS1,
      body: { reason: 'Vi hinner inte' },
    });
    expect(byStartup.status).toBe(201);
    expect(byStartup.body.dropped).toEqual([johans]);
    expect(byStartup.body.moved).toEqual([]);
    expectUntouched(draft.meetings, byStartup.body.meetings, [johans.id]);
    expect(byStartup.body.repair).toMatchObject({ declined: true, reason: 'Vi hinner inte' });
    expect(byStartup.body.cancellation).toMatchObject({ declined: true, by: { role: 'startup' } });

    const annas = draft.meetings.filter((m) => m.hostId === world.hostEmails[0]);
    const [first, second] = annas;
    if (!first || !second) throw new Error('Anna has fewer than two meetings');
    const byHead = await app.request<Repaired>('POST', path(first), { key: keys.headA });
    expect(byHead.status).toBe(201);
    expect(byHead.body.dropped.map((m) => m.id)).toEqual([first.id]);
    expect(byHead.body.moved).toEqual([]);
    const byFacilitator = await app.request<Repaired>('POST', path(second), { ...facilitator(), body: {} });
    expect(byFacilitator.status).toBe(201);
    expect(byFacilitator.body.moved).toEqual([]);

    await publish(eventId, byFacilitator.body.version);
    const calendar = parseCalendar(
      (await app.request<string>('GET', `/events/${eventId}/schedule.ics`, facilitator())).body,
    );
    for (const m of [johans, first, second])
      expect(calendar.get(`${m.id}@matchmaker`)).toMatchObject({ sequence: 1, status: 'CANCELLED' });
  });

  it('refuses another party’s meeting, an unknown or unpublished meeting, a second decline and bad input, storing nothing', async () => {
    const { eventId, draft } = await builtEvent();
    const johans = johansMeeting(draft);
    const path = (id: string) => `/events/${eventId}/meetings/${id}/decline`;
    // Nothing is published yet.
    await refused(eventId, 'POST', path(johans.id), { key: keys.startupS1 }, 404);
    await publish(eventId, draft.version);
    await refused(eventId, 'POST', path(johans.id), { key: keys.startupS2 }, 403);
    await refused(eventId, 'POST', path(johans.id), { key: keys.headA }, 403);
    await refused(eventId, 'POST', path(`${eventId}:nope:nope`), facilitator(), 404);
    const tooLong = await refused(
      eventId,
      'POST',
      path(johans.id),
      { key: keys.startupS1, body: { reason: 'x'.repeat(501) } },
      400,
    );
    expect(tooLong.errors.map((e) => e.path)).toEqual(['reason']);
    const declined = await app.request('POST', path(johans.id), { key: keys.headB });
    expect(declined.status).toBe(201);
    const twice = await refused(eventId, 'POST', path(johans.id), { key: keys.startupS1 }, 409);
    expect(twice.detail).toContain('no longer in the current draft');
  });
});
