import { Redis } from 'ioredis';
import { changeStreamKey } from '../../services/matches/change-stream';
import { MATCHES_QUEUE } from '../../services/queue/queues';
import { redisOptionsFromUrl } from '../../services/queue/redis-options';
import { createHarness, type Harness } from './support/harness';
import { waitFor } from './support/wait';
import { spawnWorker, type WorkerProcess } from './support/worker-process';

describe('poison: a malformed change entry and a malformed rebuild job', () => {
  let harness: Harness;
  let worker: WorkerProcess;
  let redis: Redis;

  beforeAll(async () => {
    harness = await createHarness();
    await harness.insertNeed(700);
    worker = spawnWorker(harness.workerEnv());
    await worker.ready;
    await harness.waitForQuiet();
    redis = new Redis(redisOptionsFromUrl(harness.workerEnv().REDIS_URL as string, 'blocking'));
  });

  afterAll(async () => {
    redis.disconnect();
    await worker.stop();
    await harness.cleanup();
  });

  it('a malformed change entry is logged and acknowledged once, and the changes behind it still apply', async () => {
    const key = changeStreamKey(harness.prefix, 0);
    const poison = await redis.xadd(key, '*', 'kind', 'startup', 'id', 'not-an-id', 'version', 'x');
    const startupId = await harness.insertStartup(701);
    await harness.publish('startup', startupId, 1);

    await waitFor('the healthy change to be applied', async () =>
      (await harness.db.collection('recompute_state').findOne({ _id: `startup:${startupId}` } as never))
        ?.appliedVersion === 1
        ? true
        : undefined,
    );
    await harness.waitForQuiet();
    expect(await harness.changeBacklog()).toEqual({ delivered: 0, undelivered: 0 });
    const skipped = worker
      .output()
      .split('\n')
      .filter((line) => line.includes('invalid change entry skipped'));
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toContain(String(poison));
  });

  it('a malformed rebuild job fails once (UnrecoverableError, no retries)', async () => {
    const job = await harness.queue.add(
      'rebuild',
      { type: 'rebuild', reason: 'whim' },
      { attempts: 5, backoff: { type: 'exponential', delay: 100 } },
    );
    // State first, then the job: a job read before its state can still show the attempts from before it failed.
    const failed = await waitFor('the poison job to fail', async () =>
      (await harness.queue.getJobState(job.id as string)) === 'failed'
        ? harness.queue.getJob(job.id as string)
        : undefined,
    );
    expect(failed?.attemptsMade).toBe(1);
    expect(failed?.failedReason).toMatch(/invalid matches job payload/);
    expect(MATCHES_QUEUE).toBe(harness.queue.name);
  });
});
