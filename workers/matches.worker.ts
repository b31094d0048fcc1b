import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { openDatabase } from '../models';
import { fitModel } from '../scoring';
import { matchesJobOptions, matchesQueueName, type MatchesJob } from '../services/queue/queues';
import { bullConnectionFromUrl, redisOptionsFromUrl } from '../services/queue/redis-options';
import { isOwnershipLost } from '../services/matches/errors';
import { createLeases, type HeldLease } from '../services/matches/lease';
import { changeStreamKey } from '../services/matches/change-stream';
import { createShardOwner, type ShardOwner } from '../services/matches/shard-owner';
import { noticeDenseStatusFlips, noticeRankingWrites, redisGenerations } from '../services/read-models';
import { createDenseRefresher, type DenseRefresher } from '../services/matches/dense-refresh';
import { createLexicalFirst } from '../services/matches/lexical-first';
import { createEmbedder, createEmbeddingsClient, type DenseSyncDeps } from '../services/embeddings';
import { createChangeConsumer, type ChangeConsumer } from './change-consumer';
import { createMatchesProcessor } from './matches.processor';

/**
 * A started queue worker: it takes jobs once `run` is called (so a process told to stop while it
 * started takes none); `close` finishes the job in hand and releases its connections.
 */
export interface RunningWorker {
  run(): void;
  close(): Promise<void>;
}

/** A shard this process owns: its lease, its rankings in memory, its change stream's consumer and the BullMQ worker of its rebuild queue. */
interface Owned {
  lease: HeldLease;
  owner: ShardOwner;
  consumer: ChangeConsumer;
  worker: Worker;
  timers: NodeJS.Timeout[];
  dense: DenseRefresher | undefined;
}

/**
 * Serves the change streams and `matches` (rebuild) queues as owner of the shards whose lease it takes, and as standby for the
 * others: at start it takes a free shard (loading it before it reports ready), then looks at each
 * other shard's lease again just after it would expire (a tenth of `MATCH_LEASE_MS` at the latest)
 * and takes over a shard whose owner stopped renewing (at once when it owns none; after k leases of
 * the shard being free when it owns k, so shards spread over the workers there are).
 * An owner renews its lease every third of `MATCH_LEASE_MS` and reconciles every
 * `RECONCILE_INTERVAL_MS`; one that finds its lease lost (LeaseLostError, StaleFenceError) stops
 * serving the shard and becomes its standby again.
 */
export async function startMatchesWorker(config: Config, logger: Logger): Promise<RunningWorker> {
  const db = await openDatabase(config.MONGODB_URI);
  const { scoringInput: source, scoringModels: models } = db.repos;
  // Every ranking write bumps the API's `rankings` generation, so the API reads its match lists
  // again; so does a dense status record that turns `degraded` on or off (match lists carry it).
  const generationsRedis = new Redis(redisOptionsFromUrl(config.REDIS_URL, 'fail-fast'));
  generationsRedis.on('error', (err) => logger.warn({ err: err.message }, 'redis (generations)'));
  const generations = redisGenerations(generationsRedis, config.QUEUE_PREFIX, (err) =>
    logger.warn(
      { err: (err as Error).message },
      'rankings written but not announced; the API reads them within 2 s',
    ),
  );
  // The dense channel: vectors from the embeddings endpoint, stored by text hash and model, asked
  // for once the change consumers have been quiet a moment (lexical rankings first).
  const lexicalFirst = createLexicalFirst({
    quietMs: config.EMBEDDINGS_QUIET_MS,
    maxWaitMs: config.EMBEDDINGS_MAX_WAIT_MS,
  });
  const dense: (DenseSyncDeps & { now: () => Date }) | undefined =
    config.MATCH_DENSE === 'on'
      ? {
          embedder: createEmbedder({
            client: createEmbeddingsClient({
              url: config.EMBEDDINGS_URL,
              model: config.EMBEDDINGS_MODEL,
              apiKey: config.EMBEDDINGS_API_KEY,
              timeoutMs: config.EMBEDDINGS_TIMEOUT_MS,
            }),
            store: db.repos.embeddings,
            batchSize: config.EMBEDDINGS_BATCH_SIZE,
            beforeRequest: () => lexicalFirst.quiet(),
          }),
          status: noticeDenseStatusFlips(db.repos.denseStatus, generations),
          now: () => new Date(),
        }
      : undefined;
  const redis = new Redis(redisOptionsFromUrl(config.REDIS_URL, 'blocking'));
  redis.on('error', (err) => logger.warn({ err: err.message }, 'redis'));
  const rankings = noticeRankingWrites(db.repos.rankings, generations);
  const leaseMs = config.MATCH_LEASE_MS;
  const workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const leases = createLeases(redis, config.QUEUE_PREFIX, workerId, leaseMs);
  /** The longest a standby waits between two looks at a shard's lease. */
  const lookMs = Math.max(50, Math.floor(leaseMs / 10));
  const queues = Array.from({ length: config.MATCH_SHARDS }, (_, shard) => {
    const queue = new Queue(matchesQueueName(shard), {
      connection: bullConnectionFromUrl(config.REDIS_URL, 'blocking'),
      prefix: config.QUEUE_PREFIX,
    });
    queue.on('error', (err) => logger.warn({ err: err.message }, 'queue'));
    return queue;
  });
  const policy = { attempts: config.WORKER_JOB_ATTEMPTS, backoffMs: config.WORKER_BACKOFF_MS };
  const enqueue = async (shard: number, job: MatchesJob): Promise<void> => {
    await queues[shard]?.add(job.type, job, matchesJobOptions(job, policy));
  };
  let lastRefitRequest = Date.now();
  const requestRebuild = async (driftRatio: number, generation: number): Promise<void> => {
    // Drift is checked after every change; refit at most once per interval (a refit rewrites every
    // ranking), unless the model no longer describes the data at all (fitted on an empty or tiny
    // database): then at once.
    if (driftRatio < 1 && Date.now() - lastRefitRequest < config.REFIT_MIN_INTERVAL_MS) return;
    lastRefitRequest = Date.now();
    for (const shard of queues.keys()) await enqueue(shard, { type: 'rebuild', reason: 'drift', generation });
  };
  let running = false;
  let closing = false;

  const ownedCount = (): number => slots.filter((each) => each.owns()).length;

  function slot(shard: number) {
    let owned: Owned | undefined;
    let busy = false;
    /** When this worker first found the shard's lease free (undefined: held when last looked). */
    let freeSince: number | undefined;

    async function stepDown(reason: string): Promise<void> {
      const current = owned;
      if (current === undefined) return;
      owned = undefined;
      for (const timer of current.timers) clearInterval(timer);
      current.dense?.stop();
      logger[closing ? 'info' : 'warn']({ shard, fence: current.lease.fence, reason }, 'shard given up');
      // Finishes the change or job in hand: a newer owner's fence refuses whatever it still writes.
      await Promise.all([current.consumer.stop(), current.worker.close()]);
      await leases.release(current.lease);
    }

    async function reconcile(current: Owned): Promise<void> {
      try {
        await current.consumer.reconcile();
      } catch (err) {
        if (isOwnershipLost(err)) void stepDown((err as Error).message);
        else logger.warn({ shard, err: (err as Error).message }, 'reconciliation failed; will try again');
      }
    }

    /**
     * Takes the shard if its lease is free (and this worker should: see below); answers when to
     * look again: just after the lease it found would expire, or `lookMs` at the latest.
     */
    async function tryTakeOver(): Promise<number> {
      if (owned !== undefined || busy || closing) return lookMs;
      busy = true;
      try {
        // Shards spread over workers: one that owns none takes a free shard at once; one that owns
        // k waits until the shard has been free for k leases (no worker without one wants it).
        const heldFor = await leases.heldFor(shard);
        if (heldFor > 0) {
          freeSince = undefined;
          // Redis drops the key at its expiry: a look a few ms later finds it free. A renewed
          // lease is found renewed then; one given up is found free within `lookMs`.
          return Math.min(lookMs, heldFor + 5);
        }
        freeSince ??= Date.now();
        const waitMs = freeSince + ownedCount() * leaseMs - Date.now();
        if (waitMs > 0) return Math.min(lookMs, waitMs);
        const head = await rankings.head(shard);
        const lease = await leases.tryAcquire(shard, head?.fence ?? 0);
        if (lease === null) return lookMs;
        const takenAt = Date.now();
        logger.info({ shard, fence: lease.fence }, 'lease taken');
        let lost = false;
        const renew = setInterval(
          () => {
            leases.renew(lease).then(
              (held) => {
                if (held) return;
                lost = true;
                void stepDown('the lease is held by another owner');
              },
              // Redis away: keep trying; the fence still refuses this owner's writes once another owns the shard.
              (err: unknown) => logger.warn({ shard, err: (err as Error).message }, 'lease not renewed'),
            );
          },
          Math.max(50, Math.floor(leaseMs / 3)),
        );
        const owner = createShardOwner({
          shard,
          shards: config.MATCH_SHARDS,
          fence: lease.fence,
          rankings,
          source,
          models,
          topK: config.MATCHES_TOP_K,
          fit: (needs, startups) =>
            fitModel(
              needs.map((need) => need.doc),
              startups.map((startup) => startup.doc),
            ),
          requestRebuild,
          testDelayMs: config.WORKER_TEST_DELAY_MS,
          ...(dense ? { dense } : {}),
        });
        const onOwnershipLost = (error: Error) => {
          logger.warn({ shard, fence: lease.fence, err: `${error.name}: ${error.message}` }, 'write refused');
          void stepDown(error.message);
        };
        const streamRedis = new Redis(redisOptionsFromUrl(config.REDIS_URL, 'blocking'));
        streamRedis.on('error', (err) => logger.warn({ shard, err: err.message }, 'change stream'));
        const consumer = createChangeConsumer({
          shard,
          redis: streamRedis,
          key: changeStreamKey(config.QUEUE_PREFIX, shard),
          consumer: workerId,
          owner,
          logger,
          attempts: config.WORKER_JOB_ATTEMPTS,
          backoffMs: config.WORKER_BACKOFF_MS,
          onOwnershipLost,
          onApplied: () => owned?.dense?.request(),
          lexicalWork: lexicalFirst,
        });
        try {
          // Joined before the load: every change is in what is loaded or in what is read after it.
          await consumer.join();
          await owner.takeOver((ms) =>
            logger.info(
              { shard, fence: lease.fence, ms, modelVersion: owner.engine.modelVersion },
              'index loaded',
            ),
          );
          if (lost || closing) throw new Error('the lease was lost or the worker is closing');
        } catch (err) {
          clearInterval(renew);
          streamRedis.disconnect();
          await leases.release(lease);
          logger.warn({ shard, fence: lease.fence, err: (err as Error).message }, 'take-over abandoned');
          return lookMs;
        }
        const worker = new Worker(
          matchesQueueName(shard),
          createMatchesProcessor({ owner, onOwnershipLost }),
          {
            connection: bullConnectionFromUrl(config.REDIS_URL, 'blocking'),
            prefix: config.QUEUE_PREFIX,
            name: `${hostname()}:${process.pid}`,
            concurrency: config.WORKER_CONCURRENCY,
            lockDuration: config.WORKER_LOCK_MS,
            stalledInterval: config.WORKER_LOCK_MS,
            maxStalledCount: 3,
            autorun: false,
          },
        );
        worker.on('error', (err) => logger.warn({ shard, err: err.message }, 'worker'));
        worker.on('failed', (job, err) =>
          logger.warn(
            {
              shard,
              jobId: job?.id,
              name: job?.name,
              attempts: job?.attemptsMade,
              err: `${err.name}: ${err.message}`,
            },
            'job failed',
          ),
        );
        // Dense passes run beside the changes (after the take-over, each applied batch and each rebuild), never before them.
        const refresher = dense
          ? createDenseRefresher({
              pass: async () => {
                // Staged once the changes are quiet, so the texts asked for are the burst's last ones.
                await lexicalFirst.quiet();
                const outcome = await owner.refreshDense();
                if (outcome === null) return { degraded: false, more: false };
                const { sync } = outcome;
                if (sync.degraded)
                  logger.warn(
                    {
                      shard,
                      err: sync.error,
                      withoutVector: sync.withoutVector.startups.length + sync.withoutVector.needs.length,
                    },
                    'embedding service unavailable; ranking lexically meanwhile',
                  );
                else if (sync.embedded > 0 || outcome.needsWritten > 0)
                  logger.info(
                    {
                      shard,
                      embedded: sync.embedded,
                      reused: sync.reused,
                      needsWritten: outcome.needsWritten,
                    },
                    'dense vectors applied',
                  );
                return { degraded: sync.degraded, more: outcome.more };
              },
              retryMs: config.EMBEDDINGS_RETRY_MS,
              maxRetryMs: config.EMBEDDINGS_RETRY_MAX_MS,
              onError: (err) => {
                if (isOwnershipLost(err)) void stepDown((err as Error).message);
                else logger.warn({ shard, err: (err as Error).message }, 'dense pass failed; will try again');
              },
            })
          : undefined;
        if (refresher) worker.on('completed', () => refresher.request());
        const current: Owned = { lease, owner, consumer, worker, timers: [renew], dense: refresher };
        owned = current;
        logger.info({ shard, fence: lease.fence, ms: Date.now() - takenAt }, 'shard taken over');
        if (running) start(current);
        refresher?.request();
        return lookMs;
      } catch (err) {
        logger.warn({ shard, err: (err as Error).message }, 'lease not taken; will try again');
        return lookMs;
      } finally {
        busy = false;
      }
    }

    /** Starts taking changes and jobs (once the worker runs), and reconciling now and then. */
    function start(current: Owned): void {
      current.timers.push(setInterval(() => void reconcile(current), config.RECONCILE_INTERVAL_MS));
      void reconcile(current);
      current.consumer.start();
      current.worker
        .run()
        .catch((err: unknown) =>
          logger.error({ shard, err: (err as Error).message }, 'matches worker stopped'),
        );
    }

    return {
      owns: () => owned !== undefined,
      tryTakeOver,
      stepDown,
      run(): void {
        if (owned) start(owned);
      },
    };
  }

  const slots: ReturnType<typeof slot>[] = [];
  for (const shard of queues.keys()) slots.push(slot(shard));
  // A worker serves at once: a free shard is taken (and loaded) before it reports ready.
  for (const each of slots) await each.tryTakeOver();
  const looks = new Map<number, NodeJS.Timeout>();
  /** Each shard's standby looks at its lease when the last look said to, one look at a time. */
  const lookAfter = (shard: number, ms: number): void => {
    if (closing) return;
    looks.set(
      shard,
      setTimeout(() => {
        void slots[shard]?.tryTakeOver().then((next) => lookAfter(shard, next));
      }, ms),
    );
  };

  return {
    run() {
      running = true;
      for (const each of slots) each.run();
      for (const shard of slots.keys()) lookAfter(shard, 0);
    },
    async close() {
      closing = true;
      for (const look of looks.values()) clearTimeout(look);
      await Promise.all(slots.map((each) => each.stepDown('the worker is stopping')));
      await Promise.all(queues.map((queue) => queue.close()));
      redis.disconnect();
      generationsRedis.disconnect();
      await db.close();
    },
  };
}
