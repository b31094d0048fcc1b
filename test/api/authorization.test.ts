import {
  buildEvent,
  buildNeed,
  buildOrganisation,
  buildStartup,
  startTestApp,
  type TestApp,
} from '../support';

/** Who calls: no key, or a key of a role bound to the target's organisation/profile or to another. */
type Who = 'none' | 'facilitator' | 'devHeadOwn' | 'devHeadOther' | 'startupOwn' | 'startupOther';
const WHO: Who[] = ['none', 'facilitator', 'devHeadOwn', 'devHeadOther', 'startupOwn', 'startupOther'];

interface Call {
  method: string;
  path: string;
  body?: unknown;
  /** Sent as If-Match. */
  version?: number;
  /** Overrides the caller's key (e.g. a startup key bound to a profile made for this cell). */
  key?: string;
}

interface Row {
  endpoint: string;
  /** Builds the request for one caller; runs before each cell so writes never disturb later cells. */
  prepare: (who: Who) => Promise<Call>;
  expected: [
    none: number,
    facilitator: number,
    devHeadOwn: number,
    devHeadOther: number,
    startupOwn: number,
    startupOther: number,
  ];
}

let app: TestApp;
const keys = {} as Record<Exclude<Who, 'none'>, string>;
let orgA: string;
let needA: string;
let draftNeedA: string;
let startupOwn: string;
let eventId: string;
const HOST_A = 'karin.berg@vasteras.se';

async function post<T = { id: string; version: number }>(path: string, body: unknown): Promise<T> {
  const response = await app.request<T>('POST', path, { key: app.facilitatorKey, body });
  if (response.status !== 201 && response.status !== 200)
    throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

async function versionOf(path: string): Promise<number> {
  return (await app.request<{ version: number }>('GET', path, { key: app.facilitatorKey })).body.version;
}

beforeAll(async () => {
  app = await startTestApp();
  orgA = (await post('/organisations', buildOrganisation())).id;
  const orgB = (await post('/organisations', buildOrganisation({ name: 'Region Uppsala', kind: 'region' })))
    .id;
  needA = (await post('/needs', buildNeed({ organisationId: orgA, status: 'open' }))).id;
  draftNeedA = (await post('/needs', buildNeed({ organisationId: orgA, status: 'draft' }))).id;
  const needB = (
    await post(
      '/needs',
      buildNeed({ organisationId: orgB, owner: { name: 'Olle Ek', email: 'olle.ek@regionuppsala.se' } }),
    )
  ).id;
  startupOwn = (await post('/startups', buildStartup())).id;
  const startupOther = (await post('/startups', buildStartup({ name: 'Other AB' }))).id;
  eventId = (
    await post('/events', buildEvent({ needIds: [needA, needB], startupIds: [startupOwn, startupOther] }))
  ).id;
  keys.facilitator = app.facilitatorKey;
  keys.devHeadOwn = await app.createKey({ role: 'development_head', organisationId: orgA });
  keys.devHeadOther = await app.createKey({ role: 'development_head', organisationId: orgB });
  keys.startupOwn = await app.createKey({ role: 'startup', startupId: startupOwn });
  keys.startupOther = await app.createKey({ role: 'startup', startupId: startupOther });
});

afterAll(async () => {
  await app.destroy();
});

const rows: Row[] = [
  {
    endpoint: 'GET /organisations',
    prepare: async () => ({ method: 'GET', path: '/organisations' }),
    expected: [401, 200, 200, 200, 200, 200],
  },
  {
    endpoint: 'GET /organisations/:id',
    prepare: async () => ({ method: 'GET', path: `/organisations/${orgA}` }),
    expected: [401, 200, 200, 200, 200, 200],
  },
  {
    endpoint: 'POST /organisations',
    prepare: async () => ({
      method: 'POST',
      path: '/organisations',
      body: buildOrganisation({ name: 'Ny kommun' }),
    }),
    expected: [401, 201, 403, 403, 403, 403],
  },
  {
    endpoint: 'PATCH /organisations/:id',
    prepare: async () => ({
      method: 'PATCH',
      path: `/organisations/${orgA}`,
      body: { name: 'Västerås stad' },
      version: await versionOf(`/organisations/${orgA}`),
    }),
    expected: [401, 200, 403, 403, 403, 403],
  },
  {
    endpoint: 'DELETE /organisations/:id',
    prepare: async () => ({
      method: 'DELETE',
      path: `/organisations/${(await post('/organisations', buildOrganisation({ name: 'Tillfällig' }))).id}`,
      version: 1,
    }),
    expected: [401, 204, 403, 403, 403, 403],
  },
  {
    endpoint: 'GET /needs',
    prepare: async () => ({ method: 'GET', path: '/needs' }),
    expected: [401, 200, 200, 200, 200, 200],
  },
  {
    endpoint: 'GET /needs/:id (open)',
    prepare: async () => ({ method: 'GET', path: `/needs/${needA}` }),
    expected: [401, 200, 200, 200, 200, 200],
  },
  {
    endpoint: 'GET /needs/:id (draft)',
    prepare: async () => ({ method: 'GET', path: `/needs/${draftNeedA}` }),
    expected: [401, 200, 200, 200, 404, 404],
  },
  {
    endpoint: 'POST /needs',
    prepare: async () => ({ method: 'POST', path: '/needs', body: buildNeed({ organisationId: orgA }) }),
    expected: [401, 201, 201, 403, 403, 403],
  },
  {
    endpoint: 'PATCH /needs/:id',
    prepare: async () => ({
      method: 'PATCH',
      path: `/needs/${(await post('/needs', buildNeed({ organisationId: orgA }))).id}`,
      body: { priority: 1 },
      version: 1,
    }),
    expected: [401, 200, 200, 403, 403, 403],
  },
  {
    endpoint: 'DELETE /needs/:id',
    prepare: async () => ({
      method: 'DELETE',
      path: `/needs/${(await post('/needs', buildNeed({ organisationId: orgA }))).id}`,
      version: 1,
    }),
    expected: [401, 204, 204, 403, 403, 403],
  },
  {
    endpoint: 'GET /startups',
    prepare: async () => ({ method: 'GET', path: '/startups' }),
    expected: [401, 200, 200, 200, 403, 403],
  },
  {
    endpoint: 'GET /startups/:id',
    prepare: async () => ({ method: 'GET', path: `/startups/${startupOwn}` }),
    expected: [401, 200, 200, 200, 200, 403],
  },
  {
    endpoint: 'POST /startups',
    prepare: async () => ({
      method: 'POST',
      path: '/startups',
      body: buildStartup({ name: 'Ny startup AB' }),
    }),
    expected: [401, 201, 403, 403, 403, 403],
  },
  {
    endpoint: 'PATCH /startups/:id',
    prepare: async () => ({
      method: 'PATCH',
      path: `/startups/${startupOwn}`,
      body: { teamSize: 13 },
      version: await versionOf(`/startups/${startupOwn}`),
    }),
    expected: [401, 200, 403, 403, 200, 403],
  },
  {
    endpoint: 'DELETE /startups/:id',
    prepare: async (who) => {
      const id = (await post('/startups', buildStartup({ name: 'Kortlivad AB' }))).id;
      // "own" here is a key bound to the very profile being deleted.
      const key = who === 'startupOwn' ? await app.createKey({ role: 'startup', startupId: id }) : undefined;
      return { method: 'DELETE', path: `/startups/${id}`, version: 1, ...(key ? { key } : {}) };
    },
    expected: [401, 204, 403, 403, 403, 403],
  },
  {
    endpoint: 'GET /events',
    prepare: async () => ({ method: 'GET', path: '/events' }),
    expected: [401, 200, 200, 200, 200, 200],
  },
  {
    endpoint: 'GET /events/:id',
    prepare: async () => ({ method: 'GET', path: `/events/${eventId}` }),
    expected: [401, 200, 200, 200, 200, 200],
  },
  {
    endpoint: 'POST /events',
    prepare: async () => ({ method: 'POST', path: '/events', body: buildEvent() }),
    expected: [401, 201, 403, 403, 403, 403],
  },
  {
    endpoint: 'PATCH /events/:id',
    prepare: async () => ({
      method: 'PATCH',
      path: `/events/${eventId}`,
      body: { changeoverMinutes: 5 },
      version: await versionOf(`/events/${eventId}`),
    }),
    expected: [401, 200, 403, 403, 403, 403],
  },
  {
    endpoint: 'DELETE /events/:id',
    prepare: async () => ({
      method: 'DELETE',
      path: `/events/${(await post('/events', buildEvent())).id}`,
      version: 1,
    }),
    expected: [401, 204, 403, 403, 403, 403],
  },
  {
    endpoint: 'POST /events/:id/enrolments',
    prepare: async () => ({
      method: 'POST',
      path: `/events/${eventId}/enrolments`,
      body: { needIds: [needA] },
    }),
    expected: [401, 200, 403, 403, 403, 403],
  },
  {
    endpoint: 'DELETE /events/:id/enrolments/needs/:needId',
    prepare: async () => {
      const id = (await post('/needs', buildNeed({ organisationId: orgA }))).id;
      await post(`/events/${eventId}/enrolments`, { needIds: [id] });
      return { method: 'DELETE', path: `/events/${eventId}/enrolments/needs/${id}` };
    },
    expected: [401, 200, 403, 403, 403, 403],
  },
  {
    endpoint: 'PUT /events/:id/availability (startup)',
    prepare: async () => ({
      method: 'PUT',
      path: `/events/${eventId}/availability`,
      body: {
        participantKind: 'startup',
        participantId: startupOwn,
        windows: [{ date: '2026-03-12', start: '09:00', end: '11:00' }],
      },
    }),
    expected: [401, 200, 403, 403, 200, 403],
  },
  {
    endpoint: 'PUT /events/:id/availability (host)',
    prepare: async () => ({
      method: 'PUT',
      path: `/events/${eventId}/availability`,
      body: {
        participantKind: 'host',
        participantId: HOST_A,
        windows: [{ date: '2026-03-12', start: '13:00', end: '16:00' }],
      },
    }),
    expected: [401, 200, 200, 403, 403, 403],
  },
  {
    endpoint: 'DELETE /events/:id/availability/startup/:id',
    prepare: async () => ({
      method: 'DELETE',
      path: `/events/${eventId}/availability/startup/${startupOwn}`,
    }),
    expected: [401, 200, 403, 403, 200, 403],
  },
  {
    endpoint: 'DELETE /events/:id/availability/host/:email',
    prepare: async () => ({
      method: 'DELETE',
      path: `/events/${eventId}/availability/host/${encodeURIComponent(HOST_A)}`,
    }),
    expected: [401, 200, 200, 403, 403, 403],
  },
  {
    endpoint: 'GET /api-keys',
    prepare: async () => ({ method: 'GET', path: '/api-keys' }),
    expected: [401, 200, 403, 403, 403, 403],
  },
  {
    endpoint: 'POST /api-keys',
    prepare: async () => ({
      method: 'POST',
      path: '/api-keys',
      body: { role: 'development_head', name: 'Ny chef', organisationId: orgA },
    }),
    expected: [401, 201, 403, 403, 403, 403],
  },
  {
    endpoint: 'DELETE /api-keys/:id',
    prepare: async () => ({
      method: 'DELETE',
      path: `/api-keys/${(await post('/api-keys', { role: 'facilitator', name: 'Tillfällig' })).id}`,
    }),
    expected: [401, 204, 403, 403, 403, 403],
  },
];

const cells = rows.flatMap((row) =>
  WHO.map((who, index) => [row.endpoint, who, row.expected[index] as number, row] as const),
);

describe('role × endpoint matrix', () => {
  it.each(cells)('%s as %s → %i', async (_endpoint, who, expected, row) => {
    const call = await row.prepare(who);
    const key = call.key ?? (who === 'none' ? undefined : keys[who]);
    const response = await app.request<{ code?: string }>(call.method, call.path, {
      ...(key === undefined ? {} : { key }),
      ...(call.body === undefined ? {} : { body: call.body }),
      ...(call.version === undefined ? {} : { headers: { 'if-match': `"${call.version}"` } }),
    });
    expect(response.status).toBe(expected);
    if (expected === 401) expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    if (expected === 403) expect(response.body.code).toBe('forbidden');
  });

  it('an unknown key is 401 with WWW-Authenticate, like no key', async () => {
    const response = await app.request<{ code: string }>('GET', '/needs', { key: 'mm_not-a-real-key' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(response.body.code).toBe('unauthenticated');
  });

  it('a startup listing needs sees only open ones, whatever status it asks for', async () => {
    const open = await app.request<{ items: { status: string }[]; total: number }>('GET', '/needs', {
      key: keys.startupOwn,
    });
    expect(open.body.items.length).toBeGreaterThan(0);
    expect(open.body.items.every((need) => need.status === 'open')).toBe(true);
    const drafts = await app.request<{ items: unknown[]; total: number }>('GET', '/needs?status=draft', {
      key: keys.startupOwn,
    });
    expect(drafts.body).toMatchObject({ items: [], total: 0 });
  });

  it('a development head cannot move a need of their organisation to another organisation', async () => {
    const other = (await post('/organisations', buildOrganisation({ name: 'Annan kommun' }))).id;
    const need = await post('/needs', buildNeed({ organisationId: orgA }));
    const response = await app.request('PATCH', `/needs/${need.id}`, {
      key: keys.devHeadOwn,
      headers: { 'if-match': '"1"' },
      body: { organisationId: other },
    });
    expect(response.status).toBe(403);
    expect(
      (await app.request<{ organisationId: string }>('GET', `/needs/${need.id}`, { key: app.facilitatorKey }))
        .body.organisationId,
    ).toBe(orgA);
  });
});
