import { matchesJobOptions, MATCHES_QUEUE } from '../../services/queue/queues';
import { createHarness, type Harness } from './support/harness';
import { waitFor } from './support/wait';
import { spawnWorker, type WorkerProcess } from './support/worker-process';

describe('a poison job', () => {
  let harness: Harness;
  let worker: WorkerProcess;

  beforeAll(async () => {
    harness = await createHarness();
    await harness.insertNeed(700);
    worker = spawnWorker(harness.workerEnv());
    await worker.ready;
    await harness.waitForQuiet();
  });

  afterAll(async () => {
    await worker.stop();
    await harness.cleanup();
  });

  it('fails once (UnrecoverableError, no retries) and the jobs behind it still run', async () => {
    const policy = { attempts: 5, backoffMs: 100 };
    const poison = await harness.queue.add(
      'change',
      { type: 'change', kind: 'startup', id: 'not-an-id', version: 'x' },
      {
        attempts: policy.attempts,
        backoff: { type: 'exponential', delay: policy.backoffMs },
      },
    );
    const startupId = await harness.insertStartup(701);
    const good = {
      type: 'change' as const,
      kind: 'startup' as const,
      id: startupId,
      version: 1,
      deleted: false,
    };
    const healthy = await harness.queue.add('change', good, matchesJobOptions(good, policy));

    // State first, then the job: a job read before its state can still show the attempts from before it failed.
    const failed = await waitFor('the poison job to fail', async () =>
      (await harness.queue.getJobState(poison.id as string)) === 'failed'
        ? harness.queue.getJob(poison.id as string)
        : undefined,
    );
    expect(failed?.attemptsMade).toBe(1);
    expect(failed?.failedReason).toMatch(/invalid matches job payload/);
    await waitFor('the healthy job to complete', async () =>
      (await (await harness.queue.getJob(healthy.id as string))?.getState()) === 'completed'
        ? true
        : undefined,
    );
    expect(MATCHES_QUEUE).toBe(harness.queue.name);
    expect(
      (await harness.db.collection('recompute_state').findOne({ _id: `startup:${startupId}` } as never))
        ?.appliedVersion,
    ).toBe(1);
  });
});
