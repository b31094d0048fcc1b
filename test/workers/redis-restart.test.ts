import { Types } from 'mongoose';
import { canonical, createHarness, type Harness } from './support/harness';
import { startPrivateRedis, type PrivateServer } from './support/private-servers';
import { waitFor } from './support/wait';
import { spawnWorker, type WorkerProcess } from './support/worker-process';

describe('Redis restarted (empty) while updates arrive', () => {
  let redis: PrivateServer;
  let harness: Harness;
  let worker: WorkerProcess;
  const needIds: string[] = [];
  const startupIds: string[] = [];

  beforeAll(async () => {
    redis = await startPrivateRedis();
    harness = await createHarness({ redis: redis.url });
    for (let i = 0; i < 5; i += 1) needIds.push(await harness.insertNeed(800 + i));
    for (let i = 0; i < 20; i += 1) startupIds.push(await harness.insertStartup(900 + i));
    worker = spawnWorker(harness.workerEnv({ RECONCILE_INTERVAL_MS: '1000' }));
    await worker.ready;
    await harness.waitForQuiet();
  });

  afterAll(async () => {
    await worker.stop();
    await harness.cleanup();
    await redis.destroy();
  });

  it('loses no update: after reconnection every stored version is applied and matches equal a clean recompute', async () => {
    const needs = await harness.db.collection('needs').find({}).toArray();
    let failedPublishes = 0;
    for (let i = 0; i < 15; i += 1) {
      if (i === 5) await redis.kill();
      if (i === 10) await redis.start();
      const need = needs[i % needs.length];
      const startupId = startupIds[i] as string;
      const version = await harness.update('startup', startupId, {
        description: `${String(need?.title)} ${String(need?.description)} ${i}`,
      });
      await harness.publish('startup', startupId, version).catch(() => (failedPublishes += 1));
    }
    expect(failedPublishes).toBeGreaterThanOrEqual(5);

    await waitFor(
      'every update to be applied',
      async () => {
        for (const startupId of startupIds.slice(0, 15)) {
          const [doc, state] = await Promise.all([
            harness.db.collection('startups').findOne({ _id: new Types.ObjectId(startupId) }),
            harness.db.collection('recompute_state').findOne({ _id: `startup:${startupId}` } as never),
          ]);
          if (state?.appliedVersion !== doc?.version) return undefined;
        }
        return true;
      },
      60_000,
      250,
    );
    await harness.waitForQuiet();
    expect(canonical(await harness.storedRankings())).toEqual(canonical(await harness.expected()));
  });
});
