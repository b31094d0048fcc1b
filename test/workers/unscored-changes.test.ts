import { Redis } from 'ioredis';
import { getConfig } from '../../config';
import { createMatchRepository } from '../../models/match.repository';
import { redisGenerations } from '../../services/read-models';
import { startTestApp, type TestApp } from '../support';
import { canonical, createHarness, textOf, type Harness } from './support/harness';
import { seedRankedThroughApi } from './support/ranked-through-api';
import { jsonLinesOf, spawnWorker, type WorkerProcess } from './support/worker-process';

/**
 * A change that leaves everything scoring reads as it was (a need's department, a profile's
 * website) is applied without re-ranking: the record's applied version moves, the API calls its
 * list fresh, and no ranking document is written (each need's index entry keeps naming the same
 * one). A change of scored text or of whether a need is ranked still re-ranks as before.
 */
interface MatchListBody {
  version: number;
  appliedVersion: number;
  stale: boolean;
  items: { needId: string; startupId: string; score: number }[];
}

let harness: Harness;
let redis: Redis;
let app: TestApp;
let worker: WorkerProcess;
let needIds: string[];
let startupIds: string[];

beforeAll(async () => {
  harness = await createHarness();
  redis = new Redis(getConfig().REDIS_URL);
  app = await startTestApp({
    dbName: harness.dbName,
    changes: harness.producer,
    matchesQueue: harness.producer,
    generations: redisGenerations(redis, harness.prefix, () => undefined),
  });
  worker = spawnWorker(harness.workerEnv());
  ({ needIds, startupIds } = await seedRankedThroughApi(app, harness, worker, {
    needs: 3,
    startups: 10,
    distinctOf: () => '',
  }));
});

afterAll(async () => {
  await worker.stop();
  await app.destroy();
  await harness.cleanup();
  await redis.quit();
});

/** Each need's current ranking document (null: closed) and applied version, as the indexes name them. */
async function currentRankings(): Promise<Map<string, { rankingId: string | null; appliedVersion: number }>> {
  const read = await createMatchRepository(harness.db).currentRankings();
  return new Map(
    [...read.needs].map(([needId, need]) => [
      needId,
      { rankingId: need.rankingId, appliedVersion: need.applied.appliedVersion },
    ]),
  );
}

async function matchesOf(path: string): Promise<MatchListBody> {
  const response = await app.request<MatchListBody>('GET', path, { key: app.facilitatorKey });
  expect(response.status).toBe(200);
  return response.body;
}

async function patch(path: string, version: number, body: Record<string, unknown>): Promise<void> {
  const response = await app.request('PATCH', path, {
    key: app.facilitatorKey,
    headers: { 'if-match': `"${version}"` },
    body,
  });
  expect(response.status).toBe(200);
}

/** The `unscored` counts of the worker's 'changes applied' lines, in order. */
function unscoredCounts(): number[] {
  return jsonLinesOf<{ msg: string; unscored?: number }>(worker)
    .filter((line) => line.msg === 'changes applied')
    .map((line) => line.unscored ?? -1);
}

describe('changes that leave everything scoring reads as it was', () => {
  it('a need’s department write advances its applied version and writes no ranking', async () => {
    const needId = needIds[0] as string;
    const before = await currentRankings();
    const listBefore = await matchesOf(`/needs/${needId}/matches`);
    expect(listBefore).toMatchObject({ version: 1, appliedVersion: 1, stale: false });

    await patch(`/needs/${needId}`, 1, { department: 'Miljöförvaltningen' });
    await harness.waitForQuiet();

    const after = await currentRankings();
    expect(after.get(needId)).toEqual({ rankingId: before.get(needId)?.rankingId, appliedVersion: 2 });
    for (const other of needIds.slice(1)) expect(after.get(other)).toEqual(before.get(other));
    const list = await matchesOf(`/needs/${needId}/matches`);
    expect(list).toMatchObject({ version: 2, appliedVersion: 2, stale: false });
    expect(list.items).toEqual(listBefore.items);
    expect(unscoredCounts().at(-1)).toBe(1);
  });

  it('a profile’s website write advances its applied version and rewrites none of the rankings it is in', async () => {
    const before = await currentRankings();
    const ranked = new Set(
      (await harness.storedRankings()).get(needIds[0] as string)?.map((m) => m.startupId),
    );
    const startupId = startupIds.find((id) => ranked.has(id)) as string;
    expect(startupId).toBeDefined();
    const listBefore = await matchesOf(`/startups/${startupId}/matches`);
    expect(listBefore).toMatchObject({ version: 1, appliedVersion: 1, stale: false });
    expect(listBefore.items.map((item) => item.needId)).toContain(needIds[0]);

    await patch(`/startups/${startupId}`, 1, { website: 'https://ny.example.se' });
    await harness.waitForQuiet();

    expect(await currentRankings()).toEqual(before);
    const list = await matchesOf(`/startups/${startupId}/matches`);
    expect(list).toMatchObject({ version: 2, appliedVersion: 2, stale: false });
    expect(list.items.map((item) => [item.needId, item.score])).toEqual(
      listBefore.items.map((item) => [item.needId, item.score]),
    );
    expect(unscoredCounts().at(-1)).toBe(1);
  });
});

describe('changes of what scoring reads still re-rank', () => {
  it('a need’s title write writes its ranking anew at the new version, equal to a clean recompute', async () => {
    const needId = needIds[1] as string;
    const before = await currentRankings();
    await patch(`/needs/${needId}`, 1, { title: textOf(4242, 5) });
    await harness.waitForQuiet();

    const after = await currentRankings();
    expect(after.get(needId)?.appliedVersion).toBe(2);
    expect(after.get(needId)?.rankingId).not.toBe(before.get(needId)?.rankingId);
    expect(canonical(await harness.storedRankings())).toEqual(canonical(await harness.expected()));
    expect(await matchesOf(`/needs/${needId}/matches`)).toMatchObject({
      version: 2,
      appliedVersion: 2,
      stale: false,
    });
    expect(unscoredCounts().at(-1)).toBe(0);
  });

  it('closing a need takes its ranking away; opening it again ranks it anew', async () => {
    const needId = needIds[2] as string;
    await patch(`/needs/${needId}`, 1, { status: 'closed' });
    await harness.waitForQuiet();
    expect((await currentRankings()).get(needId)).toEqual({ rankingId: null, appliedVersion: 2 });
    expect(await matchesOf(`/needs/${needId}/matches`)).toMatchObject({
      version: 2,
      appliedVersion: 2,
      stale: false,
      items: [],
    });

    await patch(`/needs/${needId}`, 2, { status: 'open' });
    await harness.waitForQuiet();
    const reopened = (await currentRankings()).get(needId);
    expect(reopened?.appliedVersion).toBe(3);
    expect(reopened?.rankingId).toEqual(expect.any(String));
    expect(canonical(await harness.storedRankings())).toEqual(canonical(await harness.expected()));
    const list = await matchesOf(`/needs/${needId}/matches`);
    expect(list).toMatchObject({ version: 3, appliedVersion: 3, stale: false });
    expect(list.items.length).toBeGreaterThan(0);
  });
});
