import { hostname } from 'node:os';
import { Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { openDatabase } from '../models';
import { SCHEDULES_QUEUE } from '../services/queue/queues';
import { bullConnectionFromUrl } from '../services/queue/redis-options';
import type { RunningWorker } from './matches.worker';
import { createSchedulesProcessor, SCHEDULES_LOCK_MS } from './schedules.processor';

/**
 * Serves the `schedules` queue, one job at a time. A solve blocks this process's event loop for as
 * long as it takes, so nothing else should share the process (see `workers/main.ts`).
 */
export async function startSchedulesWorker(config: Config, logger: Logger): Promise<RunningWorker> {
  const db = await openDatabase(config.MONGODB_URI);
  const worker = new Worker(SCHEDULES_QUEUE, createSchedulesProcessor({ repos: db.repos, logger }), {
    connection: bullConnectionFromUrl(config.REDIS_URL, 'blocking'),
    prefix: config.QUEUE_PREFIX,
    name: `${hostname()}:${process.pid}`,
    lockDuration: Math.max(config.WORKER_LOCK_MS, SCHEDULES_LOCK_MS),
    autorun: false,
  });
  worker.on('error', (err) => logger.warn({ err: err.message }, 'schedules worker'));
  worker.on('failed', (job, err) =>
    logger.warn(
      { jobId: job?.id, name: job?.name, attempts: job?.attemptsMade, err: err.message },
      'schedules job failed',
    ),
  );
  return {
    run() {
      worker
        .run()
        .catch((err: unknown) => logger.error({ err: (err as Error).message }, 'schedules worker stopped'));
    },
    async close() {
      await worker.close();
      await db.close();
    },
  };
}
