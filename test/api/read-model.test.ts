import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { getConfig } from '../../config';
import { getRepositories, rankingIdOf, type IndexEntry } from '../../models';
import {
  noticeDenseStatusFlips,
  noticeRankingWrites,
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

  it('a ranking written as the matches workers write it is in the next read of both processes, need and profile', async () => {
    const organisationId = await organisation('Höörs kommun');
    const need = await first.request<NeedBody>('POST', '/needs', {
      key: first.facilitatorKey,
      body: buildNeed({
        organisationId,
        title: 'Gatubelysning',
        owner: { name: 'Eva Sten', email: `eva.sten.${randomUUID()}@hoor.se` },
      }),
    });
    expect(need.status).toBe(201);
    const startups: string[] = [];
    for (const name of ['Ljusa AB', 'Lykta AB']) {
      const created = await first.request<{ id: string }>('POST', '/startups', {
        key: first.facilitatorKey,
        body: buildStartup({ name }),
      });
      expect(created.status).toBe(201);
      startups.push(created.body.id);
    }
    const [lamp, lantern] = startups as [string, string];
    const needId = need.body.id;
    // The workers' ranking store, with the generation bump the worker process wraps it in.
    const rankings = noticeRankingWrites(
      getRepositories(first.db).rankings,
      redisGenerations(redis, prefix, () => undefined),
    );
    let seq = 0;
    async function writeRanking(ranked: string[]): Promise<void> {
      const head = await rankings.head(0);
      seq += 1;
      const id = rankingIdOf(needId, 1, seq);
      const entries = ranked.map((startupId, index) => ({
        startupId,
        score: 0.9 - index / 10,
        explanation: { terms: [] },
        startupVersion: 1,
      }));
      await rankings.insertRankings([
        { id, needId, shard: 0, fence: 1, needVersion: 1, modelVersion: 'test', entries },
      ]);
      const indexEntries = new Map<string, IndexEntry>(head?.entries ?? []);
      indexEntries.set(needId, { rankingId: id, needVersion: 1, startupIds: ranked });
      await rankings.appendIndex({
        shard: 0,
        shards: 1,
        fence: 1,
        writer: 'read-model test',
        after: head?.n ?? 0,
        entries: indexEntries,
      });
    }
    async function rankedOn(app: TestApp): Promise<string[]> {
      const response = await app.request<{ items: { startupId: string }[] }>(
        'GET',
        `/needs/${needId}/matches`,
        { key: first.facilitatorKey },
      );
      expect(response).toMatchObject({ status: 200 });
      return response.body.items.map((item) => item.startupId);
    }
    async function needsOf(app: TestApp, startupId: string): Promise<string[]> {
      const response = await app.request<{ items: { needId: string }[] }>(
        'GET',
        `/startups/${startupId}/matches`,
        { key: first.facilitatorKey },
      );
      expect(response).toMatchObject({ status: 200 });
      return response.body.items.map((item) => item.needId);
    }

    await writeRanking([lamp]);
    expect(await rankedOn(first)).toEqual([lamp]);
    expect(await rankedOn(second)).toEqual([lamp]);
    expect(await needsOf(second, lantern)).toEqual([]);
    // The need's version is applied now: nothing but the worker's bump tells a process to read again.
    await writeRanking([lantern, lamp]);
    expect(await rankedOn(second)).toEqual([lantern, lamp]);
    expect(await rankedOn(first)).toEqual([lantern, lamp]);
    expect(await needsOf(second, lantern)).toEqual([needId]);
    await writeRanking([lamp]);
    expect(await rankedOn(first)).toEqual([lamp]);
    expect(await needsOf(second, lantern)).toEqual([]);
  });

  it('a profile’s applied version written as the matches workers write it is in the next read of both processes; unannounced, within the bound', async () => {
    const created = await first.request<{ id: string }>('POST', '/startups', {
      key: first.facilitatorKey,
      body: buildStartup({ name: 'Gnistan AB' }),
    });
    expect(created.status).toBe(201);
    const startupId = created.body.id;
    const store = getRepositories(first.db).rankings;
    // The workers' ranking store, with the generation bump the worker process wraps it in.
    const rankings = noticeRankingWrites(
      store,
      redisGenerations(redis, prefix, () => undefined),
    );
    const record = (appliedVersion: number) => ({
      startupId,
      appliedVersion,
      deleted: false,
      modelVersion: 'test',
    });
    async function appliedOn(app: TestApp): Promise<number> {
      const response = await app.request<{ appliedVersion: number }>(
        'GET',
        `/startups/${startupId}/matches`,
        {
          key: first.facilitatorKey,
        },
      );
      expect(response.status).toBe(200);
      return response.body.appliedVersion;
    }

    expect(await appliedOn(first)).toBe(0);
    expect(await appliedOn(second)).toBe(0);
    await rankings.writeApplied(0, [record(1)]);
    expect(await appliedOn(second)).toBe(1);
    expect(await appliedOn(first)).toBe(1);
    // A worker that could not bump the generation: each process reads the version again within the bound.
    await store.writeApplied(0, [record(2)]);
    const written = Date.now();
    for (const app of [first, second])
      await until(
        'the applied version written without a bump',
        async () => ((await appliedOn(app)) === 2 ? true : undefined),
        10_000,
      );
    expect(Date.now() - written).toBeLessThan(READ_MODEL_MAX_AGE_MS + 3_000);
  });

  it('a dense status recorded as the matches workers record it: degraded turning on or off is in the next read of both processes', async () => {
    const organisationId = await organisation('Hörby kommun');
    const need = await first.request<NeedBody>('POST', '/needs', {
      key: first.facilitatorKey,
      body: buildNeed({
        organisationId,
        title: 'Vattenmätare',
        owner: { name: 'Lars Ek', email: `lars.ek.${randomUUID()}@horby.se` },
      }),
    });
    expect(need.status).toBe(201);
    // The workers' dense status, with the generation bump the worker process wraps it in.
    const status = noticeDenseStatusFlips(
      getRepositories(first.db).denseStatus,
      redisGenerations(redis, prefix, () => undefined),
    );
    const record = (degraded: boolean) =>
      status.record({
        degraded,
        error: degraded ? 'embedding service unavailable' : null,
        degradedSince: degraded ? new Date() : null,
        needsWithoutVector: degraded ? 1 : 0,
        startupsWithoutVector: 0,
        updatedAt: new Date(),
      });
    async function degradedOn(app: TestApp): Promise<boolean> {
      const response = await app.request<{ degraded: boolean }>('GET', `/needs/${need.body.id}/matches`, {
        key: first.facilitatorKey,
      });
      expect(response.status).toBe(200);
      return response.body.degraded;
    }

    await record(false);
    expect(await degradedOn(first)).toBe(false);
    expect(await degradedOn(second)).toBe(false);
    // Only the status flips (no ranking is written): nothing but its own bump tells a process to read again.
    await record(true);
    expect(await degradedOn(first)).toBe(true);
    expect(await degradedOn(second)).toBe(true);
    await record(false);
    expect(await degradedOn(second)).toBe(false);
    expect(await degradedOn(first)).toBe(false);
  });

  it('a write of one need reads that need again, not every need (a need stored outside the API waits for the bound)', async () => {
    const organisationId = await organisation('Sjöbo kommun');
    const written = await first.request<NeedBody>('POST', '/needs', {
      key: first.facilitatorKey,
      body: buildNeed({
        organisationId,
        title: 'Vinterväghållning',
        owner: { name: 'Lena Holm', email: `lena.holm.${randomUUID()}@sjobo.se` },
      }),
    });
    expect(written.status).toBe(201);
    let version = written.body.version;
    let shown = false;
    // On a busy machine the steps may outlast the bound (then the outside need shows, rightly): try again.
    for (let attempt = 1; attempt <= 3 && !shown; attempt += 1) {
      // A host's change names no need: the next read loads every need, and the copy's age starts there.
      const hostId = written.body.hostId as string;
      const host = await first.request<{ version: number }>('GET', `/hosts/${hostId}`, {
        key: first.facilitatorKey,
      });
      const renamed = await first.request('PATCH', `/hosts/${hostId}`, {
        key: first.facilitatorKey,
        headers: { 'if-match': `"${host.body.version}"` },
        body: { name: `Lena Holm ${attempt}` },
      });
      expect(renamed.status).toBe(200);
      const loaded = Date.now();
      expect(await titlesOn(second, organisationId)).toContain('Vinterväghållning');
      const outside = `Saltning ${attempt}`;
      await getRepositories(first.db).needs.create({
        ...buildNeed({ organisationId, title: outside }),
        hostId,
        language: 'sv',
      } as never);
      const patched = await first.request<NeedBody>('PATCH', `/needs/${written.body.id}`, {
        key: first.facilitatorKey,
        headers: { 'if-match': `"${version}"` },
        body: { description: `Plogning och saltning, omgång ${attempt}.` },
      });
      expect(patched.status).toBe(200);
      version = patched.body.version;
      const read = await second.request<{ items: (NeedBody & { description: string })[] }>(
        'GET',
        `/needs?organisationId=${organisationId}`,
        { key: first.facilitatorKey },
      );
      if (Date.now() - loaded >= READ_MODEL_MAX_AGE_MS - 200) continue;
      expect(read.body.items.find((need) => need.id === written.body.id)?.description).toBe(
        `Plogning och saltning, omgång ${attempt}.`,
      );
      expect(read.body.items.map((need) => need.title)).not.toContain(outside);
      await until(
        'the need stored outside the API',
        async () => ((await titlesOn(second, organisationId)).includes(outside) ? true : undefined),
        10_000,
      );
      shown = true;
    }
    expect(shown).toBe(true);
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

describe('generation counters in Redis', () => {
  /** The test's Redis client, recording each read command the counters send. */
  function recordingStore(sent: string[][]) {
    return {
      get: (key: string) => {
        sent.push([key]);
        return redis.get(key);
      },
      mget: (...keys: string[]) => {
        sent.push(keys);
        return redis.mget(...keys);
      },
      incr: (key: string) => redis.incr(key),
      eval: (script: string, keys: number, ...args: string[]) => redis.eval(script, keys, ...args),
      zrangebyscore: (key: string, min: string, max: string) => redis.zrangebyscore(key, min, max),
    };
  }

  it('the counters read in one turn of the event loop go to Redis as one command, each read seeing every bump made before it', async () => {
    const sent: string[][] = [];
    const generations = redisGenerations(recordingStore(sent), prefix, () => undefined);
    const otherProcess = redisGenerations(redis, prefix, () => undefined);
    const [a, b] = [`a-${randomUUID()}`, `b-${randomUUID()}`];
    await otherProcess.bump(a);
    const reads = await Promise.all([
      ...Array.from({ length: 10 }, () => generations.current(a)),
      generations.current(b),
    ]);
    expect(reads).toEqual([...Array.from({ length: 10 }, () => '1.0'), '0.0']);
    expect(sent).toEqual([[`${prefix}:generation:${a}`, `${prefix}:generation:${b}`]]);

    // A read asked for once the one before is on its way to Redis is a read of its own.
    const onItsWay = generations.current(a);
    await new Promise((resolve) => setImmediate(resolve));
    await otherProcess.bump(a);
    expect(await generations.current(a)).toBe('2.0');
    expect(['1.0', '2.0']).toContain(await onItsWay);
    expect(sent).toHaveLength(3);
  });
});
