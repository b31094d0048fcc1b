import { Redis } from 'ioredis';
import { getConfig } from '../../config';
import { getRepositories } from '../../models';
import { redisGenerations } from '../../services/read-models';
import { startTestApp, type TestApp } from '../support';
import { createHarness, textOf, type Harness } from './support/harness';
import { seedRankedThroughApi } from './support/ranked-through-api';
import { spawnWorker, type WorkerProcess } from './support/worker-process';

/**
 * Match lists from the API processes' memory (services/read-models/match-views.ts): two API
 * processes over one database and one Redis, and a matches worker. The worker bumps the
 * `rankings` generation with every ranking it writes, so a list is exact on the next read after
 * the change that changed it was applied, on both processes, though both had just read it.
 */
interface MatchListBody {
  version: number;
  appliedVersion: number;
  stale: boolean;
  items: { needId: string; startupId: string; startupVersion: number }[];
}

/** Words only the first need uses, so a profile that takes them up enters its ranking. */
const DISTINCT = 'läckagedetektion ljudsensorer vattenledningar';

let harness: Harness;
let redis: Redis;
let first: TestApp;
let second: TestApp;
let worker: WorkerProcess;
let needIds: string[];
let startupIds: string[];

beforeAll(async () => {
  harness = await createHarness();
  redis = new Redis(getConfig().REDIS_URL);
  const shared = () => ({
    dbName: harness.dbName,
    changes: harness.producer,
    matchesQueue: harness.producer,
    generations: redisGenerations(redis, harness.prefix, () => undefined),
  });
  first = await startTestApp(shared());
  second = await startTestApp(shared());
  worker = spawnWorker(harness.workerEnv());
  ({ needIds, startupIds } = await seedRankedThroughApi(first, harness, worker, {
    needs: 3,
    startups: 10,
    distinctOf: (i) => (i === 0 ? DISTINCT : ''),
  }));
});

afterAll(async () => {
  await worker.stop();
  await second.stop();
  await first.destroy();
  await harness.cleanup();
  await redis.quit();
});

async function matchesOf(app: TestApp, path: string): Promise<MatchListBody> {
  const response = await app.request<MatchListBody>('GET', path, { key: first.facilitatorKey });
  expect(response.status).toBe(200);
  return response.body;
}

/** True once the shard's change stream holds no change waiting or being applied. */
async function queueQuiet(): Promise<boolean> {
  const backlog = await harness.changeBacklog();
  return backlog.delivered + backlog.undelivered === 0;
}

describe('match lists kept in memory by two API processes', () => {
  it('a ranking a profile change rewrote is in the very next read of the need and the profile, on both', async () => {
    const needId = needIds[0] as string;
    const needPath = `/needs/${needId}/matches`;
    const before = await matchesOf(first, needPath);
    const newcomer = startupIds.find((id) => !before.items.some((item) => item.startupId === id)) as string;
    expect(newcomer).toBeDefined();
    const startupPath = `/startups/${newcomer}/matches`;
    for (const app of [first, second]) {
      await matchesOf(app, needPath);
      await matchesOf(app, startupPath);
    }

    const patched = await first.request('PATCH', `/startups/${newcomer}`, {
      key: first.facilitatorKey,
      headers: { 'if-match': '"1"' },
      body: { description: `${DISTINCT} ${DISTINCT} ${DISTINCT}` },
    });
    expect(patched.status).toBe(200);
    // Both processes keep reading the need's list while the worker recomputes (so each holds a
    // copy read moments before the write), and read it again the moment the change is applied.
    const deadline = Date.now() + 60_000;
    while (!(await queueQuiet())) {
      expect(Date.now()).toBeLessThan(deadline);
      await Promise.all([matchesOf(first, needPath), matchesOf(second, needPath)]);
    }
    const [onFirst, onSecond] = await Promise.all([matchesOf(first, needPath), matchesOf(second, needPath)]);

    const stored = await getRepositories(harness.db).matches.needView(needId);
    expect(stored.items.map((match) => match.startupId)).toContain(newcomer);
    for (const list of [onFirst, onSecond]) {
      expect(list.stale).toBe(false);
      expect(list.items.map((item) => [item.startupId, item.startupVersion])).toEqual(
        stored.items.map((match) => [match.startupId, match.startupVersion]),
      );
    }
    for (const app of [first, second]) {
      const own = await matchesOf(app, startupPath);
      expect(own).toMatchObject({ version: 2, appliedVersion: 2, stale: false });
      expect(own.items.map((item) => item.needId)).toContain(needId);
    }
  });

  it('answers 304 to a conditional GET of an unchanged list, and the new list once it changed', async () => {
    const needId = needIds[0] as string;
    const path = `/needs/${needId}/matches`;
    const first200 = await first.request<MatchListBody>('GET', path, { key: first.facilitatorKey });
    const etag = first200.headers.get('etag');
    expect(etag).toMatch(/^W\/".+"$/);
    const unchanged = await second.request('GET', path, {
      key: first.facilitatorKey,
      headers: { 'if-none-match': etag as string },
    });
    expect(unchanged.status).toBe(304);
    expect(unchanged.body).toBeUndefined();

    const leaving = first200.body.items[0]?.startupId as string;
    const patched = await first.request('PATCH', `/startups/${leaving}`, {
      key: first.facilitatorKey,
      headers: { 'if-match': `"${(await matchesOf(first, `/startups/${leaving}/matches`)).version}"` },
      body: { description: textOf(999, 50) },
    });
    expect(patched.status).toBe(200);
    await harness.waitForQuiet();
    const changed = await second.request<MatchListBody>('GET', path, {
      key: first.facilitatorKey,
      headers: { 'if-none-match': etag as string },
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(changed.body.items.map((item) => item.startupId)).not.toContain(leaving);
  });
});
