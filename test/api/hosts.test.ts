import { Types } from 'mongoose';
import { getRepositories, migrateNeedOwnersToHosts } from '../../models';
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
  errors: { path: string; message: string }[];
}

const HOST_A = { name: 'Karin Berg', email: 'karin.berg@vasteras.se' };
const HOST_B = { name: 'Olle Ek', email: 'olle.ek@regionuppsala.se' };
const windows = [{ date: '2026-03-12', start: '09:00', end: '11:00' }];

let app: TestApp;
let orgA: string;
let orgB: string;
let needA: string;
let eventId: string;
let devHeadA: string;
let devHeadB: string;

async function post<T = Stored>(path: string, body: unknown, key = app.facilitatorKey): Promise<T> {
  const response = await app.request<T>('POST', path, { key, body });
  if (response.status !== 201 && response.status !== 200)
    throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

async function availabilityOf(participantId: string): Promise<unknown> {
  const event = await app.request<{ availability: { participantId: string; windows: unknown }[] }>(
    'GET',
    `/events/${eventId}`,
    { key: app.facilitatorKey },
  );
  return event.body.availability.find((entry) => entry.participantId === participantId)?.windows;
}

beforeAll(async () => {
  app = await startTestApp();
  orgA = (await post('/organisations', buildOrganisation())).id;
  orgB = (await post('/organisations', buildOrganisation({ name: 'Region Uppsala', kind: 'region' }))).id;
  needA = (await post('/needs', buildNeed({ organisationId: orgA, owner: HOST_A }))).id;
  const needB = (await post('/needs', buildNeed({ organisationId: orgB, owner: HOST_B }))).id;
  const startup = (await post('/startups', buildStartup())).id;
  eventId = (await post('/events', buildEvent({ needIds: [needA, needB], startupIds: [startup] }))).id;
  devHeadA = await app.createKey({ role: 'development_head', organisationId: orgA });
  devHeadB = await app.createKey({ role: 'development_head', organisationId: orgB });
  const set = await app.request('PUT', `/events/${eventId}/availability`, {
    key: devHeadA,
    body: { participantKind: 'host', participantId: HOST_A.email, windows },
  });
  expect(set.status).toBe(200);
});

afterAll(async () => {
  await app.destroy();
});

describe('hosts are people of one organisation', () => {
  it("a development head cannot claim another organisation's host with a decoy need, nor change that host's availability", async () => {
    const decoy = await app.request<ProblemBody>('POST', '/needs', {
      key: devHeadB,
      body: buildNeed({ organisationId: orgB, owner: { name: 'Decoy', email: HOST_A.email } }),
    });
    expect(decoy.status).toBe(400);
    expect(decoy.body.errors.map((error) => error.path)).toEqual(['owner.email']);

    const put = await app.request('PUT', `/events/${eventId}/availability`, {
      key: devHeadB,
      body: { participantKind: 'host', participantId: HOST_A.email, windows: [] },
    });
    expect(put.status).toBe(403);
    const cleared = await app.request(
      'DELETE',
      `/events/${eventId}/availability/host/${encodeURIComponent(HOST_A.email)}`,
      { key: devHeadB },
    );
    expect(cleared.status).toBe(403);
    expect(await availabilityOf(HOST_A.email)).toEqual(windows);
    const needsOfB = await app.request<{ total: number }>('GET', `/needs?organisationId=${orgB}`, {
      key: app.facilitatorKey,
    });
    expect(needsOfB.body.total).toBe(1);
  });

  it("a need refers to its host by id; another organisation's host id is refused naming hostId", async () => {
    const need = await app.request<Stored & { hostId: string; owner: unknown }>('GET', `/needs/${needA}`, {
      key: app.facilitatorKey,
    });
    expect(need.body.owner).toEqual(HOST_A);
    const host = await app.request<Stored>('GET', `/hosts/${need.body.hostId}`, { key: devHeadA });
    expect(host.body).toMatchObject({ ...HOST_A, organisationId: orgA });

    const foreign = await app.request<ProblemBody>('POST', '/needs', {
      key: devHeadB,
      body: { ...buildNeed({ organisationId: orgB }), owner: undefined, hostId: need.body.hostId },
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors.map((error) => error.path)).toEqual(['hostId']);
    expect((await app.request('GET', `/hosts/${need.body.hostId}`, { key: devHeadB })).status).toBe(404);
  });

  it("hosts are listed and written only by their organisation's development heads and facilitators", async () => {
    const mine = await app.request<{ items: Stored[] }>('GET', '/hosts', { key: devHeadB });
    expect(mine.body.items.map((host) => host.email)).toEqual([HOST_B.email]);
    const forOther = await app.request('POST', '/hosts', {
      key: devHeadB,
      body: { name: 'Eva Ny', email: 'eva.ny@vasteras.se', organisationId: orgA },
    });
    expect(forOther.status).toBe(403);
    const taken = await app.request<ProblemBody>('POST', '/hosts', {
      key: devHeadB,
      body: { name: 'Karin B', email: 'KARIN.BERG@vasteras.se', organisationId: orgB },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.errors.map((error) => error.path)).toEqual(['email']);
    const created = await app.request<Stored>('POST', '/hosts', {
      key: devHeadB,
      body: {
        name: 'Eva Ny',
        email: 'eva.ny@regionuppsala.se',
        phone: '018-611 00 00',
        organisationId: orgB,
      },
    });
    expect(created.status).toBe(201);
    const renamed = await app.request<Stored>('PATCH', `/hosts/${created.body.id}`, {
      key: devHeadB,
      body: { name: 'Eva Nyström' },
      headers: { 'if-match': '"1"' },
    });
    expect(renamed.body).toMatchObject({ name: 'Eva Nyström', version: 2 });
    const need = await post<Stored & { owner: unknown }>(
      '/needs',
      { ...buildNeed({ organisationId: orgB }), owner: undefined, hostId: created.body.id },
      devHeadB,
    );
    expect(need.owner).toEqual({
      name: 'Eva Nyström',
      email: 'eva.ny@regionuppsala.se',
      phone: '018-611 00 00',
    });
    const inUse = await app.request<ProblemBody>('DELETE', `/hosts/${created.body.id}`, {
      key: devHeadB,
      headers: { 'if-match': '"2"' },
    });
    expect(inUse.status).toBe(409);
    expect(inUse.body.code).toBe('host_in_use');
    const lone = await app.request<Stored>('POST', '/hosts', {
      key: devHeadB,
      body: { name: 'Siv Ek', email: 'siv.ek@regionuppsala.se', organisationId: orgB },
    });
    await getRepositories(app.db).people.create({
      role: 'development_head',
      name: 'Siv Ek',
      email: 'siv.ek@regionuppsala.se',
      language: 'sv',
      organisationId: orgB,
      hostId: lone.body.id,
    });
    const signsIn = await app.request<ProblemBody>('DELETE', `/hosts/${lone.body.id}`, {
      key: devHeadB,
      headers: { 'if-match': '"1"' },
    });
    expect(signsIn.status).toBe(409);
    expect(signsIn.body.code).toBe('host_in_use');
    const startupKey = await app.createKey({
      role: 'startup',
      startupId: (await post('/startups', buildStartup({ name: 'X AB' }))).id,
    });
    expect((await app.request('GET', '/hosts', { key: startupKey })).status).toBe(403);
  });
});

describe('migrating the owners stored on needs', () => {
  it('makes a host of the organisation for each stored owner, refers the needs to it, leaves a cross-organisation e-mail alone, and is idempotent', async () => {
    const needs = app.db.collection('needs');
    const orgC = new Types.ObjectId();
    const orgD = new Types.ObjectId();
    const legacy = (organisationId: Types.ObjectId, owner: object) => ({
      ...buildNeed({ organisationId: organisationId.toHexString() }),
      organisationId,
      owner,
      language: 'sv',
      version: 3,
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    const shared = { name: 'Lena Å', email: 'lena@kommun-c.se', phone: '070-000 00 00' };
    const inserted = await needs.insertMany([
      legacy(orgC, shared),
      legacy(orgC, shared),
      legacy(orgD, { name: 'Lena Å', email: 'lena@kommun-c.se' }),
    ]);
    const [first, second, third] = Object.values(inserted.insertedIds).map(String);

    const report = await migrateNeedOwnersToHosts(app.db);
    expect(report).toEqual({
      migrated: 2,
      hostsCreated: 1,
      conflicts: [{ needId: third, email: shared.email }],
    });
    const hosts = getRepositories(app.db).hosts;
    const host = await hosts.findByEmail(shared.email);
    expect(host).toMatchObject({ ...shared, organisationId: orgC.toHexString() });
    const repositories = getRepositories(app.db).needs;
    for (const id of [first, second]) {
      const need = await repositories.findById(String(id));
      expect(need).toMatchObject({ hostId: host?.id, owner: shared, version: 3 });
    }
    expect(await repositories.findById(String(third))).toMatchObject({
      hostId: null,
      owner: { email: shared.email },
    });

    expect(await migrateNeedOwnersToHosts(app.db)).toEqual({
      migrated: 0,
      hostsCreated: 0,
      conflicts: [{ needId: third, email: shared.email }],
    });
  });
});
