import { canonical, createHarness, type Harness } from './support/harness';
import { spawnWorker, type WorkerProcess } from './support/worker-process';

describe('several workers at once', () => {
  let harness: Harness;
  let workers: WorkerProcess[] = [];
  const startupIds: string[] = [];

  beforeAll(async () => {
    harness = await createHarness();
    for (let i = 0; i < 6; i += 1) await harness.insertNeed(1200 + i);
    for (let i = 0; i < 30; i += 1) startupIds.push(await harness.insertStartup(1300 + i));
    // Both start on an empty model store: one fit wins, the other loads it.
    workers = [spawnWorker(harness.workerEnv()), spawnWorker(harness.workerEnv())];
    await Promise.all(workers.map((worker) => worker.ready));
    await harness.waitForQuiet();
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    await harness.cleanup();
  });

  it('share one stored model, fitted once', async () => {
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

  it('agree: concurrent updates processed by both leave exactly the rankings of a clean recompute', async () => {
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
    const completed = await harness.queue.getJobs(['completed']);
    expect(new Set(completed.map((job) => job.processedBy)).size).toBe(2);
    expect(canonical(await harness.storedMatches())).toEqual(canonical(await harness.expected()));
  });

  it('a rebuild publishes a new model version that every match is tagged with', async () => {
    const before = await harness.db.collection('scoring_current').findOne({});
    await harness.producer.enqueue({ type: 'rebuild', reason: 'requested' });
    await harness.waitForQuiet();
    const after = await harness.db.collection('scoring_current').findOne({});
    expect(after?.generation).toBe(Number(before?.generation) + 1);
    expect(after?.modelVersion).not.toBe(before?.modelVersion);

    // Both workers must now rank with the new model: send changes through both.
    for (const startupId of startupIds.slice(0, 10)) {
      await harness.publish(
        'startup',
        startupId,
        await harness.update('startup', startupId, { oneLiner: `after rebuild ${startupId}` }),
      );
    }
    await harness.waitForQuiet();
    const models = await harness.db.collection('matches').distinct('modelVersion');
    expect(models).toEqual([after?.modelVersion]);
    expect(canonical(await harness.storedMatches())).toEqual(canonical(await harness.expected()));
  });
});
