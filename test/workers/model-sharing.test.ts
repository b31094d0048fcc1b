import { createMatchRepository } from '../../models/match.repository';
import { canonical, createHarness, type Harness } from './support/harness';
import { waitFor } from './support/wait';
import { spawnWorker, type WorkerProcess } from './support/worker-process';

/** The shards a worker logged it took over (pino JSON lines). */
function shardsTakenBy(worker: WorkerProcess): number[] {
  return [...worker.output().matchAll(/"shard":(\d+),"fence":\d+,"ms":\d+,"msg":"shard taken over"/g)].map(
    (match) => Number(match[1]),
  );
}

describe('two shards, two workers', () => {
  let harness: Harness;
  let workers: WorkerProcess[] = [];
  const startupIds: string[] = [];

  beforeAll(async () => {
    harness = await createHarness({}, 2);
    for (let i = 0; i < 6; i += 1) await harness.insertNeed(1200 + i);
    for (let i = 0; i < 30; i += 1) startupIds.push(await harness.insertStartup(1300 + i));
    // Both start on an empty model store: one fit wins, the other loads it. A worker that owns a
    // shard takes a second only after it has been free for a lease: a long one here, so that the
    // later of the two (seconds later on a busy machine) still finds its shard free.
    const env = harness.workerEnv({ MATCH_LEASE_MS: '8000' });
    workers = [spawnWorker(env), spawnWorker(env)];
    await Promise.all(workers.map((worker) => worker.ready));
    await harness.waitForQuiet();
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.kill()));
    await harness.cleanup();
  });

  it('each owns one shard, and both share one stored model, fitted once', async () => {
    expect(workers.map(shardsTakenBy).sort()).toEqual([[0], [1]]);
    const current = await harness.db.collection('scoring_current').find({}).toArray();
    expect(current).toHaveLength(1);
    expect(current[0]?.generation).toBe(1);
    const snapshots = await harness.db.collection('scoring_snapshots').distinct('snapshotId');
    expect(snapshots).toEqual([current[0]?.snapshotId]);
    const versions = workers.map(
      (worker) => /"modelVersion":"([^"]+)".*index loaded/.exec(worker.output())?.[1],
    );
    expect(versions).toEqual([current[0]?.modelVersion, current[0]?.modelVersion]);
  });

  it('every profile change reaches both shards: the rankings equal a clean recompute', async () => {
    const needs = await harness.db.collection('needs').find({}).toArray();
    for (let i = 0; i < 30; i += 1) {
      const need = needs[i % needs.length];
      const startupId = startupIds[i] as string;
      const version = await harness.update('startup', startupId, {
        description: `${String(need?.title)} ${String(need?.description)} ${i}`,
      });
      void harness.publish('startup', startupId, version);
    }
    await harness.waitForQuiet();
    // Both owners applied changes from their own shard's stream.
    for (const worker of workers) expect(worker.output()).toContain('"msg":"changes applied"');
    expect(canonical(await harness.storedRankings())).toEqual(canonical(await harness.expected()));
  });

  it('a rebuild publishes one new model version that every ranking is tagged with', async () => {
    const before = await harness.db.collection('scoring_current').findOne({});
    const generation = Number(before?.generation);
    await harness.producer.enqueue({ type: 'rebuild', reason: 'requested', generation });
    await harness.waitForQuiet();
    // Each shard's owner takes the rebuild job; one fits and publishes, the other takes its model.
    const after = await harness.db.collection('scoring_current').findOne({});
    expect(after?.generation).toBe(generation + 1);
    expect(after?.modelVersion).not.toBe(before?.modelVersion);
    // The same request delivered again (a retried job) after both owners took the new model: the
    // model is already newer than the one it was asked at, so no shard fits again.
    for (const queue of harness.queues)
      await queue.add('rebuild', { type: 'rebuild', reason: 'requested', generation });
    await harness.waitForQuiet();
    expect((await harness.db.collection('scoring_current').findOne({}))?.generation).toBe(generation + 1);

    for (const startupId of startupIds.slice(0, 10)) {
      await harness.publish(
        'startup',
        startupId,
        await harness.update('startup', startupId, { oneLiner: `after rebuild ${startupId}` }),
      );
    }
    await harness.waitForQuiet();
    const models = new Set(
      (await createMatchRepository(harness.db).listAll()).map((match) => match.modelVersion),
    );
    expect([...models]).toEqual([after?.modelVersion]);
    expect(canonical(await harness.storedRankings())).toEqual(canonical(await harness.expected()));
  });

  it('when one worker dies, the other takes its shard over and keeps both fresh', async () => {
    const [victim, survivor] = workers as [WorkerProcess, WorkerProcess];
    const lost = shardsTakenBy(victim)[0] as number;
    await victim.kill();
    await waitFor(
      'the survivor to take the dead worker’s shard',
      async () => (shardsTakenBy(survivor).includes(lost) ? true : undefined),
      60_000,
      100,
    );
    const needs = await harness.db.collection('needs').find({}).toArray();
    for (let i = 0; i < 6; i += 1) {
      const need = needs[(i + 3) % needs.length];
      const startupId = startupIds[i + 10] as string;
      await harness.publish(
        'startup',
        startupId,
        await harness.update('startup', startupId, { description: `${String(need?.description)} ${i}` }),
      );
    }
    await harness.waitForQuiet();
    expect(canonical(await harness.storedRankings())).toEqual(canonical(await harness.expected()));
  });
});
