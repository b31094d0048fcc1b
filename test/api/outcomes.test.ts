/**
 * What came of published meetings, through the real API over the real database: who records which
 * side, the facilitator's word winning, edits keeping their history, pilots, and bad input (an
 * unknown or unpublished meeting, bad fields) answered with a 4xx naming the field and nothing stored.
 */
import type { Meeting } from '../../scheduling';
import { createScheduleWorld, type ScheduleWorld } from '../schedules/schedule-setup';
import { buildEvent, startTestApp, type TestApp } from '../support';

interface Problem {
  status: number;
  code: string;
  detail: string;
  errors: { path: string; message: string }[];
}
interface OutcomeRecord {
  id: string;
  side: string;
  attendance: string;
  nextStep?: string;
  interest?: string;
  note?: string;
  version: number;
  recordedBy: { role: string; name: string; via: string };
  history: { attendance: string; nextStep?: string; version: number; recordedBy: { role: string } }[];
}
interface MeetingOutcomes {
  meeting: Meeting;
  records: OutcomeRecord[];
  verdict: { attendance: string; absent: string[]; nextStep: string | null; followUp: boolean };
}
interface Pilot {
  id: string;
  needId: string;
  startupId: string;
  organisationId: string;
  status: string;
  budgetKSek: number;
  version: number;
}

let app: TestApp;
let world: ScheduleWorld;
let meetings: Meeting[];
let draftOnlyEvent: { eventId: string; meetingId: string };
let keys: { startup0: string; startup1: string; headA: string; headB: string };
const facilitator = () => ({ key: app.facilitatorKey });
const held = { attendance: 'held', interest: 'yes', nextStep: 'demo', note: 'Demo i april' };

async function buildAndPublish(eventId: string, publish: boolean): Promise<Meeting[]> {
  const built = await app.request<{ meetings: Meeting[]; version: number }>(
    'POST',
    `/events/${eventId}/schedule`,
    {
      ...facilitator(),
      body: {},
    },
  );
  expect(built.status).toBe(201);
  if (publish) {
    const published = await app.request('POST', `/events/${eventId}/schedule/publish`, {
      ...facilitator(),
      body: { draftVersion: built.body.version },
    });
    expect(published.status).toBe(200);
  }
  return built.body.meetings;
}

beforeAll(async () => {
  app = await startTestApp();
  world = await createScheduleWorld(app);
  meetings = await buildAndPublish(world.eventId, true);
  const other = await app.request<{ id: string }>('POST', '/events', {
    ...facilitator(),
    body: buildEvent({
      name: 'Bara utkast',
      days: [{ date: '2027-04-12', sessions: [{ start: '09:00', end: '10:00' }] }],
      rooms: [{ id: 'bord-1', name: 'Bord 1' }],
      needIds: world.needIds,
      startupIds: world.startupIds,
    }),
  });
  const draftMeetings = await buildAndPublish(other.body.id, false);
  draftOnlyEvent = { eventId: other.body.id, meetingId: draftMeetings[0]!.id };
  keys = {
    startup0: await app.createKey({ role: 'startup', startupId: world.startupIds[0] }),
    startup1: await app.createKey({ role: 'startup', startupId: world.startupIds[1] }),
    headA: await app.createKey({ role: 'development_head', organisationId: world.organisationIds[0] }),
    headB: await app.createKey({ role: 'development_head', organisationId: world.organisationIds[1] }),
  };
});

afterAll(async () => {
  await app.destroy();
});

/** A published meeting of `startupIndex` with a need of organisation A (needs 0 and 1) or B (need 2). */
function meetingOf(startupIndex: number, organisation: 'A' | 'B'): Meeting {
  const needs = organisation === 'A' ? world.needIds.slice(0, 2) : world.needIds.slice(2);
  const meeting = meetings.find(
    (m) => m.startupId === world.startupIds[startupIndex] && needs.includes(m.needId),
  );
  if (!meeting) throw new Error(`no meeting of startup ${startupIndex} with organisation ${organisation}`);
  return meeting;
}

function outcomePath(meeting: Pick<Meeting, 'id'>, side: string, eventId = world.eventId): string {
  return `/events/${eventId}/meetings/${encodeURIComponent(meeting.id)}/outcomes/${side}`;
}

async function recordsOf(meeting: Meeting): Promise<MeetingOutcomes> {
  const response = await app.request<{ items: MeetingOutcomes[] }>(
    'GET',
    `/events/${world.eventId}/outcomes?meetingId=${encodeURIComponent(meeting.id)}`,
    facilitator(),
  );
  expect(response.status).toBe(200);
  expect(response.body.items).toHaveLength(1);
  return response.body.items[0]!;
}

async function storedOutcomeCount(): Promise<number> {
  return app.db.collection('outcomes').countDocuments({});
}

describe('who records what', () => {
  it('a startup records its own side of its own meeting, and no other side or meeting', async () => {
    const own = meetingOf(0, 'A');
    const recorded = await app.request<OutcomeRecord>('PUT', outcomePath(own, 'startup'), {
      key: keys.startup0,
      body: held,
    });
    expect(recorded.status).toBe(201);
    expect(recorded.headers.get('etag')).toBe('"1"');
    expect(recorded.body).toMatchObject({
      side: 'startup',
      attendance: 'held',
      nextStep: 'demo',
      version: 1,
    });
    expect(recorded.body.recordedBy).toEqual({ role: 'startup', name: 'test startup', via: 'key' });

    const before = await storedOutcomeCount();
    const hostSide = await app.request<Problem>('PUT', outcomePath(own, 'host'), {
      key: keys.startup0,
      body: held,
    });
    expect(hostSide.status).toBe(403);
    const othersMeeting = meetings.find((m) => m.startupId !== world.startupIds[0])!;
    const notOwn = await app.request<Problem>('PUT', outcomePath(othersMeeting, 'startup'), {
      key: keys.startup0,
      body: held,
    });
    expect(notOwn.status).toBe(403);
    expect(notOwn.body.detail).toMatch(/own meetings/);
    expect(await storedOutcomeCount()).toBe(before);
  });

  it("a development head records the host side of her organisation's meetings only", async () => {
    const ours = meetingOf(0, 'A');
    const recorded = await app.request<OutcomeRecord>('PUT', outcomePath(ours, 'host'), {
      key: keys.headA,
      body: { attendance: 'held', interest: 'maybe', nextStep: 'none' },
    });
    expect(recorded.status).toBe(201);
    expect(recorded.body.recordedBy.role).toBe('development_head');

    const before = await storedOutcomeCount();
    const theirs = await app.request<Problem>('PUT', outcomePath(ours, 'host'), {
      key: keys.headB,
      body: { attendance: 'held', interest: 'no', nextStep: 'none' },
    });
    expect(theirs.status).toBe(403);
    expect(theirs.body.detail).toMatch(/her own organisation/);
    const facilitatorSide = await app.request<Problem>('PUT', outcomePath(ours, 'facilitator'), {
      key: keys.headA,
      body: { attendance: 'held', interest: 'no', nextStep: 'none' },
    });
    expect(facilitatorSide.status).toBe(403);
    expect(await storedOutcomeCount()).toBe(before);

    // Both sides held; the host said none, the startup a demo: the demo is the agreed next step.
    const both = await recordsOf(ours);
    expect(both.verdict).toEqual({
      attendance: 'held',
      absent: [],
      nextStep: 'demo',
      followUp: true,
      recorded: true,
    });
  });

  it("a side's no-show makes the meeting a no-show until the facilitator's record says otherwise", async () => {
    const meeting = meetingOf(1, 'B');
    const noShow = await app.request('PUT', outcomePath(meeting, 'startup'), {
      key: keys.startup1,
      body: { attendance: 'no_show', absent: ['host'] },
    });
    expect(noShow.status).toBe(201);
    await app.request('PUT', outcomePath(meeting, 'host'), {
      key: keys.headB,
      body: { attendance: 'held', interest: 'yes', nextStep: 'pilot_proposal' },
    });
    expect((await recordsOf(meeting)).verdict).toMatchObject({
      attendance: 'no_show',
      absent: ['host'],
      followUp: false,
    });

    const settled = await app.request('PUT', outcomePath(meeting, 'facilitator'), {
      ...facilitator(),
      body: { attendance: 'held', interest: 'yes', nextStep: 'pilot_proposal' },
    });
    expect(settled.status).toBe(201);
    expect((await recordsOf(meeting)).verdict).toMatchObject({
      attendance: 'held',
      absent: [],
      nextStep: 'pilot_proposal',
      followUp: true,
    });
  });

  it('a startup sees only its own meetings among the outcomes', async () => {
    const listed = await app.request<{ items: MeetingOutcomes[] }>(
      'GET',
      `/events/${world.eventId}/outcomes`,
      {
        key: keys.startup1,
      },
    );
    expect(listed.status).toBe(200);
    expect(listed.body.items.length).toBeGreaterThan(0);
    for (const item of listed.body.items) expect(item.meeting.startupId).toBe(world.startupIds[1]);
  });

  it("each side reads its own record and the verdict, never the other side's interest or note", async () => {
    const meeting = meetingOf(1, 'B');
    await app.request('PUT', outcomePath(meeting, 'host'), {
      key: keys.headB,
      body: { attendance: 'held', interest: 'no', nextStep: 'none', note: 'Värdens egen anteckning' },
    });
    await app.request('PUT', outcomePath(meeting, 'startup'), {
      key: keys.startup1,
      body: { attendance: 'held', interest: 'yes', nextStep: 'demo', note: 'Startupens egen anteckning' },
    });
    const read = async (key: { key: string }) => {
      const listed = await app.request<{ items: MeetingOutcomes[] }>(
        'GET',
        `/events/${world.eventId}/outcomes?meetingId=${meeting.id}`,
        key,
      );
      expect(listed.status).toBe(200);
      return listed.body.items[0]!;
    };
    const startupView = await read({ key: keys.startup1 });
    expect(startupView.records.map((record) => record.side)).toEqual(['startup']);
    expect(JSON.stringify(startupView)).not.toContain('Värdens egen anteckning');
    const hostView = await read({ key: keys.headB });
    expect(hostView.records.map((record) => record.side)).toEqual(['host']);
    expect(JSON.stringify(hostView)).not.toContain('Startupens egen anteckning');
    // The verdict is the same for both: it is built from every side's record.
    expect(hostView.verdict).toEqual(startupView.verdict);
    const facilitatorView = await read(facilitator());
    expect(facilitatorView.records.map((record) => record.side).sort()).toEqual(
      expect.arrayContaining(['host', 'startup']),
    );
  });
});

describe('edits keep their history', () => {
  it('a second answer replaces the first, which stays in the history with who gave it and when', async () => {
    const meeting = meetingOf(0, 'A');
    const path = outcomePath(meeting, 'startup');
    const first = await recordsOf(meeting);
    const current = first.records.find((r) => r.side === 'startup')!;

    const stale = await app.request<Problem>('PUT', path, {
      key: keys.startup0,
      headers: { 'if-match': `"${current.version + 5}"` },
      body: { attendance: 'held', interest: 'no', nextStep: 'none' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('version_conflict');

    const edited = await app.request<OutcomeRecord>('PUT', path, {
      key: keys.startup0,
      headers: { 'if-match': `"${current.version}"` },
      body: { attendance: 'held', interest: 'maybe', nextStep: 'follow_up_meeting' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.version).toBe(current.version + 1);
    expect(edited.body).toMatchObject({ interest: 'maybe', nextStep: 'follow_up_meeting' });
    // The note of the first answer was not repeated, so it is gone from the current answer...
    expect(edited.body.note).toBeUndefined();
    // ...and kept, with the rest of that answer, in the history.
    expect(edited.body.history).toHaveLength(1);
    expect(edited.body.history[0]).toMatchObject({
      attendance: 'held',
      interest: 'yes',
      nextStep: 'demo',
      note: 'Demo i april',
      version: current.version,
      recordedBy: { role: 'startup', name: 'test startup', via: 'key' },
    });
    expect(typeof (edited.body.history[0] as { recordedAt?: unknown }).recordedAt).toBe('string');

    const again = await app.request<OutcomeRecord>('PUT', path, {
      key: keys.startup0,
      body: { attendance: 'cancelled_late' },
    });
    expect(again.status).toBe(200);
    expect(again.body.history.map((h) => h.version)).toEqual([1, 2]);
    expect(again.body.nextStep).toBeUndefined();
  });
});

describe('bad input: a clear 4xx naming the field, nothing stored', () => {
  let before: number;
  beforeEach(async () => {
    before = await storedOutcomeCount();
  });
  afterEach(async () => {
    expect(await storedOutcomeCount()).toBe(before);
  });

  it('an unknown meeting is 404 naming meetingId', async () => {
    const response = await app.request<Problem>('PUT', outcomePath({ id: 'no-such-meeting' }, 'host'), {
      ...facilitator(),
      body: held,
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(response.body.errors).toEqual([{ path: 'meetingId', message: expect.any(String) }]);
  });

  it('a meeting only in a draft is 409 meeting_not_published naming meetingId', async () => {
    const response = await app.request<Problem>(
      'PUT',
      outcomePath({ id: draftOnlyEvent.meetingId }, 'host', draftOnlyEvent.eventId),
      { ...facilitator(), body: held },
    );
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('meeting_not_published');
    expect(response.body.errors.map((e) => e.path)).toEqual(['meetingId']);
  });

  it('an unknown event is 404', async () => {
    const response = await app.request<Problem>(
      'PUT',
      outcomePath(meetings[0]!, 'host', '0123456789abcdef01234567'),
      {
        ...facilitator(),
        body: held,
      },
    );
    expect(response.status).toBe(404);
  });

  it('a bad side, attendance, or missing answers are 400 naming each field', async () => {
    const meeting = meetings[0]!;
    const side = await app.request<Problem>('PUT', outcomePath(meeting, 'guest'), {
      ...facilitator(),
      body: held,
    });
    expect(side.status).toBe(400);
    expect(side.body.errors.map((e) => e.path)).toEqual(['side']);

    const missing = await app.request<Problem>('PUT', outcomePath(meeting, 'host'), {
      ...facilitator(),
      body: { attendance: 'held', colour: 'blue' },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('validation_failed');
    expect(missing.body.errors.map((e) => e.path).sort()).toEqual(['colour', 'interest', 'nextStep']);

    const noShow = await app.request<Problem>('PUT', outcomePath(meeting, 'host'), {
      ...facilitator(),
      body: { attendance: 'no_show', nextStep: 'demo' },
    });
    expect(noShow.status).toBe(400);
    expect(noShow.body.errors.map((e) => e.path).sort()).toEqual(['absent', 'nextStep']);

    const wrongValue = await app.request<Problem>('PUT', outcomePath(meeting, 'host'), {
      ...facilitator(),
      body: { attendance: 'maybe', note: 'x'.repeat(1001) },
    });
    expect(wrongValue.status).toBe(400);
    expect(wrongValue.body.errors.map((e) => e.path).sort()).toEqual(['attendance', 'note']);
  });
});

describe('pilots', () => {
  it('a pilot takes its need and startup from the published meeting it came from', async () => {
    const meeting = meetingOf(0, 'A');
    const created = await app.request<Pilot>('POST', '/pilots', {
      key: keys.headA,
      body: {
        eventId: world.eventId,
        meetingId: meeting.id,
        budgetKSek: 80,
        start: '2027-05-01',
        end: '2027-09-30',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      needId: meeting.needId,
      startupId: meeting.startupId,
      organisationId: world.organisationIds[0],
      status: 'proposed',
      budgetKSek: 80,
      version: 1,
    });

    const foreign = await app.request<Problem>('PATCH', `/pilots/${created.body.id}`, {
      key: keys.headB,
      headers: { 'if-match': '"1"' },
      body: { status: 'approved' },
    });
    expect(foreign.status).toBe(404);

    const running = await app.request<Pilot>('PATCH', `/pilots/${created.body.id}`, {
      key: keys.headA,
      headers: { 'if-match': '"1"' },
      body: { status: 'running', learnings: 'Sensorerna fungerade i tre förskolor.' },
    });
    expect(running.status).toBe(200);
    expect(running.body).toMatchObject({ status: 'running', version: 2 });

    const seen = await app.request<{ items: Pilot[] }>('GET', `/pilots?eventId=${world.eventId}`, {
      key: keys.startup0,
    });
    expect(seen.body.items.map((p) => p.id)).toEqual([created.body.id]);
    const unseen = await app.request<{ items: Pilot[] }>('GET', `/pilots?eventId=${world.eventId}`, {
      key: keys.startup1,
    });
    expect(unseen.body.items).toEqual([]);
  });

  it('an unknown or unpublished meeting, bad dates and a stranger organisation are refused; nothing stored', async () => {
    const pilots = () => app.db.collection('pilots').countDocuments({});
    const before = await pilots();
    const base = { eventId: world.eventId, budgetKSek: 50, start: '2027-05-01', end: '2027-06-01' };
    const unknown = await app.request<Problem>('POST', '/pilots', {
      ...facilitator(),
      body: { ...base, meetingId: 'no-such-meeting' },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors.map((e) => e.path)).toEqual(['meetingId']);

    const draftOnly = await app.request<Problem>('POST', '/pilots', {
      ...facilitator(),
      body: { ...base, eventId: draftOnlyEvent.eventId, meetingId: draftOnlyEvent.meetingId },
    });
    expect(draftOnly.status).toBe(400);
    expect(draftOnly.body.errors.map((e) => e.path)).toEqual(['meetingId']);

    const dates = await app.request<Problem>('POST', '/pilots', {
      ...facilitator(),
      body: { ...base, meetingId: meetings[0]!.id, end: '2027-04-01', budgetKSek: -5, status: 'paused' },
    });
    expect(dates.status).toBe(400);
    expect(dates.body.errors.map((e) => e.path).sort()).toEqual(['budgetKSek', 'end', 'status']);

    const backwards = await app.request<Problem>('POST', '/pilots', {
      ...facilitator(),
      body: { ...base, meetingId: meetings[0]!.id, end: '2027-04-01' },
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors.map((e) => e.path)).toEqual(['end']);

    const stranger = await app.request<Problem>('POST', '/pilots', {
      key: keys.headB,
      body: { ...base, meetingId: meetingOf(0, 'A').id },
    });
    expect(stranger.status).toBe(403);
    expect(await pilots()).toBe(before);
  });
});
