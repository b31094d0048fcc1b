import { createMatchRepository } from '../../models/match.repository';
import { canonical, createHarness, type Harness } from './support/harness';
import { jsonLinesOf, spawnWorker, type WorkerProcess } from './support/worker-process';

const UPDATES = 1000;

describe('1,000 rapid updates to one profile', () => {
  let harness: Harness;
  let worker: WorkerProcess;
  let startupId: string;

  beforeAll(async () => {
    harness = await createHarness();
    for (let i = 0; i < 5; i += 1) await harness.insertNeed(500 + i);
    for (let i = 0; i < 20; i += 1) startupId = await harness.insertStartup(600 + i);
    // Each write takes at least 25 ms, longer than one save and publish here, so publishes really
    // arrive while a batch is applied: how many applications a burst makes then depends on
    // coalescing, not on the machine's speed.
    worker = spawnWorker(harness.workerEnv({ WORKER_TEST_DELAY_MS: '25' }));
    await worker.ready;
    await harness.waitForQuiet();
  });

  afterAll(async () => {
    await worker.stop();
    await harness.cleanup();
  });

  it('coalesce into far fewer recomputes, and the final matches reflect the last version', async () => {
    const need = await harness.db.collection('needs').findOne({});
    const echo = `${String(need?.title)} ${String(need?.description)}`;
    // One editor saving as fast as the database allows; each save publishes without waiting, as a burst does.
    // (Writers in parallel would lose increments: FerretDB's findAndModify is not atomic under concurrency.)
    let lastVersion = 0;
    const publishes: Promise<void>[] = [];
    for (let n = 0; n < UPDATES; n += 1) {
      const last = n === UPDATES - 1;
      lastVersion = await harness.update('startup', startupId, {
        oneLiner: last ? echo : `revision ${n}`,
        description: last ? echo : `plain text ${n}`,
      });
      publishes.push(harness.publish('startup', startupId, lastVersion));
    }
    await Promise.all(publishes);
    await harness.waitForQuiet();

    expect(lastVersion).toBe(UPDATES + 1);
    // Every entry was read and acknowledged, in batches that each apply one profile's changes once.
    const batches = jsonLinesOf<{ msg: string; entries: number; applied: number }>(worker).filter(
      (line) => line.msg === 'changes applied',
    );
    expect(batches.reduce((sum, batch) => sum + batch.entries, 0)).toBe(UPDATES);
    expect(batches.every((batch) => batch.applied === 1)).toBe(true);
    expect(batches.length).toBeLessThan(UPDATES / 2);
    expect(worker.output()).not.toContain('change failed');

    const state = await harness.db
      .collection('recompute_state')
      .findOne({ _id: `startup:${startupId}` } as never);
    expect(state?.appliedVersion).toBe(UPDATES + 1);
    const stored = await harness.storedRankings();
    expect(stored.get(String(need?._id))?.[0]?.startupId).toBe(startupId);
    expect(canonical(stored)).toEqual(canonical(await harness.expected()));
    const ranking = await createMatchRepository(harness.db).currentRanking(String(need?._id));
    expect(ranking?.entries.find((entry) => entry.startupId === startupId)?.startupVersion).toBe(UPDATES + 1);
  });
});
