import { Redis } from 'ioredis';
import mongoose, { type Connection, type mongo } from 'mongoose';
import { getConfig } from '../../config';
import { fitModel } from '../../scoring';
import { createChangeLog } from '../../services/matches/change-log';
import { createEntitySource } from '../../models/entity-source';
import { createRankingStore } from '../../models/ranking-store';
import { MatchEngine } from '../../services/matches/match-engine';
import { createModelStore } from '../../models/model-store';
import { createNeedLock } from '../../services/matches/need-lock';
import { createRecomputeService, type RecomputeService } from '../../services/matches/recompute.service';
import { redisOptionsFromUrl } from '../../services/queue/redis-options';
import { canonical, createHarness, TEST_TOP_K, type Harness } from './support/harness';

/**
 * Two workers (two engines, two recompute services, each with its own connections) on one
 * database and one Redis prefix, in this process so the test can watch every command each one
 * sends to MongoDB (the driver's command monitoring on its real connection).
 */
interface TestWorker {
  db: Connection;
  redis: Redis;
  recompute: RecomputeService;
  /** `_id`s of the need states this worker read from `recompute_state` (one `find` each). */
  needReads: string[];
}

const LOCK_TTL_MS = 10_000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('a need state handed from one worker to the next with the lock grant (real Redis and FerretDB)', () => {
  const config = getConfig();
  let harness: Harness;
  const workers: TestWorker[] = [];
  const needIds: string[] = [];
  const startupIds: string[] = [];
  let a: TestWorker;
  let b: TestWorker;

  async function startWorker(): Promise<TestWorker> {
    const db = await mongoose
      .createConnection(config.MONGODB_URI, {
        dbName: harness.dbName,
        serverSelectionTimeoutMS: 5_000,
        autoIndex: false,
        monitorCommands: true,
      })
      .asPromise();
    const redis = new Redis(redisOptionsFromUrl(config.REDIS_URL, 'blocking'));
    const needReads: string[] = [];
    db.getClient().on('commandStarted', (event: mongo.CommandStartedEvent) => {
      const filter = event.command.filter as { _id?: unknown } | undefined;
      if (
        event.commandName === 'find' &&
        event.command.find === 'recompute_state' &&
        typeof filter?._id === 'string' &&
        filter._id.startsWith('need:')
      )
        needReads.push(filter._id);
    });
    const source = createEntitySource(db);
    const log = createChangeLog(redis, harness.prefix);
    const engine = new MatchEngine({
      source,
      log,
      models: createModelStore(db),
      topK: TEST_TOP_K,
      fit: (needs, startups) =>
        fitModel(
          needs.map((need) => need.doc),
          startups.map((startup) => startup.doc),
        ),
    });
    await engine.start();
    const recompute = createRecomputeService({
      rankings: createRankingStore(db),
      engine,
      source,
      log,
      lock: createNeedLock(redis, {
        prefix: harness.prefix,
        ttlMs: LOCK_TTL_MS,
        waitMs: LOCK_TTL_MS + 5_000,
      }),
      // One change at a time here: no ranking is overtaken while it is written.
      requestRank: async () => undefined,
      requestRebuild: async () => undefined,
      testDelayMs: 0,
    });
    const worker = { db, redis, recompute, needReads };
    workers.push(worker);
    return worker;
  }

  /** Rewrites a profile to echo a need's text (so it enters that need's top K) and has `worker` apply it. */
  async function echo(worker: TestWorker, startupId: string, needId: string, salt: string) {
    const need = await harness.db.collection('needs').findOne({ _id: new mongoose.Types.ObjectId(needId) });
    const version = await harness.update('startup', startupId, {
      description: `${String(need?.title)} ${String(need?.description)} ${salt}`,
    });
    worker.needReads.length = 0;
    return worker.recompute.applyChange('startup', startupId, version);
  }

  async function storedRankingHolds(needId: string, startupId: string): Promise<boolean> {
    return ((await harness.storedRankings()).get(needId) ?? []).some(
      (entry) => entry.startupId === startupId,
    );
  }

  /** Stored rankings and pair documents equal a fresh build from the stored documents and model. */
  async function expectFreshRankings(): Promise<void> {
    const expected = await harness.expected();
    expect(await harness.storedRankings()).toEqual(expected);
    expect(canonical(await harness.storedMatches())).toEqual(canonical(expected));
  }

  beforeAll(async () => {
    harness = await createHarness();
    for (let i = 0; i < 5; i += 1) needIds.push(await harness.insertNeed(800 + i));
    for (let i = 0; i < 30; i += 1) startupIds.push(await harness.insertStartup(900 + i));
    a = await startWorker();
    b = await startWorker();
    // Worker A writes every need first.
    await a.recompute.recomputeAll(async () => undefined);
    expect((await harness.storedRankings()).size).toBe(needIds.length);
  });

  afterAll(async () => {
    for (const worker of workers) {
      worker.redis.disconnect();
      await worker.db.close();
    }
    await harness.cleanup();
  });

  it('a worker writing needs the other wrote last reads none of their states from MongoDB, and the rankings are right', async () => {
    const [needId] = needIds as [string];
    const startupId = startupIds[0] as string;
    const outcome = await echo(b, startupId, needId, 'b1');
    expect(outcome.status).toBe('applied');
    expect(outcome.needsWritten).toBeGreaterThanOrEqual(1);
    expect(await storedRankingHolds(needId, startupId)).toBe(true);
    expect(b.needReads).toEqual([]);
    await expectFreshRankings();
    // What B recorded is tagged with the need's current revision and is the stored document as JSON.
    const recorded = (await b.redis.get(`${harness.prefix}:matches:ranking-state:${needId}`)) ?? '';
    const newline = recorded.indexOf('\n');
    expect(recorded.slice(0, newline)).toBe(
      await b.redis.hget(`${harness.prefix}:matches:ranking-revisions`, needId),
    );
    const stored = await harness.db.collection('recompute_state').findOne({ _id: `need:${needId}` } as never);
    expect(JSON.parse(recorded.slice(newline + 1))).toEqual(JSON.parse(JSON.stringify(stored)));

    // And back: A writes the need B wrote last (A's own memory of it is one revision old).
    const other = startupIds[1] as string;
    expect((await echo(a, other, needId, 'a1')).status).toBe('applied');
    expect(await storedRankingHolds(needId, other)).toBe(true);
    expect(a.needReads).toEqual([]);
    await expectFreshRankings();
  });

  it('with the recorded state gone (Redis lost it), the next writer reads MongoDB and the rankings are right', async () => {
    const [, needId] = needIds as [string, string];
    await a.recompute.rankNeed(needId);
    await b.redis.del(`${harness.prefix}:matches:ranking-state:${needId}`);
    const startupId = startupIds[2] as string;
    expect((await echo(b, startupId, needId, 'b2')).status).toBe('applied');
    expect(await storedRankingHolds(needId, startupId)).toBe(true);
    expect(b.needReads).toEqual([`need:${needId}`]);
    await expectFreshRankings();
  });

  it('after a writer died between writing MongoDB and recording (the record’s tag is stale), the next writer reads MongoDB and cleans up', async () => {
    const [, , needId] = needIds as [string, string, string];
    await b.recompute.rankNeed(needId);
    const expected = await harness.expected();
    const ranked = new Set((expected.get(needId) ?? []).map((entry) => entry.startupId));
    const outsider = startupIds.find((id) => !ranked.has(id)) as string;
    expect(outsider).toBeDefined();
    // A third writer takes the lock (moving the revision), writes what a writer killed after step
    // 2 of writeNeeds leaves (a pair document no ranking claims, marked pending) and never records.
    const deadRedis = new Redis(redisOptionsFromUrl(config.REDIS_URL, 'blocking'));
    try {
      await createNeedLock(deadRedis, {
        prefix: harness.prefix,
        ttlMs: LOCK_TTL_MS,
        waitMs: LOCK_TTL_MS,
      }).withLocks([needId], async () => {
        await harness.db
          .collection('recompute_state')
          .updateOne({ _id: `startup:${outsider}` } as never, { $addToSet: { inNeeds: needId } });
        await harness.db
          .collection('recompute_state')
          .updateOne({ _id: `need:${needId}` } as never, { $set: { pendingPairs: [outsider] } });
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
      });
    } finally {
      deadRedis.disconnect();
    }
    // B wrote the need last: both its memory and its record name the revision before the dead writer's.
    b.needReads.length = 0;
    await b.recompute.rankNeed(needId);
    expect(b.needReads).toEqual([`need:${needId}`]);
    await expectFreshRankings();
    const state = await harness.db.collection('recompute_state').findOne({ _id: `need:${needId}` } as never);
    expect(state?.pendingPairs).toBeUndefined();
    const outsiderState = await harness.db
      .collection('recompute_state')
      .findOne({ _id: `startup:${outsider}` } as never);
    expect(outsiderState?.inNeeds ?? []).not.toContain(needId);
  });

  it('the grant hands the recorded state only under the previous revision, only to a caller that does not know it, and only if recorded while the lock was held', async () => {
    const lock = createNeedLock(a.redis, { prefix: harness.prefix, ttlMs: LOCK_TTL_MS, waitMs: LOCK_TTL_MS });
    const needId = 'lock-only';
    const first = await lock.withLocks([needId], async (grant) => {
      expect(grant.previous.get(needId)).toBe('');
      expect(grant.recorded.size).toBe(0);
      grant.record(needId, 'state 1');
      return grant.revision;
    });
    const second = await lock.withLocks([needId], async (grant) => {
      expect(grant.previous.get(needId)).toBe(first);
      expect(grant.recorded.get(needId)).toBe('state 1');
      grant.record(needId, 'state 2');
      return grant.revision;
    });
    // The caller remembers the state of `second`: nothing is shipped. It records nothing (a writer
    // that died before recording), so the next grant finds a stale tag and hands nothing.
    const third = await lock.withLocks(
      [needId],
      async (grant) => {
        expect(grant.previous.get(needId)).toBe(second);
        expect(grant.recorded.has(needId)).toBe(false);
        return grant.revision;
      },
      new Map([[needId, second]]),
    );
    await lock.withLocks([needId], async (grant) => {
      expect(grant.previous.get(needId)).toBe(third);
      expect(grant.recorded.has(needId)).toBe(false);
    });
    // A holder whose lock expired records nothing.
    const short = createNeedLock(a.redis, { prefix: harness.prefix, ttlMs: 50, waitMs: LOCK_TTL_MS });
    const late = await short.withLocks([needId], async (grant) => {
      grant.record(needId, 'too late');
      await sleep(150);
      return grant.revision;
    });
    await lock.withLocks([needId], async (grant) => {
      expect(grant.previous.get(needId)).toBe(late);
      expect(grant.recorded.has(needId)).toBe(false);
    });
    const stored = await a.redis.get(`${harness.prefix}:matches:ranking-state:${needId}`);
    expect(stored).toBe(`${second}\nstate 2`);
    expect(await a.redis.pttl(`${harness.prefix}:matches:ranking-state:${needId}`)).toBeGreaterThan(
      3_000_000,
    );
  });
});
