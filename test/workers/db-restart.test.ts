import { canonical, createHarness, type Harness } from './support/harness';
import { startPrivateFerretDB, type PrivateServer } from './support/private-servers';
import { waitFor } from './support/wait';
import { jsonLinesOf, spawnWorker, type WorkerProcess } from './support/worker-process';

describe('the database restarted in the middle of a change', () => {
  let ferretdb: PrivateServer;
  let harness: Harness;
  const workers: WorkerProcess[] = [];
  const startupIds: string[] = [];

  beforeAll(async () => {
    ferretdb = await startPrivateFerretDB();
    harness = await createHarness({ mongodb: ferretdb.url });
    for (let i = 0; i < 4; i += 1) await harness.insertNeed(1000 + i);
    for (let i = 0; i < 15; i += 1) startupIds.push(await harness.insertStartup(1100 + i));
    const first = spawnWorker(harness.workerEnv());
    workers.push(first);
    await first.ready;
    await harness.waitForQuiet();
    await first.stop();
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    await harness.cleanup();
    await ferretdb.destroy();
  });

  it('the change fails while the database is away, is retried with backoff, and is applied once it is back', async () => {
    const slow = spawnWorker(
      harness.workerEnv({ WORKER_TEST_DELAY_MS: '1500', RECONCILE_INTERVAL_MS: '600000' }),
    );
    workers.push(slow);
    await slow.ready;
    const need = await harness.db.collection('needs').findOne({});
    const startupId = startupIds[0] as string;
    const version = await harness.update('startup', startupId, {
      description: `${String(need?.title)} ${String(need?.description)}`,
    });
    await harness.publish('startup', startupId, version);
    await waitFor(
      'the change to be in hand',
      async () => ((await harness.changeBacklog()).delivered > 0 ? true : undefined),
      20_000,
      20,
    );

    await ferretdb.kill();
    const failedOnce = await waitFor(
      'the change to fail and wait for its retry',
      async () =>
        jsonLinesOf<{ msg: string; id?: string; err?: string }>(slow).find(
          (line) => line.msg === 'change failed; retrying' && line.id === startupId,
        ),
      30_000,
      100,
    );
    // Unacknowledged while it is retried: still in the stream's pending entries.
    expect((await harness.changeBacklog()).delivered).toBe(1);
    await ferretdb.start();
    await harness.waitForQuiet(60_000);

    expect(failedOnce.err).toEqual(expect.any(String));
    expect(slow.output()).not.toContain('"msg":"change failed"');
    expect(
      (await harness.db.collection('recompute_state').findOne({ _id: `startup:${startupId}` } as never))
        ?.appliedVersion,
    ).toBe(version);
    expect(canonical(await harness.storedRankings())).toEqual(canonical(await harness.expected()));
  });
});
