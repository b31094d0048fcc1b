import { getRepositories } from '../../models';
import {
  buildEvent,
  buildNeed,
  buildOrganisation,
  buildStartup,
  startTestApp,
  type TestApp,
} from '../support';

interface Stored {
  id: string;
  version: number;
  [field: string]: unknown;
}

interface ProblemBody {
  code: string;
  status: number;
  errors: { path: string; message: string }[];
  currentVersion?: number;
}

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});

afterAll(async () => {
  await app.destroy();
});

async function call<T = Stored>(method: string, path: string, body?: unknown, version?: number) {
  return app.request<T>(method, path, {
    key: app.facilitatorKey,
    ...(body === undefined ? {} : { body }),
    ...(version === undefined ? {} : { headers: { 'if-match': `"${version}"` } }),
  });
}

async function read(path: string): Promise<Stored> {
  const response = await call('GET', path);
  expect(response.status).toBe(200);
  return response.body;
}

describe('organisations', () => {
  it('round-trips create, read, list, update and delete', async () => {
    const created = await call(
      'POST',
      '/organisations',
      buildOrganisation({ name: 'Lunds kommun', municipalityCode: '1281' }),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Lunds kommun',
      kind: 'municipality',
      municipalityCode: '1281',
      version: 1,
    });
    expect(await read(`/organisations/${created.body.id}`)).toEqual(created.body);
    const listed = await call<{ items: Stored[] }>('GET', '/organisations?q=lund');
    expect(listed.body.items.map((organisation) => organisation.id)).toEqual([created.body.id]);
    const updated = await call('PATCH', `/organisations/${created.body.id}`, { kind: 'other' }, 1);
    expect(updated.body).toMatchObject({ kind: 'other', version: 2, name: 'Lunds kommun' });
    expect((await call('DELETE', `/organisations/${created.body.id}`, undefined, 2)).status).toBe(204);
    expect((await call('GET', `/organisations/${created.body.id}`)).status).toBe(404);
  });

  it('rejects a municipality code that is not four digits and an unknown kind, storing nothing', async () => {
    const before = (await call<{ total: number }>('GET', '/organisations')).body.total;
    const response = await call<ProblemBody>(
      'POST',
      '/organisations',
      // An invalid body on purpose: the builders build valid ones.
      { ...buildOrganisation({ municipalityCode: '12' }), kind: 'county' },
    );
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error) => error.path).sort()).toEqual(['kind', 'municipalityCode']);
    expect((await call<{ total: number }>('GET', '/organisations')).body.total).toBe(before);
  });

  it('refuses to delete an organisation that still has needs', async () => {
    const organisation = (await call('POST', '/organisations', buildOrganisation({ name: 'Gävle kommun' })))
      .body;
    const owner = { name: 'Per Holm', email: 'per.holm@gavle.se' };
    expect((await call('POST', '/needs', buildNeed({ organisationId: organisation.id, owner }))).status).toBe(
      201,
    );
    const response = await call<ProblemBody>('DELETE', `/organisations/${organisation.id}`, undefined, 1);
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('organisation_in_use');
    expect(await read(`/organisations/${organisation.id}`)).toEqual(organisation);
  });
});

describe('startups', () => {
  it('round-trips create, read, update and delete, publishing each change', async () => {
    const created = await call('POST', '/startups', buildStartup());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Inspecta AB', language: 'en', version: 1, maxMeetings: 6 });
    const id = created.body.id;
    expect(await read(`/startups/${id}`)).toEqual(created.body);
    const updated = await call(
      'PATCH',
      `/startups/${id}`,
      { tags: ['Inspection', 'GIS'], maxMeetings: 4 },
      1,
    );
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ tags: ['inspection', 'gis'], maxMeetings: 4, version: 2 });
    expect(await read(`/startups/${id}`)).toEqual(updated.body);
    expect((await call('DELETE', `/startups/${id}`, undefined, 2)).status).toBe(204);
    expect((await call('GET', `/startups/${id}`)).status).toBe(404);
    expect(app.changes.changes.filter((change) => change.id === id)).toEqual([
      { kind: 'startup', id, version: 1, deleted: false },
      { kind: 'startup', id, version: 2, deleted: false },
      { kind: 'startup', id, version: 3, deleted: true },
    ]);
  });

  it('detects Swedish profile text', async () => {
    const created = await call(
      'POST',
      '/startups',
      buildStartup({
        name: 'Snölogik AB',
        oneLiner: 'Smart snöröjning för kommuner',
        description:
          'Vi hjälper kommuner att planera snöröjning med data från väderstationer och sensorer på vägarna.',
        offering: 'Tjänst med månadsavgift och en pilot på tre månader',
      }),
    );
    expect(created.body.language).toBe('sv');
  });

  it('filters by spoken language, stage, tag and text', async () => {
    const only = (
      await call(
        'POST',
        '/startups',
        buildStartup({ name: 'Tvåspråkiga Kvarnen', languages: ['sv'], stage: 'growth', tags: ['kvarn'] }),
      )
    ).body;
    for (const query of ['?stage=growth', '?tag=kvarn', '?q=kvarnen']) {
      const listed = await call<{ items: Stored[] }>('GET', `/startups${query}`);
      expect(listed.body.items.map((startup) => startup.id)).toEqual([only.id]);
    }
    const english = await call<{ items: Stored[] }>('GET', '/startups?language=en');
    expect(english.body.items.map((startup) => startup.id)).not.toContain(only.id);
  });

  it.each([
    ['no languages', { languages: [] }, ['languages']],
    ['a negative team size', { teamSize: -1 }, ['teamSize']],
    ['a website that is not http(s)', { website: 'ftp://example.com' }, ['website']],
    [
      'a reference without a year',
      { references: [{ customer: 'Borås stad', summary: 'Pilot' }] },
      ['references.0.year'],
    ],
    ['an unknown stage and field', { stage: 'unicorn', valuation: 1e9 }, ['stage', 'valuation']],
  ])('rejects %s with 400 naming the fields, storing nothing', async (_label, overrides, paths) => {
    const before = (await call<{ total: number }>('GET', '/startups')).body.total;
    const response = await call<ProblemBody>('POST', '/startups', { ...buildStartup(), ...overrides });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error) => error.path).sort()).toEqual([...paths].sort());
    expect((await call<{ total: number }>('GET', '/startups')).body.total).toBe(before);
  });

  it('rejects a stale version with 409 and leaves the profile as it was', async () => {
    const created = (await call('POST', '/startups', buildStartup())).body;
    const response = await call<ProblemBody>('PATCH', `/startups/${created.id}`, { teamSize: 3 }, 5);
    expect(response.status).toBe(409);
    expect(response.body.currentVersion).toBe(1);
    expect(await read(`/startups/${created.id}`)).toEqual(created);
  });
});

describe('events', () => {
  let needId: string;
  let startupId: string;

  beforeAll(async () => {
    const organisationId = (await call('POST', '/organisations', buildOrganisation())).body.id;
    needId = (await call('POST', '/needs', buildNeed({ organisationId }))).body.id;
    startupId = (await call('POST', '/startups', buildStartup())).body.id;
  });

  it('round-trips create with defaults, read, update and delete', async () => {
    const created = await call('POST', '/events', buildEvent());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      timezone: 'Europe/Stockholm',
      meetingMinutes: 20,
      changeoverMinutes: 0,
      needIds: [],
      startupIds: [],
      availability: [],
      version: 1,
    });
    expect(await read(`/events/${created.body.id}`)).toEqual(created.body);
    const updated = await call(
      'PATCH',
      `/events/${created.body.id}`,
      { rooms: [{ id: 'aula', name: 'Aulan' }] },
      1,
    );
    expect(updated.body).toMatchObject({ rooms: [{ id: 'aula', name: 'Aulan' }], version: 2 });
    expect((await call('DELETE', `/events/${created.body.id}`, undefined, 2)).status).toBe(204);
    expect((await call('GET', `/events/${created.body.id}`)).status).toBe(404);
  });

  it.each([
    [
      'a session that ends before it starts',
      { days: [{ date: '2026-03-12', sessions: [{ start: '12:00', end: '09:00' }] }] },
      ['days.0.sessions.0.end'],
    ],
    [
      'a bad time and a bad time zone',
      {
        timezone: 'Mars/Olympus',
        days: [{ date: '2026-03-12', sessions: [{ start: '25:00', end: '26:00' }] }],
      },
      ['timezone', 'days.0.sessions.0.start', 'days.0.sessions.0.end'],
    ],
    [
      'duplicate room ids',
      {
        rooms: [
          { id: 'a', name: 'A' },
          { id: 'a', name: 'B' },
        ],
      },
      ['rooms'],
    ],
    ['an enrolled need that does not exist', { needIds: ['0123456789abcdef01234567'] }, ['needIds.0']],
    [
      'two sessions of a day that overlap',
      {
        days: [
          {
            date: '2026-03-12',
            sessions: [
              { start: '09:00', end: '09:20' },
              { start: '09:10', end: '09:30' },
            ],
          },
        ],
      },
      ['days.0.sessions.1'],
    ],
  ])('rejects %s with 400 naming the fields, storing nothing', async (_label, overrides, paths) => {
    const before = (await call<{ total: number }>('GET', '/events')).body.total;
    const response = await call<ProblemBody>('POST', '/events', buildEvent(overrides));
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error) => error.path).sort()).toEqual([...paths].sort());
    expect((await call<{ total: number }>('GET', '/events')).body.total).toBe(before);
  });

  it('enrols and unenrols needs and startups, keeping each id once', async () => {
    const event = (await call('POST', '/events', buildEvent())).body;
    const enrolled = await call('POST', `/events/${event.id}/enrolments`, {
      needIds: [needId],
      startupIds: [startupId],
    });
    expect(enrolled.status).toBe(200);
    const again = await call('POST', `/events/${event.id}/enrolments`, { needIds: [needId] });
    expect(again.body).toMatchObject({ needIds: [needId], startupIds: [startupId] });
    const removed = await call('DELETE', `/events/${event.id}/enrolments/startups/${startupId}`);
    expect(removed.body).toMatchObject({ needIds: [needId], startupIds: [] });
    expect((await call('DELETE', `/events/${event.id}/enrolments/startups/${startupId}`)).status).toBe(404);
  });

  it('loses no enrolment when several arrive at once', async () => {
    const event = (await call('POST', '/events', buildEvent())).body;
    const startups = await Promise.all(
      [1, 2, 3, 4].map(
        async (n) => (await call('POST', '/startups', buildStartup({ name: `Parallell ${n} AB` }))).body.id,
      ),
    );
    const responses = await Promise.all(
      startups.map((id) => call('POST', `/events/${event.id}/enrolments`, { startupIds: [id] })),
    );
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200]);
    expect(((await read(`/events/${event.id}`)).startupIds as string[]).sort()).toEqual([...startups].sort());
  });

  it('sets, replaces and clears a participant’s availability', async () => {
    const event = (await call('POST', '/events', buildEvent({ needIds: [needId], startupIds: [startupId] })))
      .body;
    const windows = [{ date: '2026-03-12', start: '09:00', end: '10:00' }];
    const set = await call('PUT', `/events/${event.id}/availability`, {
      participantKind: 'startup',
      participantId: startupId,
      windows,
    });
    expect(set.body.availability).toEqual([
      { participantKind: 'startup', participantId: startupId, windows },
    ]);
    const hostWindows = [{ date: '2026-03-12', start: '13:00', end: '15:00' }];
    await call('PUT', `/events/${event.id}/availability`, {
      participantKind: 'host',
      participantId: 'Karin.Berg@Vasteras.se',
      windows: hostWindows,
    });
    const replaced = await call('PUT', `/events/${event.id}/availability`, {
      participantKind: 'startup',
      participantId: startupId,
      windows: [],
    });
    expect(replaced.body.availability).toEqual([
      { participantKind: 'host', participantId: 'karin.berg@vasteras.se', windows: hostWindows },
      { participantKind: 'startup', participantId: startupId, windows: [] },
    ]);
    const cleared = await call('DELETE', `/events/${event.id}/availability/startup/${startupId}`);
    expect(cleared.body.availability).toEqual([
      { participantKind: 'host', participantId: 'karin.berg@vasteras.se', windows: hostWindows },
    ]);
  });

  it('deleting a need or startup takes it out of every event, with the startup’s availability', async () => {
    const organisationId = (await call('POST', '/organisations', buildOrganisation({ name: 'Umeå kommun' })))
      .body.id;
    const need = (
      await call(
        'POST',
        '/needs',
        buildNeed({ organisationId, owner: { name: 'Sara Lind', email: 'sara.lind@umea.se' } }),
      )
    ).body;
    const startup = (await call('POST', '/startups', buildStartup({ name: 'Lämnar AB' }))).body;
    const events = await Promise.all(
      [1, 2].map(
        async () =>
          (
            await call(
              'POST',
              '/events',
              buildEvent({ needIds: [needId, need.id], startupIds: [startupId, startup.id] }),
            )
          ).body,
      ),
    );
    const firstEvent = events[0];
    if (!firstEvent) throw new Error('no event');
    await call('PUT', `/events/${firstEvent.id}/availability`, {
      participantKind: 'startup',
      participantId: startup.id,
      windows: [],
    });

    expect((await call('DELETE', `/needs/${need.id}`, undefined, 1)).status).toBe(204);
    expect((await call('DELETE', `/startups/${startup.id}`, undefined, 1)).status).toBe(204);
    for (const event of events) {
      expect(await read(`/events/${event.id}`)).toMatchObject({
        needIds: [needId],
        startupIds: [startupId],
        availability: [],
      });
    }
  });

  it('rejects availability for someone not enrolled or on a day outside the event, unchanged', async () => {
    const event = (await call('POST', '/events', buildEvent({ startupIds: [startupId] }))).body;
    const notEnrolled = await call<ProblemBody>('PUT', `/events/${event.id}/availability`, {
      participantKind: 'host',
      participantId: 'nobody@example.se',
      windows: [],
    });
    expect(notEnrolled.status).toBe(400);
    expect(notEnrolled.body.errors.map((error) => error.path)).toEqual(['participantId']);
    const wrongDay = await call<ProblemBody>('PUT', `/events/${event.id}/availability`, {
      participantKind: 'startup',
      participantId: startupId,
      windows: [{ date: '2026-03-13', start: '09:00', end: '10:00' }],
    });
    expect(wrongDay.status).toBe(400);
    expect(wrongDay.body.errors.map((error) => error.path)).toEqual(['windows.0.date']);
    expect(await read(`/events/${event.id}`)).toEqual(event);
  });
});

describe('api keys', () => {
  it('issues a key once, lists keys without secrets, and a revoked key stops working', async () => {
    const issued = await call<{ id: string; key: string; prefix: string; role: string }>(
      'POST',
      '/api-keys',
      { role: 'facilitator', name: 'Second facilitator' },
    );
    expect(issued.status).toBe(201);
    expect(issued.body.key).toMatch(/^mm_[A-Za-z0-9_-]{43}$/);
    expect(issued.body.key.startsWith(issued.body.prefix)).toBe(true);
    expect((await app.request('GET', '/needs', { key: issued.body.key })).status).toBe(200);

    const listed = await call<{ items: Record<string, unknown>[] }>('GET', '/api-keys');
    const entry = listed.body.items.find((item) => item.id === issued.body.id);
    expect(entry).toMatchObject({ role: 'facilitator', name: 'Second facilitator' });
    expect(JSON.stringify(listed.body)).not.toContain(issued.body.key);
    expect(listed.body.items.every((item) => !('keyHash' in item) && !('key' in item))).toBe(true);

    expect((await call('DELETE', `/api-keys/${issued.body.id}`)).status).toBe(204);
    expect((await app.request('GET', '/needs', { key: issued.body.key })).status).toBe(401);
  });

  it('refuses a second key with the same hash (unique index)', async () => {
    const apiKeys = getRepositories(app.db).apiKeys;
    const record = {
      role: 'facilitator' as const,
      name: 'Duplicate',
      keyHash: 'ab'.repeat(32),
      prefix: 'mm_dupli',
    };
    await apiKeys.create(record);
    await expect(apiKeys.create(record)).rejects.toMatchObject({ code: 11000 });
  });

  it('stores only the SHA-256 of a key', async () => {
    const issued = (
      await call<{ id: string; key: string }>('POST', '/api-keys', {
        role: 'facilitator',
        name: 'Hash check',
      })
    ).body;
    const raw = await app.db.collection('api_keys').findOne({ name: 'Hash check' });
    const { createHash } = await import('node:crypto');
    expect(raw?.keyHash).toBe(createHash('sha256').update(issued.key).digest('hex'));
    expect(JSON.stringify(raw)).not.toContain(issued.key);
  });

  it('rejects a development head key without an organisation and a startup key for a missing profile', async () => {
    const missingOrganisation = await call<ProblemBody>('POST', '/api-keys', {
      role: 'development_head',
      name: 'Chef',
    });
    expect(missingOrganisation.status).toBe(400);
    expect(missingOrganisation.body.errors.map((error) => error.path)).toEqual(['organisationId']);
    const missingStartup = await call<ProblemBody>('POST', '/api-keys', {
      role: 'startup',
      name: 'X',
      startupId: '0123456789abcdef01234567',
    });
    expect(missingStartup.status).toBe(400);
    expect(missingStartup.body.errors.map((error) => error.path)).toEqual(['startupId']);
  });
});
