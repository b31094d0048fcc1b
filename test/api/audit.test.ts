import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import { pino } from 'pino';
import { databaseOf, getRepositories, type AuditEntry } from '../../models';
import { createApp } from '../../services/api';
import { principalOfPerson } from '../../services/auth';
import { issueCalendarLink, revokeCalendarLinks } from '../../services/calendars';
import { issueOutcomeLink, openOutcomeLink, recordOutcomeAs } from '../../services/outcomes';
import { invitePerson, issueSignInLink, withdrawInvitation } from '../../services/people';
import { confirmRegistration, requestRegistration } from '../../services/registrations';
import { createMatchesProducer, type MatchesProducer } from '../../services/queue/change.producer';
import { createScheduleWorld, type ScheduleWorld } from '../schedules/schedule-setup';
import {
  buildEvent,
  buildNeed,
  buildOrganisation,
  buildStartup,
  startTestApp,
  type TestApp,
  type TestResponse,
} from '../support';

/** A route as Express lists it: `METHOD /path/:param`. */
type RouteName = string;

interface ListedRoute {
  path: string | RegExp;
  methods: string[] | undefined;
  router: { listRoutes(): ListedRoute[] } | undefined;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function joinPaths(base: string, path: string): string {
  const joined = `${base.replace(/\/$/, '')}/${path.replace(/^\//, '')}`;
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

/** Every POST, PUT, PATCH and DELETE route of the API, walking mounted routers. */
function writeRoutesOf(app: Express): RouteName[] {
  const names: RouteName[] = [];
  const walk = (routes: ListedRoute[], base: string) => {
    for (const route of routes) {
      const path = joinPaths(base, String(route.path));
      if (route.router) walk(route.router.listRoutes(), path);
      for (const method of route.methods ?? [])
        if (WRITE_METHODS.has(method.toUpperCase())) names.push(`${method.toUpperCase()} ${path}`);
    }
  };
  walk((app as unknown as { router: { listRoutes(): ListedRoute[] } }).router.listRoutes(), '/');
  return names;
}

/**
 * Routes that change nothing a facilitator or development head owns, or are no change at all:
 * the log itself refuses every write (405, tested below).
 */
const NOT_AUDITED: Record<RouteName, string> = {
  'POST /audit': 'the audit log refuses writes',
  'PUT /audit': 'the audit log refuses writes',
  'PATCH /audit': 'the audit log refuses writes',
  'DELETE /audit': 'the audit log refuses writes',
};

interface Expected {
  kind: string;
  id: string;
  action: string;
  /** Paths that must be among the entry's changes (withheld or not). */
  paths?: string[];
  /** Paths whose values must be withheld. */
  withheld?: string[];
}

let app: TestApp;
let producer: MatchesProducer;
let world: ScheduleWorld;
let facilitatorKeyId: string;
const state: Record<string, string> = {};
const versions: Record<string, number> = {};

function ok<T>(response: TestResponse<T>, what: string): T {
  if (response.status >= 300) throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

async function call<T = { id: string; version: number }>(
  method: string,
  path: string,
  body?: unknown,
  ifMatch?: number,
): Promise<T> {
  return ok(
    await app.request<T>(method, path, {
      key: app.facilitatorKey,
      ...(body === undefined ? {} : { body }),
      ...(ifMatch === undefined ? {} : { headers: { 'if-match': `"${ifMatch}"` } }),
    }),
    `${method} ${path}`,
  );
}

interface Meeting {
  id: string;
  needId: string;
  startupId: string;
  date: string;
  start: string;
  roomId: string;
}

async function draftMeetings(): Promise<Meeting[]> {
  const draft = await call<{ meetings: Meeting[] }>('GET', `/events/${world.eventId}/schedule?version=draft`);
  return draft.meetings;
}

/** One scenario per audited write route, in an order that leaves each one something to change. */
const SCENARIOS: [RouteName, () => Promise<Expected>][] = [
  [
    'POST /organisations',
    async () => {
      const created = await call('POST', '/organisations', buildOrganisation({ name: 'Revisionsby kommun' }));
      state.organisation = created.id;
      versions.organisation = created.version;
      return { kind: 'organisation', id: created.id, action: 'create', paths: ['name'] };
    },
  ],
  [
    'PATCH /organisations/:id',
    async () => {
      const updated = await call(
        'PATCH',
        `/organisations/${state.organisation}`,
        { name: 'Granskningsby kommun' },
        versions.organisation,
      );
      versions.organisation = updated.version;
      return { kind: 'organisation', id: updated.id, action: 'update', paths: ['name'] };
    },
  ],
  [
    'POST /hosts',
    async () => {
      const host = await call('POST', '/hosts', {
        name: 'Greta Granskare',
        email: 'greta@granskningsby.se',
        phone: '070-111 22 33',
        organisationId: state.organisation,
      });
      state.host = host.id;
      versions.host = host.version;
      return {
        kind: 'host',
        id: host.id,
        action: 'create',
        withheld: ['name', 'email', 'phone'],
        paths: ['organisationId'],
      };
    },
  ],
  [
    'PATCH /hosts/:id',
    async () => {
      const host = await call('PATCH', `/hosts/${state.host}`, { phone: '070-999 88 77' }, versions.host);
      versions.host = host.version;
      return { kind: 'host', id: host.id, action: 'update', withheld: ['phone'] };
    },
  ],
  [
    'POST /needs',
    async () => {
      const need = await call(
        'POST',
        '/needs',
        buildNeed({
          organisationId: state.organisation!,
          title: 'Granskade behov',
          owner: undefined,
          hostId: state.host,
        }),
      );
      state.need = need.id;
      versions.need = need.version;
      return { kind: 'need', id: need.id, action: 'create', paths: ['title', 'hostId'] };
    },
  ],
  [
    'PATCH /needs/:id',
    async () => {
      const need = await call('PATCH', `/needs/${state.need}`, { priority: 5 }, versions.need);
      versions.need = need.version;
      return { kind: 'need', id: need.id, action: 'update', paths: ['priority'] };
    },
  ],
  [
    'POST /startups',
    async () => {
      const startup = await call(
        'POST',
        '/startups',
        buildStartup({ name: 'Revisorn AB', contact: { name: 'Rut Revisor', email: 'rut@revisorn.se' } }),
      );
      state.startup = startup.id;
      versions.startup = startup.version;
      return {
        kind: 'startup',
        id: startup.id,
        action: 'create',
        paths: ['name'],
        withheld: ['contact.name', 'contact.email'],
      };
    },
  ],
  [
    'PATCH /startups/:id',
    async () => {
      const startup = await call('PATCH', `/startups/${state.startup}`, { teamSize: 9 }, versions.startup);
      versions.startup = startup.version;
      return { kind: 'startup', id: startup.id, action: 'update', paths: ['teamSize'] };
    },
  ],
  [
    'POST /startups/:id/review',
    async () => {
      const startup = await call(
        'POST',
        `/startups/${state.startup}/review`,
        { decision: 'approve' },
        versions.startup,
      );
      versions.startup = startup.version;
      return { kind: 'startup', id: startup.id, action: 'review', paths: ['status'] };
    },
  ],
  [
    'POST /events',
    async () => {
      const event = await call(
        'POST',
        '/events',
        buildEvent({ name: 'Granskningsdagen', needIds: [], startupIds: [] }),
      );
      state.event = event.id;
      versions.event = event.version;
      return { kind: 'event', id: event.id, action: 'create', paths: ['name'] };
    },
  ],
  [
    'PATCH /events/:id',
    async () => {
      const event = await call(
        'PATCH',
        `/events/${state.event}`,
        { name: 'Granskningsdagen 2' },
        versions.event,
      );
      return { kind: 'event', id: event.id, action: 'update', paths: ['name'] };
    },
  ],
  [
    'POST /events/:id/enrolments',
    async () => {
      const event = await call('POST', `/events/${state.event}/enrolments`, {
        needIds: [state.need],
        startupIds: [state.startup],
      });
      return { kind: 'event', id: event.id, action: 'enrol', paths: ['needIds', 'startupIds'] };
    },
  ],
  [
    'PUT /events/:id/availability',
    async () => {
      const event = await call<{ id: string; days: { date: string }[] }>('GET', `/events/${state.event}`);
      await call('PUT', `/events/${state.event}/availability`, {
        participantKind: 'host',
        participantId: 'greta@granskningsby.se',
        windows: [{ date: event.days[0]!.date, start: '09:00', end: '10:00' }],
      });
      return { kind: 'event', id: event.id, action: 'set_availability', withheld: ['availability'] };
    },
  ],
  [
    'DELETE /events/:id/availability/:kind/:participantId',
    async () => {
      await call('DELETE', `/events/${state.event}/availability/host/greta@granskningsby.se`);
      return { kind: 'event', id: state.event!, action: 'clear_availability', withheld: ['availability'] };
    },
  ],
  [
    'DELETE /events/:id/enrolments/:kind/:participantId',
    async () => {
      await call('DELETE', `/events/${state.event}/enrolments/startups/${state.startup}`);
      return { kind: 'event', id: state.event!, action: 'unenrol', paths: ['startupIds'] };
    },
  ],
  [
    'POST /events/:id/pins',
    async () => {
      await call('POST', `/events/${world.eventId}/pins`, {
        needId: world.needIds[0],
        startupId: world.startupIds[0],
      });
      return { kind: 'schedule', id: world.eventId, action: 'add_pin', paths: ['request.needId'] };
    },
  ],
  [
    'DELETE /events/:id/pins',
    async () => {
      await call('DELETE', `/events/${world.eventId}/pins`, {
        needId: world.needIds[0],
        startupId: world.startupIds[0],
      });
      return { kind: 'schedule', id: world.eventId, action: 'remove_pin', paths: ['request.startupId'] };
    },
  ],
  [
    'POST /events/:id/bans',
    async () => {
      await call('POST', `/events/${world.eventId}/bans`, {
        needId: world.needIds[2],
        startupId: world.startupIds[3],
      });
      return { kind: 'schedule', id: world.eventId, action: 'add_ban', paths: ['request.needId'] };
    },
  ],
  [
    'DELETE /events/:id/bans',
    async () => {
      await call('DELETE', `/events/${world.eventId}/bans`, {
        needId: world.needIds[2],
        startupId: world.startupIds[3],
      });
      return { kind: 'schedule', id: world.eventId, action: 'remove_ban', paths: ['request.needId'] };
    },
  ],
  [
    'POST /events/:id/schedule',
    async () => {
      // Johan's need has one candidate at 0.7, so declining his meeting leaves nothing to refill its place.
      await call('POST', `/events/${world.eventId}/schedule`, { seed: 7, minScore: 0.7 });
      return {
        kind: 'schedule',
        id: world.eventId,
        action: 'build',
        paths: ['draftVersion', 'request.seed'],
      };
    },
  ],
  [
    'POST /events/:id/schedule/publish',
    async () => {
      await call('POST', `/events/${world.eventId}/schedule/publish`, {});
      return { kind: 'schedule', id: world.eventId, action: 'publish', paths: ['publishedVersion'] };
    },
  ],
  [
    'POST /events/:id/meetings/:meetingId/decline',
    async () => {
      const meeting = (await draftMeetings()).find((m) => m.needId === world.needIds[2]);
      state.declined = meeting!.id;
      await call('POST', `/events/${world.eventId}/meetings/${encodeURIComponent(meeting!.id)}/decline`, {
        reason: 'Sjuk',
      });
      return { kind: 'schedule', id: world.eventId, action: 'decline', paths: ['request.meetingId'] };
    },
  ],
  [
    'POST /events/:id/cancellations/:cancellationId/undo',
    async () => {
      const pairings = await call<{ cancellations: { id: string; meeting?: { id: string } }[] }>(
        'GET',
        `/events/${world.eventId}/pairings`,
      );
      const cancellation = pairings.cancellations.find((c) => c.meeting?.id === state.declined);
      await call('POST', `/events/${world.eventId}/cancellations/${cancellation!.id}/undo`);
      return {
        kind: 'schedule',
        id: world.eventId,
        action: 'undo_cancellation',
        paths: ['request.cancellationId'],
      };
    },
  ],
  [
    'POST /events/:id/cancellations',
    async () => {
      const meetings = await draftMeetings();
      const meeting = meetings.at(-1)!;
      await call('POST', `/events/${world.eventId}/cancellations`, {
        kind: 'meeting',
        meetingId: meeting.id,
        reason: 'Dubbelbokad',
      });
      return {
        kind: 'schedule',
        id: world.eventId,
        action: 'cancel',
        paths: ['request.kind', 'draftVersion'],
      };
    },
  ],
  [
    'POST /events/:id/meetings/:meetingId/move',
    async () => {
      const meetings = await draftMeetings();
      const hostOf = (needId: string) => (needId === world.needIds[2] ? 'B' : 'A');
      const starts = ['09:00', '09:20', '09:40', '13:00', '13:20', '13:40'];
      for (const meeting of meetings)
        for (const start of starts)
          for (const roomId of ['bord-1', 'bord-2']) {
            const at = meetings.filter((m) => m.id !== meeting.id && m.start === start);
            if (start === meeting.start && roomId === meeting.roomId) continue;
            if (at.some((m) => m.roomId === roomId)) continue;
            if (
              at.some((m) => hostOf(m.needId) === hostOf(meeting.needId) || m.startupId === meeting.startupId)
            )
              continue;
            await call('POST', `/events/${world.eventId}/meetings/${encodeURIComponent(meeting.id)}/move`, {
              start,
              roomId,
            });
            return { kind: 'schedule', id: world.eventId, action: 'move', paths: ['request.to'] };
          }
      throw new Error('no free place to move a meeting to');
    },
  ],
  [
    'PUT /events/:id/meetings/:meetingId/outcomes/:side',
    async () => {
      const published = await call<{ meetings: Meeting[] }>(
        'GET',
        `/events/${world.eventId}/schedule?version=published`,
      );
      const meeting = published.meetings[0]!;
      state.meeting = meeting.id;
      const outcome = await call<{ key: string }>(
        'PUT',
        `/events/${world.eventId}/meetings/${encodeURIComponent(meeting.id)}/outcomes/facilitator`,
        { attendance: 'held', interest: 'yes', nextStep: 'pilot_proposal', note: 'Karin ringer 070-123' },
      );
      return {
        kind: 'outcome',
        id: outcome.key,
        action: 'create',
        paths: ['attendance'],
        withheld: ['note'],
      };
    },
  ],
  [
    'POST /pilots',
    async () => {
      const pilot = await call('POST', '/pilots', {
        eventId: world.eventId,
        meetingId: state.meeting,
        budgetKSek: 80,
        start: '2027-05-01',
        end: '2027-09-30',
      });
      state.pilot = pilot.id;
      versions.pilot = pilot.version;
      return { kind: 'pilot', id: pilot.id, action: 'create', paths: ['budgetKSek'] };
    },
  ],
  [
    'PATCH /pilots/:id',
    async () => {
      const pilot = await call('PATCH', `/pilots/${state.pilot}`, { status: 'approved' }, versions.pilot);
      return { kind: 'pilot', id: pilot.id, action: 'update', paths: ['status'] };
    },
  ],
  [
    'POST /matches/rebuild',
    async () => {
      await call('POST', '/matches/rebuild');
      return { kind: 'matches', id: 'all', action: 'rebuild', paths: ['jobId'] };
    },
  ],
  [
    'POST /api-keys',
    async () => {
      const key = await call('POST', '/api-keys', {
        role: 'development_head',
        name: 'Ärendesystem',
        organisationId: state.organisation,
      });
      state.apiKey = key.id;
      return { kind: 'api_key', id: key.id, action: 'create', paths: ['role'], withheld: ['name'] };
    },
  ],
  [
    'DELETE /api-keys/:id',
    async () => {
      await call('DELETE', `/api-keys/${state.apiKey}`);
      return { kind: 'api_key', id: state.apiKey!, action: 'revoke', paths: ['revokedAt'] };
    },
  ],
  [
    'POST /personal-data/export',
    async () => {
      await call('POST', '/personal-data/export', { email: 'greta@granskningsby.se' });
      return { kind: 'data_subject', id: state.host!, action: 'export_personal_data' };
    },
  ],
  [
    'POST /personal-data/erasure',
    async () => {
      await call('POST', '/personal-data/erasure', { email: 'rut@revisorn.se' });
      return {
        kind: 'data_subject',
        id: state.startup!,
        action: 'erase_personal_data',
        paths: ['startupContactsRemoved', 'linksRevoked'],
      };
    },
  ],
  [
    'DELETE /events/:id',
    async () => {
      const event = await call('GET', `/events/${state.event}`);
      await call('DELETE', `/events/${state.event}`, undefined, event.version);
      return { kind: 'event', id: state.event!, action: 'delete', paths: ['name'] };
    },
  ],
  [
    'DELETE /needs/:id',
    async () => {
      await call('DELETE', `/needs/${state.need}`, undefined, versions.need);
      return { kind: 'need', id: state.need!, action: 'delete', paths: ['title'] };
    },
  ],
  [
    'DELETE /startups/:id',
    async () => {
      // The erasure above changed the profile (its contact), so its version is read again.
      const startup = await call('GET', `/startups/${state.startup}`);
      await call('DELETE', `/startups/${state.startup}`, undefined, startup.version);
      return { kind: 'startup', id: state.startup!, action: 'delete', withheld: ['contact.email'] };
    },
  ],
  [
    'DELETE /hosts/:id',
    async () => {
      await call('DELETE', `/hosts/${state.host}`, undefined, versions.host);
      return { kind: 'host', id: state.host!, action: 'delete', withheld: ['email'] };
    },
  ],
  [
    'DELETE /organisations/:id',
    async () => {
      await call('DELETE', `/organisations/${state.organisation}`, undefined, versions.organisation);
      return { kind: 'organisation', id: state.organisation!, action: 'delete', paths: ['name'] };
    },
  ],
];

async function entriesOf(kind: string, id: string): Promise<AuditEntry[]> {
  const page = await call<{ items: AuditEntry[] }>(
    'GET',
    `/audit?recordKind=${kind}&recordId=${encodeURIComponent(id)}&limit=100`,
  );
  return page.items;
}

beforeAll(async () => {
  producer = createMatchesProducer({
    redisUrl: 'redis://127.0.0.1:6379',
    prefix: `test-audit-${randomUUID()}`,
    policy: { attempts: 1, backoffMs: 100 },
    timeoutMs: 5_000,
    listen: false,
  });
  app = await startTestApp({ matchesQueue: producer });
  world = await createScheduleWorld(app);
  // A second session, so a meeting can be moved to a free place.
  const event = await call<{ version: number; days: { date: string; sessions: unknown[] }[] }>(
    'GET',
    `/events/${world.eventId}`,
  );
  await call(
    'PATCH',
    `/events/${world.eventId}`,
    {
      days: [
        {
          date: event.days[0]!.date,
          sessions: [
            { start: '09:00', end: '10:00' },
            { start: '13:00', end: '14:00' },
          ],
        },
      ],
    },
    event.version,
  );
  const keys = await call<{ items: { id: string; prefix: string }[] }>('GET', '/api-keys');
  facilitatorKeyId = keys.items.find((key) => app.facilitatorKey.startsWith(key.prefix))!.id;
}, 180_000);

afterAll(async () => {
  await app.destroy();
  await producer.close();
});

describe('the audit log records every write route', () => {
  it('has a scenario for every POST, PUT, PATCH and DELETE route of the API (a new write route must be audited)', () => {
    const routes = writeRoutesOf(
      createApp({
        db: databaseOf(app.db),
        changes: { publish: async () => undefined },
        logger: pino({ level: 'silent' }),
      }),
    ).filter((route) => !(route in NOT_AUDITED));
    const covered = new Set(SCENARIOS.map(([route]) => route));
    expect(routes.filter((route) => !covered.has(route))).toEqual([]);
    expect([...covered].filter((route) => !routes.includes(route))).toEqual([]);
  });

  it.each(SCENARIOS.map(([route, scenario], index) => [route, scenario, index] as const))(
    '%s appends who, what, when and the changed fields',
    async (_route, scenario) => {
      const before = new Date();
      const expected = await scenario();
      const entries = await entriesOf(expected.kind, expected.id);
      const entry = entries.find((candidate) => candidate.action === expected.action);
      expect(entry).toBeDefined();
      expect(entry!.actor).toMatchObject({ role: 'facilitator', via: 'key', id: facilitatorKeyId });
      expect(new Date(entry!.at).getTime()).toBeGreaterThanOrEqual(before.getTime() - 1_000);
      const paths = entry!.changes.map((change) => change.path);
      for (const path of expected.paths ?? []) {
        expect(paths).toContain(path);
        const change = entry!.changes.find((candidate) => candidate.path === path)!;
        expect(change.withheld).toBeUndefined();
        expect('before' in change || 'after' in change).toBe(true);
      }
      for (const path of expected.withheld ?? [])
        expect(entry!.changes.find((candidate) => candidate.path === path)).toEqual({ path, withheld: true });
      // Personal contact details never reach the log.
      expect(JSON.stringify(entry)).not.toMatch(
        /@granskningsby\.se|@revisorn\.se|070-|Greta|Rut Revisor|Karin/,
      );
    },
  );
});

describe('GET /audit', () => {
  it('shows before and after of an update, and the name of the key that made it', async () => {
    const [entry] = (await entriesOf('organisation', state.organisation!)).filter(
      (e) => e.action === 'update',
    );
    expect(entry!.changes).toContainEqual({
      path: 'name',
      before: 'Revisionsby kommun',
      after: 'Granskningsby kommun',
    });
    expect((entry!.actor as { name?: string }).name).toBe('test facilitator');
  });

  it('filters by actor and by time, newest first, a page at a time', async () => {
    const headKey = await app.createKey({
      role: 'development_head',
      organisationId: world.organisationIds[0],
    });
    const keys = await call<{ items: { id: string; prefix: string }[] }>('GET', '/api-keys');
    const headKeyId = keys.items.find((key) => headKey.startsWith(key.prefix))!.id;
    const from = new Date().toISOString();
    const need = ok(
      await app.request<{ id: string }>('POST', '/needs', {
        key: headKey,
        body: buildNeed({
          organisationId: world.organisationIds[0],
          owner: { name: 'Anna Lindqvist', email: 'anna.lindqvist@tomelilla.se' },
        }),
      }),
      'POST /needs as a development head',
    );
    const byHead = await call<{ items: AuditEntry[]; total: number }>('GET', `/audit?actorId=${headKeyId}`);
    expect(byHead.items.map((e) => [e.action, e.record])).toEqual([
      ['create', { kind: 'need', id: need.id }],
    ]);
    expect(byHead.items[0]!.actor).toMatchObject({ role: 'development_head', via: 'key' });

    const since = await call<{ items: AuditEntry[] }>('GET', `/audit?from=${encodeURIComponent(from)}`);
    expect(since.items.map((e) => e.record.id)).toEqual([need.id]);
    const until = await call<{ items: AuditEntry[] }>(
      'GET',
      `/audit?to=${encodeURIComponent(from)}&limit=100`,
    );
    expect(until.items.some((e) => e.record.id === need.id)).toBe(false);

    const first = await call<{ items: AuditEntry[]; nextPage: number | null; total: number }>(
      'GET',
      '/audit?limit=2',
    );
    const second = await call<{ items: AuditEntry[]; page: number }>(
      'GET',
      `/audit?limit=2&page=${first.nextPage}`,
    );
    expect(first.total).toBeGreaterThan(SCENARIOS.length);
    expect(first.items).toHaveLength(2);
    expect(second.page).toBe(2);
    const times = [...first.items, ...second.items].map((e) => new Date(e.at).getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(new Set([...first.items, ...second.items].map((e) => e.id)).size).toBe(4);
  });

  it('names a bad filter', async () => {
    const response = await app.request<{ errors: { path: string }[] }>(
      'GET',
      '/audit?from=yesterday&actorId=x',
      {
        key: app.facilitatorKey,
      },
    );
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e) => e.path).sort()).toEqual(['actorId', 'from']);
  });

  it('is for facilitators only', async () => {
    const headKey = await app.createKey({
      role: 'development_head',
      organisationId: world.organisationIds[0],
    });
    const startupKey = await app.createKey({ role: 'startup', startupId: world.startupIds[0] });
    for (const key of [headKey, startupKey])
      expect((await app.request('GET', '/audit', { key })).status).toBe(403);
  });

  it('can never be changed through the API: every other method is 405 and nothing changes', async () => {
    const [entry] = (await call<{ items: AuditEntry[] }>('GET', '/audit?limit=1')).items;
    const total = (await call<{ total: number }>('GET', '/audit')).total;
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'])
      for (const path of ['/audit', `/audit/${entry!.id}`]) {
        const response = await app.request<{ code: string }>(method, path, {
          key: app.facilitatorKey,
          body: { action: 'forged' },
        });
        expect([method, path, response.status, response.body.code]).toEqual([
          method,
          path,
          405,
          'method_not_allowed',
        ]);
        expect(response.headers.get('allow')).toBe('GET, HEAD');
      }
    expect((await call<{ total: number }>('GET', '/audit')).total).toBe(total);
    expect((await call<{ items: AuditEntry[] }>('GET', '/audit?limit=1')).items[0]).toEqual(entry);
  });

  it('has no way to change or remove an entry in its repository', () => {
    const repository = getRepositories(app.db).audit;
    expect(Object.keys(repository).sort()).toEqual(['append', 'list', 'listPage']);
  });
});

describe('changes made without an API key are audited too', () => {
  const deps = () => ({
    repos: getRepositories(app.db),
    changes: { publish: async () => undefined },
    logger: pino({ level: 'silent' }),
  });
  /** Personal details the scenarios below use; none may reach the log. */
  const PERSONAL = /Sara Startup|@lumen-analys|Lisa Lumen|Hanna Head|@invited\.se|Ringer 070/;

  async function entryOf(kind: string, id: string, action: string): Promise<AuditEntry> {
    const entry = (await entriesOf(kind, id)).find((candidate) => candidate.action === action);
    if (!entry) throw new Error(`no ${action} entry for ${kind} ${id}`);
    // The actor's name is looked up when the log is read, while the person exists; the entry holds none.
    expect(JSON.stringify({ ...entry, actor: undefined })).not.toMatch(PERSONAL);
    return entry;
  }

  it("an answer through an outcome link (no sign-in): the link's person is the author, via the link", async () => {
    const published = await call<{ meetings: Meeting[] }>(
      'GET',
      `/events/${world.eventId}/schedule?version=published`,
    );
    const meeting = published.meetings[0]!;
    const now = new Date();
    const repos = getRepositories(app.db);
    const issued = await issueOutcomeLink(
      repos,
      {
        eventId: world.eventId,
        meetingId: meeting.id,
        side: 'startup',
        name: 'Sara Startup',
        language: 'sv',
      },
      now,
      now,
    );
    const opened = await openOutcomeLink(repos, issued.secret, now);
    if (!opened.ok) throw new Error(`the outcome link was refused: ${opened.reason}`);
    const answer = { attendance: 'held', interest: 'yes', nextStep: 'demo', note: 'Ringer 070-123' };
    await recordOutcomeAs(deps(), opened.link, answer, new Date());
    const key = `${world.eventId}|${meeting.id}|startup`;
    const created = await entryOf('outcome', key, 'create');
    expect(created.actor).toEqual({ role: 'participant', via: 'link', id: meeting.startupId });
    expect(created.changes).toContainEqual({ path: 'attendance', after: 'held' });
    expect(created.changes).toContainEqual({ path: 'note', withheld: true });

    await recordOutcomeAs(deps(), opened.link, { attendance: 'no_show', absent: ['host'] }, new Date());
    const corrected = await entryOf('outcome', key, 'update');
    expect(corrected.changes).toContainEqual({ path: 'attendance', before: 'held', after: 'no_show' });
  });

  it('a self sign-up: the new person is the author of the profile and of their sign-in record', async () => {
    const repos = getRepositories(app.db);
    const event = await repos.events.findById(world.eventId);
    const now = new Date();
    const requested = await requestRegistration(
      repos,
      event!,
      {
        companyName: 'Lumen Analys AB',
        country: 'SE',
        registrationNumber: '556036-0793',
        contactName: 'Lisa Lumen',
        email: 'lisa@lumen-analys.example',
        website: 'lumen-analys.example',
        consent: 'yes',
        language: 'sv',
      },
      now,
    );
    if (requested.kind !== 'confirm') throw new Error('the sign-up found an existing account');
    const confirmed = await confirmRegistration(deps(), requested.secret, now);
    if (confirmed.ok !== true) throw new Error('the confirmation link was refused');
    const actor = { role: 'startup', via: 'link', id: confirmed.person.id };
    const profile = await entryOf('startup', confirmed.startup.id, 'sign_up');
    expect(profile.actor).toEqual(actor);
    expect(profile.changes).toContainEqual({ path: 'name', after: 'Lumen Analys AB' });
    expect(profile.changes).toContainEqual({ path: 'contact.email', withheld: true });
    const person = await entryOf('person', confirmed.person.id, 'sign_up');
    expect(person.actor).toEqual(actor);
    expect(person.changes).toContainEqual({ path: 'email', withheld: true });
    expect(person.changes).toContainEqual({ path: 'startupId', after: confirmed.startup.id });
  });

  it('a calendar address made and revoked by the signed-in person', async () => {
    const repos = getRepositories(app.db);
    const head = await repos.people.create({
      role: 'startup',
      name: 'Hanna Head',
      email: 'hanna@invited.se',
      language: 'sv',
      startupId: world.startupIds[1],
    });
    await issueCalendarLink(deps(), head!, new Date());
    await issueCalendarLink(deps(), head!, new Date());
    const made = (await entriesOf('person', head!.id)).filter((e) => e.action === 'create_calendar_link');
    expect(made).toHaveLength(2);
    expect(made[0]!.actor).toMatchObject({ role: 'startup', via: 'session', id: head!.id });
    // Newest first: the second address stopped the first.
    expect(made[0]!.changes).toContainEqual({ path: 'calendarLinks.revoked', after: 1 });
    await revokeCalendarLinks(deps(), head!, new Date());
    const revoked = await entryOf('person', head!.id, 'revoke_calendar_links');
    expect(revoked.changes).toEqual([{ path: 'calendarLinks.revoked', after: 1 }]);
  });

  it('an invitation withdrawn because its e-mail could not be queued', async () => {
    const inviter = await getRepositories(app.db).people.create({
      role: 'facilitator',
      name: 'Frida Facilitator',
      email: 'frida@matchmaker.test',
      language: 'sv',
    });
    const principal = principalOfPerson(inviter!);
    const invited = await invitePerson(deps(), principal, {
      role: 'facilitator',
      name: 'Ivar Invited',
      email: 'ivar@invited.se',
      language: 'sv',
    });
    const link = await issueSignInLink(getRepositories(app.db), invited, new Date());
    await withdrawInvitation(deps(), principal, invited, link, new Date());
    expect(await getRepositories(app.db).people.findById(invited.id)).toBeNull();
    const withdrawn = await entryOf('person', invited.id, 'withdraw_invitation');
    expect(withdrawn.actor).toMatchObject({ role: 'facilitator', via: 'session', id: inviter!.id });
    expect(withdrawn.changes).toContainEqual({ path: 'role', before: 'facilitator' });
    expect(withdrawn.changes).toContainEqual({ path: 'email', withheld: true });
  });
});
