import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import mongoose, { type Connection } from 'mongoose';
import { pino } from 'pino';
import { getConfig } from '../../config';
import { databaseOf, getRepositories } from '../../models';
import { createApp } from '../../services/api';
import { ignoreChanges } from '../../services/changes';
import {
  noticeRankingWrites,
  PROFILE_VERSIONS_MAX_AGE_MS,
  READ_MODEL_MAX_AGE_MS,
  redisGenerations,
} from '../../services/read-models';
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
 * What a match list reads from the database, counted with the driver's command monitoring on a
 * second API process (`watched`) beside a test app (`first`), both over one database and one
 * Redis: a profile's list is answered from the read models (every profile's version kept, not
 * each profile read), a profile written through either process is in the next list of both, one
 * written outside the API within the stated bound, and a key past its maximum age is read once
 * however many requests carry it at that moment.
 */
const prefix = `test-match-list-reads-${randomUUID()}`;
let redis: Redis;
let first: TestApp;
let conn: Connection;
let server: Server;
let watchedUrl: string;
/** Every `find` the watched process sent since the last {@link forget}: collection and filter. */
let finds: { collection: string; filter: Record<string, unknown> }[] = [];

beforeAll(async () => {
  redis = new Redis(getConfig().REDIS_URL);
  const dbName = testDatabaseName();
  const generations = () => redisGenerations(redis, prefix, () => undefined);
  first = await startTestApp({ dbName, generations: generations() });
  conn = await mongoose
    .createConnection(getConfig().MONGODB_URI, { dbName, autoIndex: false, monitorCommands: true })
    .asPromise();
  conn.getClient().on('commandStarted', (event) => {
    if (event.commandName !== 'find') return;
    const command = event.command as { find: string; filter?: Record<string, unknown> };
    finds.push({ collection: command.find, filter: command.filter ?? {} });
  });
  const app = createApp({
    db: databaseOf(conn),
    changes: ignoreChanges,
    logger: pino({ level: 'silent' }),
    rateLimitPerMinute: 100_000,
    authFailuresPerMinute: 100_000,
    generations: generations(),
  });
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  watchedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await conn.close();
  await first.destroy();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

function forget(): void {
  finds = [];
}

/** A GET on the watched process: status and JSON body. */
async function watched<T>(path: string, key = first.facilitatorKey): Promise<{ status: number; body: T }> {
  const response = await fetch(`${watchedUrl}${path}`, { headers: { authorization: `Bearer ${key}` } });
  return { status: response.status, body: (await response.json()) as T };
}

async function createStartup(name: string): Promise<string> {
  const created = await first.request<{ id: string }>('POST', '/startups', {
    key: first.facilitatorKey,
    body: buildStartup({ name }),
  });
  expect(created.status).toBe(201);
  return created.body.id;
}

interface StartupList {
  startupId: string;
  version: number;
  stale: boolean;
}

describe('match lists from the read models', () => {
  it('a profile’s match list reads no profile from the database: every profile’s version is kept', async () => {
    const ids: string[] = [];
    for (let n = 1; n <= 8; n += 1) ids.push(await createStartup(`Lista ${n} AB`));
    const [opener, ...rest] = ids as [string, ...string[]];
    expect((await watched<StartupList>(`/startups/${opener}/matches`)).status).toBe(200);
    forget();
    for (const id of rest) {
      const list = await watched<StartupList>(`/startups/${id}/matches`);
      expect(list).toMatchObject({ status: 200, body: { startupId: id, version: 1 } });
    }
    // Profiles the process had not read before: none of them is looked up by id.
    expect(finds.filter((find) => find.collection === 'startups' && '_id' in find.filter)).toEqual([]);
  });

  it('in the steady state a profile’s match list reads no applied version by id: one scan per reload for age', async () => {
    const ids: string[] = [];
    for (let n = 1; n <= 6; n += 1) ids.push(await createStartup(`Tillämpad ${n} AB`));
    // The workers' ranking store, with the generation bump the worker process wraps it in.
    const rankings = noticeRankingWrites(
      getRepositories(first.db).rankings,
      redisGenerations(redis, prefix, () => undefined),
    );
    await rankings.writeApplied(
      0,
      ids.map((startupId) => ({ startupId, appliedVersion: 1, deleted: false, modelVersion: 'test' })),
    );
    const [opener, next, ...rest] = ids as [string, string, ...string[]];
    expect(await watched<StartupList>(`/startups/${opener}/matches`)).toMatchObject({ status: 200 });
    // Past the maximum age with no generation moved: the next list's reload is one for age.
    await new Promise((resolve) => setTimeout(resolve, READ_MODEL_MAX_AGE_MS + 100));
    expect(await watched<StartupList>(`/startups/${next}/matches`)).toMatchObject({ status: 200 });
    forget();
    for (const id of rest)
      expect(
        await watched<StartupList & { appliedVersion: number }>(`/startups/${id}/matches`),
      ).toMatchObject({
        status: 200,
        body: { appliedVersion: 1, stale: false },
      });
    expect(finds.filter((find) => find.collection === 'recompute_state' && '_id' in find.filter)).toEqual([]);
  });

  it('a profile created, changed or deleted through either process is in the next match list of both', async () => {
    const id = await createStartup('Ny profil AB');
    const path = `/startups/${id}/matches`;
    expect(await watched<StartupList>(path)).toMatchObject({ status: 200, body: { version: 1 } });
    const patched = await fetch(`${watchedUrl}/startups/${id}`, {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${first.facilitatorKey}`,
        'content-type': 'application/json',
        'if-match': '"1"',
      },
      body: JSON.stringify({ oneLiner: 'Ändrad på den andra processen.' }),
    });
    expect(patched.status).toBe(200);
    // The writer's own next read, and the other process's.
    expect(await watched<StartupList>(path)).toMatchObject({
      status: 200,
      body: { version: 2, stale: true },
    });
    const onFirst = await first.request<StartupList>('GET', path, { key: first.facilitatorKey });
    expect(onFirst).toMatchObject({ status: 200, body: { version: 2, stale: true } });

    const removed = await first.request('DELETE', `/startups/${id}`, {
      key: first.facilitatorKey,
      headers: { 'if-match': '"2"' },
    });
    expect(removed.status).toBe(204);
    expect((await watched(path)).status).toBe(404);
  });

  it('a profile written outside the API (no generation bumped) is in its match list within the stated bound', async () => {
    const id = await createStartup('Utanför AB');
    const path = `/startups/${id}/matches`;
    expect(await watched<StartupList>(path)).toMatchObject({ status: 200, body: { version: 1 } });
    const written = await getRepositories(first.db).startups.update(id, 1, {
      oneLiner: 'Skrivet av ett skript.',
    });
    expect(written.ok).toBe(true);
    const stored = Date.now();
    await until(
      'the profile written outside the API',
      async () => ((await watched<StartupList>(path)).body.version === 2 ? true : undefined),
      PROFILE_VERSIONS_MAX_AGE_MS + 10_000,
    );
    // The bound plus one load on a busy machine.
    expect(Date.now() - stored).toBeLessThan(PROFILE_VERSIONS_MAX_AGE_MS + 3_000);
  }, 90_000);

  it('a page of needs asked again is the same body and ETag until a need or its host changes, then the new page at once', async () => {
    const organisation = await first.request<{ id: string }>('POST', '/organisations', {
      key: first.facilitatorKey,
      body: buildOrganisation({ name: 'Sidans kommun' }),
    });
    const need = await first.request<{ id: string; hostId: string }>('POST', '/needs', {
      key: first.facilitatorKey,
      body: buildNeed({
        organisationId: organisation.body.id,
        title: 'Snöröjning',
        owner: { name: 'Åsa Berg', email: `asa.berg.${randomUUID()}@example.se` },
      }),
    });
    expect(need.status).toBe(201);
    const path = `/needs?organisationId=${organisation.body.id}&limit=5`;
    const page = async (headers: Record<string, string> = {}) => {
      const response = await fetch(`${watchedUrl}${path}`, {
        headers: { authorization: `Bearer ${first.facilitatorKey}`, ...headers },
      });
      return { status: response.status, etag: response.headers.get('etag'), text: await response.text() };
    };
    const before = await page();
    expect(before.status).toBe(200);
    expect(await page()).toEqual(before);
    expect((await page({ 'if-none-match': before.etag as string })).status).toBe(304);

    const renamed = await first.request('PATCH', `/hosts/${need.body.hostId}`, {
      key: first.facilitatorKey,
      headers: { 'if-match': '"1"' },
      body: { name: 'Åsa Berg-Lund' },
    });
    expect(renamed.status).toBe(200);
    const after = await page({ 'if-none-match': before.etag as string });
    expect(after.status).toBe(200);
    expect(after.etag).not.toBe(before.etag);
    expect(JSON.parse(after.text)).toMatchObject({ items: [{ owner: { name: 'Åsa Berg-Lund' } }] });
    const retitled = await first.request('PATCH', `/needs/${need.body.id}`, {
      key: first.facilitatorKey,
      headers: { 'if-match': '"1"' },
      body: { title: 'Snöröjning och sandning' },
    });
    expect(retitled.status).toBe(200);
    expect(JSON.parse((await page()).text)).toMatchObject({ items: [{ title: 'Snöröjning och sandning' }] });
  });

  it('requests arriving together with a key past its maximum age read the key once', async () => {
    const key = await first.createKey({ role: 'facilitator' });
    const together = () => Promise.all(Array.from({ length: 20 }, () => watched('/needs?limit=1', key)));
    // The first round opens the connections, so the second round's requests arrive together.
    await together();
    await new Promise((resolve) => setTimeout(resolve, READ_MODEL_MAX_AGE_MS + 100));
    forget();
    const answers = await together();
    expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: 20 }, () => 200));
    expect(finds.filter((find) => find.collection === 'api_keys')).toHaveLength(1);
  });
});
