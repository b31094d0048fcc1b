import { canonical, createHarness, type Harness } from './support/harness';
import { waitFor } from './support/wait';
import { spawnWorker, type WorkerProcess } from './support/worker-process';

describe('a worker killed with SIGKILL in the middle of a job', () => {
  let harness: Harness;
  const workers: WorkerProcess[] = [];
  const needIds: string[] = [];
  const startupIds: string[] = [];

  beforeAll(async () => {
    harness = await createHarness();
    for (let i = 0; i < 5; i += 1) needIds.push(await harness.insertNeed(300 + i));
    for (let i = 0; i < 25; i += 1) startupIds.push(await harness.insertStartup(400 + i));
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.kill()));
    await harness.cleanup();
  });

  // Three worker processes start one after another, each loading the shard: the matches queue alone
  // (no forked schedules child), and more than the default minute, which a loaded machine needs.
  const matchesOnly = { WORKER_QUEUES: 'matches' };

  it('loses nothing and duplicates nothing: after a new worker starts, matches equal a clean recompute', async () => {
    const first = spawnWorker(harness.workerEnv(matchesOnly));
    workers.push(first);
    await first.ready;
    await harness.waitForQuiet();
    expect(await first.stop()).toBe(0);

    const slow = spawnWorker(harness.workerEnv({ ...matchesOnly, WORKER_TEST_DELAY_MS: '1500' }));
    workers.push(slow);
    await slow.ready;

    // Rewrite profiles so they enter rankings, and kill the worker while it is writing one of them.
    const need = await harness.db.collection('needs').findOne({});
    for (const startupId of startupIds.slice(0, 3)) {
      const version = await harness.update('startup', startupId, {
        description: `${String(need?.title)} ${String(need?.description)}`,
      });
      await harness.publish('startup', startupId, version);
    }
    await waitFor(
      'a change to be in hand',
      async () => ((await harness.changeBacklog()).delivered > 0 ? true : undefined),
      20_000,
      20,
    );
    await new Promise((resolve) => setTimeout(resolve, 400));
    await slow.kill();
    // Read by the killed owner and never acknowledged: the next owner claims them (XAUTOCLAIM).
    const activeAtKill = (await harness.changeBacklog()).delivered;

    const fresh = spawnWorker(harness.workerEnv(matchesOnly));
    workers.push(fresh);
    await fresh.ready;
    await harness.waitForQuiet(60_000);

    expect(activeAtKill).toBeGreaterThan(0);
    const expected = await harness.expected();
    const stored = await harness.storedRankings();
    expect(canonical(stored)).toEqual(canonical(expected));
    expect(await harness.storedRankings()).toEqual(expected);
    for (const startupId of startupIds.slice(0, 3)) {
      expect(
        (await harness.db.collection('recompute_state').findOne({ _id: `startup:${startupId}` } as never))
          ?.appliedVersion,
      ).toBe(2);
    }
  }, 180_000);
});
