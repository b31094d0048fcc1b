import { randomUUID } from 'node:crypto';
import { getRepositories } from '../../models';
import { fitModel } from '../../scoring';
import { MatchEngine } from '../../services/matches/match-engine';
import { createHarness, TEST_TOP_K, type Harness } from './support/harness';

/**
 * A shard owner's engine whose model load fails (here: the pointer names a snapshot whose chunks
 * are gone, as two racing publishers once left it) keeps ranking with the model it had, and loads
 * again when asked. Left without an index, it failed every change it was given, and a retried
 * rebuild did not load again, since the engine already held the new generation.
 */
describe('a model load that fails', () => {
  let harness: Harness;
  let engine: MatchEngine;
  let needId: string;
  const startupIds: string[] = [];

  beforeAll(async () => {
    harness = await createHarness();
    needId = await harness.insertNeed(4100);
    for (let i = 0; i < 8; i += 1) startupIds.push(await harness.insertStartup(4200 + i));
    const repos = getRepositories(harness.db);
    engine = new MatchEngine({
      source: repos.scoringInput,
      models: repos.scoringModels,
      owns: () => true,
      topK: TEST_TOP_K,
      fit: (needs, startups) =>
        fitModel(
          needs.map((need) => need.doc),
          startups.map((startup) => startup.doc),
        ),
    });
    await engine.start();
  });

  afterAll(async () => {
    await harness.cleanup();
  });

  /** Points the shared model at a snapshot that is not stored, one generation on. */
  async function pointAtMissingSnapshot(): Promise<void> {
    const current = harness.db.collection('scoring_current');
    const generation = Number((await current.findOne({}))?.generation) + 1;
    await current.updateOne({}, { $set: { snapshotId: randomUUID(), generation } });
  }

  it('leaves the engine ranking with its model, and a later load takes the new one', async () => {
    const modelVersion = engine.modelVersion;
    const generation = engine.modelGeneration;
    const ranking = engine.topFor(needId).map((match) => match.startupId);

    await pointAtMissingSnapshot();
    await expect(engine.reload()).rejects.toThrow(/is missing/);
    expect(engine.modelVersion).toBe(modelVersion);
    expect(engine.modelGeneration).toBe(generation);
    expect(engine.topFor(needId).map((match) => match.startupId)).toEqual(ranking);
    const repos = getRepositories(harness.db);
    const changed = await harness.update('startup', startupIds[0] as string, {
      description: 'drönare kamera',
    });
    expect(
      engine.applyStartup(startupIds[0] as string, await repos.scoringInput.startup(startupIds[0] as string)),
    ).toBe('applied');
    expect(engine.versionOf('startup', startupIds[0] as string)).toBe(changed);

    // Adopting a model the pointer has moved past loads the pointer's: it fails the same way, and
    // the engine keeps its generation, so the rebuild tried again loads anew.
    await expect(
      engine.adopt({
        model: await engine.fitFromStore(),
        snapshotId: randomUUID(),
        generation: generation + 5,
      }),
    ).rejects.toThrow(/is missing/);
    expect(engine.modelGeneration).toBe(generation);
    expect(engine.modelVersion).toBe(modelVersion);

    // A newer model published over the broken pointer: the next load takes it.
    const published = await repos.scoringModels.publish(await engine.fitFromStore(), generation + 1);
    await engine.reload();
    expect(engine.modelGeneration).toBe(published.generation);
    expect(engine.modelVersion).toBe(published.model.version);
    expect(engine.topFor(needId).length).toBeGreaterThan(0);
  });
});
