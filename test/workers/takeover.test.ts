import { Redis } from 'ioredis';
import { Types } from 'mongoose';
import { getConfig } from '../../config';
import { createMatchRepository } from '../../models/match.repository';
import { createLeases } from '../../services/matches/lease';
import { redisOptionsFromUrl } from '../../services/queue/redis-options';
import { canonical, createHarness, TEST_LEASE_MS, type Harness } from './support/harness';
import { waitFor } from './support/wait';
import { spawnWorker, type WorkerProcess, jsonLinesOf } from './support/worker-process';

/** One pino line a worker printed. */
interface LogLine {
  time: number;
  msg: string;
  shard?: number;
  fence?: number;
  ms?: number;
  err?: string;
}

function loggedLine(worker: WorkerProcess, msg: string): LogLine | undefined {
  return jsonLinesOf<LogLine>(worker).find((line) => line.msg === msg);
}

/** Every need's current ranking's fence (needs with a ranking). */
async function fencesOf(harness: Harness): Promise<Map<string, number>> {
  const repository = createMatchRepository(harness.db);
  const needs = await harness.db
    .collection('needs')
    .find({}, { projection: { _id: 1 } })
    .toArray();
  const out = new Map<string, number>();
  for (const need of needs) {
    const ranking = await repository.currentRanking(String(need._id));
    if (ranking !== null) out.set(String(need._id), ranking.fence);
  }
  return out;
}

describe('one owner, one standby', () => {
  let harness: Harness;
  const workers: WorkerProcess[] = [];
  const startupIds: string[] = [];

  beforeAll(async () => {
    harness = await createHarness();
    for (let i = 0; i < 6; i += 1) await harness.insertNeed(2000 + i);
    for (let i = 0; i < 200; i += 1) startupIds.push(await harness.insertStartup(2100 + i));
  }, 120_000);

  afterEach(async () => {
    for (const worker of workers.splice(0)) {
      if (worker.child.pid !== undefined && worker.child.exitCode === null) {
        try {
          process.kill(worker.child.pid, 'SIGCONT');
        } catch {
          // already gone
        }
      }
      await worker.kill();
    }
  });

  afterAll(async () => {
    await harness.cleanup();
  });

  it('kill -9 the owner while 200 profiles change: the standby takes over within the lease, and the rankings equal a clean rebuild', async () => {
    const owner = spawnWorker(harness.workerEnv());
    workers.push(owner);
    await owner.ready;
    const standby = spawnWorker(harness.workerEnv());
    workers.push(standby);
    await standby.ready;
    await harness.waitForQuiet();
    expect(loggedLine(owner, 'shard taken over')).toBeDefined();
    expect(loggedLine(standby, 'lease taken')).toBeUndefined();

    const needs = await harness.db.collection('needs').find({}).toArray();
    const versions = new Map<string, number>();
    let killedAt = 0;
    /** The first change made after the kill: when the standby serves it (its applied version reached). */
    let fresh: Promise<number> = Promise.resolve(Number.NaN);
    for (let i = 0; i < 200; i += 1) {
      if (i === 60) {
        await owner.kill();
        killedAt = Date.now();
      }
      const need = needs[i % needs.length];
      const startupId = startupIds[i] as string;
      const version = await harness.update('startup', startupId, {
        description: `${String(need?.title)} ${String(need?.description)} ${i}`,
      });
      versions.set(startupId, version);
      await harness.publish('startup', startupId, version);
      if (i === 60)
        fresh = waitFor(
          'the first change after the kill to be served',
          async () => {
            const state = await harness.db
              .collection('recompute_state')
              .findOne({ _id: `startup:${startupId}` } as never);
            return state?.appliedVersion === version ? Date.now() : undefined;
          },
          120_000,
          50,
        );
    }

    const taken = await waitFor(
      'the standby to take the shard over',
      async () => loggedLine(standby, 'shard taken over'),
      30_000,
      50,
    );
    const leaseTaken = loggedLine(standby, 'lease taken') as LogLine;
    const loaded = loggedLine(standby, 'index loaded') as LogLine;
    const freshMs = (await fresh) - killedAt;
    await waitFor(
      'every change to be applied',
      async () => {
        for (const [startupId, version] of versions) {
          const state = await harness.db
            .collection('recompute_state')
            .findOne({ _id: `startup:${startupId}` } as never);
          if (state?.appliedVersion !== version) return undefined;
        }
        return true;
      },
      120_000,
      200,
    );
    const freshAt = Date.now();
    await harness.waitForQuiet();

    const leaseWaitMs = leaseTaken.time - killedAt;
    const loadMs = loaded.ms ?? Number.NaN;
    // The figures the note reports (a busy machine: the lease wait is bounded, the load is not).
    console.log(
      `take-over: lease taken ${leaseWaitMs} ms after the kill (MATCH_LEASE_MS ${TEST_LEASE_MS}), loaded in ${loadMs} ms, take-over done ${taken.ms} ms after the lease; first change after the kill served ${freshMs} ms after it, every change applied ${freshAt - killedAt} ms after it`,
    );
    // The lease expires at most MATCH_LEASE_MS after the owner's last renewal, and the standby looks just after it expires.
    const leaseBoundMs = TEST_LEASE_MS + 500;
    expect(leaseWaitMs).toBeLessThanOrEqual(leaseBoundMs);
    // Fresh rankings again within the lease plus the load: the change, stored before the load, is in
    // the rankings the take-over writes once loaded (0.2–0.3 s of writing here; 3 s for a busy machine).
    expect(freshMs).toBeLessThanOrEqual(leaseBoundMs + loadMs + 3_000);
    expect(canonical(await harness.storedRankings())).toEqual(canonical(await harness.expected()));
    const fences = await fencesOf(harness);
    expect(new Set(fences.values())).toEqual(new Set([leaseTaken.fence]));
  }, 240_000);

  it('SIGSTOP the owner past its lease: the standby takes over, and none of the resumed owner’s writes is visible', async () => {
    // The owner pauses between computing a ranking and writing it (the test hook), where it is stopped.
    const owner = spawnWorker(harness.workerEnv({ WORKER_TEST_DELAY_MS: '1500' }));
    workers.push(owner);
    await owner.ready;
    // The last test's killed owner may still hold the lease for a moment.
    await waitFor(
      'the owner to take the shard',
      async () => loggedLine(owner, 'shard taken over'),
      30_000,
      50,
    );
    await harness.waitForQuiet();
    const standby = spawnWorker(harness.workerEnv());
    workers.push(standby);
    await standby.ready;
    const ownerFence = loggedLine(owner, 'lease taken')?.fence as number;

    const need = await harness.db.collection('needs').findOne({});
    const startupId = startupIds[0] as string;
    const version = await harness.update('startup', startupId, {
      description: `${String(need?.title)} ${String(need?.description)} stopped`,
    });
    await harness.publish('startup', startupId, version);
    await waitFor(
      'the owner to run the job',
      async () => ((await harness.changeBacklog()).delivered > 0 ? true : undefined),
      20_000,
      20,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    process.kill(owner.child.pid as number, 'SIGSTOP');

    const taken = await waitFor(
      'the standby to take the shard over',
      async () => loggedLine(standby, 'shard taken over'),
      30_000,
      50,
    );
    await harness.waitForQuiet();
    const before = await harness.db
      .collection('rankings')
      .find({ fence: ownerFence }, { projection: { _id: 1 } })
      .toArray();

    process.kill(owner.child.pid as number, 'SIGCONT');
    await waitFor(
      'the resumed owner to find its write refused',
      async () => (owner.output().includes('StaleFenceError') ? true : undefined),
      30_000,
      50,
    );
    await waitFor(
      'the resumed owner to give the shard up',
      async () => loggedLine(owner, 'shard given up'),
      30_000,
      50,
    );
    await harness.waitForQuiet();

    // The resumed owner did write (ranking documents under its old fence)…
    const after = await harness.db
      .collection('rankings')
      .find({ fence: ownerFence }, { projection: { _id: 1 } })
      .toArray();
    const written = after
      .map((doc) => String(doc._id))
      .filter((id) => !before.some((doc) => String(doc._id) === id));
    expect(written.length).toBeGreaterThan(0);
    // …and readers see none of it: every current ranking is the new owner's, and equals a clean rebuild.
    expect(taken.fence).toBeGreaterThan(ownerFence);
    const fences = await fencesOf(harness);
    expect(fences.size).toBeGreaterThan(0);
    expect(new Set(fences.values())).toEqual(new Set([taken.fence]));
    expect(canonical(await harness.storedRankings())).toEqual(canonical(await harness.expected()));
    const state = await harness.db
      .collection('recompute_state')
      .findOne({ _id: `startup:${startupId}` } as never);
    expect(state?.appliedVersion).toBe(version);
    expect(Types.ObjectId.isValid(startupId)).toBe(true);
  }, 240_000);
});

describe('a standby looks at a lease again when it would expire', () => {
  /**
   * The standby's own lease: a standby looks at least every tenth of it, here 30 s, so a standby
   * that takes the lease within LATE_MS of its expiry does so because it looked then (looking every
   * tenth from its start, it would first look 30 s after it, some 20 s after the expiry here).
   */
  const STANDBY_LEASE_MS = 300_000;
  /** The dead owner's lease (renewed every third of it, as an owner does). */
  const OWNER_LEASE_MS = 2_000;
  /** Expiry → lease taken: the standby's look, reading the stored fence and taking the lease on a busy machine. */
  const LATE_MS = 750;
  let harness: Harness;
  let redis: Redis;
  let standby: WorkerProcess | undefined;

  beforeAll(async () => {
    harness = await createHarness();
    for (let i = 0; i < 3; i += 1) await harness.insertNeed(3000 + i);
    for (let i = 0; i < 20; i += 1) await harness.insertStartup(3100 + i);
    redis = new Redis(redisOptionsFromUrl(getConfig().REDIS_URL, 'blocking'));
  }, 120_000);

  afterAll(async () => {
    await standby?.kill();
    redis.disconnect();
    await harness.cleanup();
  });

  it('the owner dies just after renewing: the standby takes the lease within MATCH_LEASE_MS of it, just after it expires', async () => {
    const leases = createLeases(redis, harness.prefix, 'an owner that dies', OWNER_LEASE_MS);
    const held = await leases.tryAcquire(0, 0);
    expect(held).not.toBeNull();
    const renew = setInterval(() => void leases.renew(held!), OWNER_LEASE_MS / 3);
    try {
      standby = spawnWorker(harness.workerEnv({ MATCH_LEASE_MS: String(STANDBY_LEASE_MS) }));
      await standby.ready;
      // Standing by for a few renewals (each look finds the lease renewed).
      await new Promise((resolve) => setTimeout(resolve, OWNER_LEASE_MS * 2));
    } finally {
      clearInterval(renew);
    }
    expect(await leases.renew(held!)).toBe(true);
    const diedAt = Date.now();
    // Read as the request left (an expiry estimated early, if anything: the measure errs against the standby).
    const expiresAt = diedAt + (await redis.pttl(`${harness.prefix}:matches:lease:0`));
    const running = standby;

    const taken = await waitFor(
      'the standby to take the lease',
      async () => loggedLine(running, 'lease taken'),
      STANDBY_LEASE_MS / 10 + 30_000,
      20,
    );
    console.log(
      `standby: lease taken ${taken.time - expiresAt} ms after it expired, ${taken.time - diedAt} ms after its owner died (its lease ${OWNER_LEASE_MS} ms)`,
    );
    expect(taken.fence).toBeGreaterThan(held!.fence);
    expect(taken.time - expiresAt).toBeLessThanOrEqual(LATE_MS);
    expect(taken.time - diedAt).toBeLessThanOrEqual(OWNER_LEASE_MS + LATE_MS);
  }, 240_000);
});
