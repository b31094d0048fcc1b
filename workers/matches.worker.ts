import { hostname } from 'node:os';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { openDatabase } from '../models';
import { fitModel } from '../scoring';
import { MATCHES_QUEUE, matchesJobOptions, type MatchesJob } from '../services/queue/queues';
import { bullConnectionFromUrl, redisOptionsFromUrl } from '../services/queue/redis-options';
import { createChangeLog } from '../services/matches/change-log';
import { MatchEngine } from '../services/matches/match-engine';
import { createNeedLock } from '../services/matches/need-lock';
import { createInitialBuildService } from '../services/matches/initial-build.service';
import { createReconcileService } from '../services/matches/reconcile.service';
import { createRecomputeService } from '../services/matches/recompute.service';
import { createMatchesProcessor } from './matches.processor';

/**
 * A started queue worker: it takes jobs once `run` is called (so a process told to stop while it
 * started takes none); `close` finishes the job in hand and releases its connections.
 */
export interface RunningWorker {
  run(): void;
  close(): Promise<void>;
}

/**
 * Serves the `matches` queue: loads the scoring index, writes the initial rankings of an empty
 * database, then processes jobs and reconciles stored and applied versions at start and every
 * `RECONCILE_INTERVAL_MS`.
 */
export async function startMatchesWorker(config: Config, logger: Logger): Promise<RunningWorker> {
  const db = await openDatabase(config.MONGODB_URI);
  await db.ensureMatchIndexes();
  const { rankings, scoringInput: source, scoringModels: models } = db.repos;
  const redis = new Redis(redisOptionsFromUrl(config.REDIS_URL, 'blocking'));
  redis.on('error', (err) => logger.warn({ err: err.message }, 'redis'));
  const queue = new Queue(MATCHES_QUEUE, {
    connection: bullConnectionFromUrl(config.REDIS_URL, 'blocking'),
    prefix: config.QUEUE_PREFIX,
  });
  queue.on('error', (err) => logger.warn({ err: err.message }, 'queue'));
  const policy = { attempts: config.WORKER_JOB_ATTEMPTS, backoffMs: config.WORKER_BACKOFF_MS };
  const enqueue = async (job: MatchesJob): Promise<void> => {
    await queue.add(job.type, job, matchesJobOptions(job, policy));
  };

  const log = createChangeLog(redis, config.QUEUE_PREFIX);
  const engine = new MatchEngine({
    source,
    log,
    models,
    topK: config.MATCHES_TOP_K,
    fit: (needs, startups) =>
      fitModel(
        needs.map((need) => need.doc),
        startups.map((startup) => startup.doc),
      ),
  });
  let lastRefitRequest = Date.now();
  const lockTtlMs = config.WORKER_LOCK_MS + config.WORKER_TEST_DELAY_MS;
  const lock = createNeedLock(redis, {
    prefix: config.QUEUE_PREFIX,
    ttlMs: lockTtlMs,
    waitMs: lockTtlMs + 5_000,
  });
  const recompute = createRecomputeService({
    rankings,
    engine,
    source,
    log,
    lock,
    requestRank: (needId) => enqueue({ type: 'rank', needId, reason: 'changed-during-write' }),
    requestRebuild: async (driftRatio) => {
      // Drift is checked after every change; refit at most once per interval (a refit recomputes
      // every need), unless the model no longer describes the data at all (fitted on an empty or
      // tiny database): then at once.
      if (driftRatio < 1 && Date.now() - lastRefitRequest < config.REFIT_MIN_INTERVAL_MS) return;
      lastRefitRequest = Date.now();
      await enqueue({ type: 'rebuild', reason: 'drift' });
    },
    testDelayMs: config.WORKER_TEST_DELAY_MS,
  });
  const queueIdle = async (): Promise<boolean> =>
    Object.values(await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized')).every(
      (count) => count === 0,
    );
  const reconciler = createReconcileService({ rankings, engine, source, enqueue, queueIdle });

  const started = Date.now();
  await engine.start();
  logger.info({ ms: Date.now() - started, modelVersion: engine.modelVersion }, 'index loaded');
  const initialStarted = Date.now();
  if (
    await createInitialBuildService({ rankings, redis, prefix: config.QUEUE_PREFIX, engine }).buildIfEmpty()
  ) {
    logger.info({ ms: Date.now() - initialStarted }, 'initial rankings written');
  }

  const worker = new Worker(MATCHES_QUEUE, createMatchesProcessor({ engine, models, log, recompute }), {
    connection: bullConnectionFromUrl(config.REDIS_URL, 'blocking'),
    prefix: config.QUEUE_PREFIX,
    name: `${hostname()}:${process.pid}`,
    concurrency: config.WORKER_CONCURRENCY,
    lockDuration: config.WORKER_LOCK_MS,
    stalledInterval: config.WORKER_LOCK_MS,
    maxStalledCount: 3,
    autorun: false,
  });
  worker.on('error', (err) => logger.warn({ err: err.message }, 'worker'));
  worker.on('failed', (job, err) =>
    logger.warn(
      { jobId: job?.id, name: job?.name, attempts: job?.attemptsMade, err: err.message },
      'job failed',
    ),
  );
  worker.on('completed', (job) =>
    logger.debug({ jobId: job.id, name: job.name, result: job.returnvalue as unknown }, 'job completed'),
  );

  // One reconciliation at a time. close() does not wait for one under way (it can take long on a
  // large database, and it is only a check that runs again at the next start): closing the
  // database ends it with a warning.
  let reconciling = false;
  const reconcile = async (): Promise<void> => {
    if (reconciling) return;
    reconciling = true;
    try {
      const report = await reconciler.reconcile();
      if (report.changes + report.ranks + report.placementsFixed > 0) logger.info(report, 'reconciled');
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'reconciliation failed; will try again');
    } finally {
      reconciling = false;
    }
  };
  void reconcile();
  const timer = setInterval(() => void reconcile(), config.RECONCILE_INTERVAL_MS);

  return {
    run() {
      worker
        .run()
        .catch((err: unknown) => logger.error({ err: (err as Error).message }, 'matches worker stopped'));
    },
    async close() {
      clearInterval(timer);
      await worker.close();
      await queue.close();
      redis.disconnect();
      await db.close();
    },
  };
}
