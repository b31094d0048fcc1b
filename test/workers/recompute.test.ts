import { createMatchRepository } from '../../models/match.repository';
import { canonical, createHarness, type Harness } from './support/harness';
import { spawnWorker, type WorkerProcess } from './support/worker-process';

describe('matches worker: every change to a need or profile recomputes its matches', () => {
  let harness: Harness;
  let worker: WorkerProcess;
  const needIds: string[] = [];
  const startupIds: string[] = [];

  beforeAll(async () => {
    harness = await createHarness();
    for (let i = 0; i < 6; i += 1) needIds.push(await harness.insertNeed(i));
    for (let i = 0; i < 30; i += 1) startupIds.push(await harness.insertStartup(100 + i));
    worker = spawnWorker(harness.workerEnv());
    await worker.ready;
  });

  afterAll(async () => {
    await worker.stop();
    await harness.cleanup();
  });

  it('at start, the reconciliation computes every need: stored matches equal a clean recompute', async () => {
    await harness.waitForQuiet();
    const expected = await harness.expected();
    expect(expected.size).toBe(needIds.length);
    expect(await harness.storedRankings()).toEqual(expected);
    expect(canonical(await harness.storedRankings())).toEqual(canonical(expected));
  });

  it('the match repository serves rankings per need, per startup and for several needs', async () => {
    const repository = createMatchRepository(harness.db);
    const expected = await harness.expected();
    const [needId, ranking] = [...expected.entries()][0] as [string, { startupId: string; score: number }[]];
    const forNeed = await repository.listForNeed(needId, { limit: 3 });
    expect(forNeed.map((match) => [match.startupId, match.rank])).toEqual(
      ranking.slice(0, 3).map((entry, index) => [entry.startupId, index + 1]),
    );
    expect(forNeed[0]).toMatchObject({
      needId,
      needVersion: 1,
      startupVersion: 1,
      modelVersion: expect.any(String),
      explanation: expect.any(Object),
    });
    const several = await repository.listForNeeds(needIds, { perNeed: 2 });
    expect([...several.keys()].sort()).toEqual([...expected.keys()].sort());
    expect([...several.values()].every((list) => list.length === 2)).toBe(true);
    const startupId = (ranking[0] as { startupId: string }).startupId;
    const forStartup = await repository.listForStartup(startupId);
    const holding = [...expected.entries()]
      .filter(([, list]) => list.some((entry) => entry.startupId === startupId))
      .map(([id]) => id);
    expect(forStartup.map((match) => match.needId).sort()).toEqual(holding.sort());
    expect((await repository.listAll()).length).toBe([...expected.values()].flat().length);
  });

  it('when a profile is rewritten to echo a need, it enters that need’s ranking at the new version', async () => {
    const need = await harness.db.collection('needs').findOne({});
    const startupId = startupIds[0] as string;
    const version = await harness.update('startup', startupId, {
      description: `${String(need?.description)} ${String(need?.title)}`,
    });
    await harness.publish('startup', startupId, version);
    await harness.waitForQuiet();
    const stored = await harness.storedRankings();
    expect(stored.get(String(need?._id))?.some((match) => match.startupId === startupId)).toBe(true);
    expect(canonical(stored)).toEqual(canonical(await harness.expected()));
  });

  it('when a profile is deleted, its matches disappear and the rankings refill', async () => {
    const [needId, ranking] = [...(await harness.storedRankings()).entries()][0] as [
      string,
      { startupId: string }[],
    ];
    const victim = (ranking[0] as { startupId: string }).startupId;
    const version = await harness.remove('startup', victim);
    await harness.publish('startup', victim, version, true);
    await harness.waitForQuiet();
    const stored = await harness.storedRankings();
    expect(stored.get(needId)?.some((match) => match.startupId === victim)).toBe(false);
    expect(canonical(stored)).toEqual(canonical(await harness.expected()));
  });

  it('when a need is closed or deleted, its matches are removed', async () => {
    const closed = needIds[1] as string;
    const deleted = needIds[2] as string;
    await harness.publish('need', closed, await harness.update('need', closed, { status: 'closed' }));
    await harness.publish('need', deleted, await harness.remove('need', deleted), true);
    await harness.waitForQuiet();
    const stored = await harness.storedRankings();
    expect(stored.has(closed)).toBe(false);
    expect(stored.has(deleted)).toBe(false);
    expect(canonical(stored)).toEqual(canonical(await harness.expected()));
    expect(canonical(await harness.storedRankings())).toEqual(canonical(stored));
  });
});
