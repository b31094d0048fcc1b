import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { getConfig } from '../../config';
import { getRepositories } from '../../models';
import { READ_MODEL_MAX_AGE_MS, redisGenerations } from '../../services/read-models';
import {
  buildNeed,
  buildOrganisation,
  buildStartup,
  startTestApp,
  testDatabaseName,
  type TestApp,
} from '../support';
import { until } from '../support/until';

/**
 * The API's read models (services/read-models) on two API processes over one database and one
 * Redis: a write through either is seen by the next read on both; a write that bumps no generation
 * (made outside the API) within READ_MODEL_MAX_AGE_MS.
 */
const prefix = `test-read-model-${randomUUID()}`;
let redis: Redis;
let first: TestApp;
let second: TestApp;

interface NeedBody {
  id: string;
  title: string;
  version: number;
  owner: { name: string; email: string };
  hostId: string | null;
}

beforeAll(async () => {
  redis = new Redis(getConfig().REDIS_URL);
  const dbName = testDatabaseName();
  const shared = () => ({ dbName, generations: redisGenerations(redis, prefix, () => undefined) });
  first = await startTestApp(shared());
  second = await startTestApp(shared());
});

afterAll(async () => {
  await second.stop();
  await first.destroy();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

async function organisation(name: string): Promise<string> {
  const response = await first.request<{ id: string }>('POST', '/organisations', {
    key: first.facilitatorKey,
    body: buildOrganisation({ name }),
  });
  return response.body.id;
}

async function titlesOn(app: TestApp, organisationId: string): Promise<string[]> {
  const response = await app.request<{ items: NeedBody[] }>(
    'GET',
    `/needs?organisationId=${organisationId}`,
    {
      key: first.facilitatorKey,
    },
  );
  expect(response.status).toBe(200);
  return response.body.items.map((need) => need.title);
}

describe('read models on two API processes', () => {
  it('a need written on one process is in the next read on the other (list and one need), after each write', async () => {
    const organisationId = await organisation('Ale kommun');
    // Both processes hold a copy first, so a stale one would show.
    expect(await titlesOn(first, organisationId)).toEqual([]);
    expect(await titlesOn(second, organisationId)).toEqual([]);
    const created = await first.request<NeedBody>('POST', '/needs', {
      key: first.facilitatorKey,
      body: buildNeed({ organisationId, title: 'Laddplatser vid förskolor' }),
    });
    expect(created.status).toBe(201);
    expect(await titlesOn(second, organisationId)).toEqual(['Laddplatser vid förskolor']);

    const patched = await second.request<NeedBody>('PATCH', `/needs/${created.body.id}`, {
      key: first.facilitatorKey,
      headers: { 'if-match': '"1"' },
      body: { title: 'Laddplatser vid skolor' },
    });
    expect(patched.status).toBe(200);
    const read = await first.request<NeedBody>('GET', `/needs/${created.body.id}`, {
      key: first.facilitatorKey,
    });
    expect(read.body).toMatchObject({ title: 'Laddplatser vid skolor', version: 2 });
    expect(read.headers.get('etag')).toBe('"2"');

    // A host's new name is the owner of its needs at once (needs are read with their host).
    const hostId = read.body.hostId as string;
    const renamed = await second.request('PATCH', `/hosts/${hostId}`, {
      key: first.facilitatorKey,
      headers: { 'if-match': '"1"' },
      body: { name: 'Karin Berg-Lind' },
    });
    expect(renamed.status).toBe(200);
    const owner = await first.request<NeedBody>('GET', `/needs/${created.body.id}`, {
      key: first.facilitatorKey,
    });
    expect(owner.body.owner.name).toBe('Karin Berg-Lind');

    const removed = await first.request('DELETE', `/needs/${created.body.id}`, {
      key: first.facilitatorKey,
      headers: { 'if-match': '"2"' },
    });
    expect(removed.status).toBe(204);
    expect(await titlesOn(second, organisationId)).toEqual([]);
    expect(
      (await second.request('GET', `/needs/${created.body.id}`, { key: first.facilitatorKey })).status,
    ).toBe(404);
  });

  it('a profile changed on one process is read changed on the other at once', async () => {
    const created = await first.request<{ id: string }>('POST', '/startups', {
      key: first.facilitatorKey,
      body: buildStartup({ name: 'Snöklok AB' }),
    });
    const path = `/startups/${created.body.id}`;
    expect(
      (await second.request<{ name: string }>('GET', path, { key: first.facilitatorKey })).body.name,
    ).toBe('Snöklok AB');
    const patched = await first.request('PATCH', path, {
      key: first.facilitatorKey,
      headers: { 'if-match': '"1"' },
      body: { name: 'Snöklokare AB' },
    });
    expect(patched.status).toBe(200);
    const read = await second.request<{ name: string; version: number }>('GET', path, {
      key: first.facilitatorKey,
    });
    expect(read.body).toMatchObject({ name: 'Snöklokare AB', version: 2 });
    const matches = await second.request<{ version: number; stale: boolean }>('GET', `${path}/matches`, {
      key: first.facilitatorKey,
    });
    expect(matches.body).toMatchObject({ version: 2, stale: true });
  });

  it('a revoked key is refused at once on the other process, though it was just used there', async () => {
    const key = await first.createKey({ role: 'facilitator' });
    expect((await second.request('GET', '/needs', { key })).status).toBe(200);
    const keys = await first.request<{ items: { id: string; prefix: string }[] }>('GET', '/api-keys', {
      key: first.facilitatorKey,
    });
    const id = keys.body.items.find((item) => key.startsWith(item.prefix))?.id;
    const revoked = await first.request('DELETE', `/api-keys/${id}`, { key: first.facilitatorKey });
    expect(revoked.status).toBe(204);
    expect((await second.request('GET', '/needs', { key })).status).toBe(401);
  });

  it('a need stored outside the API (no generation bumped) is read within the stated bound', async () => {
    const organisationId = await organisation('Bjuvs kommun');
    expect(await titlesOn(second, organisationId)).toEqual([]);
    const host = await getRepositories(first.db).hosts.create({
      name: 'Per Ek',
      email: `per.ek.${randomUUID()}@bjuv.se`,
      organisationId,
    });
    const stored = Date.now();
    await getRepositories(first.db).needs.create({
      ...buildNeed({ organisationId, title: 'Belysning i parker' }),
      hostId: host.id,
      language: 'sv',
    } as never);
    await until(
      'the need stored outside the API',
      async () => ((await titlesOn(second, organisationId)).length === 1 ? true : undefined),
      10_000,
    );
    // The bound plus one reload on a busy machine.
    expect(Date.now() - stored).toBeLessThan(READ_MODEL_MAX_AGE_MS + 3_000);
  });
});
