import { canonical, createHarness, type Harness } from './support/harness';
import { spawnWorker, type WorkerProcess } from './support/worker-process';

describe('a ranking left with pendingPairs (a writer stopped between its pair documents and its ranking)', () => {
  let harness: Harness;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    harness = await createHarness();
    for (let i = 0; i < 4; i += 1) await harness.insertNeed(500 + i);
    for (let i = 0; i < 20; i += 1) await harness.insertStartup(600 + i);
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.kill()));
    await harness.cleanup();
  });

  it('is found by the reconciliation at start and re-ranked: the pair no ranking claims is removed', async () => {
    const first = spawnWorker(harness.workerEnv());
    workers.push(first);
    await first.ready;
    await harness.waitForQuiet();
    expect(await first.stop()).toBe(0);

    // What a writer killed after step 2 of writeNeeds leaves: the placement, the pending mark and a
    // pair document for a profile the stored ranking does not hold.
    const expected = await harness.expected();
    const [needId, ranking] = [...expected.entries()][0] as [string, { startupId: string }[]];
    const ranked = new Set(ranking.map((entry) => entry.startupId));
    const outsider = (
      await harness.db
        .collection('startups')
        .find({}, { projection: { _id: 1 } })
        .toArray()
    )
      .map((doc) => String(doc._id))
      .find((id) => !ranked.has(id)) as string;
    expect(outsider).toBeDefined();
    await harness.db.collection('matches').insertOne({
      _id: `${needId}:${outsider}`,
      needId,
      startupId: outsider,
      score: 0.99,
      modelVersion: 'm',
      needVersion: 1,
      startupVersion: 1,
      updatedAt: new Date(),
    } as never);
    await harness.db
      .collection('recompute_state')
      .updateOne({ _id: `need:${needId}` } as never, { $set: { pendingPairs: [outsider] } });
    await harness.db
      .collection('recompute_state')
      .updateOne({ _id: `startup:${outsider}` } as never, { $addToSet: { inNeeds: needId } });

    const second = spawnWorker(harness.workerEnv());
    workers.push(second);
    await second.ready;
    await harness.waitForQuiet(60_000);

    expect(canonical(await harness.storedMatches())).toEqual(canonical(expected));
    expect(await harness.storedRankings()).toEqual(expected);
    const needState = await harness.db
      .collection('recompute_state')
      .findOne({ _id: `need:${needId}` } as never);
    expect(needState?.pendingPairs).toBeUndefined();
    const outsiderState = await harness.db
      .collection('recompute_state')
      .findOne({ _id: `startup:${outsider}` } as never);
    expect(outsiderState?.inNeeds ?? []).not.toContain(needId);
  });
});
