import { getRepositories, STALE_CLAIM_MS, VERSION_CLAIMS_COLLECTION } from '../../models';
import { buildNeed, buildOrganisation, startTestApp, type TestApp } from '../support';

interface NeedBody {
  id: string;
  version: number;
  title: string;
  language: string;
  priority: number;
  budgetSek: { min: number; max: number };
  status: string;
  organisationId: string;
  tags: string[];
}

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors: { path: string; message: string }[];
  currentVersion?: number;
}

interface PageBody<T> {
  items: T[];
  total: number;
  page: number;
  limit: number;
  nextPage: number | null;
}

interface CursorPageBody<T> {
  items: T[];
  total: number;
  limit: number;
  nextCursor: string | null;
}

let app: TestApp;
let organisationId: string;

beforeAll(async () => {
  app = await startTestApp();
  organisationId = (await getRepositories(app.db).organisations.create(buildOrganisation() as never)).id;
});

afterAll(async () => {
  await app.destroy();
});

async function createNeed(overrides: Record<string, unknown> = {}): Promise<NeedBody> {
  const response = await app.request<NeedBody>('POST', '/needs', {
    key: app.facilitatorKey,
    body: buildNeed({ organisationId, ...overrides }),
  });
  expect(response.status).toBe(201);
  return response.body;
}

async function readNeed(id: string): Promise<NeedBody> {
  const response = await app.request<NeedBody>('GET', `/needs/${id}`, { key: app.facilitatorKey });
  expect(response.status).toBe(200);
  return response.body;
}

async function countNeeds(): Promise<number> {
  return (await app.request<PageBody<NeedBody>>('GET', '/needs', { key: app.facilitatorKey })).body.total;
}

describe('needs CRUD', () => {
  it('creates, reads, updates and deletes a need, bumping the version and publishing each change', async () => {
    const created = await app.request<NeedBody>('POST', '/needs', {
      key: app.facilitatorKey,
      body: buildNeed({ organisationId }),
    });
    expect(created.status).toBe(201);
    expect(created.body.version).toBe(1);
    expect(created.body.language).toBe('sv');
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.headers.get('location')).toBe(`/needs/${created.body.id}`);
    expect(created.body).not.toHaveProperty('_id');
    expect(created.body).not.toHaveProperty('__v');
    const id = created.body.id;

    expect(await readNeed(id)).toEqual(created.body);

    const patched = await app.request<NeedBody>('PATCH', `/needs/${id}`, {
      key: app.facilitatorKey,
      headers: { 'if-match': '"1"' },
      body: { priority: 1, budgetSek: { min: 0, max: 100 } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      version: 2,
      priority: 1,
      budgetSek: { min: 0, max: 100 },
      title: created.body.title,
    });
    expect(await readNeed(id)).toEqual(patched.body);

    const deleted = await app.request('DELETE', `/needs/${id}`, {
      key: app.facilitatorKey,
      headers: { 'if-match': '2' },
    });
    expect(deleted.status).toBe(204);
    expect((await app.request('GET', `/needs/${id}`, { key: app.facilitatorKey })).status).toBe(404);

    expect(app.changes.changes.filter((change) => change.id === id)).toEqual([
      { kind: 'need', id, version: 1, deleted: false },
      { kind: 'need', id, version: 2, deleted: false },
      { kind: 'need', id, version: 3, deleted: true },
    ]);
  });

  it('detects English when the language is absent and keeps a given language', async () => {
    const english = await createNeed({
      title: 'Smart waste collection routes',
      description:
        'We want to reduce the number of trips our waste trucks make by using sensors in the bins and route planning.',
    });
    expect(english.language).toBe('en');
    const given = await createNeed({ language: 'en' });
    expect(given.language).toBe('en');
  });

  it('answers 404 problem+json for an unknown or malformed id', async () => {
    for (const id of ['000000000000000000000000', 'not-an-id']) {
      const response = await app.request<ProblemBody>('GET', `/needs/${id}`, { key: app.facilitatorKey });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(response.body.code).toBe('not_found');
    }
  });
});

describe('rejected need writes change nothing', () => {
  const invalidCreates: [string, Record<string, unknown>, string[]][] = [
    ['a missing title', { title: undefined }, ['title']],
    ['a wrong type', { priority: 'high' }, ['priority']],
    ['an unknown field', { colour: 'blue', size: 3 }, ['colour', 'size']],
    ['a priority out of range', { priority: 6 }, ['priority']],
    ['a priority of zero', { priority: 0 }, ['priority']],
    ['a budget with min above max', { budgetSek: { min: 900, max: 100 } }, ['budgetSek.max']],
    [
      'a timeframe ending before it starts',
      { timeframe: { start: '2026-05-01', end: '2026-04-01' } },
      ['timeframe.end'],
    ],
    ['an impossible date', { timeframe: { start: '2026-02-30', end: '2026-04-01' } }, ['timeframe.start']],
    ['a bad owner e-mail', { owner: { name: 'Karin', email: 'karin' } }, ['owner.email']],
    ['an unknown status', { status: 'archived' }, ['status']],
    [
      'an organisation that does not exist',
      { organisationId: '0123456789abcdef01234567' },
      ['organisationId'],
    ],
    [
      'several bad fields at once',
      { title: 5, priority: 9, budgetSek: { min: 2, max: 1 }, extra: true },
      ['title', 'priority', 'budgetSek.max', 'extra'],
    ],
  ];

  it.each(invalidCreates)(
    'POST with %s → 400 naming every bad field, nothing stored',
    async (_label, overrides, paths) => {
      const before = await countNeeds();
      const published = app.changes.changes.length;
      const body = buildNeed({ organisationId, ...overrides });
      const response = await app.request<ProblemBody>('POST', '/needs', { key: app.facilitatorKey, body });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 400, code: 'validation_failed', title: 'Bad Request' });
      expect(response.body.errors.map((error) => error.path).sort()).toEqual([...paths].sort());
      expect(await countNeeds()).toBe(before);
      expect(app.changes.changes.length).toBe(published);
    },
  );

  const invalidPatches: [string, Record<string, unknown>, string[]][] = [
    ['a wrong type', { title: 42 }, ['title']],
    ['an unknown field (the version belongs in If-Match)', { version: 1, priority: 2 }, ['version']],
    ['a priority out of range', { priority: 10 }, ['priority']],
    ['a budget with min above max', { budgetSek: { min: 5, max: 1 } }, ['budgetSek.max']],
    ['no fields at all', {}, ['(root)']],
  ];

  it.each(invalidPatches)(
    'PATCH with %s → 400, the stored need is unchanged',
    async (_label, patch, paths) => {
      const need = await createNeed();
      const published = app.changes.changes.length;
      const response = await app.request<ProblemBody>('PATCH', `/needs/${need.id}`, {
        key: app.facilitatorKey,
        headers: { 'if-match': '"1"' },
        body: patch,
      });
      expect(response.status).toBe(400);
      expect(response.body.errors.map((error) => error.path).sort()).toEqual([...paths].sort());
      expect(await readNeed(need.id)).toEqual(need);
      expect(app.changes.changes.length).toBe(published);
    },
  );

  it('PATCH with malformed JSON → 400 malformed_json, unchanged', async () => {
    const need = await createNeed();
    const response = await app.request<ProblemBody>('PATCH', `/needs/${need.id}`, {
      key: app.facilitatorKey,
      headers: { 'if-match': '"1"' },
      body: '{"title": "half',
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('malformed_json');
    expect(await readNeed(need.id)).toEqual(need);
  });

  it('POST with malformed JSON → 400, nothing stored', async () => {
    const before = await countNeeds();
    const response = await app.request<ProblemBody>('POST', '/needs', {
      key: app.facilitatorKey,
      body: '{"title": ',
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('malformed_json');
    expect(await countNeeds()).toBe(before);
  });

  it('PATCH with a stale version → 409 naming the current version, unchanged', async () => {
    const need = await createNeed();
    const moved = await app.request<NeedBody>('PATCH', `/needs/${need.id}`, {
      key: app.facilitatorKey,
      headers: { 'if-match': '"1"' },
      body: { priority: 5 },
    });
    expect(moved.status).toBe(200);
    const stale = await app.request<ProblemBody>('PATCH', `/needs/${need.id}`, {
      key: app.facilitatorKey,
      headers: { 'if-match': '"1"' },
      body: { priority: 1 },
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'version_conflict', currentVersion: 2 });
    expect(await readNeed(need.id)).toEqual(moved.body);
  });

  it('DELETE with a stale version → 409 and the need stays', async () => {
    const need = await createNeed();
    const response = await app.request<ProblemBody>('DELETE', `/needs/${need.id}`, {
      key: app.facilitatorKey,
      headers: { 'if-match': '"7"' },
    });
    expect(response.status).toBe(409);
    expect(response.body.currentVersion).toBe(1);
    expect(await readNeed(need.id)).toEqual(need);
  });

  it('PATCH or DELETE without If-Match → 428, unchanged', async () => {
    const need = await createNeed();
    const patch = await app.request<ProblemBody>('PATCH', `/needs/${need.id}`, {
      key: app.facilitatorKey,
      body: { priority: 1 },
    });
    const remove = await app.request<ProblemBody>('DELETE', `/needs/${need.id}`, { key: app.facilitatorKey });
    expect([patch.status, remove.status]).toEqual([428, 428]);
    expect(patch.body.code).toBe('version_required');
    expect(await readNeed(need.id)).toEqual(need);
  });

  it('a malformed If-Match → 400 naming the header', async () => {
    const need = await createNeed();
    const response = await app.request<ProblemBody>('PATCH', `/needs/${need.id}`, {
      key: app.facilitatorKey,
      headers: { 'if-match': 'latest' },
      body: { priority: 1 },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: 'If-Match', message: expect.any(String) }]);
    expect(await readNeed(need.id)).toEqual(need);
  });
});

describe('concurrent need updates', () => {
  it('two updates with the same version: exactly one succeeds and the other gets 409', async () => {
    const need = await createNeed();
    const [first, second] = await Promise.all(
      [1, 4].map((priority) =>
        app.request<NeedBody & ProblemBody>('PATCH', `/needs/${need.id}`, {
          key: app.facilitatorKey,
          headers: { 'if-match': '"1"' },
          body: { priority },
        }),
      ),
    );
    const statuses = [first?.status, second?.status].sort();
    expect(statuses).toEqual([200, 409]);
    const winner = first?.status === 200 ? first : second;
    const stored = await readNeed(need.id);
    expect(stored.version).toBe(2);
    expect(stored.priority).toBe(winner?.body.priority);
  });

  it('ten racing updates with the same version: exactly one wins', async () => {
    const need = await createNeed();
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        app.request('PATCH', `/needs/${need.id}`, {
          key: app.facilitatorKey,
          headers: { 'if-match': '"1"' },
          body: { title: `Racing title ${index}` },
        }),
      ),
    );
    expect(responses.filter((response) => response.status === 200)).toHaveLength(1);
    expect(responses.filter((response) => response.status === 409)).toHaveLength(9);
    expect((await readNeed(need.id)).version).toBe(2);
  });
});

describe('version claims', () => {
  it('a delete racing an update at the same version: exactly one wins, the loser gets 409 (or 404 once the need is gone)', async () => {
    const need = await createNeed();
    const [update, remove] = await Promise.all([
      app.request('PATCH', `/needs/${need.id}`, {
        key: app.facilitatorKey,
        headers: { 'if-match': '"1"' },
        body: { priority: 3 },
      }),
      app.request('DELETE', `/needs/${need.id}`, { key: app.facilitatorKey, headers: { 'if-match': '"1"' } }),
    ]);
    const winners = [update.status === 200, remove.status === 204].filter(Boolean);
    expect(winners).toHaveLength(1);
    if (update.status === 200) expect(remove.status).toBe(409);
    else expect([404, 409]).toContain(update.status);
    const after = await app.request<NeedBody>('GET', `/needs/${need.id}`, { key: app.facilitatorKey });
    expect(after.status).toBe(update.status === 200 ? 200 : 404);
  });

  it('a writer holding a fresh claim blocks others (409); a claim left by a dead writer is taken over', async () => {
    const need = await createNeed();
    const claims = app.db.collection(VERSION_CLAIMS_COLLECTION);
    const claimId = `needs:${need.id}:2`;
    await claims.insertOne({ _id: claimId as never, claimedAt: new Date() });
    const blocked = await app.request('PATCH', `/needs/${need.id}`, {
      key: app.facilitatorKey,
      headers: { 'if-match': '"1"' },
      body: { priority: 3 },
    });
    expect(blocked.status).toBe(409);
    expect(await readNeed(need.id)).toEqual(need);

    await claims.updateOne(
      { _id: claimId as never },
      { $set: { claimedAt: new Date(Date.now() - STALE_CLAIM_MS - 1_000) } },
    );
    const taken = await app.request<NeedBody>('PATCH', `/needs/${need.id}`, {
      key: app.facilitatorKey,
      headers: { 'if-match': '"1"' },
      body: { priority: 3 },
    });
    expect(taken.status).toBe(200);
    expect(taken.body).toMatchObject({ version: 2, priority: 3 });
    expect(await claims.countDocuments({ _id: claimId as never })).toBe(0);
  });
});

describe('change publishing', () => {
  it('keeps the write and says so in a Warning header when publishing fails', async () => {
    app.changes.failNext();
    const response = await app.request<NeedBody>('POST', '/needs', {
      key: app.facilitatorKey,
      body: buildNeed({ organisationId, title: 'Publishing fails here' }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('warning')).toMatch(/not published/);
    expect(await readNeed(response.body.id)).toEqual(response.body);
    expect(app.changes.changes.some((change) => change.id === response.body.id)).toBe(false);
  });

  it('sends no Warning header when publishing works', async () => {
    const response = await app.request('POST', '/needs', {
      key: app.facilitatorKey,
      body: buildNeed({ organisationId }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('warning')).toBeNull();
  });
});

describe('listing needs', () => {
  let listApp: TestApp;
  let otherOrganisationId: string;

  beforeAll(async () => {
    listApp = await startTestApp();
    const organisations = getRepositories(listApp.db).organisations;
    const home = (await organisations.create(buildOrganisation() as never)).id;
    otherOrganisationId = (
      await organisations.create(buildOrganisation({ name: 'Region Uppsala', kind: 'region' }) as never)
    ).id;
    const bodies = [
      buildNeed({ organisationId: home, title: 'Snöröjning med sensorer', tags: ['vinter'], status: 'open' }),
      buildNeed({ organisationId: home, title: 'Digital skolskjuts', tags: ['skola'], status: 'draft' }),
      buildNeed({
        organisationId: otherOrganisationId,
        owner: { name: 'Olle Ek', email: 'olle.ek@regionuppsala.se' },
        title: 'Remote patient monitoring (a+b)',
        description:
          'We need remote monitoring of patients at home with the help of simple sensors and an app.',
        tags: ['health'],
        status: 'open',
      }),
    ];
    for (const body of bodies)
      expect((await listApp.request('POST', '/needs', { key: listApp.facilitatorKey, body })).status).toBe(
        201,
      );
  });

  afterAll(async () => {
    await listApp.destroy();
  });

  async function titles(query: string): Promise<string[]> {
    const response = await listApp.request<PageBody<NeedBody>>('GET', `/needs${query}`, {
      key: listApp.facilitatorKey,
    });
    expect(response.status).toBe(200);
    return response.body.items.map((need) => need.title).sort();
  }

  it('filters by status, organisation, tag, language and text', async () => {
    expect(await titles('?status=draft')).toEqual(['Digital skolskjuts']);
    expect(await titles(`?organisationId=${otherOrganisationId}`)).toEqual([
      'Remote patient monitoring (a+b)',
    ]);
    expect(await titles('?tag=VINTER')).toEqual(['Snöröjning med sensorer']);
    expect(await titles('?language=en')).toEqual(['Remote patient monitoring (a+b)']);
    expect(await titles('?q=SENSOR')).toEqual(['Remote patient monitoring (a+b)', 'Snöröjning med sensorer']);
    expect(await titles('?ownerEmail=OLLE.EK@regionuppsala.se')).toEqual(['Remote patient monitoring (a+b)']);
  });

  it('treats regex characters in q literally', async () => {
    expect(await titles('?q=' + encodeURIComponent('(a+b)'))).toEqual(['Remote patient monitoring (a+b)']);
    expect(await titles('?q=' + encodeURIComponent('.*'))).toEqual([]);
  });

  it('paginates with limit and page, reporting the total and the next page', async () => {
    const first = await listApp.request<PageBody<NeedBody>>('GET', '/needs?limit=2', {
      key: listApp.facilitatorKey,
    });
    expect(first.body).toMatchObject({ total: 3, page: 1, limit: 2, nextPage: 2 });
    expect(first.body.items).toHaveLength(2);
    const second = await listApp.request<PageBody<NeedBody>>('GET', '/needs?limit=2&page=2', {
      key: listApp.facilitatorKey,
    });
    expect(second.body).toMatchObject({ total: 3, page: 2, nextPage: null });
    expect(second.body.items).toHaveLength(1);
    const ids = [...first.body.items, ...second.body.items].map((need) => need.id);
    expect(new Set(ids).size).toBe(3);
  });

  it('pages by cursor: nextCursor leads through every need once, in id order, with the filters applied', async () => {
    const seen: string[] = [];
    let query = '?limit=2';
    for (let pages = 0; pages < 5; pages += 1) {
      const response = await listApp.request<CursorPageBody<NeedBody>>('GET', `/needs${query}`, {
        key: listApp.facilitatorKey,
      });
      expect(response.status).toBe(200);
      expect(response.body.total).toBe(3);
      seen.push(...response.body.items.map((need) => need.id));
      if (response.body.nextCursor === null) break;
      expect(response.body.nextCursor).toBe(seen[seen.length - 1]);
      query = `?limit=2&cursor=${response.body.nextCursor}`;
    }
    expect(seen).toHaveLength(3);
    expect([...seen].sort()).toEqual(seen);
    const open = await listApp.request<CursorPageBody<NeedBody>>('GET', `/needs?limit=1&status=open`, {
      key: listApp.facilitatorKey,
    });
    const rest = await listApp.request<CursorPageBody<NeedBody>>(
      'GET',
      `/needs?limit=1&status=open&cursor=${open.body.nextCursor}`,
      { key: listApp.facilitatorKey },
    );
    expect(rest.body).toMatchObject({ total: 2, limit: 1, nextCursor: null });
    expect(rest.body).not.toHaveProperty('page');
    expect([...open.body.items, ...rest.body.items].map((need) => need.status)).toEqual(['open', 'open']);
  });

  it('a cursor whose need was deleted still leads to the needs after it', async () => {
    const organisationId = (
      await getRepositories(listApp.db).organisations.create(
        buildOrganisation({ name: 'Kiruna kommun' }) as never,
      )
    ).id;
    const created: NeedBody[] = [];
    for (const title of ['Isbana vid skolan', 'Snösmältning med spillvärme', 'Pulkabacke med belysning'])
      created.push(
        (
          await listApp.request<NeedBody>('POST', '/needs', {
            key: listApp.facilitatorKey,
            body: buildNeed({
              organisationId,
              title,
              owner: { name: 'Aino Kivi', email: 'aino.kivi@kiruna.se' },
            }),
          })
        ).body,
      );
    const [, gone, after] = created as [NeedBody, NeedBody, NeedBody];
    const deleted = await listApp.request('DELETE', `/needs/${gone.id}`, {
      key: listApp.facilitatorKey,
      headers: { 'if-match': '"1"' },
    });
    expect(deleted.status).toBe(204);
    const next = await listApp.request<CursorPageBody<NeedBody>>(
      'GET',
      `/needs?organisationId=${organisationId}&cursor=${gone.id}`,
      { key: listApp.facilitatorKey },
    );
    expect(next.body.items.map((need) => need.id)).toEqual([after.id]);
  });

  it('refuses page and cursor together, and a cursor that is not a need id, with 400 naming cursor', async () => {
    for (const query of ['?page=2&cursor=0123456789abcdef01234567', '?cursor=page-2']) {
      const response = await listApp.request<ProblemBody>('GET', `/needs${query}`, {
        key: listApp.facilitatorKey,
      });
      expect(response.status).toBe(400);
      expect(response.body.errors.map((error) => error.path)).toEqual(['cursor']);
    }
  });

  it('rejects a limit above 100 and unknown enum values with 400 naming the parameter', async () => {
    const response = await listApp.request<ProblemBody>('GET', '/needs?limit=101&status=archived', {
      key: listApp.facilitatorKey,
    });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error) => error.path).sort()).toEqual(['limit', 'status']);
  });
});
