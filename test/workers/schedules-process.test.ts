import type { SchedulesProducer } from '../../services/queue/schedules.producer';
import { buildEvent, startTestApp, type TestApp } from '../support';
import { recomputeStateModelOf } from '../../models/recompute-state.model';
import { storeRankings } from '../schedules/schedule-setup';
import { createHarness, type Harness } from './support/harness';
import { waitFor } from './support/wait';
import { alive, spawnWorker, type WorkerProcess } from './support/worker-process';
import { testSchedulesProducer } from './support/schedules-producer';

const NEEDS = 140;
const STARTUPS = 300;
/** Job lock of the worker in the first test (WORKER_LOCK_MS); the schedule solve takes longer. Milliseconds. */
const LOCK_MS = 1_000;
/** Days of the event (at most 14); the needs and startups above set how long the solve blocks (seconds). */
const DAYS = 14;

/** Pid of the schedules child a worker logged (the last one it started). */
function childPidOf(worker: WorkerProcess): number {
  const pids = [...worker.output().matchAll(/"childPid":(\d+),"msg":"child process started"/g)].map((match) =>
    Number(match[1]),
  );
  const pid = pids.at(-1);
  if (pid === undefined) throw new Error(`no child process started:\n${worker.output()}`);
  return pid;
}

describe('the schedules queue runs in a child process of the worker', () => {
  let harness: Harness;
  let producer: SchedulesProducer;
  let app: TestApp;
  let eventId: string;
  let needIds: string[];
  let startupIds: string[];
  const workers: WorkerProcess[] = [];

  function start(extra: Record<string, string> = {}): Promise<WorkerProcess> {
    const worker = spawnWorker(harness.workerEnv(extra));
    workers.push(worker);
    return worker.ready.then(() => worker);
  }

  function slowBuild(): Promise<string> {
    // Every startup a candidate of every need: the heuristic (synchronous, unlike HiGHS, which
    // yields to the event loop) then takes a few seconds on this event.
    return producer.enqueue({ action: 'build', eventId, minScore: 0, topK: STARTUPS });
  }

  /**
   * Every need ranks every startup, in place of what a worker's reconciliation stored (its top
   * MATCHES_TOP_K only), so every startup is a candidate of every need.
   */
  async function storeTestRankings(): Promise<void> {
    await recomputeStateModelOf(harness.db).deleteMany({ kind: 'need', id: { $in: needIds } });
    await storeRankings(
      harness.db,
      needIds,
      startupIds,
      (n, s) => 0.2 + (((Math.imul(n * 7919 + s, 2654435761) >>> 0) % 1000) / 1000) * 0.8,
    );
  }

  function stateOf(jobId: string): Promise<string> {
    return producer.queue.getJobState(jobId);
  }

  beforeAll(async () => {
    harness = await createHarness();
    producer = testSchedulesProducer(harness.prefix, 1);
    app = await startTestApp({ dbName: harness.dbName, schedulesQueue: producer, scheduleAsyncMinSize: 0 });
    // Written straight to the database with rankings of their own, which the schedule reads; the
    // workers rank them too when they start (reconciliation).
    needIds = [];
    for (let n = 0; n < NEEDS; n += 1) {
      needIds.push(
        await harness.insertNeed(n, {
          owner: { name: `Värd ${n}`, email: `host-${n}@example.se` },
          meetings: { min: 2, max: 12 },
        }),
      );
    }
    startupIds = [];
    for (let s = 0; s < STARTUPS; s += 1)
      startupIds.push(await harness.insertStartup(1000 + s, { maxMeetings: 8 }));
    await storeTestRankings();
    const created = await app.request<{ id: string }>('POST', '/events', {
      key: app.facilitatorKey,
      body: buildEvent({
        days: Array.from({ length: DAYS }, (_, d) =>
          new Date(Date.UTC(2026, 2, 2 + d)).toISOString().slice(0, 10),
        ).map((date) => ({
          date,
          sessions: [
            { start: '00:00', end: '12:00' },
            { start: '12:00', end: '23:40' },
          ],
        })),
        rooms: Array.from({ length: 40 }, (_, r) => ({ id: `bord-${r}`, name: `Bord ${r}` })),
        needIds,
        startupIds,
      }),
    });
    if (created.status !== 201) throw new Error(`event: ${created.status} ${JSON.stringify(created.body)}`);
    eventId = created.body.id;
  }, 120_000);

  afterEach(async () => {
    // A failed test leaves no worker behind to take the next test's jobs.
    for (const worker of workers.splice(0)) await worker.kill();
  });

  afterAll(async () => {
    for (const worker of workers) await worker.kill();
    await producer?.queue.obliterate({ force: true }).catch(() => undefined);
    await producer?.close();
    await app?.stop();
    await harness?.cleanup();
  });

  it('while a schedule solve longer than the job lock runs, a matches change is ranked in the meantime', async () => {
    const worker = await start({ WORKER_LOCK_MS: String(LOCK_MS) });
    /**
     * Starts a slow build, adds a need once it is solving, and says whether the need was ranked
     * while the solve still ran. On a busy machine the solve can end before the new need's job is
     * picked up, which proves nothing either way, so the caller tries again; with the solve in the
     * worker's own event loop, no attempt could ever rank the need before the solve returned.
     * The full test rankings are stored again each time: the owner's write of the previous
     * attempt's need replaced them with its own top-K lists, which solve too fast.
     */
    async function attempt(n: number): Promise<{ rankedWhileSolving: boolean; jobId: string }> {
      await harness.waitForQuiet(120_000);
      await storeTestRankings();
      const jobId = await slowBuild();
      // Progress 0.3: the records are loaded and the (synchronous) solve begins.
      await waitFor(
        'the slow build to start solving',
        async () => (Number((await producer.queue.getJob(jobId))?.progress) >= 0.3 ? true : undefined),
        60_000,
        50,
      );
      const needId = await harness.insertNeed(9_000 + n);
      await harness.publish('need', needId, 1);
      await waitFor(
        'the new need to be ranked',
        async () => ((await harness.storedRankings()).has(needId) ? true : undefined),
        60_000,
        50,
      );
      // Still solving: the processor reports 0.9 once the solve returned.
      const progress = (await producer.queue.getJob(jobId))?.progress;
      await waitFor(
        'the slow build to complete',
        async () => ((await stateOf(jobId)) === 'completed' ? true : undefined),
        60_000,
        200,
      );
      const done = await producer.queue.getJob(jobId);
      console.log(
        JSON.stringify({ attempt: n, progress, solveMs: (done?.finishedOn ?? 0) - (done?.processedOn ?? 0) }),
      );
      return { rankedWhileSolving: progress === 0.3, jobId };
    }

    let result = await attempt(0);
    for (let n = 1; n < 3 && !result.rankedWhileSolving; n += 1) result = await attempt(n);
    expect(result.rankedWhileSolving).toBe(true);

    const job = await producer.queue.getJob(result.jobId);
    // Longer than the matches job lock: in one process, the matches worker could neither have run
    // a job nor renewed a lock for that long.
    expect((job?.finishedOn ?? 0) - (job?.processedOn ?? 0)).toBeGreaterThan(LOCK_MS);
    expect(job?.attemptsMade).toBe(1);
    expect(await worker.stop()).toBe(0);
  }, 400_000);

  it('SIGTERM during a solve: the child finishes it, then both processes exit with 0', async () => {
    const worker = await start();
    await harness.waitForQuiet(120_000);
    await storeTestRankings();
    const childPid = childPidOf(worker);
    const jobId = await slowBuild();
    await waitFor('the slow build to start', async () =>
      (await stateOf(jobId)) === 'active' ? true : undefined,
    );

    expect(await worker.stop()).toBe(0);
    expect(await stateOf(jobId)).toBe('completed');
    expect(alive(childPid)).toBe(false);
    expect(worker.output()).toMatch(
      /"pid":\d+,"queues":"schedules","signal":"SIGTERM","msg":"finishing the job in hand, then exiting"/,
    );
  }, 120_000);

  it('a child killed with -9 is started again and serves the queue; a child whose parent is killed with -9 exits', async () => {
    const worker = await start();
    const first = childPidOf(worker);
    process.kill(first, 'SIGKILL');
    const second = await waitFor('a new child process', async () => {
      const pid = childPidOf(worker);
      return pid === first ? undefined : pid;
    });
    expect(worker.output()).toContain('child process exited unexpectedly; restarting');

    const jobId = await producer.enqueue({ action: 'build', eventId, minScore: 0 });
    await waitFor(
      'a build on the new child to complete',
      async () => ((await stateOf(jobId)) === 'completed' ? true : undefined),
      30_000,
      200,
    );

    await worker.kill();
    await waitFor('the orphaned child to exit', async () => (alive(second) ? undefined : true), 20_000);
  }, 120_000);
});
